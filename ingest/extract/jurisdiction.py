"""The document's jurisdiction: the place the report is about.

Scored from where a place is written (the title, the first lines, the
author's unit at the end) and how often; a place named once in passing
(一个外县的经验) never wins. Mentions are grouped by division code; the winner
then narrows to the most specific unit the report is about (ANNOTATION.md
convention 13: a village for a story about one village), and the
jurisdiction's text is the form the report uses most.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..gazetteer.names import LEVEL_DIGITS, strictly_within
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
    ms = forms[_narrowed(best[1], {c: len(v) for c, v in forms.items()})]
    outside = [m for m in ms if not any(o.start <= m.start and m.end <= o.end for o in orgs)] or ms
    counts: dict[str, int] = defaultdict(int)
    for m in outside:
        counts[m.text] += 1
    text_form = max(
        counts, key=lambda t: (counts[t], -min(m.start for m in outside if m.text == t))
    )
    return next(m for m in outside if m.text == text_form)


# the digits a village, a township, a county, a prefecture and a province are known by
_DIGITS = sorted(LEVEL_DIGITS.values(), reverse=True)


def _narrowed(code: str, counts: dict[str, int]) -> str:
    """The most specific place the report is about within ``code``: the nearest
    common unit of the places under it that the report names at least as often
    as ``code`` itself (a story about one village names it more often than its
    county; a county's briefing names its own name most), if the report names
    that unit, else the nearest it names above it."""
    under = [c for c, n in counts.items() if strictly_within(c, code) and n >= max(2, counts[code])]
    leaves = [c for c in under if not any(strictly_within(o, c) for o in under)]
    if not leaves:
        return code
    n = next(n for n in _DIGITS if all(c[:n] == leaves[0][:n] for c in leaves))
    for k in (d for d in _DIGITS if d <= n):
        unit = leaves[0][:k].ljust(12, "0")
        if unit in counts:
            return unit
    return code
