"""One error family, shown as one JSON shape on /api and as one error page elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.language.notices import accepted, known, notice
from app.language.registry import language, languages
from app.logs import redact_path

log = logging.getLogger("coachable")

TEMPLATES_DIR = Path(__file__).parent / "web" / "templates"
PASSWORD_PAGE = "/account/password"
INTERNAL_DETAIL = "Something went wrong on our side."


class AppError(Exception):
    """An error the client may see: an HTTP status, a short code and a plain sentence.

    `reason`, when set, is the stable code of the sentence in each language's texts.yaml
    (`errors:`), and `fields` fill its placeholders: `detail` is the default language's
    sentence; a page that knows its reader's language shows that one's, and the API answers
    in the language Accept-Language asks for (see app/language/notices.py). `language`, when
    set, is the language of the person the error is for (an invite's interview's): the
    candidate's error page speaks it."""

    status_code = 400
    error = "bad-request"

    def __init__(
        self,
        detail: str,
        *,
        error: str | None = None,
        status_code: int | None = None,
        reason: str | None = None,
        fields: Mapping[str, object] | None = None,
        language: str | None = None,
    ):
        super().__init__(detail)
        self.detail = detail
        self.reason = reason
        self.language = language
        self.fields: Mapping[str, object] = fields or {}
        if error is not None:
            self.error = error
        if status_code is not None:
            self.status_code = status_code


class InvalidInput(AppError):
    """The request is well-formed but its content is not acceptable."""

    status_code = 422
    error = "invalid"


class Unauthenticated(AppError):
    """No valid session cookie or invite token."""

    status_code = 401
    error = "unauthenticated"


class Forbidden(AppError):
    """Signed in, but not allowed to do this."""

    status_code = 403
    error = "forbidden"


class NotFound(AppError):
    """No such thing, or not one this caller may know about."""

    status_code = 404
    error = "not-found"


class PasswordChangeRequired(Forbidden):
    """Signed in with a temporary password: choose a new one first."""

    error = "password-change-required"


class Conflict(AppError):
    """Not possible in the current state (wrong step of the interview, duplicate, ...)."""

    status_code = 409
    error = "conflict"


class Gone(AppError):
    """An invite that expired or was revoked."""

    status_code = 410
    error = "gone"


class RateLimited(AppError):
    """Too many attempts; try again later."""

    status_code = 429
    error = "rate-limited"


class EngineUnavailable(AppError):
    """The prospect could not answer (the language model failed); nothing was lost."""

    status_code = 503
    error = "prospect-unavailable"


def error_body(error: str, detail: str) -> dict[str, str]:
    """The one JSON error shape."""
    return {"error": error, "detail": detail}


def asked_language(request: Request) -> str | None:
    """The present language the request's Accept-Language asks for first (None: the default)."""
    return accepted(request.headers.get("accept-language"))


# The candidate's pages: their error pages speak the candidate's language, the staff's English.
CANDIDATE_PAGES = "/i/"


def note_reader_language(request: Request, code: str) -> None:
    """Remember whose language this request's error page speaks: the interview's, once a
    candidate's page has opened it (an error the route raises later need not know it)."""
    request.state.reader_language = code


def page_language(request: Request, reader: str | None = None) -> str:
    """The language of an error page, decided here alone: on the candidate's pages the
    interview's (the error's `reader`, else the one the route noted), else the present
    language the browser's Accept-Language asks for, else the default; the staff's pages stay
    in the default."""
    present = languages()
    if not request.url.path.startswith(CANDIDATE_PAGES):
        return present.default
    for code in (reader, getattr(request.state, "reader_language", None)):
        if isinstance(code, str) and code in present:
            return code
    return asked_language(request) or present.default


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/healthz" or path.startswith("/openapi")


def _page(request: Request, status: int, error: str, detail: str | None, code: str) -> Response:
    """Render the pages' error.html in the language with this code; a bare page otherwise."""
    if (TEMPLATES_DIR / "error.html").exists():
        templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
        context: dict[str, Any] = {
            "status": status,
            "error": error,
            "detail": detail,
            "t": language(code).texts.pages,
            "lang": code,
        }
        try:
            return templates.TemplateResponse(request, "error.html", context, status_code=status)
        except Exception:  # a broken template must not hide the original error
            log.exception("error.html failed to render")
    body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{escape(detail or '')}</p>"
    return HTMLResponse(body, status_code=status)


def respond(
    request: Request,
    status: int,
    error: str,
    detail: str,
    *,
    reason: str | None = None,
    fields: Mapping[str, object] | None = None,
    language: str | None = None,
) -> Response:
    """An error response in the format this path uses: JSON, its detail in the language the
    caller's Accept-Language asks for (the chat asks for the interview's), or the error page
    in page_language's. `detail` is the default language's sentence; `reason` (with `fields`)
    names it in every language, `language` is the reader's when the error knows it."""
    said = reason if reason is not None and known(reason) else None
    if _wants_json(request):
        code = asked_language(request)
        sentence = notice(said, code, fields) if said is not None and code else detail
        return JSONResponse(error_body(error, sentence), status_code=status)
    code = page_language(request, language)
    if said is not None:
        page_detail: str | None = notice(said, code, fields)
    else:
        # A sentence no language has words for (a framework's, a form's field names) is
        # English: a page in another language leaves it out rather than mix the two.
        page_detail = detail if code == languages().default else None
    return _page(request, status, error, page_detail, code)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for item in exc.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", ""))
    return "; ".join(parts) or "The request is not valid."


_HTTP_CODES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid",
    429: "rate-limited",
}


def install_error_handlers(app: FastAPI) -> None:
    """Map every error (ours, HTTP, validation, unexpected) to the one format."""

    async def on_app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        if isinstance(exc, PasswordChangeRequired) and not _wants_json(request):
            return RedirectResponse(PASSWORD_PAGE, status_code=303)
        return respond(
            request,
            exc.status_code,
            exc.error,
            exc.detail,
            reason=exc.reason,
            fields=exc.fields,
            language=exc.language,
        )

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        response = respond(request, exc.status_code, code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, 422, "invalid", _validation_detail(exc))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, redact_path(request.url.path))
        return respond(request, 500, "internal", INTERNAL_DETAIL, reason="internal")

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_unexpected)
