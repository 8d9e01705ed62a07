"""Anaphors that name a body or a person already introduced: 该局, 该公司, 该村, 他.

Reports introduce a helper once by its full name and refer to it later by
a demonstrative and the head of that name (该局 for 县农业农村局, 该公司 for
…有限公司, 該部 for …保障部) or, for a person, by 他 / 她. The link
classifier (learn/pairs.py) takes each such anaphor as a further mention of
its antecedent, at the anaphor's place, so that "该局投入20万元用于某村道路"
can link the bureau and not only a bare 该局.

The rules are the grammar of the form, not a list of cases:

- 该 (該) + a head: the antecedent is the nearest organisation or place
  before it whose name ends with that head (the longest head of up to four
  characters that some earlier name ends with), within the last
  :data:`REACH` sentences;
- 他 / 她: the nearest person before it in the same sentence or the
  previous one, when no other person stands between (one person in reach).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .records import Cover, Mention, State
from .text import sentence_at

__all__ = ["REACH", "Anaphor", "anaphors"]

REACH = 5
"""Sentences back, the anaphor's own included, in which a 该 + head finds its antecedent."""

_DEMONSTRATIVE = re.compile(r"[该該]([\u4e00-\u9fff]{1,4})")
_PRONOUN = re.compile(r"[他她]")
_BODY_TYPES = frozenset(["ORG", "PLACE"])


@dataclass(frozen=True, slots=True)
class Anaphor:
    """An anaphor at ``[start, end)`` of the text and the mention it refers to."""

    start: int
    end: int
    antecedent: Mention


def anaphors(state: State) -> list[Anaphor]:
    """Every resolved anaphor of the document, in text order. 该 must begin a
    word of the segmenter (not 应该), and 他 / 她 be a word alone (not 其他, 他人)."""
    text, sents = state.text, state.sentences
    if not sents:
        return []
    bodies = sorted(
        (m for m in state.mentions if m.type in _BODY_TYPES), key=lambda m: (m.start, -m.end)
    )
    people = sorted((m for m in state.mentions if m.type == "PERSON"), key=lambda m: m.start)
    named = Cover([(m.start, m.end) for m in state.mentions])
    starts = state.is_token_end  # a word ends here, so the next one starts here
    out: list[Anaphor] = []
    for hit in _DEMONSTRATIVE.finditer(text):
        at = hit.start()
        if named.strictly_inside(at, at + 1) or not starts(at):
            continue  # 该 inside a name, or in a word such as 应该
        floor = sents[max(0, sentence_at(sents, at) - REACH + 1)].start
        found = _by_head(hit.group(1), _between(bodies, floor, at))
        if found is not None:
            m, head = found
            out.append(Anaphor(at, at + 1 + len(head), m))
    for hit in _PRONOUN.finditer(text):
        at = hit.start()
        if named.strictly_inside(at, at + 1) or not (starts(at) and starts(hit.end())):
            continue  # 其他, 他人, 他们: not one person
        floor = sents[max(0, sentence_at(sents, at) - 1)].start
        near = _between(people, floor, at)
        if near and len({m.text for m in near}) == 1:
            out.append(Anaphor(at, hit.end(), near[-1]))
    out.sort(key=lambda a: a.start)
    return out


def _between(mentions: list[Mention], lo: int, hi: int) -> list[Mention]:
    """The ``mentions`` (sorted by start) that lie within ``[lo, hi)``."""
    a = bisect.bisect_left(mentions, lo, key=lambda m: m.start)
    b = bisect.bisect_left(mentions, hi, key=lambda m: m.start)
    return [m for m in mentions[a:b] if m.end <= hi]


def _by_head(after: str, before: list[Mention]) -> tuple[Mention, str] | None:
    """The nearest of ``before`` whose name ends with the longest head that
    ``after`` (the characters after 该) starts with, and that head."""
    for k in range(len(after), 0, -1):
        head = after[:k]
        for m in reversed(before):
            if m.text.endswith(head) and len(m.text) > len(head):
                return m, head
    return None
