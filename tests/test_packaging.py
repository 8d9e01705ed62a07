"""The distribution: every package is listed, and a built wheel works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed() -> None:
    tool = _pyproject()["tool"]["setuptools"]
    listed = set(tool["packages"])
    mapped = {v: k for k, v in tool.get("package-dir", {}).items()}
    found = set()
    for init in ROOT.glob("*/**/__init__.py"):
        rel = init.parent.relative_to(ROOT)
        top = rel.parts[0]
        if top in mapped:
            found.add(".".join([mapped[top], *rel.parts[1:]]))
        elif top in ("ingest", "kg", "api"):
            found.add(".".join(rel.parts))
    assert found == listed, (found - listed, listed - found)


@pytest.mark.slow
def test_wheel_works_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel, install it in a fresh venv, run `kg demo` and `kg validate` elsewhere."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("bangfu_kg-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = ""
    kg = str(venv / "bin" / "kg")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [kg, *args], cwd=work, env=env, capture_output=True, text=True, timeout=900
        )

    demo = run("demo", "--out", "out", "--no-serve")
    assert demo.returncode == 0, demo.stderr[-2000:]
    store = work / "out" / "store"
    assert store.is_dir()
    valid = run("validate", "--store", str(store))
    assert valid.returncode == 0, valid.stdout[-2000:] + valid.stderr[-2000:]
    assert "0 violation" in valid.stderr
    # the installed modules are the wheel's, not the checkout's
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import kg; print(kg.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(ROOT) not in where.stdout
