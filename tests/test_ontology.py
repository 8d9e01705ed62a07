"""ontology/kg.ttl and ontology/shapes.ttl: every term documented, the shapes catch
what they should."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.graph import ONTOLOGY_DIR, validate
from kg.mapping import to_quads
from kg.store import OxigraphStore
from kg.vocab import KG

BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl")


def kg_terms(g: Graph) -> set[URIRef]:
    return {
        s
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }


def test_every_term_has_chinese_and_english_labels_and_a_definition(onto: Graph) -> None:
    terms = kg_terms(onto)
    assert len(terms) > 60
    for t in terms:
        langs = {lbl.language for lbl in onto.objects(t, RDFS.label)}
        assert {"zh", "en"} <= langs, t
        assert onto.value(t, SKOS.definition) is not None, t


def test_required_terms_exist(onto: Graph) -> None:
    classes = {
        "Province",
        "Prefecture",
        "County",
        "Township",
        "Village",
        "PartyCommittee",
        "PartyBranch",
        "GovernmentAgency",
        "WorkTeam",
        "LeadingGroup",
        "Person",
        "Role",
        "Program",
        "Fund",
        "Document",
        "Claim",
    }
    for c in classes:
        assert (KG[c], RDF.type, OWL.Class) in onto, c
    for p in (
        "partOf",
        "divisionCode",
        "helps",
        "stationedIn",
        "leads",
        "responsibleFor",
        "implements",
        "funds",
        "helperKind",
        "helperCount",
        "targetKind",
        "targetCount",
        "relation",
        "scope",
        "quote",
    ):
        assert (KG[p], RDF.type, None) in onto, p
    assert (KG.stationedIn, RDFS.subPropertyOf, KG.helps) in onto
    assert (KG.Fund, RDFS.subClassOf, URIRef("https://schema.org/MonetaryAmount")) in onto


def test_every_mapped_class_and_property_is_in_the_ontology(onto: Graph) -> None:
    text = "甲。县委组织部选派3个工作队进驻3个贫困村。"
    rec = {
        "doc": "t.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "extractor": "t",
        "jurisdiction": {"text": None, "code": None},
        "meta": {},
        "entities": [
            {
                "type": "ORG",
                "text": "县委组织部",
                "org_type": "party_department",
                "collective": False,
                "start": 2,
                "end": 7,
                "mentions": [[2, 7]],
            }
        ],
        "quantities": [
            {"text": "3个工作队", "value": 3, "what": "工作队", "start": 9, "end": 14},
            {"text": "3个贫困村", "value": 3, "what": "贫困村", "start": 16, "end": 21},
        ],
        "links": [
            {
                "rel": "helps",
                "subject": "3个工作队",
                "object": "3个贫困村",
                "cue": "进驻",
                "kind": "驻村帮扶",
                "start": 14,
                "end": 16,
            }
        ],
    }
    terms = kg_terms(onto)
    for _s, p, o, _ in to_quads(rec, base=BASE, text=text):
        if str(p).startswith(str(KG)):
            assert p in terms, p
        if p == RDF.type and str(o).startswith(str(KG)):
            assert o in terms, o


def _store_with(triples: list[tuple]) -> OxigraphStore:
    s = OxigraphStore()
    g = URIRef(BASE + "graph/test")
    s.load([(*t, g) for t in triples])
    return s


def test_shapes_catch_a_broken_tree_and_missing_fields() -> None:
    v = URIRef(BASE + "place/999999999999")
    c = URIRef(BASE + "place/999999000000")
    claim = URIRef(BASE + "claim/x")
    count = URIRef(BASE + "count/x")
    s = _store_with(
        [
            (c, RDF.type, KG.County),
            (c, KG.divisionCode, Literal("999999000000")),
            (c, SKOS.prefLabel, Literal("某县", lang="zh")),
            # a village whose parent is a county, not a township
            (v, RDF.type, KG.Village),
            (v, KG.divisionCode, Literal("999999999999")),
            (v, SKOS.prefLabel, Literal("某村", lang="zh")),
            (v, KG.partOf, c),
            # a claim with no relation, no sides, no source
            (claim, RDF.type, KG.Claim),
            # a count with no value and two kinds
            (count, RDF.type, KG.Count),
            (count, KG.countKind, Literal("贫困村", lang="zh")),
            (count, KG.countKind, Literal("村", lang="zh")),
        ]
    )
    found = validate(s)
    focus = {(x.focus, (x.path or "").rsplit("#", 1)[-1]) for x in found}
    assert (str(v), "partOf") in focus
    assert (str(c), "partOf") in focus  # a county needs a prefecture
    assert (str(claim), "relation") in focus
    assert any(x.focus == str(claim) and "wasDerivedFrom" in (x.path or "") for x in found)
    assert (str(count), "countValue") in focus and (str(count), "countKind") in focus
    assert all(x.severity == "Violation" for x in found)


def test_numbers_are_typed_so_sum_works(onto: Graph) -> None:
    """kg:rate and every property whose range is a number hold numeric literals."""
    text = "甲县为每户贫困户发放户均2000元、人均800元的补贴。"
    money = [("2000元", 2000, "户均"), ("800元", 800, "人均")]
    rec = {
        "doc": "rates.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "extractor": "t",
        "jurisdiction": {"text": None, "code": None},
        "meta": {},
        "entities": [
            {
                "type": "MONEY",
                "text": t,
                "value": v,
                "approx": False,
                "qualifier": "=",
                "rate": r,
                "start": text.index(t),
                "end": text.index(t) + len(t),
            }
            for t, v, r in money
        ],
        "quantities": [],
        "links": [],
    }
    quads = to_quads(rec, base=BASE, text=text)
    numeric = {
        p
        for p, r in onto.subject_objects(RDFS.range)
        if str(r).rsplit("#", 1)[-1] in ("integer", "decimal")
    }
    assert KG.rate in numeric
    for _s, p, o, _g in quads:
        if p in numeric:
            assert isinstance(o, Literal) and isinstance(o.toPython(), (int, float)), (p, o)
    s = OxigraphStore()
    s.load(quads)
    (row,) = s.query(
        "SELECT (SUM(?r) AS ?total) (GROUP_CONCAT(?basis; separator='/') AS ?per) "
        "WHERE { ?f kg:rate ?r ; kg:rateBasis ?basis }"
    ).values()
    assert row["total"] == 2800 and sorted(row["per"].split("/")) == ["人均", "户均"]
    assert validate(s) == []
