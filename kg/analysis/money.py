"""Money totals per report, per place and per helper, and what was left out of them.

The records already mark the amounts that must not be added up (ANNOTATION.md,
MONEY): a **rate** (户均, 人均, 每村: an amount per unit, ``kg:rate``), a
**cumulative** figure (累计: a running total over years, ``kg:cumulative``),
and a **part** of a total (其中: counted inside it, ``kg:partOfAmount``).
Those are left out, and so is an amount with **no purpose or recipient**
(the records link money only where it is allocated, invested or paid out;
an amount without such a link may be an income, a loan demand, a price).
Each left-out amount is listed with its reason.

Attribution:

- *report*: the document the amount is written in;
- *place*: the place that receives it (``kg:funds`` a place), else the
  place its sentence is about (the statement's ``kg:scope``), else the
  report's jurisdiction;
- *helper*: the named helpers whose help the same sentence states (a help
  link or a claim with a named helper); two helpers in one sentence share
  one row (``A + B``), so every amount is counted once.

Approximate amounts (余, 约) and lower bounds (以上) are counted at their
written value and counted in their own columns.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.errors import InputError
from kg.analysis.codes import scope_range

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = ["MONEY_BY", "REASONS", "money", "money_items"]

MONEY_BY = ("report", "place", "helper")
REASONS = {
    "rate": "rate {basis}: an amount per household/person/village, not a total",
    "cumulative": "cumulative 累计: a running total over years",
    "part": "part 其中 of {total}: counted inside it",
    "no-purpose": "no purpose or recipient: not known to be spent (kg gaps --kind "
    "money-without-purpose)",
}
NO_HELPER = "—"

_PLACE_CODE = r"/place/(\d{12})$"


def _first_code(values: list[int | None]) -> int | None:
    return next((v for v in values if v is not None), None)


def money_items(data: AnalysisData, gz: Gazetteer, *, scope: str | None = None) -> pl.DataFrame:
    """One row per amount: its value, report, place, helpers, and whether it is counted.

    Columns: ``fund``, ``label``, ``value``, ``document``, ``code`` (the place,
    12 digits or empty), ``place``, ``helpers`` (labels joined by `` + ``, or
    ``—``), ``approximate``, ``at_least``, ``counted``, ``left_out`` (why not: a
    key of :data:`REASONS`) and ``reason`` (the same in words).
    With ``scope``, only the amounts whose place lies inside it.
    """
    f = data.funds
    schema = {
        "fund": pl.Utf8,
        "label": pl.Utf8,
        "value": pl.Float64,
        "document": pl.Utf8,
        "code": pl.Utf8,
        "place": pl.Utf8,
        "helpers": pl.Utf8,
        "approximate": pl.Boolean,
        "at_least": pl.Boolean,
        "counted": pl.Boolean,
        "left_out": pl.Utf8,
        "reason": pl.Utf8,
    }
    if not f.height:
        return pl.DataFrame(schema=schema)
    docs = data.documents
    doc_name = dict(zip(docs["doc"].to_list(), docs["fileName"].to_list(), strict=False))
    doc_code = dict(zip(docs["doc"].to_list(), docs["jurisdictionCode"].to_list(), strict=False))
    labels = dict(zip(f["fund"].to_list(), f["label"].to_list(), strict=False))
    links = data.fund_links
    link_codes: dict[str, list[int | None]] = {}
    sentences: dict[str, set[tuple[str, str]]] = {}
    for fund, code, quote, doc in links.select("fund", "scopeCode", "quote", "doc").iter_rows():
        link_codes.setdefault(fund, []).append(code)
        if quote:
            sentences.setdefault(fund, set()).add((doc, quote))
    helpers_at: dict[tuple[str, str], set[str]] = {}
    hs = data.helper_sentences
    for helper, label, doc, quote in hs.select("helper", "label", "doc", "quote").iter_rows():
        helpers_at.setdefault((doc, quote), set()).add(label or helper.rsplit("/", 1)[-1])
    rows = []
    for (fund,), grp in f.group_by("fund", maintain_order=True):
        r = grp.row(0, named=True)
        funded = list(grp["funded"].drop_nulls().to_list())
        has_purpose = bool(funded) or grp["purpose"].drop_nulls().len() > 0
        if r["rate"] is not None or r.get("rateBasis") is not None:
            reason = "rate"
        elif r["cumulative"]:
            reason = "cumulative"
        elif r["total"] is not None:
            reason = "part"
        elif not has_purpose:
            reason = "no-purpose"
        else:
            reason = None
        place_of_funded = [int(m) for x in funded if (m := _match_place(x)) is not None]
        code = _first_code([*place_of_funded, *link_codes.get(fund, []), doc_code.get(r["doc"])])
        unit = gz.get(f"{code:012d}") if code is not None else None
        helpers: set[str] = set()
        for key in sentences.get(fund, ()):
            helpers |= helpers_at.get(key, set())
        why = None
        if reason is not None:
            why = REASONS[reason].format(
                basis=r.get("rateBasis") or "",
                total=labels.get(r["total"]) or "a larger amount",
            )
        rows.append(
            {
                "fund": fund,
                "label": r["label"] or "",
                "value": r["value"],
                "document": doc_name.get(r["doc"], r["doc"]),
                "code": f"{code:012d}" if code is not None else "",
                "place": unit.name if unit is not None else "",
                "helpers": " + ".join(sorted(helpers)) if helpers else NO_HELPER,
                "approximate": bool(r.get("approximate")),
                "at_least": r.get("qualifier") == ">=",
                "counted": reason is None,
                "left_out": reason,
                "reason": why,
            }
        )
    out = pl.DataFrame(rows, schema=schema)
    rng = scope_range(scope)
    if rng is not None:
        out = out.filter(pl.col("code").cast(pl.Int64, strict=False).is_between(*rng))
    return out.sort("document", "fund")


def _match_place(iri: str) -> str | None:
    m = re.search(_PLACE_CODE, iri)
    return m.group(1) if m else None


def money(
    data: AnalysisData, gz: Gazetteer, *, by: str = "report", scope: str | None = None
) -> dict[str, Any]:
    """The money summary: totals per report, place or helper, and the amounts left out.

    Returns a dict: ``by``, ``scope``, ``scope_name``, ``totals`` (DataFrame:
    ``key``, ``name``, ``total``, ``amounts``, ``approximate``, ``at_least``,
    ``documents``), ``counted`` and ``total`` (over all rows), ``left_out``
    (DataFrame: ``label``, ``value``, ``left_out`` (a key of :data:`REASONS`),
    ``reason`` in words, ``document``, ``code``, ``place``) and
    ``left_out_counts`` (key → count).
    """
    if by not in MONEY_BY:
        raise InputError(f"--by {by}: one of {', '.join(MONEY_BY)}")
    items = money_items(data, gz, scope=scope)
    counted = items.filter(pl.col("counted"))
    key, name = {
        "report": (pl.col("document"), pl.col("place")),
        "place": (pl.col("code"), pl.col("place")),
        "helper": (pl.col("helpers"), pl.lit(None, dtype=pl.Utf8)),
    }[by]
    totals = (
        counted.with_columns(key.alias("key"), name.alias("name"))
        .group_by("key")
        .agg(
            pl.col("name").drop_nulls().first(),
            pl.col("value").sum().alias("total"),
            pl.len().cast(pl.Int64).alias("amounts"),
            pl.col("approximate").sum().cast(pl.Int64).alias("approximate"),
            pl.col("at_least").sum().cast(pl.Int64).alias("at_least"),
            pl.col("document").unique().sort().str.join(" ").alias("documents"),
        )
        .sort(["total", "key"], descending=[True, False])
    )
    left = items.filter(~pl.col("counted")).select(
        "label", "value", "left_out", "reason", "document", "code", "place"
    )
    counts = {k: n for k in REASONS if (n := items.filter(pl.col("left_out") == k).height)}
    unit = gz.get(scope) if scope else None
    return {
        "by": by,
        "scope": scope,
        "scope_name": unit.name if unit is not None else None,
        "totals": totals,
        "counted": counted.height,
        "total": float(counted["value"].sum()) if counted.height else 0.0,
        "left_out": left,
        "left_out_counts": counts,
    }
