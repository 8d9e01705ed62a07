"""Optional dependencies: a missing one is one line naming the package and the
command that installs it, never a traceback (simulated by blocking the import)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.deps import require
from ingest.errors import DependencyError, KGError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"


def kg_without(modules: tuple[str, ...], *args: str) -> subprocess.CompletedProcess:
    """``kg ARGS`` in a fresh interpreter where importing ``modules`` fails."""
    code = (
        "import sys\n"
        f"for m in {modules!r}:\n"
        "    sys.modules[m] = None\n"
        "from kg.cli import main\n"
        f"main({list(args)!r})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )


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


def test_kg_extract_with_the_python_engine_missing(tmp_path: Path) -> None:
    cfg = (ROOT / "ingest" / "extract" / "pipeline.cfg").read_text(encoding="utf-8")
    assert 'segmenter = "rjieba"' in cfg
    mine = tmp_path / "python-jieba.cfg"
    mine.write_text(cfg.replace('segmenter = "rjieba"', 'segmenter = "jieba"'), encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("甲县选派3名干部驻村帮扶2个贫困村。\n", encoding="utf-8")
    res = kg_without(("jieba",), "extract", "--config", str(mine), str(report))
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:"), res.stderr
    assert "pip install jieba" in lines[0] and "Traceback" not in res.stderr


def test_html_reader_without_its_cleaner_is_one_line_per_file() -> None:
    """The Quickstart failure: lxml.html.clean split out into lxml_html_clean."""
    res = kg_without(("lxml_html_clean",), "extract", "--jsonl", str(CORPUS / "04_dongxi.html"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("kg: error:")]
    assert len(errors) == 1, res.stderr
    assert "04_dongxi.html" in errors[0] and "reading .html files" in errors[0]
    assert "pip install trafilatura lxml_html_clean" in errors[0]


def test_other_files_still_extract_when_the_html_reader_cannot(tmp_path: Path) -> None:
    res = kg_without(
        ("trafilatura",),
        "extract",
        "--jsonl",
        "--jobs",
        "1",  # the blocked import lives in this process only
        str(CORPUS / "02_news.txt"),
        str(CORPUS / "04_dongxi.html"),
    )
    assert res.returncode == 1  # one done, one failed
    assert len(res.stdout.splitlines()) == 1
    assert "pip install trafilatura" in res.stderr and "Traceback" not in res.stderr
