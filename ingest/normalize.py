"""Normalise a report's text and keep an offset map back to the original.

Three changes are made, nothing else (full-width digits and punctuation are
kept as they are, see ``ANNOTATION.md``):

1. byte-order marks (U+FEFF) are removed;
2. pinyin glosses after a Chinese character are removed: ``準(zhǔn)`` and
   ``準（zhǔn）`` become ``準``;
3. Traditional Chinese is converted to Simplified with OpenCC ``t2s``.

Every character of the result keeps the original span it came from in an
:class:`~ingest.document.OffsetMap`: ``starts[i]``/``ends[i]`` is the span of
the original character(s) behind normalised character ``i``. A removed gloss
belongs to no character, so a span only covers it when it extends past it.

Gloss detection is conservative. A parenthesised word directly after a CJK
character is a gloss only when it is a valid Mandarin syllable (checked
against :data:`PINYIN_SYLLABLES`) written with a tone mark (``zhǔn``) or a
tone digit (``zhun3``). A toneless syllable (``(zhun)``) is removed only when
the same text also has tone-marked glosses, and never when it is one letter.
``(试行)``, ``(2011-2020年)``, ``(XX)``, ``(APP)``, ``(一)`` are never touched.

How the map is kept cheap: OpenCC converts phrases, so its output may differ
from a character-by-character conversion (and could in principle change
length). The whole text is converted in one call and compared with a
vectorised character-level conversion (a code-point table built once from
OpenCC itself). Where the two agree, which is almost everywhere, the map is
one to one and built with array operations; only lines where they differ are
aligned, and within such a line only the differing middle goes through
:class:`difflib.SequenceMatcher`. The table only decides what is fast: a
character it does not know simply sends its line to the aligner.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from difflib import SequenceMatcher

import numpy as np

from ingest.document import Document, OffsetMap

__all__ = ["PINYIN_SYLLABLES", "find_glosses", "normalize", "normalize_text", "to_simplified"]

# --------------------------------------------------------------------------- pinyin syllables

# Finals each initial combines with ("" = the zero initial; y/w spellings listed
# there). "v" is written as "ü" here; "lv", "nve" etc. are accepted too.
_FINALS_BY_INITIAL = {
    "": "a o e ai ei ao ou an en ang eng er yi ya yao ye you yan yin yang ying yong yu yue "
    "yuan yun wu wa wo wai wei wan wen wang weng",
    "b": "a o ai ei ao an en ang eng i iao ie ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i iao ie ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i iao ie iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ia iao ie iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i iao ie ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i iao ie iu ian in iang ing u uo uan ü üe",
    "l": "a o e ai ei ao ou an ang eng ong i ia iao ie iu ian in iang ing u uo uan un ü üe",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia iao ie iu ian in iang ing iong u ue uan un",
    "q": "i ia iao ie iu ian in iang ing iong u ue uan un",
    "x": "i ia iao ie iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
}
PINYIN_SYLLABLES: frozenset[str] = frozenset(
    initial + final for initial, finals in _FINALS_BY_INITIAL.items() for final in finals.split()
) | frozenset({"lüe", "nüe", "lue", "nue"})
"""Valid toneless Mandarin syllables (ü written as ``ü``; ``v`` is mapped to it)."""

_TONE_MARKS = "\u0304\u0301\u030c\u0300"  # macron, acute, caron, grave (after NFD)
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_GLOSS_RE = re.compile(
    rf"[(（](?<=[{_CJK}][(（])([A-Za-z\u00c0-\u024f\u0251\u0300-\u036f]{{1,14}}[1-5]?)[)）]"
)
_STRONG, _WEAK = 2, 1


@functools.lru_cache(maxsize=4096)
def _gloss_strength(body: str) -> int:
    """2 for a tone-marked/tone-digit syllable, 1 for a toneless one, 0 for no pinyin."""
    digit = body[-1].isdigit()
    if digit:
        body = body[:-1]
    nfd = unicodedata.normalize("NFD", body)
    marked = any(c in _TONE_MARKS for c in nfd)
    if marked and digit:
        return 0
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    if marked:
        base = base.lower()
    elif not base.islower():
        return 0  # (APP), (Li): toneless glosses are lower case
    base = base.replace("v", "ü").replace("\u0251", "a")
    if not 1 <= len(base) <= 6 or base not in PINYIN_SYLLABLES:
        return 0
    if marked or digit:
        return _STRONG
    return _WEAK if len(base) > 1 else 0


def find_glosses(s: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of the pinyin glosses to remove from ``s``.

    Parameters
    ----------
    s : str
        Text, Traditional or Simplified.

    Returns
    -------
    list of (int, int)
        Spans covering the parentheses and the syllable, in text order.

    Examples
    --------
    >>> find_glosses("找準(zhǔn)結合點(试行)")
    [(2, 8)]
    """
    found: list[tuple[int, int, int]] = []
    for m in _GLOSS_RE.finditer(s):
        strength = _gloss_strength(m.group(1))
        if strength:
            found.append((m.start(), m.end(), strength))
    if not any(strength == _STRONG for *_, strength in found):
        return []
    return [(a, b) for a, b, _ in found]


