"""Shared fixtures. Tests that need ../shared (the seed reports and their
gold) skip with a reason when it is absent; CI has it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def run_kg(
    *args: str, cwd: Path | None = None, input: str | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` as a user runs it (from the checkout unless ``cwd``)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        input=input,
        cwd=cwd or ROOT,
    )


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    d = SHARED / "seeds"
    if not d.is_dir():
        pytest.skip(f"the seed reports are not at {d}")
    return d


@pytest.fixture(scope="session")
def gold_dirs(seeds_dir: Path) -> list[Path]:
    return [SHARED / "gold", DATA / "gold"]


@pytest.fixture(scope="session")
def gz():
    from ingest.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def nlp():
    from ingest.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def rules_nlp():
    from ingest.extract import load_pipeline

    return load_pipeline(learned=False)


@pytest.fixture(scope="session")
def run_rules(rules_nlp):
    """Extract a sentence you wrote with the rule components alone (no trained model)."""
    from ingest.extract import extract_text

    def _run(text: str) -> dict:
        return extract_text(text, nlp=rules_nlp)

    return _run


@pytest.fixture(scope="session")
def run(nlp):
    """Extract a sentence you wrote: ``run("……")`` → the output record."""
    from ingest.extract import extract_text

    def _run(text: str) -> dict:
        return extract_text(text, nlp=nlp)

    return _run


# ----------------------------------------------------------------- the service
@pytest.fixture(scope="session")
def service_store(tmp_path_factory) -> Path:
    """A store built from the two reports of tests/service_data.py (never written to by tests)."""
    from tests.service_data import build_store

    path = tmp_path_factory.mktemp("service") / "store"
    build_store(path)
    return path


@pytest.fixture
def store_copy(service_store: Path, tmp_path: Path) -> Path:
    """A private copy of the service store, for tests that write."""
    import shutil

    dst = tmp_path / "store"
    shutil.copytree(service_store, dst)
    return dst


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_gone(pgid: int, timeout: float = 10.0) -> bool:
    """Whether every process of the process group ``pgid`` has exited (waiting up to ``timeout``)."""
    import os
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


class LiveServer:
    """`kg serve` in a subprocess on a free loopback port."""

    def __init__(self, store: Path, **env: str) -> None:
        import os
        import subprocess
        import sys
        import time
        import urllib.request

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        environ.update(env)
        self.log = open(store.parent / f"serve-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=environ,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                text = (store.parent / f"serve-{self.port}.log").read_text(errors="replace")
                raise RuntimeError(f"kg serve did not start:\n{text[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except Exception:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


@pytest.fixture(scope="module")
def live_server(service_store: Path):
    """One `kg serve` per test module, on the service store (read-only: no token)."""
    server = LiveServer(service_store, KG_QUERY_TIMEOUT="3", KG_SEARCH_VILLAGES="false")
    yield server
    server.stop()


# ------------------------------------------------------------------ the demo
@pytest.fixture(scope="session")
def demo_out(tmp_path_factory) -> Path:
    """An out folder where the demo has run once (``kg demo --no-serve``): store in ``store/``.

    Shared by the tests that need the demo's store (notebooks, the served demo,
    screenshots), so it is built once per session.
    """
    from kg.demo import run_demo

    out = tmp_path_factory.mktemp("demo-out")
    res = run_demo(out_dir=out)
    assert not res.failed, res.failed
    return out
