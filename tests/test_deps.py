"""Optional dependencies: a missing one is one line naming the package and the
command that installs it, never a traceback (simulated by blocking the import)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ingest.deps import require
from ingest.errors import DependencyError, KGError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"


def test_require_names_package_and_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jieba", None)
    with pytest.raises(DependencyError) as info:
        require("jieba", purpose='the segmenter = "jieba" engine')
    msg = str(info.value)
    assert isinstance(info.value, KGError) and "\n" not in msg
    assert 'segmenter = "jieba"' in msg and "pip install jieba" in msg
    assert "not installed" in msg


def test_require_through_an_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(DependencyError, match=r"pip install 'bangfu-kg\[pandas\]'"):
        require("pandas", purpose="to_pandas", extra="pandas")


def test_python_jieba_engine_missing_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.extract.segment import segmenter

    segmenter.cache_clear()
    monkeypatch.setitem(sys.modules, "jieba", None)
    try:
        with pytest.raises(DependencyError, match="pip install jieba"):
            segmenter("jieba")
    finally:
        segmenter.cache_clear()


def test_html_reader_without_its_cleaner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The Quickstart failure: lxml.html.clean split out into lxml_html_clean."""
    from ingest.readers import read

    for name in [m for m in sys.modules if m.split(".")[0] in ("trafilatura", "justext")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delitem(sys.modules, "lxml.html.clean", raising=False)
    monkeypatch.setitem(sys.modules, "lxml_html_clean", None)
    with pytest.raises(DependencyError) as info:
        read(CORPUS / "04_dongxi.html")
    msg = str(info.value)
    assert "reading .html files" in msg and "cannot be imported" in msg
    assert "pip install trafilatura lxml_html_clean" in msg and "\n" not in msg