# --------------------------------------------------------------------------- conversion


@functools.cache
def _converter():
    """The OpenCC Traditional→Simplified converter, created once."""
    import opencc

    return opencc.OpenCC("t2s")


# Variant characters that Traditional-script pages write for a place's
# character and that t2s keeps (陜西 for 陝西, 陕西): one for one, so offsets hold.
_VARIANTS = str.maketrans({"陜": "陕"})


def to_simplified(text: str) -> str:
    """``text`` converted Traditional → Simplified (OpenCC t2s), without an offset map."""
    return _converter().convert(text.translate(_VARIANTS))


_TABLE_SIZE = 0x30000  # the BMP, plane 1 and plane 2 (CJK Extension B–F)


@functools.cache
def _char_table() -> np.ndarray:
    """What t2s makes of each character on its own, indexed by code point.

    Built once with a single OpenCC call on all CJK code points, one per line
    (phrases never cross a newline). Only one-to-one conversions are kept.
    """
    ranges = ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, _TABLE_SIZE))
    chars = [chr(i) for lo, hi in ranges for i in range(lo, hi)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    table = np.arange(_TABLE_SIZE, dtype=np.uint32)
    if len(converted) == len(chars):
        for ch, out in zip(chars, converted, strict=False):
            if out != ch and len(out) == 1:
                table[ord(ch)] = ord(out)
    return table


def _codes(s: str) -> np.ndarray:
    """The code points of ``s`` as an array (no copy of the encoded bytes)."""
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _char_level(s: str) -> str:
    """``s`` converted character by character (no phrases), vectorised."""
    table = _char_table()
    codes = _codes(s)
    mapped = np.where(codes < _TABLE_SIZE, table[np.minimum(codes, _TABLE_SIZE - 1)], codes)
    return mapped.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _align_line(line_char: str, line_out: str) -> tuple[np.ndarray, np.ndarray]:
    """Map each character of ``line_out`` to a span ``[lo, hi)`` of the input line.

    ``line_char`` is the input line converted character by character (so it
    is one to one with the input). The common prefix and suffix of the two
    map one to one; only the middle, where phrase conversion did something
    else, is aligned with :class:`difflib.SequenceMatcher`.
    """
    n_in, n_out = len(line_char), len(line_out)
    a, b = _codes(line_char), _codes(line_out)
    m = min(n_in, n_out)
    differ = np.flatnonzero(a[:m] != b[:m])
    prefix = int(differ[0]) if differ.size else m
    differ = np.flatnonzero(a[n_in - m :][::-1] != b[n_out - m :][::-1])
    suffix = min(int(differ[0]) if differ.size else m, m - prefix)

    lo: list[int] = []
    hi: list[int] = []
    mid_in, mid_out = line_char[prefix : n_in - suffix], line_out[prefix : n_out - suffix]
    matcher = SequenceMatcher(None, mid_in, mid_out, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        i1 += prefix
        i2 += prefix
        if op == "delete":
            continue
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            lo.extend(range(i1, i2))
            hi.extend(range(i1 + 1, i2 + 1))
        elif op == "replace":  # n chars became m chars: each gets the whole span
            lo.extend([i1] * (j2 - j1))
            hi.extend([i2] * (j2 - j1))
        else:  # insert: borrow the span of the neighbouring input character
            k = i1 - 1 if i1 > 0 else min(i1, n_in - 1)
            lo.extend([k] * (j2 - j1))
            hi.extend([k + 1] * (j2 - j1))
    head = np.arange(prefix, dtype=np.int64)
    tail = np.arange(n_in - suffix, n_in, dtype=np.int64)
    mid = np.array(lo, dtype=np.int64)
    mid_hi = np.array(hi, dtype=np.int64)
    return np.concatenate([head, mid, tail]), np.concatenate([head + 1, mid_hi, tail + 1])


def _t2s(s: str) -> tuple[str, np.ndarray | None, np.ndarray | None]:
    """Convert ``s``; return the result and its ``(lo, hi)`` spans into ``s``.

    ``None`` spans mean the conversion is one character for one character.
    Fast path: when the phrase-level conversion equals the (vectorised)
    character-level one, the map is the identity. Otherwise only the lines
    where the two differ are realigned (see :func:`_align_line`).
    """
    converted = _converter().convert(s)
    char_level = _char_level(s)
    if converted == char_level:
        return converted, None, None
    lines_in = s.split("\n")
    lines_char = char_level.split("\n")
    lines_out = converted.split("\n")
    if len(lines_in) != len(lines_out):  # never seen; be safe and go line by line
        conv = _converter().convert
        lines_out = [conv(line) for line in lines_in]

    lo_parts: list[np.ndarray] = []
    hi_parts: list[np.ndarray] = []
    out_lines: list[str] = []
    run_start = 0  # start (in s) of the current run of 1:1 characters
    pos = 0  # start (in s) of the current line
    for line, line_char, line_out in zip(lines_in, lines_char, lines_out, strict=False):
        if line_out != line_char:
            run = np.arange(run_start, pos, dtype=np.int64)
            lo_parts.append(run)
            hi_parts.append(run + 1)
            lo, hi = _align_line(line_char, line_out)
            lo_parts.append(lo + pos)
            hi_parts.append(hi + pos)
            run_start = pos + len(line)  # the newline after this line starts the next run
        out_lines.append(line_out)
        pos += len(line) + 1
    run = np.arange(run_start, len(s), dtype=np.int64)
    lo_parts.append(run)
    hi_parts.append(run + 1)
    return "\n".join(out_lines), np.concatenate(lo_parts), np.concatenate(hi_parts)


# --------------------------------------------------------------------------- public API


def _to_array(values: np.ndarray) -> array:
    out = array("i")
    if out.itemsize == 4:
        out.frombytes(values.astype(np.int32, copy=False).tobytes())
    else:  # pragma: no cover - exotic platforms
        out.extend(values.tolist())
    return out


def normalize_text(s: str) -> tuple[str, OffsetMap]:
    """Normalise ``s`` and map every resulting character back into ``s``.

    Parameters
    ----------
    s : str
        Original text.

    Returns
    -------
    text : str
        BOMs and pinyin glosses removed, Traditional converted to Simplified.
    offsets : OffsetMap
        ``offsets.starts[i]``, ``offsets.ends[i]`` is the span of ``s`` that
        ``text[i]`` came from.

    Examples
    --------
    >>> text, offsets = normalize_text("找準(zhǔn)結(jié)合點")
    >>> text
    '找准结合点'
    >>> offsets.span(1, 3)
    (1, 9)
    """
    removals = find_glosses(s)
    if "\ufeff" in s:
        removals += [(m.start(), m.end()) for m in re.finditer("\ufeff+", s)]
        removals.sort()
    if removals:
        bounds = np.array(removals, dtype=np.int64)
        # +1 where a removal starts, -1 where it ends: inside a removal the sum is 1.
        depth = np.zeros(len(s) + 1, dtype=np.int32)
        np.add.at(depth, bounds[:, 0], 1)
        np.add.at(depth, bounds[:, 1], -1)
        kept = np.flatnonzero(np.cumsum(depth[:-1]) == 0)
        cuts = [0, *bounds.ravel().tolist(), len(s)]
        stripped = "".join([s[cuts[k] : cuts[k + 1]] for k in range(0, len(cuts), 2)])
    else:
        stripped = s
        kept = None

    text, lo, hi = _t2s(stripped.translate(_VARIANTS))

    starts: np.ndarray
    ends: np.ndarray
    if lo is None or hi is None:  # the conversion was one character for one
        starts = np.arange(len(text), dtype=np.int64) if kept is None else kept
        ends = starts + 1
    elif kept is None:
        starts, ends = lo, hi
    else:
        starts = kept[lo]
        ends = kept[hi - 1] + 1
    return text, OffsetMap(_to_array(starts), _to_array(ends))


def normalize(doc: Document) -> Document:
    """Fill ``doc.text`` and ``doc.offsets`` from ``doc.original``.

    Parameters
    ----------
    doc : Document
        A document as returned by :func:`ingest.readers.read`.

    Returns
    -------
    Document
        The same object, with ``text`` and ``offsets`` set.
    """
    doc.text, doc.offsets = normalize_text(doc.original)
    return doc
