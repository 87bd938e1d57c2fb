"""Accounts, sessions, invite tokens and CSRF: who may call what, as FastAPI dependencies."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal, NoReturn, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request, Response
from sqlalchemy.exc import IntegrityError
from zxcvbn import zxcvbn

from app.config import Settings
from app.db import interviews as interview_repo
from app.db import users as user_repo
from app.db.tables import Interview, User, utcnow
from app.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    PasswordChangeRequired,
    RateLimited,
    Unauthenticated,
)
from app.services import Services

log = logging.getLogger("coachable")

Role = Literal["admin", "manager", "rep"]
# What a CSRF token authorises: an account's actions (bound to the session cookie), a
# candidate's (bound to the invite token), or signing in (bound to SIGN_IN_COOKIE).
CsrfKind = Literal["account", "candidate", "sign-in"]
ROLES: tuple[Role, ...] = get_args(Role)
REVIEWER_ROLES: tuple[Role, ...] = ("admin", "manager")

SESSION_COOKIE = "coachable_session"
INVITE_COOKIE = "coachable_invite"
# A random value the sign-in form's CSRF token is bound to, before there is a session.
SIGN_IN_COOKIE = "coachable_sign_in"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MIN_PASSWORD_CHARS = 10
# zxcvbn's 0-4 scale; 3 is "safely unguessable: moderate protection from an offline
# slow-hash scenario" (about 10^8 guesses), and argon2id is such a hash.
MIN_PASSWORD_SCORE = 3
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a miss costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class UserView:
    """A signed-in account as the rest of the app sees it (never the password hash)."""

    id: int
    email: str
    name: str
    role: Role
    active: bool
    created_at: datetime
    must_change_password: bool = False

    @property
    def is_reviewer(self) -> bool:
        """Admins and hiring managers review interviews."""
        return self.role in REVIEWER_ROLES

    @classmethod
    def of(cls, user: User) -> UserView:
        """The view of a users row."""
        role: Role = user.role  # type: ignore[assignment]  # the column only holds ROLES
        return cls(
            user.id,
            user.email,
            user.name,
            role,
            user.active,
            user.created_at,
            user.must_change_password,
        )


@dataclass(frozen=True, slots=True)
class CandidateAccess:
    """A candidate allowed into one interview by its invite token."""

    interview_id: str
    token: str
    # The row as the token check read it (read-only; flows reload it to change anything).
    interview: Interview | None = None


# --------------------------------------------------------------------------- secrets


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A fresh 256-bit URL-safe secret (invite tokens, session cookies)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores for a token: its sha256, so a leaked table opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token_for(secret_key: str, credential: str, kind: CsrfKind) -> str:
    """The CSRF token bound to one credential and one kind of action (stateless): a token made
    for a candidate's invite never passes for an account's action, nor the reverse."""
    message = f"csrf:{kind}:{credential}".encode()
    return hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def client_ip(request: Request) -> str:
    """The caller's address (behind trusted proxies, the one they saw: app/proxy.py)."""
    return request.client.host if request.client else "unknown"


# --------------------------------------------------------------------------- rate limits


def rate_key(kind: str, *parts: str) -> str:
    """A rate-limit counter's key: its kind and a digest of the e-mail or address it counts,
    so the table never holds either."""
    return f"{kind}:{token_hash(chr(31).join(parts))}"


def _window_start(svc: Services) -> datetime:
    return utcnow() - timedelta(minutes=svc.settings.rate_window_minutes)


def _enforce(svc: Services, count: int, limit: int) -> None:
    if count >= limit:
        _refuse(svc)


def _refuse(svc: Services) -> NoReturn:
    minutes = svc.settings.rate_window_minutes
    raise RateLimited(f"Too many attempts. Try again in {minutes} minutes.")


async def _reserve(svc: Services, limits: dict[str, int]) -> list[int]:
    """Count this attempt against each key before anything is checked, in one transaction:
    of many parallel attempts only the limit's worth get through (429 for the rest)."""
    async with svc.sessions.begin() as db:
        reserved = await user_repo.reserve_attempts(db, limits, _window_start(svc))
    if reserved is None:
        _refuse(svc)
    return reserved


