"""What every page router shares: the template environment, rendering and redirects."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from app.accounts import UserView
from app.auth import SESSION_COOKIE, csrf_token
from app.services import Services
from app.web.flash import put_flash

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"

# Jinja2Templates turns autoescape on for .html; nothing user-typed is ever marked safe.
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    user: UserView | None = None,
    csrf: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page template with the signed-in user and a CSRF token for its forms."""
    full = {"user": user, "csrf_token": csrf if csrf is not None else csrf_token(request)}
    full.update(context)
    # The CSP and other security headers come from app.main's middleware.
    return templates.TemplateResponse(request, name, full, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    """A See Other redirect, so a reload after a form post does not post again."""
    return RedirectResponse(url, status_code=303)


def to_login(request: Request) -> Response:
    """Send a signed-out visitor to the sign-in page, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"/login?next={quote(target, safe='')}")


def home_for(user: UserView) -> str:
    """Where a user lands after signing in."""
    return "/interviews" if user.is_reviewer else "/practice"


def safe_next(target: str | None, fallback: str) -> str:
    """Only local paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def account_credential(request: Request) -> str:
    """The signed-in browser's credential (its session cookie) that flashes are bound to."""
    return request.cookies.get(SESSION_COOKIE, "")


def redirect_with(request: Request, svc: Services, url: str, data: dict[str, Any]) -> Response:
    """See Other to `url`, carrying `data` (an error and the typed values, say) to that page."""
    return put_flash(redirect(url), svc, account_credential(request), data)


def page_numbers(page: int, pages: int) -> list[int | None]:
    """The page links a pager shows: the first, the last and two either side of the current
    one; None marks a gap."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    shown: list[int | None] = []
    for number in wanted:
        if shown and number - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(number)
    return shown
