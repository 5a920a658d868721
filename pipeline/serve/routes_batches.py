"""Uploading a batch, watching it run (htmx polling), cancelling it."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from pipeline.serve.app import page
from pipeline.serve.fields import InvalidValue

router = APIRouter()


@router.get("/batches")
def batch_list(request: Request):
    return page(request, "batches.j2", batches=request.app.state.ctx.batches.all()[:100],
                folders=inbox_folders(request.app.state.ctx.inbox))


def inbox_folders(inbox: Path | None) -> list[str]:
    """The inbox's subfolders (not hidden, not symbolic links): the only server folders a batch may read."""
    if inbox is None:
        return []
    return sorted(p.name for p in inbox.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


@router.post("/batches/folder")
def run_folder(request: Request, folder: str = Form(..., max_length=300)):
    ctx = request.app.state.ctx
    if folder not in inbox_folders(ctx.inbox):
        raise InvalidValue("choose one of the inbox's folders" if ctx.inbox else "this server has no inbox (ntm serve --inbox DIR)")
    state = ctx.batches.create_from_folder(ctx.inbox / folder, folder)
    return RedirectResponse(f"/batches/{state.id}", status_code=303)


@router.post("/batches")
async def upload(request: Request):
    ctx = request.app.state.ctx
    form = await request.form(max_files=500)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        raise InvalidValue("choose one or more files (or a zip) to upload")
    state = ctx.batches.create((f.filename, f.file) for f in files)
    return RedirectResponse(f"/batches/{state.id}", status_code=303)


@router.get("/batches/{batch_id}")
def batch_page(request: Request, batch_id: str):
    return page(request, "batch.j2", state=request.app.state.ctx.batches.state(batch_id))


@router.get("/batches/{batch_id}/progress")
def progress(request: Request, batch_id: str):
    return page(request, "_progress.j2", state=request.app.state.ctx.batches.state(batch_id))


@router.post("/batches/{batch_id}/cancel")
def cancel(request: Request, batch_id: str):
    return page(request, "_progress.j2", state=request.app.state.ctx.batches.cancel(batch_id))
