"""The neighbourhood of a node, for graph views: nodes and edges within a few steps, with sources.

>>> n = neighbourhood(store, focus, depth=2, limit=60, base=BASE)   # doctest: +SKIP
>>> n["nodes"][0]["id"] == focus                                     # doctest: +SKIP
True

Edges are the links between entities: the sourced links (helps, stationed
in, leads, responsible for, implements, funds — each with one of the
statements that say so: document, quote, span, and how many say so), the
division tree (part of), the anchoring place of an organisation or person,
and what a claim is about (helper, target, scope). Provenance nodes
(statements, mentions) and documents are not nodes of the view.

The walk is breadth first and keeps at most ``limit`` nodes, the help network
first: in each layer, nodes reached by a sourced link, then nodes reached by
the tree, an anchor or a claim that take part in sourced links themselves
(an office of the county that helps a village). The rest of such a layer
(the county's other offices, its townships, claims) waits until the last
layer is walked, and fills what room is left, nearer first; a layer with no
help network in it is walked as it is. In a layer before the last, the
nodes that take part in sourced links only by what they are part of (a
county's offices) take at most half the room the others leave, so the next
layer has room for whom they help (the others of them wait first). So a
county at depth 2 shows who helps which of its villages, rather than a ring
of its offices. Within a layer, what lies under a focus place (its villages,
its offices and people) comes before the rest (the helpers of the places
beside it). ``hidden`` says how many nodes were left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from ingest.errors import InputError
from ingest.gazetteer.names import within
from kg.analysis.projections import short_type
from kg.explore import iri_kind, label_of, vocabulary_labels
from kg.store import GraphStore
from kg.vocab import KG, NS, ORG, sparql_prefixes

__all__ = ["EDGE_PREDICATES", "NODE_KINDS", "check_iri", "neighbourhood"]

NODE_KINDS = ("place", "org", "person", "post", "role", "program", "task", "fund", "claim")
SOURCED = (
    str(KG.helps),
    str(KG.stationedIn),
    str(KG.leads),
    str(KG.responsibleFor),
    str(KG.implements),
    str(KG.funds),
)
STRUCTURAL = (
    str(KG.partOf),
    str(KG.anchor),
    str(KG.helper),
    str(KG.target),
    str(KG.scope),
    str(ORG.role),
    str(KG.partOfAmount),
)
EDGE_PREDICATES = SOURCED + STRUCTURAL
_PREDS = " ".join(f"<{p}>" for p in EDGE_PREDICATES)

_EDGES = (
    "SELECT ?s ?p ?o WHERE { VALUES ?n { $NODES } VALUES ?p { " + _PREDS + " } "
    "{ ?n ?p ?o BIND(?n AS ?s) } UNION { ?s ?p ?n BIND(?n AS ?o) } FILTER(isIRI(?o)) }"
)
_ON_SOURCED = (
    "SELECT DISTINCT ?n WHERE { VALUES ?n { $NODES } VALUES ?p { "
    + " ".join(f"<{p}>" for p in SOURCED)
    + " } { ?n ?p ?x } UNION { ?x ?p ?n } }"
)
_SOURCES = (
    sparql_prefixes("kg", "rdf", "prov", "dcterms")
    + """
SELECT ?s ?p ?o ?st ?quote ?start ?end ?doc ?fileName ?kind WHERE {
  VALUES ?s { $NODES }
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?st kg:quote ?quote }
  OPTIONAL { ?st kg:start ?start }
  OPTIONAL { ?st kg:end ?end }
  OPTIONAL { ?st kg:helpKind ?kind }
  OPTIONAL { ?doc kg:fileName ?fileName }
}
"""
)
_NODES = (
    sparql_prefixes("skos", "kg")
    + """
