"""kg.protocol: what the read-only endpoint lets run (read by a lexer, not by string search),
and the SPARQL result formats it writes."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
import rdflib

from kg.protocol import QueryRefused, QueryRequest, execute, inspect_query, serialize
from kg.store import OxigraphStore, QueryError


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("PREFIX ex: <http://e/> ask { ex:a ex:b ex:c }", "ask"),
        ("BASE <http://e/> PREFIX : <x#> CONSTRUCT { ?s :p ?o } WHERE { ?s :q ?o }", "construct"),
        ("DESCRIBE <http://e/a>", "describe"),
        # the words appear, but as a literal, an IRI, a comment, a variable or a prefixed name
        ('SELECT ?service WHERE { ?service ?p "SERVICE <http://x/> { }" }', "select"),
        ("SELECT * WHERE { ?s <http://e/INSERT> ?o } # DELETE WHERE { ?s ?p ?o }", "select"),
        ("PREFIX service: <http://e/> SELECT * WHERE { service:load service:drop ?o }", "select"),
        ('SELECT * WHERE { ?s ?p """a\nLOAD <x>\n""" }', "select"),
        ("PREFIX 区: <http://e/> SELECT * WHERE { 区:前坡村 ?p ?o }", "select"),
    ],
)
def test_queries_that_may_run(query: str, form: str) -> None:
    assert inspect_query(query) == form


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
        ("delete where { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("PREFIX ex: <http://e/> CLEAR GRAPH ex:g", "CLEAR"),
        ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "DROP"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_updates_load_and_service_are_refused(query: str, word: str) -> None:
    with pytest.raises(QueryRefused) as exc:
        inspect_query(query)
    assert word in str(exc.value)


@pytest.mark.parametrize("query", ["", "   # only a comment", "PREFIX ex: <http://e/>", "HELLO"])
def test_not_a_query(query: str) -> None:
    with pytest.raises(QueryError):
        inspect_query(query)


def test_a_character_no_token_starts_with() -> None:
    with pytest.raises(QueryError, match="unexpected '`' at 1:10"):
        inspect_query("SELECT * `")


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore()
    g = ox.NamedNode("http://e/g")
    s.raw.extend(
        [
            ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/label"), ox.Literal("前坡村", language="zh"), g),
            ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/n"), ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g),
            ox.Quad(ox.NamedNode("http://e/b"), ox.NamedNode("http://e/label"), ox.Literal('say "hi", ok'), g),
        ]
    )  # fmt: skip
    return s


SELECT = "SELECT ?s ?o WHERE { ?s <http://e/label> ?o } ORDER BY ?s"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_formats_read_back(store: OxigraphStore, fmt: str) -> None:
    body = serialize(store.query(SELECT), fmt)
    if fmt in ("json", "xml"):
        rows = list(rdflib.query.Result.parse(io.BytesIO(body), format=fmt))
        assert [str(r[1]) for r in rows] == ["前坡村", 'say "hi", ok']
        assert rows[0][1].language == "zh"
    elif fmt == "csv":  # plain values (SPARQL 1.1 CSV), quoted where needed
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows == [["s", "o"], ["http://e/a", "前坡村"], ["http://e/b", 'say "hi", ok']]
    else:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
        values = [sol["o"] for sol in parsed]
        assert values == [ox.Literal("前坡村", language="zh"), ox.Literal('say "hi", ok')]


def test_ask_and_graph_formats(store: OxigraphStore) -> None:
    assert json.loads(serialize(store.query("ASK { ?s ?p ?o }"), "json"))["boolean"] is True
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    for fmt, rdf in (("turtle", "turtle"), ("ntriples", "nt"), ("rdfxml", "xml")):
        assert len(rdflib.Graph().parse(data=serialize(graph, fmt), format=rdf)) == 3
    with pytest.raises(QueryError):
        serialize(graph, "csv")


def test_execute_caps_and_restricts_the_dataset(store: OxigraphStore) -> None:
    ans = execute(store, QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json", limit=2))
    assert ans.count == 2 and ans.truncated
    assert ans.media_type == "application/sparql-results+json; charset=utf-8"
    none = execute(
        store,
        QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json", default_graph=("http://e/other",)),
    )
    assert none.count == 0 and not none.truncated
