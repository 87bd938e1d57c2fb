"""The web's dependencies: who may call what, from cookies, Bearer tokens and CSRF tokens, as
FastAPI dependencies over the account service (app/accounts.py)."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from app.accounts import (
    CsrfKind,
    Role,
    UserView,
    csrf_token_for,
    interview_language,
    new_token,
    open_invite_token,
    user_for_token,
)
from app.db.tables import Interview
from app.errors import AppError, Forbidden, NotFound, PasswordChangeRequired, Unauthenticated
from app.language.notices import refusal
from app.services import Services

SESSION_COOKIE = "coachable_session"


INVITE_COOKIE = "coachable_invite"


# A random value the sign-in form's CSRF token is bound to, before there is a session.
SIGN_IN_COOKIE = "coachable_sign_in"


CSRF_HEADER = "X-CSRF-Token"


CSRF_FIELD = "csrf_token"


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class CandidateAccess:
    """A candidate allowed into one interview by its invite token."""

    interview_id: str
    token: str
    # The row as the token check read it (read-only; flows reload it to change anything).
    interview: Interview | None = None


def client_ip(request: Request) -> str:
    """The caller's address (behind trusted proxies, the one they saw: app/proxy.py)."""
    return request.client.host if request.client else "unknown"


def _set_cookie(
    response: Response, svc: Services, name: str, value: str, path: str, seconds: int
) -> None:
    """An HTTP-only, SameSite=Lax cookie (secure when the deployment says so)."""
    response.set_cookie(
        name,
        value,
        max_age=seconds,
        httponly=True,
        secure=svc.settings.cookie_secure,
        samesite="lax",
        path=path,
    )


def set_session_cookie(response: Response, svc: Services, token: str) -> None:
    """Hand the browser its session cookie (HTTP-only, SameSite=Lax)."""
    _set_cookie(response, svc, SESSION_COOKIE, token, "/", svc.settings.session_hours * 3600)


def sign_in_form_value(request: Request) -> str:
    """This browser's SIGN_IN_COOKIE, or a fresh value for it (kept while it exists, so a
    sign-in form opened in another tab keeps working)."""
    return request.cookies.get(SIGN_IN_COOKIE) or new_token()


def set_sign_in_cookie(response: Response, svc: Services, value: str | None) -> None:
    """Give the browser the value its sign-in form's token is bound to (None: remove it)."""
    if value is None:
        response.delete_cookie(SIGN_IN_COOKIE, path="/login", httponly=True, samesite="lax")
        return
    _set_cookie(response, svc, SIGN_IN_COOKIE, value, "/login", svc.settings.session_hours * 3600)


async def check_sign_in_form(request: Request, svc: Services) -> None:
    """403 unless the sign-in form came with the token of this browser's SIGN_IN_COOKIE."""
    await check_csrf(request, svc, request.cookies.get(SIGN_IN_COOKIE, ""), "sign-in")


def clear_session_cookie(response: Response, svc: Services) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, secure=svc.settings.cookie_secure, samesite="lax"
    )


def set_invite_cookie(response: Response, svc: Services, token: str) -> None:
    """Keep the candidate's invite token in an HTTP-only cookie, so a refresh resumes."""
    _set_cookie(response, svc, INVITE_COOKIE, token, "/", svc.settings.invite_ttl_days * 86400)


def get_services(request: Request) -> Services:
    """The running service's Services (built by create_app)."""
    services: Services = request.app.state.services
    return services


async def _services(request: Request) -> Services:
    # An async twin of get_services: FastAPI runs a plain-def dependency in a worker thread,
    # a thread hop on every request for a single attribute read.
    return get_services(request)


ServicesDep = Annotated[Services, Depends(_services)]


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


# What a user with a temporary password may still do: choose a new one, or leave.
PASSWORD_CHANGE_PATHS = frozenset(
    {"/account/password", "/logout", "/api/auth/password", "/api/auth/me", "/api/auth/sign-out"}
)


async def optional_user(request: Request, svc: ServicesDep) -> UserView | None:
    """The signed-in user, or None; one with a temporary password gets no further than
    choosing a new one (PasswordChangeRequired: pages redirect, the API answers 403)."""
    token = request.cookies.get(SESSION_COOKIE)
    user = await user_for_token(svc, token) if token else None
    if user and user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
        raise PasswordChangeRequired("Choose a new password first.")
    return user


