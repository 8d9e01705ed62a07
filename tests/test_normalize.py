"""Tests for ingest.normalize: t2s conversion, gloss removal and the offset map."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import ingest.normalize as normalize_module
from ingest.document import Document
from ingest.normalize import (
    PINYIN_SYLLABLES,
    find_glosses,
    normalize,
    normalize_text,
    to_simplified,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

GLOSS_LEFT = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[1-5]?[)）]")


def t2s_char(ch: str) -> str:
    return normalize_module._converter().convert(ch)


def assert_char_map(original: str, text: str, offsets) -> None:
    """Every normalised char comes from exactly one original char that converts to it."""
    assert len(offsets) == len(text)
    previous_end = 0
    for i, ch in enumerate(text):
        start, end = offsets.starts[i], offsets.ends[i]
        assert end - start == 1, (i, ch, start, end)
        assert start >= previous_end  # monotonic, no overlap
        previous_end = end
        source = original[start:end]
        assert ch in (source, t2s_char(source)), (i, ch, source)


# --------------------------------------------------------------------------- examples


def test_seed_like_gloss_string():
    original = "找準(zhǔn)結(jié)合點"
    text, offsets = normalize_text(original)
    assert text == "找准结合点"
    assert_char_map(original, text, offsets)
    # A span across a removed gloss covers it; a single char never does.
    assert offsets.span(1, 2) == (1, 2)
    assert offsets.span(1, 3) == (1, 9)
    assert original[slice(*offsets.span(0, 5))] == original


def test_fullwidth_parentheses_and_tone_digits():
    assert normalize_text("精準（zhǔn）扶貧")[0] == "精准扶贫"
    assert normalize_text("精準(zhun3)扶貧")[0] == "精准扶贫"
    assert normalize_text("綠(lǜ)色")[0] == "绿色"
    assert normalize_text("綠(lv4)色")[0] == "绿色"


def test_a_variant_character_t2s_keeps_becomes_the_places_own():
    text, offsets = normalize_text("陜西眉縣堅(jiān)持")
    assert text == "陕西眉县坚持"
    assert offsets.span(0, 2) == (0, 2)
    assert to_simplified("陜西") == "陕西"


@pytest.mark.parametrize(
    "kept",
    [
        "实施办法(试行)",
        "规划(2011-2020年)",
        "某某村(XX)",
        "乡镇(街道)",
        "措施(一)",
        "措施（二）",
        "the policy (draft) says",
        "Beijing (capital)",
        "手机平台(APP)",
        "村民(a)",  # a single toneless letter is an enumerator, not a gloss
        "领导小组(LG)",
        "专家(Li)",
        "项目(café)",  # accent, but not pinyin
        "项目(zhǔn3)",  # mark and digit together: not a gloss
        "字 (zhǔn)",  # not directly after a CJK character
    ],
)
def test_ordinary_parentheses_kept(kept):
    assert find_glosses(kept) == []
    text, offsets = normalize_text(kept)
    assert text == normalize_module._converter().convert(kept)
    assert_char_map(kept, text, offsets)


def test_toneless_gloss_only_with_toned_evidence():
    assert normalize_text("农业(nong)发展")[0] == "农业(nong)发展"
    assert normalize_text("农(nóng)业(ye)发展")[0] == "农业发展"


def test_syllable_table():
    for syllable in ("zhun", "jie", "nü", "lüe", "a", "er", "zhuang", "yong", "shei"):
        assert syllable in PINYIN_SYLLABLES
    for junk in ("xx", "app", "bue", "jia2", "zhuan3", "ten", "gi", "fong"):
        assert junk not in PINYIN_SYLLABLES
    assert 400 <= len(PINYIN_SYLLABLES) <= 420


def test_fullwidth_digits_and_punctuation_kept():
    original = "全縣１２３個村，（一）落實；“幫扶”！"
    text, offsets = normalize_text(original)
    assert text == "全县１２３个村，（一）落实；“帮扶”！"
    assert_char_map(original, text, offsets)


def test_bom_stripped():
    original = "\ufeff黨建\ufeff引領"
    text, offsets = normalize_text(original)
    assert text == "党建引领"
    assert list(offsets.starts) == [1, 2, 4, 5]
    assert_char_map(original, text, offsets)


def test_empty_and_plain():
    assert normalize_text("") == ("", normalize_module.OffsetMap())
    text, offsets = normalize_text("abc\n123")
    assert text == "abc\n123"
    assert list(offsets.starts) == list(range(7))
    assert list(offsets.ends) == list(range(1, 8))


def test_normalize_document_in_place():
    doc = Document(name="x.txt", original="縣委組織部(zǔ)選派幹部")
    assert normalize(doc) is doc
    assert doc.text == "县委组织部选派干部"
    assert doc.original_span(0, 5) == (0, 5)
    assert doc.original_span(5, 7) == (9, 11)
    assert doc.original[slice(*doc.original_span(3, 6))] == "織部(zǔ)選"


# --------------------------------------------------------------------------- length changes


class _LengthChangingConverter:
    """Stands in for OpenCC: like t2s, plus phrase rules that change length."""

    def __init__(self, real) -> None:
        self.real = real

    def convert(self, s: str) -> str:
        return self.real.convert(s).replace("甲乙丙", "甲丙").replace("丁", "丁戊")


def test_alignment_when_a_chunk_changes_length(monkeypatch):
    fake = _LengthChangingConverter(normalize_module._converter())
    monkeypatch.setattr(normalize_module, "_converter", lambda: fake)
    original = "第一行沒有變化。\n縣裡甲乙丙(yǐ)村，幫扶丁村。\n最後一行。"
    text, offsets = normalize_text(original)
    assert text == "第一行没有变化。\n县里甲丙村，帮扶丁戊村。\n最后一行。"
    assert len(offsets) == len(text)
    for i, ch in enumerate(text):
        source = original[offsets.starts[i] : offsets.ends[i]]
        if ch == "戊":  # inserted: borrows its neighbour's span
            assert source == "丁"
        elif ch in "甲丙":
            assert set(source) <= set("甲乙丙")
        else:
            assert ch in (source, t2s_char(source)), (i, ch, source)
    # The unchanged lines around keep a 1:1 map.
    assert offsets.span(0, 8) == (0, 8)
    last = text.rindex("\n") + 1
    assert original[slice(*offsets.span(last, len(text)))] == "最後一行。"


# --------------------------------------------------------------------------- property


_TRADITIONAL = "黨縣區鄉鎮幫扶貧駐隊書記組織領導發展產業經濟農業會議規劃實施標準結對聯繫"
_SIMPLE = "村民一二三工作大中小上下人口"
_GLOSSES = ["(zhǔn)", "（jié）", "(dǎng)", "(xiàn)", "(qū)", "(lǜ)", "(nv3)", "(zhun3)"]
_NOISE = [
    "(试行)",
    "(2020年)",
    "(XX)",
    "(APP)",
    "(一)",
    "，",
    "。",
    "１２",
    "\n",
    " ",
    "ab",
    "“",
    "”",
]


@pytest.mark.parametrize("seed", range(60))
def test_offset_map_property(seed):
    rng = random.Random(seed)
    pieces: list[str] = []
    gloss_spans: list[tuple[int, int]] = []
    pos = 0
    for _ in range(rng.randint(0, 80)):
        roll = rng.random()
        if roll < 0.5:
            piece = rng.choice(_TRADITIONAL)
        elif roll < 0.7:
            piece = rng.choice(_SIMPLE)
        elif roll < 0.85 and pieces and pieces[-1] in _TRADITIONAL + _SIMPLE:
            piece = rng.choice(_GLOSSES)
            gloss_spans.append((pos, pos + len(piece)))
        else:
            piece = rng.choice(_NOISE)
        pieces.append(piece)
        pos += len(piece)
    original = "".join(pieces)
    text, offsets = normalize_text(original)
    assert_char_map(original, text, offsets)
    # The characters no normalised char maps to are exactly the glosses.
    covered = set(offsets.starts)
    uncovered = [i for i in range(len(original)) if i not in covered]
    assert uncovered == [i for a, b in gloss_spans for i in range(a, b)]
    assert not GLOSS_LEFT.search(text.replace("(APP)", ""))
    # Any normalised span maps to an original span that normalises back to it.
    if text:
        a = rng.randrange(len(text))
        b = rng.randrange(a, len(text)) + 1
        start, end = offsets.span(a, b)
        assert normalize_text(original[start:end])[0] == text[a:b]


# --------------------------------------------------------------------------- the real reports


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not present beside the checkout")
def test_seed_reports():
    from ingest.readers import read

    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5
    for path in files:
        doc = normalize(read(path))
        assert doc.text and len(doc.offsets) == len(doc.text)
        assert not GLOSS_LEFT.search(doc.text), path.name
        assert_char_map(doc.original, doc.text, doc.offsets)
        # Round trip: every sentence maps to an original span that normalises back to it.
        pos = 0
        for sentence in re.findall(r"[^。\n]*[。\n]?", doc.text):
            if sentence:
                start, end = doc.original_span(pos, pos + len(sentence))
                assert normalize_text(doc.original[start:end])[0] == sentence
                pos += len(sentence)
        assert pos == len(doc.text)
        # No character left that t2s would still change on its own.
        assert not {ch for ch in doc.text if t2s_char(ch) != ch}, path.name
        if path.name.startswith(("001", "002")):
            for ch in "黨縣區鄉鎮幫貧駐隊書記組織領導發產業經濟":
                assert ch not in doc.text, (path.name, ch)
        if path.name.startswith("001"):
            assert "準(zhǔn)" in doc.original and "准" in doc.text
