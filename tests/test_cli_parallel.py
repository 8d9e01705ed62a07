"""`kg extract --jobs N`: worker processes give the same output as one process.

Every test here runs `kg` as a subprocess with a timeout, so a deadlock in the
worker pool fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
TIMEOUT = 300

# Sentences written for the tests: a few helpers, amounts and places.
LINES = (
    "甲县选派3名干部驻村帮扶2个贫困村。",
    "县委组织部投入帮扶资金120万元，建成蔬菜大棚15座。",
    "乙市结对帮扶丙县，累计投入资金3000万元。",
)


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, timeout=TIMEOUT)


def make_batch(directory: Path, n_files: int, repeat: int) -> None:
    directory.mkdir()
    for i in range(n_files):
        text = "\n".join(LINES[(i + k) % len(LINES)] for k in range(repeat)) + "\n"
        (directory / f"r{i:03d}.txt").write_text(f"第{i}号简报\n" + text, encoding="utf-8")


def test_default_jobs_one_per_cpu_at_most_one_per_file() -> None:
    from ingest.pipeline import default_jobs, usable_cpus

    assert default_jobs(0) == default_jobs(1) == 1
    assert 1 <= default_jobs(1000) <= usable_cpus()
    assert default_jobs(2) <= 2


def test_jobs_2_same_output_as_jobs_1_on_the_sample_corpus() -> None:
    one = kg("extract", "--jsonl", "--jobs", "1", str(CORPUS))
    two = kg("extract", "--jsonl", "--jobs", "2", str(CORPUS))
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert two.stdout == one.stdout
    assert len(one.stdout.splitlines()) == len(list(CORPUS.iterdir()))


def test_jobs_2_keeps_input_order_with_bad_files(tmp_path: Path) -> None:
    make_batch(tmp_path / "in", 7, 5)
    (tmp_path / "in" / "r002.txt").write_bytes(b"")
    (tmp_path / "in" / "r005.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    res = kg("extract", "--jsonl", "--jobs", "2", str(tmp_path / "in"))
    assert res.returncode == 1
    docs = [json.loads(line)["doc"] for line in res.stdout.splitlines()]
    assert docs == ["r000.txt", "r001.txt", "r003.txt", "r004.txt", "r006.txt"]
    lines = [line for line in res.stderr.splitlines() if line.startswith("kg: ")]
    assert any("r002.txt" in line and "empty file" in line for line in lines)
    assert any("r005.txt" in line and "binary" in line for line in lines)
    assert "2 failed" in res.stderr


def test_bad_config_fails_once_with_jobs(tmp_path: Path) -> None:
    make_batch(tmp_path / "in", 3, 1)
    bad = tmp_path / "bad.cfg"
    bad.write_text("[nlp]\nlang = \n[[[\n", encoding="utf-8")
    res = kg("extract", "--jsonl", "--jobs", "2", "--config", str(bad), str(tmp_path / "in"))
    assert res.returncode == 2
    assert res.stderr.count("kg: error:") == 1
    assert "Traceback" not in res.stderr


def test_workers_that_die_as_they_start_are_one_error(tmp_path: Path) -> None:
    """Spawned workers that cannot start (simulated: they exit at once) end the
    batch with one line, not a line per file and another for the batch."""
    make_batch(tmp_path / "in", 3, 1)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import os, sys\n"
        'if "--multiprocessing-fork" in sys.argv:  # a spawned worker\n'
        "    os._exit(1)\n",
        encoding="utf-8",
    )
    res = subprocess.run(
        [sys.executable, "-m", "kg", "extract", "--jsonl", "--jobs", "2", str(tmp_path / "in")],
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{ROOT}"},
    )
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.count("kg: error:") == 1, res.stderr
    assert "die as they start" in res.stderr and "--jobs 1" in res.stderr
    assert "Traceback" not in res.stderr


def _workers(pid: int) -> list[int]:
    """The spawned worker processes among the children of ``pid`` (Linux /proc)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmd = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmd:
                out.append(int(child))
    return out


def _start(tmp_path: Path, *args: str) -> subprocess.Popen:
    """``kg extract`` on a batch in its own process group; stdout and stderr go to files."""
    make_batch(tmp_path / "in", 24, 300)
    with open(tmp_path / "out.jsonl", "wb") as out, open(tmp_path / "err.txt", "wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "kg", "extract", "--jsonl", *args, str(tmp_path / "in")],
            stdout=out,
            stderr=err,
            start_new_session=True,
        )


def _wait_for_first_record(proc: subprocess.Popen, tmp_path: Path) -> None:
    """Until kg has written one record: its workers are up and extracting."""
    out = tmp_path / "out.jsonl"
    deadline = time.monotonic() + TIMEOUT
    while b"\n" not in out.read_bytes():
        assert proc.poll() is None, (tmp_path / "err.txt").read_text()
        assert time.monotonic() < deadline, "no record in time"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_killed_worker_costs_nothing(tmp_path: Path) -> None:
    """Files a dead worker was busy with are retried; the batch still completes."""
    proc = _start(tmp_path, "--jobs", "2")
    try:
        _wait_for_first_record(proc, tmp_path)
        workers = _workers(proc.pid)
        assert workers
        os.kill(workers[0], signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, (tmp_path / "err.txt").read_text()
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line)["doc"] for line in lines]
    assert docs == [f"r{i:03d}.txt" for i in range(24)]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_ctrl_c_stops_the_batch(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the process group) ends kg and its workers, no hang."""
    proc = _start(tmp_path, "--jobs", "2")
    try:
        _wait_for_first_record(proc, tmp_path)
        workers = _workers(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0
    deadline = time.monotonic() + 30
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


@pytest.mark.slow
def test_build_jobs_2_same_graph_as_jobs_1(tmp_path: Path) -> None:
    exports = []
    for jobs in ("1", "2"):
        store = str(tmp_path / f"store{jobs}")
        res = kg("build", "--jobs", jobs, "--store", store, str(CORPUS))
        assert res.returncode == 0, res.stderr
        assert "loaded 6" in res.stderr
        out = kg("export", "--format", "nq", "--store", store)
        assert out.returncode == 0, out.stderr
        exports.append(sorted(out.stdout.splitlines()))
    assert exports[0] == exports[1]
    assert exports[0]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_end_when_kg_is_killed(tmp_path: Path) -> None:
    """SIGKILL to kg itself (no cleanup possible there) leaves no worker behind."""
    proc = _start(tmp_path, "--jobs", "2")
    workers: list[int] = []
    try:
        _wait_for_first_record(proc, tmp_path)
        workers = _workers(proc.pid)
        assert workers
        proc.kill()
        proc.wait(timeout=60)
        deadline = time.monotonic() + 60
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for w in filter(_alive, workers):
            os.kill(w, signal.SIGKILL)


def test_build_jobs_2_loads_identical_files_once(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(CORPUS / "01_briefing.txt", tmp_path / "in" / name)
    shutil.copy(CORPUS / "02_news.txt", tmp_path / "in" / "c.txt")
    res = kg("build", "--jobs", "2", "--store", str(tmp_path / "store"), str(tmp_path / "in"))
    assert res.returncode == 0, res.stderr
    assert "loaded 2" in res.stderr and "unchanged 1" in res.stderr
