"""Sign-in with an API key, sign-out, the role's landing page, and the package's static files."""

from __future__ import annotations

import hashlib
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from copilot.api.deps import ServicesDep
from copilot.api.limits import RateLimiter
from copilot.auth import AuthenticationError, authenticate
from copilot.db.models import Role
from copilot.errors import NotFoundError
from copilot.web.deps import HERE, CsrfChecked, CsrfError, SecretDep, WebRoute, WebUser, templates
from copilot.web.session import (
    COOKIE,
    LOGIN_COOKIE,
    MAX_AGE_SECONDS,
    encode_session,
    new_session,
    tokens_match,
)

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
STATIC = HERE / "static"
STATIC_FILES = {p.name for p in STATIC.iterdir() if p.is_file()} if STATIC.is_dir() else set()
LANDING = {
    Role.REP: "/web/rep",
    Role.MANAGER: "/web/accounts",
    Role.REVIEWER: "/web/queue",
    Role.ADMIN: "/web/queue",
}


def _login_form(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    context = {"csrf": token, "error": error, "user": None}
    response = templates.TemplateResponse(request, "login.html", context, status_code=status)
    secure = request.url.scheme == "https"
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/web")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    """The sign-in form."""
    return _login_form(request)


@router.post("/login")
def login(
    request: Request,
    services: ServicesDep,
    secret: SecretDep,
    api_key: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Check the key as the API does (rate-limited per client) and start a signed session."""
    if not tokens_match(request.cookies.get(LOGIN_COOKIE, ""), csrf):
        raise CsrfError("the sign-in form expired; reload the page and try again")
    limiter: RateLimiter = request.app.state.limiter
    key = api_key.strip()
    limiter.check(hashlib.sha256(key.encode()).hexdigest()[:24] if key else "anonymous:web-login")
    try:
        with services.sessions() as session:
            user = authenticate(session, key)
    except AuthenticationError as exc:
        return _login_form(request, str(exc), status=401)
    response = RedirectResponse(LANDING[user.role], status_code=303)
    value = encode_session(secret, new_session(user))
    secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE, value, max_age=MAX_AGE_SECONDS, httponly=True, samesite="strict", secure=secure, path="/"
    )
    response.delete_cookie(LOGIN_COOKIE, path="/web")
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout() -> RedirectResponse:
    """End the session in this browser."""
    response = RedirectResponse("/web/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("", response_class=RedirectResponse)
@router.get("/", response_class=RedirectResponse)
def landing(user: WebUser) -> RedirectResponse:
    """The signed-in user's home page for their role."""
    return RedirectResponse(LANDING[user.role], status_code=303)


@router.get("/static/{name}")
def static_file(name: str) -> FileResponse:
    """One of the files shipped in copilot/web/static (a fixed set: no path ever leaves the folder)."""
    if name not in STATIC_FILES:
        raise NotFoundError(f"static file {name} not found")
    return FileResponse(STATIC / name, headers={"Cache-Control": "public, max-age=3600"})
