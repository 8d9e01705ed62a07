"""Annotated text for the corpus generator: spans that know their gold annotation.

Every piece of generated text is a :class:`Span`: its characters plus the gold
items (entities and quantities of ``ANNOTATION.md``) that lie inside it, with
their offsets. Joining spans shifts the offsets, so a document assembled from
sentences knows exactly where each annotated string is, and its gold file is
the list of those items: right by construction.

Templates are strings with ``{slot}`` places for spans made elsewhere (an
organisation, a village, a count) and inline markers for the few annotated
words a template writes itself::

    [[R:第一书记]]                a ROLE
    [[O:驻村工作队:work_team]]     an ORG (org_type after the second colon)
    [[C:县直各单位:other]]         a collective ORG (kept for links only)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Link",
    "Span",
    "Table",
    "cat",
    "ent",
    "fill",
    "free",
    "join",
    "qty",
    "wrap",
]

Item = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Span:
    """Text with the gold items inside it: ``anns`` holds ``(start, end, item)``.

    ``side`` is what a link names when this span is one of its sides (the
    span's text unless set: a village written with its township links as the
    village alone).
    """

    text: str
    anns: tuple[tuple[int, int, Item], ...] = ()
    side: str | None = None

    @property
    def link_text(self) -> str:
        return self.side if self.side is not None else self.text

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.text


@dataclass(frozen=True, slots=True)
class Link:
    """A gold link; sides are texts as written in the sentence."""

    rel: str
    subject: str
    object: str
    cue: str
    kind: str | None = None
    scope: str | None = None

    def as_gold(self, scope: str) -> Item:
        out: Item = {
            "rel": self.rel,
            "subject": self.subject,
            "object": self.object,
            "cue": self.cue,
            "scope": self.scope or scope,
        }
        if self.rel == "helps":
            out["kind"] = self.kind
        return out


@dataclass(slots=True)
class Table:
    """A table block of a document: a header row and rows of spans."""

    header: list[str]
    rows: list[list[Span]] = field(default_factory=list)


def ent(text: str, **item: Any) -> Span:
    """A span that is one entity (``type`` and the type's fields in ``item``)."""
    return Span(text, ((0, len(text), {"type": item.pop("type"), "text": text, **item}),))


def free(text: str) -> Span:
    """Unannotated text that may still be a link side (a funding purpose, a task)."""
    return Span(text)


def qty(
    value: float,
    unit: str,
    what: str,
    *,
    approx: bool = False,
    written: str | None = None,
    role: bool = False,
    before: str = "",
    qualifier: str | None = None,
) -> Span:
    """A quantity such as ``25个贫困村``; ``written`` is the number as written
    (``1.2万``); ``role`` marks the counted noun as a ROLE too (38名县级领导);
    ``before`` puts the noun first (贫困村25个)."""
    number = written if written is not None else _num(value)
    text = f"{before}{number}{unit}" if before else f"{number}{unit}{what}"
    item: Item = {
        "text": text,
        "value": int(value) if float(value).is_integer() else value,
        "unit": unit,
        "what": before or what,
        "approx": approx,
    }
    if qualifier:
        item["qualifier"] = qualifier
    anns: list[tuple[int, int, Item]] = [(0, len(text), item)]
    if role:
        noun = before or what
        at = text.index(noun)
        anns.append((at, at + len(noun), {"type": "ROLE", "text": noun}))
    return Span(text, tuple(anns))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def cat(*parts: Span | str, side: str | None = None) -> Span:
    """Concatenate spans and plain strings, shifting their annotations."""
    text: list[str] = []
    anns: list[tuple[int, int, Item]] = []
    at = 0
    for p in parts:
        if isinstance(p, str):
            p = Span(p)
        text.append(p.text)
        anns.extend((a + at, b + at, item) for a, b, item in p.anns)
        at += len(p.text)
    return Span("".join(text), tuple(anns), side)


def join(parts: Iterable[Span], sep: str = "、") -> Span:
    items: list[Span | str] = []
    for i, p in enumerate(parts):
        if i:
            items.append(sep)
        items.append(p)
    return cat(*items)


def wrap(span: Span, **item: Any) -> Span:
    """The whole span as one more entity (an ORG whose name holds a PLACE)."""
    top = (0, len(span.text), {"type": item.pop("type"), "text": span.text, **item})
    return Span(span.text, (top, *span.anns), span.side)


_SLOT = re.compile(r"\{(\w+)\}|\[\[([ROC]):([^:\]]+)(?::(\w+))?\]\]")


def fill(template: str, slots: dict[str, Span | str]) -> tuple[Span, dict[str, str]]:
    """Render ``template`` with ``slots``; returns the span and each slot's link text."""
    parts: list[Span | str] = []
    pos = 0
    sides: dict[str, str] = {}
    for m in _SLOT.finditer(template):
        parts.append(template[pos : m.start()])
        pos = m.end()
        if m.group(1):
            name = m.group(1)
            value = slots[name]
            span = value if isinstance(value, Span) else free(value)
            parts.append(span)
            sides[name] = span.link_text
        else:
            kind, text, extra = m.group(2), m.group(3), m.group(4)
            if kind == "R":
                parts.append(ent(text, type="ROLE"))
            else:
                parts.append(
                    ent(text, type="ORG", org_type=extra or "other", collective=kind == "C")
                )
            sides[text] = text
    parts.append(template[pos:])
    return cat(*parts), sides
