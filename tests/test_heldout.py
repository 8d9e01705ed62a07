"""The held-out corpus (``tests/data/heldout``): reports written by the guide and
never used to tune the rules. Its gold files are checked for honesty, and the
extractor must reach the extraction issue's figures on it, as on the seeds.

Gold checks read the files directly (stdlib and OpenCC), not through
``ingest.readers``, so a reader bug cannot hide a gold bug.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from ingest.eval import entity_micro, load_gold, score
from ingest.extract import extract
from ingest.gazetteer.names import LEVEL_DIGITS
from ingest.normalize import normalize
from ingest.readers import read

from .conftest import DATA

HELDOUT = DATA / "heldout"
CORPUS = HELDOUT / "corpus"
GOLD = HELDOUT / "gold"
ENCODINGS = {"h4_traditional.txt": "big5"}
QUOTE_MARKS = '“”‘’"《》「」『』'

REPORTS = sorted(p.name for p in CORPUS.iterdir())


@cache
def _text(name: str) -> str:
    """The report decoded with its own encoding, in Simplified Chinese, quote marks out."""
    import opencc

    raw = (CORPUS / name).read_bytes().decode(ENCODINGS.get(name, "utf-8"))
    simplified = opencc.OpenCC("t2s").convert(raw)
    return "".join(c for c in simplified if c not in QUOTE_MARKS)


def _gold(name: str) -> dict:
    return json.loads((GOLD / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


def test_every_report_has_a_gold_file() -> None:
    assert len(REPORTS) == 4
    assert {Path(n).stem for n in REPORTS} == {p.stem for p in GOLD.glob("*.json")}


@pytest.mark.parametrize("name", REPORTS)
def test_gold_texts_occur_in_the_report(name: str) -> None:
    gold, text = _gold(name), _text(name)
    assert gold["doc"] == name
    for item in gold["entities"] + gold["quantities"]:
        assert item["text"] in text, item["text"]


@pytest.mark.parametrize("name", REPORTS)
def test_gold_places_are_registry_units(name: str, gz) -> None:
    for e in _gold(name)["entities"]:
        if e["type"] != "PLACE" or e["code"] is None:
            continue
        unit = gz.get(e["code"])
        assert unit is not None, e
        digits = LEVEL_DIGITS[e["level"]]
        assert e["code"][digits:] == "0" * (12 - digits), e
        assert e["code"] in {u.code for u in gz.lookup(e["text"])}, (e, unit.name)


def test_traditional_report_is_big5_and_traditional() -> None:
    raw = (CORPUS / "h4_traditional.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("big5") != _text("h4_traditional.txt")


@pytest.fixture(scope="module")
def report(nlp):
    preds = [extract(normalize(read(CORPUS / n)), nlp) for n in REPORTS]
    return score(preds, load_gold([GOLD]))


def test_entities_strict_micro_f1(report) -> None:
    assert len(report.docs) == 4 and not report.missing_gold
    assert entity_micro(report, "strict").f1 >= 0.85


def test_place_codes_and_money_values(report) -> None:
    assert report.place_code.value >= 0.95
    assert report.money_value.value == 1.0


def test_quantities_and_links(report) -> None:
    assert report.lenient["QUANTITY"].f1 >= 0.80
    assert report.lenient["LINK"].f1 >= 0.60


def test_jurisdictions(report) -> None:
    assert all(d["jurisdiction_right"] for d in report.per_doc.values())
