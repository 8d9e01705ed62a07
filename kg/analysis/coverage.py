"""Coverage per unit and the comparison table across jurisdictions.

Two kinds of evidence are kept apart throughout:

- **explicit** — a named helper linked to a named village (or to a village
  party branch, counted at its village): ``data.edges``;
- **claimed** — aggregate claims (84个工作队进驻84个贫困村, 全覆盖):
  ``data.claims``.

Registry counts come from the division registry (:mod:`ingest.gazetteer`), so a
village that no report mentions still counts as a village without a helper.
All grouping is on integer division codes (``code // 10**6`` is the county),
vectorised with polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.errors import InputError
from ingest.gazetteer.registry import normalize_code
from ingest.normalize import to_simplified
from kg.analysis.claims import (
    HELPER_CATEGORIES,
    TARGET_CATEGORIES,
    VILLAGE_TARGETS,
    claim_frame,
    helper_category,
    registry_checks,
    target_category,
)
from kg.analysis.codes import LEVELS, digits, level_units, scope_range, unit_of, within

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = ["claim_matching", "comparison", "coverage", "helped_villages"]


def helped_villages(data: AnalysisData, gz: Gazetteer) -> pl.DataFrame:
    """Village-level registry units with at least one explicit helper.

    Columns ``code``, ``community``, ``helpers`` (distinct helpers),
    ``stationed`` (of them, stationed in the village: kg:stationedIn),
    ``docs`` (distinct documents).
    """
    e = data.edges.filter(pl.col("code").is_not_null() & (pl.col("code") % 1000 != 0))
    per = e.group_by("code").agg(
        pl.col("helper").n_unique().alias("helpers"),
        pl.col("helper")
        .filter(pl.col("rel").str.ends_with("#stationedIn"))
        .n_unique()
        .alias("stationed"),
        pl.col("g").n_unique().alias("docs"),
    )
    vil = gz.units_frame().filter(pl.col("level") == 4).select("code", "community")
    return per.join(vil, on="code", how="inner")


def _evidence_units(data: AnalysisData, claims: pl.DataFrame, level: str) -> pl.Series:
    """Units at ``level`` that hold any evidence: helped places, claims, documents."""
    d = LEVELS[level]
    codes = pl.concat(
        [
            data.edges.select(pl.col("code")).drop_nulls(),
            claims.select(pl.col("scopeCode").alias("code")).drop_nulls(),
            data.documents.select(pl.col("jurisdictionCode").alias("code")).drop_nulls(),
        ]
    )
    return (
        codes.filter(digits(pl.col("code")) >= d)
        .select(unit_of(pl.col("code"), level).alias("unit"))
        .unique()["unit"]
    )


def coverage(
    data: AnalysisData, gz: Gazetteer, *, level: str = "county", scope: str | None = None
) -> pl.DataFrame:
    """Coverage per unit at ``level`` (``county`` or ``township``).

    Rows: every unit at that level inside ``scope`` (a division code), or,
    without a scope, every unit that holds any evidence. Columns:

    ``code``, ``name``, ``villages`` / ``communities`` (registry 村委会 / 社区),
    ``helped_villages`` / ``helped_communities`` (≥ 1 explicit helper),
    ``helped_share`` (of all village-level units), ``helpers`` (distinct
    explicit helpers of places inside), ``helpers_per_helped_village``,
    ``claimed_poor_villages`` / ``claimed_nonpoor_villages`` /
    ``claimed_villages`` (largest count claimed by a report for the unit itself),
    ``claimed_full_coverage`` (a claim says 全覆盖), ``claimed_work_teams``,
    ``cadres_per_village`` (members of counted teams ÷ their villages, where
    stated), ``claims``, ``documents``.
    """
    if level not in ("county", "township", "prefecture", "province"):
        raise InputError(
            f"--by: coverage is per province, prefecture, county or township, not {level!r}"
        )
    d = LEVELS[level]
    units = gz.units_frame()
    claims = claim_frame(data)
    rng = scope_range(scope)
    if rng is not None:
        sd = LEVELS[gz.require(normalize_code(scope)).level]  # type: ignore[arg-type]
        if sd > d:
            raise InputError(
                f"--scope {scope}: a {level} table needs a scope at {level} level or above"
            )
        rows = level_units(units.filter(pl.col("code").is_between(*rng)), level)
        rows = rows.select("code", "name")
    else:
        ev = _evidence_units(data, claims, level)
        rows = units.filter(pl.col("code").is_in(ev.implode())).select("code", "name")

    vil = units.filter(pl.col("level") == 4).select(
        unit_of(pl.col("code"), level).alias("code"), "community"
    )
    reg = vil.group_by("code").agg(
        (~pl.col("community")).sum().cast(pl.Int64).alias("villages"),
        pl.col("community").sum().cast(pl.Int64).alias("communities"),
    )
    helped = helped_villages(data, gz).with_columns(unit_of(pl.col("code"), level).alias("unit"))
    hv = (
        helped.group_by("unit")
        .agg(
            (~pl.col("community")).sum().cast(pl.Int64).alias("helped_villages"),
            pl.col("community").sum().cast(pl.Int64).alias("helped_communities"),
            pl.col("helpers").mean().alias("helpers_per_helped_village"),
        )
        .rename({"unit": "code"})
    )
    e = data.edges.filter(pl.col("code").is_not_null() & (digits(pl.col("code")) >= d))
    hp = e.group_by(unit_of(pl.col("code"), level).alias("code")).agg(
        pl.col("helper").n_unique().cast(pl.Int64).alias("helpers"),
        pl.col("g").n_unique().alias("_edocs"),
        pl.col("g").unique().alias("_eg"),
    )

    c = claims.filter(pl.col("scopeCode").is_not_null()).rename({"scopeCode": "code"})
    cl = c.group_by("code").agg(
        pl.col("targetCount")
        .filter(pl.col("targetCat") == "poor_villages")
        .max()
        .alias("claimed_poor_villages"),
        pl.col("targetCount")
        .filter(pl.col("targetCat") == "nonpoor_villages")
        .max()
        .alias("claimed_nonpoor_villages"),
        pl.col("targetCount")
        .filter(pl.col("targetCat").is_in(["villages", "village_party_orgs"]))
        .max()
        .alias("claimed_villages"),
        (pl.col("fullCoverage") & pl.col("targetCat").is_in(VILLAGE_TARGETS))
        .any()
        .alias("claimed_full_coverage"),
        pl.col("helperCount")
        .filter(pl.col("helperCat") == "work_teams")
        .max()
        .alias("claimed_work_teams"),
        (pl.col("memberCount") / pl.col("targetCount"))
        .filter(pl.col("memberCount").is_not_null() & (pl.col("targetCount") > 0))
        .max()
        .alias("cadres_per_village"),
        pl.len().cast(pl.Int64).alias("claims"),
        pl.col("doc").unique().alias("_cg"),
    )
    out = (
        rows.join(reg, on="code", how="left")
        .join(hv, on="code", how="left")
        .join(hp, on="code", how="left")
        .join(cl, on="code", how="left")
    )
    out = out.with_columns(
        pl.col(
            "villages", "communities", "helped_villages", "helped_communities", "helpers", "claims"
        ).fill_null(0),
        pl.col("claimed_full_coverage").fill_null(False),
        pl.concat_list(pl.col("_eg").fill_null([]), pl.col("_cg").fill_null([]))
        .list.unique()
        .list.len()
        .cast(pl.Int64)
        .alias("documents"),
    )
    total = pl.col("villages") + pl.col("communities")
    out = out.with_columns(
        pl.when(total > 0)
        .then((pl.col("helped_villages") + pl.col("helped_communities")) / total)
        .otherwise(None)
        .alias("helped_share")
    )
    cols = [
        "code",
        "name",
        "villages",
        "communities",
        "helped_villages",
        "helped_communities",
        "helped_share",
        "helpers",
        "helpers_per_helped_village",
        "claimed_poor_villages",
        "claimed_nonpoor_villages",
        "claimed_villages",
        "claimed_full_coverage",
        "claimed_work_teams",
        "cadres_per_village",
        "claims",
        "documents",
    ]
    return out.select(cols).sort("code")


# --------------------------------------------------------------- comparison
COMPARE_HELPERS = (
    "work_teams",
    "work_groups",
    "first_secretaries",
    "leaders",
    "units",
    "enterprises",
    "pair_helpers",
    "cadres",
)
COMPARE_TARGETS = (
    "poor_villages",
    "nonpoor_villages",
    "villages",
    "village_party_orgs",
    "natural_villages",
    "townships",
    "households",
    "people",
)


def _values(s: pl.Series) -> list[float]:
    return sorted({float(v) for v in s.drop_nulls().to_list()}, reverse=True)


# a count of helpers names them as helpers (驻村干部, 扶贫工作队); 党员 alone is no helper
_HELPING = ("扶贫", "帮扶", "驻村", "工作队", "工作组", "第一书记", "挂职", "结对", "包村")


def _counted(data: AnalysisData) -> dict[tuple[int, str], dict[str, set[float]]]:
    """The largest count of each comparison category that a document gives of a
    place in a sentence stating no link (全市828个精准扶贫村): the place's total,
    where the smaller ones count a part (完成4个贫困村电网改造). By scope, document
    and category: targets of any kind but bare people (人), helpers only when the
    counted kind says they help."""
    out: dict[tuple[int, str], dict[str, set[float]]] = {}
    counts = data.counts
    if not counts.height:
        return out
    for kind, value, code, doc in counts.select(
        "countKind", "countValue", "scopeCode", "doc"
    ).iter_rows():
        if code is None or value is None:
            continue
        kind = to_simplified(kind or "").strip()
        cat = helper_category(kind)
        if cat not in COMPARE_HELPERS or not any(w in kind for w in _HELPING):
            cat = target_category(kind)
            if cat not in COMPARE_TARGETS or (cat == "people" and "贫困" not in kind):
                continue
            if not kind.endswith(TARGET_CATEGORIES[cat][1]):
                continue  # 贫困村党组织书记 counts secretaries, not party organisations
        top = out.setdefault((code, doc), {})
        top[cat] = {max([float(value), *top.get(cat, ())])}
    return out


def _with_total(claimed: list[float], total: set[float] | None) -> list[float]:
    """The claims' counts with a count stating no link that is at least as large
    as all of them (a smaller one counts a part of what a claim counts)."""
    if not total:
        return claimed
    return sorted({*claimed, *(t for t in total if not claimed or t >= claimed[0])}, reverse=True)


def comparison(data: AnalysisData, gz: Gazetteer) -> list[dict[str, Any]]:
    """One row per jurisdiction and report: the figures each report gives.

    Rows come from every document's jurisdiction and every scope a help claim
    names. Figures are lists of the distinct counts a report gives, in its
    claims and in counts that state no link (全市828个精准扶贫村)
    (helpers by category; targets by category; ``members`` of counted teams),
    beside the registry's 村委会 / 社区 below the place, the villages the
    report names with a helper, and the registry check.
    """
    claims = claim_frame(data)
    checks = registry_checks(claims, gz)
    keys: dict[tuple[int, str], dict[str, Any]] = {}
    for doc, fname, date, code in data.documents.select(
        "doc", "fileName", "date", "jurisdictionCode"
    ).iter_rows():
        if code is not None:
            keys.setdefault((code, doc), {"document": fname, "date": date})
    for code, doc, fname, date in claims.select(
        "scopeCode", "doc", "fileName", "docDate"
    ).iter_rows():
        if code is not None:
            keys.setdefault((code, doc), {"document": fname, "date": date})
    by_key: dict[tuple[int, str], list[str]] = {}
    for c in checks:
        for d in c.documents:
            by_key.setdefault((c.scope, d), []).append(c.message)
    named: dict[tuple[int, str], int] = {}
    if keys:
        scopes = pl.DataFrame(
            {"scope": [k[0] for k in keys], "doc": [k[1] for k in keys]},
            schema={"scope": pl.Int64, "doc": pl.Utf8},
        )
        points = data.edges.filter(
            pl.col("code").is_not_null() & (pl.col("code") % 1000 != 0)
        ).select("code", pl.col("g").alias("doc"))
        inside = within(points, scopes, on=("doc",))
        if inside.height:
            named = {
                (a, b): n
                for a, b, n in inside.group_by("scope", "doc")
                .agg(pl.col("code").n_unique())
                .iter_rows()
            }
    said = _counted(data)
    parts = claims.partition_by("scopeCode", "doc", as_dict=True) if claims.height else {}
    empty = claims.clear()
    rows = []
    for (code, doc), meta in sorted(keys.items(), key=lambda kv: (kv[0][0], kv[1]["document"])):
        unit = gz.get(f"{code:012d}")
        if unit is None:
            continue
        counts = gz.counts(unit.code) if unit.level != "village" else {"village": 0, "community": 0}
        mine = parts.get((code, doc), empty)
        row: dict[str, Any] = {
            "code": unit.code,
            "place": unit.name,
            "level": unit.level,
            "document": meta["document"],
            "date": meta["date"],
            "registry_villages": counts.get("village", 0),
            "registry_communities": counts.get("community", 0),
        }
        told = said.get((code, doc), {})
        for cat in COMPARE_HELPERS:
            row[cat] = _with_total(
                _values(mine.filter(pl.col("helperCat") == cat)["helperCount"]), told.get(cat)
            )
        row["members"] = _values(mine["memberCount"])
        for cat in COMPARE_TARGETS:
            row[cat] = _with_total(
                _values(mine.filter(pl.col("targetCat") == cat)["targetCount"]), told.get(cat)
            )
        row["full_coverage"] = sorted(
            set(mine.filter(pl.col("fullCoverage"))["targetKind"].drop_nulls().to_list())
        )
        row["named_villages_helped"] = named.get((code, doc), 0)
        row["registry_check"] = by_key.get((code, meta["document"]), [])
        rows.append(row)
    return rows


COMPARE_LABELS: dict[str, str] = {
    **{k: v[0] for k, v in HELPER_CATEGORIES.items()},
    **{k: v[0] for k, v in TARGET_CATEGORIES.items()},
    "members": "队员/干部 team members",
}


def claim_matching(
    data: AnalysisData, gz: Gazetteer, *, scope: str | None = None, sample: int = 20
) -> list[dict[str, Any]]:
    """How far each village claim is matched by named evidence.

    For every help claim that counts villages (poor, non-poor, all) in a
    place: the villages inside that place with an explicit link of the same
    relation (stationed in, kg:stationedIn, for 驻村 claims; any other help,
    kg:helps, for 定点/结对/包村 claims), the share of
    the claimed count they make up, how many are still unnamed, and the
    registry villages inside the place that no link names yet (the count of
    all, and the first ``sample`` names, 村委会 before 社区).
    """
    claims = claim_frame(data).filter(
        pl.col("targetCat").is_in(VILLAGE_TARGETS)
        & pl.col("targetCount").is_not_null()
        & (pl.col("targetCount") > 0)
        & pl.col("scopeCode").is_not_null()
    )
    rng = scope_range(scope)
    if rng is not None:
        claims = claims.filter(pl.col("scopeCode").is_between(*rng))
    known = gz.units_frame().filter(digits(pl.col("code")) < 12).select("code", "name")
    claims = claims.join(
        known.rename({"code": "scopeCode", "name": "place"}), on="scopeCode", how="inner"
    ).with_columns(pl.col("scopeCode").alias("scope"))
    if not claims.height:
        return []
    edges = (
        data.edges.filter(pl.col("code").is_not_null() & (pl.col("code") % 1000 != 0))
        .select("code", pl.col("rel").alias("relation"))
        .unique()
    )
    pairs = within(edges, claims.select("claim", "scope", "relation"), on=("relation",))
    named = (
        pairs.group_by("claim").agg(pl.col("code").unique().sort().alias("named"))
        if pairs.height
        else pl.DataFrame(schema={"claim": pl.Utf8, "named": pl.List(pl.Int64)})
    )
    vil = gz.units_frame().filter(pl.col("level") == 4).select("code", "name", "community")
    unhelped = vil.join(edges.select("code").unique(), on="code", how="anti")
    scopes = claims.select("scope").unique()
    free = within(unhelped, scopes)
    counts = free.group_by("scope").agg(pl.len().alias("free"))
    cands = (
        free.sort("community", "code")
        .group_by("scope", maintain_order=True)
        .agg(pl.col("name").head(sample).alias("candidates"))
    )
    rows = (
        claims.join(named, on="claim", how="left")
        .join(counts, on="scope", how="left")
        .join(cands, on="scope", how="left")
        .sort("fileName", "start", "claim", nulls_last=True)
    )
    out = []
    for r in rows.iter_rows(named=True):
        got = r["named"] or []
        count = int(r["targetCount"])
        matched = min(len(got), count)
        out.append(
            {
                "scope": f"{r['scopeCode']:012d}",
                "place": r["place"],
                "document": r["fileName"],
                "claim": f"{_n(r['helperCount'])}{r['helperKind'] or ''} → {count}{r['targetKind']}",
                "claimed": count,
                "named": len(got),
                "matched_share": matched / count,
                "still_unnamed": count - matched,
                "named_villages": [f"{c:012d}" for c in got],
                "registry_villages_without_named_helper": r["free"] or 0,
                "candidates": r["candidates"] or [],
                "quote": r["quote"],
            }
        )
    return out


def _n(v: float | None) -> str:
    if v is None:
        return ""
    return f"{int(v)}" if float(v).is_integer() else f"{v}"
