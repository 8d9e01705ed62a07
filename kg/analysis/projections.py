"""NetworkX projections of the store, built from the analysis tables.

- :func:`partof_tree` — the division tree (child → parent edges) of the
  places in the store, optionally completed with every registry unit below
  given scopes;
- :func:`help_graph` — helper → target, one edge per explicit help link,
  with the kind of help and the documents that state it;
- :func:`org_graph` — actors, programmes and tasks linked by leads,
  responsibleFor, implements and helps, plus the derived hierarchy of an
  office under its place's party committee or government (``derived=True``).

Nodes are IRIs with a ``label`` and a ``type``; places also carry ``code``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import networkx as nx
import polars as pl

from ingest.gazetteer.names import LEVEL_OF_DIGITS, code_digits
from kg.inference import most_specific
from kg.vocab import NS

if TYPE_CHECKING:  # pragma: no cover
    from ingest.gazetteer.registry import Gazetteer
    from kg.analysis.data import AnalysisData

__all__ = ["help_graph", "org_graph", "partof_tree", "short_type"]

_PLACE_IRI = re.compile(r"/place/\d{12}$")
# the body an office of a place belongs to, by the office's kind
_PARENT_TYPE = {"PartyDepartment": "PartyCommittee", "GovernmentAgency": "GovernmentAgency"}


def short_type(types: str | None) -> str:
    """The most specific class name among space-separated class IRIs."""
    if not types:
        return ""
    iris = most_specific(types.split())  # kg:Village, not the entailed kg:AdministrativeUnit
    names = [t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in iris]
    own = [n for n, t in zip(names, iris, strict=False) if t.startswith(NS)]
    pick = own or names
    # WorkTeam etc. before the generic Organization
    return min(pick, key=lambda n: (n in ("Organization", "Post"), n))


def _level_name(code: int) -> str:
    """The ontology's class of a registry unit (County, …) from its integer code."""
    return LEVEL_OF_DIGITS[code_digits(code)].title()


