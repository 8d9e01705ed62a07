"""Network measures a researcher would cite, on the NetworkX projections.

- **helper load**: distinct targets per helper (explicit links);
- **village redundancy**: distinct helpers per helped village-level unit;
- **components**: connected components of the help graph (as undirected);
- **coordinating bodies**: betweenness centrality on the organisation graph
  (:func:`kg.analysis.projections.org_graph`); exact up to ``exact_limit``
  nodes, else estimated from ``k`` sampled sources (seeded, so repeatable).
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

import networkx as nx
import polars as pl

from kg.analysis.codes import scope_range
from kg.analysis.projections import org_graph

if TYPE_CHECKING:  # pragma: no cover
    from kg.analysis.data import AnalysisData

__all__ = ["measures"]

_ACTOR_TYPES = {
    "WorkTeam",
    "PartyCommittee",
    "PartyDepartment",
    "PartyBranch",
    "GovernmentAgency",
    "LeadingGroup",
    "Enterprise",
    "Cooperative",
    "SocialOrganization",
    "FinancialInstitution",
    "CollectiveBody",
    "Organization",
    "Post",
    "Person",
}


def _dist(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "mean": None, "median": None, "max": None}
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 3),
        "median": statistics.median(values),
        "max": max(values),
    }


def measures(
    data: AnalysisData,
    *,
    scope: str | None = None,
    top: int = 10,
    exact_limit: int = 5000,
    work: float = 3e7,
) -> dict[str, Any]:
    """Helper load, village redundancy, components and central bodies, as a dict.

    With ``scope`` (a division code), the help links are those whose target
    lies inside it, and the organisation graph is that of the bodies, posts
    and people anchored inside it (with what they are linked to).

    Betweenness is exact on an organisation graph of up to ``exact_limit``
    nodes; above that it is estimated from ``k`` seeded sources, with ``k``
    chosen so that ``k × (nodes + edges)`` stays near ``work`` (at least 20).
    """
    rng = scope_range(scope)
    edges = data.edges
    if rng is not None:
        edges = edges.filter(pl.col("code").is_between(*rng))
    pairs = edges.select("helper", "target", "code").unique(["helper", "target"])
    load = (
        pairs.group_by("helper")
        .agg(pl.len().alias("targets"))
        .sort(["targets", "helper"], descending=[True, False])
    )
    red = (
        pairs.filter(pl.col("code").is_not_null() & (pl.col("code") % 1000 != 0))
        .group_by("target")
        .agg(pl.len().alias("helpers"))
    )
    H = nx.Graph()
    H.add_edges_from(pairs.select("helper", "target").iter_rows())
    comps = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    orgs = org_graph(data, scope=scope)
    n, m = orgs.number_of_nodes(), orgs.number_of_edges()
    approx = n > exact_limit
    k = min(n, max(20, int(work / max(1, n + m))))
    bc = nx.betweenness_centrality(orgs, k=k, seed=0) if approx else nx.betweenness_centrality(orgs)
    central = sorted(
        (
            (v, node)
            for node, v in bc.items()
            if orgs.nodes[node].get("type") in _ACTOR_TYPES and v > 0
        ),
        key=lambda x: (-x[0], x[1]),
    )[:top]
    top_helpers = load.head(top)
    names = dict(data.describe(top_helpers["helper"].to_list()).select("node", "label").iter_rows())

    def label(node: str) -> str:
        return names.get(node) or node.rsplit("/", 1)[-1]

    return {
        "scope": scope,
        "helper_load": {
            **_dist(load["targets"].to_list()),
            "top": [
                {"helper": h, "label": label(h), "targets": t} for h, t in top_helpers.iter_rows()
            ],
        },
        "village_redundancy": {
            **_dist(red["helpers"].to_list()),
            "with_two_or_more": int((red["helpers"] >= 2).sum()),
        },
        "components": {
            "count": len(comps),
            "largest": comps[0] if comps else 0,
            "sizes": comps[:top],
        },
        "coordinating_bodies": {
            "graph_nodes": n,
            "graph_edges": m,
            "betweenness": f"estimated from {k} sources" if approx else "exact",
            "top": [
                {
                    "node": node,
                    "label": orgs.nodes[node].get("label") or node.rsplit("/", 1)[-1],
                    "type": orgs.nodes[node].get("type"),
                    "betweenness": round(v, 4),
                    "degree": orgs.degree(node),
                }
                for v, node in central
            ],
        },
    }
