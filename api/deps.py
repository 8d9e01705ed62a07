"""Dependencies of the routes as ``Annotated`` aliases (FastAPI's habit).

They are ``async`` where they only read the app's state: FastAPI runs a sync
dependency in its thread pool, a hop per dependency per request.

>>> from api.deps import StoreDep  # a route takes ``store: StoreDep``
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates

from api.errors import ApiError
from api.settings import ServiceSettings
from api.state import ServiceState
from ingest.gazetteer import Gazetteer
from kg.query_pool import QueryPool
from kg.search import SearchIndex
from kg.store import GraphStore

__all__ = [
    "GazetteerDep",
    "PoolDep",
    "SearchDep",
    "SettingsDep",
    "StateDep",
    "StoreDep",
    "TemplatesDep",
    "WriteAccess",
]


async def get_state(request: Request) -> ServiceState:
    state = getattr(request.app.state, "kg", None)
    if state is None:  # pragma: no cover - only before the lifespan ran
        raise ApiError(503, "the service is starting", "starting")
    return state


StateDep = Annotated[ServiceState, Depends(get_state)]


async def get_settings(state: StateDep) -> ServiceSettings:
    return state.settings


async def get_store(state: StateDep) -> GraphStore:
    return state.store


async def get_gazetteer(state: StateDep) -> Gazetteer:
    return state.gz


async def get_pool(state: StateDep) -> QueryPool:
    return state.pool


def get_search(state: StateDep) -> SearchIndex:
    return state.search_index()  # may wait for the index: stays in the thread pool


async def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


SettingsDep = Annotated[ServiceSettings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
GazetteerDep = Annotated[Gazetteer, Depends(get_gazetteer)]
PoolDep = Annotated[QueryPool, Depends(get_pool)]
SearchDep = Annotated[SearchIndex, Depends(get_search)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]

_bearer = HTTPBearer(auto_error=False, description="The token of the setting KG_TOKEN.")


async def require_token(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need ``Authorization: Bearer <KG_TOKEN>``; without a configured token none is allowed."""
    token = state.settings.token
    if token is None:
        raise ApiError(
            403,
            "this service is read-only (start it with a KG_TOKEN to allow uploads)",
            "read_only",
        )
    if credentials is None:
        raise ApiError(
            401,
            "missing bearer token (Authorization: Bearer …)",
            "unauthorized",
            {"WWW-Authenticate": "Bearer"},
        )
    if not secrets.compare_digest(
        credentials.credentials.encode(), token.get_secret_value().encode()
    ):
        raise ApiError(403, "wrong bearer token", "forbidden")


WriteAccess = Annotated[None, Depends(require_token)]
