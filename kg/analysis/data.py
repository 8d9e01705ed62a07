"""What the analysis reads from the store: SPARQL results as polars tables.

Everything the coverage, gap and network computations use comes from the
queries in ``kg/queries/analysis/`` (never from re-reading documents), plus
the division registry (:mod:`ingest.gazetteer`) for the villages that no report
mentions.

Tables are fetched lazily, the first time a computation asks for one, and
travel as SPARQL CSV serialised by the store itself and parsed by polars (no
Python object per value): at national scale (780,000 links) a table costs
seconds, and `kg coverage` never pays for the tables it does not use.
"""

from __future__ import annotations

import io
import logging
import time
from importlib.resources import files
from pathlib import Path
from typing import Any

import polars as pl
from rdflib import URIRef

from kg.store import GraphStore

log = logging.getLogger(__name__)

__all__ = ["QUERY_DIR", "TABLES", "AnalysisData", "load", "query_frame"]

QUERY_DIR = Path(str(files("kg"))) / "queries" / "analysis"

# column -> dtype per query; unlisted columns are strings
_SCHEMAS: dict[str, dict[str, Any]] = {
    "claims": {
        "helperCount": pl.Float64,
        "targetCount": pl.Float64,
        "memberCount": pl.Float64,
        "approximate": pl.Boolean,
        "scopeCode": pl.Int64,
        "start": pl.Int64,
    },
    "counts": {
        "countValue": pl.Float64,
        "approximate": pl.Boolean,
        "scopeCode": pl.Int64,
        "start": pl.Int64,
    },
    "documents": {"jurisdictionCode": pl.Int64},
    "actors": {"anchorCode": pl.Int64},
    "describe": {"anchorCode": pl.Int64},
    "funds": {
        "value": pl.Float64,
        "rate": pl.Float64,
        "start": pl.Int64,
        "cumulative": pl.Boolean,
        "approximate": pl.Boolean,
    },
    "fund_links": {"scopeCode": pl.Int64},
    "places": {"code": pl.Int64},
    "programs": {"ownerIsPlace": pl.Boolean},
}
TABLES = (
    "edges",
    "claims",
    "counts",
    "documents",
    "helper_nodes",
    "actors",
    "org_edges",
    "programs",
    "funds",
    "places",
    "edge_kinds",
    "fund_links",
    "helper_sentences",
)

# a place's IRI ends in its 12-digit code; an organisation's carries its anchor's
_PLACE_CODE = r"/place/(\d{12})$"
_ANCHOR_CODE = r"/org/(\d{12})/"
_ACTOR_ANCHOR = r"/(?:org|post|person)/(\d{12})/"


# N-Triples escapes inside a literal (ECHAR); \\ first, through a placeholder
_ECHARS = (
    ("\\t", "\t"),
    ("\\n", "\n"),
    ("\\r", "\r"),
    ("\\b", "\b"),
    ("\\f", "\f"),
    ('\\"', '"'),
    ("\\'", "'"),
)


def _plain(col: str) -> pl.Expr:
    """A TSV cell (N-Triples term) as its plain value: IRI without <>, literal's lexical form."""
    c = pl.col(col)
    lexical = c.str.extract(r'^"(.*)"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?$', 1)
    lexical = lexical.str.replace_all(r"\\", "\x00", literal=True)
    for esc, ch in _ECHARS:
        lexical = lexical.str.replace_all(esc, ch, literal=True)
    lexical = lexical.str.replace_all("\x00", "\\", literal=True)
    return (
        pl.when(c.str.starts_with("<"))
        .then(c.str.slice(1, c.str.len_chars() - 2))
        .when(c.str.starts_with('"'))
        .then(lexical)
        .otherwise(c)
        .alias(col)
    )


def _typed(df: pl.DataFrame, types: dict[str, Any]) -> pl.DataFrame:
    casts = []
    for col, dtype in types.items():
        if col not in df.columns:
            continue
        if dtype is pl.Boolean:
            casts.append(
                pl.when(pl.col(col).is_null())
                .then(None)
                .otherwise(pl.col(col).is_in(["true", "1"]))
                .alias(col)
            )
        else:
            casts.append(pl.col(col).cast(dtype, strict=False))
    return df.with_columns(casts) if casts else df


