"""The `kg` command line: thin commands over the plain functions of each stage.

JSON lines go to stdout; messages and progress go to stderr. Logging is
configured here and nowhere else.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from kg import __version__

app = typer.Typer(
    name="kg",
    help="bangfu-kg: who helps whom in China's poverty-alleviation reports (帮扶知识图谱).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """bangfu-kg (帮扶知识图谱)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


# --- kg place (gazetteer) ---------------------------------------------------
@app.command("place")
def place(
    query: str = typer.Argument(..., help="A name or short form (广安, 大通县) or a code (511681)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
) -> None:
    """A registry unit: its chain up, counts below, and candidates when ambiguous."""
    import json

    from rich.table import Table

    from kg.errors import KGError
    from kg.gazetteer import load_gazetteer, place_info

    try:
        info = place_info(load_gazetteer(), query)
    except KGError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    out = Console()
    if not info["matches"] and not info["historical"]:
        err.print(f"no unit named {info['query']!r} in the 2023 registry")
        raise typer.Exit(1)
    def chain_of(m: dict) -> str:
        names = [a["name"] for a in m["chain"] if a["name"] not in ("市辖区", "县")]
        return " › ".join(names) or "—"

    if len(info["matches"]) == 1:
        m = info["matches"][0]
        u = m["unit"]
        table = Table(title=f"{u['name']} ({u['code']})", show_header=False)
        table.add_row("level", f"{u['level']} ({u['kind']})")
        table.add_row("chain", chain_of(m))
        for key, n in m["counts"].items():
            table.add_row(key, f"{n:,}")
        out.print(table)
    elif info["matches"]:
        shown = len(info["matches"])
        table = Table(title=f"{info['query']}: {info['total']} candidates (showing {shown})")
        table.add_column("code", no_wrap=True)
        table.add_column("name", no_wrap=True)
        for col in ("level", "chain", "villages", "communities"):
            table.add_column(col)
        for m in info["matches"]:
            u = m["unit"]
            table.add_row(
                u["code"], u["name"], u["kind"] if u["level"] == "village" else u["level"],
                chain_of(m), f"{m['counts']['village']:,}", f"{m['counts']['community']:,}",
            )
        out.print(table)
    for h in info["historical"]:
        s = h["successor"]
        out.print(
            f"historical: {h['name']} ({h['first_year']}–{h['last_year']}) → "
            f"{s['name']} ({s['code']})"
        )


def _fail(message: str) -> typer.Exit:
    from rich.markup import escape

    err.print(f"[red]kg: error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or directories (.txt .html .docx .pdf)."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One compact JSON object per line."),
    config: Path | None = typer.Option(None, help="A pipeline config (default: the packaged one)."),
    max_mb: float = typer.Option(20.0, help="Reject files larger than this many megabytes."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", min=1,
        help="Worker processes (default: one per usable CPU, at most one per file; "
             "each holds the gazetteer, about 0.5 GB). 1 extracts in this process."),
) -> None:
    """Extract entities, quantities and links: one JSON object per document on stdout.

    抽取实体、数量与关系：每个文件输出一个 JSON 对象。
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ingest.pipeline import collect_inputs, default_jobs, extract_paths
    from kg.errors import KGError

    files, failed = collect_inputs(paths)
    jobs = jobs or default_jobs(len(files))
    show = any(p.is_dir() for p in paths) and len(files) > 1
    progress = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), console=err, transient=True,
                        disable=not show)
    ok = 0
    try:
        with progress:
            task = progress.add_task("", total=len(files))
            for res in extract_paths(files, config=config, max_bytes=int(max_mb * 1024 * 1024),
                                     jobs=jobs):
                progress.update(task, advance=1, description=res.path.name)
                if res.ok:
                    ok += 1
                    if jsonl:
                        typer.echo(json.dumps(res.record, ensure_ascii=False))
                    else:
                        typer.echo(json.dumps(res.record, ensure_ascii=False, indent=2))
                else:
                    failed.append(res)
                    err.print(f"kg: {res.path}: {res.error}", highlight=False, soft_wrap=True,
                              markup=False)
    except KGError as exc:
        raise _fail(str(exc)) from exc
    if failed:
        err.print(f"kg: extracted {ok} document(s); {len(failed)} failed:", highlight=False)
        for res in failed:
            err.print(f"  {res.path}: {res.error}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    predictions: Path = typer.Argument(..., help="`kg extract --jsonl` output."),
    gold_dirs: list[Path] = typer.Argument(..., help="Directories of gold files (ANNOTATION.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
) -> None:
    """Score extraction output against gold files: P/R/F1 per type, strict and lenient.

    按标注指南评分：各类型的准确率、召回率与 F1。
    """
    from rich.table import Table

    from kg.errors import KGError
    from kg.eval import ENTITY_TYPES, entity_micro, load_gold, read_jsonl, score

    try:
        report = score(read_jsonl(predictions), load_gold(gold_dirs))
    except KGError as exc:
        raise _fail(str(exc)) from exc
    if not report.docs:
        raise _fail("no predicted document has a gold file")
    data = report.as_dict()
    ent_s, ent_l = entity_micro(report, "strict"), entity_micro(report, "lenient")
    data["entities_micro"] = {"strict": ent_s.as_dict(), "lenient": ent_l.as_dict()}
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(report.docs)} document(s) scored")
    for col in ("type", "P", "R", "F1", "lenient P", "lenient R", "lenient F1", "tp/fp/fn"):
        table.add_column(col, justify="right" if col != "type" else "left")
    rows = [*ENTITY_TYPES, "QUANTITY", "LINK"]
    for t in rows:
        s, lax = report.strict.get(t), report.lenient.get(t)
        if s is None or lax is None:
            continue
        table.add_row(t, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      f"{lax.precision:.3f}", f"{lax.recall:.3f}", f"{lax.f1:.3f}",
                      f"{s.tp}/{s.fp}/{s.fn}")
    table.add_row("entities (micro)", f"{ent_s.precision:.3f}", f"{ent_s.recall:.3f}",
                  f"{ent_s.f1:.3f}", f"{ent_l.precision:.3f}", f"{ent_l.recall:.3f}",
                  f"{ent_l.f1:.3f}", f"{ent_s.tp}/{ent_s.fp}/{ent_s.fn}", style="bold")
    out = Console()
    out.print(table)
    out.print(f"PLACE code accuracy: {data['place_code_accuracy']:.3f}   "
              f"MONEY value accuracy: {data['money_value_accuracy']:.3f}")
    if report.missing_gold:
        err.print(f"no gold for: {', '.join(report.missing_gold)}", highlight=False)


@app.command()
def demo(
    out: Path = typer.Option(Path("out"), help="Where to write demo.jsonl."),
) -> None:
    """The main job on the bundled sample corpus: extract, show, score.

    在自带样例语料上运行：抽取、展示、评分。
    """
    from rich.table import Table

    from kg.demo import run_demo
    from kg.errors import KGError
    from kg.eval import entity_micro

    try:
        res = run_demo(out_dir=out)
    except KGError as exc:
        raise _fail(str(exc)) from exc
    table = Table(title="样例语料抽取结果 (sample corpus extraction)")
    for col in ("document 文档", "jurisdiction 辖区", "code 区划代码", "entities 实体",
                "quantities 数量", "links 关系"):
        table.add_column(col)
    for row in res.rows():
        table.add_row(row["doc"], row["jurisdiction"] or "—", row["code"] or "—",
                      " ".join(f"{k}:{v}" for k, v in sorted(row["entities"].items())),
                      str(row["quantities"]),
                      " ".join(f"{k}:{v}" for k, v in sorted(row["links"].items())))
    from kg.analysis.report import wide_console

    con = wide_console()
    con.print(table)
    if res.report is not None and res.report.docs:
        ent = entity_micro(res.report, "strict")
        con.print(f"against the corpus's gold: entities F1 {ent.f1:.3f} (strict), "
                  f"quantities F1 {res.report.lenient['QUANTITY'].f1:.3f}, "
                  f"links F1 {res.report.lenient['LINK'].f1:.3f} (lenient), "
                  f"PLACE codes {res.report.place_code.value:.3f}")
    con.print(f"records written to {res.output}")
    if res.store is not None:
        con.print(f"graph: {res.documents_in_store} document(s) in {res.store} "
                  f"(+{res.quads_added} quads this run); try "
                  f"kg query --store {res.store} 'SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }}'")
    if res.coverage is not None:
        from kg.analysis.report import render_coverage

        cov = {k: v for k, v in res.coverage.items() if k != "matching"}
        render_coverage(cov, "table", console=con)
        con.print("gaps 缺口: " + ", ".join(f"{k} {v}" for k, v in res.gap_counts.items())
                  + f"; details: kg gaps --store {res.store}", highlight=False)
    for path, reason in res.failed:
        err.print(f"kg: {path}: {reason}", highlight=False, markup=False)
    if res.failed:
        raise typer.Exit(1)


# --- the graph: kg build / query / export / validate / remove (issue 4) --------
_STORE_HELP = "Store directory (default: setting KG_STORE, else ./kg-store). 存储目录。"


def _open_store(store: str | None, *, read_only: bool = False, create: bool = True):
    from kg.settings import get_settings
    from kg.store import open_store

    return open_store(store or get_settings().store, read_only=read_only, create=create)


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Report files or directories."),
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
    config: Path | None = typer.Option(None, help="A pipeline config (default: the packaged one)."),
    max_mb: float = typer.Option(20.0, help="Reject files larger than this many megabytes."),
    force: bool = typer.Option(False, "--force",
                               help="Re-extract and re-map unchanged files too (after a change of "
                                    "rules or extractor)."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", min=1,
        help="Extraction worker processes (default: one per usable CPU, at most one per file "
             "to extract). Loading stays in this process, in input order."),
) -> None:
    """Extract, map and load reports into the store (idempotent by sha256).

    抽取、映射并载入图谱：未变的文件跳过，改动的文件替换其旧图。
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg.errors import KGError
    from kg.graph import build as build_graph
    from kg.settings import get_settings

    progress = Progress(TextColumn("build"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), console=err, transient=True)
    task = progress.add_task("", total=None)
    try:
        st = _open_store(store)
        with progress:
            report = build_graph(
                paths, st, base=get_settings().base, config=config,
                max_bytes=int(max_mb * 1024 * 1024), force=force, jobs=jobs,
                on_start=lambda n: progress.update(task, total=n),
                on_file=lambda o: progress.update(task, advance=1, description=o.path.name),
            )
        total = len(st)
        st.close()
    except KGError as exc:
        raise _fail(str(exc)) from exc
    except KeyboardInterrupt:
        err.print("kg: interrupted; the store keeps the documents loaded before this one "
                  "(each document is one transaction)", highlight=False)
        raise typer.Exit(130) from None
    for o in report.failed:
        err.print(f"kg: {o.path}: {o.error}", highlight=False, markup=False, soft_wrap=True)
    remapped = f"remapped {report.count('remapped')}, " if force else ""
    err.print(f"loaded {report.count('loaded')}, replaced {report.count('replaced')}, {remapped}"
              f"unchanged {report.count('unchanged')}, failed {len(report.failed)}; "
              f"+{report.added} quads ({total} in store)", highlight=False)
    if report.failed:
        raise typer.Exit(1)


def _binding(text: str):
    from rdflib import Literal, URIRef

    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise typer.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--bind")
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return name.strip(), URIRef(value[1:-1])
    if value.lstrip("-").isdigit():
        return name.strip(), Literal(int(value))
    return name.strip(), Literal(value)


@app.command()
def query(
    sparql: str = typer.Argument(..., help="A SPARQL query, a .rq file, or - for stdin."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv"),
    bind: list[str] = typer.Option([], "--bind", "-b",
                                   help="NAME=VALUE substituted for ?NAME (<iri>, integer or text)."),
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
) -> None:
    """Run a SPARQL query over all graphs (their union is the default graph).

    在图谱上运行 SPARQL 查询（默认图为所有文档图之并）。
    """
    import sys

    from rich.table import Table

    from kg.errors import KGError
    from kg.graph import RESULT_FORMATS, format_result
    from kg.settings import get_settings

    if fmt not in RESULT_FORMATS:
        raise _fail(f"unknown format {fmt!r}; one of {', '.join(RESULT_FORMATS)}")
    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.endswith(".rq") and Path(sparql).is_file():
        sparql = Path(sparql).read_text(encoding="utf-8")
    try:
        bindings = dict(_binding(b) for b in bind)
        st = _open_store(store, read_only=True, create=False)
        res = st.query(sparql, bindings)
    except typer.BadParameter as exc:
        raise _fail(str(exc)) from exc
    except KGError as exc:
        raise _fail(str(exc)) from exc
    if fmt != "table" or res.kind == "graph":
        format_result(res, fmt, sys.stdout.buffer)
        return
    if res.kind == "ask":
        typer.echo("true" if res.boolean else "false")
        return
    limit = get_settings().query_limit
    table = Table(*res.variables, caption=f"{len(res.rows)} row(s)")
    for row in res.rows[:limit]:
        table.add_row(*["" if t is None else t.value for t in row])
    Console().print(table)
    if len(res.rows) > limit:
        err.print(f"showing {limit} of {len(res.rows)} rows (use --format csv for all)")


@app.command()
def export(
    fmt: str = typer.Option("ttl", "--format", "-f", help="ttl | nq | trig | jsonld | graphml | gexf | csv"),
    out: str = typer.Option("-", "--out", "-o", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
) -> None:
    """Write the whole graph: RDF (ttl union, nq/trig/jsonld with graphs), a network, or CSV.

    导出图谱：RDF、网络（graphml/gexf）或 CSV。
    """
    import sys

    from kg.errors import KGError
    from kg.graph import EXPORT_FORMATS
    from kg.graph import export as export_graph

    if fmt not in EXPORT_FORMATS:
        raise _fail(f"unknown format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    try:
        st = _open_store(store, read_only=True, create=False)
        if out == "-":
            n = export_graph(st, fmt, sys.stdout.buffer)
        else:
            with open(out, "wb") as fh:
                n = export_graph(st, fmt, fh)
    except (KGError, OSError) as exc:
        raise _fail(str(exc)) from exc
    err.print(f"exported {n} statements as {fmt}", highlight=False)


@app.command()
def validate(
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Violations as JSON lines."),
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations.

    用 SHACL 约束校验图谱。
    """
    from kg.errors import KGError
    from kg.graph import validate as validate_graph

    try:
        st = _open_store(store, read_only=True, create=False)
        violations = validate_graph(st)
    except KGError as exc:
        raise _fail(str(exc)) from exc
    for v in violations:
        if as_json:
            typer.echo(json.dumps({"focus": v.focus, "path": v.path, "message": v.message,
                                   "severity": v.severity, "value": v.value}, ensure_ascii=False))
        else:
            typer.echo(f"{v.severity}: <{v.focus}> {v.path or ''}: {v.message}")
    err.print(f"{len(violations)} violation(s) 违规", highlight=False)
    if violations:
        raise typer.Exit(1)


@app.command()
def remove(
    doc: str = typer.Argument(..., help="A document's file name, sha256 (≥ 8 hex digits) or IRI."),
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
) -> None:
    """Drop exactly one document's graph.

    删除一个文档的图。
    """
    from kg.errors import KGError
    from kg.graph import remove_document

    try:
        st = _open_store(store, create=False)
        removed = remove_document(st, doc)
        st.close()
    except KGError as exc:
        raise _fail(str(exc)) from exc
    for iri in removed:
        err.print(f"removed {iri}", highlight=False)


# --- analysis: kg coverage / kg gaps (issue 5) --------------------------------
_SCOPE_HELP = "A division code (511681) or an unambiguous name (华蓥市). 范围：区划代码或名称。"
_BY_HELP = "Rows per county | township | prefecture | province. 统计层级。"


def _analysis_inputs(store: Optional[str], scope: Optional[str]):
    """(store opened read-only, analysis data over it, registry, scope code); close the store."""
    from kg.analysis import load
    from kg.analysis.report import resolve_scope
    from kg.gazetteer import load_gazetteer

    gz = load_gazetteer()
    code = resolve_scope(gz, scope)
    st = _open_store(store, read_only=True, create=False)
    return st, load(st), gz, code


def _emit(text: str | None, out: str) -> None:
    import sys

    if text is None:
        return
    if out == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        Path(out).write_text(text, encoding="utf-8")
        err.print(f"written to {out}", highlight=False)


@app.command()
def coverage(
    scope: str | None = typer.Option(None, "--scope", help=_SCOPE_HELP),
    by: str = typer.Option("county", "--by", help=_BY_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    table: list[str] = typer.Option(
        [], "--table", "-t",
        help="units | comparison | matching | measures (repeatable). Default: all four as "
             "tables or JSON; units as CSV (CSV takes one). On a national graph, measures "
             "read the whole organisation graph: leave them out for speed."),
    out: str = typer.Option("-", "--out", "-o", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
) -> None:
    """Coverage per unit, the comparison across jurisdictions, claims vs named links,
    network measures.

    覆盖情况：各单位具名帮扶与声称数字、各辖区对比、声称匹配度、网络指标。
    """
    from kg.analysis.report import COVERAGE_TABLES, FORMATS, coverage_report, render_coverage
    from kg.errors import KGError

    if fmt not in FORMATS:
        raise _fail(f"--format {fmt}: one of {', '.join(FORMATS)}")
    for t in table:
        if t not in COVERAGE_TABLES:
            raise _fail(f"--table {t}: one of {', '.join(COVERAGE_TABLES)}")
    if fmt == "csv" and len(table) > 1:
        raise _fail("--table: CSV holds one table; give one --table (or use --format json)")
    tables = tuple(table) or (("units",) if fmt == "csv" else COVERAGE_TABLES)
    try:
        st, data, gz, code = _analysis_inputs(store, scope)
        try:
            rep = coverage_report(data, gz, scope=code, level=by, tables=tables)
        finally:
            st.close()
        _emit(render_coverage(rep, fmt, tables[0]), out)
    except (KGError, OSError) as exc:
        raise _fail(str(exc)) from exc


@app.command()
def gaps(
    scope: str | None = typer.Option(None, "--scope", help=_SCOPE_HELP),
    by: str = typer.Option("county", "--by", help=_BY_HELP),
    kind: list[str] = typer.Option([], "--kind", "-k",
                                   help="Only these kinds (repeatable): village-without-helper, "
                                        "unit-without-helper, helper-without-target, "
                                        "unresolved-place, registry-mismatch, claim-conflict, "
                                        "claim-unnamed, program-without-owner, "
                                        "money-without-purpose."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    limit: int = typer.Option(20, "--limit", help="Rows shown per kind in the table view."),
    out: str = typer.Option("-", "--out", "-o", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", help=_STORE_HELP),
) -> None:
    """Linkage gaps: villages with no helper, helpers with no target, claims that
    contradict the registry or each other, programmes with no owner, money with no purpose.

    缺口：无帮扶的村、无对象的帮扶方、与区划或彼此矛盾的数字、无责任单位的项目、无用途的资金。
    """
    from kg.analysis.report import FORMATS, gaps_report, render_gaps
    from kg.errors import KGError

    if fmt not in FORMATS:
        raise _fail(f"--format {fmt}: one of {', '.join(FORMATS)}")
    try:
        st, data, gz, code = _analysis_inputs(store, scope)
        try:
            df = gaps_report(data, gz, scope=code, level=by, kinds=tuple(kind) or None)
        finally:
            st.close()
        _emit(render_gaps(df, fmt, limit=limit), out)
    except (KGError, OSError) as exc:
        raise _fail(str(exc)) from exc
