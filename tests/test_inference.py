"""Materialised entailments (kg.inference): what ontology/kg.ttl's sub-property and
sub-class axioms imply is in the store, so a query on kg:helps finds a stationed
team; the analysis and the network export are unchanged by it."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import RDF, RDFS, Graph

from kg import analysis
from kg.graph import ONTOLOGY_DIR, to_networkx
from kg.inference import entailed, most_specific, super_classes, super_properties
from kg.mapping import KG, to_quads
from kg.store import OxigraphStore

BASE = "https://example.org/kg/"
DATONG = "630121000000"
V1, V2 = "630121101200", "630121101201"  # 西关村委会, 上毛佰胜村委会
TEXT = "大通县简报。县交通运输局驻村工作队进驻西关村。县交通运输局驻村工作队结对帮扶上毛佰胜村，又驻村帮扶上毛佰胜村。"


def _span(text: str, start: int = 0) -> tuple[int, int]:
    i = TEXT.index(text, start)
    return i, i + len(text)


def record() -> dict:
    team = "县交通运输局驻村工作队"
    ents = [
        {"type": "PLACE", "text": "大通县", "level": "county", "code": DATONG},
        {"type": "PLACE", "text": "西关村", "level": "village", "code": V1},
        {"type": "PLACE", "text": "上毛佰胜村", "level": "village", "code": V2},
        {"type": "ORG", "text": team, "org_type": "work_team", "collective": False},
    ]
    for e in ents:
        s, t = _span(e["text"])
        e.update(start=s, end=t, mentions=[[s, t]])
    second = TEXT.index("结对")
    links = [
        {"rel": "helps", "subject": team, "object": "西关村", "cue": "进驻", "kind": "驻村帮扶"},
        {
            "rel": "helps",
            "subject": team,
            "object": "上毛佰胜村",
            "cue": "结对帮扶",
            "kind": "结对帮扶",
        },
        {
            "rel": "helps",
            "subject": team,
            "object": "上毛佰胜村",
            "cue": "驻村帮扶",
            "kind": "驻村帮扶",
        },
    ]
    for i, (link, pos) in enumerate(zip(links, (8, second, second + 12), strict=True)):
        link.update(scope=None, start=pos, end=pos + 2 + i)
    return {
        "doc": "stationed.txt",
        "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": "大通县", "code": DATONG},
        "meta": {"date": "2020-05-01"},
        "entities": ents,
        "quantities": [],
        "links": links,
    }


@pytest.fixture(scope="module")
def quads(gz) -> list[tuple]:
    return to_quads(record(), base=BASE, gz=gz, text=TEXT)


@pytest.fixture(scope="module")
def store(quads) -> OxigraphStore:
    s = OxigraphStore()
    s.load(quads)
    return s


def test_hierarchy_comes_from_the_ontology() -> None:
    onto = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    for s, o in onto.subject_objects(RDFS.subPropertyOf):
        assert str(o) in super_properties(str(s))
    for s, o in onto.subject_objects(RDFS.subClassOf):
        assert str(o) in super_classes(str(s))
    assert str(KG.helps) in super_properties(str(KG.stationedIn))
    assert most_specific([str(KG.AdministrativeUnit), str(KG.Village)]) == [str(KG.Village)]


def test_every_entailment_is_in_the_same_graph(quads: list[tuple]) -> None:
    by_graph: dict[str, set[tuple]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(str(g), set()).add((s, p, o))
    for g, triples in by_graph.items():
        missing = set(entailed(triples)) - triples
        assert not missing, (g, sorted(missing)[:3])


def test_a_query_on_helps_finds_the_stationed_team(store: OxigraphStore) -> None:
    q = "SELECT DISTINCT ?v WHERE { ?team a kg:WorkTeam ; kg:helps ?v }"
    got = {r["v"] for r in store.query(q).values()}
    assert got == {f"{BASE}place/{V1}", f"{BASE}place/{V2}"}
    stationed = {r["v"] for r in store.query(q.replace("kg:helps", "kg:stationedIn")).values()}
    assert stationed == got


def test_classes_the_ontology_implies(store: OxigraphStore) -> None:
    assert store.query(f"ASK {{ <{BASE}place/{V1}> a kg:AdministrativeUnit }}").boolean
    assert store.query(
        "ASK { ?s a kg:Statement, rdf:Statement, <http://www.w3.org/ns/prov#Entity> }"
    ).boolean
    assert store.query(
        f'ASK {{ <{BASE}place/{DATONG}> <http://purl.org/dc/terms/identifier> "{DATONG}" }}'
    ).boolean


def test_without_inference_nothing_is_added(gz) -> None:
    plain = to_quads(record(), base=BASE, gz=gz, text=TEXT, infer=False)
    helped = {str(o).rsplit("/", 1)[-1] for _s, p, o, _g in plain if p == KG.helps}
    assert helped == {V2}  # only the asserted 结对帮扶 link
    assert not any(p == RDF.type and o == KG.AdministrativeUnit for _s, p, o, _g in plain)


def test_analysis_counts_each_link_once(store: OxigraphStore, gz) -> None:
    data = analysis.load(store)
    rels = sorted(
        (r["target"].rsplit("/", 1)[-1], r["rel"].rsplit("#", 1)[-1]) for r in data.edges.to_dicts()
    )
    # 西关村: stationed only (its entailed kg:helps is not a second link);
    # 上毛佰胜村: paired (kg:helps asserted by a statement) and stationed
    assert rels == [(V1, "stationedIn"), (V2, "helps"), (V2, "stationedIn")]
    cov = analysis.coverage(data, gz, level="county", scope=DATONG)
    assert cov.row(0, named=True)["helped_villages"] == 2


def test_network_export_keeps_the_specific_link(store: OxigraphStore) -> None:
    G = to_networkx(store)
    team = next(n for n, d in G.nodes(data=True) if d["type"] == "WorkTeam")
    assert set(G[team][f"{BASE}place/{V1}"]) == {"stationedIn"}
    assert G.nodes[f"{BASE}place/{V1}"]["type"] == "Village"
    assert G.nodes[f"{BASE}place/{DATONG}"]["type"] == "County"
