"""`kg demo`: the main job on the bundled sample corpus."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app
from kg.cli._common import EXIT_FAILED, error_line, fail


@app.command()
def demo(
    out: Path = typer.Option(
        Path("out"),
        metavar="DIR",
        help="Where to write the records (DIR/demo.jsonl) and build the store (DIR/store).",
    ),
) -> None:
    """The main job on the bundled sample corpus: extract, score, build a store, analyse.

    Extracts the six sample reports, scores them against the corpus's gold,
    writes the records to DIR/demo.jsonl, builds the embedded store DIR/store
    (running it again adds nothing) and prints coverage and gaps from it.

    在自带样例语料上运行：抽取、评分、建立图谱存储（DIR/store）、输出覆盖与缺口。
    """
    from ingest.errors import KGError
    from ingest.eval import entity_micro
    from kg.cli.render import print_table, wide_console
    from kg.demo import run_demo

    try:
        res = run_demo(out_dir=out)
    except KGError as exc:
        raise fail(str(exc)) from exc
    con = wide_console()
    print_table(
        con,
        "样例语料抽取结果 (sample corpus extraction)",
        (
            "document 文档",
            "jurisdiction 辖区",
            "code 区划代码",
            "entities 实体",
            "quantities 数量",
            "links 关系",
        ),
        [
            (
                row["doc"],
                row["jurisdiction"] or "—",
                row["code"] or "—",
                " ".join(f"{k}:{v}" for k, v in sorted(row["entities"].items())),
                str(row["quantities"]),
                " ".join(f"{k}:{v}" for k, v in sorted(row["links"].items())),
            )
            for row in res.rows()
        ],
    )
    if res.report is not None and res.report.docs:
        ent = entity_micro(res.report, "strict")
        con.print(
            f"against the corpus's gold: entities F1 {ent.f1:.3f} (strict), "
            f"quantities F1 {res.report.lenient['QUANTITY'].f1:.3f}, "
            f"links F1 {res.report.lenient['LINK'].f1:.3f} (lenient), "
            f"PLACE codes {res.report.place_code.value:.3f}"
        )
    con.print(f"records written to {res.output}")
    if res.store is not None:
        con.print(
            f"graph: {res.documents_in_store} document(s) in {res.store} "
            f"(+{res.quads_added} quads this run); try "
            f"kg query --store {res.store} 'SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o }}'"
        )
    if res.coverage is not None:
        from kg.cli.render import render_coverage

        cov = {k: v for k, v in res.coverage.items() if k != "matching"}
        render_coverage(cov, "table", console=con)
        con.print(
            "gaps 缺口: "
            + ", ".join(f"{k} {v}" for k, v in res.gap_counts.items())
            + f"; details: kg gaps --store {res.store}",
            highlight=False,
        )
    for path, reason in res.failed:
        error_line(f"{path}: {reason}")
    if res.failed:
        raise typer.Exit(EXIT_FAILED)
