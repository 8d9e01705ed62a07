"""The main job on the bundled sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.demo import run_demo

pytestmark = pytest.mark.slow


def test_demo_extracts_scores_and_builds_idempotently(tmp_path: Path) -> None:
    first = run_demo(out_dir=tmp_path)
    assert not first.failed
    lines = first.output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(first.records) == 6
    assert all(json.loads(line)["entities"] for line in lines)
    assert first.report is not None and len(first.report.docs) == 6
    assert first.documents_in_store == 6 and first.quads_added > 0
    # coverage and gaps come from the store
    cov = first.coverage
    assert cov is not None and cov["units"].height > 0
    assert {r["document"] for r in cov["comparison"]} <= {r["doc"] for r in first.records}
    assert first.gap_counts.get("village-without-helper", 0) > 0
    again = run_demo(out_dir=tmp_path)
    assert again.quads_added == 0
