"""The import graph of the packages: layers point down, and no module cycle.

Layers, bottom to top:

1. ``ingest`` — text → records (errors, gazetteer, readers, extraction, scoring);
2. ``kg`` — records → graph → analysis (everything but ``kg.cli``);
3. the interfaces: ``kg.cli`` (and ``python -m kg``) and ``api``, which never import each other
   (``kg serve`` hands uvicorn the app's import string).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "kg", "api")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            out[_module_name(path)] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules imported anywhere in the module (function-level imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                if not is_pkg:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def _layer(module: str) -> int:
    if module.startswith("ingest"):
        return 1
    if module in ("kg.cli", "kg.__main__") or module.startswith("kg.cli."):
        return 3
    if module.startswith("kg"):
        return 2
    return 3  # api


def test_no_upward_import() -> None:
    bad = [
        f"{m} → {t}" for m, targets in _graph().items() for t in targets if _layer(t) > _layer(m)
    ]
    assert not bad, "imports that point up a layer:\n" + "\n".join(sorted(bad))


def test_interfaces_do_not_import_each_other() -> None:
    bad = [
        f"{m} → {t}"
        for m, targets in _graph().items()
        for t in targets
        if _layer(m) == _layer(t) == 3 and m.split(".")[0] != t.split(".")[0]
    ]
    assert not bad, bad


def test_no_import_cycle() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_checker_sees_a_cycle_and_an_upward_edge(tmp_path: Path) -> None:
    """The walk itself works: relative imports and function-level imports count."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("def f():\n    from . import b\n")
    (tmp_path / "pkg" / "b.py").write_text("from pkg.a import f\n")
    known = {"pkg", "pkg.a", "pkg.b"}
    assert _imports("pkg.a", tmp_path / "pkg" / "a.py", known) == {"pkg.b"}
    assert _imports("pkg.b", tmp_path / "pkg" / "b.py", known) == {"pkg.a"}
