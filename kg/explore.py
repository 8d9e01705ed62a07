"""Questions an explorer asks of the graph, answered with every fact's source.

Plain functions over a :class:`kg.store.GraphStore` (and the division
registry for places), returning plain data (dicts and lists) that the API
serves as JSON and the pages render. Every fact carries its provenance in one
shape (:func:`source`): the document (sha256, IRI, file name, title), the
quote, and the character span in the original text.

- :func:`place_helpers` — who helps this place (named links, with the kind of
  help, the time, the sentence) and the aggregate claims that cover it;
- :func:`org_targets` — the reverse: whom an organisation or person helps;
- :func:`node_detail` — an organisation, person or programme: names, classes,
  anchoring place, how each document writes it, its links both ways, claims;
- :func:`place_summary`, :func:`place_coverage` — a registry unit with its
  chain and counts, and its coverage row (and its townships' or villages');
- :func:`documents`, :func:`document_detail`, :func:`programs`.

The SPARQL lives in ``kg/queries/explore/``; values are bound, never pasted.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from importlib.resources import files
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pyoxigraph as ox

from ingest.errors import InputError
from kg.analysis.claims import HELP_RELATIONS
from kg.analysis.projections import short_type
from kg.mapping import place_iri
from kg.store import GraphStore, py_value
from kg.vocab import DCTERMS, KG, NS, PROV, RDF, RDFS, SKOS

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer, Unit
    from kg.analysis.data import AnalysisData

__all__ = [
    "HELP_RELATIONS",
    "NODE_KINDS",
    "bind_values",
    "document_detail",
    "documents",
    "example_queries",
    "examples",
    "find_document",
    "iri_kind",
    "label_of",
    "node_detail",
    "org_targets",
    "place_coverage",
    "place_helpers",
    "place_summary",
    "programs",
    "query_text",
    "source",
    "vocabulary_labels",
]

NODE_KINDS = ("place", "org", "person", "post", "role", "program", "task", "fund", "claim", "doc")
_RDF_TYPE = str(RDF.type)
_SKOS = str(SKOS)
LEVEL_LABELS = {
    "province": ("省级", "province"),
    "prefecture": ("地级", "prefecture"),
    "county": ("县级", "county"),
    "township": ("乡级", "township"),
    "village": ("村级", "village"),
}


@functools.cache
def query_text(name: str) -> str:
    """The text of ``kg/queries/explore/{name}.rq``."""
    return (files("kg") / "queries" / "explore" / f"{name}.rq").read_text(encoding="utf-8")


@functools.cache
def vocabulary_labels() -> dict[str, dict[str, str]]:
    """Chinese and English labels of the ontology's classes and properties, by IRI."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    path = files("kg.ontology") / "kg.ttl"
    label = str(RDFS.label)
    with path.open("rb") as fh:
        for q in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            if q.predicate.value == label and isinstance(q.object, ox.Literal):
                out[q.subject.value][q.object.language or "en"] = q.object.value
    return dict(out)


def label_of(iri: str | None) -> dict[str, str]:
    """``{"zh": …, "en": …}`` for a class or property of the ontology (its local name otherwise)."""
    if not iri:
        return {"zh": "", "en": ""}
    lab = vocabulary_labels().get(iri)
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return {"zh": (lab or {}).get("zh", local), "en": (lab or {}).get("en", local)}


def iri_kind(iri: str, base: str) -> tuple[str, str] | None:
    """``(kind, id)`` of a node the project minted: ``("place", code)``, ``("org", "620502000000/名")``…

    The id is the IRI's path after ``{base}{kind}/`` (for documents, the sha256).
    None for an IRI outside ``base`` or of an unknown kind.
    """
    if not iri.startswith(base):
        return None
    kind, sep, rest = iri[len(base) :].partition("/")
    if not sep or not rest or kind not in NODE_KINDS:
        return None
    return kind, rest


def _doc_id(doc: str | None) -> str | None:
    return doc.rsplit("/", 1)[-1] if doc else None


