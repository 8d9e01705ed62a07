"""分别 ("respectively"): who helps which of the places a sentence lists after it.

"甲局、乙局、丙局分别帮扶A村、B村、C村" pairs the lists item by item: 甲局
helps A村, 乙局 B村, 丙局 C村, and not each every other. "…等单位的8支工作队
分别进驻A村、B村…" gives every place to the one phrase before 分别 (the teams),
not to the bodies that phrase names as their senders. A classifier that scores
pairs one at a time links every helper of such a sentence with every place;
:func:`respective` reads the sentence as a whole and keeps the pairs it states.

The helpers are the sides right before 分别 (organisations, people, posts and
counts of helpers) coordinated by 、, 和, 与, 及 (``sides.coordinated_before``,
as the rules read lists); the places are the
innermost of the places after it in the same sentence (陇西县 in 陇西县甲村 is
where 甲村 lies, not a place of its own in the list). A sentence whose two lists
differ in length with more than one helper, or that has no helper right before
分别 (a passive one: 甲村、乙村分别由…), is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..records import Link, Mention, State
from ..text import sentence_at
from .sides import Side, address_parts, collect_sides, coordinated_before, is_helper

__all__ = ["RESPECTIVE_CUE", "respective"]

RESPECTIVE_CUE = "分别"
_BEFORE = re.compile(r"(?:等|共同)?")  # what may stand between the last helper and 分别
_REACH = 10  # the first place is at most this many characters after 分别
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class _Item:
    text: str
    start: int
    end: int


def respective(
    state: State, links: list[Link], make: Callable[[Side, _Item, int, int], Link]
) -> list[Link]:
    """``links`` with the ``helps`` links of each 分别 sentence as it pairs its lists.

    ``make(helper, place, start, end)`` builds a link the sentence states and
    ``links`` lacks. Links of other relations and of other sentences are kept.
    """
    text = state.text
    for k in _cues(text):
        got = _lists(state, k)
        if got is None:
            continue
        helpers, places, qualifiers = got
        if len(helpers) == 1:
            pairs = [(helpers[0], p) for p in places]
        elif len(helpers) == len(places):
            pairs = list(zip(helpers, places, strict=True))
        else:
            continue
        lo, hi = _sentence_start(state, k), _sentence_end(state, k)
        place_names = {p.text for p in places} | qualifiers
        stated = {(h.text, p.text) for h, p in pairs}
        # a stationed team's sender helps where the team does (teams.py)
        senders = {m.attrs["sends"]: m.text for m in state.mentions if m.attrs.get("sends")}
        stated |= {(senders[h], p) for h, p in stated if h in senders}
        # a helps link of this sentence to one of the listed places (or a place of
        # their addresses) from anything written before 分别 is kept only when stated
        links = [
            lk
            for lk in links
            if not (
                lk.rel == "helps"
                and lk.object in place_names
                and lo <= lk.start < hi
                and lk.subject
                and text.find(lk.subject, lo, k) >= 0
                and (lk.subject, lk.object) not in stated
            )
        ]
        have = {(lk.subject, lk.object) for lk in links if lk.rel == "helps"}
        links += [make(h, p, h.start, p.end) for h, p in pairs if (h.text, p.text) not in have]
    links.sort(key=lambda lk: (lk.start, lk.rel))
    return links


def _cues(text: str) -> list[int]:
    out, k = [], text.find(RESPECTIVE_CUE)
    while k >= 0:
        out.append(k)
        k = text.find(RESPECTIVE_CUE, k + len(RESPECTIVE_CUE))
    return out


def _sentence_start(state: State, pos: int) -> int:
    if not state.sentences:
        return 0
    return state.sentences[sentence_at(state.sentences, pos)].start


def _sentence_end(state: State, pos: int) -> int:
    if not state.sentences:
        return len(state.text)
    return state.sentences[sentence_at(state.sentences, pos)].end


def _lists(state: State, k: int) -> tuple[list[Side], list[_Item], set[str]] | None:
    """The helpers coordinated right before 分别 at ``k``, the places after it, and the
    names of the places after it written as part of another's address."""
    text = state.text
    lo, hi = _sentence_start(state, k), _sentence_end(state, k)
    inside = [x for x in collect_sides(state.quantities, state.mentions) if lo <= x.start]
    helpers = [x for x in inside if x.end <= k and is_helper(x)]
    # the outermost ones: 甲局 in 甲局工作队 is its sender, not a helper of the list
    helpers = [
        x
        for x in helpers
        if not any(o is not x and o.start <= x.start and x.end <= o.end for o in helpers)
    ]
    if not helpers or not _BEFORE.fullmatch(text[helpers[-1].end : k]):
        return None
    chain = coordinated_before(text, helpers[:-1], helpers[-1])
    after = [m for m in state.mentions if m.type == "PLACE" and k < m.start and m.end <= hi]
    if not after or min(m.start for m in after) > k + len(RESPECTIVE_CUE) + _REACH:
        return None
    places = _innermost(text, after)
    return chain, places, {m.text for m in after} - {p.text for p in places}


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
