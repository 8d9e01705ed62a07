"""Terminal tables, CSV and JSON of what the commands show (`kg coverage`, `gaps`,
`money`, `query`).

Tables fit the terminal they are printed on: long text folds onto more lines,
a column that holds division codes is never narrower than a code (12 digits),
and a table too wide for the terminal even so is printed as one small
field | value table per row instead. When stdout is not a terminal (a pipe, a
file), nothing is folded or cut: every value comes out whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from ingest.errors import InputError
from kg.analysis.coverage import COMPARE_LABELS
from kg.analysis.gaps import GAP_KINDS
from kg.analysis.report import COVERAGE_TABLES, jsonable

__all__ = [
    "eval_table",
    "print_table",
    "render_coverage",
    "render_gaps",
    "render_money",
    "render_query",
    "wide_console",
]

UNLIMITED = 100_000
"""Console width when stdout is not a terminal: tables at their natural width, values whole."""
CODE_WIDTH = 12


def wide_console() -> Console:
    """The terminal's own width; when stdout is not a terminal, no width limit at all."""
    con = Console()
    return con if con.is_terminal else Console(width=UNLIMITED)


def _table(**kw: Any) -> Table:
    """A compact table: a rule under the header, no outer frame (more room for values)."""
    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        **kw,
    )


_SHORT_TOKEN = 12  # a code, a number, a short word: never split across lines
_MIN_COLUMN = 4


def _lines(v: Any) -> list[str]:
    return str(v).split("\n")


def _min_width(values: Sequence[Any]) -> int:
    """The narrowest a column may be: its widest ASCII token of up to 12 cells
    (division codes, numbers, short words) stays whole; other text folds."""
    widest = _MIN_COLUMN
    for v in values:
        for line in _lines(v):
            for tok in line.split():
                n = cell_len(tok)
                if n <= _SHORT_TOKEN and tok.isascii():
                    widest = max(widest, n)
    return widest


def _natural_width(label: str, values: Sequence[Any]) -> int:
    return max(
        [cell_len(x) for x in _lines(label)] + [cell_len(x) for v in values for x in _lines(v)]
    )


