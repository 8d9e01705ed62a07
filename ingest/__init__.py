"""Ingest: the bottom layer, text → records.

Read reports, normalise their text, resolve places against the division
registry and extract facts from it. Also home to what every layer shares: the
error classes (:mod:`ingest.errors`), the record types (:mod:`ingest.records`)
and the version. Nothing here imports :mod:`kg` or :mod:`api`.
"""

__version__ = "0.2.0"
