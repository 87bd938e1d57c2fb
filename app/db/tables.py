"""The database tables (SQLAlchemy 2 declarative); every query lives in a repository module."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use app.db.tables.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read back as timezone-aware UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base for all tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class User(Base):
    """An account: admin, manager (hiring manager) or rep."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # A temporary password (the first admin's, or one an admin reset): the user must choose
    # a new one before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A signed-in browser; only the sha256 of the cookie value is stored."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class RateEvent(Base):
    """One counted attempt (failed sign-in, bad invite token, ...) for rate limits."""

    __tablename__ = "rate_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_rate_events_key_created", "key", "created_at"),)


class Opening(Base):
    """A role being hired for: one scenario and rubric, a deadline, and its invited candidates."""

    __tablename__ = "openings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    scenario_id: Mapped[str] = mapped_column(String(100))
    rubric_id: Mapped[str] = mapped_column(String(100))
    # Invites to the opening work until then (the end of the day the manager chose, in UTC).
    deadline: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Interview(Base):
    """An invited interview or a rep's practice attempt, with its state and results."""

    __tablename__ = "interviews"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # interview | practice
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    rubric_id: Mapped[str] = mapped_column(String(100))
    candidate_name: Mapped[str] = mapped_column(String(200))
    candidate_email: Mapped[str] = mapped_column(String(320), default="")
    opening_id: Mapped[str | None] = mapped_column(ForeignKey("openings.id"), index=True)
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invite_expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    # The last invite or reminder e-mailed (None: the link was only shown to the manager).
    emailed_at: Mapped[datetime | None]
    reminders: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(24), index=True)
    round: Mapped[int] = mapped_column(default=0)  # the round in play or last played
    round_started_at: Mapped[datetime | None]
    engine_name: Mapped[str] = mapped_column(String(32), default="")
    engine_version: Mapped[str] = mapped_column(String(64), default="")
    engine_model: Mapped[str] = mapped_column(String(200), default="")
    self_assessment: Mapped[str | None] = mapped_column(Text)
    coaching: Mapped[dict[str, Any] | None]
    feedback_reply: Mapped[str | None] = mapped_column(Text)
    round1_total: Mapped[int | None]
    round2_total: Mapped[int | None]
    # The stored scores with overrides applied (app.report_store.apply_overrides), kept here
    # for the list's sorting and the practice history: {"1": {criterion: level}, ...}.
    criterion_scores: Mapped[dict[str, Any] | None]
    # Beside them, for ranking and the summary: the coaching-applied figure (0..1) as it counts,
    # the self-assessment's score (1..5), and the flags a reviewer should read
    # ([{"part": "round1", "kind": ..., "turns": [...]}, ...]); summary_version says which
    # app.flows.scores.SUMMARY_VERSION wrote them (older rows are brought up to date on read).
    applied: Mapped[float | None] = mapped_column(Float)
    self_score: Mapped[int | None]
    flags: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    summary_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]


class TurnRow(Base):
    """One stored utterance; candidate turns carry the client's id for idempotent submits."""

    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    round: Mapped[int]
    index: Mapped[int]
    speaker: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    client_message_id: Mapped[str | None] = mapped_column(String(64))
    engine_name: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("interview_id", "round", "index", name="uq_turns_position"),
        UniqueConstraint("interview_id", "client_message_id", name="uq_turns_client_message"),
    )


class ScoreOverride(Base):
    """A reviewer's change to one criterion score; the original is kept beside it."""

    __tablename__ = "score_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int]
    criterion: Mapped[str] = mapped_column(String(100))
    original_score: Mapped[int]
    new_score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Scorecard(Base):
    """One part of an interview's scores (a round's scorecard, the self-assessment's score or
    the application), stored once when it is due, with the version of the scorer that made it."""

    __tablename__ = "scorecards"

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(24), primary_key=True)  # app.report_store.PARTS
    data: Mapped[dict[str, Any]]
    scorer_version: Mapped[str] = mapped_column(String(32))
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)


class JudgeResult(Base):
    """The LLM judge's second opinion on one part of an interview (round1, round2 or
    self_assessment), as app.judge.codec writes it, with the model and prompt that gave it."""

    __tablename__ = "judge_results"

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(24), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    prompt_version: Mapped[str] = mapped_column(String(32))
    # The scorer version of the stored scorecard it was held to: after `coachable rescore
    # --apply` stores another, this opinion is stale and the judge reads the part again.
    scorer_version: Mapped[str] = mapped_column(String(32))
    failed: Mapped[bool] = mapped_column(default=False)  # no call answered; may be asked again
    data: Mapped[dict[str, Any]]
    judged_at: Mapped[datetime] = mapped_column(default=utcnow)
