"""What every page shares: the route class (security headers, HTML errors), templates, the signed-in user."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Form, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from copilot.api.deps import ServicesDep
from copilot.db.models import User
from copilot.errors import CopilotError
from copilot.web.session import COOKIE, WebSession, decode_session, key_fingerprint, load_secret, tokens_match

HERE = Path(__file__).resolve().parent
# No inline scripts or styles anywhere, nothing remote: pages only load what this package ships.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False)
)


class SignInRequired(Exception):  # noqa: N818 - a redirect, not a fault
    """No valid session: the browser is sent to the sign-in page."""


class CsrfError(CopilotError):
    """A form arrived without this session's CSRF token."""

    code = "forbidden"
    http_status = 403


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """An HTML error page with the domain error's message (already safe to show: it is the API's text)."""
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "user": None}, status_code=status
    )


class WebRoute(APIRoute):
    """Adds the security headers to every page and turns domain errors into HTML pages, not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The wrapped handler."""
        handler = super().get_route_handler()

        async def web_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except SignInRequired:
                response = RedirectResponse("/web/login", status_code=303)
            except CopilotError as exc:
                response = render_error(request, exc.http_status, str(exc))
            except RequestValidationError as exc:
                fields = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
                response = render_error(request, 422, f"invalid input: {fields}")
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)  # static files keep their own Cache-Control
            return response

        return web_handler


def secret_of(services: ServicesDep) -> bytes:
    """The session-signing secret of this installation."""
    return load_secret(services.settings.data_dir.resolve())


SecretDep = Annotated[bytes, Depends(secret_of)]


def web_session(request: Request, secret: SecretDep) -> WebSession:
    """The browser's valid session, or a redirect to sign in."""
    session = decode_session(secret, request.cookies.get(COOKIE))
    if session is None:
        raise SignInRequired()
    return session


SessionCookie = Annotated[WebSession, Depends(web_session)]


def web_user(request: Request, cookie: SessionCookie, services: ServicesDep) -> User:
    """The signed-in user; the session ends when their key is rotated or revoked, as API access does."""
    with services.sessions() as session:
        user = session.get(User, cookie.user_id)
        if user is None or not user.active or key_fingerprint(user) != cookie.fingerprint:
            raise SignInRequired()
        session.expunge(user)
    request.state.user_id = user.id
    return user


WebUser = Annotated[User, Depends(web_user)]


def check_csrf(cookie: SessionCookie, secret: SecretDep, csrf: Annotated[str, Form()] = "") -> None:
    """Refuse a state-changing form that lacks this session's token."""
    if not tokens_match(cookie.csrf_token(secret), csrf):
        raise CsrfError("the form's security token is missing or stale; reload the page and try again")


CsrfChecked = Depends(check_csrf)


def page(
    request: Request, name: str, user: User, cookie: WebSession, secret: bytes, **context: Any
) -> HTMLResponse:
    """Render a signed-in page with the user and the CSRF token its forms need."""
    values = {"user": user, "csrf": cookie.csrf_token(secret), **context}
    return templates.TemplateResponse(request, name, values)
