"""Records that the extraction components write: mentions, quantities, links.

All offsets here are character offsets into the *normalised* text; they are
mapped back to the original text when the extraction is serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.record import ENTITY_TYPES

__all__ = ["ENTITY_TYPES", "Cover", "Link", "Mention", "Quantity", "Sentence", "State"]


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    type: str
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def inside(self, start: int, end: int) -> bool:
        return start <= self.start and self.end <= end


class Cover:
    """Answers "is ``[start, end)`` strictly inside one of these spans?" in O(log n).

    >>> c = Cover([(2, 8), (10, 12)])
    >>> c.strictly_inside(3, 6), c.strictly_inside(2, 8), c.strictly_inside(9, 11)
    (True, False, False)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.reach: list[int] = []  # the furthest end among spans starting at or before
        far = -1
        for s, e in sorted(spans):
            far = max(far, e)
            self.starts.append(s)
            self.reach.append(far)
        self._spans = set(spans)

    def strictly_inside(self, start: int, end: int) -> bool:
        import bisect

        i = bisect.bisect_right(self.starts, start)
        if i == 0 or self.reach[i - 1] < end:
            return False
        # something reaches over [start, end); only an identical span does not count
        return (start, end) not in self._spans or self._longer_covers(start, end, i)

    def starts_at(self, start: int) -> bool:
        import bisect

        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] == start

    def _longer_covers(self, start: int, end: int, i: int) -> bool:
        return any(e >= end and (s, e) != (start, end) for s, e in self._spans if s <= start)


@dataclass(slots=True)
class Quantity:
    """A count of something coverage is about: villages, teams, cadres, households…"""

    text: str
    value: float
    unit: str
    what: str
    start: int
    end: int
    approx: bool = False
    qualifier: str | None = None
    value_max: float | None = None
    num_start: int = 0
    """Where the number itself starts (links use it to order sides)."""


@dataclass(slots=True)
class Link:
    """A relation between two sides written in one sentence (or inferred from the one before)."""

    rel: str
    subject: str | None
    """None: no actor written (an ``implements`` in a document without a jurisdiction)."""
    object: str
    cue: str
    start: int
    end: int
    scope: str | None = None
    kind: str | None = None
    when: str | None = None
    inferred: bool = False
    members: str | None = None
    """For counted teams: the count of cadres who make them up (a quantity's text)."""


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    heading: str | None = None
    """For implementation plans: the heading of the numbered task this sentence belongs to."""


@dataclass
class State:
    """What the components of one document have found so far (``doc._.kg``)."""

    meta: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    """The document's text, kept once (spaCy rebuilds ``Doc.text`` from tokens on every access)."""
    token_ends: list[int] = field(default_factory=list)
    """End offset of every segmenter token, ascending."""
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    jurisdiction: Mention | None = None
    jurisdiction_code: str | None = None

    def token_before(self, pos: int, floor: int = 0) -> tuple[int, str] | None:
        """The segmenter token that ends at ``pos`` (or holds ``pos - 1``, cut at ``pos``)."""
        import bisect

        ends = self.token_ends
        if pos <= floor or not ends:
            return None
        i = bisect.bisect_left(ends, pos)
        start = ends[i - 1] if i > 0 else 0
        start = max(start, floor)
        return start, self.text[start:pos]

    def is_token_end(self, pos: int) -> bool:
        """True when a segmenter token ends at ``pos`` (or ``pos`` is the end of the text)."""
        import bisect

        ends = self.token_ends
        i = bisect.bisect_left(ends, pos)
        return (i < len(ends) and ends[i] == pos) or pos == len(self.text)

    def tokens_in(self, start: int, end: int) -> list[str]:
        """The segmenter tokens covering ``[start, end)``, the first and last cut to it."""
        import bisect

        ends = self.token_ends
        if not ends or end <= start:
            return [self.text[start:end]] if end > start else []
        out: list[str] = []
        i = bisect.bisect_right(ends, start)
        pos = start
        while i < len(ends) and pos < end:
            e = min(ends[i], end)
            out.append(self.text[pos:e])
            pos = e
            i += 1
        return out

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]

    def covered(self, start: int, end: int, *types: str) -> bool:
        """True when a mention of one of ``types`` covers ``[start, end)``."""
        return any(
            m.start <= start and end <= m.end for m in self.mentions if not types or m.type in types
        )
