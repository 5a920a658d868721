"""Who is asking, and may they: sessions, log-in, roles, CSRF, and the headers every answer carries.

On 127.0.0.1 the app has one local reviewer and no log-in. Bound to any other address it needs
users (`ntm user add`): a signed `HttpOnly; SameSite=Strict` session cookie names the user and
role. Every change (POST) must carry the CSRF token of the session — from a form field or the
`X-CSRF-Token` header htmx sends (set with `hx-headers` on <body>, so no inline script).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from pipeline.serve.passwords import sign, unsign

COOKIE = "ntm_session"
SESSION_SECONDS = 12 * 3600
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
OPEN_PATHS = ("/login", "/static/")


@dataclass(frozen=True)
class Session:
    id: str
    user: str | None
    role: str | None

    @property
    def can_change(self) -> bool:
        return self.role == "reviewer"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_secret(out: Path) -> bytes:
    """The key that signs cookies: random, kept in OUT/.ntm-serve/secret (owner-only)."""
    path = Path(out) / ".ntm-serve" / "secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text().strip())
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex())
    return key


def csrf_token(secret: bytes, session: Session) -> str:
    return hmac.new(secret, f"csrf:{session.id}".encode(), hashlib.sha256).hexdigest()


def session_cookie(secret: bytes, user: str | None, role: str | None) -> str:
    expiry = int(time.time()) + SESSION_SECONDS
    return sign(secret, f"{secrets.token_hex(16)}|{user or ''}|{role or ''}|{expiry}")


def read_session(secret: bytes, token: str | None) -> Session | None:
    value = unsign(secret, token)
    if value is None:
        return None
    try:
        sid, user, role, expiry = value.split("|")
        if int(expiry) < time.time():
            return None
    except ValueError:
        return None
    return Session(sid, user or None, role or None)


class Guard(BaseHTTPMiddleware):
    """Attach the session, demand a log-in where needed, check CSRF on changes, add security headers."""

    async def dispatch(self, request: Request, call_next) -> Response:
        ctx = request.app.state.ctx
        session = read_session(ctx.secret, request.cookies.get(COOKIE))
        new_cookie = None
        if session is None:
            new_cookie = session_cookie(ctx.secret, *(("local", "reviewer") if not ctx.login_required else (None, None)))
            session = read_session(ctx.secret, new_cookie)
        request.state.session = session
        response = await self._checked(request, call_next, ctx, session)
        if new_cookie:
            set_cookie(response, new_cookie, ctx.secure_cookie)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _checked(self, request: Request, call_next, ctx, session: Session) -> Response:
        path = request.url.path
        if ctx.login_required and session.user is None and not path.startswith(OPEN_PATHS):
            if request.method == "GET" and "hx-request" not in request.headers:
                return RedirectResponse("/login", status_code=303)
            return PlainTextResponse("log in first", status_code=401)
        limit = ctx.max_upload_bytes + (64 << 10)  # form fields and multipart framing
        length = request.headers.get("content-length") or "0"
        if not length.isdigit() or int(length) > limit:
            return PlainTextResponse(f"request too large (at most {megabytes(ctx.max_upload_bytes)})", status_code=413)
        return await call_next(request)


async def check_change(request: Request) -> None:
    """Every change carries the session's CSRF token and comes from a reviewer (an app-wide dependency;
    FastAPI keeps the parsed form, so the route reads it again for free)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    ctx, session = request.app.state.ctx, request.state.session
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, csrf_token(ctx.secret, session)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page")
    if request.url.path not in ("/login", "/logout") and not session.can_change:
        raise HTTPException(403, "your role is read-only: you cannot change anything")


def megabytes(n: int) -> str:
    return f"{n / (1 << 20):.3g} MB"


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Count a request body's bytes as they arrive and stop at the limit: a body sent without a
    Content-Length (chunked) cannot fill the disk either."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = scope["app"].state.ctx.max_upload_bytes + (64 << 10)
        received = 0
        started = False

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
            return message

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        too_large = False
        try:
            await self.app(scope, counted, watched)
        except* BodyTooLarge:  # raised inside Starlette's task groups: it may arrive in a group
            too_large = True
        if too_large and not started:
            await PlainTextResponse(f"request too large (at most {megabytes(limit)})", status_code=413)(
                scope, receive, send)


def set_cookie(response: Response, value: str, secure: bool) -> None:
    response.set_cookie(COOKIE, value, max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=secure, path="/")
