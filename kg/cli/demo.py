"""`kg demo`: the main job on the bundled sample corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from kg.cli._app import app
from kg.cli._common import err, progress_bar
from kg.demo import DEMO_HOST, DEMO_PORT

_STAGES = {
    "generate": "generate 生成样例",
    "extract": "extract 抽取",
    "load": "load 入库",
    "analyse": "analyse 分析",
}


@app.command()
def demo(
    out: Path = typer.Option(
        Path("out"), help="Where to write the sample corpus, demo.jsonl and the store."
    ),
    no_serve: bool = typer.Option(
        False, "--no-serve", help="Stop after the tables (for scripts and CI); do not serve."
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Extraction worker processes (default: one per CPU)."
    ),
    host: str = typer.Option(DEMO_HOST, "--host", help="Address to serve on."),
    port: int = typer.Option(DEMO_PORT, "--port", "-p", help="Port to serve on."),
) -> None:
    """Build a store from the bundled sample corpus, then serve it (http://127.0.0.1:8000/).

    Generates the sample corpus, extracts and scores every report, loads the
    graph into the store DIR/store, prints coverage and gaps, then serves the
    store as `kg serve` does and prints the pages to open, until Ctrl-C.
    --no-serve stops after the tables.

    用自带样例语料建图（生成、抽取、评分、入库、覆盖与缺口），然后启动服务并给出网址；Ctrl-C 停止。
    """
    from kg.cli.serve import check_free
    from kg.demo import run_demo

    if not no_serve:  # a taken port fails now, not after the build
        check_free(host, port)

    bar = progress_bar("{task.fields[stage]:<16}")
    tasks: dict[str, Any] = {}

    def progress(stage: str, total: int | None, item: str | None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task("", total=total, stage=_STAGES.get(stage, stage))
        elif total is not None:
            bar.update(tasks[stage], total=total)
        if item is not None:
            bar.update(tasks[stage], advance=1, description=item)

    try:
        with bar:
            res = run_demo(out_dir=out, progress=progress, jobs=jobs)
    except KeyboardInterrupt:
        err.print("kg: interrupted", highlight=False)
        raise typer.Exit(130) from None
    _render(res)
    for path, reason in res.failed:
        err.print(f"kg: {path}: {reason}", highlight=False, markup=False)
    if res.failed:
        raise typer.Exit(1)
    if not no_serve:
        _serve(res, host, port)


def _render(res: Any) -> None:
    from rich.table import Table

    from ingest.eval import entity_micro
    from kg.cli.render import render_coverage, wide_console

    con = wide_console()
    table = Table(title="样例语料抽取结果 (sample corpus extraction)")
    for col in (
        "document 文档",
        "jurisdiction 辖区",
        "code 区划代码",
        "entities 实体",
        "quantities 数量",
        "links 关系",
    ):
        table.add_column(col)
    for row in res.rows():
        table.add_row(
            row["doc"],
            row["jurisdiction"] or "—",
            row["code"] or "—",
            " ".join(f"{k}:{v}" for k, v in sorted(row["entities"].items())),
            str(row["quantities"]),
            " ".join(f"{k}:{v}" for k, v in sorted(row["links"].items())),
        )
    con.print(table)
    m = res.manifest
    if m:
        names = "、".join(c["name"] for c in m["counties"])
        villages = sum(c["villages"] for c in m["counties"])
        s = m["stats"]
        con.print(
            f"generated corpus 生成语料: {m['n']} reports (seed {m['seed']}) in {res.sample} "
            f"over {names} ({villages} 村委会 in the registry); gold: "
            f"{s['named_helper_village_links']} named helper→village links "
            f"({s['villages_named_with_helper']} villages)",
            highlight=False,
        )
    for label, rep in res.reports.items():
        if not rep.docs:
            continue
        ent = entity_micro(rep, "strict")
        con.print(
            f"{label} ({len(rep.docs)}) against its gold: entities F1 {ent.f1:.3f} (strict), "
            f"quantities F1 {rep.lenient['QUANTITY'].f1:.3f}, "
            f"links F1 {rep.lenient['LINK'].f1:.3f} (lenient), "
            f"PLACE codes {rep.place_code.value:.3f}",
            highlight=False,
        )
    con.print(f"records written to {res.output}")
    if res.store is not None:
        con.print(
            f"graph: {res.documents_in_store} document(s) in {res.store} "
            f"(+{res.quads_added} quads this run); try "
            f"kg query --store {res.store} 'SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }}'"
        )
    if res.coverage is not None:
        cov = {k: v for k, v in res.coverage.items() if k != "matching"}
        render_coverage(cov, "table", console=con)
        con.print(
            "gaps 缺口: "
            + ", ".join(f"{k} {v}" for k, v in res.gap_counts.items())
            + f"; details: kg gaps --store {res.store}",
            highlight=False,
        )


def _serve(res: Any, host: str, port: int) -> None:
    """Serve the demo store as `kg serve` does; print the pages to open once it listens."""
    from rich.cells import cell_len

    from kg.cli.render import wide_console
    from kg.cli.serve import run_server
    from kg.demo import demo_urls, featured_county

    con = wide_console()
    county = featured_county(res)

    def ready(listen_host: str, listen_port: int) -> None:
        con.print(
            f"\nserving 服务中 http://{listen_host}:{listen_port}/ — open 打开:", highlight=False
        )
        if county is not None:
            code, name = county
            urls = demo_urls(code, host=listen_host, port=listen_port)
            rows = [
                (f"{name} page 县页面", urls["county"]),
                (f"{name} graph 关系图", urls["graph"]),
            ]
        else:
            urls = demo_urls("", host=listen_host, port=listen_port)
            rows = [("home 首页", urls["home"])]
        rows += [("SPARQL editor 查询", urls["sparql"]), ("API docs 接口", urls["api"])]
        width = max(cell_len(label) for label, _ in rows)
        for label, url in rows:
            pad = " " * (width - cell_len(label))
            con.print(f"  {label}{pad}  {url}", highlight=False, soft_wrap=True)
        con.print("Ctrl-C stops the server 按 Ctrl-C 停止", highlight=False)
        con.file.flush()

    def stopped() -> None:
        con.print("stopped 已停止", highlight=False)

    run_server(
        str(res.store), host=host, port=port, log_level="warning", on_ready=ready, on_stop=stopped
    )
