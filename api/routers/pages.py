"""Pages (server-rendered, Chinese with English beside): start, search, place, organisation,
person, programme, document, coverage, and the SPARQL editor."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import GazetteerDep, SearchDep, SettingsDep, StateDep, StoreDep, TemplatesDep
from api.errors import ApiError
from api.routers.graph import KIND_LABELS
from api.routers.orgs import node_iri
from api.urls import decorate, page_url
from ingest.errors import InputError
from kg import explore
from kg.vocab import PREFIXES

router = APIRouter(include_in_schema=False)

LEVEL_NAMES = {
    "prefecture": "地级 prefectures",
    "county": "县级 counties",
    "township": "乡级 townships",
    "village": "村委会 villages",
    "community": "社区 communities",
}


def _num(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _pct(v: Any) -> str:
    return "—" if v is None else f"{100 * float(v):.0f}%"


def install_filters(templates: Any) -> None:
    templates.env.filters["num"] = _num
    templates.env.filters["pct"] = _pct


def _page(templates: TemplatesDep, request: Request, name: str, **ctx: Any) -> HTMLResponse:
    install_filters(templates)
    return templates.TemplateResponse(request, name, ctx)


@router.get("/", response_class=HTMLResponse)
async def index(
    request: Request, store: StoreDep, templates: TemplatesDep, settings: SettingsDep
) -> HTMLResponse:
    def load() -> tuple[dict[str, Any], dict[str, Any]]:
        ex = explore.examples(store)
        for v in ex.values():
            v["page"] = page_url(v["iri"], settings.base)
        return ex, {"documents": len(store.documents()), "quads": f"{len(store):,}"}

    ex, stats = await run_in_threadpool(load)
    return _page(templates, request, "index.html", ex=ex, stats=stats)


@router.get("/ui/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    search: SearchDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Results; a query whose best match is the only exact one goes straight to its page."""
    hits = await run_in_threadpool(search.search, q, limit=30) if q.strip() else []
    decorate(hits, settings.base)
    exact = [h for h in hits if h["match"] in ("exact", "code")]
    if len(exact) == 1 and hits and hits[0] is exact[0]:
        return RedirectResponse(hits[0]["page"], status_code=303)
    return _page(templates, request, "search.html", q=q, results=hits, kind_labels=KIND_LABELS)


@router.get("/ui/places/{code}", response_class=HTMLResponse)
async def place_page(
    request: Request,
    code: str,
    state: StateDep,
    gz: GazetteerDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    below: bool | None = None,
) -> HTMLResponse:
    """Who helps the place; for a unit above village level, by default also everything inside it."""

    def load() -> dict[str, Any]:
        whole = below
        if whole is None:
            whole = explore.place_summary(gz, code, base=settings.base)["level"] != "village"
        out = explore.place_helpers(state.store, gz, code, base=settings.base, below=whole)
        cov = None
        if out["place"]["level"] in ("county", "township"):
            cov = explore.place_coverage(state.analysis(), gz, out["place"]["code"])
        return {**decorate(out, settings.base), "coverage": cov}

    ctx = await run_in_threadpool(load)
    return _page(templates, request, "place.html", level_names=LEVEL_NAMES, **ctx)


async def _node_page(
    request: Request, templates: TemplatesDep, store: Any, settings: Any, iri: str, what: str
) -> HTMLResponse:
    node = await run_in_threadpool(explore.node_detail, store, iri)
    if node is None:
        raise ApiError(404, f"no {what} {iri!r} in the store", "not_found")
    return _page(templates, request, "node.html", node=decorate(node, settings.base))


@router.get("/ui/orgs/{org_id:path}", response_class=HTMLResponse)
async def org_page(
    request: Request, org_id: str, store: StoreDep, templates: TemplatesDep, settings: SettingsDep
) -> HTMLResponse:
    return await _node_page(
        request, templates, store, settings, node_iri("org", org_id, settings.base), "organisation"
    )


@router.get("/ui/people/{person_id:path}", response_class=HTMLResponse)
async def person_page(
    request: Request,
    person_id: str,
    store: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
) -> HTMLResponse:
    return await _node_page(
        request, templates, store, settings, node_iri("person", person_id, settings.base), "person"
    )


@router.get("/ui/programs", response_class=HTMLResponse)
async def programs_page(
    request: Request, store: StoreDep, templates: TemplatesDep, settings: SettingsDep
) -> HTMLResponse:
    progs = await run_in_threadpool(explore.programs, store)
    return _page(templates, request, "programs.html", programs=decorate(progs, settings.base))


@router.get("/ui/programs/{program_id:path}", response_class=HTMLResponse)
async def program_page(
    request: Request,
    program_id: str,
    store: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
) -> HTMLResponse:
    return await _node_page(
        request,
        templates,
        store,
        settings,
        node_iri("program", program_id, settings.base),
        "programme",
    )


@router.get("/ui/node", response_class=HTMLResponse)
async def any_node_page(
    request: Request, iri: str, store: StoreDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    from kg.neighbourhood import check_iri

    iri = check_iri(iri)
    own = page_url(iri, settings.base)
    if own and not own.startswith("/ui/node"):
        return RedirectResponse(own, status_code=303)
    return await _node_page(request, templates, store, settings, iri, "node")


@router.get("/ui/documents", response_class=HTMLResponse)
async def documents_page(
    request: Request, store: StoreDep, templates: TemplatesDep
) -> HTMLResponse:
    docs = await run_in_threadpool(explore.documents, store)
    return _page(templates, request, "documents.html", docs=docs)


@router.get("/ui/documents/{doc_id}", response_class=HTMLResponse)
async def document_page(
    request: Request, doc_id: str, store: StoreDep, templates: TemplatesDep, settings: SettingsDep
) -> HTMLResponse:
    try:
        doc = await run_in_threadpool(explore.document_detail, store, doc_id)
    except InputError as exc:
        raise ApiError(404, exc.message, "not_found") from None
    decorate(doc, settings.base)
    seen: set[str] = set()
    for s in doc["statements"]:
        a = f"at-{s['start']}" if s.get("start") is not None else None
        s["anchor"] = a if a and a not in seen else None
        if a:
            seen.add(a)
    for c in doc["claims"]:
        st = c["source"]["start"]
        a = f"at-{st}" if st is not None else None
        c["anchor"] = a if a and a not in seen else None
        if a:
            seen.add(a)
    return _page(templates, request, "document.html", doc=doc)


@router.get("/ui/coverage", response_class=HTMLResponse)
async def coverage_page(
    request: Request, state: StateDep, gz: GazetteerDep, templates: TemplatesDep
) -> HTMLResponse:
    from ingest.gazetteer.registry import EDITION
    from kg.analysis import coverage
    from kg.analysis.report import jsonable

    units = await run_in_threadpool(lambda: jsonable(coverage(state.analysis(), gz)))
    return _page(templates, request, "coverage.html", units=units, edition=EDITION)


@router.get("/ui/sparql", response_class=HTMLResponse)
async def sparql_page(
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    doc: str | None = None,
) -> HTMLResponse:
    examples = await run_in_threadpool(explore.example_queries, store)
    return _page(
        templates,
        request,
        "sparql.html",
        examples=examples,
        doc=doc,
        prefixes=PREFIXES,
        timeout=settings.query_timeout,
        cap=settings.result_cap,
    )
