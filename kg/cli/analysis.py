"""The analysis commands: `kg coverage` and `kg gaps`."""

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

_SCOPE_HELP = "A division code (511681) or an unambiguous name (华蓥市). 范围：区划代码或名称。"
_BY_HELP = "Rows per county | township | prefecture | province. 统计层级。"


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


@app.command()
def coverage(
    scope: str | None = typer.Option(None, "--scope", help=_SCOPE_HELP),
    by: str = typer.Option("county", "--by", help=_BY_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    table: list[str] = typer.Option(
        [],
        "--table",
        "-t",
        help="units | comparison | matching | measures (repeatable). Default: all four as "
        "tables or JSON; units as CSV (CSV takes one). On a national graph, measures "
        "read the whole organisation graph: leave them out for speed.",
    ),
    out: str = typer.Option("-", "--out", "-o", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Coverage per unit, the comparison across jurisdictions, claims vs named links,
    network measures.

    覆盖情况：各单位具名帮扶与声称数字、各辖区对比、声称匹配度、网络指标。
    """
    from kg.analysis.report import COVERAGE_TABLES, FORMATS, coverage_report
    from kg.cli.render import render_coverage

    if fmt not in FORMATS:
        raise fail(f"--format {fmt}: one of {', '.join(FORMATS)}")
    for t in table:
        if t not in COVERAGE_TABLES:
            raise fail(f"--table {t}: one of {', '.join(COVERAGE_TABLES)}")
    if fmt == "csv" and len(table) > 1:
        raise fail("--table: CSV holds one table; give one --table (or use --format json)")
    tables = tuple(table) or (("units",) if fmt == "csv" else COVERAGE_TABLES)
    with _analysis_inputs(store, scope) as (data, gz, code):
        rep = coverage_report(data, gz, scope=code, level=by, tables=tables)
    emit(render_coverage(rep, fmt, tables[0]), out)


@app.command()
def gaps(
    scope: str | None = typer.Option(None, "--scope", help=_SCOPE_HELP),
    by: str = typer.Option("county", "--by", help=_BY_HELP),
    kind: list[str] = typer.Option(
        [],
        "--kind",
        "-k",
        help="Only these kinds (repeatable): village-without-helper, "
        "unit-without-helper, helper-without-target, "
        "unresolved-place, registry-mismatch, claim-conflict, "
        "claim-unnamed, program-without-owner, "
        "money-without-purpose.",
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    limit: int = typer.Option(20, "--limit", help="Rows shown per kind in the table view."),
    out: str = typer.Option("-", "--out", "-o", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Linkage gaps: villages with no helper, helpers with no target, claims that
    contradict the registry or each other, programmes with no owner, money with no purpose.

    缺口：无帮扶的村、无对象的帮扶方、与区划或彼此矛盾的数字、无责任单位的项目、无用途的资金。
    """
    from kg.analysis.report import FORMATS, gaps_report
    from kg.cli.render import render_gaps

    if fmt not in FORMATS:
        raise fail(f"--format {fmt}: one of {', '.join(FORMATS)}")
    with _analysis_inputs(store, scope) as (data, gz, code):
        df = gaps_report(data, gz, scope=code, level=by, kinds=tuple(kind) or None)
    emit(render_gaps(df, fmt, limit=limit), out)
