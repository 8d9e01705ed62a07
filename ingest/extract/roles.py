"""Roles: posts and categories of helpers (ANNOTATION.md, ROLE and convention 5)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon import HELP_CUES, LEVEL_WORDS, ROLE_EXCLUDE, ROLE_WORDS
from .links.sides import longest_first
from .records import Mention
from .text import word_automaton

__all__ = ["find_roles"]

_LEVEL = "".join(LEVEL_WORDS)
# 县级领导, 科级干部, 县处级领导干部 … and 县委书记, 乡镇党委副书记 … not in the list
_PATTERNS = [
    re.compile(rf"(?:自治区|[{_LEVEL}]{{1,2}})级(?:领导干部|领导|干部)"),
    re.compile(r"(?:乡镇|[省市县区州旗乡镇村])(?:委|党委|党工委)(?:副)?书记"),
    # helpers named by how they help (帮扶干部, 包村干部, 挂职干部, 结对帮扶干部)
    re.compile(rf"(?:{longest_first(list(HELP_CUES))})(?:干部|领导)(?!小组|班子)"),
]
# a level's leaders without 级 (市领导, 州领导, 区直领导); not its leading group
# (领导小组) or body (领导班子), nor the end of a place's name (某某乡领导)
_LEVEL_LEADERS = re.compile(r"[省市州县区旗乡镇]直?领导(?!小组|班子|干部)")
# characters that, next to a match, show it is part of another word
_BAD_BEFORE = {"市长": "城都超", "县长": "", "区长": "社园", "村医": "", "镇长": ""}
_BAD_AFTER = {"市长": "期远效久", "村医": "疗院", "区长": "期", "镇长": "期"}


def find_roles(text: str, places: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Every post mention, longest match first, never overlapping; ``places`` are
    the spans of the places named (a level's leaders start no word inside one).

    >>> [m.text for m in find_roles("市领导和大悲乡领导都来了", [(4, 7)])]
    ['市领导']
    """
    cands: list[tuple[int, int]] = []
    for end_idx, word in word_automaton(ROLE_WORDS).iter(text):
        cands.append((end_idx + 1 - len(word), end_idx + 1))
    for pat in _PATTERNS:
        cands.extend((m.start(), m.end()) for m in pat.finditer(text))
    cands.extend(
        (m.start(), m.end())
        for m in _LEVEL_LEADERS.finditer(text)
        if not any(a < m.start() < b for a, b in places)
    )
    cands.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    out: list[Mention] = []
    last_end = -1
    for s, e in sorted(cands, key=lambda se: (-(se[1] - se[0]), se[0])):
        word = text[s:e]
        if word in ROLE_EXCLUDE:
            continue
        if s > 0 and text[s - 1] in _BAD_BEFORE.get(word, "\0"):
            continue
        if e < len(text) and text[e] in _BAD_AFTER.get(word, "\0"):
            continue
        if any(m.overlaps(s, e) for m in out):
            continue
        out.append(Mention("ROLE", word, s, e))
    del last_end
    out.sort(key=lambda m: m.start)
    return out
