"""Terminal tables, CSV and JSON of the analysis reports (`kg coverage`, `kg gaps`)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from ingest.errors import InputError
from kg.analysis.coverage import COMPARE_LABELS
from kg.analysis.gaps import GAP_KINDS
from kg.analysis.report import COVERAGE_TABLES, jsonable

__all__ = ["render_coverage", "render_gaps", "wide_console"]


def wide_console() -> Console:
    """The terminal's width when it is one; a wide page when piped (rich assumes 80)."""
    con = Console()
    return con if con.is_terminal else Console(width=180)


def _num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "✓" if v else ""
    if isinstance(v, float):
        return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, list):
        return " / ".join(_num(x) for x in v) if v else "—"
    return str(v)


def _code_str(df: pl.DataFrame) -> pl.DataFrame:
    return (
        df.with_columns(pl.col("code").cast(pl.Utf8).str.zfill(12)) if "code" in df.columns else df
    )


def _rows_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if not rows:
        return ""
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(
            {
                k: "; ".join(map(str, jsonable(v, code_strings=False)))
                if isinstance(v, list)
                else jsonable(v, code_strings=False)
                for k, v in r.items()
            }
        )
    return buf.getvalue()


def _measure_rows(m: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for section in ("helper_load", "village_redundancy", "components"):
        for k, v in m[section].items():
            if not isinstance(v, list):
                rows.append({"measure": f"{section}.{k}", "value": v})
    for i, t in enumerate(m["coordinating_bodies"]["top"], 1):
        rows.append({"measure": f"betweenness.{i}", "value": f"{t['label']} ({t['betweenness']})"})
    return rows


def render_coverage(
    rep: dict[str, Any], fmt: str, table: str = "units", console: Console | None = None
) -> str | None:
    """Print tables (fmt ``table``) or return CSV / JSON text."""
    if fmt == "json":
        return json.dumps(jsonable(rep), ensure_ascii=False, indent=1)
    if fmt == "csv":
        if table not in rep:
            raise InputError(f"--table {table}: one of {', '.join(COVERAGE_TABLES)}")
        if table == "units":
            return _code_str(rep["units"]).write_csv()
        if table == "measures":
            return _rows_csv(_measure_rows(rep["measures"]))
        return _rows_csv(rep[table])
    con = console or wide_console()
    if "units" in rep:
        _units_table(con, rep)
    if rep.get("comparison"):
        _comparison_table(con, rep["comparison"])
    if rep.get("matching"):
        _matching_table(con, rep["matching"])
    if "measures" in rep:
        _measures_table(con, rep["measures"])
    return None


def _pair(a: Any, b: Any) -> str:
    return f"{_num(a)} / {_num(b)}"


def _units_table(con: Console, rep: dict[str, Any]) -> None:
    u: pl.DataFrame = rep["units"]
    t = Table(
        title=f"覆盖 Coverage by {rep['level']}: named = explicit links to registry units; "
        "claimed = the reports' aggregate claims",
        caption=f"{u.height} unit(s); registry {rep['registry_edition']}. "
        "村/社区 = 村委会 / 社区 below the unit",
    )
    for label in (
        "代码 code",
        "名称 name",
        "村/社区\nregistry",
        "具名 named\n村/社区",
        "share",
        "帮扶方\nhelpers",
        "helpers\nper 村",
        "声称 claimed\n贫困村/非贫困村/村",
        "全覆盖\nfull",
        "工作队\nteams",
        "干部/村\ncadres",
        "claims",
        "docs",
    ):
        t.add_column(label, overflow="fold")
    for r in u.iter_rows(named=True):
        share = r["helped_share"]
        t.add_row(
            f"{r['code']:012d}",
            r["name"],
            _pair(r["villages"], r["communities"]),
            _pair(r["helped_villages"], r["helped_communities"]),
            "—" if share is None else f"{share:.1%}",
            _num(r["helpers"]),
            _num(r["helpers_per_helped_village"]),
            " / ".join(
                _num(r[k])
                for k in ("claimed_poor_villages", "claimed_nonpoor_villages", "claimed_villages")
            ),
            _num(r["claimed_full_coverage"]),
            _num(r["claimed_work_teams"]),
            _num(r["cadres_per_village"]),
            _num(r["claims"]),
            _num(r["documents"]),
        )
    con.print(t)


_COMPARE_COLS = (
    "work_teams",
    "poor_villages",
    "work_groups",
    "nonpoor_villages",
    "leaders",
    "units",
    "first_secretaries",
    "pair_helpers",
    "cadres",
    "villages",
    "village_party_orgs",
    "natural_villages",
    "enterprises",
)


def _comparison_table(con: Console, rows: list[dict[str, Any]]) -> None:
    used = [c for c in _COMPARE_COLS if any(r.get(c) for r in rows)]
    t = Table(
        title="各辖区对比 Comparison across jurisdictions: the figures each report gives",
        caption="registry = 2023 村委会 / 社区 below the place; work teams shown as "
        "count (members); named = villages the report links to a named helper",
    )
    for label in (
        "辖区 place",
        "report",
        "year",
        "registry\n村/社区",
        *[COMPARE_LABELS[c].replace(" ", "\n", 1) for c in used],
        "named\n具名村",
        "registry\ncheck",
    ):
        t.add_column(label, overflow="fold")
    notes: list[str] = []
    for r in rows:
        cells = []
        for c in used:
            cell = _num(r.get(c))
            if c == "work_teams" and r.get("members"):
                cell += f" ({_num(r['members'])})"
            cells.append(cell)
        t.add_row(
            f"{r['place']}\n{r['code']}",
            r["document"],
            (r["date"] or "")[:4] or "—",
            f"{r['registry_villages']:,} / {r['registry_communities']:,}",
            *cells,
            _num(r["named_villages_helped"]),
            f"≠ see [{len(notes) + 1}]" if r["registry_check"] else "—",
        )
        notes += r["registry_check"]
    con.print(t)
    for i, note in enumerate(notes, 1):
        con.print(f"[{i}] {note}", highlight=False, markup=False)


def _matching_table(con: Console, rows: list[dict[str, Any]]) -> None:
    t = Table(title="声称与具名证据 Claims matched by named links")
    for label in (
        "place",
        "claim",
        "report",
        "claimed",
        "named",
        "matched",
        "still unnamed",
        "registry units with no named helper (first)",
    ):
        t.add_column(label, overflow="fold")
    for r in rows:
        t.add_row(
            r["place"],
            r["claim"],
            r["document"],
            _num(r["claimed"]),
            _num(r["named"]),
            f"{r['matched_share']:.0%}",
            _num(r["still_unnamed"]),
            f"{r['registry_villages_without_named_helper']:,}: " + "、".join(r["candidates"][:5]),
        )
    con.print(t)


def _measures_table(con: Console, m: dict[str, Any]) -> None:
    t = Table(title="网络指标 Network measures (explicit links)")
    t.add_column("measure")
    t.add_column("value", overflow="fold")
    hl, vr, cc = m["helper_load"], m["village_redundancy"], m["components"]
    t.add_row(
        "helper load 帮扶负荷 (targets per helper)",
        f"{hl['n']} helpers; mean {_num(hl['mean'])}, median {_num(hl['median'])}, "
        f"max {_num(hl['max'])}",
    )
    t.add_row(
        "top helpers", "; ".join(f"{x['label']} {x['targets']}" for x in hl["top"][:5]) or "—"
    )
    t.add_row(
        "village redundancy 冗余 (helpers per village)",
        f"{vr['n']} villages; mean {_num(vr['mean'])}, max {_num(vr['max'])}, "
        f"{vr['with_two_or_more']} with ≥ 2 helpers",
    )
    t.add_row("components 连通分量", f"{cc['count']}; largest {cc['largest']} nodes")
    cb = m["coordinating_bodies"]
    t.add_row(
        f"coordinating bodies 协调中心 (betweenness, {cb['betweenness']}; "
        f"{cb['graph_nodes']} nodes)",
        "; ".join(f"{x['label']} {x['betweenness']}" for x in cb["top"][:8]) or "—",
    )
    con.print(t)


def render_gaps(
    df: pl.DataFrame, fmt: str, *, limit: int = 20, console: Console | None = None
) -> str | None:
    """Print gap tables per kind (``table``) or return CSV / JSON of all rows."""
    if fmt == "json":
        return json.dumps(df.to_dicts(), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return df.write_csv()
    con = console or wide_console()
    if df.height == 0:
        con.print("no gaps found")
        return None
    summary = Table(title="缺口 Linkage gaps")
    summary.add_column("kind")
    summary.add_column("count", justify="right")
    for kind in GAP_KINDS:
        n = df.filter(pl.col("kind") == kind).height
        if n:
            summary.add_row(kind, f"{n:,}")
    con.print(summary)
    for kind in GAP_KINDS:
        part = df.filter(pl.col("kind") == kind)
        if not part.height:
            continue
        t = Table(
            title=kind,
            caption=(
                f"first {limit} of {part.height:,} (--format csv for all)"
                if part.height > limit
                else None
            ),
        )
        for label in ("scope", "item", "label", "detail", "documents"):
            t.add_column(label, overflow="fold")
        for r in part.head(limit).iter_rows(named=True):
            scope = f"{r['scope_name']} {r['scope']}".strip()
            item = r["item"] if not r["item"].startswith("http") else r["item"].rsplit("/", 1)[-1]
            t.add_row(scope or "—", item, r["label"], r["detail"], r["documents"] or "—")
        con.print(t)
    return None
