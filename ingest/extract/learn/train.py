"""Train the learned components from gold corpora, and cross-validate them.

``kg train`` writes these files into ``ingest/extract/model/`` (or ``--out``):
``ner-lac.crfsuite`` and ``ner.crfsuite`` (the entity CRF with and without
LAC's features), ``counts.json`` (the count classifier), ``links.json`` (the
link classifier) and ``meta.json`` (what they were trained on). Everything is deterministic for a seed: the
CRF's L-BFGS, the regression's solver and the fold split.

The link classifier must learn from the entities extraction will give it,
not from perfect ones: its training pairs come from each training document
tagged by a CRF that did not see that document (inner folds).

``kg train --cv K`` scores the whole extraction by document: the documents
of the corpora marked ``cv`` (the real reports) are split into K folds; for
each, the models are trained on the other folds plus every other corpus and
the held-out fold is extracted and scored (:mod:`ingest.eval`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from ingest import __version__
from ingest.record import GoldRecord, Record

from ..records import State
from . import counts
from .corpus import Corpus, GoldDoc, folds, load_corpus
from .features import char_features
from .lac import LacWord, words_within
from .ner import GatedNer, NerModel, apply_spans, gold_labels, train_crf
from .pairs import candidate_rows, fit, gold_label

__all__ = ["TrainReport", "cross_validate", "default_corpora", "train_models"]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def default_corpora(shared: Path, root: Path) -> list[Corpus]:
    """The gold the project trains on: ``../shared`` real reports and seeds, and its own."""
    return [
        Corpus("real", shared / "real" / "texts", (shared / "real" / "gold",), cv=True),
        Corpus("seeds", shared / "seeds", (shared / "gold", root / "tests" / "data" / "gold")),
        Corpus(
            "heldout",
            root / "tests" / "data" / "heldout" / "corpus",
            (root / "tests" / "data" / "heldout" / "gold",),
        ),
        Corpus("examples", root / "examples" / "corpus", (root / "examples" / "gold",)),
    ]


@dataclass
class TrainReport:
    documents: dict[str, int] = field(default_factory=dict)
    link_rows: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)


def _fork(state: State) -> State:
    return dataclasses.replace(
        state, mentions=list(state.mentions), links=[], jurisdiction=None, jurisdiction_code=None
    )


def _sequences(docs: Sequence[GoldDoc], lac: bool) -> list[tuple[list[list[str]], list[str]]]:
    out = []
    for d in docs:
        st = d.state
        feats = char_features(
            st.text, st.token_ends, st.mentions, st.quantities, d.lac if lac else None
        )
        out.append((feats, gold_labels(st.text, d.gold.get("entities", []))))
    return out


def _weighted(docs: Sequence[GoldDoc], weights: dict[str, int]) -> list[GoldDoc]:
    return [d for d in docs for _ in range(weights.get(d.corpus, 1))]


def _crf(docs: Sequence[GoldDoc], path: Path, lac: bool) -> NerModel:
    train_crf(_sequences(docs, lac), path)
    return NerModel(path, uses_lac=lac)


def _within(
    words: Sequence[LacWord], regions: Sequence[tuple[int, int]] | None
) -> Sequence[LacWord]:
    """A document's LAC words (run once over its text when the corpus was read) as
    :func:`.lac.lac_words` gives them for ``regions``."""
    return words if regions is None else words_within(words, regions)


def _gated(docs: Sequence[GoldDoc], work: Path, name: str, below: float) -> GatedNer:
    """The CRFs with and without LAC trained on ``docs``, the second run where the
    first is unsure (as ``kg_ner`` runs them with ``lac_below``)."""
    with_lac = _crf(docs, work / f"{name}.crfsuite", lac=True)
    plain = [dataclasses.replace(d, lac=None) for d in docs]
    return GatedNer(_crf(plain, work / f"{name}-plain.crfsuite", lac=False), with_lac, below)


def _tagged(
    nlp: Any, d: GoldDoc, ner: NerModel | GatedNer, count_model: counts.CountModel
) -> State:
    """``d`` as extraction sees it with ``ner`` and ``count_model``: their spans and
    counts, then the rest of the rules."""
    from .. import finish_rules

    st = _fork(d.state)
    words = d.lac
    source = None if words is None else partial(_within, words)
    apply_spans(st, ner.spans(st, source))
    st.quantities = counts.choose(count_model, st)
    return finish_rules(nlp, st)


def _count_model(docs: Sequence[GoldDoc], meta: dict[str, Any] | None = None) -> counts.CountModel:
    """The count classifier trained on ``docs`` (their rule states: the rules' counts
    are among its features)."""
    rows = [r for d in docs for r in counts.count_rows(d.state, d.gold.get("quantities", []))]
    return counts.fit(rows, meta=meta)


def _link_rows(
    nlp: Any,
    docs: Sequence[GoldDoc],
    inner: int,
    seed: int,
    work: Path,
    weights: dict[str, int],
    lac: bool,
    count_model: counts.CountModel,
) -> list[tuple[list[str], str]]:
    """Training pairs of ``docs``, each tagged by a CRF trained on the other inner folds."""
    rows: list[tuple[list[str], str]] = []
    parts = folds(docs, inner, seed)
    for k, part in enumerate(parts):
        held = set(part)
        ner = _crf(
            _weighted([d for i, d in enumerate(docs) if i not in held], weights),
            work / f"inner{k}.crfsuite",
            lac=lac,
        )
        for i in part:
            d = docs[i]
            links = d.gold.get("links", [])
            rows += [
                (feats, gold_label(links, a, b))
                for a, b, feats in candidate_rows(_tagged(nlp, d, ner, count_model))
            ]
    return rows


def train_models(
    corpora: Sequence[Corpus],
    out: Path,
    *,
    seed: int = 0,
    inner: int = 5,
    lac: bool = True,
    progress: Progress | None = None,
) -> TrainReport:
    """Train both models on every document of ``corpora``; write them into ``out``."""
    from .. import load_pipeline

    say = progress or log.info
    t0 = time.perf_counter()
    nlp = load_pipeline()
    report = TrainReport()
    docs: list[GoldDoc] = []
    for c in corpora:
        got = load_corpus(c, nlp, with_lac=lac)
        report.documents[c.name] = len(got)
        say(f"{c.name}: {len(got)} documents")
        docs += got
    weights = {c.name: c.weight for c in corpora}
    out.mkdir(parents=True, exist_ok=True)
    files = []
    if lac:
        say("entity CRF with LAC features")
        _crf(_weighted(docs, weights), out / "ner-lac.crfsuite", lac=True)
        files.append("ner-lac.crfsuite")
    say("entity CRF without LAC")
    plain = [dataclasses.replace(d, lac=None) for d in docs]
    _crf(_weighted(plain, weights), out / "ner.crfsuite", lac=False)
    files.append("ner.crfsuite")
    say("count classifier")
    count_model = _count_model(_weighted(docs, weights), meta={"seed": seed})
    count_model.save(out / "counts.json")
    files.append("counts.json")
    say(f"link classifier (entities from {inner} inner folds)")
    with tempfile.TemporaryDirectory() as tmp:
        rows = _link_rows(nlp, docs, inner, seed, Path(tmp), weights, lac, count_model)
    meta = {
        "trained_with": f"bangfu-kg {__version__}",
        "seed": seed,
        "corpora": report.documents,
        "lac": lac,
        "link_rows": len(rows),
    }
    model = fit(rows, meta=meta)
    model.save(out / "links.json")
    files.append("links.json")
    (out / "meta.json").write_text(
        json.dumps({**meta, "files": files}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    files.append("meta.json")
    report.link_rows = len(rows)
    report.files = files
    report.seconds = time.perf_counter() - t0
    return report


def cross_validate(
    corpora: Sequence[Corpus],
    *,
    k: int = 5,
    seed: int = 0,
    inner: int = 3,
    lac: bool = True,
    lac_below: float | None = None,
    progress: Progress | None = None,
) -> tuple[list[Record], dict[str, GoldRecord]]:
    """Records of every ``cv`` document extracted by models that never saw it, and their gold.

    ``lac_below`` gates LAC as ``kg_ner`` does (``None``: as the pipeline's
    config sets it); the link classifier learns from entities tagged with LAC
    everywhere, as :func:`train_models` trains it.
    """
    from .. import load_pipeline, to_record

    say = progress or log.info
    nlp = load_pipeline()
    if lac_below is None:
        ner_pipe = nlp.get_pipe("kg_ner") if nlp.has_pipe("kg_ner") else None
        lac_below = float(getattr(ner_pipe, "below", 1.0))
    held: list[GoldDoc] = []
    always: list[GoldDoc] = []
    for c in corpora:
        got = load_corpus(c, nlp, with_lac=lac)
        say(f"{c.name}: {len(got)} documents")
        (held if c.cv else always).extend(got)
    weights = {c.name: c.weight for c in corpora}
    records: list[Record] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i, part in enumerate(folds(held, k, seed)):
            say(f"fold {i + 1}/{k}: {len(part)} held out")
            test = [held[j] for j in part]
            train = [d for j, d in enumerate(held) if j not in set(part)] + always
            ner: NerModel | GatedNer
            if lac and lac_below < 1:
                ner = _gated(_weighted(train, weights), work, f"fold{i}", lac_below)
            else:
                ner = _crf(_weighted(train, weights), work / f"fold{i}.crfsuite", lac=lac)
            count_model = _count_model(_weighted(train, weights))
            model = fit(_link_rows(nlp, train, inner, seed, work, weights, lac, count_model))
            for d in test:
                st = _tagged(nlp, d, ner, count_model)
                st.links = model.links(st, st.jurisdiction.text if st.jurisdiction else None)
                records.append(to_record(d.doc, st))
    return records, {d.name: cast(GoldRecord, d.gold) for d in held}
