"""The sides a link can have in a sentence, what makes one a helper or a target,
and the one rule for coordinated items (A、B和C) that every relation uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, TypeVar

from ...gazetteer.names import strictly_within
from ..lexicon import COORDINATORS, HELPER_HEADS, TARGET_GROUPS, TARGET_HEADS
from ..records import Mention, Quantity, Sentence, State

__all__ = [
    "CLAUSE_END",
    "COORD",
    "PAREN",
    "TARGET_GROUPS_RE",
    "Side",
    "address_parts",
    "by_sentence",
    "collect_sides",
    "coordinated_before",
    "is_helper",
    "is_target",
    "is_team",
    "longest_first",
    "posts_before",
    "target_after",
    "targets_after",
    "village_before",
    "village_of",
]


def longest_first(words: Sequence[str]) -> str:
    """An alternation of ``words`` where the longest wins at a position."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


CLAUSE_END = re.compile(r"[；;。]")
PAREN = re.compile(r"[（(][^()（）]*[)）]$")
# 乡村振兴 (rural revitalisation) is a policy, not a group of villages helped.
TARGET_GROUPS_RE = re.compile(f"({longest_first(TARGET_GROUPS)})(?!振兴)")
COORD = re.compile(longest_first(COORDINATORS))
"""A coordinator between two items: 、 和 及 与 以及."""
COORD_OR_ETC = re.compile(longest_first([*COORDINATORS, "等"]))
"""Coordinators and the 等 that closes a list (A村、B村等17个村)."""

T = TypeVar("T", bound=Any)


def coordinated_before(
    text: str,
    earlier: Sequence[T],
    last: T,
    *,
    joiner: re.Pattern[str] = COORD,
    accept: Callable[[T], bool] | None = None,
) -> list[T]:
    """``last`` and the items written right before it that are coordinated with it.

    ``earlier`` are the candidates before ``last`` in text order; walking back
    from ``last``, an item joins while only a coordinator (``joiner``) stands
    between it and the first item so far, and ``accept`` takes it.

    >>> from types import SimpleNamespace as N
    >>> t = "县委、县政府和乡镇党委建立"
    >>> a, b, c = N(start=0, end=2), N(start=3, end=6), N(start=7, end=11)
    >>> [t[x.start : x.end] for x in coordinated_before(t, [a, b], c)]
    ['县委', '县政府', '乡镇党委']
    """
    out = [last]
    for x in reversed(earlier):
        if joiner.fullmatch(text[x.end : out[0].start]) and (accept is None or accept(x)):
            out.insert(0, x)
        else:
            break
    return out


@dataclass(slots=True)
class Side:
    text: str
    start: int
    end: int
    kind: str  # "quantity" | entity type | "group"
    ref: Mention | Quantity | None = None

    @property
    def mention(self) -> Mention:
        """The entity mention this side is (its ``kind`` is an entity type)."""
        assert isinstance(self.ref, Mention), self
        return self.ref

    @property
    def quantity(self) -> Quantity:
        """The quantity this side is (its ``kind`` is ``"quantity"``)."""
        assert isinstance(self.ref, Quantity), self
        return self.ref


def by_sentence(items: list, sents: list[Sentence]) -> list[list]:
    """Items (with ``.start``) grouped by the sentence they start in."""
    from ..text import sentence_at

    groups: list[list] = [[] for _ in sents]
    for it in items:
        if sents:
            groups[sentence_at(sents, it.start)].append(it)
    return groups


def collect_sides(quantities: list[Quantity], mentions: list[Mention]) -> list[Side]:
    out: list[Side] = [Side(q.text, q.start, q.end, "quantity", q) for q in quantities]
    for m in mentions:
        if m.type != "MONEY" and not any(o.start <= m.start and m.end <= o.end for o in out):
            out.append(Side(m.text, m.start, m.end, m.type, m))
    out.sort(key=lambda x: x.start)
    return out


def is_helper(side: Side) -> bool:
    if side.kind == "quantity":
        q = side.quantity
        return q.what.endswith(HELPER_HEADS) and not q.what.endswith(("贫困村", "非贫困村"))
    return side.kind in ("ORG", "ROLE", "PERSON")


def is_target(side: Side) -> bool:
    if side.kind == "quantity":
        q = side.quantity
        what = PAREN.sub("", q.what)  # 79个村（社区）
        return what.endswith(TARGET_HEADS) and not what.endswith(("工作组", "工作队"))
    if side.kind == "PLACE":
        m = side.mention
        return m.attrs.get("level") in ("township", "village", "county")
    return side.kind == "group"


def is_team(side: Side) -> bool:
    return side.text.endswith(("工作队", "工作组")) or "驻村" in side.text


def target_after(text: str, sides: list[Side], c1: int) -> Side | None:
    """The target written after a cue, within its clause: not past a ；/。 and
    not past another counted helper (whose clause it is: 78个工作组帮扶78个非贫困村)."""
    for x in sides:
        if x.start < c1:
            continue
        if x.start - c1 > 40 or CLAUSE_END.search(text, c1, x.start):
            return None
        if is_target(x):
            return x
        if x.kind == "quantity" and is_helper(x):
            return None
    return None


def targets_after(text: str, sides: list[Side], c1: int) -> list[Side]:
    """The target after a cue and those listed with it (A村、B村等17个村)."""
    first = target_after(text, sides, c1)
    if first is None:
        return []
    out = [village_of(sides, first)]
    for x in sides:
        if x.start < out[-1].end:
            continue
        if not COORD_OR_ETC.fullmatch(text[out[-1].end : x.start]) or not is_target(x):
            break
        out.append(village_of(sides, x))
    return out


def village_of(sides: list[Side], x: Side) -> Side:
    """汉王镇马家营村: the village written right after its township stands for both."""
    if x.kind == "PLACE" and x.mention.attrs.get("level") == "township":
        nxt = next((y for y in sides if y.start == x.end), None)
        if nxt is not None and nxt.kind == "PLACE" and nxt.mention.attrs.get("level") == "village":
            return nxt
    return x


_CLAUSE_START = re.compile(r"[，,。；;：:！？!?\n“”「」]")


def posts_before(text: str, lo: int, pos: int) -> str:
    """The posts written before a name in its clause, from ``lo`` on (柳河村第一书记、
    驻村工作队队长 in 柳河村第一书记、驻村工作队队长周明远): a name's role holds
    only the last."""
    start = lo
    for m in _CLAUSE_START.finditer(text, lo, pos):
        start = m.end()
    return text[start:pos]


def village_before(sents: list[Sentence], idx: int, state: State) -> Side | None:
    lo, hi = sents[max(0, idx - 2)].start, sents[idx].start
    vs = [
        m
        for m in state.of_type("PLACE")
        if lo <= m.start < hi and m.attrs.get("level") == "village"
    ]
    return Side(vs[-1].text, vs[-1].start, vs[-1].end, "PLACE", vs[-1]) if vs else None


def address_parts(mentions: Sequence[Mention]) -> set[tuple[int, int]]:
    """``(start, end)`` of the places written as the first part of an address: right
    before a place they hold, by the registry's codes (陇西县 and 首阳镇 in
    陇西县首阳镇樵家河村). Such a place says where the next one lies; it is not a
    place of its own that a sentence says is helped."""
    places = sorted(
        (m.start, m.end, m.attrs.get("code") or "") for m in mentions if m.type == "PLACE"
    )
    return {
        (s, e)
        for (s, e, code), (s2, _, inner) in pairwise(places)
        if s2 == e and strictly_within(inner, code)
    }
