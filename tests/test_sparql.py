"""SPARQL as a person writes it first (kg.sparql, `kg query`): default prefixes,
readable errors, text bindings that match @zh labels, hints when nothing matches,
missing query files, whole values in a pipe. On records written for these tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from ingest.errors import InputError
from kg.mapping import to_quads
from kg.sparql import bind_values, empty_hints, read_query, syntax_message
from kg.store import OxigraphStore, QueryError
from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://example.org/kg/"
HUAYING = "511681000000"
QUOTE = "某市选派25个驻村工作队进驻25个贫困村，实现贫困村驻村帮扶全覆盖，这句话写得很长很长。"


def record() -> dict:
    """A report with an aggregate claim (counts) and no named helper link."""
    text = "华蓥市简报。" + QUOTE
    s = text.index("25个驻村工作队")
    o = text.index("25个贫困村")
    return {
        "doc": "claims_only.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": "华蓥市", "code": HUAYING},
        "meta": {},
        "entities": [
            {
                "type": "PLACE",
                "text": "华蓥市",
                "level": "county",
                "code": HUAYING,
                "start": 0,
                "end": 3,
                "mentions": [[0, 3]],
            }
        ],
        "quantities": [
            {"text": "25个驻村工作队", "value": 25, "what": "驻村工作队", "start": s, "end": s + 8},
            {"text": "25个贫困村", "value": 25, "what": "贫困村", "start": o, "end": o + 6},
        ],
        "links": [
            {
                "rel": "helps",
                "subject": "25个驻村工作队",
                "object": "25个贫困村",
                "cue": "进驻",
                "kind": "驻村帮扶",
                "scope": "华蓥市",
                "start": s,
                "end": o + 6,
                "quote": QUOTE,
            }
        ],
    }


@pytest.fixture(scope="module")
def store(gz) -> OxigraphStore:
    s = OxigraphStore()
    s.load(to_quads(record(), base=BASE, gz=gz))
    return s


@pytest.fixture(scope="module")
def store_dir(gz, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sparql") / "store"
    s = OxigraphStore(path)
    s.load(to_quads(record(), base=BASE, gz=gz))
    s.close()
    return path


kg = run_kg


# ------------------------------------------------------------------ prefixes
def test_common_prefixes_need_no_declaration(store: OxigraphStore) -> None:
    rows = store.query("SELECT ?c WHERE { ?c a kg:Claim ; kg:scope ?p . ?p skos:prefLabel ?l }")
    assert len(rows.rows) == 1


def test_a_declared_prefix_wins(store: OxigraphStore) -> None:
    assert not store.query("PREFIX kg: <http://example.org/other#> ASK { ?c a kg:Claim }").boolean


# -------------------------------------------------------------------- errors
def test_unknown_prefix_is_named_without_unicode_ranges(store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as info:
        store.query("SELECT ?s WHERE {\n  ?s foo:bar ?o }")
    msg = str(info.value)
    assert "unknown prefix 'foo:'" in msg and "line 2" in msg
    assert "\\u{" not in msg and "\n" not in msg


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ?o ",
        'SELECT ?s WHERE { ?s <http://x> "a }',
        "SELEC ?s WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s ?p ?o } GROUP ?s",
    ],
)
def test_malformed_sparql_is_one_readable_line(store: OxigraphStore, query: str) -> None:
    with pytest.raises(QueryError) as info:
        store.query(query)
    msg = str(info.value)
    assert msg.count("\n") == 0 and "\\u{" not in msg and "'0' ..=" not in msg
    assert "malformed SPARQL at line 1, column" in msg


def test_syntax_message_of_an_unknown_error_keeps_its_first_line() -> None:
    assert syntax_message("x", "something odd\nmore") == "something odd"


# ------------------------------------------------------------------ bindings
def test_plain_text_binding_matches_a_zh_label(store: OxigraphStore) -> None:
    values = bind_values(store, {"l": "华蓥市", "c": HUAYING, "n": "25", "i": f"<{BASE}x>"})
    assert values["l"] == ox.Literal("华蓥市", language="zh")
    assert values["c"] == ox.Literal(HUAYING)  # a division code is a string
    assert values["n"].datatype.value.endswith("#integer")
    assert values["i"] == ox.NamedNode(f"{BASE}x")
    rows = store.query("SELECT ?p ?l WHERE { ?p skos:prefLabel ?l }", {"l": values["l"]}).rows
    assert [r[0].value for r in rows] == [f"{BASE}place/{HUAYING}"]


def test_explicit_forms_are_taken_as_written(store: OxigraphStore) -> None:
    v = bind_values(store, {"a": '"华蓥市"', "b": '"华蓥市"@zh', "c": '"7"^^<http://x/t>'})
    assert v["a"] == ox.Literal("华蓥市")
    assert v["b"] == ox.Literal("华蓥市", language="zh")
    assert v["c"] == ox.Literal("7", datatype=ox.NamedNode("http://x/t"))


def test_bound_variable_outside_the_select_list_is_explained(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match=r"\?l must be in the SELECT list"):
        store.query("SELECT ?p WHERE { ?p skos:prefLabel ?l }", {"l": "x"})


# --------------------------------------------------------------------- hints
def test_hint_points_to_claims_when_no_named_links(store: OxigraphStore) -> None:
    q = "SELECT ?team ?village WHERE { ?team kg:helps ?village }"
    assert not store.query(q).rows
    (hint,) = empty_hints(store, q)
    assert "no named kg:helps links" in hint.message
    assert "1 aggregate claim" in hint.message and "claims.rq" in hint.message


def test_hint_names_a_misspelt_term(store: OxigraphStore) -> None:
    hints = [h.message for h in empty_hints(store, "SELECT ?v WHERE { ?v a kg:Vilage }")]
    assert hints == ["kg:Vilage is not a term of the ontology (did you mean kg:Village?)"]


def test_hint_on_a_label_written_without_its_tag(store: OxigraphStore) -> None:
    q = 'SELECT ?p WHERE { ?p skos:prefLabel "华蓥市" }'
    assert not store.query(q).rows
    hints = [h.message for h in empty_hints(store, q)]
    assert any('"华蓥市"@zh' in h and "STR(?label)" in h for h in hints)


def test_no_hint_when_nothing_stands_out(store: OxigraphStore) -> None:
    assert empty_hints(store, "SELECT ?s WHERE { ?s kg:quote ?q FILTER(?q = 'nothing') }") == []


# ------------------------------------------------------------------- queries
def test_read_query_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such query file"):
        read_query(str(tmp_path / "nothing.rq"))
    with pytest.raises(InputError, match="no such query file"):
        read_query("nothing.rq")


def test_read_query_file_packaged_name_and_text(tmp_path: Path) -> None:
    f = tmp_path / "mine.rq"
    f.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert read_query(str(f)) == "ASK { ?s ?p ?o }"
    assert "kg:Claim" in read_query("claims.rq")
    assert read_query("kg/queries/claims.rq") == read_query("claims")
    assert read_query("ASK{}") == "ASK{}"


# ----------------------------------------------------------------------- CLI
def test_cli_query_missing_file(store_dir: Path) -> None:
    res = kg("query", "my_query.rq", "--store", str(store_dir))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:")
    assert "my_query.rq" in lines[0] and "no such query file" in lines[0]


def test_cli_query_prints_a_note_when_nothing_matches(store_dir: Path) -> None:
    res = kg("query", "SELECT ?t ?v WHERE { ?t kg:helps ?v }", "--store", str(store_dir))
    assert res.returncode == 0, res.stderr
    assert "0 row(s)" in res.stdout
    assert "kg: note: no named kg:helps links" in res.stderr


def test_cli_bind_label_and_packaged_query(store_dir: Path) -> None:
    res = kg(
        "query",
        "claims.rq",
        "--bind",
        "scopeName=华蓥市",
        "--format",
        "csv",
        "--store",
        str(store_dir),
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("\n") == 2  # header and the one claim


def test_cli_query_in_a_pipe_writes_whole_values(store_dir: Path) -> None:
    q = "SELECT ?claim ?quote ?scope WHERE { ?claim kg:quote ?quote ; kg:scope ?scope }"
    res = kg("query", q, "--store", str(store_dir))
    assert res.returncode == 0, res.stderr
    assert QUOTE in res.stdout and "…" not in res.stdout
    assert f"{BASE}place/{HUAYING}" in res.stdout
