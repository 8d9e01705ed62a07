"""The shipped pipeline on ../shared/real, the real reports (skipped without them).

The models are trained on these reports (with the seeds and the project's own
gold), so these figures guard against a regression of the shipped pipeline;
the honest figures are the cross-validated ones in the README (`kg train --cv 5`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED

REAL = SHARED / "real"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REAL / "texts").is_dir(), reason=f"the real reports are not at {REAL}"),
]


@pytest.fixture(scope="module")
def real_gold() -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((REAL / "gold").glob("*.json"))
    ]


@pytest.fixture(scope="module")
def real_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "real.jsonl"
    res = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(REAL / "texts"), "--jsonl"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    out.write_text(res.stdout, encoding="utf-8")
    return out


def test_shipped_pipeline_on_the_real_reports(real_records: Path) -> None:
    from ingest.eval import entity_micro, load_gold, read_jsonl, score

    rep = score(read_jsonl(real_records), load_gold([REAL / "gold"]))
    assert len(rep.docs) == 46
    assert entity_micro(rep).f1 >= 0.90
    assert rep.strict["PERSON"].f1 >= 0.90 and rep.strict["ORG"].f1 >= 0.90
    assert rep.lenient["QUANTITY"].f1 >= 0.75
    assert rep.lenient["LINK"].f1 >= 0.65
    assert rep.place_code.value >= 0.95 and rep.money_value.value == 1.0
    # nothing helps, leads or funds itself (an anaphor paired with its own antecedent)
    selves = [
        (r["doc"], lk["rel"], lk["subject"])
        for r in read_jsonl(real_records)
        for lk in r["links"]
        if lk["subject"] == lk["object"]
    ]
    assert selves == []


def test_who_helps_which_village(real_gold: list[dict], tmp_path: Path) -> None:
    """kg build ../shared/real, then every gold helper → named township/village pair is asked
    of the store by SPARQL: ≥ 70% answered, and those villages count as named in coverage."""
    from ingest.gazetteer import load_gazetteer
    from kg import analysis
    from kg.analysis.recall import who_helps
    from kg.settings import get_settings
    from kg.store import open_store

    store = tmp_path / "store"
    res = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(REAL / "texts"), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    st = open_store(str(store), read_only=True, create=False)
    try:
        report = who_helps(st, real_gold, base=get_settings().base)
        assert report.total >= 90
        assert report.share >= 0.70, report.missing
        helped = set(
            analysis.helped_villages(analysis.load(st), load_gazetteer())["code"].to_list()
        )
    finally:
        st.close()
    # every answered village is one that coverage counts as named
    villages = {
        int(p["code"])
        for rec in real_gold
        for p in rec["entities"]
        if p.get("type") == "PLACE" and p.get("level") == "village" and p.get("code")
    }
    answered = {int(c) for c in report.answered} & villages
    assert answered and answered <= helped