SELECT ?n ?label ?t ?ht ?hc ?tk ?tc WHERE {
  VALUES ?n { $NODES }
  OPTIONAL { ?n skos:prefLabel ?label }
  OPTIONAL { ?n a ?t }
  OPTIONAL { ?n kg:helperKind ?ht }
  OPTIONAL { ?n kg:helperCount ?hc }
  OPTIONAL { ?n kg:targetKind ?tk }
  OPTIONAL { ?n kg:targetCount ?tc }
}
"""
)
# colours by kind of node (the legend of the view)
COLOURS = {
    "place": "#4e79a7",
    "org": "#f28e2b",
    "person": "#e15759",
    "post": "#b07aa1",
    "role": "#9c755f",
    "program": "#59a14f",
    "task": "#76b7b2",
    "fund": "#edc948",
    "claim": "#bab0ac",
}


def check_iri(iri: str) -> str:
    """``iri`` if it is an absolute IRI; :class:`InputError` otherwise."""
    iri = (iri or "").strip()
    if not iri.startswith(("http://", "https://", "urn:")):
        raise InputError(f"not an absolute IRI: {iri!r}", source="focus")
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"malformed IRI {iri!r}: {exc}", source="focus") from None
    return iri


def _values(nodes: list[str]) -> str:
    return " ".join(str(ox.NamedNode(n)) for n in nodes)


def _under(focus: str, base: str) -> Callable[[str], bool]:
    """Whether a node lies under the focus place: a place below it, or an
    organisation or person anchored there (their ids start with a place code)."""
    k = iri_kind(focus, base)
    code = k[1] if k and k[0] == "place" else ""
    if len(code) != 12 or not code.isdigit():
        return lambda iri: False

    def inside(iri: str) -> bool:
        got = iri_kind(iri, base)
        return got is not None and got[1][:12].isdigit() and within(got[1][:12], code)

    return inside


def _kind(iri: str, base: str) -> str | None:
    k = iri_kind(iri, base)
    return k[0] if k else None


def neighbourhood(
    store: GraphStore,
    focus: str,
    *,
    base: str,
    depth: int = 1,
    limit: int = 60,
    kinds: tuple[str, ...] = NODE_KINDS,
) -> dict[str, Any]:
    """Nodes and edges within ``depth`` steps of ``focus`` (at most ``limit`` nodes).

    Returns ``focus``, ``nodes`` (id, label, kind, type, type_label, depth,
    colour), ``edges`` (source, target, predicate with its labels, and for
    sourced links ``source``: document, quote, span, and ``statements``, how
    many say so), ``hidden`` (nodes left out by the limit) and ``truncated``.
    Raises :class:`InputError` for a malformed focus; an unknown focus gives
    no edges and ``found`` False.
    """
    focus = check_iri(focus)
    allowed = set(kinds)
    inside = _under(focus, base)
    depth_of: dict[str, int] = {focus: 0}
    order: list[str] = [focus]
    frontier = [focus]
    # (depth, 0, node): on the help network, left for the next layer's room;
    # (depth, 1, node): structural nodes off it
    waiting: list[tuple[int, int, str]] = []
    seen: set[str] = {focus}
    for d in range(1, depth + 1):
        if not frontier:
            break
        rows = store.query(_EDGES.replace("$NODES", _values(frontier))).values()
        candidates: dict[str, int] = {}  # new node -> 0 sourced link, 1 structural
        for r in rows:
            p = r["p"]
            for other in (r["s"], r["o"]):
                if other in seen:
                    continue
                k = _kind(other, base)
                if k is None or k not in allowed:
                    continue
                candidates[other] = min(0 if p in SOURCED else 1, candidates.get(other, 9))
        seen.update(candidates)
        structural = [n for n, prio in candidates.items() if prio == 1]
        helping = _on_sourced(store, structural)
        # those under the focus place first (its villages, its offices)
        linked = sorted(
            (n for n in candidates if candidates[n] == 0), key=lambda n: (not inside(n), n)
        )
        offices = sorted(n for n in structural if n in helping)
        rest = sorted(n for n in structural if n not in helping)
        room = max(0, limit - len(order))
        if d < depth:
            # the nodes that help only by what they are part of (a county's offices)
            # take half the room the linked ones leave, so the next layer has room for
            # whom they help; the others wait before the rest
            left = max(0, room - len(linked))
            cut = left - left // 2
            waiting += [(d, 0, n) for n in offices[cut:]]
            offices = offices[:cut]
        first = linked + offices
        if first:  # walk on along the help network; the rest waits
            waiting += [(d, 1, n) for n in rest]
        else:  # no help network here: walk the tree, anchors and claims
            first = rest
        keep = first[:room]
        for n in keep:
            depth_of[n] = d
            order.append(n)
        frontier = keep
    waiting.sort()
    for d, _, n in waiting[: max(0, limit - len(order))]:
        depth_of[n] = d
        order.append(n)
    order = [focus, *sorted(order[1:], key=lambda n: depth_of[n])]
    hidden = seen - set(depth_of)
    edges = _edges_among(store, order)
    info = _node_info(store, order)
    sources = _edge_sources(store, [e for e in edges if e[1] in SOURCED])
    found = bool(edges) or (focus in info and bool(info[focus]["known"]))
    nodes = []
    for n in order:
        i = info.get(n, {})
        kind = _kind(n, base) or "other"
        t = i.get("type") or ""
        cls = f"{NS}{t}"
        nodes.append(
            {
                "id": n,
                "label": i.get("label") or _fallback_label(n),
                "kind": kind,
                "type": t or None,
                "type_label": label_of(cls) if cls in vocabulary_labels() else {"zh": t, "en": t},
                "depth": depth_of[n],
                "colour": COLOURS.get(kind, "#999999"),
            }
        )
    out_edges = []
    for s, p, o in edges:
        src = sources.get((s, p, o))
        out_edges.append(
            {
                "source": s,
                "target": o,
                "predicate": p,
                "label": label_of(p),
                "statements": src["count"] if src else 0,
                "provenance": src["first"] if src else None,
            }
        )
    return {
        "focus": focus,
        "found": found,
        "depth": depth,
        "limit": limit,
        "kinds": list(kinds),
        "nodes": nodes,
        "edges": out_edges,
        "hidden": len(hidden),
        "truncated": bool(hidden),
    }


def _count(v: Any) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def _fallback_label(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


def _on_sourced(store: GraphStore, nodes: list[str]) -> set[str]:
    """The nodes among ``nodes`` that are the subject or object of a sourced link."""
    out: set[str] = set()
    for i in range(0, len(nodes), 500):
        chunk = nodes[i : i + 500]
        out.update(
            r["n"] for r in store.query(_ON_SOURCED.replace("$NODES", _values(chunk))).values()
        )
    return out


def _edges_among(store: GraphStore, nodes: list[str]) -> dict[tuple[str, str, str], None]:
    """Every edge of the view whose two ends are both among ``nodes`` (in a stable order)."""
    keep = set(nodes)
    edges: dict[tuple[str, str, str], None] = {}
    for i in range(0, len(nodes), 500):
        chunk = nodes[i : i + 500]
        for r in store.query(_EDGES.replace("$NODES", _values(chunk))).values():
            if r["s"] in keep and r["o"] in keep:
                edges[(r["s"], r["p"], r["o"])] = None
    return dict(sorted(edges.items()))


def _node_info(store: GraphStore, nodes: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    types: dict[str, set[str]] = defaultdict(set)
    for i in range(0, len(nodes), 500):
        chunk = nodes[i : i + 500]
        for r in store.query(_NODES.replace("$NODES", _values(chunk))).values():
            n = r["n"]
            d = out.setdefault(n, {"label": None, "known": False})
            if r.get("label") and not d["label"]:
                d["label"] = r["label"]
            if r.get("t"):
                types[n].add(r["t"])
                d["known"] = True
            if not d["label"] and (r.get("ht") or r.get("tk")):  # a claim: its counts
                helper = f"{_count(r.get('hc'))}{r.get('ht') or ''}"
                target = f"{_count(r.get('tc'))}{r.get('tk') or ''}"
                d["label"] = f"{helper or '…'} → {target or '…'}"
    for n, t in types.items():
        out[n]["type"] = short_type(" ".join(sorted(t)))
    return out


def _edge_sources(
    store: GraphStore, edges: list[tuple[str, str, str]]
) -> dict[tuple[str, str, str], dict[str, Any]]:
    wanted = set(edges)
    subjects = sorted({e[0] for e in edges})
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for i in range(0, len(subjects), 500):
        chunk = subjects[i : i + 500]
        rows = store.query(_SOURCES.replace("$NODES", _values(chunk))).values()
        rows.sort(key=lambda r: (r.get("fileName") or "", r.get("start") or 0))
        for r in rows:
            key = (r["s"], r["p"], r["o"])
            if key not in wanted:
                continue
            d = out.get(key)
            if d is None:
                out[key] = {
                    "count": 1,
                    "first": {
                        "statement": r["st"],
                        "document": {
                            "id": r["doc"].rsplit("/", 1)[-1],
                            "iri": r["doc"],
                            "file": r.get("fileName"),
                        },
                        "quote": r.get("quote"),
                        "start": r.get("start"),
                        "end": r.get("end"),
                        "kind": r.get("kind"),
                    },
                }
            else:
                d["count"] += 1
    return out
