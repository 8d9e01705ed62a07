"""The README as a user reads it: every command documented with the exit-code
convention, the Python example runs as written, pandas through its extra."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import typer

from kg.cli import app
from kg.mapping import to_quads
from kg.store import OxigraphStore
from tests.test_analysis import BASE, records

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(title)
    nxt = README.find("\n## ", start + 1)
    return README[start : nxt if nxt != -1 else None]


def test_every_command_is_in_the_commands_section() -> None:
    section = _section("## Commands")
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        assert re.search(rf"^kg {name}\b", section, re.M), name


def test_the_exit_code_convention_is_documented() -> None:
    section = _section("### Exit codes and errors")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in section
    assert "`kg: error:`" in section


def test_the_python_example_runs_as_written(gz, tmp_path: Path) -> None:
    block = re.search(r"From Python.*?```python\n(.*?)```", README, re.S)
    assert block is not None
    st = OxigraphStore(tmp_path / "kg-store")
    for r in records():
        st.load(to_quads(r, base=BASE, gz=gz))
    st.close()
    res = subprocess.run(
        [sys.executable, "-c", block.group(1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "townships.csv").read_text(encoding="utf-8").startswith("code,name")


def test_to_pandas_without_pandas_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.errors import DependencyError
    from kg.analysis import to_pandas

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(DependencyError) as info:
        to_pandas(pl.DataFrame({"a": [1]}))
    assert "pip install 'bangfu-kg[pandas]'" in str(info.value)
    assert "\n" not in str(info.value)


def test_to_pandas_with_the_extra() -> None:
    pytest.importorskip("pandas", reason="the pandas extra is not installed")
    pytest.importorskip("pyarrow", reason="the pandas extra is not installed")
    from kg.analysis import to_pandas

    df = to_pandas(pl.DataFrame({"code": [511681000000], "name": ["华蓥市"]}))
    assert list(df.columns) == ["code", "name"] and df["name"][0] == "华蓥市"
