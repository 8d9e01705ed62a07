"""Every notebook in notebooks/ runs (nbclient) on the bundled sample corpus, and
on ../shared/seeds and ../shared/real when they are there.

The first cell tagged ``parameters`` is replaced by the test's own values
(corpus, a temporary work folder shared by the runs so each store is built
once; the demo's store is the session's ``demo_out``). Notebook 5 queries a
running server: the test starts ``kg serve`` on the demo store on a free port
and gives the notebook its URL. Notebook 2's charts must draw Chinese labels as characters: a font with
Chinese glyphs must be installed (``apt-get install fonts-noto-cjk``); without
one the test is skipped, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SHARED = ROOT.parent / "shared"
CORPORA = {"demo": None, "seeds": SHARED / "seeds", "real": SHARED / "real" / "texts"}
LOCAL = (
    "01_who_helps_which_village",
    "02_comparing_counties",
    "03_gaps_and_contradictions",
    "04_graph",
)

pytestmark = pytest.mark.slow
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


@pytest.fixture(scope="session")
def workdir(demo_out: Path) -> Path:
    """The notebooks' WORKDIR: where the demo already ran (its store is reused, not rebuilt)."""
    return demo_out


def _run(name: str, params: str) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = params
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return nb


def _stderr(nb: nbformat.NotebookNode) -> str:
    return "".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("name") == "stderr"
    )


def _corpus(label: str) -> str:
    where = CORPORA[label]
    if where is None:
        return "demo"
    if not where.is_dir():
        pytest.skip(f"no {label} corpus at {where}")
    return str(where)


def test_notebooks_are_stripped_of_outputs() -> None:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if c.cell_type == "code":
                assert not c.outputs and c.execution_count is None, path.name


@pytest.mark.parametrize("corpus", list(CORPORA))
@pytest.mark.parametrize("name", LOCAL)
def test_notebook_runs(name: str, corpus: str, workdir: Path) -> None:
    if name.startswith("02"):
        _need_cjk_font()
    source = _corpus(corpus)
    nb = _run(name, f"CORPUS = {source!r}\nWORKDIR = {str(workdir)!r}")
    errors = _stderr(nb)
    assert "Traceback" not in errors
    assert "missing from font" not in errors and "Glyph" not in errors, errors
    if name.startswith("02"):
        assert (workdir / "coverage.png").stat().st_size > 10_000
        pngs = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if "image/png" in o.get("data", {})
        ]
        assert len(pngs) == 2, "both charts are shown"
    if name.startswith("04"):
        html = [
            o["data"]["text/html"]
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if "text/html" in o.get("data", {}) and "<iframe" in o["data"]["text/html"]
        ]
        assert html and "vis-network" in html[0]


def _need_cjk_font() -> None:
    from kg.plots import SAMPLE, cjk_font

    if cjk_font(SAMPLE) is None:
        msg = "no font with Chinese glyphs installed (apt-get install fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)


def test_sparql_notebook_against_a_running_server(workdir: Path) -> None:
    from kg.demo import corpus_store
    from tests.conftest import LiveServer

    server = LiveServer(corpus_store("demo", workdir), KG_SEARCH_VILLAGES="false")
    try:
        nb = _run("05_sparql_client", f"ENDPOINT = {server.url + '/sparql'!r}")
    finally:
        server.stop()
    assert "Traceback" not in _stderr(nb)
    results = [
        o["data"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.get("output_type") == "execute_result"
    ]
    # SPARQLWrapper's table, the CSV read by requests, the count of the POSTed query's rows
    assert len(results) == 3
    assert all("text/html" in r for r in results[:2])
    assert "helperName" in results[0]["text/html"] and "村" in results[0]["text/html"]
    assert int(results[2]["text/plain"]) == 20  # the query's LIMIT: the demo has more links
