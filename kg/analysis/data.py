"""What the analysis reads from the store: SPARQL results as polars tables.

Everything the coverage, gap and network computations use comes from the
queries in ``kg/queries/analysis/`` (never from re-reading documents), plus
the division registry (:mod:`kg.gazetteer`) for the villages that no report
mentions. :func:`load` runs them once; the tables are then joined and grouped
in memory, which is what keeps a national-scale graph within a minute.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import polars as pl

from kg.store import GraphStore, _py

__all__ = ["QUERY_DIR", "AnalysisData", "load", "query_frame"]

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries" / "analysis"

# column name -> polars dtype, per query; columns not listed are strings
_SCHEMAS: dict[str, dict[str, Any]] = {
    "help_edges": {"targetCode": pl.Int64, "anchorCode": pl.Int64},
    "claims": {"helperCount": pl.Float64, "targetCount": pl.Float64,
               "memberCount": pl.Float64, "approximate": pl.Boolean,
               "scopeCode": pl.Int64, "start": pl.Int64},
    "documents": {"jurisdictionCode": pl.Int64},
    "actors": {"anchorCode": pl.Int64},
    "funds": {"value": pl.Float64, "start": pl.Int64, "cumulative": pl.Boolean},
    "places": {"code": pl.Int64},
}


def _cell(t: Any, dtype: Any) -> Any:
    v = _py(t)
    if v is None:
        return None
    if dtype is pl.Int64:
        return int(v)
    if dtype is pl.Float64:
        return float(v)
    if dtype is pl.Boolean:
        return bool(v)
    return str(v)


def query_frame(store: GraphStore, name: str) -> pl.DataFrame:
    """Run ``kg/queries/analysis/{name}.rq`` and return its rows as a DataFrame."""
    sparql = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    res = store.query(sparql)
    types = _SCHEMAS.get(name, {})
    schema = {v: types.get(v, pl.Utf8) for v in res.variables}
    cols: dict[str, list[Any]] = {v: [] for v in res.variables}
    for row in res.rows:
        for v, t in zip(res.variables, row):
            cols[v].append(_cell(t, schema[v]))
    return pl.DataFrame(cols, schema=schema)


@dataclass
class AnalysisData:
    """The store's content that analysis needs, one table per question.

    Attributes
    ----------
    edges : explicit help links (``helper``, ``rel``, ``target``, ``g`` the
        document graph, ``code`` the target's division code or its anchor's,
        ``via`` ``place`` | ``anchor`` | null, ``kind`` the kind of help).
    claims : aggregate claims (counts, kinds, scope code, document, quote).
    documents : documents with jurisdiction code and date.
    actors : organisations, people, posts (label, classes, anchor code, docs).
    org_edges : leads / responsibleFor / implements / helps among nodes.
    programs : programmes and tasks with their owners (null when none).
    funds : amounts with purpose / funded node (null when none).
    places : places in the store with their parent (the partOf tree).
    """

    edges: pl.DataFrame
    claims: pl.DataFrame
    documents: pl.DataFrame
    actors: pl.DataFrame
    org_edges: pl.DataFrame
    programs: pl.DataFrame
    funds: pl.DataFrame
    places: pl.DataFrame

    def __repr__(self) -> str:
        sizes = ", ".join(f"{f.name}={getattr(self, f.name).height}" for f in fields(self))
        return f"<AnalysisData {sizes}>"


def _edges(store: GraphStore) -> pl.DataFrame:
    e = query_frame(store, "help_edges")
    e = e.with_columns(
        pl.coalesce("targetCode", "anchorCode").alias("code"),
        pl.when(pl.col("targetCode").is_not_null()).then(pl.lit("place"))
        .when(pl.col("anchorCode").is_not_null()).then(pl.lit("anchor"))
        .otherwise(pl.lit(None, dtype=pl.Utf8)).alias("via"),
    ).drop("targetCode", "anchorCode")
    kinds = query_frame(store, "help_kinds")
    if kinds.height:
        e = e.join(kinds, on=["helper", "rel", "target"], how="left")
    else:
        e = e.with_columns(pl.lit(None, dtype=pl.Utf8).alias("kind"))
    return e


def load(store: GraphStore) -> AnalysisData:
    """Read everything analysis needs from ``store`` (a handful of SPARQL queries)."""
    return AnalysisData(
        edges=_edges(store),
        claims=query_frame(store, "claims"),
        documents=query_frame(store, "documents"),
        actors=query_frame(store, "actors"),
        org_edges=query_frame(store, "org_edges"),
        programs=query_frame(store, "programs"),
        funds=query_frame(store, "funds"),
        places=query_frame(store, "places"),
    )
