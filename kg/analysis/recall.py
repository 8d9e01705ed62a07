"""Who helps which village, checked against gold: the product's first question.

For every gold ``helps`` link whose object is a named township or village
with a division code, is its helper found in the store — as a helper linked
to that place (``kg:helps``, which includes ``kg:stationedIn``) or as the
helper of an aggregate claim about it? A helper is found when one of its
names (label, written forms, the claim's text) contains the gold helper's
text or is contained in it, the rule the scorer uses for link sides.

This reads the store only through SPARQL, the way a researcher would ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.record import GoldRecord, Record
from kg.mapping import place_iri
from kg.store import GraphStore

__all__ = ["WhoHelps", "who_helps", "who_helps_records"]

_HELPERS = """
SELECT DISTINCT ?place ?text ?named WHERE {
  {
    ?h kg:helps ?place .
    { ?h skos:prefLabel ?text } UNION { ?h skos:altLabel ?text }
    BIND(true AS ?named)
  } UNION {
    ?c a kg:Claim ; kg:target ?place ; kg:subjectText ?text .
    VALUES ?rel { kg:helps kg:stationedIn } ?c kg:relation ?rel .
    BIND(false AS ?named)
  }
}
"""
_LEVELS = ("township", "village")


@dataclass
class WhoHelps:
    """How many gold (helper, place) pairs the store answers, and which it misses."""

    found: int = 0
    total: int = 0
    missing: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(document, helper, place, code) of each pair not found."""
    answered: set[str] = field(default_factory=set)
    """Codes of the places with a gold helper found as a named helper linked to them
    (not only as the count of an aggregate claim): the places coverage counts as named."""

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


def _contains(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def who_helps(store: GraphStore, gold: Iterable[GoldRecord], *, base: str) -> WhoHelps:
    """Check every gold helper → named township/village pair against the store."""
    out = WhoHelps()
    cache: dict[str, list[tuple[str, bool]]] = {}
    for rec in gold:
        places: dict[str, tuple[str, str]] = {}  # text → (text, code)
        for e in rec.get("entities", []):
            code_ = e.get("code")
            if e.get("type") == "PLACE" and isinstance(code_, str) and e.get("level") in _LEVELS:
                places[e["text"]] = (e["text"], code_)
        for link in rec.get("links", []):
            place = places.get(str(link.get("object")))
            if link.get("rel") != "helps" or place is None:
                continue
            name, code = place
            if code not in cache:
                from rdflib import URIRef

                res = store.query(_HELPERS, {"place": URIRef(place_iri(code, base))})
                cache[code] = [
                    (str(row[1].value), str(row[2].value) == "true")
                    for row in res.rows
                    if row[1] is not None
                ]
            out.total += 1
            helper = str(link.get("subject") or "")
            hits = [named for text, named in cache[code] if _contains(helper, text)]
            if hits:
                out.found += 1
                if any(hits):
                    out.answered.add(code)
            else:
                out.missing.append((str(rec.get("doc", "")), helper, name, code))
    return out


def who_helps_records(
    records: Iterable[Record], gold: Iterable[GoldRecord], *, base: str
) -> WhoHelps:
    """:func:`who_helps` on a store built in memory from extraction ``records``
    (for cross-validation, where each record comes from models that never saw it)."""
    from ingest.gazetteer import load_gazetteer
    from kg.graph import load_record
    from kg.store import OxigraphStore

    gz = load_gazetteer()
    with OxigraphStore() as store:
        for rec in records:
            load_record(store, rec, base=base, gz=gz)
        return who_helps(store, gold, base=base)
