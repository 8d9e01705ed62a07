"""``/graph``: a node's neighbourhood drawn interactively (pyvis / vis-network); ``/graph/data`` as JSON.

``/graph?focus=IRI&depth=N&kinds=place,org&limit=60`` — nodes coloured by
kind with Chinese labels, edges labelled with their relation; a click on a
node re-focuses the view on it, a click on an edge opens the sentence it came
from. vis-network is served by the app from the pyvis package (no CDN).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep, TemplatesDep
from api.errors import ERROR_RESPONSES, ApiError
from api.urls import page_url
from kg.explore import label_of, vocabulary_labels
from kg.neighbourhood import COLOURS, NODE_KINDS, neighbourhood

router = APIRouter(tags=["graph"], responses=ERROR_RESPONSES)

Focus = Annotated[str, Query(description="The IRI of the node at the centre. 中心节点 IRI。")]
Depth = Annotated[
    int, Query(ge=1, description="Steps from the focus (at most KG_GRAPH_MAX_DEPTH).")
]
Kinds = Annotated[
    str | None,
    Query(description=f"Comma-separated kinds of node to show: {', '.join(NODE_KINDS)}."),
]
Limit = Annotated[int | None, Query(ge=1, le=2000, description="Most nodes to draw.")]

KIND_LABELS = {
    "place": ("地点", "place"),
    "org": ("机构", "organisation"),
    "person": ("人物", "person"),
    "post": ("职务", "post"),
    "role": ("职务类别", "role"),
    "program": ("项目", "programme"),
    "task": ("任务", "task"),
    "fund": ("资金", "fund"),
    "claim": ("汇总陈述", "claim"),
}


def _parse(
    settings: Any, depth: int, kinds: str | None, limit: int | None
) -> tuple[int, tuple[str, ...], int]:
    if depth > settings.graph_max_depth:
        raise ApiError(
            400, f"depth {depth} is more than the limit of {settings.graph_max_depth}", "too_deep"
        )
    ks = tuple(k.strip() for k in (kinds or ",".join(NODE_KINDS)).split(",") if k.strip())
    bad = [k for k in ks if k not in NODE_KINDS]
    if bad or not ks:
        raise ApiError(
            400,
            f"unknown kind {bad[0] if bad else ''!r}; one of {', '.join(NODE_KINDS)}",
            "bad_kind",
        )
    return depth, ks, limit or settings.graph_node_limit


def _data(
    store: Any, settings: Any, focus: str, depth: int, ks: tuple[str, ...], n: int
) -> dict[str, Any]:
    out = neighbourhood(store, focus, base=settings.base, depth=depth, limit=n, kinds=ks)
    if not out["found"]:
        raise ApiError(404, f"no node {focus!r} in the store", "not_found")
    for node in out["nodes"]:
        node["page"] = page_url(node["id"], settings.base)
    for e in out["edges"]:
        p = e["provenance"]
        if p:
            doc = p["document"]["id"]
            e["sentence"] = (
                f"/ui/documents/{doc}#at-{p['start']}"
                if p.get("start") is not None
                else f"/ui/documents/{doc}"
            )
        else:
            e["sentence"] = page_url(e["source"], settings.base)
    return out


@router.get("/graph/data", summary="A node's neighbourhood as JSON (nodes, edges with sources)")
async def graph_data(
    store: StoreDep,
    settings: SettingsDep,
    focus: Focus,
    depth: Depth = 1,
    kinds: Kinds = None,
    limit: Limit = None,
) -> dict[str, Any]:
    """Nodes within ``depth`` steps of ``focus`` (at most ``limit``), the links between them, and
    for each sourced link one of the statements that say so (document, quote, span)."""
    d, ks, n = _parse(settings, depth, kinds, limit)
    return await run_in_threadpool(_data, store, settings, focus, d, ks, n)


def to_pyvis(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """Nodes, edges and options for vis-network, built with pyvis."""
    from pyvis.network import Network

    net = Network(height="640px", width="100%", directed=True, cdn_resources="remote")
    for node in data["nodes"]:
        tl = node["type_label"]
        title = f"{node['label']}\n{tl['zh']} {tl['en']}".strip()
        focus = node["depth"] == 0
        extra = {"font": {"size": 22, "background": "rgba(255,255,255,0.9)"}} if focus else {}
        net.add_node(
            node["id"],
            label=node["label"],
            title=title,
            color=node["colour"],
            shape="dot",
            size=26 if focus else 16,
            url=node.get("page"),
            kind=node["kind"],
            borderWidth=3 if focus else 1,
            **extra,
        )
    for e in data["edges"]:
        p = e["provenance"]
        title = e["label"]["zh"] + " " + e["label"]["en"]
        if p and p.get("quote"):
            title += f"\n「{p['quote']}」\n— {p['document']['file'] or p['document']['id'][:12]}"
        # a link a report states: labelled, solid; structure (part of, anchor, a claim's
        # helper/target/scope): dashed, light and unlabelled (its name shows on hover)
        style: dict[str, Any] = (
            {"label": e["label"]["zh"]}
            if p
            else {
                "dashes": True,
                "color": {"color": "#c8ccd2", "highlight": "#8a919c", "hover": "#8a919c"},
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            }
        )
        net.add_edge(
            e["source"],
            e["target"],
            title=title,
            url=e.get("sentence"),
            **({"arrows": "to"} | style),
        )
    net.set_options(
        json.dumps(
            {
                "physics": {
                    "stabilization": {"iterations": 300},
                    "barnesHut": {"springLength": 140},
                },
                "edges": {"font": {"size": 11, "align": "middle"}, "smooth": {"type": "dynamic"}},
                "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"}},
                "interaction": {"hover": True, "tooltipDelay": 150},
            }
        )
    )
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    return nodes, edges, options


@router.get("/graph", response_class=HTMLResponse, summary="Interactive neighbourhood view (HTML)")
async def graph_view(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    focus: Focus,
    depth: Depth = 1,
    kinds: Kinds = None,
    limit: Limit = None,
) -> HTMLResponse:
    """The page: vis-network canvas, legend, a 'more' control when nodes were left out."""
    d, ks, n = _parse(settings, depth, kinds, limit)
    data = await run_in_threadpool(_data, store, settings, focus, d, ks, n)
    nodes, edges, options = to_pyvis(data)
    focus_node = data["nodes"][0]
    return templates.TemplateResponse(
        request,
        "graph.html",
        {
            "data": data,
            "focus_node": focus_node,
            "vis_nodes": nodes,
            "vis_edges": edges,
            "vis_options": options,
            "kinds_all": NODE_KINDS,
            "kind_labels": KIND_LABELS,
            "colours": COLOURS,
            "depth": d,
            "kinds_on": ks,
            "limit": n,
            "more_limit": n * 2,
            "max_depth": settings.graph_max_depth,
            "vocab": vocabulary_labels,
            "label_of": label_of,
        },
    )
