"""``/search?q=``: places, organisations, people and programmes by name, short form or pinyin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import SearchDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.urls import decorate
from kg.search import KINDS

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


@router.get(
    "/search", summary="Search by Chinese name, short form, Traditional characters or pinyin"
)
async def search(
    search: SearchDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="秦州区, 秦州, 秦州區, qinzhou, qin zhou qu, a division code …",
        ),
    ],
    kind: Annotated[
        list[str] | None, Query(description=f"Only these kinds: {', '.join(KINDS)} (repeatable).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Best matches first: exact names and short forms, then prefixes, then substrings;
    nodes the store holds before the rest of the registry."""
    kinds = tuple(kind or KINDS)
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ApiError(422, f"kind {bad[0]!r}: one of {', '.join(KINDS)}", "invalid_request")
    hits = await run_in_threadpool(search.search, q, limit=limit, kinds=kinds)
    return {"query": q, "results": decorate(hits, settings.base)}
