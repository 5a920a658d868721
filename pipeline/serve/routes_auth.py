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
    role = ctx.store.check_user(name, password)
    if role is None:
        return page(request, "login.j2", status_code=401, error="wrong user name or password")
    response = RedirectResponse("/documents", status_code=303)
    set_cookie(response, session_cookie(ctx.secret, name, role), ctx.secure_cookie)
    return response


@router.post("/logout")
def logout(request: Request):
    response = RedirectResponse("/login" if request.app.state.ctx.login_required else "/documents", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
