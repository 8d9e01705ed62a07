"""The FastAPI application: `kg serve` runs ``api.main:create_app`` (a factory) with uvicorn.

>>> from api.main import create_app
>>> app = create_app()          # nothing is opened until the app starts (lifespan)

Routes (one router per resource, :mod:`api.routers`): the SPARQL 1.1
endpoint ``/sparql``; JSON under ``/places``, ``/orgs``, ``/people``,
``/programs``, ``/documents``, ``/coverage``, ``/gaps``, ``/search``; pages
(``/``, ``/ui/…``) and graph views (``/graph``); OpenAPI at ``/docs``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api import errors
from api.cache import ResponseCache
from api.routers import (
    coverage,
    documents,
    graph,
    orgs,
    pages,
    people,
    places,
    programs,
    search,
    sparql,
)
from api.settings import ServiceSettings, get_service_settings
from api.state import ServiceState
from ingest import __version__

__all__ = ["create_app"]

DESCRIPTION = """
帮扶知识图谱 — who helps whom in China's poverty-alleviation reports.

Every fact comes with its provenance: the document (sha256, file name), the
quote and the character span in the original text (`source`).
Errors have one shape: `{"status": 404, "error": "not_found", "message": "…"}`.
"""

TAGS = [
    {"name": "sparql", "description": "SPARQL 1.1 Protocol endpoint (read-only). 查询端点。"},
    {"name": "places", "description": "Registry units and who helps them. 地点与帮扶方。"},
    {"name": "organisations", "description": "Organisations and whom they help. 机构。"},
    {"name": "people", "description": "People. 人物。"},
    {"name": "programmes", "description": "Programmes and their owners. 项目。"},
    {"name": "documents", "description": "Reports in the store; upload and delete. 文档。"},
    {
        "name": "coverage",
        "description": "Coverage and linkage gaps (as kg coverage / kg gaps). 覆盖与缺口。",
    },
    {"name": "search", "description": "Search by name, short form or pinyin. 搜索。"},
    {"name": "graph", "description": "Neighbourhood graphs (data and interactive views). 关系图。"},
]


def _vis_dir() -> Path:
    """vis-network as shipped inside the pyvis wheel (served locally, no CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    versions = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not versions:  # pragma: no cover - a pyvis without its bundled assets
        raise RuntimeError(f"vis-network not found under {lib}")
    return versions[-1].parent


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The application; the store, registry, query workers and search index open in its lifespan."""
    conf = settings or get_service_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = ServiceState(conf)
        app.state.kg = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="bangfu-kg 帮扶知识图谱",
        description=DESCRIPTION,
        version=__version__,
        lifespan=lifespan,
        openapi_tags=TAGS,
    )
    app.state.settings = conf
    app.state.templates = Jinja2Templates(directory=str(files("api") / "templates"))
    errors.install(app)
    app.add_middleware(ResponseCache)
    app.mount("/static/vis", StaticFiles(directory=_vis_dir()), name="vis")
    app.mount("/static", StaticFiles(directory=str(files("api") / "static")), name="static")
    for router in (
        sparql.router,
        places.router,
        orgs.router,
        people.router,
        programs.router,
        documents.router,
        coverage.router,
        search.router,
        graph.router,
        pages.router,
    ):
        app.include_router(router)

    @app.get("/health", tags=["service"], summary="Liveness: a constant answer")
    def health() -> dict[str, str]:
        """Answers at once without touching the store (the hello-world of the load benchmark)."""
        return {"status": "ok"}

    return app
