"""One JSON error shape for every error the service answers.

``{"status": 404, "error": "not_found", "message": "…one line…"}`` — the
status again, a short machine-readable code, and one line a person can read.
Pages (``/``, ``/ui/…``, ``/graph``) get the same content as an HTML page.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.errors import InputError, KGError, RegistryError
from kg.protocol import QueryRefused
from kg.query_pool import PoolBusy, QueryTimeout
from kg.store import QueryError, StoreError

__all__ = ["ERROR_RESPONSES", "ApiError", "ErrorBody", "error_body", "install"]

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    """The one error shape (documented in OpenAPI for every route)."""

    status: int = Field(description="The HTTP status again.", examples=[404])
    error: str = Field(description="A short machine-readable code.", examples=["not_found"])
    message: str = Field(
        description="One line a person can read.", examples=["unknown division code '999999999999'"]
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request (malformed code, IRI, query …)"},
    404: {"model": ErrorBody, "description": "Not in the registry or the store"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}


class ApiError(Exception):
    """An error with its HTTP status and code, raised by routes."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _code(status)
        self.headers = headers


def _code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The one error shape."""
    first = " ".join(str(message).split()) or _code(status)
    return {"status": status, "error": code or _code(status), "message": first}


def _is_page(request: Request) -> bool:
    p = request.url.path
    return (p == "/" or p.startswith(("/ui/", "/graph"))) and "text/html" in request.headers.get(
        "accept", ""
    )


def _respond(
    request: Request,
    status: int,
    message: str,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = error_body(status, message, code)
    if _is_page(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(
                request, "error.html", {"err": body}, status_code=status, headers=headers
            )
    return JSONResponse(body, status_code=status, headers=headers)


# the HTTP status and error name of each kind of KGError; the first class that
# matches wins (QueryRefused before QueryError: it is one)
_KG_STATUS: tuple[tuple[type[KGError], int, str], ...] = (
    (QueryRefused, 403, "refused"),
    (QueryTimeout, 503, "query_timeout"),
    (PoolBusy, 503, "busy"),
    (QueryError, 400, "bad_query"),
    (RegistryError, 404, "unknown_code"),
    (InputError, 400, "bad_input"),
    (StoreError, 503, "store_unavailable"),
)


def _kg_status(exc: KGError) -> tuple[int, str]:
    return next(((s, n) for cls, s, n in _KG_STATUS if isinstance(exc, cls)), (500, "error"))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc.status, exc.message, exc.code, exc.headers)

    @app.exception_handler(KGError)
    async def _kg(request: Request, exc: KGError) -> Response:
        status, code = _kg_status(exc)
        headers = {"Retry-After": "5"} if status == 503 else None
        return _respond(request, status, exc.message, code, headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers) if exc.headers else None
        return _respond(request, exc.status_code, str(exc.detail), None, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errs = exc.errors()
        if errs:
            e = errs[0]
            where = " ".join(str(x) for x in e.get("loc", ()) if x not in ("body",))
            message = f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg"))
        else:
            message = "invalid request"
        return _respond(request, 422, message, "invalid_request")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _respond(request, 500, f"internal error ({type(exc).__name__})", "internal_error")
