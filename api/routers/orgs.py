"""``/orgs/{id}`` and ``/orgs/{id}/targets``: an organisation and whom it helps.

The id is the organisation's IRI after ``{base}org/``: ``{anchor}/{name}``,
e.g. ``620502000000/秦州区委组织部`` (percent-encoded in the URL).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import SettingsDep, StoreDep
from api.errors import ERROR_RESPONSES, ApiError
from api.urls import decorate
from kg import explore
from kg.store import GraphStore

router = APIRouter(prefix="/orgs", tags=["organisations"], responses=ERROR_RESPONSES)

OrgId = Annotated[
    str,
    Path(
        description="The organisation's IRI after {base}org/ (anchor/name). 机构标识。",
        examples=["620502000000/秦州区委组织部"],
    ),
]


def node_iri(kind: str, node_id: str, base: str) -> str:
    """The IRI of ``{base}{kind}/{id}``; 400 when the id cannot be part of an IRI."""
    if not node_id or any(c in node_id for c in ' <>"{}|\\^`\n\t') or node_id.startswith("/"):
        raise ApiError(400, f"malformed {kind} id {node_id!r}", "bad_id")
    return f"{base}{kind}/{node_id}"


def node_answer(
    lookup: Callable[[GraphStore, str], dict[str, Any] | None],
    store: GraphStore,
    base: str,
    kind: str,
    node_id: str,
    noun: str,
) -> dict[str, Any]:
    """What ``lookup`` says of the node ``{base}{kind}/{node_id}``, its links made into
    page URLs; 404 naming the ``noun`` when the store has no such node."""
    out = lookup(store, node_iri(kind, node_id, base))
    if out is None:
        raise ApiError(404, f"no {noun} {node_id!r} in the store", "not_found")
    return decorate(out, base)


@router.get("/{org_id:path}/targets", summary="Whom this organisation helps")
def targets(org_id: OrgId, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Targets (places, bodies) with the kind of help, the time and each link's source;
    and the aggregate claims that name the organisation as helper."""
    return node_answer(explore.org_targets, store, settings.base, "org", org_id, "organisation")


@router.get("/{org_id:path}", summary="An organisation: names, anchor, mentions, links, claims")
def org(org_id: OrgId, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Labels, classes, anchoring place, how each document writes it (with the identity
    decision), its sourced links both ways and the claims that name it."""
    return node_answer(explore.node_detail, store, settings.base, "org", org_id, "organisation")
