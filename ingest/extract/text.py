"""Text helpers shared by the components: sentences, character classes, word tags."""

from __future__ import annotations

import re
from functools import cache

from ingest.deps import require

from .records import Sentence

__all__ = [
    "CJK",
    "QUOTE_CLOSE",
    "QUOTE_OPEN",
    "is_cjk",
    "sentence_at",
    "split_sentences",
    "word_automaton",
    "word_tags",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
QUOTE_OPEN = '“"《「『‘'
QUOTE_CLOSE = '”"》」』’'

_SENT_END = re.compile(r"[。！？!?；;]+[”’」』]?|\n+")
# Numbered headings of plans, by level: 一、 (1), （一） (2), 1. (3), （1） (4).
_HEADINGS = [
    (1, re.compile(r"\s*[一二三四五六七八九十]{1,3}[、.．]\s*")),
    (2, re.compile(r"\s*[（(][一二三四五六七八九十]{1,3}[)）]\s*")),
    (3, re.compile(r"\s*[0-9０-９]{1,2}[.．、](?![0-9０-９])\s*")),
    (4, re.compile(r"\s*[（(][0-9０-９]{1,2}[)）]\s*")),
]


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences at 。！？； and line breaks.

    Each sentence under a numbered item of a plan carries that item's
    heading (the words between the number and the first full stop), which
    is what a 责任单位 list at the item's end is responsible for. Headings
    of levels 一、 / （一） / 1. count; a sub-item （1） does not replace them.
    """
    out: list[Sentence] = []
    active: dict[int, str] = {}
    pos = 0
    line_start = True
    for m in _SENT_END.finditer(text):
        end = m.end()
        seg_end = m.start() if m.group().startswith("\n") else end
        if seg_end > pos:
            if line_start:
                _update_headings(text, pos, seg_end, active)
            heading = active[max(active)] if active else None
            out.append(Sentence(pos, seg_end, heading))
        line_start = "\n" in m.group()
        pos = end
    if pos < len(text) and text[pos:].strip():
        out.append(Sentence(pos, len(text), active[max(active)] if active else None))
    return out


def _update_headings(text: str, pos: int, seg_end: int, active: dict[int, str]) -> None:
    for level, pat in _HEADINGS:
        hm = pat.match(text, pos, seg_end)
        if hm:
            for k in [k for k in active if k >= level]:
                del active[k]
            if level <= 3:
                heading = text[hm.end() : seg_end].rstrip("。；;！!？?").strip()
                if heading:
                    active[level] = heading
            return


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
    """jieba's word → part-of-speech table, read from its dictionary once."""
    import os

    import polars as pl

    jieba = require("jieba", purpose="the part-of-speech table (jieba's dictionary)")

    path = os.path.join(os.path.dirname(str(jieba.__file__)), "dict.txt")
    # "word frequency tag" per line; polars reads the 350,000 lines in parallel
    df = pl.read_csv(
        path,
        separator=" ",
        has_header=False,
        quote_char=None,
        new_columns=["word", "freq", "tag"],
        truncate_ragged_lines=True,
        schema_overrides={"word": pl.Utf8, "freq": pl.Utf8, "tag": pl.Utf8},
    )
    df = df.drop_nulls("tag")
    return dict(zip(df["word"].to_list(), df["tag"].to_list(), strict=True))


def word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech table (word → tag), loaded once."""
    return _tag_table()


@cache
def word_automaton(words: frozenset[str]):
    """An Aho-Corasick automaton of ``words`` (each word its own value), built once per set."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    return auto
