"""Word segmentation: jieba's default mode (dictionary + HMM), by one of two engines.

>>> segment("县委组织部选派5名干部驻村")
['县委', '组织部', '选派', '5', '名', '干部', '驻村']

``"rjieba"`` (the default) is jieba-rs, the Rust port of jieba with the same
dictionary and the same algorithm, through its Python binding; ``"jieba"``
is the reference Python package. The two agree on Chinese text; they differ
only on runs of Latin letters, digits and ``+#&._%-`` outside the
dictionary, which jieba-rs keeps whole (``2011-2020``) and jieba splits with
its HMM fallback's rule (``2011`` ``-`` ``2020``). :func:`segment` applies
that rule to jieba-rs's tokens, so both engines give the same tokens and the
extraction does not depend on the engine (tests check this on the sample
corpus and the seed reports).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ingest.deps import require
from ingest.errors import ConfigError

__all__ = ["SEGMENTERS", "segment", "segmenter"]

SEGMENTERS = ("rjieba", "jieba")

# jieba's block and fallback patterns (jieba/__init__.py re_han_default,
# jieba/finalseg re_skip): a block of these characters with no Chinese in it
# that is not a dictionary word is split into alphanumeric runs and the rest.
_ALNUM_BLOCK = re.compile(r"[a-zA-Z0-9+#&._%\-]{2,}")
_PLAIN = re.compile(r"[a-zA-Z0-9]+")
_RUN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def _jieba() -> Callable[[str], list[str]]:
    jieba = require("jieba", purpose='the segmenter = "jieba" engine')

    jieba.setLogLevel(60)
    return jieba.lcut


def _rjieba() -> Callable[[str], list[str]]:
    rjieba = require("rjieba", purpose='the segmenter = "rjieba" engine (the default)')

    cut, has_word, block, plain, split = (
        rjieba.cut,
        rjieba.has_word,
        _ALNUM_BLOCK.fullmatch,
        _PLAIN.fullmatch,
        _RUN.split,
    )

    def lcut(text: str) -> list[str]:
        out: list[str] = []
        for tok in cut(text):
            if len(tok) > 1 and block(tok) and not plain(tok) and not has_word(tok):
                out += [p for p in split(tok) if p]
            else:
                out.append(tok)
        return out

    return lcut


_ENGINES = {"rjieba": _rjieba, "jieba": _jieba}


@cache
def segmenter(name: str = "rjieba") -> Callable[[str], list[str]]:
    """The ``lcut`` function of engine ``name`` (one of :data:`SEGMENTERS`)."""
    try:
        make = _ENGINES[name]
    except KeyError:
        raise ConfigError(
            f"unknown segmenter {name!r}; one of {', '.join(SEGMENTERS)}", source="segmenter"
        ) from None
    return make()


def segment(text: str, engine: str = "rjieba") -> list[str]:
    """``text`` as jieba words (every character kept, so they join back to ``text``)."""
    return segmenter(engine)(text)
