"""``/programs``: programmes with their owners; ``/programs/{id}`` one of them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import SettingsDep, StoreDep
from api.errors import ERROR_RESPONSES
from api.routers.orgs import node_answer
from api.urls import decorate
from kg import explore

router = APIRouter(prefix="/programs", tags=["programmes"], responses=ERROR_RESPONSES)


@router.get("", summary="Programmes, with who implements, leads or is responsible for them")
def programs(store: StoreDep, settings: SettingsDep) -> list[dict[str, Any]]:
    """Every programme: label, kind, documents, and owners with each statement's source."""
    return decorate(explore.programs(store), settings.base)


@router.get("/{program_id:path}", summary="One programme")
def program(
    program_id: Annotated[str, Path(description="The IRI after {base}program/ (its name).")],
    store: StoreDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Names, documents, mentions and sourced links of one programme."""
    return node_answer(
        explore.node_detail, store, settings.base, "program", program_id, "programme"
    )