def _allocate(labels: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> list[int] | None:
    """Column widths that fit ``width`` (natural widths when they do), or None when
    even the narrowest allowed widths do not fit."""
    n = len(labels)
    overhead = 2 * (n - 1)
    cols = [[r[i] for r in rows] for i in range(n)]
    natural = [_natural_width(label, c) for label, c in zip(labels, cols, strict=False)]
    if sum(natural) + overhead <= width:
        return natural
    low = [min(_min_width(c), m) for c, m in zip(cols, natural, strict=False)]
    if sum(low) + overhead > width:
        return None
    widths = list(low)
    spare = width - overhead - sum(widths)
    for i in sorted(range(n), key=lambda k: natural[k]):  # narrow columns whole first
        need = natural[i] - widths[i]
        if natural[i] <= 2 * _SHORT_TOKEN and 0 < need <= spare:
            widths[i] += need
            spare -= need
    while spare > 0:
        gaps = [m - w for m, w in zip(natural, widths, strict=False)]
        i = max(range(n), key=lambda k: (gaps[k] / max(natural[k], 1), gaps[k]))
        if gaps[i] <= 0:
            break
        widths[i] += 1
        spare -= 1
    return widths


def _print(
    con: Console,
    title: str | None,
    labels: Sequence[str],
    rows: Sequence[Sequence[Any]],
    caption: str | None = None,
    card_title: Callable[[Sequence[Any]], str] | None = None,
) -> None:
    """A table of ``rows`` that fits ``con``: columns folded to the terminal's width,
    or one field | value table per row when even that cannot fit."""
    rows = [tuple(str(c) for c in r) for r in rows]
    if title:
        con.print(title, highlight=False, markup=False, style="bold")
    widths = None if con.width >= UNLIMITED else _allocate(labels, rows, con.width)
    if con.width >= UNLIMITED or widths is not None:
        t = _table()
        for i, label in enumerate(labels):
            t.add_column(label, overflow="fold", width=widths[i] if widths else None)
        for r in rows:
            t.add_row(*r)
        con.print(t)
    else:
        flat = [label.replace("\n", " ") for label in labels]
        left = min(max(cell_len(f) for f in flat), max(8, con.width // 3))
        for r in rows:
            card = _table(show_header=False)
            card.add_column("field", overflow="fold", width=left)
            card.add_column("value", overflow="fold", width=max(_SHORT_TOKEN, con.width - left - 2))
            if card_title:
                con.print(card_title(r), highlight=False, markup=False, style="bold")
            for label, value in zip(flat, r, strict=False):
                card.add_row(label, value)
            con.print(card)
    if caption:
        con.print(caption, highlight=False, markup=False, style="dim")


def print_table(
    con: Console,
    title: str | None,
    labels: Sequence[str],
    rows: Sequence[Sequence[Any]],
    caption: str | None = None,
) -> None:
    """Any table of the CLI, fitted to ``con`` like the analysis tables."""
    _print(con, title, labels, rows, caption=caption)


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


# ------------------------------------------------------------------ coverage
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
        _measures_table(con, rep["measures"], rep.get("scope"))
    return None


def _pair(a: Any, b: Any) -> str:
    return f"{_num(a)} / {_num(b)}"


def _units_table(con: Console, rep: dict[str, Any]) -> None:
    u: pl.DataFrame = rep["units"]
    labels = (
        "代码 code",
        "名称 name",
        "registry\n村/社区",
        "named 具名\n村/社区",
        "share",
        "helpers\n帮扶方",
        "helpers\nper 村",
        "claimed 声称\n贫困/非贫困/村",
        "全覆盖\nfull",
        "工作队\nteams",
        "干部/村\ncadres",
        "claims",
        "docs",
    )
    rows = []
    for r in u.iter_rows(named=True):
        share = r["helped_share"]
        rows.append(
            (
                f"{r['code']:012d}",
                r["name"],
                _pair(r["villages"], r["communities"]),
                _pair(r["helped_villages"], r["helped_communities"]),
                "—" if share is None else f"{share:.1%}",
                _num(r["helpers"]),
                _num(r["helpers_per_helped_village"]),
                " / ".join(
                    _num(r[k])
                    for k in (
                        "claimed_poor_villages",
                        "claimed_nonpoor_villages",
                        "claimed_villages",
                    )
                ),
                _num(r["claimed_full_coverage"]),
                _num(r["claimed_work_teams"]),
                _num(r["cadres_per_village"]),
                _num(r["claims"]),
                _num(r["documents"]),
            )
        )
    _print(
        con,
        f"覆盖 Coverage by {rep['level']}: named = explicit links to registry units; "
        "claimed = the reports' aggregate claims",
        labels,
        rows,
        caption=f"{u.height} unit(s); registry {rep['registry_edition']}. "
        "村/社区 = 村委会 / 社区 below the unit",
        card_title=lambda r: f"{r[1]} {r[0]}",
    )


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
    labels = (
        "辖区 place",
        "report",
        "year",
        "registry\n村/社区",
        *[COMPARE_LABELS[c].replace(" ", "\n", 1) for c in used],
        "named\n具名村",
        "registry\ncheck",
    )
    notes: list[str] = []
    out = []
    for r in rows:
        cells = []
        for c in used:
            cell = _num(r.get(c))
            if c == "work_teams" and r.get("members"):
                cell += f" ({_num(r['members'])})"
            cells.append(cell)
        out.append(
            (
                f"{r['place']}\n{r['code']}",
                r["document"],
                (r["date"] or "")[:4] or "—",
                f"{r['registry_villages']:,} / {r['registry_communities']:,}",
                *cells,
                _num(r["named_villages_helped"]),
                f"≠ see [{len(notes) + 1}]" if r["registry_check"] else "—",
            )
        )
        notes += r["registry_check"]
    _print(
        con,
        "各辖区对比 Comparison across jurisdictions: the figures each report gives",
        labels,
        out,
        caption="registry = 2023 村委会 / 社区 below the place; work teams shown as "
        "count (members); named = villages the report links to a named helper",
        card_title=lambda r: f"{r[0].replace(chr(10), ' ')} · {r[1]}",
    )
    for i, note in enumerate(notes, 1):
        con.print(f"[{i}] {note}", highlight=False, markup=False)


def _matching_table(con: Console, rows: list[dict[str, Any]]) -> None:
    labels = (
        "place",
        "claim",
        "report",
        "claimed",
        "named",
        "matched",
        "still\nunnamed",
        "registry units with no named helper (first)",
    )
    out = [
        (
            f"{r['place']}\n{r['scope']}",
            r["claim"],
            r["document"],
            _num(r["claimed"]),
            _num(r["named"]),
            f"{r['matched_share']:.0%}",
            _num(r["still_unnamed"]),
            f"{r['registry_villages_without_named_helper']:,}: " + "、".join(r["candidates"][:5]),
        )
        for r in rows
    ]
    _print(
        con,
        "声称与具名证据 Claims matched by named links",
        labels,
        out,
        caption="every unit without a named helper: kg gaps --kind village-without-helper",
        card_title=lambda r: f"{r[0].replace(chr(10), ' ')} · {r[1]}",
    )


def _measures_table(con: Console, m: dict[str, Any], scope: str | None = None) -> None:
    hl, vr, cc = m["helper_load"], m["village_redundancy"], m["components"]
    cb = m["coordinating_bodies"]
    where = f" inside {scope}" if scope else ""
    rows = [
        (
            "helper load 帮扶负荷 (targets per helper)",
            f"{hl['n']} helpers; mean {_num(hl['mean'])}, median {_num(hl['median'])}, "
            f"max {_num(hl['max'])}",
        ),
        ("top helpers", "; ".join(f"{x['label']} {x['targets']}" for x in hl["top"][:5]) or "—"),
        (
            "village redundancy 冗余 (helpers per village)",
            f"{vr['n']} villages; mean {_num(vr['mean'])}, max {_num(vr['max'])}, "
            f"{vr['with_two_or_more']} with ≥ 2 helpers",
        ),
        ("components 连通分量", f"{cc['count']}; largest {cc['largest']} nodes"),
        (
            f"coordinating bodies 协调中心 (betweenness, {cb['betweenness']}; "
            f"{cb['graph_nodes']} nodes)",
            "; ".join(f"{x['label']} {x['betweenness']}" for x in cb["top"][:8]) or "—",
        ),
    ]
    _print(
        con,
        f"网络指标 Network measures (explicit links{where})",
        ("measure", "value"),
        rows,
        caption=m.get("note"),
    )


# ---------------------------------------------------------------------- gaps
def render_gaps(
    df: pl.DataFrame, fmt: str, *, limit: int | None = 20, console: Console | None = None
) -> str | None:
    """Print gap tables per kind (``table``; ``limit`` rows each, None for all) or
    return CSV / JSON of all rows."""
    if fmt == "json":
        return json.dumps(df.to_dicts(), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return df.write_csv()
    con = console or wide_console()
    if df.height == 0:
        con.print("no gaps found")
        return None
    counts = [
        (kind, f"{n:,}") for kind in GAP_KINDS if (n := df.filter(pl.col("kind") == kind).height)
    ]
    _print(con, "缺口 Linkage gaps", ("kind", "count"), counts)
    for kind in GAP_KINDS:
        part = df.filter(pl.col("kind") == kind)
        if not part.height:
            continue
        shown = part if limit is None else part.head(limit)
        caption = (
            f"first {limit} of {part.height:,} (--all, or --format csv for every row)"
            if shown.height < part.height
            else None
        )
        rows = []
        for r in shown.iter_rows(named=True):
            scope = f"{r['scope_name']} {r['scope']}".strip()
            item = r["item"] if not r["item"].startswith("http") else r["item"].rsplit("/", 1)[-1]
            rows.append((scope or "—", item, r["label"], r["detail"], r["documents"] or "—"))
        _print(
            con,
            kind,
            ("scope", "item", "label", "detail", "documents"),
            rows,
            caption=caption,
            card_title=lambda r: f"{r[1]} {r[2]}",
        )
    return None


# --------------------------------------------------------------------- money
_LEFT_OUT = {
    "rate": "rate(s) 户均/人均",
    "cumulative": "cumulative 累计",
    "part": "part(s) 其中",
    "no-purpose": "with no purpose",
}


def render_money(
    rep: dict[str, Any],
    fmt: str,
    *,
    table: str = "totals",
    limit: int | None = 20,
    console: Console | None = None,
) -> str | None:
    """Print the money summary (``table``), or return its CSV (``table``: totals or
    left-out) or JSON (both)."""
    totals: pl.DataFrame = rep["totals"]
    left: pl.DataFrame = rep["left_out"]
    if fmt == "json":
        return json.dumps(jsonable(rep, code_strings=False), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return (totals if table == "totals" else left).write_csv()
    con = console or wide_console()
    by = rep["by"]
    key_label = {"report": "report 报告", "place": "place 地点", "helper": "helper 帮扶方"}[by]
    rows = [
        (
            r["key"],
            r["name"] or "—",
            f"{r['total']:,.0f}",
            _num(r["amounts"]),
            _num(r["approximate"]) if r["approximate"] else "",
            _num(r["at_least"]) if r["at_least"] else "",
            r["documents"],
        )
        for r in totals.iter_rows(named=True)
    ]
    where = f" in {rep['scope_name']} {rep['scope']}" if rep.get("scope") else ""
    _print(
        con,
        f"资金 Money by {by}{where} (yuan 元): amounts with a purpose or recipient",
        (
            key_label,
            "name",
            "total 合计",
            "amounts",
            "approx.\n约数",
            "at least\n以上",
            "documents",
        ),
        rows,
        caption=f"{rep['counted']:,} amount(s), {rep['total']:,.0f} yuan in all"
        + (
            "; left out (below): "
            + ", ".join(f"{n} {_LEFT_OUT[k]}" for k, n in rep["left_out_counts"].items())
            if left.height
            else ""
        ),
        card_title=lambda r: f"{r[0]} {r[1]}",
    )
    if left.height:
        shown = left if limit is None else left.head(limit)
        _print(
            con,
            "未计入 Left out of the totals, and why",
            ("amount", "yuan", "why 原因", "document", "place"),
            [
                (
                    r["label"],
                    f"{r['value']:,.0f}",
                    r["reason"],
                    r["document"],
                    f"{r['place']} {r['code']}".strip() or "—",
                )
                for r in shown.iter_rows(named=True)
            ],
            caption=(
                f"first {limit} of {left.height:,} (--all, or --format csv --table left-out)"
                if shown.height < left.height
                else None
            ),
        )
    return None


def eval_table(report: Any, *, title: str, console: Console | None = None) -> None:
    """The score report of `kg eval` / `kg train --cv`: P/R/F1 per type, strict and lenient."""
    from ingest.eval import ENTITY_TYPES, entity_micro

    table = Table(title=title)
    for col in ("type", "P", "R", "F1", "lenient P", "lenient R", "lenient F1", "tp/fp/fn"):
        table.add_column(col, justify="right" if col != "type" else "left")

    def row(name: str, s: Any, lax: Any, **kw: Any) -> None:
        table.add_row(
            name,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            f"{lax.precision:.3f}",
            f"{lax.recall:.3f}",
            f"{lax.f1:.3f}",
            f"{s.tp}/{s.fp}/{s.fn}",
            **kw,
        )

    for t in (*ENTITY_TYPES, "QUANTITY", "LINK"):
        s, lax = report.strict.get(t), report.lenient.get(t)
        if s is not None and lax is not None:
            row(t, s, lax)
    row(
        "entities (micro)",
        entity_micro(report, "strict"),
        entity_micro(report, "lenient"),
        style="bold",
    )
    out = console or Console()
    out.print(table)
    data = report.as_dict()
    out.print(
        f"PLACE code accuracy: {data['place_code_accuracy']:.3f}   "
        f"MONEY value accuracy: {data['money_value_accuracy']:.3f}"
    )


# --------------------------------------------------------------------- query
def _term_text(t: Any) -> str:
    from kg.sparql import PREFIXES

    if t is None:
        return ""
    value = t.value
    if type(t).__name__ == "NamedNode":
        for p, ns in PREFIXES.items():
            if value.startswith(ns) and value[len(ns) :].replace("_", "a").isalnum():
                return f"{p}:{value[len(ns) :]}"
    return value


def render_query(res: Any, *, limit: int | None = None, console: Console | None = None) -> None:
    """A SELECT result as a table (vocabulary IRIs as prefixed names, ``kg:helps``)."""
    con = console or wide_console()
    rows = [
        [_term_text(t) for t in row] for row in (res.rows if limit is None else res.rows[:limit])
    ]
    _print(con, None, res.variables, rows, caption=f"{len(res.rows):,} row(s)")
