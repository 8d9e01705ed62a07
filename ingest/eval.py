"""Scoring extraction output against gold files (ANNOTATION.md, "How output is scored").

- Entities: per type, precision and recall over the distinct (type, text)
  pairs of a document; collective organisations are left out of both sides.
  *Strict*: texts equal, and a PLACE counts only with the right code, a
  MONEY only with the right value. *Lenient*: one text contains the other.
- Quantities: over distinct (value, what) pairs; lenient lets one ``what``
  contain the other.
- Links: over (rel, subject, object) triples; strict needs equal sides,
  lenient lets either side's text contain the other (the guide's rule).
- PLACE code accuracy and MONEY value accuracy: among entities whose text
  matches the gold exactly, the share with the right code / value.

Texts are compared as the shared gold's notes (``real/SOURCES.md``) say: once
quotation marks, book-title marks and whitespace are removed (a spaced byline
唐 洪 is the name 唐洪; 四个一机制 is “四个一”机制).

Micro-averaged over all documents that have a gold file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypeVar

from typing_extensions import TypedDict

from ingest.errors import InputError
from ingest.record import ENTITY_TYPES, Entity, GoldEntity, GoldRecord, Record

__all__ = [
    "ENTITY_TYPES",
    "Counts",
    "DocScore",
    "ReportDict",
    "compare_form",
    "entity_micro",
    "load_gold",
    "read_jsonl",
    "score",
]

T = TypeVar("T")
Scored = Record | GoldRecord
"""Either side of a comparison: predictions are records, the reference is gold (a
prediction file may also be scored as the reference: the scorer reads only the
fields both have)."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> CountsDict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


class CountsDict(TypedDict):
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


class DocScore(TypedDict):
    """One document's scores (``Report.per_doc``)."""

    entities_strict: CountsDict
    quantities_lenient: CountsDict
    links_lenient: CountsDict
    jurisdiction_right: bool
    by_type: dict[str, CountsDict]


class ReportDict(TypedDict):
    """``Report.as_dict()``: what ``kg eval --json`` prints."""

    docs: list[str]
    missing_gold: list[str]
    strict: dict[str, CountsDict]
    lenient: dict[str, CountsDict]
    place_code_accuracy: float
    money_value_accuracy: float
    per_doc: dict[str, DocScore]
    entities_micro: NotRequired[dict[str, CountsDict]]
    """Added by ``kg eval``: the six entity types micro-averaged, strict and lenient."""


@dataclass
class _Acc:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    docs: list[str] = field(default_factory=list)
    missing_gold: list[str] = field(default_factory=list)
    strict: dict[str, Counts] = field(default_factory=dict)
    lenient: dict[str, Counts] = field(default_factory=dict)
    place_code: _Acc = field(default_factory=_Acc)
    money_value: _Acc = field(default_factory=_Acc)
    per_doc: dict[str, DocScore] = field(default_factory=dict)

    def as_dict(self) -> ReportDict:
        return {
            "docs": self.docs,
            "missing_gold": self.missing_gold,
            "strict": {k: v.as_dict() for k, v in self.strict.items()},
            "lenient": {k: v.as_dict() for k, v in self.lenient.items()},
            "place_code_accuracy": round(self.place_code.value, 4),
            "money_value_accuracy": round(self.money_value.value, 4),
            "per_doc": self.per_doc,
        }


def read_jsonl(path: str | Path) -> list[Record]:
    """Records of a JSON-lines file (``-`` is not accepted here; pass a path)."""
    out: list[Record] = []
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read predictions: {exc.strerror}", source=str(p)) from exc
    for i, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"line {i} is not JSON: {exc.msg}", source=str(p)) from exc
    return out


def load_gold(dirs: Iterable[str | Path]) -> dict[str, GoldRecord]:
    """Gold records by document name, from every ``*.json`` in ``dirs``."""
    gold: dict[str, GoldRecord] = {}
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            raise InputError("gold directory not found", source=str(d))
        for f in sorted(d.glob("*.json")):
            try:
                rec = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"not a gold file: {exc}", source=str(f)) from exc
            if "doc" not in rec:
                raise InputError("gold file has no 'doc' field", source=str(f))
            gold[rec["doc"]] = rec
    return gold


# quotation and book-title marks (the extractor's ``QUOTE_OPEN + QUOTE_CLOSE``; a test
# keeps the two the same) and whitespace: left out when texts are compared
_MARKS = '“"《「『‘”"》」』’'
_UNMARK = {ord(c): None for c in _MARKS}


def compare_form(text: str | None) -> str | None:
    """``text`` as scoring compares it: no quotation or title marks, no whitespace.

    >>> compare_form("本报记者 方 圆“四个一”机制《意见》")
    '本报记者方圆四个一机制意见'
    """
    if text is None:
        return None
    return "".join(text.translate(_UNMARK).split())