async def _record_failure(svc: Services, *keys: str) -> None:
    async with svc.sessions.begin() as db:
        for key in keys:
            await user_repo.record_rate_event(db, key)


async def pause(seconds: float) -> None:
    """Wait before checking a password (tests record the waits instead of sleeping)."""
    await asyncio.sleep(seconds)


def slowdown_for(failures: int, settings: Settings) -> float:
    """Seconds every sign-in to an account waits once it has had `failures` recent failures
    from any number of clients: slowed for everyone, locked for no one."""
    if failures >= settings.sign_in_slowdown_after:
        return settings.sign_in_slowdown_seconds
    return 0.0


# --------------------------------------------------------------------------- accounts


def _check_new_account(email: str, name: str, role: str, password: str) -> None:
    if role not in ROLES:
        raise InvalidInput(f"Role must be one of {', '.join(ROLES)}.")
    local, _, domain = email.strip().partition("@")
    if (
        not local
        or "." not in domain
        or len(email) > 320
        or any(c.isspace() for c in email.strip())
    ):
        raise InvalidInput("Give a valid e-mail address.")
    if not name.strip() or len(name) > 200:
        raise InvalidInput("Give a name of 1 to 200 characters.")
    check_password(password, email, name)


def check_password(password: str, *about: str) -> None:
    """422 for a password that is blank, short, common or easy to guess (zxcvbn's estimate,
    with the account's e-mail and name as words an attacker would try first)."""
    visible = [c for c in password if not c.isspace() and unicodedata.category(c)[0] != "C"]
    if len(visible) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            f"Passwords need at least {MIN_PASSWORD_CHARS} characters that are not spaces "
            "or invisible."
        )
    words = [w for item in about for w in (item, *re.split(r"[\W_]+", item)) if len(w) > 2]
    # zxcvbn refuses longer input; 72 characters are plenty to judge (and keep it fast).
    estimate = zxcvbn(password[:72], user_inputs=[*words, "coachable"])
    if estimate["score"] < MIN_PASSWORD_SCORE:
        feedback = estimate["feedback"]
        why = feedback["warning"] or " ".join(feedback["suggestions"])
        raise InvalidInput(f"Choose a password that is harder to guess. {why}".strip())


async def create_user(
    svc: Services,
    email: str,
    name: str,
    role: str,
    password: str,
    *,
    must_change_password: bool = False,
) -> UserView:
    """Create an account (admin only at the API); e-mails are unique, case-insensitive."""
    _check_new_account(email, name, role, password)
    try:
        async with svc.sessions.begin() as db:
            user = await user_repo.add_user(
                db,
                email,
                name.strip(),
                role,
                hash_password(password),
                must_change_password=must_change_password,
            )
            return UserView.of(user)
    except IntegrityError as exc:
        raise Conflict("An account with this e-mail already exists.") from exc


async def list_users(svc: Services) -> list[UserView]:
    """Every account."""
    async with svc.sessions() as db:
        return [UserView.of(u) for u in await user_repo.list_users(db)]


async def set_user_active(svc: Services, user_id: int, active: bool, acting: UserView) -> UserView:
    """Enable or disable an account; disabling signs it out everywhere."""
    if user_id == acting.id and not active:
        raise Conflict("You cannot disable your own account.")
    async with svc.sessions.begin() as db:
        user = await user_repo.get_user(db, user_id)
        if user is None:
            raise NotFound("No such account.")
        user.active = active
        if not active:
            await user_repo.delete_user_sessions(db, user_id)
        return UserView.of(user)


