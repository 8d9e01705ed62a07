"""``/documents``: the reports in the store; upload (extract + load) and delete with the token."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from api.deps import GazetteerDep, SettingsDep, StateDep, StoreDep, WriteAccess
from api.errors import ERROR_RESPONSES, ApiError
from api.urls import decorate
from ingest.errors import InputError
from kg import explore
from kg.graph import load_file, remove_document

router = APIRouter(prefix="/documents", tags=["documents"], responses=ERROR_RESPONSES)

DocId = Annotated[
    str, Path(description="sha256 of the file (at least its first 8 hex digits) or its file name.")
]


@router.get("", summary="Every document in the store")
def documents(store: StoreDep, settings: SettingsDep) -> list[dict[str, Any]]:
    """id (sha256), file name, title, date, jurisdiction and number of triples of each report."""
    return decorate(explore.documents(store), settings.base)


@router.get("/{doc_id}", summary="One document and every statement it holds")
def document(doc_id: DocId, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """The document's metadata, its sourced statements (subject, relation, object, quote,
    span) and its aggregate claims, in text order."""
    try:
        return decorate(explore.document_detail(store, doc_id), settings.base)
    except InputError as exc:
        raise ApiError(404, exc.message, "not_found") from None


def _safe_name(name: str | None) -> str:
    base = FsPath(name or "").name.strip()
    base = re.sub(r"[\x00-\x1f/\\]", "_", base)
    return base or "upload.txt"


@router.post(
    "",
    status_code=201,
    summary="Upload a report: extracted and loaded in one transaction (token required)",
)
async def upload(
    request: Request,
    file: UploadFile,
    _auth: WriteAccess,
    state: StateDep,
    gz: GazetteerDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """A report file (.txt in any Chinese encoding, .html, .docx, .pdf) is read,
    extracted and loaded as `kg build` does; a file already in the store is
    ``unchanged``. 413 when larger than ``KG_MAX_UPLOAD_MB``; 422 when it is not
    a report (unreadable, binary, empty, nothing found in it)."""
    limit = int(settings.max_upload_mb * 1024 * 1024)
    tmp = FsPath(tempfile.mkdtemp(prefix="kg-upload-"))
    try:
        path = tmp / _safe_name(file.filename)
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise ApiError(
                        413,
                        f"file too large (more than {settings.max_upload_mb:g} MB)",
                        "too_large",
                    )
                out.write(chunk)

        def load() -> Any:
            with state.write_lock:
                outcome = load_file(state.store, path, base=settings.base, gz=gz, max_bytes=limit)
                state.changed()
                return outcome

        try:
            outcome = await run_in_threadpool(load)
        except InputError as exc:
            raise ApiError(422, exc.message, "not_a_report") from None
        doc = explore.find_document(state.store, outcome.graph or path.name)
        return decorate(
            {"status": outcome.status, "added": outcome.added, "document": doc}, settings.base
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@router.delete("/{doc_id}", summary="Delete one document's graph (token required)")
async def delete(doc_id: DocId, _auth: WriteAccess, state: StateDep) -> dict[str, Any]:
    """Drops exactly one document's named graph (as `kg remove`)."""

    def remove() -> list[str]:
        with state.write_lock:
            removed = remove_document(state.store, doc_id)
            state.changed()
            return removed

    try:
        removed = await run_in_threadpool(remove)
    except InputError as exc:
        status = 404 if exc.message.startswith("no document") else 409
        raise ApiError(status, exc.message, "not_found" if status == 404 else "ambiguous") from None
    return {"removed": removed}