def partof_tree(
    data: AnalysisData, gz: Gazetteer | None = None, complete: list[str] | None = None
) -> nx.DiGraph:
    """The division tree: an edge child → parent for every place in the store.

    With ``gz`` and ``complete`` (12-digit codes), every registry unit below
    those codes is added too, so villages no report mentions are in the tree.
    """
    G = nx.DiGraph()
    places = data.places
    iri_of = dict(zip(places["code"].to_list(), places["place"].to_list(), strict=False))
    for place, code, label, parent in places.select("place", "code", "label", "parent").iter_rows():
        G.add_node(place, code=code, label=label, type=_level_name(code))
        if parent:
            G.add_edge(place, parent)
    if gz is not None and complete:
        base = places["place"][0].rsplit("/", 1)[0] + "/" if places.height else "place/"
        units = gz.units_frame()
        for scope in complete:
            s = int(scope)
            keep = 10 ** (12 - code_digits(s))
            sub = units.filter((pl.col("code") // keep == s // keep) & (pl.col("code") != s))
            for code, name, _lv, _c in sub.iter_rows():
                node = iri_of.get(code) or f"{base}{code:012d}"
                G.add_node(node, code=code, label=name, type=_level_name(code))
                parent = _parent_code(code)
                G.add_edge(node, iri_of.get(parent) or f"{base}{parent:012d}")
    return G


def _parent_code(code: int) -> int:
    d = code_digits(code)
    up = {12: 9, 9: 6, 6: 4, 4: 2}[d]
    return code // 10 ** (12 - up) * 10 ** (12 - up)


def _labels(data: AnalysisData, *, places: bool = True) -> dict[str, tuple[str, str]]:
    out = {
        n: (lab or n.rsplit("/", 1)[-1], short_type(t))
        for n, lab, t in data.actors.select("node", "label", "types").iter_rows()
    }
    if places:
        for place, code, label in data.places.select("place", "code", "label").iter_rows():
            out[place] = (label or str(code), _level_name(code))
    for prog, label, cls in (
        data.programs.select("program", "label", "class").unique("program").iter_rows()
    ):
        out[prog] = (label, cls.rsplit("#", 1)[-1])
    return out


def _is_place(iri: str) -> bool:
    return _PLACE_IRI.search(iri) is not None


def help_graph(data: AnalysisData, *, kinds: bool = False, labels: bool = True) -> nx.MultiDiGraph:
    """Helper → target, one edge per (link, document), with ``rel`` and the ``doc``.

    With ``kinds``, edges also carry the ``kind`` of help (定点帮扶 …) read from
    the links' provenance statements (costly on a national graph); without
    ``labels``, nodes are not labelled (no actor or place table is read).
    """
    G = nx.MultiDiGraph()
    info = _labels(data) if labels else {}
    edges = data.edges
    if kinds:
        edges = edges.join(data.edge_kinds, on=["helper", "rel", "target"], how="left")
    else:
        edges = edges.with_columns(pl.lit(None, dtype=pl.Utf8).alias("kind"))
    for h, rel, t, g, code, kind in edges.select(
        "helper", "rel", "target", "g", "code", "kind"
    ).iter_rows():
        for n in (h, t):
            if n not in G:
                label, typ = info.get(n, (n.rsplit("/", 1)[-1], ""))
                G.add_node(n, label=label, type=typ)
        if code is not None:
            G.nodes[t]["code"] = code
        G.add_edge(h, t, rel=rel.rsplit("#", 1)[-1], kind=kind, doc=g)
    return G


def org_graph(data: AnalysisData, *, scope: str | None = None) -> nx.Graph:
    """Bodies, posts, people, programmes and tasks, linked by what the reports say
    they do; places are left out (they are what bodies help, not bodies).

    Edges carry ``rel`` (leads, responsibleFor, implements; helps between bodies,
    such as a unit pairing with a village party branch)
    or ``rel="partOf", derived=True`` for an office under the party committee
    or government of its own place when that body is in the store (县委组织部 →
    县委), and for a place's committee under the committee of the place above.

    With ``scope`` (a division code), only the edges with an end anchored
    inside it (a body, post or person of a place there).
    """
    from kg.analysis.codes import scope_range

    G = nx.Graph()
    info = _labels(data, places=False)
    rng = scope_range(scope)
    inside: set[str] | None = None
    if rng is not None:
        inside = set(data.actors.filter(pl.col("anchorCode").is_between(*rng))["node"].to_list())
    between = data.edges.filter(pl.col("via").is_null() | (pl.col("via") == "anchor")).select(
        pl.col("helper").alias("s"), "rel", pl.col("target").alias("o")
    )
    for s, rel, o in pl.concat([data.org_edges.select("s", "rel", "o"), between]).iter_rows():
        if _is_place(s) or _is_place(o):
            continue  # places are not bodies (华蓥市 implements …; 街道 pairs with 镇)
        if inside is not None and s not in inside and o not in inside:
            continue
        for n in (s, o):
            if n not in G:
                label, typ = info.get(n, (n.rsplit("/", 1)[-1], ""))
                G.add_node(n, label=label, type=typ)
        G.add_edge(s, o, rel=rel.rsplit("#", 1)[-1], derived=False)
    # derived hierarchy among actors anchored at places
    actors = data.actors.with_columns(
        pl.col("types").map_elements(short_type, return_dtype=pl.Utf8).alias("type")
    )
    heads: dict[tuple[int, str], str] = {}
    for node, typ, anchor in actors.select("node", "type", "anchorCode").iter_rows():
        if anchor is not None and typ in ("PartyCommittee", "GovernmentAgency"):
            label = info.get(node, ("", ""))[0]
            if typ == "PartyCommittee" or label.endswith("人民政府"):
                heads.setdefault((anchor, typ), node)
    for node, typ, anchor in actors.select("node", "type", "anchorCode").iter_rows():
        if anchor is None:
            continue
        parent = None
        if typ in _PARENT_TYPE:
            parent = heads.get((anchor, _PARENT_TYPE[typ]))
        elif typ == "PartyCommittee":
            code = anchor
            while parent is None and code_digits(code) > 2:
                code = _parent_code(code)
                parent = heads.get((code, "PartyCommittee"))
        if parent and parent != node:
            if inside is not None and node not in inside:
                continue
            for n in (node, parent):
                if n not in G:
                    label, t = info.get(n, (n.rsplit("/", 1)[-1], ""))
                    G.add_node(n, label=label, type=t)
            if not G.has_edge(node, parent):
                G.add_edge(node, parent, rel="partOf", derived=True)
    return G
