"""Numbers in Chinese text: Arabic and Chinese numerals, 万/亿 scaling, ranges,
approximations (余, 多, 约, 左右) and bounds (以上, 以下, 不少于 …).

``cn2an`` does the numeral conversion; this module only finds the pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NUM", "Bounds", "bounds_after", "bounds_before", "parse_number"]

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_DIGITS = "0-9０-９"
# A number: Arabic with an optional decimal part, or a run of Chinese numerals,
# optionally scaled by 十/百/千/万/亿 (1.78万, 1千, 3500余万 keeps 余 out of the number).
NUM = (
    rf"(?:[{_DIGITS}]+(?:[.．][{_DIGITS}]+)?(?:[十百千]?[万亿]|[十百千])?"
    rf"|[{_CN_DIGITS}]{{1,8}}[万亿]?)"
)
_FW = str.maketrans("０１２３４５６７８９．", "0123456789.")


@lru_cache(maxsize=4096)
def parse_number(s: str) -> float | None:
    """Value of a numeral string (``"1.78万"`` → 17800, ``"三千五百"`` → 3500).

    >>> parse_number("9278.5万")
    92785000.0
    >>> parse_number("两")
    2.0
    """
    import cn2an

    s = s.translate(_FW).strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    try:
        v = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return float(v)


@dataclass(slots=True)
class Bounds:
    approx: bool = False
    qualifier: str | None = None
    length: int = 0


_AFTER = [
    ("以上", False, ">="),
    ("以下", False, "<="),
    ("左右", True, None),
    ("上下", True, None),
    ("多", True, None),
    ("余", True, None),
]
_BEFORE = [
    ("不少于", False, ">="),
    ("不低于", False, ">="),
    ("至少", False, ">="),
    ("超过", False, ">"),
    ("不超过", False, "<="),
    ("不高于", False, "<="),
    ("最多", False, "<="),
    ("近", True, None),
    ("约", True, None),
    ("大约", True, None),
    ("逾", True, None),
]


def bounds_after(text: str, pos: int) -> Bounds:
    """Qualifier words right after ``pos`` (以上, 以下, 左右 …)."""
    for word, approx, q in _AFTER:
        if text.startswith(word, pos):
            return Bounds(approx, q, len(word))
    return Bounds()


def bounds_before(text: str, pos: int) -> Bounds:
    """Qualifier words right before ``pos`` (不少于, 至少, 约 …), longest first."""
    for word, approx, q in sorted(_BEFORE, key=lambda w: -len(w[0])):
        if pos >= len(word) and text.startswith(word, pos - len(word)):
            return Bounds(approx, q, len(word))
    return Bounds()
