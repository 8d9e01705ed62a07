"""Linkage gaps: who is missed, who helps nobody, what does not add up.

:func:`gaps` returns one table (polars) of findings, each with a ``kind``:

=========================  ==================================================
``village-without-helper``  a village-level unit that no link names, inside a
                            covered unit (one with at least one named helper
                            of a village) or inside the place of a claim that
                            counts helped villages (claim-unnamed lists the
                            claims; these rows list every unit they leave open)
``unit-without-helper``     a unit under a report's jurisdiction (or under
                            ``--scope``) with no named helper and no claim
``helper-without-target``   a work team, first secretary or helper that no
                            link connects to a place
``unresolved-place``        a claim naming a place the registry could not
                            decide, or a helped node with no place
``registry-mismatch``       claimed village counts against the registry
``claim-conflict``          two claims, two numbers for the same thing
``claim-unnamed``           a village claim only partly matched by named links
``program-without-owner``   a programme no organisation is responsible for,
                            implements or leads
``money-without-purpose``   an amount with no purpose or recipient (rates
                            such as 户均 are not counted)
=========================  ==================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from kg.analysis.claims import (
    HELP_RELATIONS,
    VILLAGE_TARGETS,
    claim_frame,
    conflicts,
    registry_checks,
)
from kg.analysis.codes import LEVELS, digits, level_units, scope_range, unit_of, within
from kg.analysis.coverage import claim_matching, helped_villages
from kg.analysis.projections import short_type

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = ["GAP_KINDS", "gaps"]

GAP_KINDS = (
    "village-without-helper",
    "unit-without-helper",
    "helper-without-target",
    "unresolved-place",
    "registry-mismatch",
    "claim-conflict",
    "claim-unnamed",
    "program-without-owner",
    "money-without-purpose",
)
SCHEMA = {
    "kind": pl.Utf8,
    "scope": pl.Utf8,
    "scope_name": pl.Utf8,
    "item": pl.Utf8,
    "label": pl.Utf8,
    "detail": pl.Utf8,
    "documents": pl.Utf8,
}
# roles whose holders are helpers sent to villages
_HELPER_ROLES = ("第一书记", "驻村", "帮扶", "工作队")


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)


def _in_scope(col: str, rng: tuple[int, int] | None) -> pl.Expr:
    if rng is None:
        return pl.lit(True)
    return pl.col(col).is_between(*rng)


def _doc_codes(data: AnalysisData) -> dict[str, int]:
    """Document IRI → the division code of its jurisdiction (documents that have one)."""
    d = data.documents.filter(pl.col("jurisdictionCode").is_not_null())
    return dict(zip(d["doc"].to_list(), d["jurisdictionCode"].to_list(), strict=False))


def _code12(code: int | None) -> str:
    return f"{code:012d}" if code is not None else ""


def _doc_names(data: AnalysisData) -> dict[str, str]:
    return dict(
        zip(data.documents["doc"].to_list(), data.documents["fileName"].to_list(), strict=False)
    )


def villages_without_helper(
    data: AnalysisData, gz: Gazetteer, *, level: str = "county", scope: str | None = None
) -> pl.DataFrame:
    """Village-level units with no named helper, inside units (at ``level``) that
    have at least one named helper of a village."""
    helped = helped_villages(data, gz)
    covered = helped.select(unit_of(pl.col("code"), level).alias("unit")).unique()
    units = gz.units_frame()
    vil = units.filter(pl.col("level") == 4).with_columns(
        unit_of(pl.col("code"), level).alias("unit")
    )
    rng = scope_range(scope)
    vil = vil.filter(_in_scope("code", rng)).join(helped.select("code"), on="code", how="anti")
    # the places of claims that count helped villages, with the reports that claim them
    claims = claim_frame(data).filter(
        pl.col("targetCat").is_in(VILLAGE_TARGETS) & pl.col("scopeCode").is_not_null()
    )
    claimed = (
        within(
            vil.select("code"),
            claims.select(pl.col("scopeCode").alias("scope"), "fileName"),
        )
        .group_by("code")
        .agg(pl.col("fileName").unique().sort().str.join(" ").alias("documents"))
        if claims.height
        else pl.DataFrame(schema={"code": pl.Int64, "documents": pl.Utf8})
    )
    in_covered = vil.join(covered, on="unit", how="semi").select("code")
    missed = vil.join(
        pl.concat([in_covered, claimed.select("code")]).unique(), on="code", how="semi"
    ).join(claimed, on="code", how="left")
    names = units.select(pl.col("code").alias("unit"), pl.col("name").alias("scope_name"))
    missed = missed.join(names, on="unit", how="left")
    kind = (
        pl.when(pl.col("community")).then(pl.lit("社区 community")).otherwise(pl.lit("村 village"))
    )
    return missed.select(
        pl.lit("village-without-helper").alias("kind"),
        pl.col("unit").cast(pl.Utf8).str.zfill(12).alias("scope"),
        "scope_name",
        pl.col("code").cast(pl.Utf8).str.zfill(12).alias("item"),
        pl.col("name").alias("label"),
        pl.when(pl.col("documents").is_null())
        .then(pl.concat_str(kind, pl.lit(": no named helper")))
        .otherwise(
            pl.concat_str(
                kind, pl.lit(": no named helper; a report claims villages here are helped")
            )
        )
        .alias("detail"),
        pl.col("documents").fill_null(""),
    ).sort("item")


def units_without_helper(
    data: AnalysisData, gz: Gazetteer, *, level: str = "county", scope: str | None = None
) -> pl.DataFrame:
    """Units at ``level`` with neither a named helper nor a claim, below ``scope``
    or, without one, below every report's jurisdiction that lies above ``level``."""
    d = LEVELS[level]
    if scope is not None:
        parents = [scope_range(scope)]
    else:
        js = data.documents["jurisdictionCode"].drop_nulls().unique().to_list()
        parents = [
            scope_range(f"{c:012d}") for c in js if int(pl.select(digits(pl.lit(c))).item()) < d
        ]
    if not parents:
        return _frame([])
    units = level_units(gz.units_frame(), level)
    cond = pl.lit(False)
    for lo, hi in parents:  # type: ignore[misc]
        cond = cond | pl.col("code").is_between(lo, hi)
    units = units.filter(cond)
    e = data.edges.filter(pl.col("code").is_not_null() & (digits(pl.col("code")) >= d))
    have = pl.concat(
        [
            e.select(unit_of(pl.col("code"), level).alias("code")),
            data.claims.filter(
                pl.col("scopeCode").is_not_null()
                & pl.col("relation").is_in(HELP_RELATIONS)
                & (digits(pl.col("scopeCode")) >= d)
            ).select(unit_of(pl.col("scopeCode"), level).alias("code")),
        ]
    ).unique()
    missed = units.join(have, on="code", how="anti")
    return missed.select(
        pl.lit("unit-without-helper").alias("kind"),
        pl.col("code").cast(pl.Utf8).str.zfill(12).alias("scope"),
        pl.col("name").alias("scope_name"),
        pl.col("code").cast(pl.Utf8).str.zfill(12).alias("item"),
        pl.col("name").alias("label"),
        pl.lit(f"no named helper and no claim for this {level}").alias("detail"),
        pl.lit("").alias("documents"),
    ).sort("item")


