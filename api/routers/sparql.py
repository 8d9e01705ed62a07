"""``/sparql``: the SPARQL 1.1 Protocol (query operation), read-only.

GET ``?query=``, POST form-encoded (``query=``), POST direct
(``Content-Type: application/sparql-query``). Results by ``Accept`` or a
``format`` (also ``output`` / ``results``) parameter: SELECT/ASK as SPARQL
JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, N-Quads,
JSON-LD, RDF/XML. The default graph is the union of all graphs;
``default-graph-uri`` / ``named-graph-uri`` set the dataset as the protocol
says, and ``doc=`` (a document's sha256 or file name) restricts the default
graph to that document's graph (plus the registry graph, for place names).

Updates, LOAD and SERVICE are refused (403) after reading the query
(:func:`kg.protocol.inspect_query`); a query runs in a worker process and is
stopped after ``KG_QUERY_TIMEOUT`` seconds (503); answers carry at most
``KG_RESULT_CAP`` rows (``X-Result-Truncated: true`` when cut).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.errors import ERROR_RESPONSES, ApiError
from api.state import ServiceState
from kg.explore import find_document
from kg.mapping import registry_graph
from kg.protocol import GRAPH_FORMATS, SOLUTION_FORMATS, QueryRefused, QueryRequest, inspect_query

router = APIRouter(tags=["sparql"], responses=ERROR_RESPONSES)

# what a ``format`` value or a media type asks for, per kind of result
_SOLUTION_ALIASES = {
    "json": "json", "srj": "json", "application/sparql-results+json": "json",
    "application/json": "json", "xml": "xml", "srx": "xml",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "csv": "csv", "text/csv": "csv", "tsv": "tsv", "text/tab-separated-values": "tsv",
}  # fmt: skip
_GRAPH_ALIASES = {
    "turtle": "turtle", "ttl": "turtle", "text/turtle": "turtle", "n3": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle", "application/x-turtle": "turtle",
    "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "nq": "nquads", "nquads": "nquads", "n-quads": "nquads", "application/n-quads": "nquads",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld", "application/ld+json": "jsonld",
    "application/json": "jsonld", "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml",
    "xml": "rdfxml", "application/rdf+xml": "rdfxml", "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}  # fmt: skip


def _accepted(header: str) -> list[str]:
    """Media ranges of an Accept header, best first (q-values; order kept among equals)."""
    items = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, media))
    return [m for _, _, m in sorted(items)]


def negotiate(form: str, fmt: str | None, accept: str | None) -> str:
    """The result format for a query of ``form``, from ``format=`` or the Accept header."""
    graph = form in ("construct", "describe")
    aliases = _GRAPH_ALIASES if graph else _SOLUTION_ALIASES
    formats = GRAPH_FORMATS if graph else SOLUTION_FORMATS
    default = "turtle" if graph else "json"
    if fmt:
        got = aliases.get(fmt.strip().lower())
        if got is None:
            raise ApiError(
                406,
                f"format {fmt!r} is not available for {form.upper()}; one of {', '.join(formats)}",
                "not_acceptable",
            )
        return got
    if not accept:
        return default
    for media in _accepted(accept):
        if media in aliases:
            return aliases[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise ApiError(
        406,
        f"cannot answer {form.upper()} as {accept}; available: "
        + ", ".join(f"{k} ({v})" for k, v in formats.items()),
        "not_acceptable",
    )


async def _answer(
    request: Request, state: ServiceState, query: str | None, params: dict[str, list[str]]
) -> Response:
    if not query or not query.strip():
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/ui/sparql", status_code=303)
        raise ApiError(400, "missing query (give ?query=… or POST a query)", "missing_query")
    form = inspect_query(query)
    fmt = negotiate(
        form,
        next(
            iter(params.get("format") or params.get("output") or params.get("results") or []), None
        ),
        request.headers.get("accept"),
    )
    default_graph = tuple(params.get("default-graph-uri", [])) or None
    named = tuple(params.get("named-graph-uri", [])) or None
    doc = next(iter(params.get("doc", [])), None)
    settings = state.settings
    if doc:
        d = await run_in_threadpool(find_document, state.store, doc)
        default_graph = (d["iri"], str(registry_graph(settings.base)))
    for g in (default_graph or ()) + (named or ()):
        if not g.startswith(("http://", "https://", "urn:")) or any(c in g for c in ' <>"{}|\\^`'):
            raise ApiError(400, f"not an absolute IRI: {g!r}", "bad_iri")
    req = QueryRequest(query, fmt, default_graph, named, settings.result_cap)
    key = (state.generation, req)
    ans = state.sparql_cache.get(key)
    if ans is None:
        ans = await state.pool.arun(req)
        if state.generation == key[0]:
            state.sparql_cache.put(key, ans)
    headers = {"X-Result-Count": str(ans.count)}
    if ans.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Cap"] = str(settings.result_cap)
    return Response(ans.body, media_type=ans.media_type, headers=headers)


_DESCRIPTION = __doc__.split("\n\n", 1)[1] if __doc__ else ""


_GET_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "description": text, "schema": schema}
    for name, text, schema in [
        ("query", "The SPARQL query.", {"type": "string"}),
        (
            "default-graph-uri",
            "Graphs of the default graph.",
            {"type": "array", "items": {"type": "string"}},
        ),
        (
            "named-graph-uri",
            "Named graphs GRAPH sees.",
            {"type": "array", "items": {"type": "string"}},
        ),
        ("doc", "Only this document's graph (sha256 or file name).", {"type": "string"}),
        (
            "format",
            "json | xml | csv | tsv | turtle | ntriples | nquads | jsonld | rdfxml",
            {"type": "string"},
        ),
    ]
]


@router.get(
    "/sparql",
    summary="SPARQL query (GET)",
    description=_DESCRIPTION,
    response_class=Response,
    responses={
        200: {
            "content": {m: {} for m in (*SOLUTION_FORMATS.values(), *GRAPH_FORMATS.values())},
            "description": "Query results",
        }
    },
    # The parameters are read from the URL once, here, and documented for OpenAPI
    # by hand: FastAPI's own parsing of five optional strings cost as much as the
    # rest of the route.
    openapi_extra={"parameters": _GET_PARAMETERS},
)
async def sparql_get(request: Request, state: StateDep) -> Response:
    qp = request.query_params
    params = {k: qp.getlist(k) for k in qp}
    return await _answer(request, state, qp.get("query"), params)


@router.post(
    "/sparql",
    summary="SPARQL query (POST form-encoded or direct)",
    description="Form-encoded (`query=`) or direct (`Content-Type: application/sparql-query`); "
    "the dataset and format parameters may be in the URL or the form.",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
                },
                "application/sparql-query": {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(request: Request, state: StateDep) -> Response:
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise QueryRefused("SPARQL Update is refused; this endpoint is read-only")
    if ctype == "application/x-www-form-urlencoded":
        form = await request.form()
        for k in form:
            params.setdefault(k, []).extend(str(v) for v in form.getlist(k))
        if "update" in form:
            raise QueryRefused("SPARQL Update is refused; this endpoint is read-only")
        query = next(iter(params.get("query", [])), None)
    elif ctype == "application/sparql-query":
        query = (await request.body()).decode("utf-8", errors="replace")
    else:
        raise ApiError(
            415,
            f"unsupported content type {ctype or '(none)'!r}; use application/x-www-form-urlencoded "
            "or application/sparql-query",
            "unsupported_media_type",
        )
    return await _answer(request, state, query, params)
