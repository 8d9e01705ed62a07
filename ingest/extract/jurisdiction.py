"""The document's jurisdiction: the place the report is about.

Scored from where a place is written (the title, the first lines, the
author's unit at the end) and how often; a place named once in passing
(一个外县的经验) never wins. Mentions are grouped by division code, and the
jurisdiction's text is the form the report uses most.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .records import Mention

__all__ = ["infer_jurisdiction"]

_LEVEL_BONUS: dict[str | None, float] = {
    "county": 1.0,
    "prefecture": 0.5,
    "township": 0.3,
    "province": 0.0,
    "village": 0.0,
}


def infer_jurisdiction(
    text: str, places: list[Mention], orgs: list[Mention], title: str | None = None
) -> Mention | None:
    """The place mention that stands for the document's jurisdiction, or None."""
    lines = [m.start() for m in re.finditer("\n", text)]
    head_end = lines[2] if len(lines) > 2 else len(text)
    tail_start = lines[-2] if len(lines) > 2 else len(text)
    first_line_end = lines[0] if lines else len(text)
    score: dict[str, float] = defaultdict(float)
    forms: dict[str, list[Mention]] = defaultdict(list)
    anchored: set[str] = set()
    for p in places:
        code = p.attrs.get("code")
        level = p.attrs.get("level")
        if not code or level not in _LEVEL_BONUS:
            continue
        in_org = any(o.start <= p.start and p.end <= o.end for o in orgs)
        forms[code].append(p)
        score[code] += 0.5 if len(forms[code]) <= 6 else 0.0
        if (title and p.text in title) or p.start < first_line_end:
            score[code] += 1.0 if in_org else 3.0
            anchored.add(code)
        elif p.start < head_end:
            score[code] += 1.0 if in_org else 2.0
            anchored.add(code)
        elif p.start >= tail_start and in_org:
            score[code] += 2.0
            anchored.add(code)
    best = None
    for code, s in score.items():
        level = forms[code][0].attrs.get("level")
        if code not in anchored and len(forms[code]) < 3:
            continue
        s += _LEVEL_BONUS.get(level, 0.0)
        if best is None or s > best[0]:
            best = (s, code)
    if best is None:
        return None
    ms = forms[best[1]]
    outside = [m for m in ms if not any(o.start <= m.start and m.end <= o.end for o in orgs)] or ms
    counts: dict[str, int] = defaultdict(int)
    for m in outside:
        counts[m.text] += 1
    text_form = max(
        counts, key=lambda t: (counts[t], -min(m.start for m in outside if m.text == t))
    )
    return next(m for m in outside if m.text == text_form)
