"""Shared fixtures. Tests that need ../shared (the seed reports and their
gold) skip with a reason when it is absent; CI has it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


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
def run(nlp):
    """Extract a sentence you wrote: ``run("……")`` → the output record."""
    from ingest.extract import extract_text

    def _run(text: str) -> dict:
        return extract_text(text, nlp=nlp)

    return _run
