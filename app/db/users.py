"""Queries for accounts, browser sessions and rate-limit counters."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.tables import RateEvent, User, WebSession


async def count_users(db: AsyncSession) -> int:
    """How many accounts exist."""
    return int(await db.scalar(select(func.count()).select_from(User)) or 0)


# users.id is a 32-bit INTEGER on PostgreSQL; a larger id names no account (and must not reach
# the driver, which fails on it).
MAX_ID = 2**31 - 1


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    """The account with this id (None for an id no account can have)."""
    if not 1 <= user_id <= MAX_ID:
        return None
    return await db.get(User, user_id)


async def get_user_by_email(db: AsyncSession, email: str) -> User | None:
    """The account with this e-mail (compared lower-case)."""
    return await db.scalar(select(User).where(User.email == email.strip().lower()))


async def list_users(db: AsyncSession) -> Sequence[User]:
    """All accounts, by e-mail."""
    return (await db.scalars(select(User).order_by(User.email))).all()


async def add_user(
    db: AsyncSession,
    email: str,
    name: str,
    role: str,
    password_hash: str,
    *,
    must_change_password: bool = False,
) -> User:
    """Insert an account."""
    user = User(
        email=email.strip().lower(),
        name=name,
        role=role,
        password_hash=password_hash,
        must_change_password=must_change_password,
    )
    db.add(user)
    await db.flush()
    return user


async def add_web_session(
    db: AsyncSession, token_hash: str, user_id: int, expires_at: datetime
) -> None:
    """Store a signed-in browser session."""
    db.add(WebSession(token_hash=token_hash, user_id=user_id, expires_at=expires_at))
    await db.flush()


async def get_session_user(db: AsyncSession, token_hash: str, now: datetime) -> User | None:
    """The active user behind an unexpired session."""
    return await db.scalar(
        select(User)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.token_hash == token_hash, WebSession.expires_at > now, User.active)
    )


async def delete_web_session(db: AsyncSession, token_hash: str) -> None:
    """Sign one browser out."""
    await db.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


async def delete_user_sessions(db: AsyncSession, user_id: int, keep: str | None = None) -> None:
    """Sign every browser of a user out, except the session hash `keep` if given."""
    query = delete(WebSession).where(WebSession.user_id == user_id)
    if keep is not None:
        query = query.where(WebSession.token_hash != keep)
    await db.execute(query)


async def delete_expired_sessions(db: AsyncSession, now: datetime) -> None:
    """Forget sessions past their expiry."""
    await db.execute(delete(WebSession).where(WebSession.expires_at <= now))


async def record_rate_event(db: AsyncSession, key: str) -> None:
    """Count one attempt against a rate-limit key."""
    db.add(RateEvent(key=key))
    await db.flush()


async def reserve_attempts(
    db: AsyncSession, limits: Mapping[str, int], since: datetime
) -> list[int] | None:
    """Count one attempt against every key unless one has reached its limit since `since`;
    the new events' ids, or None (nothing counted). Call it in a write transaction."""
    if db.get_bind().dialect.name == "postgresql":
        # Count-then-insert must not interleave with another transaction's for the same key;
        # SQLite's BEGIN IMMEDIATE already serialises writers. Sorted: no deadlocks.
        for key in sorted(limits):
            await db.execute(select(func.pg_advisory_xact_lock(_lock_id(key))))
    for key, limit in limits.items():
        if await count_rate_events(db, key, since) >= limit:
            return None
    events = [RateEvent(key=key) for key in limits]
    db.add_all(events)
    await db.flush()
    return [event.id for event in events]


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


async def delete_rate_events(db: AsyncSession, ids: Sequence[int]) -> None:
    """Take back counted attempts (a sign-in that succeeded was no attack)."""
    await db.execute(delete(RateEvent).where(RateEvent.id.in_(list(ids))))


# Built once: every candidate request counts its IP's bad invite guesses.
_RATE_EVENTS_SINCE = select(func.count()).where(
    RateEvent.key == bindparam("key"), RateEvent.created_at > bindparam("since")
)


async def count_rate_events(db: AsyncSession, key: str, since: datetime) -> int:
    """Attempts counted against a key since a moment."""
    return int(await db.scalar(_RATE_EVENTS_SINCE, {"key": key, "since": since}) or 0)


async def clear_rate_events(db: AsyncSession, key: str) -> None:
    """Reset a key's counter (after a successful sign-in)."""
    await db.execute(delete(RateEvent).where(RateEvent.key == key))


async def delete_old_rate_events(db: AsyncSession, before: datetime) -> None:
    """Drop counters older than any window."""
    await db.execute(delete(RateEvent).where(RateEvent.created_at < before))


async def ping(db: AsyncSession) -> None:
    """Run the cheapest query there is (health check)."""
    await db.execute(select(1))
