"""Integration: `kg extract` over the five seed reports reaches the figures of
the extraction issue when scored against the gold files (shared/gold and
tests/data/gold). Skipped when ../shared is absent."""

from __future__ import annotations

import pytest

from ingest.eval import entity_micro, load_gold, score
from ingest.extract import extract
from ingest.normalize import normalize
from ingest.readers import read

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(seeds_dir, gold_dirs, nlp):
    preds = [extract(normalize(read(p)), nlp) for p in sorted(seeds_dir.glob("*.txt"))]
    return score(preds, load_gold(gold_dirs))


def test_every_seed_has_gold(report) -> None:
    assert len(report.docs) == 5 and not report.missing_gold


def test_entities_strict_micro_f1(report) -> None:
    assert entity_micro(report, "strict").f1 >= 0.85


def test_place_codes_and_money_values(report) -> None:
    assert report.place_code.value >= 0.95
    assert report.money_value.value == 1.0


def test_quantities_lenient_f1(report) -> None:
    assert report.lenient["QUANTITY"].f1 >= 0.80


def test_links_lenient_f1(report) -> None:
    assert report.lenient["LINK"].f1 >= 0.60


def test_jurisdictions(report) -> None:
    assert all(d["jurisdiction_right"] for d in report.per_doc.values())
