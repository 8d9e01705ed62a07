"""The graph commands: `kg build`, `query`, `export`, `validate`, `remove`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli._app import app
from kg.cli._common import (
    EXIT_FAILED,
    EXIT_USAGE,
    STORE_HELP,
    err,
    error_line,
    fail,
    open_store,
    progress_bar,
)


@app.command()
def build(
    paths: list[Path] = typer.Argument(
        ..., metavar="FILE|DIR", help="Report files or directories."
    ),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
    config: Path | None = typer.Option(
        None, metavar="CFG", help="A pipeline config (default: the packaged one)."
    ),
    max_mb: float = typer.Option(
        20.0, metavar="MB", help="Reject files larger than this many megabytes."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Re-extract and re-map unchanged files too (after a change of rules or extractor).",
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Extraction worker processes (default: one per usable CPU, at most one per file "
        "to extract). Loading stays in this process, in input order.",
    ),
) -> None:
    """Extract, map and load reports into the store (idempotent by sha256).

    抽取、映射并载入图谱：未变的文件跳过，改动的文件替换其旧图。
    """
    from kg.graph import build as build_graph
    from kg.settings import get_settings

    progress = progress_bar("build")
    task = progress.add_task("", total=None)
    if not any(p.exists() for p in paths):  # before a store is created for nothing
        for p in paths:
            error_line(f"{p}: no such file or directory")
        raise typer.Exit(EXIT_USAGE)
    try:
        with open_store(store) as st, progress:
            report = build_graph(
                paths,
                st,
                base=get_settings().base,
                config=config,
                max_bytes=int(max_mb * 1024 * 1024),
                force=force,
                jobs=jobs,
                on_start=lambda n: progress.update(task, total=n),
                on_file=lambda o: progress.update(task, advance=1, description=o.path.name),
            )
            total = len(st)
    except KeyboardInterrupt:
        err.print(
            "kg: interrupted; the store keeps the documents loaded before this one "
            "(each document is one transaction)",
            highlight=False,
        )
        raise typer.Exit(130) from None
    for o in report.failed:
        error_line(f"{o.path}: {o.error}")
    remapped = f"remapped {report.count('remapped')}, " if force else ""
    err.print(
        f"loaded {report.count('loaded')}, replaced {report.count('replaced')}, {remapped}"
        f"unchanged {report.count('unchanged')}, failed {len(report.failed)}; "
        f"+{report.added} quads ({total} in store)",
        highlight=False,
    )
    if report.failed:  # 2 when nothing could be loaded at all
        done = len(report.outcomes) - len(report.failed)
        raise typer.Exit(EXIT_FAILED if done else EXIT_USAGE)


@app.command()
def query(
    sparql: str = typer.Argument(
        ...,
        metavar="SPARQL|FILE.rq|-",
        help="A SPARQL query, a .rq file, a packaged query by name (claims.rq), or - for "
        "stdin. The prefixes kg: org: prov: skos: dcterms: schema: rdf: rdfs: xsd: owl: "
        "need no PREFIX line.",
    ),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FMT", help="table | json | csv"),
    bind: list[str] = typer.Option(
        [],
        "--bind",
        "-b",
        metavar="NAME=VALUE",
        help="Substituted for ?NAME: <iri>, a number, or text (bound as the store holds it: "
        '华蓥市 matches the label "华蓥市"@zh); "text"@zh or "v"^^<datatype> as written.',
    ),
    limit: int | None = typer.Option(
        None,
        "--limit",
        metavar="N",
        min=1,
        help="Rows shown in the table (default: setting KG_QUERY_LIMIT). CSV and JSON "
        "give every row.",
    ),
    show_all: bool = typer.Option(False, "--all", help="Show every row in the table."),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
) -> None:
    """Run a SPARQL query over all graphs (their union is the default graph).

    When a query finds nothing in a non-empty store, a note on stderr says what
    the store holds instead (aggregate claims rather than named links, a term it
    never uses, a label written without its @zh tag).

    在图谱上运行 SPARQL 查询（默认图为所有文档图之并）。
    """
    import sys

    from kg.cli.render import render_query
    from kg.graph import RESULT_FORMATS, format_result
    from kg.settings import get_settings
    from kg.sparql import bind_values, empty_hints, parse_binding, read_query

    if fmt not in RESULT_FORMATS:
        raise fail(f"--format {fmt}: unknown format; one of {', '.join(RESULT_FORMATS)}")
    text = sys.stdin.read() if sparql == "-" else read_query(sparql)
    raw = dict(parse_binding(b) for b in bind)
    with open_store(store, read_only=True, create=False) as st:
        values = bind_values(st, raw)
        res = st.query(text, values)
        empty = (res.kind == "select" and not res.rows) or (res.kind == "graph" and not res.triples)
        hints = empty_hints(st, text, values) if empty and len(st) else []
    if fmt != "table" or res.kind == "graph":
        format_result(res, fmt, sys.stdout.buffer)
    elif res.kind == "ask":
        typer.echo("true" if res.boolean else "false")
    else:
        shown = None if show_all else (limit or get_settings().query_limit)
        render_query(res, limit=shown)
        if shown is not None and len(res.rows) > shown:
            err.print(
                f"showing {shown:,} of {len(res.rows):,} rows (--all, or --format csv for all)",
                highlight=False,
            )
    for h in hints:
        err.print(f"kg: note: {h.message}", highlight=False, markup=False, soft_wrap=True)


@app.command()
def export(
    fmt: str = typer.Option(
        "ttl",
        "--format",
        "-f",
        metavar="FMT",
        help="ttl | nq | trig | jsonld | graphml | gexf | csv",
    ),
    out: str = typer.Option("-", "--out", "-o", metavar="FILE", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
) -> None:
    """Write the whole graph: RDF (ttl union, nq/trig/jsonld with graphs), a network, or CSV.

    导出图谱：RDF、网络（graphml/gexf）或 CSV。
    """
    import sys

    from kg.graph import EXPORT_FORMATS
    from kg.graph import export as export_graph

    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format {fmt}: unknown format; one of {', '.join(EXPORT_FORMATS)}")
    with open_store(store, read_only=True, create=False) as st:
        if out == "-":
            n = export_graph(st, fmt, sys.stdout.buffer)
        else:
            with open(out, "wb") as fh:
                n = export_graph(st, fmt, fh)
    err.print(f"exported {n} statements as {fmt}", highlight=False)


@app.command()
def validate(
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Violations as JSON lines."),
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations.

    用 SHACL 约束校验图谱。
    """
    from kg.graph import validate as validate_graph

    with open_store(store, read_only=True, create=False) as st:
        violations = validate_graph(st)
    for v in violations:
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "focus": v.focus,
                        "path": v.path,
                        "message": v.message,
                        "severity": v.severity,
                        "value": v.value,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            typer.echo(f"{v.severity}: <{v.focus}> {v.path or ''}: {v.message}")
    err.print(f"{len(violations)} violation(s) 违规", highlight=False)
    if violations:
        raise typer.Exit(1)


@app.command()
def remove(
    doc: str = typer.Argument(
        ..., metavar="DOC", help="A document's file name, sha256 (≥ 8 hex digits) or IRI."
    ),
    store: str | None = typer.Option(None, "--store", "-s", metavar="STORE", help=STORE_HELP),
) -> None:
    """Drop exactly one document's graph.

    删除一个文档的图。
    """
    from kg.graph import remove_document

    with open_store(store, create=False) as st:
        removed = remove_document(st, doc)
    for iri in removed:
        err.print(f"removed {iri}", highlight=False)
