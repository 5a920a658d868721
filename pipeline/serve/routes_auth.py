"""Log-in and log-out (only needed off the loopback interface)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from pipeline.serve.app import page
from pipeline.serve.security import COOKIE, session_cookie, set_cookie

router = APIRouter()


@router.get("/login")
def login_form(request: Request):
    return page(request, "login.j2", error=None)


@router.post("/login")
def login(request: Request, name: str = Form(..., max_length=100), password: str = Form(..., max_length=200)):
    ctx = request.app.state.ctx
    client = request.client.host if request.client else ""  # behind a proxy: the proxy's address
    wait = ctx.failed_logins.retry_after(name, client)
    if wait:
        response = page(request, "login.j2", status_code=429,
                        error=f"too many failed log-ins: try again in {wait:.0f} s")
        response.headers["Retry-After"] = str(max(1, round(wait)))
        return response
    role = ctx.store.check_user(name, password)
    if role is None:
        ctx.failed_logins.failed(name, client)
        return page(request, "login.j2", status_code=401, error="wrong user name or password")
    ctx.failed_logins.succeeded(name, client)
    response = RedirectResponse("/documents", status_code=303)
    set_cookie(response, session_cookie(ctx.secret, name, role), ctx.secure_cookie)
    return response


@router.post("/logout")
def logout(request: Request):
    response = RedirectResponse("/login" if request.app.state.ctx.login_required else "/documents", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
