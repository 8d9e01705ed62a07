"""``/people/{id}``: a person (id: the IRI after ``{base}person/``, ``{anchor}/{name}``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import SettingsDep, StoreDep
from api.errors import ERROR_RESPONSES
from api.routers.orgs import node_answer
from kg import explore

router = APIRouter(prefix="/people", tags=["people"], responses=ERROR_RESPONSES)


@router.get("/{person_id:path}", summary="A person: names, anchor, mentions, links, claims")
def person(
    person_id: Annotated[
        str, Path(description="The IRI after {base}person/ (anchor/name). 人物标识。")
    ],
    store: StoreDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """As ``/orgs/{id}``: how each document writes the name, and every sourced link."""
    return node_answer(explore.node_detail, store, settings.base, "person", person_id, "person")
