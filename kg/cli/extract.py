"""`kg extract` and `kg eval`: records from reports, and their score against gold."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli._app import app
from kg.cli._common import EXIT_FAILED, EXIT_USAGE, err, error_line, fail, progress_bar


@app.command()
def extract(
    paths: list[Path] = typer.Argument(
        ..., metavar="FILE|DIR", help="Report files or directories (.txt .html .docx .pdf)."
    ),
    jsonl: bool = typer.Option(False, "--jsonl", help="One compact JSON object per line."),
    config: Path | None = typer.Option(
        None, metavar="CFG", help="A pipeline config (default: the packaged one)."
    ),
    max_mb: float = typer.Option(
        20.0, metavar="MB", help="Reject files larger than this many megabytes."
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Worker processes (default: one per usable CPU, at most one per file; "
        "each holds the gazetteer, about 0.5 GB). 1 extracts in this process.",
    ),
) -> None:
    """Extract entities, quantities and links: one JSON object per document on stdout.

    抽取实体、数量与关系：每个文件输出一个 JSON 对象。
    """
    from ingest.pipeline import collect_inputs, default_jobs, extract_paths

    files, failed = collect_inputs(paths)
    jobs = jobs or default_jobs(len(files))
    show = any(p.is_dir() for p in paths) and len(files) > 1
    progress = progress_bar("extract", disable=not show)
    for res in failed:  # paths that do not exist
        error_line(f"{res.path}: {res.error}")
    ok = 0
    with progress:
        task = progress.add_task("", total=len(files))
        for res in extract_paths(
            files, config=config, max_bytes=int(max_mb * 1024 * 1024), jobs=jobs
        ):
            progress.update(task, advance=1, description=res.path.name)
            if res.ok:
                ok += 1
                if jsonl:
                    typer.echo(json.dumps(res.record, ensure_ascii=False))
                else:
                    typer.echo(json.dumps(res.record, ensure_ascii=False, indent=2))
            else:
                failed.append(res)
                error_line(f"{res.path}: {res.error}")  # once, as it happens
    if failed:
        if not ok:  # nothing could be extracted: the lines above say why
            raise typer.Exit(EXIT_USAGE)
        err.print(
            f"kg: extracted {ok} document(s); {len(failed)} failed (named above)", highlight=False
        )
        raise typer.Exit(EXIT_FAILED)


@app.command("eval")
def eval_(
    predictions: Path = typer.Argument(
        ..., metavar="PRED.jsonl", help="`kg extract --jsonl` output."
    ),
    gold_dirs: list[Path] = typer.Argument(
        ..., metavar="GOLD_DIR", help="Directories of gold files (ANNOTATION.md)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
) -> None:
    """Score extraction output against gold files: P/R/F1 per type, strict and lenient.

    按标注指南评分：各类型的准确率、召回率与 F1。
    """
    from ingest.eval import entity_micro, load_gold, read_jsonl, score
    from kg.cli.render import eval_table

    report = score(read_jsonl(predictions), load_gold(gold_dirs))
    if not report.docs:
        raise fail("no predicted document has a gold file")
    data = report.as_dict()
    ent_s, ent_l = entity_micro(report, "strict"), entity_micro(report, "lenient")
    data["entities_micro"] = {"strict": ent_s.as_dict(), "lenient": ent_l.as_dict()}
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    eval_table(report, title=f"{len(report.docs)} document(s) scored")
    if report.missing_gold:
        err.print(f"no gold for: {', '.join(report.missing_gold)}", highlight=False)
