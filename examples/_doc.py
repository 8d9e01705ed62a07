"""A generated document: title, metadata lines, paragraphs and tables of
annotated spans, the links its sentences state, and the gold file they make."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from ._text import Link, Span, Table, fill

__all__ = ["Doc", "GoldError", "L"]

#: Words that are always annotated where a report writes them (as a ROLE, an ORG
#: or inside a count): the self-check fails on an occurrence no span covers.
TRIGGERS = (
    "第一书记",
    "工作队",
    "县级领导",
    "帮扶责任人",
    "党支部",
    "组织部",
    "有限公司",
    "合作社",
    "领导小组",
    "县委书记",
    "县长",
    "融媒体中心",
    "农业农村局",
    "财政局",
)


QUOTE_MARKS = '“”‘’"《》「」『』〈〉'


class GoldError(AssertionError):
    """The generator wrote text its gold does not cover (a bug in a template)."""


@dataclass(frozen=True, slots=True)
class L:
    """A link of a template, by slot names: ``L("helps", "U", "V", "选派", "驻村帮扶")``."""

    rel: str
    subject: str
    object: str
    cue: str
    kind: str | None = None


@dataclass
class Doc:
    """One report being written.

    ``scope`` is the text of the jurisdiction as the report writes it; links
    take it as their scope unless a sentence says otherwise.
    """

    name: str
    genre: str
    jurisdiction: tuple[str, str | None]
    rng: random.Random
    title: Span = field(default_factory=lambda: Span(""))
    meta: list[Span] = field(default_factory=list)
    blocks: list[Span | Table] = field(default_factory=list)
    byline: Span | None = None
    links: list[Link] = field(default_factory=list)
    date: str = ""
    source: str = ""

    @property
    def scope(self) -> str:
        return self.jurisdiction[0]

    # ------------------------------------------------------------------ writing

    def say(
        self,
        template: str,
        links: tuple[L, ...] | list[L] = (),
        *,
        scope: Span | str | None = None,
        **slots: Span | str,
    ) -> Span:
        """Render one sentence and record its links (sides by slot name or marker text)."""
        span, sides = fill(template, slots)
        where = scope.text if isinstance(scope, Span) else scope

        def side(name: str) -> str:
            if name in sides:
                return sides[name]
            value = slots.get(name)
            if isinstance(value, Span):
                return value.link_text
            return value if isinstance(value, str) else name

        for link in links:
            self.links.append(
                Link(link.rel, side(link.subject), side(link.object), link.cue, link.kind, where)
            )
        return span

    def link(self, rel: str, subject: str, obj: str, cue: str, kind: str | None = None) -> None:
        """Record a link stated by text written outside a template (a table row)."""
        self.links.append(Link(rel, subject, obj, cue, kind))

    def pick(
        self,
        options: list[tuple[str, tuple[L, ...]]],
        *,
        scope: Span | str | None = None,
        **slots: Span | str,
    ) -> Span:
        """Say one of several phrasings of the same fact, chosen at random."""
        template, links = self.rng.choice(options)
        return self.say(template, links, scope=scope, **slots)

    def para(self, *sentences: Span | str) -> None:
        from ._text import cat

        parts = [s for s in sentences if s]
        if parts:
            self.blocks.append(cat(*parts))

    # ------------------------------------------------------------------ output

    def spans(self) -> list[Span]:
        out = [self.title, *self.meta]
        for b in self.blocks:
            if isinstance(b, Table):
                out.extend(cell for row in b.rows for cell in row)
            else:
                out.append(b)
        if self.byline is not None:
            out.append(self.byline)
        return out

    def gold(self, convert: Any = None) -> dict[str, Any]:
        """The gold file: entities and quantities of every span, the links, the jurisdiction.

        ``convert`` maps a Simplified string to its normalised form when the
        report is written in Traditional script (t2s of s2t).
        """
        conv = convert or (lambda s: s)
        entities: dict[tuple[str, str], dict[str, Any]] = {}
        quantities: dict[str, dict[str, Any]] = {}
        for span in self.spans():
            for _a, _b, item in span.anns:
                item = dict(item, text=conv(item["text"]))
                if "type" in item:
                    if item["type"] == "PERSON":
                        item["role"] = conv(item["role"])
                    entities.setdefault((item["type"], item["text"]), item)
                else:
                    item["what"] = conv(item["what"])
                    quantities.setdefault(item["text"], item)
        links: dict[tuple[str, str, str], dict[str, Any]] = {}
        for link in self.links:
            g = link.as_gold(self.scope)
            for k in ("subject", "object", "cue", "scope"):
                g[k] = conv(g[k])
            links.setdefault((g["rel"], g["subject"], g["object"]), g)
        text, code = self.jurisdiction
        return {
            "doc": self.name,
            "jurisdiction": {"text": conv(text), "code": code},
            "entities": list(entities.values()),
            "quantities": list(quantities.values()),
            "links": list(links.values()),
        }

    def check(self) -> None:
        """Every trigger word is inside an annotated span; links name written things."""
        written: set[str] = set()
        for span in self.spans():
            covered = [(a, b) for a, b, _ in span.anns]
            for word in TRIGGERS:
                for m in re.finditer(word, span.text):
                    if not any(a <= m.start() and m.end() <= b for a, b in covered):
                        raise GoldError(f"{self.name}: {word!r} not annotated in {span.text!r}")
            written.add(span.text)
        body = "\n".join(written)
        body += "\n" + "".join(c for c in body if c not in QUOTE_MARKS)
        for link in self.links:
            for side in (link.subject, link.object):
                if side not in body:
                    raise GoldError(f"{self.name}: link side {side!r} not written")
