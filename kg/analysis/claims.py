"""Aggregate claims: what they count, how they compare with the registry and
with each other, and how far named evidence matches them.

A claim (84个驻村帮扶工作队进驻84个贫困村) counts helpers of a kind and
targets of a kind. :func:`helper_category` and :func:`target_category` sort
the written kinds into the categories researchers compare (work teams, poor
villages …); the sorting rules are the tables below, so a new wording is one
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from ingest.gazetteer.registry import EDITION
from kg.analysis.codes import within
from kg.vocab import KG

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = [
    "HELPER_CATEGORIES",
    "HELP_RELATIONS",
    "TARGET_CATEGORIES",
    "ClaimCheck",
    "claim_frame",
    "conflicts",
    "helper_category",
    "registry_checks",
    "target_category",
]

HELP_RELATIONS = (str(KG.helps), str(KG.stationedIn))

# category -> (label, test on the written kind); first match wins
HELPER_CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "work_teams": ("工作队 work teams", ("工作队",)),
    "work_groups": ("工作组 work groups", ("工作组",)),
    "first_secretaries": ("第一书记 first secretaries", ("第一书记",)),
    "leaders": ("领导 leaders", ("领导", "领导干部")),
    "units": ("帮扶单位 helper units", ("单位", "部门", "机关", "党组织", "党委", "党支部")),
    "enterprises": ("企业 enterprises", ("企业", "公司", "商会")),
    "pair_helpers": ("结对责任人 pair helpers", ("责任人", "帮扶人", "结对干部")),
    "cadres": ("干部 cadres", ("干部", "党员", "人才", "队员", "专干", "村官", "特派员")),
}
TARGET_CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "nonpoor_villages": ("非贫困村 non-poor villages", ("非贫困村",)),
    "poor_villages": ("贫困村 poor villages", ("贫困村", "扶贫村", "重点贫困村")),
    "natural_villages": ("自然村 natural villages", ("自然村", "村民小组")),
    "village_party_orgs": ("村党组织 village party orgs", ("村党组织", "村党支部", "行政村党组织")),
    "villages": ("村 villages", ("行政村", "村", "村(社区)", "村（社区）")),
    "communities": ("社区 communities", ("社区",)),
    "townships": ("乡镇 townships", ("乡镇", "乡", "镇", "街道", "乡镇(街道)")),
    "households": ("户 households", ("户",)),
    "people": ("贫困人口 people", ("贫困对象", "贫困人口", "贫困群众", "群众", "人口", "人")),
}
# written right before a count of every unit of its kind (全县79个村, 所有贫困村)
_WHOLE_BEFORE = r"(?:全[省市州县区旗乡镇]|全部|所有)(?:共有|共计|的)?"


def _whole_unit(quote: str | None, target: str | None) -> bool:
    """The (Simplified) sentence counts every unit of the target's kind (全县79个村)
    or says 全覆盖."""
    if not quote:
        return False
    if "全覆盖" in quote:
        return True
    if not target:
        return False
    return re.search(_WHOLE_BEFORE + re.escape(target), quote) is not None


# target categories that are village-level units of the registry
VILLAGE_TARGETS = ("poor_villages", "nonpoor_villages", "villages", "village_party_orgs")


def _category(kind: str | None, table: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
    if not kind:
        return None
    k = kind.strip()
    for cat, (_label, ends) in table.items():
        if k.endswith(ends) or any(e in k for e in ends if len(e) > 3):
            return cat
    return "other"


def helper_category(kind: str | None) -> str | None:
    """工作队 → ``work_teams``; 县级领导 → ``leaders``; None for no kind."""
    return _category(kind, HELPER_CATEGORIES)


def target_category(kind: str | None) -> str | None:
    """贫困村 → ``poor_villages``; 78个非贫困村's 非贫困村 → ``nonpoor_villages``."""
    if kind and "非贫困村" in kind:
        return "nonpoor_villages"
    return _category(kind, TARGET_CATEGORIES)


