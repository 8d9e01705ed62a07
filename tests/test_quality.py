"""The quality bar, enforced by the test command: ruff's rules, ruff's format and
mypy on the packages pass (their configuration is in pyproject.toml), and the
pre-commit hooks run the same pinned tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    exe = BIN / name
    if exe.is_file():
        return str(exe)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]' brings it")
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=900)


def test_ruff_check_passes() -> None:
    res = run(tool("ruff"), "check", ".")
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr


def test_ruff_format_is_applied() -> None:
    res = run(tool("ruff"), "format", "--check", ".")
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr


@pytest.mark.slow
def test_mypy_passes_on_the_packages() -> None:
    res = run(tool("mypy"))  # packages and options from [tool.mypy]
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr
    assert "Success: no issues found" in res.stdout


def _pinned(name: str) -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(rf'"{name}==([^"]+)"', text)
    assert m, f"{name} is not pinned in pyproject.toml"
    return m.group(1)


def test_pinned_tools_are_the_installed_ones() -> None:
    for name in ("ruff", "mypy"):
        out = run(tool(name), "--version").stdout
        assert _pinned(name) in out, (name, out)


def test_pre_commit_runs_the_same_tools() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    m = re.search(r"astral-sh/ruff-pre-commit\s+rev: v([\d.]+)", config)
    assert m and m.group(1) == _pinned("ruff")
    for hook in ("id: ruff-check", "id: ruff-format", "id: mypy", "id: nbstripout"):
        assert hook in config, hook
    # mypy runs in the project's environment (it needs the packages' dependencies)
    assert re.search(r"id: mypy\s+name: [^\n]+\s+entry: mypy\s+language: system", config)
