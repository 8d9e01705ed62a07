"""The scorer, on hand-made records with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import InputError
from ingest.eval import compare_form, entity_micro, load_gold, read_jsonl, score

GOLD = {
    "doc": "a.txt",
    "jurisdiction": {"text": "甲县", "code": "111111000000"},
    "entities": [
        {"type": "PLACE", "text": "甲县", "level": "county", "code": "111111000000"},
        {"type": "ORG", "text": "县委组织部", "org_type": "party_department", "collective": False},
        {"type": "ORG", "text": "各乡镇党委", "org_type": "party_committee", "collective": True},
        {"type": "MONEY", "text": "100万元", "value": 1000000, "approx": False, "qualifier": "="},
    ],
    "quantities": [
        {"text": "5个贫困村", "value": 5, "unit": "个", "what": "贫困村", "approx": False}
    ],
    "links": [
        {
            "rel": "helps",
            "subject": "5名干部",
            "object": "5个贫困村",
            "cue": "驻村",
            "scope": "甲县",
        }
    ],
}


def test_strict_and_lenient() -> None:
    pred = {
        "doc": "a.txt",
        "jurisdiction": {"text": "甲县", "code": "111111000000"},
        "entities": [
            {"type": "PLACE", "text": "甲县", "code": "999999000000"},  # wrong code
            {"type": "ORG", "text": "甲县县委组织部"},  # contains the gold text
            {"type": "MONEY", "text": "100万元", "value": 1000000},
            {"type": "ROLE", "text": "第一书记"},  # not in gold
        ],
        "quantities": [{"value": 5, "what": "村"}],
        "links": [{"rel": "helps", "subject": "干部", "object": "贫困村"}],
    }
    rep = score([pred], {"a.txt": GOLD})
    strict, lenient = entity_micro(rep, "strict"), entity_micro(rep, "lenient")
    assert (strict.tp, strict.fp, strict.fn) == (1, 3, 2)  # collective left out of the gold
    assert (lenient.tp, lenient.fp, lenient.fn) == (3, 1, 0)
    assert rep.place_code.value == 0.0 and rep.money_value.value == 1.0
    assert rep.strict["QUANTITY"].tp == 0 and rep.lenient["QUANTITY"].tp == 1
    assert rep.strict["LINK"].tp == 0 and rep.lenient["LINK"].tp == 1


def test_texts_are_compared_without_quotes_title_marks_and_whitespace() -> None:
    gold = {
        "doc": "b.txt",
        "entities": [
            {"type": "PERSON", "text": "林 小 河"},  # a spaced byline, as some gold keeps it
            {"type": "PROGRAM", "text": "三个一机制"},
        ],
        "quantities": [{"value": 3, "what": "贫困户"}],
        "links": [{"rel": "implements", "subject": "东坡村", "object": "三个一机制"}],
    }
    pred = {
        "doc": "b.txt",
        "entities": [
            {"type": "PERSON", "text": "林小河"},
            {"type": "PROGRAM", "text": "“三个一”机制"},
        ],
        "quantities": [{"value": 3, "what": "贫困 户"}],
        "links": [{"rel": "implements", "subject": "东坡村", "object": "《三个一机制》"}],
    }
    rep = score([pred], {"b.txt": gold})
    strict = entity_micro(rep, "strict")
    assert (strict.tp, strict.fp, strict.fn) == (2, 0, 0)
    assert rep.strict["QUANTITY"].tp == 1 and rep.strict["LINK"].tp == 1


def test_the_scorers_marks_are_the_extractors_quotes() -> None:
    from ingest.eval import _MARKS
    from ingest.extract.text import QUOTE_CLOSE, QUOTE_OPEN

    assert set(_MARKS) == set(QUOTE_OPEN + QUOTE_CLOSE)
    assert compare_form(None) is None


def test_missing_gold_is_reported() -> None:
    rep = score([{"doc": "b.txt"}], {"a.txt": GOLD})
    assert rep.docs == [] and rep.missing_gold == ["b.txt"]


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "pred.jsonl"
    bad.write_text('{"doc": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        read_jsonl(bad)
    (tmp_path / "g.json").write_text(json.dumps({"entities": []}), encoding="utf-8")
    with pytest.raises(InputError, match="no 'doc'"):
        load_gold([tmp_path])
    with pytest.raises(InputError, match="not found"):
        load_gold([tmp_path / "nope"])
