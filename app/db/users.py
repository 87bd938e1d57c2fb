"""Queries for accounts, browser sessions and rate-limit counters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.tables import RateEvent, User, WebSession


async def count_users(db: AsyncSession) -> int:
    """How many accounts exist."""
    return int(await db.scalar(select(func.count()).select_from(User)) or 0)


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    """The account with this id."""
    return await db.get(User, user_id)


async def get_user_by_email(db: AsyncSession, email: str) -> User | None:
    """The account with this e-mail (compared lower-case)."""
    return await db.scalar(select(User).where(User.email == email.strip().lower()))


async def list_users(db: AsyncSession) -> Sequence[User]:
    """All accounts, by e-mail."""
    return (await db.scalars(select(User).order_by(User.email))).all()


async def add_user(db: AsyncSession, email: str, name: str, role: str, password_hash: str) -> User:
    """Insert an account."""
    user = User(email=email.strip().lower(), name=name, role=role, password_hash=password_hash)
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
