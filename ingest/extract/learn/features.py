"""Character features for the entity CRF.

Every character gets a list of ``name=value`` strings (python-crfsuite's
attribute format): the characters around it, its place in the segmenter's
word and that word's dictionary tag, the spans the rule components found
(their type and, for organisations and places, their kind), counts, and
LAC's word and tag when LAC is available. The lists are built column by
column over the whole text, which keeps this a small part of extraction's
cost.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

from ..lexicon import SURNAMES
from ..records import Mention, Quantity
from ..text import QUOTE_CLOSE, QUOTE_OPEN, word_tags
from .lac import LacWord

__all__ = ["add_lac_features", "char_features"]

_QUOTES = frozenset(QUOTE_OPEN + QUOTE_CLOSE)
_BQ = dict.fromkeys(_QUOTES, "bq=1")
_NAMED_LAC = frozenset(["PER", "ORG", "LOC", "nz", "nt", "nw"])


def _cls(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    if c.isspace():
        return "S"
    return "P"


def _char_table(chars: str) -> dict[str, tuple[str, ...]]:
    """The features a character gives wherever it stands, once per distinct character:
    itself at the five positions, its class, whether it is a surname."""
    surnames = SURNAMES
    return {
        c: (
            "c=" + c,
            "c-1=" + c,
            "c+1=" + c,
            "c-2=" + c,
            "c+2=" + c,
            "t=" + _cls(c),
            "sn=" + ("1" if c in surnames else "0"),
        )
        for c in set(chars)
    }


@lru_cache(maxsize=256)
def _single(pos: str) -> tuple[str, ...]:
    return ("tb=S", "tp=" + pos, f"tpb={pos}|S")


@lru_cache(maxsize=65536)
def _inside(w: str, pos: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A word's features at its first, middle and last characters."""
    # the word by a stable hash: the shipped model names no words of its reports
    word = f"w#{zlib.crc32(w.encode('utf-8')) & 0xFFFFF:05x}"
    b, m, e = ((f"tb={p}", "tp=" + pos, f"tpb={pos}|{p}", word) for p in "BME")
    return b, m, e


def char_features(
    text: str,
    token_ends: Sequence[int],
    mentions: Sequence[Mention],
    quantities: Sequence[Quantity],
    lac: Sequence[LacWord] | None = None,
) -> list[list[str]]:
    """The CRF's attribute lists, one per character of ``text``.

    >>> f = char_features("县委组织部", [2, 5], [], [])
    >>> "c=组" in f[2] and "tb=B" in f[2] and "c-1=委" in f[2]
    True
    """
    n = len(text)
    pad = "##" + text + "##"
    own = _char_table(pad)
    feats = [
        [
            own[c][0],
            own[p1][1],
            own[n1][2],
            own[p2][3],
            own[n2][4],
            "b-1=" + p1 + c,
            "b+1=" + c + n1,
            own[c][5],
            own[c][6],
            _BQ.get(p1, "bq=0"),
        ]
        for c, p1, n1, p2, n2 in zip(
            text, pad[1 : n + 1], pad[3 : n + 3], pad[0:n], pad[4 : n + 4], strict=True
        )
    ]
    tags = word_tags()
    start = 0
    for end in token_ends:
        if end > n:
            end = n
        if end <= start:
            continue
        w = text[start:end]
        pos = tags.get(w, "x")
        if end - start == 1:
            feats[start] += _single(pos)
        else:
            b_, m_, e_ = _inside(w, pos)
            feats[start] += b_
            for i in range(start + 1, end - 1):
                feats[i] += m_
            feats[end - 1] += e_
        start = end
    for m in mentions:
        lo, hi = m.start, min(m.end, n)
        if hi <= lo:
            continue
        kind = ""
        if m.type == "ORG":
            kind = "rot=" + str(m.attrs.get("org_type"))
        elif m.type == "PLACE":
            kind = "rpl=" + str(m.attrs.get("level"))
        b, i_, e = f"r{m.type}=B", f"r{m.type}=I", f"r{m.type}=E"
        for i in range(lo, hi):
            f = feats[i]
            f.append(b if i == lo else i_)
            if kind:
                f.append(kind)
        feats[hi - 1].append(e)
    for q in quantities:
        lo, hi = q.start, min(q.end, n)
        for i in range(lo, hi):
            feats[i].append("rQ=B" if i == lo else "rQ=I")
    if lac:
        add_lac_features(feats, lac)
    return feats


def add_lac_features(feats: list[list[str]], lac: Sequence[LacWord]) -> None:
    """Add LAC's words and tags to the attribute lists ``feats`` (in place)."""
    n = len(feats)
    for w_start, w_end, tag in lac:
        w_end = min(w_end, n)
        if w_end <= w_start:
            continue
        feats[w_start].append(f"lac={tag}-B")
        for i in range(w_start + 1, w_end):
            feats[i].append(f"lac={tag}-I")
        if tag in _NAMED_LAC:
            for i in range(w_start, w_end):
                feats[i].append("lacn=" + tag)
