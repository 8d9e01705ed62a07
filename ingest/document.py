"""The document that flows through the ingest stages.

``read(path)`` fills ``original`` (the text as decoded or pulled out of the
file) and ``meta``; ``normalize(doc)`` fills ``text`` (Simplified Chinese,
pinyin glosses removed) and the offset map that points every character of
``text`` back to ``original``.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "OffsetMap"]


@dataclass(slots=True)
class OffsetMap:
    """Maps character positions of a normalised text back to its original.

    ``starts[i]`` and ``ends[i]`` are the original span that normalised
    character ``i`` came from. A span ``[s, e)`` of the normalised text maps
    to ``[starts[s], ends[e - 1])`` of the original.
    """

    starts: array = field(default_factory=lambda: array("i"))
    ends: array = field(default_factory=lambda: array("i"))

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        return cls(array("i", range(n)), array("i", range(1, n + 1)))

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        if end <= start:
            pos = (
                self.starts[start]
                if start < len(self.starts)
                else (self.ends[-1] if len(self.ends) else 0)
            )
            return pos, pos
        return self.starts[start], self.ends[end - 1]


@dataclass(slots=True)
class Document:
    """A report: where it came from, its original text and its normalised text."""

    name: str
    """File name, used as the document's id in extraction output (``doc``)."""
    original: str
    """Text as decoded from the file (or pulled out of HTML, DOCX, PDF)."""
    path: str | None = None
    sha256: str | None = None
    """SHA-256 of the file's bytes (document IRIs are built from it)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """title, date, author, source, encoding, format: whatever the reader found."""
    text: str | None = None
    """Normalised text (Simplified, glosses removed); ``None`` until normalised."""
    offsets: OffsetMap | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to a span of ``original``."""
        if self.offsets is None:
            return start, end
        return self.offsets.span(start, end)
