"""One convention for every command: exit codes and the `kg: error:` line (README,
"Exit codes"), help text without type labels on flags, bad files named once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import typer

from kg.cli import app
from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
NOWHERE = "/nonexistent/kg-store"


kg = run_kg


def commands() -> set[str]:
    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


# The error path of every command: a bad value or input it must refuse.
ERROR_PATHS: dict[str, list[str]] = {
    "extract": ["extract", "/nonexistent/report.txt"],
    "eval": ["eval", "/nonexistent/pred.jsonl", "/nonexistent"],
    "place": ["place", "火星市"],
    "build": ["build", "/nonexistent/reports", "--store", NOWHERE],
    "query": ["query", "ASK { ?s ?p ?o }", "--store", NOWHERE],
    "export": ["export", "--format", "rdfxml", "--store", NOWHERE],
    "validate": ["validate", "--store", NOWHERE],
    "remove": ["remove", "x.txt", "--store", NOWHERE],
    "coverage": ["coverage", "--scope", "不存在的地方", "--store", NOWHERE],
    "gaps": ["gaps", "--kind", "everything", "--store", NOWHERE],
    "money": ["money", "--by", "nothing", "--store", NOWHERE],
    "demo": ["demo", "--out", "/dev/null/out"],
    "serve": ["serve", "--store", NOWHERE],
    "train": ["train", "--shared", "/nonexistent/shared"],
}


def test_every_command_has_an_error_path_here() -> None:
    assert commands() <= set(ERROR_PATHS), commands() - set(ERROR_PATHS)


def _one_error_line(res: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in res.stderr, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("kg: error: "), res.stderr
    return lines[0]


@pytest.mark.parametrize("name", sorted(ERROR_PATHS))
def test_error_path_is_one_line_and_exit_2(name: str) -> None:
    if name not in commands():
        pytest.skip(f"kg {name} is not registered")
    res = kg(*ERROR_PATHS[name])
    assert res.returncode == 2, (res.returncode, res.stderr)
    _one_error_line(res)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["place", "火星市"], "no unit named '火星市'"),
        (["query"], "Missing argument"),
        (["query", "ASK {}", "--bogus"], "No such option: --bogus"),
        (["extract", "--jobs", "0", "x.txt"], "--jobs"),
        (["nosuchcommand"], "No such command"),
        (["gaps", "--limit", "0"], "--limit"),
        (["train", "--cv", "3", "--lac-below", "1.5"], "--lac-below"),
    ],
)
def test_usage_errors_follow_the_convention(args: list[str], needle: str) -> None:
    res = kg(*args)
    assert res.returncode == 2
    assert needle in _one_error_line(res)


def test_bare_kg_prints_help() -> None:
    res = kg()
    assert res.returncode == 0 and "Usage: kg" in res.stdout and "Commands:" in res.stdout


def test_help_has_no_type_label_on_flags() -> None:
    for name in sorted(commands()):
        res = kg(name, "--help")
        assert res.returncode == 0, name
        assert "<bool>" not in res.stdout, name
        assert "Traceback" not in res.stderr


def test_demo_help_says_it_builds_a_store() -> None:
    res = kg("demo", "--help")
    assert "build" in res.stdout.lower() and "store" in res.stdout


def test_a_bad_file_is_named_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("甲县选派3名干部驻村帮扶2个贫困村。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    res = kg("extract", "--jsonl", "--jobs", "1", str(tmp_path))
    assert res.returncode == 1  # one done, one failed
    assert res.stderr.count("b.txt") == 1, res.stderr
    errors = [ln for ln in res.stderr.splitlines() if "b.txt" in ln]
    assert errors[0].startswith("kg: error: ") and "empty file" in errors[0]


def test_build_of_nothing_creates_no_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    res = kg("build", str(tmp_path / "missing"), "--store", str(store))
    assert res.returncode == 2 and not store.exists()


def test_place_accepts_traditional_script() -> None:
    res = kg("place", "秦州區", "--json")
    assert res.returncode == 0, res.stderr
    assert '"620502000000"' in res.stdout and '"searched": "秦州区"' in res.stdout


def test_place_lists_every_candidate_with_all() -> None:
    import json

    limited = json.loads(kg("place", "新华村", "--json", "--limit", "3").stdout)
    every = json.loads(kg("place", "新华村", "--json", "--all").stdout)
    assert len(limited["matches"]) == 3 < every["total"]
    assert len(every["matches"]) == every["total"]


def test_scope_accepts_traditional_script(gz) -> None:
    from kg.analysis.report import resolve_scope

    assert resolve_scope(gz, "華鎣市") == resolve_scope(gz, "华蓥市") == "511681000000"
    assert resolve_scope(gz, "秦州區") == "620502000000"
    assert resolve_scope(gz, "乾县") == "610424000000"  # a name OpenCC would turn into 干县
