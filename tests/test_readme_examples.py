"""The README's examples of citing a fact run, on the service store and a live server."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.service_data import QINZHOU

ROOT = Path(__file__).resolve().parent.parent


def _section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(title)}.*?$(.*?)^## ", readme, re.M | re.S)
    assert m, f"README has no section {title!r}"
    return m.group(1)


def _block(section: str, lang: str) -> str:
    m = re.search(rf"```{lang}\n(.*?)```", section, re.S)
    assert m, f"no {lang} block"
    return m.group(1)


def test_citation_query_gives_quote_span_and_document(service_store: Path) -> None:
    from kg.store import open_store

    query = _block(_section("Citing a fact"), "sparql")
    store = open_store(service_store, read_only=True, create=False)
    try:
        rows = store.query(query).values()
    finally:
        store.close()
    assert rows
    for r in rows:
        assert r["quote"] and r["file"] and len(r["sha256"]) == 64
        assert 0 <= int(r["start"]) < int(r["end"])
    assert {"前坡村民委员会", "船北村民委员会"} <= {r["village"] for r in rows}


@pytest.mark.slow
def test_citation_python_example_prints_citations(live_server) -> None:
    code = _block(_section("Citing a fact"), "python")
    code = code.replace("http://127.0.0.1:8000", live_server.url).replace("621122000000", QINZHOU)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines
    assert any(
        "前坡村民委员会: 「" in line and "#at-" in line and "sha256 " in line for line in lines
    )
