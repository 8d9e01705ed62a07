"""The analysis commands: `kg coverage`, `kg gaps` and `kg money`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from kg.cli._app import app
from kg.cli._common import STORE_HELP, emit, fail, open_store

if TYPE_CHECKING:
    from ingest.gazetteer import Gazetteer
    from kg.analysis.data import AnalysisData

_SCOPE_HELP = (
    "A division code (511681) or an unambiguous name (华蓥市, or Traditional 華鎣市); "
    "every table is limited to it. 范围：区划代码或名称。"
)
_BY_HELP = "Rows per county | township | prefecture | province. 统计层级。"
_FMT_HELP = "table | csv | json"
_OUT_HELP = "Output file for CSV or JSON (- for stdout)."


@contextmanager
def _analysis_inputs(
    store: str | None, scope: str | None
) -> Iterator[tuple[AnalysisData, Gazetteer, str | None]]:
    """(analysis data over the store opened read-only, registry, scope code); the store
    is closed when the block ends."""
    from ingest.gazetteer import load_gazetteer
    from kg.analysis import load
    from kg.analysis.report import resolve_scope

    gz = load_gazetteer()
    code = resolve_scope(gz, scope)
    with open_store(store, read_only=True, create=False) as st:
        yield load(st), gz, code


def _check_format(fmt: str) -> None:
    from kg.analysis.report import FORMATS

    if fmt not in FORMATS:
        raise fail(f"--format {fmt}: unknown format; one of {', '.join(FORMATS)}")


@app.command()
def coverage(
    scope: str | None = typer.Option(None, "--scope", metavar="CODE|NAME", help=_SCOPE_HELP),
    by: str = typer.Option("county", "--by", metavar="LEVEL", help=_BY_HELP),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FMT", help=_FMT_HELP),
    table: list[str] = typer.Option(
        [],
        "--table",
        "-t",
        metavar="TABLE",
        help="units | comparison | matching | measures (repeatable). Default: all four as "
        "tables or JSON; units as CSV (CSV takes one). On a national graph, measures "
        "read the whole organisation graph: leave them out for speed.",
    ),
    out: str = typer.Option("-", "--out", "-o", metavar="FILE", help=_OUT_HELP),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
) -> None:
    """Coverage per unit, the comparison across jurisdictions, claims vs named links,
    network measures.

    覆盖情况：各单位具名帮扶与声称数字、各辖区对比、声称匹配度、网络指标。
    """
    from kg.analysis.report import COVERAGE_TABLES, coverage_report
    from kg.cli.render import render_coverage

    _check_format(fmt)
    for t in table:
        if t not in COVERAGE_TABLES:
            raise fail(f"--table {t}: unknown table; one of {', '.join(COVERAGE_TABLES)}")
    if fmt == "csv" and len(table) > 1:
        raise fail("--table: CSV holds one table; give one --table (or use --format json)")
    tables = tuple(table) or (("units",) if fmt == "csv" else COVERAGE_TABLES)
    with _analysis_inputs(store, scope) as (data, gz, code):
        rep = coverage_report(data, gz, scope=code, level=by, tables=tables)
    emit(render_coverage(rep, fmt, tables[0]), out)


@app.command()
def gaps(
    scope: str | None = typer.Option(None, "--scope", metavar="CODE|NAME", help=_SCOPE_HELP),
    by: str = typer.Option("county", "--by", metavar="LEVEL", help=_BY_HELP),
    kind: list[str] = typer.Option(
        [],
        "--kind",
        "-k",
        metavar="KIND",
        help="Only these kinds (repeatable): village-without-helper, "
        "unit-without-helper, helper-without-target, "
        "unresolved-place, registry-mismatch, claim-conflict, "
        "claim-unnamed, program-without-owner, "
        "money-without-purpose.",
    ),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FMT", help=_FMT_HELP),
    limit: int = typer.Option(
        20,
        "--limit",
        metavar="N",
        min=1,
        help="Rows shown per kind in the table (CSV and JSON give every row).",
    ),
    show_all: bool = typer.Option(False, "--all", help="Show every row of every kind."),
    out: str = typer.Option("-", "--out", "-o", metavar="FILE", help=_OUT_HELP),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
) -> None:
    """Linkage gaps: villages with no helper, helpers with no target, claims that
    contradict the registry or each other, programmes with no owner, money with no purpose.

    缺口：无帮扶的村、无对象的帮扶方、与区划或彼此矛盾的数字、无责任单位的项目、无用途的资金。
    """
    from kg.analysis.report import gaps_report
    from kg.cli.render import render_gaps

    _check_format(fmt)
    with _analysis_inputs(store, scope) as (data, gz, code):
        df = gaps_report(data, gz, scope=code, level=by, kinds=tuple(kind) or None)
    emit(render_gaps(df, fmt, limit=None if show_all else limit), out)


@app.command()
def money(
    scope: str | None = typer.Option(None, "--scope", metavar="CODE|NAME", help=_SCOPE_HELP),
    by: str = typer.Option(
        "report",
        "--by",
        metavar="KEY",
        help="Totals per report | place | helper (the named helpers of the amount's sentence).",
    ),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FMT", help=_FMT_HELP),
    table: str = typer.Option(
        "totals",
        "--table",
        "-t",
        metavar="TABLE",
        help="For CSV: totals | left-out (JSON holds both).",
    ),
    limit: int = typer.Option(
        20, "--limit", metavar="N", min=1, help="Left-out amounts shown in the table."
    ),
    show_all: bool = typer.Option(False, "--all", help="Show every left-out amount."),
    out: str = typer.Option("-", "--out", "-o", metavar="FILE", help=_OUT_HELP),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
) -> None:
    """Money totals per report, place or helper, and the amounts left out of them, with why.

    Rates (户均, 人均), cumulative figures (累计), parts of a total (其中) and
    amounts with no purpose or recipient are not added up; each is listed
    with its reason. 资金合计（按报告、地点或帮扶方），并列出未计入的金额及原因。
    """
    from kg.analysis.money import MONEY_BY
    from kg.analysis.money import money as money_summary
    from kg.cli.render import render_money

    _check_format(fmt)
    if by not in MONEY_BY:
        raise fail(f"--by {by}: unknown; one of {', '.join(MONEY_BY)}")
    if table not in ("totals", "left-out"):
        raise fail(f"--table {table}: unknown table; one of totals, left-out")
    with _analysis_inputs(store, scope) as (data, gz, code):
        rep = money_summary(data, gz, by=by, scope=code)
    emit(render_money(rep, fmt, table=table, limit=None if show_all else limit), out)
