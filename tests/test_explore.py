"""kg.explore's index lookups against the SPARQL they stand for, and the order of its answers.

:func:`kg.explore.place_helpers` reads the nodes around a place by index
lookups (``GraphStore.quads_for_pattern``); the queries in
``kg/queries/explore/`` (anchored, helpers, place_claims, types) say what
they must find. Here both run on the service test store and on a store
written below, and must give the same rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ingest.gazetteer import load_gazetteer
from kg import explore
from kg.mapping import place_iri
from kg.settings import DEFAULT_BASE
from kg.store import GraphStore, OxigraphStore, open_store
from kg.vocab import DCTERMS, KG, PROV, RDF, SKOS
from tests.service_data import QIANPO, QINZHOU


def _by_sparql(store: GraphStore, gz: Any, code: str) -> dict[str, Any]:
    """Rows of a place's helpers, their classes and its claims, by the .rq queries."""
    place = explore.place_summary(gz, code, base=DEFAULT_BASE)
    iri = place["iri"]
    targets = [iri, *(r["target"] for r in explore._rows(store, "anchored", place=iri))]
    rows = explore._pivot(explore._rows(store, "helpers", target=targets), "st")
    helpers = sorted({r["helper"] for r in rows if "helper" in r})
    types: dict[str, set[str]] = {}
    if helpers:
        for r in explore._rows(store, "types", node=helpers):
            types.setdefault(r["node"], set()).add(r["type"])
    within = " ".join(
        str(ox.NamedNode(str(place_iri(u["code"], DEFAULT_BASE)))) for u in [place, *place["chain"]]
    )
    text = explore.bind_values(
        explore.query_text("place_claims").replace("$WITHIN", within), place=iri
    )
    claims = explore._pivot(store.query(text).values(), "claim")
    return {
        "statements": {r["st"]: r for r in rows},
        "types": types,
        "claims": {r["claim"]: r for r in claims},
    }


def _by_lookup(store: GraphStore, gz: Any, code: str) -> dict[str, Any]:
    place = explore.place_summary(gz, code, base=DEFAULT_BASE)
    node = ox.NamedNode(place["iri"])
    sts = explore._help_statements(store, [node, *explore._anchored(store, node)])
    rows = explore._node_rows(store, sts, "st")
    within = [
        ox.NamedNode(str(place_iri(u["code"], DEFAULT_BASE))) for u in [place, *place["chain"]]
    ]
    claims = explore._node_rows(store, explore._place_claims(store, node, within), "claim")
    return {
        "statements": {r["st"]: r for r in rows},
        "types": dict(explore._types(store, [r["helper"] for r in rows if "helper" in r])),
        "claims": {r["claim"]: r for r in claims},
    }


def _codes(store: GraphStore) -> list[str]:
    """Every division code the store holds a node for."""
    code = ox.NamedNode(str(KG.divisionCode))
    return sorted({q.object.value for q in store.quads_for_pattern(None, code, None)})


def check_store(path: str | Path) -> tuple[int, int]:
    """Lookups and queries agree for every place of the store at ``path``:
    (places with helpers, places with claims). Also run by hand on larger stores."""
    gz = load_gazetteer()
    helped = claimed = 0
    with open_store(path, read_only=True, create=False) as store:
        for code in _codes(store):
            if gz.get(code) is None:
                continue
            want, got = _by_sparql(store, gz, code), _by_lookup(store, gz, code)
            assert got == want, code
            helped += bool(want["statements"])
            claimed += bool(want["claims"])
    return helped, claimed


def test_lookups_find_what_the_queries_find(service_store: Path) -> None:
    helped, claimed = check_store(service_store)
    assert helped >= 3 and claimed >= 1  # villages of both reports, the county's claim


def test_helpers_of_a_village_by_lookup(service_store: Path) -> None:
    gz = load_gazetteer()
    with open_store(service_store, read_only=True, create=False) as store:
        got = explore.place_helpers(store, gz, QIANPO, base=DEFAULT_BASE)
        county = explore.place_helpers(store, gz, QINZHOU, base=DEFAULT_BASE)
    assert {h["label"] for h in got["helpers"]} == {"天水市财政局驻村工作队", "张文明"}
    assert all(link["source"]["quote"] for h in got["helpers"] for link in h["links"])
    assert county["claims"] and got["claims"] == county["claims"]  # the county's claim covers it


# ------------------------------------------------------------- order of ties
B = DEFAULT_BASE
VILLAGE = "620502102203"


def _tie_store() -> OxigraphStore:
    """Three statements about one village from one sentence (same start), written here,
    and the same helper label in two graphs."""
    N, L = ox.NamedNode, ox.Literal
    store = OxigraphStore()
    doc = N(f"{B}doc/{'a' * 64}")
    village = N(str(place_iri(VILLAGE, B)))
    quads = [
        ox.Quad(doc, N(str(KG.fileName)), L("report.txt"), doc),
        ox.Quad(doc, N(str(DCTERMS.title)), L("简报"), doc),
        ox.Quad(village, N(str(KG.divisionCode)), L(VILLAGE), doc),
        ox.Quad(village, N(str(SKOS.prefLabel)), L("前坡村", language="zh"), doc),
    ]
    integer = N("http://www.w3.org/2001/XMLSchema#integer")
    for i, (helper, end, rel) in enumerate(
        [("甲工作队", 30, KG.helps), ("乙工作队", 20, KG.stationedIn), ("甲工作队", 20, KG.helps)]
    ):
        h = N(f"{B}org/620502000000/{helper}")
        st = N(f"{B}stmt/{'a' * 16}/{i:016x}")
        for g in (doc, N(f"{B}graph/extra")):
            quads.append(ox.Quad(h, N(str(SKOS.prefLabel)), L(helper, language="zh"), g))
        quads += [
            ox.Quad(h, N(str(RDF.type)), N(str(KG.WorkTeam)), doc),
            ox.Quad(st, N(str(RDF.type)), N(str(KG.Statement)), doc),
            ox.Quad(st, N(str(RDF.subject)), h, doc),
            ox.Quad(st, N(str(RDF.predicate)), N(str(rel)), doc),
            ox.Quad(st, N(str(RDF.object)), village, doc),
            ox.Quad(st, N(str(PROV.wasDerivedFrom)), doc, doc),
            ox.Quad(st, N(str(KG.quote)), L("甲工作队和乙工作队进驻前坡村。"), doc),
            ox.Quad(st, N(str(KG.start)), L("10", datatype=integer), doc),
            ox.Quad(st, N(str(KG.end)), L(str(end), datatype=integer), doc),
        ]
    store.raw.extend(quads)
    return store


def test_ties_of_one_sentence_are_ordered_by_end_and_iri() -> None:
    store = _tie_store()
    gz = load_gazetteer()
    got = explore.place_helpers(store, gz, VILLAGE, base=B)
    assert [h["label"] for h in got["helpers"]] == ["甲工作队", "乙工作队"]  # more links first
    ends = [link["source"]["end"] for link in got["helpers"][0]["links"]]
    assert ends == [20, 30]
    link = got["helpers"][0]["links"][0]
    assert link["source"]["document"]["file"] == "report.txt"
    assert link["source"]["document"]["title"] == "简报"
    assert link["target"]["label"] == "前坡村"
    assert _by_lookup(store, gz, VILLAGE) == _by_sparql(store, gz, VILLAGE)
