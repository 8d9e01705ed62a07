"""The sub-property and sub-class entailments the ontology declares, materialised.

``ontology/kg.ttl`` declares ``kg:stationedIn rdfs:subPropertyOf kg:helps``,
``kg:Village rdfs:subClassOf kg:AdministrativeUnit`` and so on. The mapper adds
what follows from them (RDFS rules 7 and 9) next to what it asserts, in the
same document graph, so every SPARQL client of the store — ``kg query``, the
analysis, the HTTP endpoint, any other tool reading an export — finds a
stationed team with a query on ``kg:helps`` and a village with a query on
``kg:AdministrativeUnit``, without an inference engine.

The hierarchy is read from the packaged ``kg.ttl`` (never listed by hand):

>>> from kg.vocab import KG
>>> str(KG.helps) in super_properties(str(KG.stationedIn))
True
>>> sorted(t.rsplit("#", 1)[-1] for t in most_specific([str(KG.Village), str(KG.AdministrativeUnit)]))
['Village']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef

from kg.vocab import NS

__all__ = [
    "entailed",
    "most_specific",
    "ontology_terms",
    "sub_properties",
    "super_classes",
    "super_properties",
]

KG_NS = NS


@cache
def _ontology() -> Graph:
    return Graph().parse(str(files("kg.ontology") / "kg.ttl"), format="turtle")


def _closure(relation: URIRef) -> dict[str, frozenset[str]]:
    """Every term's strict ancestors along ``relation`` (transitive)."""
    g = _ontology()
    direct: dict[str, set[str]] = {}
    for s, o in g.subject_objects(relation):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o:
            direct.setdefault(str(s), set()).add(str(o))
    out: dict[str, frozenset[str]] = {}
    for term in direct:
        seen: set[str] = set()
        todo = list(direct[term])
        while todo:
            t = todo.pop()
            if t not in seen and t != term:
                seen.add(t)
                todo.extend(direct.get(t, ()))
        out[term] = frozenset(seen)
    return out


@cache
def _super_properties() -> dict[str, frozenset[str]]:
    return _closure(RDFS.subPropertyOf)


@cache
def _super_classes() -> dict[str, frozenset[str]]:
    return _closure(RDFS.subClassOf)


def super_properties(prop: str) -> frozenset[str]:
    """The properties ``prop`` is a (transitive, strict) sub-property of."""
    return _super_properties().get(str(prop), frozenset())


def super_classes(cls: str) -> frozenset[str]:
    """The classes ``cls`` is a (transitive, strict) sub-class of."""
    return _super_classes().get(str(cls), frozenset())


def sub_properties(prop: str) -> frozenset[str]:
    """The properties declared (transitively) below ``prop``."""
    p = str(prop)
    return frozenset(s for s, sups in _super_properties().items() if p in sups)


@cache
def ontology_terms() -> frozenset[str]:
    """Local names of the ``kg:`` terms the ontology declares."""
    g = _ontology()
    return frozenset(
        str(s)[len(KG_NS) :]
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(KG_NS)
    )


def entailed(triples: Iterable[tuple[Any, Any, Any]]) -> Iterator[tuple[Any, Any, Any]]:
    """The triples the ontology's sub-property and sub-class axioms add to ``triples``.

    ``s p o`` with ``p ⊑ q`` gives ``s q o``; ``s rdf:type C`` with ``C ⊑ D``
    gives ``s rdf:type D``. Terms are rdflib terms; triples already given are
    yielded again only if entailed (the caller removes duplicates).
    """
    props, classes = _super_properties(), _super_classes()
    rdf_type = str(RDF.type)
    for s, p, o in triples:
        for q in props.get(str(p), ()):
            yield s, URIRef(q), o
        if str(p) == rdf_type:
            for d in classes.get(str(o), ()):
                yield s, RDF.type, URIRef(d)


def most_specific(types: Iterable[str]) -> list[str]:
    """The classes of ``types`` that no other class of ``types`` is a sub-class of.

    A village typed ``kg:Village`` and (entailed) ``kg:AdministrativeUnit`` is a
    ``kg:Village``. Order is kept.
    """
    ts = list(dict.fromkeys(str(t) for t in types))
    above: set[str] = set()
    for t in ts:
        above |= super_classes(t)
    return [t for t in ts if t not in above]
