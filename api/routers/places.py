"""``/places/{code}`` and ``/places/{code}/helpers``: a registry unit and who helps it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import GazetteerDep, SettingsDep, StateDep
from api.errors import ERROR_RESPONSES
from api.responses import json_response
from api.urls import decorate
from kg import explore

router = APIRouter(prefix="/places", tags=["places"], responses=ERROR_RESPONSES)

Code = Annotated[
    str,
    Path(
        description="Division code: 12 digits, or 2/4/6/9 (padded with zeros). 区划代码。",
        examples=["620502000000"],
    ),
]


@router.get("/{code}", summary="A place: chain up, counts below, coverage row")
def place(code: Code, state: StateDep, gz: GazetteerDep, settings: SettingsDep) -> dict[str, Any]:
    """The registry unit, its chain (province first), the number of units below it by
    level, and — for a county or township — its coverage row as in `kg coverage`."""
    out = explore.place_summary(gz, code, base=settings.base)
    cov = (
        explore.place_coverage(state.analysis(), gz, out["code"])
        if out["level"] in ("county", "township")
        else None
    )
    out["coverage"] = cov["row"] if cov else None
    return decorate(out, settings.base)


@router.get(
    "/{code}/helpers",
    summary="Who helps this place, with the sentences that say so",
    response_model=dict[str, Any],
)
async def helpers(
    code: Code,
    state: StateDep,
    below: Annotated[
        bool, Query(description="Also helpers of every unit inside the place. 包括下辖单位。")
    ] = False,
) -> Response:
    """Helpers (organisations, teams, people) with the kind of help, the time, the claims
    that name them, and every link's source (document, quote, span); and the aggregate
    claims that cover the place (scoped to it or a unit above it)."""
    # Run on the event loop, not in the thread pool: a place's answer is a few dozen
    # index lookups (well under a millisecond), cheaper than the two thread hops a
    # sync route costs; ``below`` reads everything inside a county, so it goes there.
    base = state.settings.base
    if below:
        data = await run_in_threadpool(
            explore.place_helpers, state.store, state.gz, code, base=base, below=True
        )
    else:
        data = explore.place_helpers(state.store, state.gz, code, base=base)
    return json_response(decorate(data, base))
