"""An interactive view of a help graph (pyvis, optional): HTML for a notebook or a file.

The page carries vis-network inline, so it opens without a network. Install
with ``pip install 'bangfu-kg[notebooks]'``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KIND_COLOURS", "help_network_html", "help_network_iframe"]

#: Node colours by class (the ``type`` node attribute of kg.analysis.help_graph);
#: other organisations are orange.
KIND_COLOURS = {
    "Village": "#2e6f9e",
    "Township": "#5b8fb9",
    "County": "#1b4965",
    "Prefecture": "#1b4965",
    "Province": "#1b4965",
    "Person": "#c38d9e",
    "Post": "#c38d9e",
    "WorkTeam": "#41b3a3",
}


def help_network_html(graph: Any, *, height: str = "600px", max_nodes: int = 400) -> str:
    """A standalone HTML page drawing ``graph`` (helper → target), nodes coloured by class.

    ``graph`` is a NetworkX graph such as :func:`kg.analysis.help_graph`'s; the
    ``label`` node attribute names a node. Past ``max_nodes`` the nodes with
    the most links are kept.
    """
    from pyvis.network import Network

    nodes = list(graph.nodes)
    if len(nodes) > max_nodes:
        nodes = sorted(nodes, key=lambda n: (-graph.degree(n), str(n)))[:max_nodes]
    keep = set(nodes)
    net = Network(
        height=height,
        width="100%",
        directed=graph.is_directed(),
        cdn_resources="in_line",
        notebook=False,
    )
    for n in sorted(keep, key=str):
        attrs = graph.nodes[n]
        kind = str(attrs.get("type") or "")
        net.add_node(
            str(n),
            label=str(attrs.get("label") or n),
            title=f"{attrs.get('label') or n} ({kind})" if kind else str(n),
            color=KIND_COLOURS.get(kind, "#e8a87c"),
            size=8 + 2 * min(graph.degree(n), 10),
        )
    for u, v, *rest in graph.edges(data=True):
        if u in keep and v in keep:
            data = rest[0] if rest else {}
            net.add_edge(str(u), str(v), title=str(data.get("kind") or data.get("rel") or ""))
    net.toggle_physics(True)
    return str(net.generate_html(notebook=False))


def help_network_iframe(graph: Any, *, height: int = 620, **kw: Any) -> str:
    """The page of :func:`help_network_html` in an ``<iframe srcdoc>`` (for notebook output)."""
    import html

    page = help_network_html(graph, height=f"{height - 20}px", **kw)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" width="100%" height="{height}" '
        'style="border:none"></iframe>'
    )
