"""The CLI's structure: one error handler for every command, stores opened with
``with``, logging configured only in the CLI and ``--verbose`` showing the stage
boundaries (files read, components timed, quads loaded)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT, run_kg

CLI = ROOT / "kg" / "cli"
SENTENCE = "甲县县委组织部选派5名干部驻村帮扶3个贫困村。\n"


kg = run_kg


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Tuple):
        return {n for e in node.elts for n in _names(e)}
    if isinstance(node, ast.Attribute):
        return {node.attr}
    return {node.id} if isinstance(node, ast.Name) else set()


def _translates(handler: ast.ExceptHandler) -> bool:
    """A handler that only raises a clearer error in place of the one it caught
    (``raise fail(...) from exc``) leaves the reporting to the one handler."""
    last = handler.body[-1]
    return isinstance(last, ast.Raise) and isinstance(last.exc, ast.Call)


def test_commands_leave_errors_to_the_one_handler() -> None:
    caught = [
        f"{p.name}:{h.lineno}"
        for p in sorted(CLI.glob("*.py"))
        if p.name != "_app.py"
        for h in ast.walk(_tree(p))
        if isinstance(h, ast.ExceptHandler)
        and _names(h.type) & {"KGError", "OSError"}
        and not _translates(h)
    ]
    assert not caught, caught
    group = next(
        c
        for c in ast.walk(_tree(CLI / "_app.py"))
        if isinstance(c, ast.ClassDef) and c.name == "_Group"
    )  # the one handler: what a command lets through
    handlers = [
        h
        for h in ast.walk(group)
        if isinstance(h, ast.ExceptHandler) and "KGError" in _names(h.type)
    ]
    assert len(handlers) == 1


def test_commands_open_stores_with_with() -> None:
    bare = []
    for p in sorted(CLI.glob("*.py")):
        tree = _tree(p)
        in_with = {
            id(item.context_expr)
            for w in ast.walk(tree)
            if isinstance(w, ast.With)
            for item in w.items
        }
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and "open_store" in _names(call.func)
                and id(call) not in in_with
                and p.name != "_common.py"  # the helper itself returns the store
            ):
                bare.append(f"{p.name}:{call.lineno}")
    assert not bare, bare


def test_logging_is_configured_only_in_the_cli() -> None:
    configured = []
    for pkg in ("ingest", "kg", "api"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            rel = p.relative_to(ROOT).as_posix()
            for call in ast.walk(_tree(p)):
                if isinstance(call, ast.Call) and _names(call.func) & {"basicConfig", "dictConfig"}:
                    configured.append(rel)
    # the registry builder is a command of its own (python -m ingest.gazetteer.build)
    assert sorted(set(configured)) == ["ingest/gazetteer/build.py", "kg/cli/_app.py"]


def test_verbose_logs_the_stage_boundaries(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SENTENCE * 3, encoding="utf-8")
    store = tmp_path / "store"
    res = kg("--verbose", "build", str(corpus), "--store", str(store), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    log = res.stderr
    assert "INFO ingest.gazetteer.registry: division registry:" in log
    assert "INFO kg.graph: build: 1 file(s), 1 to extract" in log
    read = next(
        line for line in log.splitlines() if "INFO ingest.pipeline: " in line and "a.txt" in line
    )
    assert "read txt" in read and "segment" in read
    for component in ("kg_places", "kg_orgs", "kg_links"):  # each component timed
        assert f"{component} " in read
    assert any(
        "INFO kg.graph: a.txt: loaded" in line and "quads" in line for line in log.splitlines()
    )

    quiet = kg("build", str(corpus), "--store", str(store))
    assert quiet.returncode == 0
    assert "INFO" not in quiet.stderr  # unchanged file, nothing logged without --verbose
    assert "unchanged 1" in quiet.stderr

    res = kg("-v", "coverage", "--store", str(store), "--table", "units", "--format", "json")
    assert res.returncode == 0, res.stderr
    assert "INFO kg.analysis.data: table edges:" in res.stderr


def test_errors_of_every_kind_of_command_take_the_one_line(tmp_path: Path) -> None:
    missing = str(tmp_path / "none")
    for args in (
        ("remove", "a.txt", "--store", missing),
        ("query", "SELECT * WHERE { ?s ?p ?o }", "--store", missing),
        ("export", "--store", missing),
        ("validate", "--store", missing),
        ("coverage", "--store", missing),
        ("gaps", "--store", missing),
        ("serve", "--store", missing),
        ("eval", str(tmp_path / "none.jsonl"), str(tmp_path)),
    ):
        res = kg(*args)
        assert res.returncode == 2, (args, res.stderr)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kg: error:"), (args, res.stderr)
        assert "Traceback" not in res.stderr
