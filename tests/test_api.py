"""Every endpoint of the service and its errors, through FastAPI's TestClient, on a small
store built from two reports written for the tests (tests/service_data.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import ServiceSettings
from kg.settings import DEFAULT_BASE
from tests.service_data import CHUANBEI, JIEKOU, LIUSONG, QIANPO, QINZHOU, TEXT_A, TEXT_B

ROOT = Path(__file__).resolve().parents[1]
ORG = "620502000000/秦州区委组织部"
ORG_IRI = f"{DEFAULT_BASE}org/{ORG}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def settings(store: Path, **kw: object) -> ServiceSettings:
    base = {"store": str(store), "query_timeout": 2.0, "result_cap": 50, "search_villages": False}
    return ServiceSettings(**{**base, **kw})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(service_store: Path):
    with TestClient(create_app(settings(service_store))) as c:
        yield c


def one_error(r, status: int, code: str | None = None) -> dict:
    """The one error shape: status, code, one line of message."""
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"status", "error", "message"}, body
    assert body["status"] == status
    assert "\n" not in body["message"] and body["message"]
    if code:
        assert body["error"] == code, body
    return body


# ------------------------------------------------------------------ places
def test_place_chain_counts_and_coverage_row(client: TestClient) -> None:
    r = client.get(f"/places/{QINZHOU[:6]}")
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["code"] == QINZHOU and p["name"] == "秦州区" and p["level"] == "county"
    assert [u["name"] for u in p["chain"]] == ["甘肃省", "天水市"]
    assert p["counts"]["township"] == 23 and p["counts"]["village_level"] == 467
    cov = p["coverage"]
    assert cov["code"] == QINZHOU
    assert cov["helped_villages"] == 3  # 前坡, 船北, 刘宋
    assert cov["claimed_work_teams"] == 32
    assert p["page"] == f"/ui/places/{QINZHOU}"


def test_village_has_no_coverage_row(client: TestClient) -> None:
    p = client.get(f"/places/{QIANPO}").json()
    assert p["level"] == "village" and p["coverage"] is None
    assert [u["code"] for u in p["chain"]][-1] == JIEKOU


def test_who_helps_a_village_with_sources(client: TestClient) -> None:
    r = client.get(f"/places/{QIANPO}/helpers")
    assert r.status_code == 200, r.text
    body = r.json()
    helpers = {h["label"]: h for h in body["helpers"]}
    assert set(helpers) == {"天水市财政局驻村工作队", "张文明"}
    team = helpers["天水市财政局驻村工作队"]
    assert team["type"] == "WorkTeam" and team["type_label"]["zh"] == "工作队"
    (link,) = team["links"]
    assert link["relation"]["en"] == "stationed in"
    assert link["kind"] == "驻村帮扶" and link["when"] == "2019年3月" and link["date"] == "2019-03"
    src = link["source"]
    assert src["document"]["file"] == "qinzhou_brief.txt"
    assert TEXT_A[src["start"] : src["end"]] in src["quote"]
    assert "天水市财政局驻村工作队进驻藉口镇前坡村" in src["quote"]
    assert team["page"].startswith("/ui/orgs/")
    # every fact carries its provenance
    for h in body["helpers"]:
        for lk in h["links"]:
            s = lk["source"]
            assert s["document"]["id"] and s["quote"] and s["start"] is not None
    # the county's claim covers the village (scope above it)
    (claim,) = body["claims"]
    assert claim["helper_count"] == 32 and claim["target_kind"] == "贫困村"
    assert claim["scope"]["label"] == "秦州区" and claim["source"]["quote"].startswith("全区共选派")


def test_helpers_below_a_county(client: TestClient) -> None:
    body = client.get(f"/places/{QINZHOU}/helpers", params={"below": "true"}).json()
    labels = {h["label"]: len(h["links"]) for h in body["helpers"]}
    assert labels == {
        "秦州区委组织部": 2,
        "天水市财政局驻村工作队": 1,
        "张文明": 1,
        "秦州区工商联": 1,
    }
    only = client.get(f"/places/{QINZHOU}/helpers").json()
    assert only["helpers"] == []  # nobody helps the county itself


def test_place_errors(client: TestClient) -> None:
    one_error(client.get("/places/999999999999"), 404, "unknown_code")
    one_error(client.get("/places/12x"), 400, "bad_input")
    one_error(client.get("/places/1234567/helpers"), 400)


# ----------------------------------------------------------- organisations
def test_org_targets_reverse(client: TestClient) -> None:
    r = client.get(f"/orgs/{quote(ORG)}/targets")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["org"]["label"] == "秦州区委组织部"
    assert body["org"]["anchor"]["code"] == QINZHOU
    targets = {t["code"]: t for t in body["targets"]}
    assert set(targets) == {CHUANBEI, LIUSONG}
    assert targets[LIUSONG]["links"][0]["kind"] == "结对帮扶"
    assert targets[LIUSONG]["links"][0]["source"]["document"]["file"] == "qinzhou_pairing.txt"
    assert TEXT_B.find(targets[LIUSONG]["links"][0]["source"]["quote"]) >= 0


def test_org_detail_people_programmes(client: TestClient) -> None:
    org = client.get(f"/orgs/{quote(ORG)}").json()
    assert org["type"] == "PartyDepartment" and "区委组织部" in org["written_as"]
    assert len(org["documents"]) == 2 and len(org["mentions"]) == 2
    assert {m["identity_rule"] for m in org["mentions"]}  # the identity decision is there
    person = client.get(f"/people/{quote('620502000000/张文明')}").json()
    assert (
        person["label"] == "张文明" and person["links_out"][0]["other"]["label"] == "前坡村民委员会"
    )
    progs = client.get("/programs").json()
    (p,) = progs
    assert p["label"] == "花椒产业提升工程" and p["owners"][0]["label"] == "秦州区农业农村局"
    assert p["owners"][0]["source"]["quote"].startswith("区农业农村局负责实施")
    one = client.get(p["api"]).json()
    assert one["label"] == "花椒产业提升工程"


def test_node_errors(client: TestClient) -> None:
    one_error(client.get("/orgs/620502000000/nobody"), 404, "not_found")
    one_error(client.get(f"/orgs/{quote(ORG)}x/targets"), 404)
    one_error(client.get("/orgs/620502000000/a%20b%3Cc"), 400, "bad_id")
    one_error(client.get("/people/620502000000/nobody"), 404)
    one_error(client.get("/programs/nothing"), 404)


# -------------------------------------------------------------- documents
def test_documents_and_statements(client: TestClient) -> None:
    docs = client.get("/documents").json()
    assert {d["file"] for d in docs} == {"qinzhou_brief.txt", "qinzhou_pairing.txt"}
    brief = next(d for d in docs if d["file"] == "qinzhou_brief.txt")
    assert brief["jurisdiction"]["code"] == QINZHOU and brief["title"] == "秦州区驻村帮扶工作简报"
    d = client.get(f"/documents/{brief['id'][:10]}").json()
    assert len(d["statements"]) == 4 and len(d["claims"]) == 1
    (claim,) = d["claims"]  # a count of teams, not a named helper
    assert claim["helper"] is None and claim["helper_kind"] == "驻村工作队"
    assert claim["scope"]["label"] == "秦州区" and claim["target_count"] == 32
    starts = [s["start"] for s in d["statements"]]
    assert starts == sorted(starts)
    for s in d["statements"]:
        assert TEXT_A[s["start"] : s["end"]] in s["quote"]
    by_name = client.get("/documents/qinzhou_pairing.txt").json()
    assert by_name["file"] == "qinzhou_pairing.txt"
    one_error(client.get("/documents/deadbeefdeadbeef"), 404, "not_found")


# ---------------------------------------------------------- coverage, gaps
def _kg(*args: str) -> str:
    res = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.mark.slow
def test_coverage_and_gaps_are_the_figures_of_the_cli(
    client: TestClient, service_store: Path
) -> None:
    api = client.get("/coverage", params={"scope": "620502", "by": "township"}).json()
    cli = json.loads(
        _kg(
            "coverage",
            "--store",
            str(service_store),
            "--scope",
            "620502",
            "--by",
            "township",
            "--format",
            "json",
        )
    )
    assert api == cli
    gaps_api = client.get("/gaps", params={"scope": "秦州区"}).json()
    gaps_cli = json.loads(
        _kg("gaps", "--store", str(service_store), "--scope", "秦州区", "--format", "json")
    )
    assert gaps_api == gaps_cli and len(gaps_api) > 0


def test_coverage_errors(client: TestClient) -> None:
    one_error(client.get("/coverage", params={"scope": "999999"}), 400, "bad_input")
    one_error(client.get("/coverage", params={"by": "galaxy"}), 422, "invalid_request")
    one_error(client.get("/gaps", params={"kind": "nonsense"}), 400)


# ---------------------------------------------------------------- search
@pytest.mark.parametrize(
    "q",
    ["秦州区", "秦州", "秦州區", "qinzhou", "qin zhou qu", "QinZhouQu", "qin'zhou'qu", "620502"],
)
def test_search_finds_qinzhou(client: TestClient, q: str) -> None:
    r = client.get("/search", params={"q": q})
    assert r.status_code == 200, r.text
    hits = r.json()["results"]
    assert hits[0]["label"] == "秦州区" and hits[0]["kind"] == "place", hits[:3]
    assert hits[0]["id"] == QINZHOU and hits[0]["page"] == f"/ui/places/{QINZHOU}"


def test_search_prefix_substring_and_store_nodes(client: TestClient) -> None:
    def labels(q: str, **kw: str) -> list[str]:
        return [h["label"] for h in client.get("/search", params={"q": q, **kw}).json()["results"]]

    assert "秦州区委组织部" in labels("秦州区委")  # prefix
    assert labels("组织部", kind="org") == ["秦州区委组织部"]  # substring
    assert labels("zhangwenming") == ["张文明"]  # a person, by pinyin
    assert labels("花椒产业", kind="program") == ["花椒产业提升工程"]
    assert "钦州市" in labels("qinzhou")  # the other qinzhou is found too, after ours
    assert labels("xyzxyzq") == []
    one_error(client.get("/search", params={"q": ""}), 422)
    one_error(client.get("/search", params={"q": "a", "kind": "galaxy"}), 422)


# ----------------------------------------------------------------- sparql
SELECT_DOCS = (
    "PREFIX kg: <https://bangfu-kg.org/ns#> "
    "SELECT ?doc ?name WHERE { ?doc a kg:Document ; kg:fileName ?name } ORDER BY ?name"
)
CONSTRUCT_HELPS = (
    "PREFIX kg: <https://bangfu-kg.org/ns#> CONSTRUCT { ?h kg:helps ?v } WHERE { ?h kg:helps ?v }"
)


def test_sparql_get_post_form_post_direct(client: TestClient) -> None:
    a = client.get("/sparql", params={"query": SELECT_DOCS})
    b = client.post("/sparql", data={"query": SELECT_DOCS})
    c = client.post(
        "/sparql",
        content=SELECT_DOCS.encode(),
        headers={"content-type": "application/sparql-query"},
    )
    for r in (a, b, c):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        rows = r.json()["results"]["bindings"]
        assert [x["name"]["value"] for x in rows] == ["qinzhou_brief.txt", "qinzhou_pairing.txt"]
        assert r.headers["x-result-count"] == "2"


@pytest.mark.parametrize(
    ("accept", "fmt", "ctype"),
    [
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        (None, "xml", "application/sparql-results+xml"),
        (None, "csv", "text/csv"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", None, "application/sparql-results+json"),
    ],
)
def test_sparql_select_formats(client: TestClient, accept, fmt, ctype) -> None:
    headers = {"accept": accept} if accept else {}
    params = {"query": SELECT_DOCS, **({"format": fmt} if fmt else {})}
    r = client.get("/sparql", params=params, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(ctype)
    assert "qinzhou_pairing.txt" in r.text
    if ctype == "application/sparql-results+xml":
        res = rdflib.query.Result.parse(io.BytesIO(r.content), format="xml")
        assert len(list(res)) == 2


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "xml"),
    ],
)
def test_sparql_construct_formats(client: TestClient, accept: str, rdf_format) -> None:
    r = client.post("/sparql", data={"query": CONSTRUCT_HELPS}, headers={"accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    if isinstance(rdf_format, str):
        n = len(rdflib.Graph().parse(data=r.content, format=rdf_format))
    else:  # rdflib reads these through its deprecated ConjunctiveGraph; Oxigraph's parser instead
        n = len(set(ox.parse(r.content, format=rdf_format)))
    # 组织部 → 船北, 组织部 → 刘宋, 工商联 → 刘宋, and the two stationed teams (kg:stationedIn
    # is a sub-property of kg:helps; the store holds what that entails)
    assert n == 5


def test_sparql_ask_and_not_acceptable(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert "<boolean>true</boolean>" in r.text
    one_error(
        client.get("/sparql", params={"query": SELECT_DOCS}, headers={"accept": "image/png"}),
        406,
        "not_acceptable",
    )
    one_error(client.get("/sparql", params={"query": CONSTRUCT_HELPS, "format": "csv"}), 406)


def test_sparql_dataset_union_one_document(client: TestClient) -> None:
    docs = {d["file"]: d for d in client.get("/documents").json()}
    q = "PREFIX kg: <https://bangfu-kg.org/ns#> SELECT DISTINCT ?h WHERE { ?h kg:helps ?v }"
    union = client.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    # 组织部 (both reports), 工商联, and the team and first secretary stationed in 前坡村
    # (kg:stationedIn ⊑ kg:helps: the store holds what the ontology entails)
    assert len(union) == 4
    one = client.get("/sparql", params={"query": q, "doc": "qinzhou_brief.txt"}).json()
    assert ORG_IRI in [b["h"]["value"] for b in one["results"]["bindings"]]
    iri = docs["qinzhou_pairing.txt"]["iri"]
    two = client.get("/sparql", params={"query": q, "default-graph-uri": iri}).json()
    assert len(two["results"]["bindings"]) == 2
    one_error(client.get("/sparql", params={"query": q, "default-graph-uri": "not an iri"}), 400)
    one_error(client.get("/sparql", params={"query": q, "doc": "nothing.txt"}), 400)


def test_sparql_result_cap(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-result-truncated"] == "true" and r.headers["x-result-cap"] == "50"
    small = client.get("/sparql", params={"query": SELECT_DOCS})
    assert "x-result-truncated" not in small.headers


def test_sparql_bad_and_refused_queries_leave_the_store_unchanged(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def size() -> str:
        return client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"][
            "value"
        ]

    before = size()
    bad = one_error(
        client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}), 400, "bad_query"
    )
    assert "line 1" in bad["message"]  # the parser's position
    one_error(client.get("/sparql"), 400, "missing_query")
    one_error(
        client.get("/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        403,
        "refused",
    )
    one_error(
        client.post("/sparql", data={"query": "LOAD <http://example.org/x.ttl>"}), 403, "refused"
    )
    one_error(client.post("/sparql", data={"update": "DROP ALL"}), 403, "refused")
    one_error(
        client.post(
            "/sparql",
            content=b"CLEAR ALL",
            headers={"content-type": "application/sparql-update"},
        ),
        403,
    )
    svc = one_error(
        client.get(
            "/sparql",
            params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
        ),
        403,
        "refused",
    )
    assert "SERVICE" in svc["message"]
    one_error(client.post("/sparql", content=b"x", headers={"content-type": "text/plain"}), 415)
    assert size() == before


def test_sparql_timeout_stops_the_query_and_the_server_answers_next(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": RUNAWAY})
    body = one_error(r, 503, "query_timeout")
    assert "2 s" in body["message"]
    ok = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


# ------------------------------------------------------------------ graph
def test_graph_data(client: TestClient) -> None:
    focus = f"{DEFAULT_BASE}place/{QIANPO}"
    r = client.get("/graph/data", params={"focus": focus, "depth": 2})
    assert r.status_code == 200, r.text
    g = r.json()
    assert g["nodes"][0]["id"] == focus and g["nodes"][0]["label"] == "前坡村民委员会"
    labels = {n["label"] for n in g["nodes"]}
    assert {"天水市财政局驻村工作队", "张文明", "藉口镇"} <= labels
    sourced = [e for e in g["edges"] if e["provenance"]]
    assert sourced and all(e["sentence"].startswith("/ui/documents/") for e in sourced)
    assert all(e["provenance"]["quote"] for e in sourced)
    small = client.get("/graph/data", params={"focus": focus, "depth": 2, "limit": 3}).json()
    assert len(small["nodes"]) == 3 and small["truncated"] and small["hidden"] > 0
    # helpers are kept before the tree when the limit bites
    assert {n["kind"] for n in small["nodes"][1:]} <= {"org", "person"}
    places = client.get("/graph/data", params={"focus": focus, "depth": 2, "kinds": "place"}).json()
    assert {n["kind"] for n in places["nodes"]} == {"place"}


def test_graph_of_a_county_walks_the_help_network_first(client: TestClient) -> None:
    """Depth 2 from a county with a tight limit: its offices that help, and the villages they
    help, before its townships and claims (which only fill room left over)."""
    focus = f"{DEFAULT_BASE}place/{QINZHOU}"
    g = client.get("/graph/data", params={"focus": focus, "depth": 2, "limit": 8}).json()
    by_label = {n["label"]: n for n in g["nodes"]}
    assert {"前坡村民委员会", "船北村民委员会", "刘宋村民委员会"} <= set(by_label)
    assert by_label["前坡村民委员会"]["depth"] == 2
    assert "藉口镇" not in by_label and not any(n["kind"] == "claim" for n in g["nodes"])
    assert {n["kind"] for n in g["nodes"][1:] if n["depth"] == 1} <= {"org", "person"}
    places = {n["label"] for n in g["nodes"][1:] if n["kind"] == "place"}
    assert places == {"前坡村民委员会", "船北村民委员会", "刘宋村民委员会"}
    assert [n["depth"] for n in g["nodes"]] == sorted(n["depth"] for n in g["nodes"])
    # with room, the township and the claim come back, at their own depth
    wide = client.get("/graph/data", params={"focus": focus, "depth": 2, "limit": 40}).json()
    depth = {n["label"]: n["depth"] for n in wide["nodes"]}
    assert depth["藉口镇"] == 1 and any(n["kind"] == "claim" for n in wide["nodes"])
    # edges among every kept node are drawn: village → township
    parts = {(e["source"], e["target"]) for e in wide["edges"] if e["label"]["en"] == "part of"}
    assert (f"{DEFAULT_BASE}place/{QIANPO}", f"{DEFAULT_BASE}place/{JIEKOU}") in parts


def test_graph_errors(client: TestClient) -> None:
    focus = f"{DEFAULT_BASE}place/{QIANPO}"
    one_error(client.get("/graph/data", params={"focus": focus, "depth": 99}), 400, "too_deep")
    one_error(client.get("/graph/data", params={"focus": "not an iri"}), 400)
    one_error(client.get("/graph/data", params={"focus": "http://x/a b"}), 400)
    one_error(client.get("/graph/data", params={"focus": f"{DEFAULT_BASE}place/000000000001"}), 404)
    one_error(
        client.get("/graph/data", params={"focus": focus, "kinds": "galaxy"}), 400, "bad_kind"
    )
    one_error(client.get("/graph/data", params={"focus": focus, "depth": 0}), 422)


# ------------------------------------------------------------------ pages
def test_pages_render(client: TestClient) -> None:
    html = {"accept": "text/html"}
    home = client.get("/", headers=html)
    assert home.status_code == 200 and "谁在帮扶" in home.text and "Who helps" in home.text
    r = client.get("/ui/search", params={"q": "秦州区"}, headers=html, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/ui/places/{QINZHOU}"
    r = client.get("/ui/search", params={"q": "qinzhou"}, headers=html)
    assert r.status_code == 200 and f"/ui/places/{QINZHOU}" in r.text and "钦州市" in r.text
    place = client.get(f"/ui/places/{QIANPO}", headers=html).text
    assert "天水市财政局驻村工作队" in place and "/ui/documents/" in place and "#at-" in place
    county = client.get(f"/ui/places/{QINZHOU}", headers=html).text
    assert "藉口镇" in county and 'class="bar-row"' in county
    assert client.get(f"/ui/orgs/{quote(ORG)}", headers=html).status_code == 200
    assert client.get("/ui/people/620502000000/张文明", headers=html).status_code == 200
    docs = client.get("/documents").json()
    doc = client.get(f"/ui/documents/{docs[0]['id']}", headers=html).text
    assert 'id="at-' in doc
    for path in ("/ui/documents", "/ui/coverage", "/ui/programs", "/ui/sparql"):
        assert client.get(path, headers=html).status_code == 200, path
    sparql = client.get("/ui/sparql", headers=html).text
    assert "/static/vendor/yasgui/yasgui.min.js" in sparql and "前坡村民委员会" in sparql
    graph = client.get(
        "/graph", params={"focus": f"{DEFAULT_BASE}place/{QIANPO}", "depth": 2}, headers=html
    ).text
    assert "/static/vis/vis-network.min.js" in graph and "前坡村民委员会" in graph
    more = client.get(
        "/graph",
        params={"focus": f"{DEFAULT_BASE}place/{QIANPO}", "depth": 2, "limit": 3},
        headers=html,
    ).text
    assert 'id="more"' in more and "limit=6" in more
    err = client.get("/ui/places/999999999999", headers=html)
    assert err.status_code == 404 and "text/html" in err.headers["content-type"]


def test_assets_are_served_locally(client: TestClient) -> None:
    for path in (
        "/static/vis/vis-network.min.js",
        "/static/vis/vis-network.css",
        "/static/vendor/yasgui/yasgui.min.js",
        "/static/vendor/yasgui/yasgui.min.css",
        "/static/app.css",
        "/static/graph.js",
    ):
        r = client.get(path)
        assert r.status_code == 200 and len(r.content) > 100, path
    for page in ("/ui/sparql", f"/graph?focus={quote(DEFAULT_BASE + 'place/' + QIANPO)}"):
        text = client.get(page, headers={"accept": "text/html"}).text
        assert "cdn" not in text.lower() and "https://" not in text.split("<main>")[0]


def test_unknown_route_and_openapi(client: TestClient) -> None:
    one_error(client.get("/no/such/thing"), 404, "not_found")
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in (
        "/sparql",
        "/places/{code}",
        "/places/{code}/helpers",
        "/orgs/{org_id}",
        "/orgs/{org_id}/targets",
        "/people/{person_id}",
        "/programs",
        "/documents",
        "/documents/{doc_id}",
        "/coverage",
        "/gaps",
        "/search",
        "/graph",
        "/graph/data",
    ):
        assert p in paths, p
    assert client.get("/docs").status_code == 200


def test_readme_documents_every_endpoint_and_setting(client: TestClient) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spec = client.get("/openapi.json").json()
    for p in spec["paths"]:
        shown = (
            p.replace("{org_id}", "{id}").replace("{person_id}", "{id}").replace("{doc_id}", "{id}")
        )
        shown = shown.replace("{program_id}", "{id}")
        assert f"`{shown}" in readme or f"{shown}`" in readme, f"README does not document {p}"
    for name in ServiceSettings.model_fields:
        if name in ("store", "base", "query_limit"):
            continue
        assert f"KG_{name.upper()}" in readme, f"README does not document KG_{name.upper()}"


# ------------------------------------------------------------------ writes
TOKEN = "s3cret-test-token"


@pytest.fixture
def writer(store_copy: Path):
    with TestClient(create_app(settings(store_copy, token=TOKEN, max_upload_mb=0.05))) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_writes_need_the_token(writer: TestClient, client: TestClient) -> None:
    files = {"file": ("r.txt", "县委组织部帮扶前坡村。".encode(), "text/plain")}
    one_error(writer.post("/documents", files=files), 401, "unauthorized")
    one_error(writer.post("/documents", files=files, headers=auth("wrong")), 403, "forbidden")
    one_error(writer.delete("/documents/qinzhou_brief.txt"), 401)
    one_error(writer.delete("/documents/qinzhou_brief.txt", headers=auth("nope")), 403)
    # a service without a token is read-only
    one_error(client.post("/documents", files=files, headers=auth()), 403, "read_only")
    assert len(writer.get("/documents").json()) == 2


def test_oversized_and_non_report_uploads(writer: TestClient) -> None:
    big = {"file": ("big.txt", ("帮扶" * 40_000).encode(), "text/plain")}
    one_error(writer.post("/documents", files=big, headers=auth()), 413, "too_large")
    binary = {"file": ("x.txt", bytes(range(256)) * 20, "text/plain")}
    one_error(writer.post("/documents", files=binary, headers=auth()), 422, "not_a_report")
    image = {"file": ("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")}
    body = one_error(writer.post("/documents", files=image, headers=auth()), 422)
    assert "unsupported file type" in body["message"]
    assert len(writer.get("/documents").json()) == 2
    assert writer.get("/health").json() == {"status": "ok"}


def test_delete_a_document(writer: TestClient) -> None:
    village = f"<{DEFAULT_BASE}place/{LIUSONG}>"
    q = "PREFIX kg: <https://bangfu-kg.org/ns#> ASK { ?h kg:helps " + village + " }"
    assert writer.get("/sparql", params={"query": q}).json()["boolean"] is True
    r = writer.delete("/documents/qinzhou_pairing.txt", headers=auth())
    assert r.status_code == 200 and len(r.json()["removed"]) == 1
    assert [d["file"] for d in writer.get("/documents").json()] == ["qinzhou_brief.txt"]
    # the query workers see the change, and so does search
    assert writer.get("/sparql", params={"query": q}).json()["boolean"] is False
    assert writer.get("/search", params={"q": "工商联"}).json()["results"] == []
    one_error(writer.delete("/documents/qinzhou_pairing.txt", headers=auth()), 404)


@pytest.mark.slow
def test_upload_extracts_and_loads_one_report(writer: TestClient) -> None:
    text = (
        "秦州区帮扶工作动态\n"
        "2021年4月，天水市林业局派驻工作队进驻秦州区藉口镇放牛村，开展驻村帮扶。"
        "放牛村新建花椒示范园一处。"
    )
    files = {"file": ("fangniu.txt", text.encode("gb18030"), "text/plain")}
    r = writer.post("/documents", files=files, headers=auth())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "loaded" and body["added"] > 0
    assert body["document"]["file"] == "fangniu.txt"
    assert len(writer.get("/documents").json()) == 3
    again = writer.post("/documents", files=files, headers=auth())
    assert again.status_code == 201 and again.json()["status"] == "unchanged"
    q = 'PREFIX kg: <https://bangfu-kg.org/ns#> SELECT ?d WHERE { ?d a kg:Document ; kg:fileName "fangniu.txt" }'
    assert len(writer.get("/sparql", params={"query": q}).json()["results"]["bindings"]) == 1
    # the search index reads the store again: a body of the new report is found
    orgs = writer.get(
        "/sparql",
        params={
            "query": "PREFIX kg: <https://bangfu-kg.org/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            'SELECT ?l WHERE { ?o kg:mentionedIn ?d ; skos:prefLabel ?l . ?d kg:fileName "fangniu.txt" } ORDER BY ?l',
            "doc": "fangniu.txt",
        },
    ).json()["results"]["bindings"]
    assert orgs
    label = orgs[0]["l"]["value"]
    assert any(
        h["label"] == label for h in writer.get("/search", params={"q": label}).json()["results"]
    )


def test_what_lies_under_a_focus_place_is_walked_first() -> None:
    from kg.neighbourhood import _under

    inside = _under(f"{DEFAULT_BASE}place/621122000000", DEFAULT_BASE)  # a county
    assert inside(f"{DEFAULT_BASE}place/621122101201")  # one of its villages
    assert inside(f"{DEFAULT_BASE}org/621122000000/农业农村局")  # one of its offices
    assert not inside(f"{DEFAULT_BASE}place/621123000000")  # the county beside it
    assert not inside(f"{DEFAULT_BASE}org/620000000000/省委党校")  # the province's
    township = _under(f"{DEFAULT_BASE}place/621122101000", DEFAULT_BASE)
    assert township(f"{DEFAULT_BASE}place/621122101201")
    assert not township(f"{DEFAULT_BASE}place/621122102201")
    nothing = _under(f"{DEFAULT_BASE}org/621122000000/农业农村局", DEFAULT_BASE)
    assert not nothing(f"{DEFAULT_BASE}place/621122101201")
