"""kg.mapping and kg.identity on hand-written extraction records (our own sentences)."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import RDF, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ingest.errors import InputError
from ingest.gazetteer import load_gazetteer
from kg.identity import resolve_name
from kg.mapping import doc_iri, place_iri, quote_at, to_quads, to_rdf
from kg.vocab import KG, ORG

BASE = "https://example.org/kg/"
DATONG = "630121000000"
QINZHOU = "620502000000"


@pytest.fixture(scope="module")
def gz():
    return load_gazetteer()


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# A report about 大通县 (our own text), with offsets into it.
TEXT_A = (
    "大通县扶贫简报。县委组织部选派12个工作队进驻12个贫困村。县扶贫办落实资金300万元用于产业扶贫。"
)


def record_a() -> dict:
    t = TEXT_A
    i_org = t.index("县委组织部")
    i_q1 = t.index("12个工作队")
    i_q2 = t.index("12个贫困村")
    i_cue = t.index("进驻")
    i_fund = t.index("300万元")
    i_ban = t.index("县扶贫办")
    return {
        "doc": "a.txt",
        "sha256": sha(t),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": "大通县", "code": DATONG},
        "meta": {"title": "扶贫简报", "date": "2020-05-06"},
        "entities": [
            {
                "type": "PLACE",
                "text": "大通县",
                "level": "county",
                "code": DATONG,
                "start": 0,
                "end": 3,
                "mentions": [[0, 3]],
            },
            {
                "type": "ORG",
                "text": "县委组织部",
                "org_type": "party_department",
                "collective": False,
                "start": i_org,
                "end": i_org + 5,
                "mentions": [[i_org, i_org + 5]],
            },
            {
                "type": "ORG",
                "text": "县扶贫办",
                "org_type": "government_agency",
                "collective": False,
                "start": i_ban,
                "end": i_ban + 4,
                "mentions": [[i_ban, i_ban + 4]],
            },
            {
                "type": "MONEY",
                "text": "300万元",
                "value": 3000000,
                "approx": False,
                "qualifier": "=",
                "start": i_fund,
                "end": i_fund + 5,
                "mentions": [[i_fund, i_fund + 5]],
            },
        ],
        "quantities": [
            {
                "text": "12个工作队",
                "value": 12,
                "unit": "个",
                "what": "工作队",
                "approx": False,
                "start": i_q1,
                "end": i_q1 + 6,
            },
            {
                "text": "12个贫困村",
                "value": 12,
                "unit": "个",
                "what": "贫困村",
                "approx": False,
                "start": i_q2,
                "end": i_q2 + 6,
            },
        ],
        "links": [
            {
                "rel": "helps",
                "subject": "12个工作队",
                "object": "12个贫困村",
                "cue": "进驻",
                "scope": "大通县",
                "kind": "驻村帮扶",
                "when": "2019年",
                "start": i_cue,
                "end": i_cue + 2,
            },
            {
                "rel": "funds",
                "subject": "300万元",
                "object": "产业扶贫",
                "cue": "用于",
                "scope": "大通县",
                "start": i_fund,
                "end": i_fund + 5,
            },
        ],
    }


TEXT_B = "中共大通回族土族自治县委组织部牵头实施雨露计划。"


def record_b() -> dict:
    return {
        "doc": "b.txt",
        "sha256": sha(TEXT_B),
        "extractor": "bangfu-kg/test",
        "jurisdiction": {"text": "大通回族土族自治县", "code": DATONG},
        "meta": {},
        "entities": [
            {
                "type": "PLACE",
                "text": "大通回族土族自治县",
                "level": "county",
                "code": DATONG,
                "start": 2,
                "end": 11,
                "mentions": [[2, 11]],
            },
            {
                "type": "ORG",
                "text": "中共大通回族土族自治县委组织部",
                "org_type": "party_department",
                "collective": False,
                "start": 0,
                "end": 15,
                "mentions": [[0, 15]],
            },
            {
                "type": "PROGRAM",
                "text": "雨露计划",
                "kind": "plan",
                "start": 19,
                "end": 23,
                "mentions": [[19, 23]],
            },
        ],
        "quantities": [],
        "links": [
            {
                "rel": "implements",
                "subject": "中共大通回族土族自治县委组织部",
                "object": "雨露计划",
                "cue": "实施",
                "scope": "大通回族土族自治县",
                "start": 17,
                "end": 23,
            },
        ],
    }


def graph_of(rec, gz, text=None):
    ds = to_rdf(rec, base=BASE, gz=gz, text=text)
    return ds, ds.graph(doc_iri(rec["sha256"], BASE))


def test_document_node_and_named_graph(gz):
    rec = record_a()
    _, g = graph_of(rec, gz, TEXT_A)
    d = doc_iri(rec["sha256"], BASE)
    assert str(d) == f"{BASE}doc/{rec['sha256']}"
    assert (d, RDF.type, KG.Document) in g
    assert (d, KG.fileName, Literal("a.txt")) in g
    assert (d, DCTERMS.date, Literal("2020-05-06", datatype=XSD.date)) in g
    assert (d, KG.jurisdiction, place_iri(DATONG, BASE)) in g


def test_places_come_from_the_registry_with_the_tree(gz):
    ds, _ = graph_of(record_a(), gz, TEXT_A)
    reg = ds.graph(URIRef(f"{BASE}graph/registry"))
    county = place_iri(DATONG, BASE)
    assert (county, RDF.type, KG.County) in reg
    assert (county, KG.divisionCode, Literal(DATONG)) in reg
    assert (county, SKOS.prefLabel, Literal("大通回族土族自治县", lang="zh")) in reg
    pref = reg.value(county, KG.partOf)
    assert (pref, RDF.type, KG.Prefecture) in reg
    prov_ = reg.value(pref, KG.partOf)
    assert (prov_, RDF.type, KG.Province) in reg
    assert reg.value(prov_, KG.partOf) is None


def test_aggregate_helps_becomes_a_claim_with_counts_scope_quote_and_time(gz):
    rec = record_a()
    _, g = graph_of(rec, gz, TEXT_A)
    claims = list(g.subjects(RDF.type, KG.Claim))
    assert len(claims) == 1
    c = claims[0]
    assert g.value(c, KG.relation) == KG.stationedIn
    assert g.value(c, KG.helperKind) == Literal("工作队", lang="zh")
    assert g.value(c, KG.helperCount) == Literal(12, datatype=XSD.integer)
    assert g.value(c, KG.targetKind) == Literal("贫困村", lang="zh")
    assert g.value(c, KG.targetCount) == Literal(12, datatype=XSD.integer)
    assert g.value(c, KG.scope) == place_iri(DATONG, BASE)
    assert g.value(c, KG.quote) == Literal("县委组织部选派12个工作队进驻12个贫困村。", lang="zh")
    assert g.value(c, PROV.wasDerivedFrom) == doc_iri(rec["sha256"], BASE)
    assert g.value(c, KG.whenText) == Literal("2019年", lang="zh")
    assert g.value(c, DCTERMS.date) == Literal("2019", datatype=XSD.gYear)
    assert g.value(c, KG.extractor) == Literal("bangfu-kg/test")


def test_a_claim_carries_the_cadres_of_its_teams(gz):
    rec = record_a()
    rec["quantities"].append(
        {
            "text": "48名干部",
            "value": 48,
            "unit": "名",
            "what": "干部",
            "approx": False,
            "start": 1,
            "end": 5,
        }
    )
    rec["links"][0]["members"] = "48名干部"
    _, g = graph_of(rec, gz, TEXT_A)
    (c,) = g.subjects(RDF.type, KG.Claim)
    assert g.value(c, KG.memberCount) == Literal(48, datatype=XSD.integer)
    assert g.value(c, KG.memberKind) == Literal("干部", lang="zh")


def test_link_time_falls_back_to_the_document_date(gz):
    rec = record_a()
    _, g = graph_of(rec, gz, TEXT_A)
    st = next(g.subjects(RDF.predicate, KG.purpose))
    assert g.value(st, DCTERMS.date) == Literal("2020-05-06", datatype=XSD.date)


def test_funds_become_a_monetary_amount_with_a_sourced_purpose(gz):
    rec = record_a()
    _, g = graph_of(rec, gz, TEXT_A)
    fund = next(g.subjects(RDF.type, KG.Fund))
    assert g.value(fund, URIRef("https://schema.org/value")) == Literal(
        3000000, datatype=XSD.integer
    )
    assert (fund, KG.purpose, Literal("产业扶贫", lang="zh")) in g
    st = next(g.subjects(RDF.subject, fund))
    assert (st, RDF.type, KG.Statement) in g
    assert g.value(st, RDF.object) == Literal("产业扶贫", lang="zh")
    assert g.value(st, KG.start) == Literal(TEXT_A.index("300万元"), datatype=XSD.integer)
    assert "300万元" in str(g.value(st, KG.quote))


def test_every_amount_is_a_fund_with_its_semantics(gz):
    rec = record_a()
    rec["entities"][3]["cumulative"] = True
    rec["entities"] += [
        {
            "type": "MONEY",
            "text": "80万元",
            "value": 800000,
            "approx": False,
            "qualifier": "=",
            "part_of": "300万元",
            "start": 60,
            "end": 65,
        },
        {
            "type": "MONEY",
            "text": "2000元",
            "value": 2000,
            "approx": False,
            "qualifier": "=",
            "rate": "户均",
            "start": 70,
            "end": 75,
        },
    ]
    _, g = graph_of(rec, gz, TEXT_A)
    by_value = {
        int(g.value(f, URIRef("https://schema.org/value"))): f
        for f in g.subjects(RDF.type, KG.Fund)
    }
    assert set(by_value) == {3000000, 800000, 2000}
    total, part, rate = by_value[3000000], by_value[800000], by_value[2000]
    assert g.value(total, KG.cumulative) == Literal(True)
    assert g.value(part, KG.partOfAmount) == total
    # a rate is a number (SUM/AVG work on it), its basis the text
    assert g.value(rate, KG.rate) == Literal(2000, datatype=XSD.integer)
    assert g.value(rate, KG.rateBasis) == Literal("户均", lang="zh")
    # no link: no purpose, no funds edge (kg gaps reports these)
    assert g.value(part, KG.purpose) is None and g.value(part, KG.funds) is None


def test_asserted_link_has_its_statement_node(gz):
    rec = record_b()
    _, g = graph_of(rec, gz, TEXT_B)
    org = URIRef(f"{BASE}org/{DATONG}/大通回族土族自治县委组织部")
    prog = URIRef(f"{BASE}program/雨露计划")
    assert (org, KG.implements, prog) in g
    st = next(g.subjects(RDF.subject, org))
    assert g.value(st, RDF.predicate) == KG.implements
    assert g.value(st, RDF.object) == prog
    assert g.value(st, KG.quote) == Literal(TEXT_B, lang="zh")
    assert g.value(st, KG.subjectText) == Literal("中共大通回族土族自治县委组织部", lang="zh")


def test_same_office_written_three_ways_is_one_node_with_recorded_decisions(gz):
    a, b = record_a(), record_b()
    _, ga = graph_of(a, gz, TEXT_A)
    _, gb = graph_of(b, gz, TEXT_B)
    org = URIRef(f"{BASE}org/{DATONG}/大通回族土族自治县委组织部")
    assert (org, RDF.type, KG.PartyDepartment) in ga and (org, RDF.type, KG.PartyDepartment) in gb
    assert (org, RDF.type, ORG.Organization) in ga
    for g, form, rule in (
        (ga, "县委组织部", "relative-level"),
        (gb, "中共大通回族土族自治县委组织部", "place-prefix"),
    ):
        m = next(g.subjects(KG.mentionOf, org))
        assert g.value(m, KG.surfaceForm) == Literal(form, lang="zh")
        assert g.value(m, KG.identityRule) == Literal(rule)
        assert DATONG in str(g.value(m, KG.identityEvidence))
        assert (org, SKOS.altLabel, Literal(form, lang="zh")) in g
        assert g.value(org, SKOS.prefLabel) == Literal("大通回族土族自治县委组织部", lang="zh")
    d = resolve_name("大通县委组织部", jurisdiction=DATONG, doc_key="doc-x", gz=gz)
    assert d.key == (DATONG, "大通回族土族自治县委组织部")


def test_relative_names_without_a_jurisdiction_stay_in_their_document(gz):
    rec = record_a()
    rec["jurisdiction"] = {"text": None, "code": None}
    rec["entities"] = [e for e in rec["entities"] if e["type"] != "PLACE"]
    _, g = graph_of(rec, gz, TEXT_A)
    orgs = set(g.subjects(RDF.type, KG.PartyDepartment))
    assert orgs == {URIRef(f"{BASE}org/doc-{rec['sha256'][:16]}/县委组织部")}


def test_identity_rules(gz):
    def r(t, j=DATONG, **kw):
        return resolve_name(t, jurisdiction=j, doc_key="doc-x", gz=gz, **kw)

    assert r("扶贫办").key == r("县扶贫办").key == (DATONG, "大通回族土族自治县扶贫办")
    assert r("县卫健局").name == "大通回族土族自治县卫生健康局"
    assert r("中央").key == ("cn", "中共中央")
    assert r("市委").name == "西宁市委"  # 大通县 is in 西宁市
    assert r("区委", j=QINZHOU).name == "秦州区委"  # a district's own committee
    assert r("市场监管局").rule == "jurisdiction"  # 市场 is not 市
    assert r("各乡镇党委", collective=True).rule == "collective+jurisdiction"
    company = r("青禾农业开发有限公司", org_type="enterprise")
    assert company.name == "青禾农业开发有限公司" and company.anchor.key == DATONG


def test_mapping_is_deterministic(gz):
    q1 = to_quads(record_a(), base=BASE, gz=gz, text=TEXT_A)
    q2 = to_quads(record_a(), base=BASE, gz=gz, text=TEXT_A)
    assert q1 == q2
    assert len(set(q1)) == len(q1)
    assert not any(type(t).__name__ == "BNode" for q in q1 for t in q)


def test_record_without_sha_is_refused():
    rec = record_a()
    del rec["sha256"]
    with pytest.raises(InputError):
        to_quads(rec, base=BASE)


def test_quote_at():
    assert quote_at("甲。乙丙丁。戊", 3, 4) == "乙丙丁。"
    assert quote_at("没有句号的一句", 2, 3) == "没有句号的一句"
    assert quote_at(None, 0, 1) is None


def test_a_level_below_the_jurisdiction_stays_in_its_document(gz):
    d = resolve_name("县政府", jurisdiction="511700000000", doc_key="doc-x", gz=gz)
    assert d.key == ("doc-x", "县政府") and d.rule == "document"
    assert (
        resolve_name("市委", jurisdiction="511700000000", doc_key="doc-x", gz=gz).name == "达州市委"
    )