def source(row: dict[str, Any], *, statement: str = "st") -> dict[str, Any]:
    """The provenance of one fact: document, quote, span (and the statement node)."""
    return {
        "document": {
            "id": _doc_id(row.get("doc")),
            "iri": row.get("doc"),
            "file": row.get("fileName"),
            "title": row.get("title"),
        },
        "quote": row.get("quote"),
        "start": row.get("start"),
        "end": row.get("end"),
        "statement": row.get(statement),
    }


def bind_values(sparql: str, **values: str | list[str]) -> str:
    """``sparql`` with a ``VALUES`` block binding variables to IRIs, first in its WHERE.

    A string binds one IRI; a list, one row per IRI (one variable only). The
    IRIs are written by Oxigraph (``NamedNode``, which rejects a malformed
    one), never pasted as text. A leading VALUES block, rather than
    ``substitutions=``, because Oxigraph plans the query from it: who helps a
    village on a 1 M-triple store takes about 2 ms this way, 0.7 s with the
    variable substituted (the OPTIONALs get evaluated first).
    """
    if not values:
        return sparql
    lists = [k for k, v in values.items() if isinstance(v, list)]
    if lists:
        if len(values) > 1:
            raise ValueError("bind one list of IRIs at a time")
        (name,) = lists
        iris = values[name]
        block = f"VALUES ?{name} {{ " + " ".join(str(ox.NamedNode(v)) for v in iris) + " }"
    else:
        names = " ".join(f"?{k}" for k in values)
        row = " ".join(str(ox.NamedNode(str(v))) for v in values.values())
        block = f"VALUES ({names}) {{ ({row}) }}"
    head, sep, tail = sparql.partition("WHERE {")
    if not sep:
        raise ValueError("query has no WHERE {")
    return f"{head}WHERE {{\n  {block}{tail}"


def _rows(store: GraphStore, name: str, **bind: str | list[str]) -> list[dict[str, Any]]:
    return store.query(bind_values(query_text(name), **bind)).values()


# properties of statements and claims, by IRI -> the key of the row shape the code reads
_PROP_KEYS = {
    str(RDF.subject): "helper",
    str(RDF.predicate): "rel",
    str(RDF.object): "target",
    str(PROV.wasDerivedFrom): "doc",
    str(DCTERMS.date): "date",
    str(KG.helpKind): "kind",
    str(KG.whenText): "when",
    str(KG.quote): "quote",
    str(KG.start): "start",
    str(KG.end): "end",
    str(KG.inferred): "inferred",
    str(KG.relation): "relation",
    str(KG.scope): "scope",
    str(KG.helper): "helper",
    str(KG.helperKind): "helperKind",
    str(KG.helperCount): "helperCount",
    str(KG.target): "target",
    str(KG.targetKind): "targetKind",
    str(KG.targetCount): "targetCount",
    str(KG.memberCount): "memberCount",
    str(KG.memberKind): "memberKind",
}
_LABELLED = {"helper", "target", "scope"}


