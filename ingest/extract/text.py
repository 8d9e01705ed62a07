"""Text helpers shared by the components: sentences, character classes, word tags."""

from __future__ import annotations

import re
from functools import cache

from .records import Sentence

__all__ = [
    "CJK",
    "split_sentences",
    "word_tags",
    "is_cjk",
    "QUOTE_OPEN",
    "QUOTE_CLOSE",
    "sentence_at",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
QUOTE_OPEN = "“\"《「『‘"
QUOTE_CLOSE = "”\"》」』’"

_SENT_END = re.compile(r"[。！？!?；;]+[”’」』]?|\n+")
# A numbered task heading in a plan: "1.集中整顿……。" or "（一）实施……行动"
_HEADING = re.compile(
    r"^\s*(?:[0-9０-９]{1,2}[.．、]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|"
    r"[一二三四五六七八九十]{1,3}[、.．])\s*"
)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences at 。！？； and line breaks.

    Each sentence of a numbered item in a plan carries that item's heading
    (the words between the number and the first full stop), which is what
    a 责任单位 list at the item's end is responsible for.
    """
    out: list[Sentence] = []
    pos = 0
    heading: str | None = None
    line_start = True
    for m in _SENT_END.finditer(text):
        end = m.end()
        seg_end = m.start() if m.group().startswith("\n") else end
        if seg_end > pos:
            if line_start:
                hm = _HEADING.match(text, pos, seg_end)
                if hm:
                    heading = text[hm.end():seg_end].rstrip("。；;！!？?").strip() or None
                elif text[pos:seg_end].strip():
                    heading = None if _is_section(text[pos:seg_end]) else heading
            out.append(Sentence(pos, seg_end, heading))
        line_start = "\n" in m.group()
        pos = end
    if pos < len(text) and text[pos:].strip():
        out.append(Sentence(pos, len(text), heading))
    return out


def _is_section(s: str) -> bool:
    # A line that starts a new section without a number resets the heading.
    return len(s) < 30 and not re.search(r"[，,。]", s)


def sentence_at(sentences: list[Sentence], pos: int) -> int:
    """Index of the sentence containing ``pos`` (binary search)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if pos < s.start:
            hi = mid - 1
        elif pos >= s.end:
            lo = mid + 1
        else:
            return mid
    return max(0, min(lo, len(sentences) - 1))


@cache
def _tag_table() -> dict[str, str]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.posseg.dt.initialize()
    return jieba.posseg.dt.word_tag_tab


def word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech table (word → tag), loaded once."""
    return _tag_table()