def _contains(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a in b or b in a


def _match(pred: list[T], gold: list[T], same: Callable[[T, T], bool]) -> Counts:
    """Greedy one-to-one matching of two sets of items."""
    unmatched = list(gold)
    tp = 0
    for p in pred:
        for i, g in enumerate(unmatched):
            if same(p, g):
                tp += 1
                del unmatched[i]
                break
    return Counts(tp, len(pred) - tp, len(unmatched))


def _entities(rec: Scored) -> dict[str, dict[str, Entity | GoldEntity]]:
    out: dict[str, dict[str, Entity | GoldEntity]] = {t: {} for t in ENTITY_TYPES}
    for e in rec.get("entities", []):
        if e.get("type") in out and not e.get("collective"):
            out[e["type"]].setdefault(compare_form(e["text"]) or "", e)
    return out


def _score_doc(pred: Scored, gold: Scored, rep: Report) -> DocScore:
    pe, ge = _entities(pred), _entities(gold)
    doc_strict: dict[str, Counts] = {}
    for t in ENTITY_TYPES:
        p, g = pe[t], ge[t]

        def strict_same(
            a: str,
            b: str,
            t: str = t,
            p: dict[str, Entity | GoldEntity] = p,
            g: dict[str, Entity | GoldEntity] = g,
        ) -> bool:
            if a != b:
                return False
            if t == "PLACE":
                return p[a].get("code") == g[b].get("code")
            if t == "MONEY":
                return p[a].get("value") == g[b].get("value")
            return True

        s = _match(list(p), list(g), strict_same)
        lax = _match(list(p), list(g), _contains)
        doc_strict[t] = s
        rep.strict.setdefault(t, Counts()).add(s)
        rep.lenient.setdefault(t, Counts()).add(lax)
        for text in set(p) & set(g):
            if t == "PLACE":
                rep.place_code.total += 1
                rep.place_code.right += p[text].get("code") == g[text].get("code")
            elif t == "MONEY":
                rep.money_value.total += 1
                rep.money_value.right += p[text].get("value") == g[text].get("value")
    ent = Counts()
    for t in ENTITY_TYPES:
        ent.add(doc_strict[t])

    def qset(rec: Scored) -> list[tuple[float | None, str | None]]:
        return sorted(
            {(q.get("value"), compare_form(q.get("what"))) for q in rec.get("quantities", [])},
            key=str,
        )

    pq, gq = qset(pred), qset(gold)
    q_strict = _match(pq, gq, lambda a, b: a == b)
    q_lax = _match(pq, gq, lambda a, b: a[0] == b[0] and _contains(a[1], b[1]))

    def lset(rec: Scored) -> list[tuple[str | None, str | None, str | None]]:
        return sorted(
            {
                (x.get("rel"), compare_form(x.get("subject")), compare_form(x.get("object")))
                for x in rec.get("links", [])
            },
            key=str,
        )

    pl, gl = lset(pred), lset(gold)
    l_strict = _match(pl, gl, lambda a, b: a == b)
    l_lax = _match(
        pl, gl, lambda a, b: a[0] == b[0] and _contains(a[1], b[1]) and _contains(a[2], b[2])
    )
    for name, s, lax in (("QUANTITY", q_strict, q_lax), ("LINK", l_strict, l_lax)):
        rep.strict.setdefault(name, Counts()).add(s)
        rep.lenient.setdefault(name, Counts()).add(lax)
    jur_ok = (pred.get("jurisdiction") or {}).get("code") == (gold.get("jurisdiction") or {}).get(
        "code"
    )
    return {
        "entities_strict": ent.as_dict(),
        "quantities_lenient": q_lax.as_dict(),
        "links_lenient": l_lax.as_dict(),
        "jurisdiction_right": jur_ok,
        "by_type": {t: c.as_dict() for t, c in doc_strict.items()},
    }


def score(preds: Iterable[Scored], gold: dict[str, GoldRecord]) -> Report:
    """Score predicted records against gold records (by ``doc``)."""
    rep = Report()
    for pred in preds:
        name = pred.get("doc")
        if name not in gold:
            rep.missing_gold.append(str(name))
            continue
        rep.docs.append(name)
        rep.per_doc[name] = _score_doc(pred, gold[name], rep)
    return rep


def entity_micro(rep: Report, mode: str = "strict") -> Counts:
    """Micro-averaged counts over the six entity types."""
    table = rep.strict if mode == "strict" else rep.lenient
    total = Counts()
    for t in ENTITY_TYPES:
        if t in table:
            total.add(table[t])
    return total