async def current_user(user: Annotated[UserView | None, Depends(optional_user)]) -> UserView:
    """The signed-in user; 401 when there is none."""
    if user is None:
        raise Unauthenticated("Sign in first.")
    return user


OptionalUser = Annotated[UserView | None, Depends(optional_user)]


CurrentUser = Annotated[UserView, Depends(current_user)]


def require_role(*roles: Role) -> Callable[[UserView], Awaitable[UserView]]:
    """A dependency that lets only these roles through (403 for the others)."""

    async def check(user: CurrentUser) -> UserView:
        if user.role not in roles:
            raise Forbidden("Your account cannot do this.")
        return user

    return check


Reviewer = Annotated[UserView, Depends(require_role("admin", "manager"))]


Admin = Annotated[UserView, Depends(require_role("admin"))]


async def candidate_access(
    request: Request, interview_id: str, svc: ServicesDep
) -> CandidateAccess:
    """The candidate's access to the interview in the path, by Bearer token or invite cookie."""
    token = bearer_token(request) or request.cookies.get(INVITE_COOKIE) or ""
    if not token:
        raise refusal(Unauthenticated, "invite-needed")
    opened = await open_invite_token(svc, token, client_ip(request))
    if not hmac.compare_digest(opened.id.encode(), interview_id.encode()):
        raise refusal(NotFound, "invite-invalid")
    return CandidateAccess(interview_id=opened.id, token=token, interview=opened)


Candidate = Annotated[CandidateAccess, Depends(candidate_access)]


def csrf_token(request: Request) -> str:
    """The account CSRF token pages put in forms and scripts send as X-CSRF-Token ('' if
    signed out); candidate pages pass theirs to render() themselves."""
    session = request.cookies.get(SESSION_COOKIE)
    return csrf_token_for(get_services(request).secret_key, session, "account") if session else ""


async def _sent_csrf(request: Request) -> str:
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    return sent


async def _csrf_ok(request: Request, svc: Services, credential: str, kind: CsrfKind) -> bool:
    """Whether the request carries the CSRF token of this credential and kind."""
    sent = await _sent_csrf(request)
    expected = csrf_token_for(svc.secret_key, credential, kind)
    return bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())


async def check_csrf(request: Request, svc: Services, credential: str, kind: CsrfKind) -> None:
    """403 unless the request carries the CSRF token of this credential and kind."""
    if not await _csrf_ok(request, svc, credential, kind):
        raise refusal(Forbidden, "form-expired")


async def account_csrf(request: Request, svc: ServicesDep) -> None:
    """An account's state-changing request must carry its session's account token."""
    session = request.cookies.get(SESSION_COOKIE)
    if request.method in _SAFE_METHODS or bearer_token(request) or not session:
        # No session cookie: nothing for a forged request to ride on; the route answers 401.
        # A Bearer header is never sent by a browser on its own.
        return
    await check_csrf(request, svc, session, "account")


async def candidate_csrf(request: Request, svc: ServicesDep) -> None:
    """A candidate's state-changing request must carry the candidate token of the invite it
    acts on: the token in the page's path, else the invite cookie."""
    invite = request.path_params.get("token") or request.cookies.get(INVITE_COOKIE)
    if request.method in _SAFE_METHODS or bearer_token(request) or not invite:
        return
    if not await _csrf_ok(request, svc, invite, "candidate"):
        raise refusal(Forbidden, "form-expired", language=await _invite_language(request, svc))


async def _invite_language(request: Request, svc: Services) -> str | None:
    """The language of the interview the path's invite opens, for its refusal (None when the
    link does not open one: that refusal is the one the page shows in the browser's)."""
    token = request.path_params.get("token")
    if not token:
        return None  # the chat's API: its refusals answer Accept-Language
    try:
        # Through the rate-limited check, so the refusal's language tells a guesser nothing
        # the link itself would not.
        return interview_language(svc, await open_invite_token(svc, token, client_ip(request)))
    except AppError as exc:
        return exc.language  # an expired or withdrawn invite still knows its interview


CsrfProtected = Depends(account_csrf)


CandidateCsrf = Depends(candidate_csrf)