def query_frame(store: GraphStore, name: str, sparql: str | None = None) -> pl.DataFrame:
    """Run ``kg/queries/analysis/{name}.rq`` (or ``sparql``) and return its rows as a DataFrame.

    The store serialises the results as SPARQL TSV; polars parses them, and the
    terms become plain values (IRIs and lexical forms), cast per column.
    """
    text = sparql or (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    data = store.select_tsv(text)
    df = pl.read_csv(
        io.BytesIO(data), separator="\t", quote_char=None, infer_schema=False, raise_if_empty=False
    )
    df = df.rename({c: c.lstrip("?") for c in df.columns})
    df = df.with_columns(_plain(c) for c in df.columns) if df.columns else df
    return _typed(df, _SCHEMAS.get(name, {}))


class AnalysisData:
    """The store's content that analysis needs, one lazily fetched table per question.

    The store must stay open while the data is used.

    Tables
    ------
    edges : explicit help links: ``helper``, ``rel``, ``target``, ``g`` (the
        document graph), ``code`` (the target's division code, or its anchor's
        for an organisation such as a village party branch), ``via``
        (``place`` | ``anchor`` | null).
    edge_kinds : ``helper``, ``rel``, ``target``, ``kind`` (定点帮扶 …) from
        the links' provenance statements (the costliest table: only on demand).
    claims : aggregate claims (counts, kinds, members, scope code, document, quote).
    counts : counts that state no link (kind, value, scope code, document, quote).
    documents : documents with jurisdiction code and date.
    helper_nodes : work teams and people (with their post).
    actors : organisations, people, posts (label, classes, anchor code).
    org_edges : leads / responsibleFor / implements (and asserted ORG hierarchy).
    programs : programmes and tasks with their owners (null when none).
    funds : amounts with purpose / funded node (null when none), rate, cumulative,
        the total they are part of, approximate, qualifier.
    fund_links : the statements giving an amount its purpose or recipient:
        their scope code and sentence.
    helper_sentences : named helpers (links and claims) with their sentences.
    places : places in the store with their parent (the partOf tree).
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._tables: dict[str, pl.DataFrame] = {}

    def _get(self, name: str) -> pl.DataFrame:
        if name not in self._tables:
            t0 = time.perf_counter()
            fetch = getattr(self, f"_fetch_{name}", None)
            self._tables[name] = fetch() if fetch else query_frame(self.store, name)
            log.info(
                "table %s: %d rows from the store in %.2f s",
                name,
                self._tables[name].height,
                time.perf_counter() - t0,
            )
        return self._tables[name]

    def _fetch_edges(self) -> pl.DataFrame:
        e = query_frame(self.store, "help_edges")
        place = pl.col("target").str.extract(_PLACE_CODE).cast(pl.Int64)
        anchor = pl.col("target").str.extract(_ANCHOR_CODE).cast(pl.Int64)
        return e.with_columns(
            pl.coalesce(place, anchor).alias("code"),
            pl.when(place.is_not_null())
            .then(pl.lit("place"))
            .when(anchor.is_not_null())
            .then(pl.lit("anchor"))
            .otherwise(pl.lit(None, dtype=pl.Utf8))
            .alias("via"),
        )

    def _fetch_actors(self) -> pl.DataFrame:
        a = query_frame(self.store, "actors")
        return (
            a.group_by("node", maintain_order=True)
            .agg(
                pl.col("label").drop_nulls().first(),
                pl.col("t").unique().sort().str.join(" ").alias("types"),
            )
            .with_columns(
                pl.col("node").str.extract(_ACTOR_ANCHOR).cast(pl.Int64).alias("anchorCode")
            )
        )

    def _fetch_edge_kinds(self) -> pl.DataFrame:
        k = query_frame(self.store, "help_kinds")
        return k.unique(["helper", "rel", "target"], keep="first", maintain_order=True)

    edges = property(lambda self: self._get("edges"))
    edge_kinds = property(lambda self: self._get("edge_kinds"))
    claims = property(lambda self: self._get("claims"))
    counts = property(lambda self: self._get("counts"))
    documents = property(lambda self: self._get("documents"))
    helper_nodes = property(lambda self: self._get("helper_nodes"))
    actors = property(lambda self: self._get("actors"))
    org_edges = property(lambda self: self._get("org_edges"))
    programs = property(lambda self: self._get("programs"))
    funds = property(lambda self: self._get("funds"))
    fund_links = property(lambda self: self._get("fund_links"))
    helper_sentences = property(lambda self: self._get("helper_sentences"))
    places = property(lambda self: self._get("places"))

    def describe(self, nodes: list[str], batch: int = 2000) -> pl.DataFrame:
        """Label, classes, anchor code and documents of a few nodes (by IRI)."""
        template = (QUERY_DIR / "describe.rq").read_text(encoding="utf-8")
        parts = []
        uniq = sorted(set(nodes))
        for i in range(0, len(uniq), batch):
            values = " ".join(URIRef(n).n3() for n in uniq[i : i + batch])
            parts.append(query_frame(self.store, "describe", template.replace("$NODES", values)))
        if not parts:
            return pl.DataFrame(
                schema={
                    "node": pl.Utf8,
                    "label": pl.Utf8,
                    "types": pl.Utf8,
                    "anchorCode": pl.Int64,
                    "docs": pl.Utf8,
                }
            )
        return pl.concat(parts, how="vertical_relaxed")

    def loaded(self) -> list[str]:
        """Names of the tables fetched so far."""
        return list(self._tables)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={v.height}" for k, v in self._tables.items())
        return f"<AnalysisData {sizes or 'nothing fetched yet'}>"


def load(store: GraphStore, *, tables: tuple[str, ...] = ()) -> AnalysisData:
    """Analysis data over ``store``; ``tables`` are fetched now, the rest on first use."""
    data = AnalysisData(store)
    for t in tables:
        if t not in TABLES:
            raise ValueError(f"unknown analysis table {t!r}; one of {', '.join(TABLES)}")
        data._get(t)
    return data
