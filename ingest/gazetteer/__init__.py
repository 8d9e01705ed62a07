"""The official division registry (gazetteer) and place resolution in context.

>>> from ingest.gazetteer import load_gazetteer
>>> gz = load_gazetteer()
>>> gz.get("630121").name
'大通回族土族自治县'
"""

from ingest.gazetteer.registry import (
    Gazetteer,
    HistoricalName,
    Unit,
    load_gazetteer,
    normalize_code,
    read_gazetteer,
)
from ingest.gazetteer.resolve import PlaceMention, find_mentions, lookup_name, place_info

__all__ = [
    "Gazetteer",
    "HistoricalName",
    "PlaceMention",
    "Unit",
    "find_mentions",
    "load_gazetteer",
    "lookup_name",
    "normalize_code",
    "place_info",
    "read_gazetteer",
]
