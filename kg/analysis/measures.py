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

from kg.analysis.projections import help_graph, org_graph

if TYPE_CHECKING:  # pragma: no cover
    from kg.analysis.data import AnalysisData

__all__ = ["measures"]

_ACTOR_TYPES = {"WorkTeam", "PartyCommittee", "PartyDepartment", "PartyBranch", "GovernmentAgency",
                "LeadingGroup", "Enterprise", "Cooperative", "SocialOrganization",
                "FinancialInstitution", "CollectiveBody", "Organization", "Post", "Person"}


def _dist(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "mean": None, "median": None, "max": None}
    return {"n": len(values), "mean": round(statistics.fmean(values), 3),
            "median": statistics.median(values), "max": max(values)}


def measures(data: AnalysisData, *, top: int = 10, exact_limit: int = 5000,
             k: int = 500) -> dict[str, Any]:
    """Helper load, village redundancy, components and central bodies, as a dict."""
    H = help_graph(data)
    simple = nx.DiGraph(H)  # one edge per helper-target pair, whatever the documents
    helpers = [n for n in simple if simple.out_degree(n) > 0]
    load = sorted(((simple.out_degree(n), n) for n in helpers), key=lambda x: (-x[0], x[1]))
    villages = [n for n in simple if (simple.nodes[n].get("code") or 0) % 1000 != 0
                and simple.in_degree(n) > 0]
    redundancy = [simple.in_degree(n) for n in villages]
    comps = sorted((len(c) for c in nx.connected_components(simple.to_undirected(as_view=True))),
                   reverse=True)
    O = org_graph(data)
    approx = O.number_of_nodes() > exact_limit
    bc = (nx.betweenness_centrality(O, k=min(k, O.number_of_nodes()), seed=0) if approx
          else nx.betweenness_centrality(O))
    central = sorted(((v, n) for n, v in bc.items()
                      if O.nodes[n].get("type") in _ACTOR_TYPES and v > 0),
                     key=lambda x: (-x[0], x[1]))[:top]

    def label(G: nx.Graph, n: str) -> str:
        return G.nodes[n].get("label") or n.rsplit("/", 1)[-1]

    return {
        "helper_load": {**_dist([d for d, _ in load]),
                        "top": [{"helper": n, "label": label(simple, n), "targets": d}
                                for d, n in load[:top]]},
        "village_redundancy": {**_dist(redundancy),
                               "with_two_or_more": sum(1 for r in redundancy if r >= 2)},
        "components": {"count": len(comps), "largest": comps[0] if comps else 0,
                       "sizes": comps[:top]},
        "coordinating_bodies": {
            "graph_nodes": O.number_of_nodes(), "graph_edges": O.number_of_edges(),
            "betweenness": "estimated" if approx else "exact",
            "top": [{"node": n, "label": label(O, n), "type": O.nodes[n].get("type"),
                     "betweenness": round(v, 4), "degree": O.degree(n)} for v, n in central],
        },
    }