async def reset_password(svc: Services, user_id: int, acting: UserView) -> tuple[UserView, str]:
    """Give another account a temporary password (returned, to be passed on privately): it is
    signed out everywhere and must choose a new password at its next sign-in."""
    if user_id == acting.id:
        raise Conflict("Change your own password on the Password page.")
    temporary = secrets.token_urlsafe(15)
    async with svc.sessions.begin() as db:
        user = await user_repo.get_user(db, user_id)
        if user is None:
            raise NotFound("No such account.")
        user.password_hash = hash_password(temporary)
        user.must_change_password = True
        await user_repo.delete_user_sessions(db, user_id)
        return UserView.of(user), temporary


async def ensure_first_admin(svc: Services) -> str | None:
    """On first start, create the admin; returns the generated password if none was configured."""
    async with svc.sessions() as db:
        if await user_repo.count_users(db):
            return None
    password = svc.settings.admin_password or secrets.token_urlsafe(12)
    # A generated password was printed in the log; a configured one sits in the environment.
    temporary = svc.settings.admin_password_temporary or not svc.settings.admin_password
    try:
        await create_user(
            svc,
            svc.settings.admin_email,
            "Administrator",
            "admin",
            password,
            must_change_password=temporary,
        )
    except Conflict:
        return None  # another process created it first
    return None if svc.settings.admin_password else password


async def sign_in(svc: Services, email: str, password: str, ip: str) -> tuple[str, UserView]:
    """Check a password and open a session. Failures are limited per (account, client) and per
    client; an account that fails often, from anywhere, is slowed down, never locked."""
    settings = svc.settings
    account = email.strip().lower()
    pair_key = rate_key("sign-in", account, ip)
    account_key = rate_key("sign-in-account", account)
    limits = {
        pair_key: settings.sign_in_attempts,
        rate_key("sign-in-ip", ip): settings.sign_in_attempts_per_ip,
    }
    reserved = await _reserve(svc, limits)
    async with svc.sessions() as db:
        failures = await user_repo.count_rate_events(db, account_key, _window_start(svc))
        user = await user_repo.get_user_by_email(db, account)
    if delay := slowdown_for(failures, settings):
        await pause(delay)
    if user is None:
        verify_password(_DUMMY_HASH, password)
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        # The reserved events stay: they are this client's failures.
        await _record_failure(svc, account_key)
        raise Unauthenticated("Wrong e-mail or password, or the account is disabled.")
    token = new_token()
    expires = utcnow() + timedelta(hours=settings.session_hours)
    async with svc.sessions.begin() as db:
        await user_repo.add_web_session(db, token_hash(token), user.id, expires)
        # A success is no attack: it counts against neither this client nor this pair.
        await user_repo.delete_rate_events(db, reserved)
        await user_repo.clear_rate_events(db, pair_key)
    return token, UserView.of(user)


async def change_password(
    svc: Services, user: UserView, current: str, new: str, session_token: str
) -> None:
    """Change one's own password (and so end a forced change); every other browser of the
    account is signed out."""
    check_password(new, user.email, user.name)
    if new == current:
        raise InvalidInput("Choose a password different from the current one.")
    key = rate_key("password", str(user.id))
    await _reserve(svc, {key: svc.settings.sign_in_attempts})
    async with svc.sessions() as db:
        row = await user_repo.get_user(db, user.id)
    if row is None or not verify_password(row.password_hash, current):
        raise Forbidden("The current password is not right.")
    async with svc.sessions.begin() as db:
        row = await user_repo.get_user(db, user.id)
        assert row is not None
        row.password_hash = hash_password(new)
        row.must_change_password = False
        await user_repo.delete_user_sessions(db, user.id, keep=token_hash(session_token))
        await user_repo.clear_rate_events(db, key)


async def sign_out(svc: Services, token: str) -> None:
    """End one browser session."""
    async with svc.sessions.begin() as db:
        await user_repo.delete_web_session(db, token_hash(token))


async def user_for_token(svc: Services, token: str) -> UserView | None:
    """The active user behind a session token, if it is valid."""
    async with svc.sessions() as db:
        user = await user_repo.get_session_user(db, token_hash(token), utcnow())
    return UserView.of(user) if user else None