def claim_frame(data: AnalysisData) -> pl.DataFrame:
    """Help claims (helps / stationedIn) with helper and target categories.

    One row per claim: the query's columns plus ``helperCat``, ``targetCat``,
    ``year`` (of the claim, else of its document), ``fullCoverage`` (the
    sentence says 全覆盖) and ``wholeUnit`` (the target count is of every unit
    of its kind in the place: 全县79个村, 所有贫困村, or 全覆盖 — a count
    without it, 结对联系17个村, may be a part).
    """
    from ingest.normalize import to_simplified

    c = data.claims.filter(pl.col("relation").is_in(HELP_RELATIONS)).unique("claim")
    if "objectText" not in c.columns:
        c = c.with_columns(pl.lit(None, dtype=pl.Utf8).alias("objectText"))
    # quotes keep the report's own script (全區420個…): compare in Simplified
    c = c.with_columns(
        pl.col("quote").map_elements(to_simplified, return_dtype=pl.Utf8).alias("_quote")
    )
    return (
        c.with_columns(
            pl.col("helperKind")
            .map_elements(helper_category, return_dtype=pl.Utf8)
            .alias("helperCat"),
            pl.col("targetKind")
            .map_elements(target_category, return_dtype=pl.Utf8)
            .alias("targetCat"),
            pl.coalesce(pl.col("date"), pl.col("docDate")).str.slice(0, 4).alias("year"),
            pl.col("_quote").fill_null("").str.contains("全覆盖").alias("fullCoverage"),
            pl.struct("_quote", "objectText")
            .map_elements(
                lambda r: _whole_unit(r["_quote"], r["objectText"]), return_dtype=pl.Boolean
            )
            .alias("wholeUnit"),
        )
        .drop("_quote")
        .sort("fileName", "start", nulls_last=True)
    )


@dataclass
class ClaimCheck:
    """One finding about claims: a registry mismatch or two claims disagreeing."""

    kind: str  # "registry" | "conflict"
    scope: int
    scope_name: str
    message: str
    severity: str  # "contradiction" | "differs"
    figures: dict[str, Any] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "scope": f"{self.scope:012d}",
            "scope_name": self.scope_name,
            "severity": self.severity,
            "message": self.message,
            "figures": self.figures,
            "documents": self.documents,
        }


def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def _name(gz: Gazetteer, code: int) -> str:
    u = gz.get(f"{code:012d}")
    return u.name if u else f"{code:012d}"


def _edition(year: str | None) -> str:
    return f"report of {year}" if year else "undated report"


