"""The reports behind `kg coverage` and `kg gaps` as plain data (tables and lists).

Rendering them for a terminal, as CSV or as JSON is the interfaces' job
(:mod:`kg.cli.render`); the API serves the same data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.errors import InputError
from ingest.gazetteer.registry import EDITION, normalize_code
from kg.analysis.codes import scope_range
from kg.analysis.coverage import claim_matching, comparison, coverage
from kg.analysis.gaps import GAP_KINDS, gaps
from kg.analysis.measures import measures

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = [
    "COVERAGE_TABLES",
    "FORMATS",
    "coverage_report",
    "gaps_report",
    "jsonable",
    "resolve_scope",
]

FORMATS = ("table", "csv", "json")
COVERAGE_TABLES = ("units", "comparison", "matching", "measures")


def resolve_scope(gz: Gazetteer, scope: str | None) -> str | None:
    """A division code from a code (2–12 digits) or an unambiguous registry name
    (Simplified or Traditional)."""
    if scope is None:
        return None
    s = scope.strip()
    if s.isdigit():
        code = normalize_code(s)
        if gz.get(code) is None:
            raise InputError(f"--scope {scope}: no such division code in the {EDITION} registry")
        return code
    from ingest.gazetteer import lookup_name

    found, _ = lookup_name(gz, s)  # Simplified or Traditional (華鎣市)
    units = [u for u in found if u.level != "village"] or found
    if not units:
        raise InputError(f"--scope {scope}: no unit of that name in the {EDITION} registry")
    if len(units) > 1:
        names = ", ".join(f"{u.name} {u.code}" for u in units[:6])
        raise InputError(f"--scope {scope}: ambiguous ({names}); give the code")
    return units[0].code


def coverage_report(
    data: AnalysisData,
    gz: Gazetteer,
    *,
    scope: str | None = None,
    level: str = "county",
    tables: tuple[str, ...] = COVERAGE_TABLES,
) -> dict[str, Any]:
    """The tables of `kg coverage` as plain data (DataFrame for units, lists otherwise)."""
    out: dict[str, Any] = {"registry_edition": EDITION, "level": level, "scope": scope}
    if "units" in tables:
        out["units"] = coverage(data, gz, level=level, scope=scope)
    if "comparison" in tables:
        rows = comparison(data, gz)
        if scope is not None:
            lo, hi = _range(scope)
            rows = [r for r in rows if lo <= int(r["code"]) <= hi]
        out["comparison"] = rows
    if "matching" in tables:
        out["matching"] = claim_matching(data, gz, scope=scope)
    if "measures" in tables:
        out["measures"] = measures(data, scope=scope)
    return out


def _range(code: str) -> tuple[int, int]:
    return scope_range(code)  # type: ignore[return-value]


def gaps_report(
    data: AnalysisData,
    gz: Gazetteer,
    *,
    scope: str | None = None,
    level: str = "county",
    kinds: tuple[str, ...] | None = None,
) -> pl.DataFrame:
    for k in kinds or ():
        if k not in GAP_KINDS:
            raise InputError(f"--kind {k}: unknown; one of {', '.join(GAP_KINDS)}")
    return gaps(data, gz, level=level, scope=scope, kinds=kinds or None)


def jsonable(v: Any, *, code_strings: bool = True) -> Any:
    """A report (:func:`coverage_report`, :func:`gaps_report`) as JSON-ready data.

    Tables become lists of rows (with ``code_strings``, division codes as 12-digit
    strings), whole floats outside tables ints;
    `kg coverage --format json` and the API's ``/coverage`` both write this.
    """
    if isinstance(v, pl.DataFrame):
        if code_strings and "code" in v.columns and v.schema["code"] != pl.Utf8:
            v = v.with_columns(pl.col("code").cast(pl.Utf8).str.zfill(12))
        return v.to_dicts()
    if isinstance(v, dict):
        return {k: jsonable(x, code_strings=code_strings) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x, code_strings=code_strings) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v
