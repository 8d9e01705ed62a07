"""Gold corpora for training and cross-validation.

A corpus is a folder of reports and one or more folders of gold files
(ANNOTATION.md); a report is used when a gold file names it. Each report is
read, normalised and run through the rule components once
(:func:`ingest.extract.rule_state`); the learned components are trained on
that state, so training sees what extraction will see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import InputError

from ...document import Document
from ..records import State

__all__ = ["Corpus", "GoldDoc", "load_corpus"]


@dataclass(frozen=True)
class Corpus:
    """Where a corpus lives, and how it takes part in training.

    ``cv``: its documents are split into the folds of cross-validation (the
    others are in every fold's training set). ``weight``: how many times its
    documents are repeated in training.
    """

    name: str
    texts: Path
    gold: tuple[Path, ...]
    cv: bool = False
    weight: int = 1


@dataclass
class GoldDoc:
    """A report with its gold record and the rule components' state."""

    corpus: str
    name: str
    doc: Document
    gold: dict[str, Any]
    state: State
    lac: list[tuple[int, int, str]] | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.name}"

    @property
    def text(self) -> str:
        return self.state.text


def read_gold(dirs: Iterable[Path]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for f in sorted(d.glob("*.json")):
            try:
                rec = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"not a gold file: {exc}", source=str(f)) from exc
            out[rec["doc"]] = rec
    return out


def load_corpus(corpus: Corpus, nlp: Any = None, *, with_lac: bool = True) -> list[GoldDoc]:
    """The corpus's reports that have gold files, read and run through the rules."""
    from ...normalize import normalize
    from ...readers import read
    from .. import load_pipeline, rule_state
    from .lac import lac_words

    if not corpus.texts.is_dir():
        raise InputError("no such folder of reports", source=str(corpus.texts))
    gold = read_gold(corpus.gold)
    nlp = nlp or load_pipeline()
    out = []
    for path in sorted(corpus.texts.iterdir()):
        if path.name not in gold:
            continue
        doc = normalize(read(path))
        state = rule_state(nlp, doc)
        lac = lac_words(state.text) if with_lac else None
        out.append(GoldDoc(corpus.name, path.name, doc, gold[path.name], state, lac))
    return out


def folds(docs: Sequence[GoldDoc], k: int, seed: int = 0) -> list[list[int]]:
    """``k`` folds of document indices, shuffled by ``seed`` (deterministic)."""
    import random

    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]
