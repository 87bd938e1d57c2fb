"""The account service: passwords, sign-in sessions, rate limits, invite tokens and CSRF
tokens, as plain async functions over Services (the web's FastAPI dependencies are in
app/auth.py)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, NoReturn, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
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
    RateLimited,
    Unauthenticated,
)
from app.language.notices import refusal
from app.services import Services

log = logging.getLogger("coachable")


Role = Literal["admin", "manager", "rep"]


# What a CSRF token authorises: an account's actions (bound to the session cookie), a
# candidate's (bound to the invite token), or signing in (bound to SIGN_IN_COOKIE).
CsrfKind = Literal["account", "candidate", "sign-in"]


ROLES: tuple[Role, ...] = get_args(Role)


REVIEWER_ROLES: tuple[Role, ...] = ("admin", "manager")


MIN_PASSWORD_CHARS = 10


# zxcvbn's 0-4 scale; 3 is "safely unguessable: moderate protection from an offline
# slow-hash scenario" (about 10^8 guesses), and argon2id is such a hash.
MIN_PASSWORD_SCORE = 3


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
    raise refusal(RateLimited, "too-many-attempts", minutes=minutes)


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
        raise refusal(NotFound, "invite-invalid")
    # The link is known, so its refusal speaks the interview's language.
    if interview.revoked_at is not None:
        raise refusal(Gone, "invite-withdrawn", language=interview_language(svc, interview))
    expires = interview.invite_expires_at
    if expires is not None and expires <= utcnow():
        raise refusal(Gone, "invite-expired", language=interview_language(svc, interview))
    return interview


def interview_language(svc: Services, interview: Interview) -> str | None:
    """The language of an interview's scenario (None when the catalog no longer has it)."""
    scenario = svc.catalog.scenarios.get(interview.scenario_id)
    return scenario.language if scenario is not None else None