def registry_checks(claims: pl.DataFrame, gz: Gazetteer) -> list[ClaimCheck]:
    """Claimed village counts against the registry (2023 edition), per report and scope.

    - poor + non-poor villages claimed in one report (all villages, split in
      two) against the registry's 村委会 (and 社区) below the scope;
    - any single village count larger than the registry's village-level units
      (impossible in any edition: a contradiction, not a drift).
    """
    out: list[ClaimCheck] = []
    vc = claims.filter(
        pl.col("targetCat").is_in(VILLAGE_TARGETS)
        & pl.col("targetCount").is_not_null()
        & pl.col("scopeCode").is_not_null()
    )
    if not vc.height:
        return out
    # one row per (scope, report): the largest count per target category, the year
    if "wholeUnit" not in vc.columns:
        vc = vc.with_columns(pl.lit(True).alias("wholeUnit"))
    per = vc.group_by("scopeCode", "fileName", "targetCat").agg(
        pl.col("targetCount").max(), pl.col("year").drop_nulls().first()
    )
    # (scope, report, category) whose largest count is of every unit (全县79个村)
    whole_of = {
        (a, b, c)
        for a, b, c in vc.filter(pl.col("wholeUnit"))
        .group_by("scopeCode", "fileName", "targetCat")
        .agg(pl.len())
        .select("scopeCode", "fileName", "targetCat")
        .iter_rows()
    }
    wide = per.pivot("targetCat", index=["scopeCode", "fileName"], values="targetCount")
    years = per.group_by("scopeCode", "fileName").agg(pl.col("year").drop_nulls().first())
    units = gz.units_frame()
    names = units.select(pl.col("code").alias("scopeCode"), "name", "level")
    wide = (
        wide.join(years, on=["scopeCode", "fileName"])
        .join(names, on="scopeCode")
        .filter(pl.col("level") < 4)
        .sort("scopeCode", "fileName")
    )
    # registry counts below each scope, one join per level
    vil = units.filter(pl.col("level") == 4).select("code", "community")
    reg = within(vil, wide.select(pl.col("scopeCode").alias("scope")).unique())
    reg_counts = (
        {
            s: (v, c)
            for s, v, c in reg.group_by("scope")
            .agg((~pl.col("community")).sum().alias("v"), pl.col("community").sum().alias("c"))
            .iter_rows()
        }
        if reg.height
        else {}
    )
    for r in wide.iter_rows(named=True):
        scope, fname, year = r["scopeCode"], r["fileName"], r["year"]
        reg_v, reg_c = reg_counts.get(scope, (0, 0))
        by_cat = {c: r[c] for c in VILLAGE_TARGETS if r.get(c) is not None}
        whole = {c: (scope, fname, c) in whole_of for c in by_cat}
        unit_name = r["name"]
        reg_txt = (
            f"the {EDITION} registry lists {reg_v:,} 村委会 and {reg_c:,} 社区 "
            f"({reg_v + reg_c:,}) in {unit_name}"
        )
        figures = {
            "registry_edition": EDITION,
            "registry_villages": reg_v,
            "registry_communities": reg_c,
            "report_year": year,
        }
        poor, nonpoor = by_cat.get("poor_villages"), by_cat.get("nonpoor_villages")
        if poor is not None and nonpoor is not None:
            total = poor + nonpoor
            if total != reg_v:
                sev = "contradiction" if total > reg_v + reg_c else "differs"
                out.append(
                    ClaimCheck(
                        "registry",
                        scope,
                        unit_name,
                        f"{fname} ({_edition(year)}) claims {_fmt(poor)} poor + {_fmt(nonpoor)} non-poor "
                        f"= {_fmt(total)} villages; {reg_txt}",
                        sev,
                        {
                            **figures,
                            "claimed_poor": poor,
                            "claimed_nonpoor": nonpoor,
                            "claimed_total": total,
                        },
                        [fname],
                    )
                )
        for cat in ("villages", "village_party_orgs", "poor_villages"):
            v = by_cat.get(cat)
            if v is None:
                continue
            both = poor is not None and nonpoor is not None
            if (
                v > reg_v + reg_c
                or (cat == "poor_villages" and v > reg_v)
                or (cat != "poor_villages" and v != reg_v and not both and whole.get(cat))
            ):
                sev = "contradiction" if v > reg_v + reg_c else "differs"
                label = TARGET_CATEGORIES[cat][0].split()[0]
                out.append(
                    ClaimCheck(
                        "registry",
                        scope,
                        unit_name,
                        f"{fname} ({_edition(year)}) claims {_fmt(v)} {label}; {reg_txt}",
                        sev,
                        {**figures, f"claimed_{cat}": v},
                        [fname],
                    )
                )
    return out


def conflicts(claims: pl.DataFrame, gz: Gazetteer) -> list[ClaimCheck]:
    """Claims about the same thing in the same place that give different numbers.

    Two claims conflict when they share scope, helper category and target
    category (e.g. work teams → poor villages in 华蓥市) but differ in the
    number of targets or of helpers — within one report or across reports.
    """
    out: list[ClaimCheck] = []
    c = claims.filter(
        pl.col("scopeCode").is_not_null()
        & pl.col("helperCat").is_not_null()
        & pl.col("targetCat").is_not_null()
        & ~pl.col("helperCat").is_in(["other"])
        & ~pl.col("targetCat").is_in(["other"])
    )
    for (scope, hcat, tcat), grp in c.group_by(
        ["scopeCode", "helperCat", "targetCat"], maintain_order=True
    ):
        for col, what in (("targetCount", tcat), ("helperCount", hcat)):
            vals = grp.filter(pl.col(col).is_not_null() & ~pl.col("approximate").fill_null(False))
            distinct = sorted(set(vals[col].to_list()))
            if len(distinct) < 2:
                continue
            docs = sorted(set(vals["fileName"].to_list()))
            label = (TARGET_CATEGORIES if col == "targetCount" else HELPER_CATEGORIES)[what][0]
            detail = "; ".join(
                f"{_fmt(v)} in {', '.join(sorted(set(vals.filter(pl.col(col) == v)['fileName'])))}"
                for v in distinct
            )
            out.append(
                ClaimCheck(
                    "conflict",
                    scope,
                    _name(gz, scope),
                    f"{HELPER_CATEGORIES[hcat][0]} → {TARGET_CATEGORIES[tcat][0]}: "
                    f"{label} counted differently: {detail}",
                    "contradiction",
                    {"values": distinct, "count_of": what},
                    docs,
                )
            )
    return out
