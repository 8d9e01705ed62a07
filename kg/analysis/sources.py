"""Who helps which village, and where each link was stated.

One row per help link to a village-level unit, with the village's chain in the
registry, the helper's label and the sentence the link came from, so a reader
goes from a village to its helpers and back to the reports::

    village_helpers(data, gz, scope="621123")        # every village of 渭源县
    village_helpers(data, gz, village="本庙村")       # one village, by name or code
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ingest.errors import InputError
from kg.analysis.codes import scope_range
from kg.analysis.data import query_frame

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = ["village_helpers"]

_PLACE_CODE = r"/place/(\d{12})$"
COLUMNS = (
    "code",
    "village",
    "township",
    "county",
    "helper",
    "relation",
    "kind",
    "document",
    "quote",
)


def village_helpers(
    data: AnalysisData,
    gz: Gazetteer,
    *,
    scope: str | None = None,
    village: str | None = None,
) -> pl.DataFrame:
    """Help links to villages with their source sentences, one row per link and report.

    Parameters
    ----------
    data : AnalysisData
        The store's analysis tables (:func:`kg.analysis.load`).
    gz : Gazetteer
        The division registry, for the villages' names and chains.
    scope : str, optional
        A division code (2–12 digits): only villages below it.
    village : str, optional
        One village, by 12-digit code or by name (新坪村 or 新坪村村委会); a
        name shared by several villages keeps them all (narrow with ``scope``).

    Returns
    -------
    polars.DataFrame
        Columns ``code`` (12-digit), ``village``, ``township``, ``county``
        (registry names), ``helper`` (label), ``relation`` (helps /
        stationedIn), ``kind`` (驻村帮扶 …), ``document`` (file name), ``quote``
        (the sentence, in the report's own script), sorted by village, helper
        and document.
    """
    src = query_frame(data.store, "help_sources")
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.Utf8))
    if not src.height:
        return empty
    df = src.with_columns(pl.col("target").str.extract(_PLACE_CODE).alias("code")).filter(
        pl.col("code").is_not_null() & ~pl.col("code").str.ends_with("000")
    )
    if scope is not None:
        lo, hi = scope_range(scope) or (0, 10**12)
        df = df.filter(pl.col("code").cast(pl.Int64).is_between(lo, hi))
    if village is not None:
        wanted = _village_codes(gz, village)
        df = df.filter(pl.col("code").is_in(wanted))
    if not df.height:
        return empty
    chain = {c: _chain(gz, c) for c in df["code"].unique().to_list()}
    df = df.with_columns(
        pl.col("code").replace_strict({c: v[0] for c, v in chain.items()}).alias("village"),
        pl.col("code").replace_strict({c: v[1] for c, v in chain.items()}).alias("township"),
        pl.col("code").replace_strict({c: v[2] for c, v in chain.items()}).alias("county"),
        pl.coalesce("helperLabel", "helper").alias("helper"),
        pl.col("rel").str.extract(r"#(\w+)$").alias("relation"),
        pl.col("fileName").alias("document"),
    )
    return (
        df.select(COLUMNS)
        .unique(["code", "helper", "relation", "document", "quote"])
        .sort("code", "helper", "document")
    )


def _village_codes(gz: Gazetteer, village: str) -> list[str]:
    if village.isdigit() and len(village) == 12:
        return [village]
    found = [u.code for u in gz.lookup(village) if u.level == "village"]
    if not found:
        raise InputError(f"no village named {village!r} in the registry")
    return found


def _chain(gz: Gazetteer, code: str) -> tuple[str, str, str]:
    unit = gz.get(code)
    up = {u.level: u.name for u in gz.ancestors(code)}
    return (unit.name if unit else code, up.get("township", ""), up.get("county", ""))
