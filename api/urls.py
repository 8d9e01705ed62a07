"""Links between the service's resources: the API path and the page of a node.

A node's id in a path is its IRI after ``{base}{kind}/`` (a place's code, a
document's sha256, an organisation's ``anchor/name``), percent-encoded.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from kg.explore import iri_kind

__all__ = ["API_PATHS", "api_url", "decorate", "page_url"]

API_PATHS = {
    "place": "/places/",
    "org": "/orgs/",
    "person": "/people/",
    "program": "/programs/",
    "doc": "/documents/",
}
PAGE_PATHS = {
    "place": "/ui/places/",
    "org": "/ui/orgs/",
    "person": "/ui/people/",
    "program": "/ui/programs/",
    "doc": "/ui/documents/",
}


def api_url(iri: str | None, base: str) -> str | None:
    """The JSON resource of a node (None for nodes without one: claims, posts …)."""
    k = iri_kind(iri, base) if iri else None
    if k is None or k[0] not in API_PATHS:
        return None
    return API_PATHS[k[0]] + quote(k[1], safe="/")


def page_url(iri: str | None, base: str) -> str | None:
    """The page of a node: its own page, or the generic node page."""
    if not iri:
        return None
    k = iri_kind(iri, base)
    if k is not None and k[0] in PAGE_PATHS:
        return PAGE_PATHS[k[0]] + quote(k[1], safe="/")
    return "/ui/node?iri=" + quote(iri, safe="")


def decorate(data: Any, base: str) -> Any:
    """Add ``api`` and ``page`` links beside every ``iri`` of a response (in place)."""
    if isinstance(data, dict):
        iri = data.get("iri")
        if isinstance(iri, str) and "api" not in data:
            data["api"] = api_url(iri, base)
            data["page"] = page_url(iri, base)
        for v in data.values():
            if isinstance(v, (dict, list)):
                decorate(v, base)
    elif isinstance(data, list):
        for v in data:
            decorate(v, base)
    return data
