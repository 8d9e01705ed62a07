"""The segmenter: jieba-rs gives the tokens the Python jieba package gives."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jieba
import pytest

from ingest.errors import ConfigError
from ingest.extract import extract, load_pipeline
from ingest.extract.segment import SEGMENTERS, segment, segmenter
from ingest.normalize import normalize
from ingest.readers import read

from .conftest import ROOT

jieba.setLogLevel(60)


def _corpus(*dirs: Path) -> list[str]:
    texts = []
    for d in dirs:
        for f in sorted(d.iterdir()):
            if f.suffix in {".txt", ".html", ".docx"}:
                texts.append(normalize(read(f)).text)
    return texts


@pytest.mark.parametrize(
    "text",
    [
        "县委组织部选派5名干部驻村帮扶3个贫困村。",
        "2016-2020年投入1.5亿元，户均增收3.2%，编号AB-12_cd，26.08.2015发布",
        "第一书记王小明（驻新河村）\r\n牵头成立C&D合作社+#",
        "",
        " \n\t ",
    ],
)
def test_engines_agree_on_sentences(text: str) -> None:
    ours = segment(text)
    assert ours == jieba.lcut(text)
    assert "".join(ours) == text


def test_engines_agree_on_random_strings() -> None:
    # letters, digits and jieba's block punctuation mixed with Chinese: the
    # runs where jieba-rs and jieba would otherwise differ
    rnd = random.Random(5)
    alphabet = "村帮扶县委组织部第一书记贫困户abcXYZ0123456789+#&._%-—，。 \n（）年月万元"
    for _ in range(3000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 24)))
        assert segment(s) == jieba.lcut(s), s


def test_engines_agree_on_the_sample_corpus() -> None:
    texts = _corpus(*(d for d in (ROOT / "examples").iterdir() if d.is_dir() and d.name != "gold"))
    assert texts
    for text in texts:
        assert segment(text) == segment(text, "jieba")


def test_engines_agree_on_the_seeds(seeds_dir: Path) -> None:
    for text in _corpus(seeds_dir):
        assert segment(text) == jieba.lcut(text)


def test_unknown_engine_is_a_config_error(tmp_path: Path) -> None:
    assert set(SEGMENTERS) == {"rjieba", "jieba"}
    with pytest.raises(ConfigError, match="unknown segmenter 'thulac'"):
        segmenter("thulac")
    cfg = (ROOT / "ingest" / "extract" / "pipeline.cfg").read_text(encoding="utf-8")
    bad = tmp_path / "bad.cfg"
    bad.write_text(cfg.replace('segmenter = "rjieba"', 'segmenter = "thulac"'), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_pipeline(bad)
    assert "thulac" in str(err.value) and str(bad) in str(err.value)


def test_the_python_engine_gives_the_same_extraction(tmp_path: Path) -> None:
    cfg = (ROOT / "ingest" / "extract" / "pipeline.cfg").read_text(encoding="utf-8")
    slow = tmp_path / "python_jieba.cfg"
    slow.write_text(cfg.replace('segmenter = "rjieba"', 'segmenter = "jieba"'), encoding="utf-8")
    fast_nlp, slow_nlp = load_pipeline(), load_pipeline(slow)
    assert slow_nlp.tokenizer.segmenter == "jieba" and fast_nlp.tokenizer.segmenter == "rjieba"
    for f in sorted((ROOT / "examples").rglob("*.txt")):
        if "gold" in f.parts:
            continue
        doc = normalize(read(f))
        a, b = extract(doc, fast_nlp), extract(doc, slow_nlp)
        assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