def _pivot(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Rows ``key p o oLabel oFile oTitle`` (one per property) → one dict per node.

    The dict has the keys of :data:`_PROP_KEYS` (the first value of each), with
    ``helperLabel`` / ``targetLabel`` / ``scopeLabel`` and the document's
    ``fileName`` and ``title``.
    """
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = out.setdefault(r[key], {key: r[key]})
        k = _PROP_KEYS.get(r["p"])
        if k is None or k in d:
            continue
        d[k] = r["o"]
        if k in _LABELLED and r.get("oLabel") is not None:
            d[k + "Label"] = r["oLabel"]
        if k == "doc":
            d["fileName"] = r.get("oFile")
            d["title"] = r.get("oTitle")
    return list(out.values())


# ------------------------------------------------- lookups without SPARQL
# place_helpers answers a REST request per call: it reads the few nodes around
# one place by index lookups (GraphStore.quads_for_pattern) instead of
# parsing and planning SPARQL each time (a village's answer: ≈0.25 ms against
# ≈0.8 ms by queries on the 1 M-triple benchmark store; 0.4 against 4.4 ms on
# the seed reports' store, where the planner scanned every help statement).
# The queries they stand for stay in kg/queries/explore/ (helpers.rq,
# anchored.rq, place_claims.rq, types.rq); tests/test_explore.py checks that
# both give the same rows.
_N = ox.NamedNode
_RDF_OBJECT, _RDF_PREDICATE, _TYPE = _N(str(RDF.object)), _N(str(RDF.predicate)), _N(_RDF_TYPE)
_LABEL, _FILE, _TITLE = _N(str(SKOS.prefLabel)), _N(str(KG.fileName)), _N(str(DCTERMS.title))
_ANCHOR, _CODE = _N(str(KG.anchor)), _N(str(KG.divisionCode))
_TARGET, _SCOPE, _CLAIM = _N(str(KG.target)), _N(str(KG.scope)), _N(str(KG.Claim))


def _first(store: GraphStore, node: Any, prop: ox.NamedNode) -> Any:
    """The first value of ``prop`` on ``node`` (index order, as a plain value), or None."""
    for q in store.quads_for_pattern(node, prop, None):
        return py_value(q.object)
    return None


def _has(store: GraphStore, node: Any, prop: ox.NamedNode, value: Any = None) -> bool:
    return next(iter(store.quads_for_pattern(node, prop, value)), None) is not None


def _unique(items: list[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _node_rows(store: GraphStore, nodes: list[Any], key: str) -> list[dict[str, Any]]:
    """The statements or claims ``nodes`` as :func:`_pivot` makes them from the rows of
    ``?node ?p ?o`` with the value's first label and the document's first file name and
    title (helpers.rq, place_claims.rq): the first value of each property, in index order."""
    out = []
    for node in nodes:
        d: dict[str, Any] = {key: node.value}
        for q in store.quads_for_pattern(node, None, None):
            k = _PROP_KEYS.get(q.predicate.value)
            if k is None or k in d:
                continue
            o = q.object
            d[k] = py_value(o)
            literal = isinstance(o, ox.Literal)
            if k in _LABELLED and not literal:
                label = _first(store, o, _LABEL)
                if label is not None:
                    d[k + "Label"] = label
            if k == "doc":
                d["fileName"] = None if literal else _first(store, o, _FILE)
                d["title"] = None if literal else _first(store, o, _TITLE)
        out.append(d)
    return out


def _help_statements(store: GraphStore, targets: list[Any]) -> list[Any]:
    """Statements of kg:helps or kg:stationedIn whose object is one of ``targets`` (helpers.rq)."""
    found = []
    for t in targets:
        for q in store.quads_for_pattern(None, _RDF_OBJECT, t):
            st = q.subject
            if any(
                py_value(r.object) in HELP_RELATIONS
                for r in store.quads_for_pattern(st, _RDF_PREDICATE, None)
            ):
                found.append(st)
    return _unique(found)


def _anchored(store: GraphStore, place: Any) -> list[Any]:
    """Bodies (not places) anchored in ``place`` (anchored.rq)."""
    return _unique(
        [
            q.subject
            for q in store.quads_for_pattern(None, _ANCHOR, place)
            if not _has(store, q.subject, _CODE)
        ]
    )


def _place_claims(store: GraphStore, place: Any, within: list[Any]) -> list[Any]:
    """Claims naming ``place`` as target or scoped to one of ``within`` (place_claims.rq)."""
    found = [q.subject for q in store.quads_for_pattern(None, _TARGET, place)]
    for w in within:
        found.extend(q.subject for q in store.quads_for_pattern(None, _SCOPE, w))
    return [c for c in _unique(found) if _has(store, c, _TYPE, _CLAIM)]


def _types(store: GraphStore, nodes: list[str]) -> dict[str, set[str]]:
    """The classes of ``nodes`` (types.rq)."""
    out: dict[str, set[str]] = defaultdict(set)
    for node in set(nodes):
        for q in store.quads_for_pattern(_N(node), _TYPE, None):
            out[node].add(py_value(q.object))
    return out


def _node_ref(iri: str | None, label: str | None, types: set[str] | None = None) -> dict[str, Any]:
    t = short_type(" ".join(sorted(types))) if types else ""
    cls = f"{NS}{t}" if t and f"{NS}{t}" in vocabulary_labels() else ""
    return {
        "iri": iri,
        "label": label or (unquote(iri.rsplit("/", 1)[-1]) if iri else None),
        "type": t or None,
        "type_label": label_of(cls) if cls else {"zh": t, "en": t},
    }


def _relation(rel: str) -> dict[str, Any]:
    return {"iri": rel, **label_of(rel)}


# -------------------------------------------------------------- places
def _unit_dict(u: Unit) -> dict[str, Any]:
    zh, en = LEVEL_LABELS[u.level]
    return {
        "code": u.code,
        "name": u.name,
        "level": u.level,
        "level_label": {"zh": zh, "en": en},
        "kind": u.kind,
    }


def place_summary(gz: Gazetteer, code: str, *, base: str) -> dict[str, Any]:
    """A registry unit: its chain up (province first), counts below, IRI.

    Raises :class:`InputError` for a malformed code and
    :class:`~ingest.errors.RegistryError` for a code the registry does not have.
    """
    from ingest.gazetteer.registry import normalize_code

    c = normalize_code(code)
    unit = gz.require(c)
    chain = [_unit_dict(a) for a in reversed(gz.ancestors(unit.code))]
    counts = gz.counts(unit.code) if unit.level != "village" else {}
    return {
        **_unit_dict(unit),
        "iri": str(place_iri(unit.code, base)),
        "chain": chain,
        "counts": counts,
    }


def _claim(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "iri": row.get("claim"),
        "relation": _relation(row["relation"]) if row.get("relation") else None,
        "kind": row.get("kind"),
        "scope": {"iri": row.get("scope"), "label": row.get("scopeLabel")}
        if row.get("scope")
        else None,
        "helper": {"iri": row.get("helper"), "label": row.get("helperLabel")}
        if row.get("helper")
        else None,
        "helper_kind": row.get("helperKind"),
        "helper_count": row.get("helperCount"),
        "target": row.get("target"),
        "target_label": row.get("targetLabel"),
        "target_kind": row.get("targetKind"),
        "target_count": row.get("targetCount"),
        "member_count": row.get("memberCount"),
        "member_kind": row.get("memberKind"),
        "date": row.get("date"),
        "source": source(row, statement="claim"),
    }


def _claims(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r["claim"], _claim(r))
    return sorted(seen.values(), key=_by_position)


def _by_position(x: dict[str, Any]) -> tuple[str, int, int, str]:
    """Order of links and claims: by document, position in it, then end and IRI.

    A total order (ties of one sentence broken by the span's end and then the
    node's IRI), so an answer does not depend on the order a query or an index
    yields its rows in.
    """
    src = x["source"]
    return (
        src["document"]["file"] or "",
        src["start"] or 0,
        src["end"] or 0,
        src["statement"] or "",
    )


def _link(r: dict[str, Any], other: str, other_label: str, other_types: set[str]) -> dict[str, Any]:
    return {
        "relation": _relation(r["rel"]),
        "other": _node_ref(r.get(other), r.get(other_label), other_types),
        "kind": r.get("kind"),
        "date": r.get("date"),
        "when": r.get("when"),
        "inferred": bool(r.get("inferred")),
        "source": source(r),
    }


def _group_links(
    rows: list[dict[str, Any]], key: str, key_label: str, other: str, other_label: str
) -> list[dict[str, Any]]:
    """Rows (one per statement × class) → one entry per ``key`` node with its links."""
    types: dict[str, set[str]] = defaultdict(set)
    type_col = {"helper": "helperType", "other": "otherType"}.get(key)
    for r in rows:
        if type_col and r.get(type_col):
            types[r[key]].add(r[type_col])
        types[r[key]].update(r.get("_types", ()))
    groups: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for r in rows:
        node = r[key]
        g = groups.get(node)
        if g is None:
            g = groups[node] = {**_node_ref(node, r.get(key_label), types[node]), "links": []}
        if (node, r["st"]) in seen:
            continue
        seen.add((node, r["st"]))
        g["links"].append(_link(r, other, other_label, set()))
    out = list(groups.values())
    for g in out:
        g["links"].sort(key=_by_position)
    out.sort(key=lambda g: (-len(g["links"]), g["label"] or "", g["iri"] or ""))
    return out


def place_helpers(
    store: GraphStore, gz: Gazetteer, code: str, *, base: str, below: bool = False
) -> dict[str, Any]:
    """Who helps the place with division ``code``: helpers with their links and sources.

    Returns ``place`` (:func:`place_summary`), ``helpers`` (one entry per
    helper: IRI, label, class, and ``links``: relation, target, kind of help,
    time, ``source``; and ``claims`` naming it), and ``claims`` (aggregate
    claims scoped to the place or a unit above it, or naming it as target).
    With ``below``, helpers of every unit inside the place count too.
    """
    place = place_summary(gz, code, base=base)
    iri = place["iri"]
    node = _N(iri)
    if below:
        rows = _pivot(_rows(store, "helpers_below", place=iri), "st")
    else:
        targets = [node, *_anchored(store, node)]
        rows = _node_rows(store, _help_statements(store, targets), "st")
    types = _types(store, [r["helper"] for r in rows if "helper" in r])
    for r in rows:
        for t in types.get(r.get("helper", ""), ()):
            r.setdefault("_types", set()).add(t)
    helpers = _group_links(rows, "helper", "helperLabel", "target", "targetLabel")
    for h in helpers:
        for link in h["links"]:
            link["target"] = link.pop("other")
    within = [_N(str(place_iri(u["code"], base))) for u in [place, *place["chain"]]]
    claims = _claims(_node_rows(store, _place_claims(store, node, within), "claim"))
    by_helper: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        if c["helper"]:
            by_helper[c["helper"]["iri"]].append(c)
    for h in helpers:
        h["claims"] = by_helper.get(h["iri"], [])
    return {"place": place, "below": below, "helpers": helpers, "claims": claims}


def place_coverage(data: AnalysisData, gz: Gazetteer, code: str) -> dict[str, Any] | None:
    """The coverage row of a county or township (as `kg coverage`), with its parts.

    For a county: ``units`` has one row per township; for a township (or a
    county): ``villages`` lists its village-level units with the number of
    named helpers of each. None for other levels.
    """
    import polars as pl

    from kg.analysis import coverage, helped_villages

    unit = gz.require(code)
    if unit.level not in ("county", "township"):
        return None
    row = coverage(data, gz, level=unit.level, scope=unit.code)
    out: dict[str, Any] = {
        "row": _plain_row(row.row(0, named=True)) if row.height else None,
        "units": [],
        "villages": [],
    }
    if unit.level == "county":
        out["units"] = [
            _plain_row(r) for r in coverage(data, gz, level="township", scope=unit.code).to_dicts()
        ]
    lo = int(unit.code)
    hi = lo + (10**6 if unit.level == "county" else 10**3) - 1
    helped = helped_villages(data, gz).filter(pl.col("code").is_between(lo, hi))
    counts = dict(zip(helped["code"].to_list(), helped["helpers"].to_list(), strict=False))
    vil = gz.units_frame().filter((pl.col("level") == 4) & pl.col("code").is_between(lo, hi))
    out["villages"] = [
        {
            "code": f"{c:012d}",
            "name": n,
            "community": bool(comm),
            "township": f"{c // 1000 * 1000:012d}",
            "helpers": int(counts.get(c, 0)),
        }
        for c, n, comm in vil.select("code", "name", "community").iter_rows()
    ]
    return out


def _plain_row(r: dict[str, Any]) -> dict[str, Any]:
    out = dict(r)
    if isinstance(out.get("code"), int):
        out["code"] = f"{out['code']:012d}"
    for k, v in out.items():
        if isinstance(v, float) and v != v:  # NaN
            out[k] = None
    return out


# -------------------------------------------------------- organisations
def node_detail(store: GraphStore, iri: str) -> dict[str, Any] | None:
    """Everything about one node: names, classes, anchor, mentions, links both ways, claims.

    None when the store has no statement about ``iri``.
    """
    facts = _rows(store, "node", node=iri)
    if not facts:
        return None
    pref: list[str] = []
    alt: list[str] = []
    types: set[str] = set()
    docs: set[str] = set()
    anchor: dict[str, Any] | None = None
    extra: dict[str, str] = {}
    for r in facts:
        p, o = r["p"], r["o"]
        if p == f"{_SKOS}prefLabel":
            if o not in pref:
                pref.append(o)
        elif p == f"{_SKOS}altLabel":
            if o not in alt:
                alt.append(o)
        elif p == _RDF_TYPE:
            types.add(o)
        elif p == str(KG.mentionedIn):
            docs.add(o)
        elif p == str(KG.anchor):
            anchor = {"iri": o, "code": o.rsplit("/", 1)[-1], "label": r.get("oLabel")}
        else:
            extra[p.rsplit("#", 1)[-1]] = o
    ref = _node_ref(iri, pref[0] if pref else None, types)
    out_rows = _rows(store, "links_out", node=iri)
    in_rows = _rows(store, "links_in", node=iri)
    mentions = [
        {
            "form": r.get("form"),
            "count": r.get("count"),
            "identity_rule": r.get("rule"),
            "identity_evidence": r.get("evidence"),
            "source": source(r, statement="m"),
        }
        for r in _rows(store, "mentions", node=iri)
    ]
    return {
        **ref,
        "labels": pref,
        "written_as": sorted(set(alt) | {m["form"] for m in mentions if m["form"]}),
        "types": sorted(types),
        "anchor": anchor,
        "properties": extra,
        "documents": sorted(docs),
        "mentions": mentions,
        "links_out": _flat_links(out_rows),
        "links_in": _flat_links(in_rows),
        "claims": _claims(_pivot(_rows(store, "node_claims", node=iri), "claim")),
    }


def _flat_links(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    types: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.get("otherType"):
            types[r["other"]].add(r["otherType"])
    seen: set[str] = set()
    out = []
    for r in rows:
        if r["st"] in seen:
            continue
        seen.add(r["st"])
        out.append(_link(r, "other", "otherLabel", types[r["other"]]))
    out.sort(key=_by_position)
    return out


def org_targets(store: GraphStore, iri: str) -> dict[str, Any] | None:
    """Whom an organisation (or person) helps: targets with links and sources, and claims.

    None when the store has no statement about ``iri``.
    """
    detail = node_detail(store, iri)
    if detail is None:
        return None
    rows = [
        {**r, "target": r["other"], "targetLabel": r.get("otherLabel")}
        for r in _rows(store, "links_out", node=iri)
        if r["rel"] in HELP_RELATIONS
    ]
    for r in rows:
        r["other"], r["otherLabel"] = iri, detail["label"]
    targets = _group_links(rows, "target", "targetLabel", "other", "otherLabel")
    types: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, "links_out", node=iri):
        if r.get("otherType"):
            types[r["other"]].add(r["otherType"])
    for t in targets:
        t.update({k: v for k, v in _node_ref(t["iri"], t["label"], types[t["iri"]]).items() if v})
        code = t["iri"].rsplit("/", 1)[-1]
        t["code"] = code if "/place/" in t["iri"] else None
        for link in t["links"]:
            link.pop("other", None)
    claims = [c for c in detail["claims"] if c["helper"] and c["helper"]["iri"] == iri]
    return {
        "org": {k: detail[k] for k in ("iri", "label", "type", "type_label", "anchor")},
        "targets": targets,
        "claims": claims,
    }


# ----------------------------------------------------------- documents
def documents(store: GraphStore) -> list[dict[str, Any]]:
    """Every document in the store: id (sha256), file name, title, date, jurisdiction, size."""
    sizes = {d.iri: d.triples for d in store.documents()}
    out = []
    for r in store.query(query_text("documents")).values():
        out.append(
            {
                "id": r["sha"],
                "iri": r["doc"],
                "file": r.get("fileName"),
                "title": r.get("title"),
                "date": r.get("date"),
                "format": r.get("format"),
                "source": r.get("source"),
                "extractor": r.get("extractor"),
                "jurisdiction": {
                    "code": r.get("jurisdictionCode"),
                    "label": r.get("jurisdictionLabel"),
                }
                if r.get("jurisdiction")
                else None,
                "triples": sizes.get(r["doc"], 0),
            }
        )
    return out


def find_document(store: GraphStore, key: str) -> dict[str, Any]:
    """The one document whose sha256 (≥ 8 hex digits from the start), file name or IRI is ``key``."""
    k = key.strip()
    hits = [
        d
        for d in documents(store)
        if d["file"] == k or d["iri"] == k or (len(k) >= 8 and d["id"].startswith(k.lower()))
    ]
    if not hits:
        raise InputError("no document with this sha256, file name or IRI", source=key)
    if len(hits) > 1:
        raise InputError(f"{len(hits)} documents match; give more of the sha256", source=key)
    return hits[0]


def document_detail(store: GraphStore, key: str) -> dict[str, Any]:
    """One document with every sourced statement and claim it holds, in text order."""
    doc = find_document(store, key)
    statements = []
    seen: set[str] = set()
    for r in _rows(store, "doc_statements", doc=doc["iri"]):
        if r["st"] in seen:  # a label in two graphs of the union gives a row each
            continue
        seen.add(r["st"])
        statements.append(
            {
                "statement": r["st"],
                "subject": {"iri": r["s"], "label": r.get("sLabel")},
                "relation": _relation(r["rel"]),
                "object": {"iri": r["o"], "label": r.get("oLabel")},
                "kind": r.get("kind"),
                "date": r.get("date"),
                "when": r.get("when"),
                "inferred": bool(r.get("inferred")),
                "quote": r.get("quote"),
                "start": r.get("start"),
                "end": r.get("end"),
            }
        )
    claims = _claims(_pivot(_rows(store, "doc_claims", doc=doc["iri"]), "claim"))
    return {**doc, "statements": statements, "claims": claims}


def programs(store: GraphStore) -> list[dict[str, Any]]:
    """Programmes with their kind, documents and owners (implements / leads / responsible for)."""
    progs: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for r in store.query(query_text("programs")).values():
        p = progs.setdefault(
            r["program"],
            {
                "iri": r["program"],
                "label": r["label"],
                "kind": r.get("kind"),
                "documents": [],
                "owners": [],
            },
        )
        d = {"id": _doc_id(r["doc"]), "iri": r["doc"], "file": r.get("fileName")}
        if d not in p["documents"]:
            p["documents"].append(d)
        if r.get("owner") and (r["program"], r["st"]) not in seen:
            seen.add((r["program"], r["st"]))
            p["owners"].append(
                {
                    "iri": r["owner"],
                    "label": r.get("ownerLabel"),
                    "relation": _relation(r["rel"]),
                    "source": source(r),
                }
            )
    return sorted(progs.values(), key=lambda p: p["label"])


# ------------------------------------------------------------- examples
def examples(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Nodes to ask about on the start page: a helped village, a county, a helper, a document.

    Keys ``village``, ``county`` (``iri``, ``label``, ``code``), ``org`` and
    ``document`` (``iri``, ``label``, ``id``) — each missing when the store has none.
    """
    got: dict[str, dict[str, Any]] = {}
    for r in store.query(query_text("examples")).values():
        if r.get("node"):
            got[r["what"]] = {"iri": r["node"], "label": r.get("label"), "code": r.get("code")}
    if "org" not in got and "anyorg" in got:
        got["org"] = got["anyorg"]
    if "document" not in got and "anydocument" in got:
        got["document"] = got["anydocument"]
    if "document" in got:
        got["document"]["id"] = _doc_id(got["document"]["iri"])
    return {k: v for k, v in got.items() if k in ("village", "county", "org", "document")}


EXAMPLE_QUERIES = (
    ("who_helps_village", "village", "谁在帮扶这个村", "who helps a village"),
    ("villages_without_helper", "county", "县里没有具名帮扶的村", "villages with no named helper"),
    ("claims_of_report", "document", "一份报告的汇总陈述", "claims of a report"),
)


def example_queries(store: GraphStore) -> list[dict[str, str]]:
    """The SPARQL editor's examples, filled in with nodes of this store (:func:`examples`)."""
    ex = examples(store)
    marks = {"village": "$VILLAGE", "county": "$COUNTY", "document": "$DOC"}
    out = []
    for name, key, zh, en in EXAMPLE_QUERIES:
        text = (files("kg") / "queries" / "examples" / f"{name}.rq").read_text(encoding="utf-8")
        node = ex.get(key)
        value = str(ox.NamedNode(node["iri"])) if node else "<urn:kg:none>"
        label = (node or {}).get("label") or ""
        out.append(
            {
                "name": name,
                "title_zh": f"{zh}（{label}）" if label else zh,
                "title_en": en,
                "query": text.replace(marks[key], value),
            }
        )
    return out
