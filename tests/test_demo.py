"""The main job on the bundled sample corpus (hand-written + generated)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.demo import demo_urls, featured_county, run_demo, sample_corpus
from tests.conftest import free_port, group_gone

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
    # the county kg demo opens: the generated one with the most villages with a named helper
    featured = featured_county(first)
    assert featured is not None
    units = {str(r["code"]): r for r in cov["units"].iter_rows(named=True)}
    generated = [str(c["code"]) for c in first.manifest["counties"]]
    assert featured[0] in generated and units[featured[0]]["name"] == featured[1]
    most = max(units[c]["helped_villages"] for c in generated)
    assert units[featured[0]]["helped_villages"] == most > 0
    again = run_demo(out_dir=demo_dir)
    assert again.quads_added == 0
    assert again.documents_in_store == 36
    again.manifest = {}
    assert featured_county(again) is None


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
    assert urls["county"] == "http://127.0.0.1:8000/ui/places/621123000000"
    assert urls["sparql"] == "http://127.0.0.1:8000/ui/sparql"
    assert urls["graph"] == (
        "http://127.0.0.1:8000/graph?focus="
        "https%3A%2F%2Fbangfu-kg.org%2Fid%2Fplace%2F621123000000&depth=2"
    )
    assert demo_urls("621123000000", port=8123)["home"] == "http://127.0.0.1:8123/"


def test_cli_demo_without_serving(demo_dir: Path) -> None:
    from kg.cli import app

    result = CliRunner().invoke(app, ["demo", "--out", str(demo_dir), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "generated (30) against its gold" in result.output
    assert "漳县" in result.output
    assert "serving" not in result.output


def test_cli_demo_help_says_it_builds_then_serves() -> None:
    from kg.cli import app

    result = CliRunner().invoke(app, ["demo", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Build a store from the bundled sample corpus, then serve it" in text
    assert "--no-serve" in text and "--port" in text


def test_cli_demo_with_its_port_taken_fails_before_building(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "demo",
                "--out",
                str(tmp_path / "out"),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: cannot listen on 127.0.0.1:{port}")
    assert "--port" in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()  # nothing was built


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().decode("utf-8")


def test_cli_demo_serves_until_ctrl_c(demo_out: Path, tmp_path: Path) -> None:
    """`kg demo` in a subprocess: builds, prints the pages to open, answers them, stops on Ctrl-C."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["KG_SEARCH_VILLAGES"] = "false"
    out_log, err_log = tmp_path / "stdout", tmp_path / "stderr"
    with out_log.open("wb") as out, err_log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "demo", "--out", str(demo_out), "--port", str(port)],
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
    try:
        deadline = time.monotonic() + 600
        while "Ctrl-C" not in out_log.read_text(encoding="utf-8"):
            assert proc.poll() is None, err_log.read_text(encoding="utf-8")[-3000:]
            assert time.monotonic() < deadline, "kg demo did not serve in time"
            time.sleep(0.5)
        printed = out_log.read_text(encoding="utf-8")
        urls = [w for w in printed.split() if w.startswith(f"http://127.0.0.1:{port}/")]
        status, home = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "谁在帮扶" in home
        manifest = json.loads((demo_out / "sample" / "manifest.json").read_text(encoding="utf-8"))
        counties = {c["code"]: c["name"] for c in manifest["counties"]}
        county = next(u for u in urls if "/ui/places/" in u)
        code = county.rsplit("/", 1)[1]
        assert code in counties
        assert urls == list(demo_urls(code, port=port).values())
        status, page = _get(county)
        assert status == 200 and counties[code] in page
        for url in urls:
            assert _get(url)[0] == 200, url
    finally:
        # Ctrl-C in a terminal: SIGINT to the whole foreground process group
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    text, errors = out_log.read_text(encoding="utf-8"), err_log.read_text(encoding="utf-8")
    assert proc.returncode == 0, errors[-3000:]
    assert "Traceback" not in errors and "Traceback" not in text
    assert text.rstrip().endswith("stopped 已停止")
    assert group_gone(proc.pid), "a process of the server's group is still running"
