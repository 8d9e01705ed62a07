"""Namespace terms come from one vocabulary module (kg/vocab.py), checked against
ontology/kg.ttl: a term the ontology does not declare fails here instead of
minting a predicate, and the namespace IRIs are written nowhere else in the code."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from kg import vocab
from tests.conftest import ROOT

ONTOLOGY = ROOT / "ontology"
# the code: packages, benchmarks, scripts, the sample-corpus generator
CODE_DIRS = ("ingest", "kg", "api", "bench", "scripts", "examples")
# the vocabulary module and the template it is generated from
VOCAB_SOURCES = {ROOT / "kg" / "vocab.py", ROOT / "scripts" / "gen_vocab.py"}
KG_TERM = re.compile(r"(?<![\w/#:-])kg:([A-Za-z_]\w*)")


@pytest.fixture(scope="module")
def declared() -> set[str]:
    """Local names of the kg: terms kg.ttl declares (subjects with an rdf:type)."""
    g = Graph().parse(ONTOLOGY / "kg.ttl")
    assert str(dict(g.namespaces())["kg"]) == vocab.NS
    return {
        str(s)[len(vocab.NS) :]
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(vocab.NS) and str(s) != vocab.NS
    }


def code_files() -> list[Path]:
    return [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]


def test_vocab_module_is_what_the_ontology_gives() -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_vocab.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_vocab_declares_exactly_the_ontology_terms(declared: set[str]) -> None:
    names = {n for n in vocab.KG.__annotations__ if not n.startswith("_")}
    assert names == declared
    assert vocab.KG.helps == URIRef(vocab.NS + "helps")
    with pytest.raises(AttributeError):
        vocab.KG.helpz  # noqa: B018  (a typo is an error, not a new predicate)


def _uses_in_python(path: Path) -> list[tuple[int, str]]:
    """(line, term) for ``KG.term``, ``KG["term"]`` and ``kg:term`` inside strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "KG" and not node.attr.startswith("_"):
                out.append((node.lineno, node.attr))
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "KG"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            out.append((node.lineno, node.slice.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out += [(node.lineno, m.group(1)) for m in KG_TERM.finditer(node.value)]
    return out


def test_every_term_the_code_uses_is_declared(declared: set[str]) -> None:
    unknown = []
    for path in code_files():
        if path in VOCAB_SOURCES:
            continue
        for line, term in _uses_in_python(path):
            if term not in declared:
                unknown.append(f"{path.relative_to(ROOT)}:{line}: kg:{term}")
    assert not unknown, unknown


def test_every_term_the_queries_shapes_notebooks_and_docs_use_is_declared(
    declared: set[str],
) -> None:
    texts: dict[Path, str] = {}
    for pattern in ("kg/queries/**/*.rq", "ontology/shapes.ttl", "*.md", "docs/*.md"):
        for p in sorted(ROOT.glob(pattern)):
            texts[p] = p.read_text(encoding="utf-8")
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts[nb] = "\n".join("".join(c["source"]) for c in cells)
    for md in sorted(ONTOLOGY.glob("*.md")):
        texts[md] = md.read_text(encoding="utf-8")
    assert any(p.suffix == ".rq" for p in texts)
    unknown = [
        f"{p.relative_to(ROOT)}: kg:{m.group(1)}"
        for p, text in texts.items()
        for m in KG_TERM.finditer(text)
        if m.group(1) not in declared
    ]
    assert not unknown, unknown


def test_queries_declare_the_vocab_namespaces() -> None:
    """A .rq file is SPARQL a user may run anywhere, so it declares its prefixes;
    each declaration must be the vocabulary's, letter for letter."""
    decl = re.compile(r"PREFIX\s+(\w*):\s*<([^>]*)>", re.IGNORECASE)
    wrong = []
    for p in sorted((ROOT / "kg" / "queries").rglob("*.rq")):
        for prefix, iri in decl.findall(p.read_text(encoding="utf-8")):
            if vocab.PREFIXES.get(prefix) != iri:
                wrong.append(f"{p.relative_to(ROOT)}: {prefix}: <{iri}>")
    assert not wrong, wrong


def test_namespace_iris_are_written_only_in_the_vocab_module() -> None:
    """The code takes every namespace IRI of the project's RDF from kg.vocab. (Tests
    and the notebooks play a client that writes its SPARQL by hand, so they may.)"""
    spelled = re.compile("|".join(re.escape(ns) for ns in vocab.PREFIXES.values()))
    found = [
        f"{p.relative_to(ROOT)}:{i}: {m.group(0)}"
        for p in code_files()
        if p not in VOCAB_SOURCES
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if (m := spelled.search(line))
    ]
    assert not found, found


def test_the_checks_catch_a_typo(tmp_path: Path, declared: set[str]) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'from kg.vocab import KG\nQ = "SELECT ?h WHERE { ?h kg:helpz ?v }"\nP = KG.stationedAt\n',
        encoding="utf-8",
    )
    terms = {t for _, t in _uses_in_python(bad)}
    assert terms == {"helpz", "stationedAt"}
    assert not terms & declared
    assert not KG_TERM.search("kg: error: no store")  # the CLI's error prefix is no term