def helpers_without_target(data: AnalysisData) -> list[dict[str, Any]]:
    """Work teams, first secretaries and helpers that no link ties to a place."""
    hn = data.helper_nodes
    role = pl.col("personRole").fill_null("")
    cands = set(
        hn.filter(
            pl.col("type").str.ends_with("#WorkTeam")
            | (
                pl.col("type").str.ends_with("#Person")
                & pl.any_horizontal(role.str.contains(r) for r in _HELPER_ROLES)
            )
        )["node"].to_list()
    )
    subjects = set(data.edges["helper"].to_list())
    claimed = set(
        data.claims.filter(pl.col("relation").is_in(HELP_RELATIONS))["helper"]
        .drop_nulls()
        .to_list()
    )
    placed = set(data.edges.filter(pl.col("code").is_not_null())["helper"].to_list())
    missing = (cands | subjects | claimed) - placed
    if not missing:
        return []
    names = _doc_names(data)
    where = _doc_codes(data)
    rows = []
    info = data.describe(sorted(missing)).sort("node")
    for node, label, types, anchor, docs in info.select(
        "node", "label", "types", "anchorCode", "docs"
    ).iter_rows():
        if node in subjects or node in claimed:
            detail = "helps only groups or unplaced nodes (贫困户 …), no named place"
        else:
            detail = "no help link at all"
        doc_list = (docs or "").split()
        # placed by its anchor, else by the jurisdictions of the reports that name it
        codes = [anchor] if anchor is not None else [where[d] for d in doc_list if d in where]
        rows.append(
            {
                "kind": "helper-without-target",
                "scope": _code12(codes[0] if codes else None),
                "scope_name": "",
                "item": node,
                "label": label or node.rsplit("/", 1)[-1],
                "detail": f"{short_type(types)}: {detail}",
                "documents": " ".join(sorted(names.get(d, d) for d in doc_list)),
                "_codes": codes,
            }
        )
    return rows