def set_session_cookie(response: Response, svc: Services, token: str) -> None:
    """Hand the browser its session cookie (HTTP-only, SameSite=Lax)."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=svc.settings.session_hours * 3600,
        httponly=True,
        secure=svc.settings.cookie_secure,
        samesite="lax",
        path="/",
    )


def sign_in_form_value(request: Request) -> str:
    """This browser's SIGN_IN_COOKIE, or a fresh value for it (kept while it exists, so a
    sign-in form opened in another tab keeps working)."""
    return request.cookies.get(SIGN_IN_COOKIE) or new_token()


def set_sign_in_cookie(response: Response, svc: Services, value: str | None) -> None:
    """Give the browser the value its sign-in form's token is bound to (None: remove it)."""
    if value is None:
        response.delete_cookie(SIGN_IN_COOKIE, path="/login", httponly=True, samesite="lax")
        return
    response.set_cookie(
        SIGN_IN_COOKIE,
        value,
        max_age=svc.settings.session_hours * 3600,
        httponly=True,
        secure=svc.settings.cookie_secure,
        samesite="lax",
        path="/login",
    )


async def check_sign_in_form(request: Request, svc: Services) -> None:
    """403 unless the sign-in form came with the token of this browser's SIGN_IN_COOKIE."""
    await check_csrf(request, svc, request.cookies.get(SIGN_IN_COOKIE, ""), "sign-in")


def clear_session_cookie(response: Response, svc: Services) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, secure=svc.settings.cookie_secure, samesite="lax"
    )


# --------------------------------------------------------------------------- invite tokens


async def check_invite_token(svc: Services, token: str, ip: str) -> str:
    """The interview id an invite token opens; bad guesses are rate-limited per IP."""
    return (await open_invite_token(svc, token, ip)).id


async def open_invite_token(svc: Services, token: str, ip: str) -> Interview:
    """The interview an invite token opens, as read now; bad guesses are rate-limited per IP."""
    ip_key = rate_key("invite-ip", ip)
    since = _window_start(svc)
    # Looked up by its sha256, so the comparison never sees the secret itself. One query for
    # the count and the lookup (this runs on every candidate request); the limit still
    # answers before the token does.
    async with svc.sessions() as db:
        guesses, interview = await interview_repo.rate_events_and_invitee(
            db, ip_key, since, token_hash(token) if token else ""
        )
    _enforce(svc, guesses, svc.settings.token_attempts_per_ip)
    if interview is None:
        await _record_failure(svc, ip_key)
        raise NotFound("This invite link is not valid.")
    if interview.revoked_at is not None:
        raise Gone("This invite was withdrawn. Ask the hiring manager for a new link.")
    expires = interview.invite_expires_at
    if expires is not None and expires <= utcnow():
        raise Gone("This invite link has expired. Ask the hiring manager for a new one.")
    return interview


def set_invite_cookie(response: Response, svc: Services, token: str) -> None:
    """Keep the candidate's invite token in an HTTP-only cookie, so a refresh resumes."""
    response.set_cookie(
        INVITE_COOKIE,
        token,
        max_age=svc.settings.invite_ttl_days * 86400,
        httponly=True,
        secure=svc.settings.cookie_secure,
        samesite="lax",
        path="/",
    )


# --------------------------------------------------------------------------- dependencies


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
        raise Unauthenticated("Open the interview from your invite link.")
    opened = await open_invite_token(svc, token, client_ip(request))
    if not hmac.compare_digest(opened.id.encode(), interview_id.encode()):
        raise NotFound("This invite link is not valid.")
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


async def check_csrf(request: Request, svc: Services, credential: str, kind: CsrfKind) -> None:
    """403 unless the request carries the CSRF token of this credential and kind."""
    sent = await _sent_csrf(request)
    expected = csrf_token_for(svc.secret_key, credential, kind)
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden(
            "The form expired or came from another site. Reload the page and try again."
        )


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
    await check_csrf(request, svc, invite, "candidate")


CsrfProtected = Depends(account_csrf)
CandidateCsrf = Depends(candidate_csrf)
