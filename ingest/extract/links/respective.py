"""分别 and 共同: who helps which of the places a sentence lists after them.

"甲局、乙局、丙局分别帮扶A村、B村、C村" ("respectively") pairs the lists item
by item: 甲局 helps A村, 乙局 B村, 丙局 C村, and not each every other. "…等单位
的8支工作队分别进驻A村、B村…" gives every place to the one phrase before 分别
(the teams), not to the bodies that phrase names as their senders.
"甲局与乙局共同帮扶A村" ("together") gives A村 to both, and 甲局 does not help
乙局 (与 pairs a helper with whom it helps only without 共同: 甲局与A村结对).
A classifier that scores pairs one at a time links every helper of such a
sentence with every place, or reads 与 as a pairing; :func:`respective` reads
the sentence as a whole and keeps the pairs it states.

The helpers are the sides right before the cue (organisations, people, posts
and counts of helpers) coordinated by 、, 和, 与, 及 (``sides.coordinated_before``,
as the rules read lists); the places are the innermost of the places after it
in the same sentence (陇西县 in 陇西县甲村 is where 甲村 lies, not a place of
its own in the list). "甲村、乙村分别由A局、B局帮扶" (passive) reads the places
coordinated right before 分别 and the helpers coordinated right after 由. A 分别
sentence whose two lists differ in length with more than one helper, or a
sentence with no helper right before its cue (nor after 分别由), is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..records import Link, Mention, State
from ..text import sentence_at
from .sides import (
    COORD,
    Side,
    address_parts,
    collect_sides,
    coordinated_before,
    is_helper,
)

__all__ = ["JOINT_CUE", "RESPECTIVE_CUE", "respective"]

RESPECTIVE_CUE = "分别"
JOINT_CUE = "共同"
_BEFORE = re.compile(r"(?:等|共同)?")  # what may stand between the last helper and the cue
_CUE = re.compile(f"{RESPECTIVE_CUE}|{JOINT_CUE}")
_REACH = 10  # the first place is at most this many characters after 分别
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class _Item:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a cue's sentence lists: its helpers and places in order, the names of
    the places written as part of another's address, the span the helpers are
    written in, and the sentence's."""

    helpers: list[Side]
    places: list[_Item]
    qualifiers: set[str]
    subjects: tuple[int, int]
    sentence: tuple[int, int]


def respective(
    state: State, links: list[Link], make: Callable[[Side, _Item, int, int], Link]
) -> list[Link]:
    """``links`` with the ``helps`` links of each 分别 or 共同 sentence as it states them.

    ``make(helper, place, start, end)`` builds a link the sentence states and
    ``links`` lacks. Links of other relations and of other sentences are kept.
    """
    text = state.text
    # a stationed team's sender helps where the team does (teams.py)
    senders = {m.attrs["sends"]: m.text for m in state.mentions if m.attrs.get("sends")}
    for k, cue in _cues(text):
        sentence = _sentence(state, k)
        sides = _sides_in(state, *sentence)
        got = _lists(state, sides, k, cue, sentence) or _passive(state, sides, k, cue, sentence)
        if got is None:
            continue
        helpers, places = got.helpers, got.places
        if len(helpers) == 1 or cue == JOINT_CUE:
            pairs = [(h, p) for h in helpers for p in places]
        elif len(helpers) == len(places):
            pairs = list(zip(helpers, places, strict=True))
        else:
            continue
        lo, hi = sentence
        place_names = {p.text for p in places} | got.qualifiers
        stated = {(h.text, p.text) for h, p in pairs}
        stated |= {(senders[h], p) for h, p in stated if h in senders}
        # a helps link of this sentence to one of the listed places (or a place of
        # their addresses) from anything written where the helpers are (before the
        # cue, or after 分别由) is kept only when stated, and the coordinated helpers
        # do not help one another
        a, b = got.subjects
        members = {h.text for h in helpers} if len(helpers) > 1 else set()
        links = [
            lk
            for lk in links
            if not (
                lk.rel == "helps"
                and lk.object in place_names
                and lo <= lk.start < hi
                and lk.subject
                and text.find(lk.subject, a, b) >= 0
                and (lk.subject, lk.object) not in stated
            )
            and not (lk.rel == "helps" and lk.subject in members and lk.object in members)
        ]
        have = {(lk.subject, lk.object) for lk in links if lk.rel == "helps"}
        links += [make(h, p, h.start, p.end) for h, p in pairs if (h.text, p.text) not in have]
    links.sort(key=lambda lk: (lk.start, lk.rel))
    return links