def unresolved_places(data: AnalysisData) -> list[dict[str, Any]]:
    rows = []
    where = _doc_codes(data)
    for r in (
        data.claims.filter(pl.col("unresolvedPlace").is_not_null())
        .unique("claim")
        .sort("fileName", "start")
        .iter_rows(named=True)
    ):
        code = r["scopeCode"] if r["scopeCode"] is not None else where.get(r["doc"])
        rows.append(
            {
                "kind": "unresolved-place",
                "scope": _code12(code),
                "scope_name": "",
                "item": r["claim"],
                "label": r["unresolvedPlace"],
                "detail": "a linked place the registry could not decide (ambiguous or unknown)",
                "documents": r["fileName"],
                "_codes": [code] if code is not None else [],
            }
        )
    names = _doc_names(data)
    unplaced = data.edges.filter(pl.col("code").is_null())
    if unplaced.height:
        info = data.describe(unplaced["helper"].to_list() + unplaced["target"].to_list())
        labels = dict(zip(info["node"].to_list(), info["label"].to_list(), strict=False))
        for h, t, g in unplaced.select("helper", "target", "g").iter_rows():
            code = where.get(g)
            rows.append(
                {
                    "kind": "unresolved-place",
                    "scope": _code12(code),
                    "scope_name": "",
                    "item": t,
                    "label": labels.get(t) or t.rsplit("/", 1)[-1],
                    "detail": f"helped by {labels.get(h) or h.rsplit('/', 1)[-1]}, "
                    "but has no place",
                    "documents": names.get(g, g),
                    "_codes": [code] if code is not None else [],
                }
            )
    return rows


def programs_without_owner(
    data: AnalysisData, rng: tuple[int, int] | None = None
) -> list[dict[str, Any]]:
    """Programmes no organisation owns; with ``rng``, as named by the reports about
    places inside it (their documents and jurisdictions)."""
    where = _doc_codes(data)
    p = data.programs.filter(pl.col("class").str.ends_with("#Program"))
    if rng is not None:
        inside = [d for d, c in where.items() if rng[0] <= c <= rng[1]]
        p = p.filter(pl.col("doc").is_in(inside))
    owned = set(
        p.filter(pl.col("owner").is_not_null() & ~pl.col("ownerIsPlace").fill_null(False))[
            "program"
        ].to_list()
    )
    names = _doc_names(data)
    rows = []
    for prog, grp in p.filter(~pl.col("program").is_in(list(owned))).group_by(
        "program", maintain_order=True
    ):
        implementers = grp.filter(pl.col("owner").is_not_null())["owner"].unique().to_list()
        detail = (
            "implemented by a place only, no organisation named"
            if implementers
            else "no responsible, implementing or leading organisation"
        )
        docs = sorted(set(grp["doc"].to_list()))
        codes = sorted({where[d] for d in docs if d in where})
        rows.append(
            {
                "kind": "program-without-owner",
                "scope": _code12(codes[0]) if len(codes) == 1 else "",
                "scope_name": "",
                "item": prog[0],
                "label": grp["label"][0],
                "detail": detail,
                "documents": " ".join(sorted({names.get(d, d) for d in docs})),
                "_codes": codes,
            }
        )
    return rows


