"""Links: helps / leads / responsible_for / implements / funds, from cue words,
with their sides drawn from the sentence's mentions (ANNOTATION.md, Links).

Every link carries the scope (the document's jurisdiction unless the
sentence is about another place), a time where the sentence gives one, and
for ``helps`` a ``kind`` from ``lexicon.HELP_KINDS``.
"""

from __future__ import annotations

import re

from ..records import Link, Sentence, State
from ..teams import team_links
from .funds import find_funds
from .helps import HELP_RE, find_helps, staff
from .leads import find_leads
from .sides import TARGET_GROUPS_RE, Side, by_sentence, collect_sides
from .stationed import find_stationed
from .tasks import find_duties, find_implements

__all__ = ["HELP_RE", "find_links"]

_TIME_RE = re.compile(
    r"(?:\d{4}年(?:以来|底|初|上半年|下半年|\d{1,2}月(?:底|初|份)?)?|十[二三四]五(?:期间|以来)?|今年|去年|近年来)"
)


def find_links(text: str, state: State, jurisdiction: str | None) -> list[Link]:
    """All links of a document."""
    links: list[Link] = []
    sents = state.sentences
    q_by = by_sentence(state.quantities, sents)
    m_by = by_sentence(sorted(state.mentions, key=lambda m: m.start), sents)
    for idx, s in enumerate(sents):
        if not q_by[idx] and not m_by[idx]:
            continue
        mentions = m_by[idx]
        sides = collect_sides(q_by[idx], mentions)
        for m in TARGET_GROUPS_RE.finditer(text, s.start, s.end):
            if not any(x.start <= m.start() < x.end for x in sides):
                sides.append(Side(m.group(), m.start(), m.end(), "group"))
        sides.sort(key=lambda x: x.start)
        when = _when(text, s)
        new: list[Link] = []
        new += find_helps(text, s, sides, sents, idx, state)
        new += find_stationed(text, s, sides, sents, idx, state)
        staff(text, s, sides, new)
        new += find_leads(text, s, idx, sides, state)
        new += find_duties(text, s)
        new += find_implements(text, s, mentions, jurisdiction)
        new += find_funds(text, s, mentions, sides)
        for link in new:
            link.scope = jurisdiction
            link.when = link.when or when
        links += new
    for link in team_links(state):
        link.scope = jurisdiction
        links.append(link)
    return _dedupe(links)


def _when(text: str, s: Sentence) -> str | None:
    m = _TIME_RE.search(text, s.start, s.end)
    return m.group() if m else None


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[tuple] = set()
    out = []
    for link in links:
        key = (link.rel, link.subject, link.object)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out
