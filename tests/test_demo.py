"""The main job on the bundled sample corpus (hand-written + generated)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.demo import demo_urls, run_demo, sample_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


def test_demo_extracts_scores_and_builds_idempotently(demo_dir: Path) -> None:
    stages: dict[str, list] = {}
    first = run_demo(
        out_dir=demo_dir, progress=lambda s, total, item: stages.setdefault(s, []).append(item)
    )
    assert not first.failed
    lines = first.output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(first.records) == 36  # 6 hand-written + 30 generated
    assert all(json.loads(line)["entities"] for line in lines)
    assert set(first.reports) == {"hand-written", "generated"}
    assert len(first.reports["hand-written"].docs) == 6
    assert len(first.reports["generated"].docs) == 30
    assert first.documents_in_store == 36 and first.quads_added > 0
    # progress: every stage, one item per report extracted and loaded
    assert list(stages) == ["generate", "extract", "load", "analyse"]
    assert sum(1 for i in stages["extract"] if i) == 36
    assert sum(1 for i in stages["load"] if i) == 36
    # coverage and gaps come from the store; the generated counties are there
    cov = first.coverage
    assert cov is not None and cov["units"].height > 0
    codes = set(cov["units"]["code"].cast(str).to_list())
    assert {c["code"] for c in first.manifest["counties"]} <= codes
    assert {r["document"] for r in cov["comparison"]} <= {r["doc"] for r in first.records}
    for kind in ("village-without-helper", "claim-conflict", "registry-mismatch"):
        assert first.gap_counts.get(kind, 0) > 0, kind
    again = run_demo(out_dir=demo_dir)
    assert again.quads_added == 0
    assert again.documents_in_store == 36


def test_sample_corpus_is_written_once(demo_dir: Path) -> None:
    where = sample_corpus(demo_dir)  # written by the test above: reused as it is
    report = next((where / "corpus").iterdir())
    mtime = report.stat().st_mtime_ns
    assert sample_corpus(demo_dir) == where
    assert report.stat().st_mtime_ns == mtime
    (where / "manifest.json").write_text("{}", encoding="utf-8")  # stale: rewritten
    sample_corpus(demo_dir)
    assert json.loads((where / "manifest.json").read_text(encoding="utf-8"))["n"] == 30


def test_demo_urls() -> None:
    urls = demo_urls("621123000000")
    assert urls["county"] == "http://127.0.0.1:8000/places/621123000000"
    assert urls["sparql"] == "http://127.0.0.1:8000/sparql"
    assert (
        urls["graph"].startswith("http://127.0.0.1:8000/graph?focus=")
        and "621123000000" in urls["graph"]
    )


def test_cli_demo_without_serving(demo_dir: Path) -> None:
    from kg.cli import app

    result = CliRunner().invoke(app, ["demo", "--out", str(demo_dir), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "generated (30) against its gold" in result.output
    assert "漳县" in result.output
    assert "serving is not available yet" not in result.output
    served = CliRunner().invoke(app, ["demo", "--out", str(demo_dir)])
    assert served.exit_code == 0
    assert "serving is not available yet" in served.output
