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

from ..lexicon import SURNAMES
from ..records import Mention, Quantity
from ..text import QUOTE_CLOSE, QUOTE_OPEN, word_tags
from .lac import LacWord

__all__ = ["char_features"]

_QUOTES = frozenset(QUOTE_OPEN + QUOTE_CLOSE)
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
    surnames = SURNAMES
    feats = [
        [
            "c=" + c,
            "c-1=" + p1,
            "c+1=" + n1,
            "c-2=" + p2,
            "c+2=" + n2,
            "b-1=" + p1 + c,
            "b+1=" + c + n1,
            "t=" + _cls(c),
            "sn=" + ("1" if c in surnames else "0"),
            "bq=" + ("1" if p1 in _QUOTES else "0"),
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
            feats[start] += ["tb=S", "tp=" + pos, f"tpb={pos}|S"]
        else:
            # the word by a stable hash: the shipped model names no words of its reports
            word = f"w#{zlib.crc32(w.encode('utf-8')) & 0xFFFFF:05x}"
            feats[start] += ["tb=B", "tp=" + pos, f"tpb={pos}|B", word]
            for i in range(start + 1, end - 1):
                feats[i] += ["tb=M", "tp=" + pos, f"tpb={pos}|M", word]
            feats[end - 1] += ["tb=E", "tp=" + pos, f"tpb={pos}|E", word]
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
    return feats
