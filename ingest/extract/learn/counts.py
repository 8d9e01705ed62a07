"""The count classifier: which numbers of a report count what coverage is about.

The rules (:func:`..amounts.find_quantities`) keep a count only when its noun
ends with a head of a hand-written list and its number is written in digits;
real reports also count in Chinese numerals (两名干部), put the noun before
the number (驻村干部共719人) or leave out the measure word (2332贫困户). Here
every number gets every reading (:func:`..amounts.count_options`: the noun
after it or before it, by the list or by the segmenter's tags, or the bare
measure word), each reading is described by sparse features (how it was
read, the measure word, the last characters of the noun, the characters
before the number, whether the number is in Chinese numerals, its size,
whether the rules kept the same reading) and a logistic regression trained
on the gold files gives the probability that it is a count the guide
annotates. Per number the likeliest reading above the threshold is kept.

The weights are a JSON file like the link classifier's (:class:`.pairs.LinkModel`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..amounts import CountOption, count_options
from ..amounts import _ends_with_head as ends_with_head
from ..records import Quantity, State
from .pairs import LinkModel

__all__ = ["CountModel", "choose", "count_rows", "features", "fit", "gold_label"]

CountModel = LinkModel
"""Per-feature weights of a logistic regression (classes ``False`` / ``True``)."""


def _size(v: float) -> str:
    if v == 1:
        return "1"
    if v < 10:
        return "2-9"
    if v < 100:
        return "10-99"
    return "100-999" if v < 1000 else "1k+"


def features(o: CountOption, rule: bool) -> list[str]:
    """The sparse features of one reading; ``rule``: the rules kept this reading."""
    q, w = o.quantity, o.quantity.what
    head = ends_with_head(w)
    f = [
        f"kind={o.kind}",
        f"unit={q.unit}",
        f"w1={w[-1:]}",
        f"w2={w[-2:]}",
        f"w3={w[-3:]}",
        f"wlen={min(len(w), 6)}",
        f"cn={o.chinese}",
        f"size={_size(q.value)}",
        f"approx={q.approx}",
        f"pre1={o.before[-1:]}",
        f"pre2={o.before[-2:]}",
        f"post={o.after}",
        f"helped={o.helped}",
        f"head={head}",
        f"rule={rule}",
        f"kind_head={o.kind}_{head}",
        f"kind_unit={o.kind}_{q.unit}",
        f"cn_unit={o.chinese}_{q.unit}",
        f"w1_unit={w[-1:]}_{q.unit}",
    ]
    f += sorted({f"ctx={ch}" for ch in o.before})
    f += sorted({f"cb={o.before[i : i + 2]}" for i in range(len(o.before) - 1)})
    return f


def _readings(state: State) -> list[tuple[CountOption, list[str]]]:
    kept = {(q.start, q.what) for q in state.quantities}
    return [
        (o, features(o, (o.quantity.start, o.quantity.what) in kept))
        for o in count_options(state.text, state.tokens_in)
    ]


def _same(value: float, what: str, gold: dict[str, Any]) -> bool:
    g = gold.get("what") or ""
    return value == gold.get("value") and (what in g or g in what)


def gold_label(o: CountOption, gold: Sequence[dict[str, Any]]) -> str:
    """``True`` when a gold quantity has this value and a noun containing (or
    contained in) this reading's (the scorer's lenient match)."""
    return str(any(_same(o.quantity.value, o.quantity.what, g) for g in gold))


def count_rows(state: State, gold: Sequence[dict[str, Any]]) -> list[tuple[list[str], str]]:
    """Training rows of one document: every reading with its gold label."""
    return [(f, gold_label(o, gold)) for o, f in _readings(state)]


def choose(model: LinkModel, state: State) -> list[Quantity]:
    """The counts of ``state``: per number, its likeliest reading above the threshold."""
    best: dict[int, tuple[float, Quantity]] = {}
    yes = model.classes.index("True")
    readings = _readings(state)
    probs = model.probas([f for _, f in readings])[:, yes].tolist()
    places = [(m.start, m.end) for m in state.mentions if m.type == "PLACE"]
    for (o, _), p in zip(readings, probs, strict=True):
        n = o.quantity.num_start
        if any(a <= n < b for a, b in places):
            continue  # a numeral in a place's name (六户地村) counts nothing
        if p >= model.threshold and (n not in best or p > best[n][0]):
            best[n] = (p, o.quantity)
    return sorted((q for _, q in best.values()), key=lambda q: (q.start, q.end))


def fit(rows: Iterable[tuple[list[str], str]], meta: dict[str, Any] | None = None) -> LinkModel:
    """Train the count classifier (scikit-learn, deterministic)."""
    from .pairs import fit as fit_lr

    rows = list(rows)
    if len({label for _, label in rows}) < 2:
        # gold without a count (or with nothing else): keep the rules' readings
        return LinkModel(
            {
                "classes": ["False", "True"],
                "intercept": [0.0, -5.0],
                "weights": {"rule=True": [0.0, 10.0]},
                "threshold": 0.45,
                "meta": {**(meta or {}), "fallback": "the rules' counts"},
            }
        )
    return fit_lr(rows, c=1.0, threshold=0.45, floor=None, meta=meta)