def _cues(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _CUE.finditer(text)]


def _sentence(state: State, pos: int) -> tuple[int, int]:
    """Where the sentence holding ``pos`` starts and ends."""
    if not state.sentences:
        return 0, len(state.text)
    s = state.sentences[sentence_at(state.sentences, pos)]
    return s.start, s.end


def _sides_in(state: State, lo: int, hi: int) -> list[Side]:
    """The sides written inside ``[lo, hi)`` (a cue's sentence)."""
    return collect_sides(
        [q for q in state.quantities if lo <= q.start and q.end <= hi],
        [m for m in state.mentions if lo <= m.start and m.end <= hi],
    )


def _outermost(sides: list[Side]) -> list[Side]:
    """``sides`` less those inside another (甲局 in 甲局工作队 is its sender)."""
    return [
        x
        for x in sides
        if not any(o is not x and o.start <= x.start and x.end <= o.end for o in sides)
    ]


def _lists(
    state: State, sides: list[Side], k: int, cue: str, sentence: tuple[int, int]
) -> _Reading | None:
    """The helpers coordinated right before the cue at ``k`` and the places after it
    (``sides``: the sentence's)."""
    text = state.text
    lo, hi = sentence
    helpers = _outermost([x for x in sides if x.end <= k and is_helper(x)])
    if not helpers or not _BEFORE.fullmatch(text[helpers[-1].end : k]):
        return None
    chain = coordinated_before(text, helpers[:-1], helpers[-1])
    after = [m for m in state.mentions if m.type == "PLACE" and k < m.start and m.end <= hi]
    if not after or min(m.start for m in after) > k + len(cue) + _REACH:
        return None
    places = _innermost(text, after)
    qualifiers = {m.text for m in after} - {p.text for p in places}
    return _Reading(chain, places, qualifiers, (lo, k), sentence)


def _passive(
    state: State, sides: list[Side], k: int, cue: str, sentence: tuple[int, int]
) -> _Reading | None:
    """甲村、乙村分别由A、B帮扶: the places coordinated right before 分别 and the
    helpers coordinated right after 由 (``sides``: the sentence's)."""
    text = state.text
    by = k + len(cue)
    if cue != RESPECTIVE_CUE or not text.startswith("由", by):
        return None
    helpers = _outermost([x for x in sides if by < x.start and is_helper(x)])
    if not helpers or helpers[0].start != by + 1:
        return None
    chain = [helpers[0]]
    for x in helpers[1:]:
        if not COORD.fullmatch(text[chain[-1].end : x.start]):
            break
        chain.append(x)
    lo = sentence[0]
    before = [m for m in state.mentions if m.type == "PLACE" and lo <= m.start and m.end <= k]
    places = _innermost(text, before)
    if not places or places[-1].end != k:
        return None
    run = [places[-1]]
    for p in reversed(places[:-1]):
        # what stands between two places, less the address the second starts with
        parts = [m.start for m in before if p.end <= m.start and m.end <= run[0].start]
        if not COORD.fullmatch(text[p.end : min(parts, default=run[0].start)]):
            break
        run.insert(0, p)
    qualifiers = {m.text for m in before} - {p.text for p in places}
    return _Reading(chain, run, qualifiers, (by, sentence[1]), sentence)


def _innermost(text: str, places: list[Mention]) -> list[_Item]:
    """The places in text order, less those written as the first part of an address
    (:func:`.sides.address_parts`), and a unit above the village written straight on
    into a name (金龙乡 in 金龙乡清江村, where the registry does not know 清江村)."""
    parts = address_parts(places)
    return [
        _Item(m.text, m.start, m.end)
        for m in sorted(places, key=lambda m: (m.start, -m.end))
        if (m.start, m.end) not in parts
        and not (m.attrs.get("level") not in ("village", None) and _CJK.match(text, m.end))
    ]
