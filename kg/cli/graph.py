"""The graph commands: `kg build`, `query`, `export`, `validate`, `remove`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from kg.cli._app import app
from kg.cli._common import STORE_HELP, err, fail, open_store, progress_bar


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Report files or directories."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
    config: Path | None = typer.Option(None, help="A pipeline config (default: the packaged one)."),
    max_mb: float = typer.Option(20.0, help="Reject files larger than this many megabytes."),
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
        err.print(f"kg: {o.path}: {o.error}", highlight=False, markup=False, soft_wrap=True)
    remapped = f"remapped {report.count('remapped')}, " if force else ""
    err.print(
        f"loaded {report.count('loaded')}, replaced {report.count('replaced')}, {remapped}"
        f"unchanged {report.count('unchanged')}, failed {len(report.failed)}; "
        f"+{report.added} quads ({total} in store)",
        highlight=False,
    )
    if report.failed:
        raise typer.Exit(1)


def _binding(text: str):
    from rdflib import Literal, URIRef

    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise fail(f"expected NAME=VALUE, got {text!r}")
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
    bind: list[str] = typer.Option(
        [], "--bind", "-b", help="NAME=VALUE substituted for ?NAME (<iri>, integer or text)."
    ),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Run a SPARQL query over all graphs (their union is the default graph).

    在图谱上运行 SPARQL 查询（默认图为所有文档图之并）。
    """
    import sys

    from rich.table import Table

    from kg.graph import RESULT_FORMATS, format_result
    from kg.settings import get_settings

    if fmt not in RESULT_FORMATS:
        raise fail(f"unknown format {fmt!r}; one of {', '.join(RESULT_FORMATS)}")
    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.endswith(".rq") and Path(sparql).is_file():
        sparql = Path(sparql).read_text(encoding="utf-8")
    bindings = dict(_binding(b) for b in bind)
    with open_store(store, read_only=True, create=False) as st:
        res = st.query(sparql, bindings)
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
    fmt: str = typer.Option(
        "ttl", "--format", "-f", help="ttl | nq | trig | jsonld | graphml | gexf | csv"
    ),
    out: str = typer.Option("-", "--out", "-o", help="Output file (- for stdout)."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Write the whole graph: RDF (ttl union, nq/trig/jsonld with graphs), a network, or CSV.

    导出图谱：RDF、网络（graphml/gexf）或 CSV。
    """
    import sys

    from kg.graph import EXPORT_FORMATS
    from kg.graph import export as export_graph

    if fmt not in EXPORT_FORMATS:
        raise fail(f"unknown format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    with open_store(store, read_only=True, create=False) as st:
        if out == "-":
            n = export_graph(st, fmt, sys.stdout.buffer)
        else:
            with open(out, "wb") as fh:
                n = export_graph(st, fmt, fh)
    err.print(f"exported {n} statements as {fmt}", highlight=False)


@app.command()
def validate(
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
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
    doc: str = typer.Argument(..., help="A document's file name, sha256 (≥ 8 hex digits) or IRI."),
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Drop exactly one document's graph.

    删除一个文档的图。
    """
    from kg.graph import remove_document

    with open_store(store, create=False) as st:
        removed = remove_document(st, doc)
    for iri in removed:
        err.print(f"removed {iri}", highlight=False)