def money_without_purpose(data: AnalysisData) -> list[dict[str, Any]]:
    f = data.funds
    with_purpose = set(
        f.filter(pl.col("purpose").is_not_null() | pl.col("funded").is_not_null())["fund"].to_list()
    )
    names = _doc_names(data)
    where = _doc_codes(data)
    rows = []
    for fund, grp in f.group_by("fund", maintain_order=True):
        r = grp.row(0, named=True)
        if fund[0] in with_purpose or r["rate"] is not None:
            continue
        if r["total"] is not None and r["total"] in with_purpose:
            continue  # part of a total that has a purpose (其中 …)
        notes = ["cumulative 累计"] if r["cumulative"] else []
        code = where.get(r["doc"])
        rows.append(
            {
                "kind": "money-without-purpose",
                "scope": _code12(code),
                "scope_name": "",
                "_codes": [code] if code is not None else [],
                "item": fund[0],
                "label": r["label"] or "",
                "detail": f"{r['value']:,.0f} yuan at offset {r['start']}, no purpose or recipient"
                + (f" ({', '.join(notes)})" if notes else ""),
                "documents": names.get(r["doc"], r["doc"]),
            }
        )
    return rows


def gaps(
    data: AnalysisData,
    gz: Gazetteer,
    *,
    level: str = "county",
    scope: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> pl.DataFrame:
    """Every gap of the kinds asked for (all by default), as one table.

    Columns: ``kind``, ``scope`` (12-digit code, or empty), ``scope_name``,
    ``item`` (code or IRI), ``label``, ``detail``, ``documents`` (file names).

    With ``scope`` (a division code), every kind is limited to it: a row is
    kept when the place it is about lies inside — the unit itself, the
    helper's anchor, the claim's scope, or else the jurisdiction of the
    reports it comes from; a row about no place at all is left out.
    """
    want = set(kinds or GAP_KINDS)
    rng = scope_range(scope)
    parts: list[pl.DataFrame] = []
    if "village-without-helper" in want:
        parts.append(villages_without_helper(data, gz, level=level, scope=scope))
    if "unit-without-helper" in want:
        parts.append(units_without_helper(data, gz, level=level, scope=scope))
    rows: list[dict[str, Any]] = []
    if "helper-without-target" in want:
        rows += helpers_without_target(data)
    if "unresolved-place" in want:
        rows += unresolved_places(data)
    claims = claim_frame(data)
    if rng is not None:
        claims = claims.filter(pl.col("scopeCode").is_between(*rng))
    for kind, checks in (("registry-mismatch", registry_checks), ("claim-conflict", conflicts)):
        if kind in want:
            for c in checks(claims, gz):
                rows.append(
                    {
                        "kind": kind,
                        "scope": f"{c.scope:012d}",
                        "scope_name": c.scope_name,
                        "item": c.severity,
                        "label": c.scope_name,
                        "detail": c.message,
                        "documents": " ".join(c.documents),
                    }
                )
    if "claim-unnamed" in want:
        for m in claim_matching(data, gz, scope=scope):
            if m["still_unnamed"] > 0:
                cands = "、".join(m["candidates"][:5])
                more = m["registry_villages_without_named_helper"]
                rows.append(
                    {
                        "kind": "claim-unnamed",
                        "scope": m["scope"],
                        "scope_name": m["place"],
                        "item": m["claim"],
                        "label": m["place"],
                        "detail": (
                            f"{m['claim']}: {m['named']} named ({m['matched_share']:.0%} matched), "
                            f"{m['still_unnamed']} still unnamed; {more} registry village-level "
                            f"units here have no named helper"
                            + (f" ({cands} …; every one: village-without-helper)" if cands else "")
                        ),
                        "documents": m["document"],
                    }
                )
    if "program-without-owner" in want:
        rows += programs_without_owner(data, rng)
    if "money-without-purpose" in want:
        rows += money_without_purpose(data)
    if rng is not None:  # a row is kept when a place it is about lies inside the scope
        lo, hi = rng
        rows = [
            r
            for r in rows
            if any(lo <= c <= hi for c in r.get("_codes", []))
            or (not r.get("_codes") and r["scope"] and lo <= int(r["scope"]) <= hi)
        ]
    for r in rows:
        r.pop("_codes", None)
        if r["scope"] and not r["scope_name"]:
            u = gz.get(r["scope"])
            r["scope_name"] = u.name if u is not None else ""
    if rows:
        parts.append(_frame(rows))
    parts = [p for p in parts if p.height]
    if not parts:
        return _frame([])
    out = pl.concat(parts, how="vertical")
    order = {k: i for i, k in enumerate(GAP_KINDS)}
    return (
        out.with_columns(pl.col("kind").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("_o", "scope", "item")
        .drop("_o")
    )
