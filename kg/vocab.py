"""The project's namespace and the vocabularies it uses: the one place their IRIs are written.

Generated from ``ontology/kg.ttl`` by ``scripts/gen_vocab.py`` — edit the
ontology and run the script, not this file. ``KG`` is an rdflib
``DefinedNamespace``: a term the ontology does not declare is an error, for
mypy (no such attribute) and at run time (``AttributeError``), instead of a
new predicate in the graph.

>>> KG.helps
rdflib.term.URIRef('https://bangfu-kg.org/ns#helps')
>>> KG.helpz
Traceback (most recent call last):
...
AttributeError: term 'helpz' not in namespace 'https://bangfu-kg.org/ns#'
>>> print(sparql_prefixes("kg", "skos"), end="")
PREFIX kg: <https://bangfu-kg.org/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "DCTERMS",
    "KG",
    "NS",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
    "sparql_prefixes",
]

NS = "https://bangfu-kg.org/ns#"
"""The namespace of the project's terms (fixed; the IRIs of nodes use the setting KG_BASE)."""

SCHEMA = SDO
"""schema.org, as ``https://schema.org/``."""


class KG(DefinedNamespace):
    """The terms of ``ontology/kg.ttl``."""

    _NS = Namespace(NS)
    _fail = True

    AdministrativeUnit: URIRef
    """administrative unit"""
    Province: URIRef
    """province"""
    Prefecture: URIRef
    """prefecture"""
    County: URIRef
    """county"""
    Township: URIRef
    """township"""
    Village: URIRef
    """village"""
    partOf: URIRef
    """part of"""
    divisionCode: URIRef
    """division code"""
    unitKind: URIRef
    """unit kind"""
    PartyCommittee: URIRef
    """party committee"""
    PartyDepartment: URIRef
    """party department"""
    PartyBranch: URIRef
    """party branch"""
    GovernmentAgency: URIRef
    """government agency"""
    WorkTeam: URIRef
    """work team"""
    LeadingGroup: URIRef
    """leading group"""
    Enterprise: URIRef
    """enterprise"""
    Cooperative: URIRef
    """cooperative"""
    SocialOrganization: URIRef
    """social organisation"""
    FinancialInstitution: URIRef
    """financial institution"""
    CollectiveBody: URIRef
    """collective body"""
    anchor: URIRef
    """anchoring place"""
    orgType: URIRef
    """organisation type"""
    Person: URIRef
    """person"""
    Role: URIRef
    """role"""
    personRole: URIRef
    """person's role"""
    Program: URIRef
    """programme"""
    programKind: URIRef
    """programme kind"""
    Task: URIRef
    """task"""
    Fund: URIRef
    """fund"""
    approximate: URIRef
    """approximate"""
    qualifier: URIRef
    """qualifier"""
    cumulative: URIRef
    """cumulative"""
    rate: URIRef
    """rate"""
    rateBasis: URIRef
    """rate basis"""
    partOfAmount: URIRef
    """part of amount"""
    purpose: URIRef
    """purpose"""
    Document: URIRef
    """document"""
    sha256: URIRef
    """SHA-256 digest"""
    fileName: URIRef
    """file name"""
    jurisdiction: URIRef
    """jurisdiction"""
    extractor: URIRef
    """extractor version"""
    mentionedIn: URIRef
    """mentioned in"""
    helps: URIRef
    """helps"""
    stationedIn: URIRef
    """stationed in"""
    leads: URIRef
    """leads"""
    responsibleFor: URIRef
    """responsible for"""
    implements: URIRef
    """implements"""
    funds: URIRef
    """funds"""
    helpKind: URIRef
    """kind of help"""
    Claim: URIRef
    """aggregate claim"""
    relation: URIRef
    """relation"""
    helper: URIRef
    """helper"""
    helperKind: URIRef
    """helper kind"""
    helperCount: URIRef
    """helper count"""
    target: URIRef
    """target"""
    targetKind: URIRef
    """target kind"""
    targetCount: URIRef
    """target count"""
    memberCount: URIRef
    """member count"""
    memberKind: URIRef
    """member kind"""
    unresolvedPlace: URIRef
    """unresolved place"""
    Count: URIRef
    """count"""
    countKind: URIRef
    """counted kind"""
    countValue: URIRef
    """count value"""
    scope: URIRef
    """scope"""
    Statement: URIRef
    """sourced statement"""
    end: URIRef
    """end offset"""
    quote: URIRef
    """quote"""
    Mention: URIRef
    """mention and identity decision"""
    mentionOf: URIRef
    """mention of"""
    surfaceForm: URIRef
    """surface form"""
    identityRule: URIRef
    """identity rule"""
    identityEvidence: URIRef
    """identity evidence"""
    mentionCount: URIRef
    """mention count"""
    start: URIRef
    """start offset"""
    cue: URIRef
    """cue"""
    subjectText: URIRef
    """subject as written"""
    objectText: URIRef
    """object as written"""
    whenText: URIRef
    """time as written"""
    inferred: URIRef
    """inferred"""


PREFIXES: dict[str, str] = {
    "kg": NS,
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}
"""The prefixes of the project's RDF (Turtle output, SPARQL written in Python)."""


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the named prefixes (all of :data:`PREFIXES` without names)."""
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in names or PREFIXES)
