"""``/coverage`` and ``/gaps``: the figures of `kg coverage` and `kg gaps`, as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import GazetteerDep, StateDep
from api.errors import ERROR_RESPONSES, ApiError
from kg.analysis.gaps import GAP_KINDS
from kg.analysis.report import (
    COVERAGE_TABLES,
    coverage_report,
    gaps_report,
    jsonable,
    resolve_scope,
)

router = APIRouter(tags=["coverage"], responses=ERROR_RESPONSES)

Scope = Annotated[
    str | None,
    Query(description="A division code (620502) or an unambiguous name (秦州区). 范围。"),
]
By = Annotated[
    str,
    Query(pattern="^(county|township|prefecture|province)$", description="Rows per … 统计层级。"),
]


@router.get("/coverage", summary="Coverage per county or township (as kg coverage --format json)")
async def coverage(
    state: StateDep,
    gz: GazetteerDep,
    scope: Scope = None,
    by: By = "county",
    table: Annotated[
        list[str] | None,
        Query(description=f"Only these tables: {', '.join(COVERAGE_TABLES)} (repeatable)."),
    ] = None,
) -> dict[str, Any]:
    """Registry village counts, villages with a named helper, claimed figures, the
    comparison across reports, claims matched by named links, network measures."""
    tables = tuple(table or COVERAGE_TABLES)
    for t in tables:
        if t not in COVERAGE_TABLES:
            raise ApiError(
                422, f"table {t!r}: one of {', '.join(COVERAGE_TABLES)}", "invalid_request"
            )

    def run() -> dict[str, Any]:
        code = resolve_scope(gz, scope)
        return jsonable(coverage_report(state.analysis(), gz, scope=code, level=by, tables=tables))

    return await run_in_threadpool(run)


@router.get("/gaps", summary="Linkage gaps (as kg gaps --format json)")
async def gaps(
    state: StateDep,
    gz: GazetteerDep,
    scope: Scope = None,
    by: By = "county",
    kind: Annotated[
        list[str] | None,
        Query(description=f"Only these kinds: {', '.join(GAP_KINDS)} (repeatable)."),
    ] = None,
    limit: Annotated[int | None, Query(ge=1, description="At most this many rows.")] = None,
) -> list[dict[str, Any]]:
    """One row per finding: kind, scope, item, label, detail, documents."""

    def run() -> list[dict[str, Any]]:
        code = resolve_scope(gz, scope)
        df = gaps_report(
            state.analysis(), gz, scope=code, level=by, kinds=tuple(kind or ()) or None
        )
        return df.head(limit).to_dicts() if limit else df.to_dicts()

    return await run_in_threadpool(run)
