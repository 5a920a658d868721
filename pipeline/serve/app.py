"""`ntm serve`: the review and tracking web app over an output folder and its tracking database.

FastAPI with server-rendered Jinja2 pages (autoescaped), htmx served from the package (no CDN),
one small static script for the keyboard and the selection. See `security` for who may do what.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from pipeline.errors import NtmError
from pipeline.load import load as load_documents
from pipeline.serve import search
from pipeline.serve.batches import Batches
from pipeline.serve.fields import InvalidValue
from pipeline.serve.security import BodyLimit, Guard, check_change, csrf_token, is_loopback
from pipeline.serve.store import Store
from pipeline.serve.throttle import FailedLogins

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 200 << 20


@dataclass
class Context:
    out: Path
    db_url: str | None
    host: str
    store: Store
    secret: bytes
    login_required: bool
    secure_cookie: bool = False
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    batches: Batches | None = None
    inbox: Path | None = None  # a server folder whose subfolders run as batches
    sync_lock: threading.Lock = field(default_factory=threading.Lock)
    failed_logins: FailedLogins = field(default_factory=FailedLogins)

    def sync(self) -> None:
        """Bring the tracking database and the search index up to OUT/documents (idempotent)."""
        with self.sync_lock:
            if (self.out / "documents").is_dir():
                load_documents(self.out, self.db_url)
                search.index(self.store.engine, self.out)


def create_app(out: Path, db_url: str | None = None, host: str = "127.0.0.1",
               max_upload_bytes: int = MAX_UPLOAD_BYTES, inbox: Path | None = None) -> FastAPI:
    """The app over `out`. Off the loopback interface it refuses to start without users."""
    from pipeline.serve.security import load_secret

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out, db_url)
    login_required = not is_loopback(host)
    if login_required and not store.has_users():
        store.close()
        raise NtmError(f"serving on {host} needs a log-in: add a user first with "
                       f"`ntm user add {out} NAME --role reviewer`")
    if inbox is not None and not Path(inbox).is_dir():
        store.close()
        raise NtmError(f"{inbox}: no such folder (the --inbox of batches run from the server)")
    ctx = Context(out, db_url, host, store, load_secret(out), login_required,
                  max_upload_bytes=max_upload_bytes, inbox=Path(inbox) if inbox is not None else None)
    ctx.sync()
    ctx.batches = Batches(out, max_upload_bytes, ctx.sync)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        ctx.batches.close()
        store.close()

    app = FastAPI(title="ntm", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan,
                  dependencies=[Depends(check_change)])
    app.state.ctx = ctx
    app.state.templates = templates()
    app.add_middleware(Guard)
    app.add_middleware(BodyLimit)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from pipeline.serve import routes_auth, routes_batches, routes_review, routes_tracking

    for module in (routes_auth, routes_review, routes_batches, routes_tracking):
        app.include_router(module.router)

    @app.exception_handler(InvalidValue)
    async def invalid(request: Request, exc: InvalidValue):
        return PlainTextResponse(str(exc), status_code=400)

    @app.exception_handler(KeyError)
    async def unknown(request: Request, exc: KeyError):
        return PlainTextResponse(f"not found: {str(exc.args[0] if exc.args else '')[:100]}", status_code=404)

    @app.exception_handler(NtmError)
    async def ntm_error(request: Request, exc: NtmError):
        return PlainTextResponse(exc.message, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
        return PlainTextResponse(f"bad request: {where} {first.get('msg', '')}".strip(), status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code, headers=exc.headers)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/documents", status_code=303)

    return app


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=HERE / "templates")
    t.env.autoescape = True
    t.env.globals["csrf"] = lambda request: csrf_token(request.app.state.ctx.secret, request.state.session)
    t.env.globals["url_with"] = url_with
    return t


def url_with(request: Request, **changes) -> str:
    """This page's URL with some query parameters changed (pagers, downloads)."""
    params = {**request.query_params, **{k: str(v) for k, v in changes.items()}}
    return str(request.url.replace(query=urlencode({k: v for k, v in params.items() if v not in ("", "None")})))


def page(request: Request, template: str, status_code: int = 200, **values) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(
        request, template, {"session": request.state.session, **values}, status_code=status_code)
