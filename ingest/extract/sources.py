"""Media outlets named where a report gives its source (ANNOTATION.md convention 12).

News pages name the outlet a report comes from in a few fixed ways: a source
line (来源：某某日报, 图片来源：…, 来源：大河网-某报农村版), a dateline
(某某网讯（记者…）), a site's name standing alone on a line of the page's
header, or a print edition's banner (-- 某某晨报 -- 版次). Each outlet is an
organisation (type ``other``). The entity model reads a name a character at a
time and meets few such lines in training; these forms are exact, so the
outlet's whole name replaces any organisation or programme the model cut
inside or across it.
"""

from __future__ import annotations

import re

from .lexicon import OWN_OUTLETS
from .orgs import org_type_of
from .records import Mention, State
from .text import QUOTE_CLOSE, QUOTE_OPEN

__all__ = ["find_sources", "mark_sources"]

_SOURCE_LINE = re.compile(r"来源\s*[:：]\s*(?P<body>[^\n|｜/,，。;；]{2,60})")
# where a source line's name ends: the next field of the line
_NEXT_FIELD = re.compile(
    r"\s|作者|责任编辑|编辑|记者|通讯员|浏览|点击|发布|时间|日期|\d{4}[-年/.]|[:：]"
)
_PART = re.compile(r"[^-—–－、]+")  # outlets joined by a dash (大河网-某报农村版)
_MARKS = QUOTE_OPEN + QUOTE_CLOSE + "〈〉"  # 来源：《某某报》
# what a source line gives that is no outlet
_NOT_OUTLETS = frozenset(["网络", "网络转载", "转载", "互联网", "原创", "综合", "网友", "微信"])

_DATELINE = re.compile(r"(?<![\u3400-\u9fffA-Za-z0-9])(?P<tok>[\u3400-\u9fffA-Za-z0-9]{2,16})讯")
_STANDALONE = re.compile(
    r"^[ \t\u3000]*(?:[•·*\-][ \t\u3000]*)?"
    r"(?P<name>[\u3400-\u9fffA-Za-z]{1,12}(?:网|网[\u3400-\u9fff]{1,4}站|日报|晚报|晨报|电视台|广播电台))"
    r"[ \t\u3000]*$",
    re.MULTILINE,
)
_BANNER = re.compile(r"[-—]{2}\s*(?P<name>[\u3400-\u9fffA-Za-z]{2,12}?(?:报|网))\s*[-—]{2}")


_LETTER = re.compile(r"[\u3400-\u9fffA-Za-z]")


def _outlet(name: str) -> bool:
    return (
        2 <= len(name) <= 16
        and name not in _NOT_OUTLETS
        and not name.startswith(OWN_OUTLETS)
        and bool(_LETTER.search(name))
    )


def find_sources(text: str) -> list[tuple[int, int]]:
    """The spans of the outlets ``text`` names as its sources, in text order.

    >>> t = "来源：青山日报 作者：李明\\n东坡网讯（记者 王强）"
    >>> [t[s:e] for s, e in find_sources(t)]
    ['青山日报', '东坡网']
    """
    spans: set[tuple[int, int]] = set()
    for m in _SOURCE_LINE.finditer(text):
        body = m.group("body")
        cut = _NEXT_FIELD.search(body)
        body = body[: cut.start()] if cut else body
        pos = m.start("body")
        for part in _PART.finditer(body):
            name = part.group().strip(_MARKS)
            if _outlet(name):
                start = pos + part.start() + part.group().index(name)
                spans.add((start, start + len(name)))
    for m in _DATELINE.finditer(text):
        tok = m.group("tok")
        if tok.endswith("站") and "网" not in tok:
            continue
        if not tok.endswith(("网", "报", "台", "社", "站")):
            # 某某网邯郸讯: the outlet, not the town it writes from
            ends = [i + 1 for i, c in enumerate(tok) if c in "网报台社"]
            if not ends:
                continue  # 凤山讯: a dateline's place
            tok = tok[: ends[-1]]
        if _outlet(tok):
            spans.add((m.start("tok"), m.start("tok") + len(tok)))
    for rx in (_STANDALONE, _BANNER):
        for m in rx.finditer(text):
            if _outlet(m.group("name")):
                spans.add((m.start("name"), m.end("name")))
    return sorted(spans)


def mark_sources(state: State) -> None:
    """Each outlet ``state`` names as a source becomes an organisation; organisations,
    programmes and people cut inside or across it give way to it. Every organisation
    of an outlet's name is marked ``source`` (the report's outlet, not a helper)."""
    found = find_sources(state.text)
    if not found:
        return
    outlets = {state.text[s:e] for s, e in found}
    have = {(m.start, m.end) for m in state.mentions if m.type == "ORG"}
    drop: set[int] = set()
    added: list[Mention] = []
    for s, e in found:
        if (s, e) in have:
            continue
        for i, m in enumerate(state.mentions):
            if m.type in ("ORG", "PROGRAM", "PERSON") and m.start < e and s < m.end:
                drop.add(i)
        name = state.text[s:e]
        attrs = {"org_type": org_type_of(name), "collective": False}
        added.append(Mention("ORG", name, s, e, attrs))
    kept = [m for i, m in enumerate(state.mentions) if i not in drop]
    state.mentions = sorted(kept + added, key=lambda x: (x.start, -x.end))
    for m in state.mentions:  # wherever the report names its outlet, it is the outlet
        if m.type == "ORG" and m.text in outlets:
            m.attrs["source"] = True
