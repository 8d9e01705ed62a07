"""``responsible_for`` (责任单位 lists under a task heading) and ``implements``
(a body or place carrying out a programme, else the jurisdiction)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..programs import CARRY_OUT_CUES
from ..records import Link, Mention, Sentence
from .sides import COORD, coordinated_before

__all__ = ["find_duties", "find_implements"]

_DUTY_RE = re.compile(r"[（(]\s*责任单位\s*[:：]\s*([^()（）]+?)\s*[)）]")

_CARRY_RE = re.compile("|".join(map(re.escape, CARRY_OUT_CUES)) + "|贯彻落实|执行|采取|确定|举办")


def find_duties(text: str, s: Sentence) -> list[Link]:
    out: list[Link] = []
    for m in _DUTY_RE.finditer(text, s.start, s.end):
        if not s.heading:
            continue
        heading = re.sub(r"[“”\"‘’《》]", "", s.heading)
        heading = re.sub(r"[(（][^()（）]*[)）]$", "", heading).strip()
        units = re.split(r"[、，,；;]|等", m.group(1))
        for u in units:
            u = u.strip()
            if len(u) < 2:
                continue
            out.append(Link("responsible_for", u, heading, "责任单位", m.start(), m.end()))
    return out


def find_implements(
    text: str, s: Sentence, mentions: list[Mention], jurisdiction: str | None
) -> list[Link]:
    out: list[Link] = []
    progs = [m for m in mentions if m.type == "PROGRAM"]
    for p in progs:
        window = text[max(s.start, p.start - 10) : p.start]
        window = re.sub(r"[“”\"《「]$", "", window)
        cue = None
        for m in _CARRY_RE.finditer(window):
            if len(window) - m.end() <= 4 and not re.search(r"[，,。；;]", window[m.end() :]):
                cue = m
        if cue is None:
            continue
        cue_pos = max(s.start, p.start - 10) + cue.start()
        actors: list[str | None] = list(_actors(text, s, mentions, cue_pos)) or [jurisdiction]
        out += [Link("implements", a, p.text, cue.group(), cue_pos, p.end) for a in actors]
    return out


def _same_type(m: Mention) -> Callable[[Mention], bool]:
    return lambda p: p.type == m.type


def _actors(text: str, s: Sentence, mentions: list[Mention], cue_pos: int) -> list[str]:
    """The organisation or place written right before a carry-out verb, with
    those coordinated with it (晴隆县委、县政府建立…: both)."""
    cands = [
        m
        for m in mentions
        if m.type in ("ORG", "PLACE")
        and s.start <= m.start
        and m.end <= cue_pos
        and not m.attrs.get("collective")
    ]
    for i, m in enumerate(cands):
        gap = text[m.end : cue_pos]
        if len(gap) <= 4 and not re.search(r"[，,、。；;的]", gap):
            out = coordinated_before(text, cands[:i], m, joiner=COORD, accept=_same_type(m))
            return [x.text for x in out]
    return []
