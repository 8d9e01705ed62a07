"""`kg demo`: the main job on the bundled sample corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from kg.cli._app import app
from kg.cli._common import err, progress_bar

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
) -> None:
    """The main job on the bundled sample corpus: generate, extract, score, build a store, analyse.

    Writes the sample corpus and the records under DIR, builds the embedded
    store DIR/store (running it again adds nothing) and prints coverage and
    gaps from it.

    在自带样例语料上运行：生成、抽取、评分、建立图谱存储（DIR/store）、输出覆盖与缺口。
    """
    from kg.demo import run_demo

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
    _serve(res, no_serve)


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


def _serve(res: Any, no_serve: bool) -> None:
    """Serve the demo store on 127.0.0.1:8000 — the place where `kg serve` plugs in.

    Until the service lands (``api`` has no app yet), ``kg demo`` ends here
    as with ``--no-serve`` and says so. After the merge: start `kg serve`'s
    server on ``res.store`` and print :func:`kg.demo.demo_urls` for the first
    generated county, until Ctrl-C.
    """
    if no_serve:
        return
    from kg.demo import demo_urls

    county = res.manifest["counties"][0]["code"] if res.manifest else None
    err.print(
        "kg demo: serving is not available yet (kg serve lands with the service issue); "
        "the store is ready for it"
        + (f" — then open {demo_urls(county)['county']}" if county else ""),
        highlight=False,
    )
