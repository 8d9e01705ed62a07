"""The SPARQL 1.1 Protocol against a live `kg serve` (one per module), with real clients:
SPARQLWrapper in every result format, and rdflib's SPARQLStore returning the rows `kg query` gives."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HELPS = """PREFIX kg: <https://bangfu-kg.org/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?helper ?name ?village WHERE {
  ?helper kg:helps ?village . ?helper skos:prefLabel ?name
} ORDER BY ?name ?village"""
QUOTES = """PREFIX kg: <https://bangfu-kg.org/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?st ?quote ?start WHERE {
  ?st a kg:Statement ; kg:quote ?quote ; kg:start ?start
} ORDER BY ?start ?st"""
CONSTRUCT = (
    "PREFIX kg: <https://bangfu-kg.org/ns#> CONSTRUCT { ?h kg:helps ?v } WHERE { ?h kg:helps ?v }"
)


def client(server, fmt: str, query: str, method: str | None = None) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method == "post":
        sw.setMethod(POST)
    elif method == "direct":
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)
    return sw


@pytest.mark.parametrize("method", [None, "post", "direct"])
def test_select_json(live_server, method) -> None:
    res = client(live_server, JSON, HELPS, method).query().convert()
    names = [b["name"]["value"] for b in res["results"]["bindings"]]
    # the pairings, and the team and first secretary stationed in 前坡村 (kg:stationedIn is a
    # sub-property of kg:helps; the store holds what that entails)
    assert names == [
        "天水市财政局驻村工作队",
        "张文明",
        "秦州区委组织部",
        "秦州区委组织部",
        "秦州区工商联",
    ]


def test_select_xml_csv_tsv(live_server) -> None:
    xml = client(live_server, XML, HELPS).query().convert()  # a DOM document
    assert len(xml.getElementsByTagName("result")) == 5
    csv_text = client(live_server, CSV, HELPS).query().convert().decode("utf-8")
    lines = csv_text.strip().splitlines()
    assert lines[0] == "helper,name,village" and len(lines) == 6 and "秦州区工商联" in csv_text
    tsv_text = client(live_server, TSV, HELPS).query().convert().decode("utf-8")
    rows = tsv_text.strip().splitlines()
    assert rows[0] == "?helper\t?name\t?village" and '"秦州区工商联"@zh' in tsv_text


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(live_server, fmt) -> None:
    out = client(live_server, fmt, "ASK { ?s ?p ?o }").query().convert()
    if fmt == JSON:
        assert out["boolean"] is True
    else:
        assert out.getElementsByTagName("boolean")[0].firstChild.data == "true"


# SPARQLWrapper reads RDF/XML and JSON-LD into rdflib's ConjunctiveGraph, deprecated in rdflib 7
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", [TURTLE, N3, XML, JSONLD])
def test_construct(live_server, fmt) -> None:
    g = client(live_server, fmt, CONSTRUCT).query().convert()
    if not isinstance(g, rdflib.Graph):  # turtle / n3 come back as bytes
        g = rdflib.Graph().parse(data=g, format="turtle")
    assert len(g) == 5
    assert {str(o) for o in g.objects()} >= {
        "https://bangfu-kg.org/id/place/620502102206",
        "https://bangfu-kg.org/id/place/620502102207",
    }


def _kg_query(store: Path, query: str) -> list[list[str]]:
    res = subprocess.run(
        [sys.executable, "-m", "kg", "query", query, "--format", "json", "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    body = json.loads(res.stdout)
    names = body["head"]["vars"]
    return [[b[v]["value"] if v in b else "" for v in names] for b in body["results"]["bindings"]]


@pytest.mark.parametrize("query", [HELPS, QUOTES])
def test_rdflib_sparqlstore_returns_the_rows_of_kg_query(live_server, service_store, query) -> None:
    g = rdflib.Graph(store=SPARQLStore(live_server.url + "/sparql"))
    rows = [["" if v is None else str(v) for v in row] for row in g.query(query)]
    assert rows == _kg_query(service_store, query)
    assert rows


def _get(url: str, **params: str) -> tuple[int, bytes]:
    full = url + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(full, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_runaway_query_is_stopped_while_others_are_answered(live_server) -> None:
    runaway = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    )
    result: dict[str, object] = {}

    def slow() -> None:
        result["status"], result["body"] = _get(live_server.url + "/sparql", query=runaway)

    t = threading.Thread(target=slow)
    t.start()
    try:
        # answered while the runaway query still runs (it is stopped only after its time limit)
        status, body = _get(live_server.url + "/sparql", query="ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
        status, body = _get(live_server.url + f"/places/{'620502102203'}/helpers")
        assert status == 200 and json.loads(body)["helpers"]
        assert t.is_alive(), "the runaway query ended before the others were answered"
    finally:
        t.join(60)
    assert result["status"] == 503
    err = json.loads(result["body"])  # type: ignore[arg-type]
    assert err["error"] == "query_timeout"
    # the server (and the replaced worker) answers the next query
    status, body = _get(live_server.url + "/sparql", query="ASK { ?s ?p ?o }")
    assert status == 200


def test_refused_over_the_wire(live_server) -> None:
    status, body = _get(live_server.url + "/sparql", query="DELETE WHERE { ?s ?p ?o }")
    assert status == 403 and json.loads(body)["error"] == "refused"
    status, _ = _get(live_server.url + "/sparql", query="ASK { ?s ?p ?o }")
    assert status == 200
