"""Queries for interviews, practice attempts, their turns and score overrides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, delete, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.tables import (
    Interview,
    JudgeResult,
    Opening,
    RateEvent,
    Scorecard,
    ScoreOverride,
    TurnRow,
    User,
    utcnow,
)

SortKey = Literal["created", "updated", "candidate", "status", "round1", "round2", "scenario"]

_SORT_COLUMNS: dict[str, Any] = {
    "created": Interview.created_at,
    "updated": Interview.updated_at,
    "candidate": Interview.candidate_name,
    "status": Interview.status,
    "round1": Interview.round1_total,
    "round2": Interview.round2_total,
    "scenario": Interview.scenario_id,
}


# The queries every candidate message runs, built once: building a statement costs more CPU
# than SQLite takes to answer it.
_BY_ID = select(Interview).where(Interview.id == bindparam("interview_id"))
_BY_ID_LOCKED = _BY_ID.with_for_update()
_BY_TOKEN_HASH = select(Interview).where(Interview.invite_token_hash == bindparam("token_hash"))
# One row whether the token matches or not: the key's recent rate events, and the interview.
_GUESSES_AND_INTERVIEW = (
    select(
        select(func.count())
        .where(RateEvent.key == bindparam("key"), RateEvent.created_at > bindparam("since"))
        .scalar_subquery(),
        Interview,
    )
    .select_from(select(literal(1)).subquery())
    .outerjoin(Interview, Interview.invite_token_hash == bindparam("token_hash"))
)
_ROUND_TURNS = (
    select(TurnRow)
    .where(TurnRow.interview_id == bindparam("interview_id"), TurnRow.round == bindparam("round"))
    .order_by(TurnRow.index)
)
_BY_CLIENT_ID = select(TurnRow).where(
    TurnRow.interview_id == bindparam("interview_id"),
    TurnRow.client_message_id == bindparam("client_message_id"),
)
_CANDIDATE_TURNS_SINCE = select(func.count()).where(
    TurnRow.interview_id == bindparam("interview_id"),
    TurnRow.speaker == "candidate",
    TurnRow.created_at > bindparam("since"),
)


async def add_interview(db: AsyncSession, interview: Interview) -> Interview:
    """Insert an interview or practice attempt."""
    db.add(interview)
    await db.flush()
    return interview


async def get_interview(
    db: AsyncSession, interview_id: str, *, lock: bool = False
) -> Interview | None:
    """One interview; `lock` holds its row until commit so state changes do not race."""
    return await db.scalar(_BY_ID_LOCKED if lock else _BY_ID, {"interview_id": interview_id})


async def get_by_token_hash(db: AsyncSession, token_hash: str) -> Interview | None:
    """The interview an invite token belongs to."""
    return await db.scalar(_BY_TOKEN_HASH, {"token_hash": token_hash})


async def rate_events_and_invitee(
    db: AsyncSession, key: str, since: datetime, token_hash: str
) -> tuple[int, Interview | None]:
    """Rate events counted against `key` since a moment, and the interview a token opens."""
    params = {"key": key, "since": since, "token_hash": token_hash}
    row = (await db.execute(_GUESSES_AND_INTERVIEW, params)).one()
    return int(row[0] or 0), row[1]


def _filtered(
    query: Any,
    *,
    kind: str,
    owner_id: int | None,
    status: str | None,
    scenario_id: str | None,
    opening_id: str | None,
    search: str | None,
    ids: Sequence[str] | None,
) -> Any:
    query = query.where(Interview.kind == kind)
    if owner_id is not None:
        query = query.where(Interview.owner_id == owner_id)
    if status:
        query = query.where(Interview.status == status)
    if scenario_id:
        query = query.where(Interview.scenario_id == scenario_id)
    if opening_id:
        query = query.where(Interview.opening_id == opening_id)
    if ids is not None:
        query = query.where(Interview.id.in_(list(ids)))
    if search and search.strip():
        needle = search.strip().lower()
        # autoescape: a % or _ typed in the search box is a character, not a wildcard.
        query = query.where(
            or_(
                func.lower(Interview.candidate_name).contains(needle, autoescape=True),
                func.lower(Interview.candidate_email).contains(needle, autoescape=True),
            )
        )
    return query


async def list_interviews(
    db: AsyncSession,
    *,
    kind: str,
    owner_id: int | None = None,
    status: str | None = None,
    scenario_id: str | None = None,
    opening_id: str | None = None,
    search: str | None = None,
    ids: Sequence[str] | None = None,
    sort: SortKey = "created",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[Interview]:
    """Interviews matching the filters, sorted; unscored rows sort last either way."""
    query = _filtered(
        select(Interview),
        kind=kind,
        owner_id=owner_id,
        status=status,
        scenario_id=scenario_id,
        opening_id=opening_id,
        search=search,
        ids=ids,
    )
    column = _SORT_COLUMNS[sort]
    order = column.desc().nulls_last() if descending else column.asc().nulls_last()
    query = query.order_by(order, Interview.created_at.desc(), Interview.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return (await db.scalars(query)).all()


async def count_interviews(
    db: AsyncSession,
    *,
    kind: str,
    status: str | None = None,
    scenario_id: str | None = None,
    opening_id: str | None = None,
    search: str | None = None,
) -> int:
    """How many interviews match the filters (the list's pages)."""
    query = _filtered(
        select(func.count()).select_from(Interview),
        kind=kind,
        owner_id=None,
        status=status,
        scenario_id=scenario_id,
        opening_id=opening_id,
        search=search,
        ids=None,
    )
    return int(await db.scalar(query) or 0)


async def add_opening(db: AsyncSession, opening: Opening) -> Opening:
    """Insert an opening."""
    db.add(opening)
    await db.flush()
    return opening


async def get_opening(db: AsyncSession, opening_id: str) -> Opening | None:
    """One opening."""
    return await db.get(Opening, opening_id)


async def list_openings(db: AsyncSession) -> Sequence[Opening]:
    """Every opening, newest first."""
    query = select(Opening).order_by(Opening.created_at.desc(), Opening.id)
    return (await db.scalars(query)).all()


async def opening_status_counts(
    db: AsyncSession, opening_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Per opening, how many of its interviews are in each status."""
    query = (
        select(Interview.opening_id, Interview.status, func.count())
        .where(Interview.opening_id.in_(list(opening_ids)))
        .group_by(Interview.opening_id, Interview.status)
    )
    counts: dict[str, dict[str, int]] = {i: {} for i in opening_ids}
    for opening_id, status, count in (await db.execute(query)).all():
        counts[str(opening_id)][status] = int(count)
    return counts


async def round_turns(db: AsyncSession, interview_id: str, round_number: int) -> Sequence[TurnRow]:
    """The turns of one round, in order."""
    params = {"interview_id": interview_id, "round": round_number}
    return (await db.scalars(_ROUND_TURNS, params)).all()


async def all_turns(db: AsyncSession, interview_ids: Sequence[str]) -> Sequence[TurnRow]:
    """The turns of several interviews, in order."""
    query = (
        select(TurnRow)
        .where(TurnRow.interview_id.in_(list(interview_ids)))
        .order_by(TurnRow.interview_id, TurnRow.round, TurnRow.index)
    )
    return (await db.scalars(query)).all()


async def turn_by_client_id(
    db: AsyncSession, interview_id: str, client_message_id: str
) -> TurnRow | None:
    """The candidate turn a client message id already stored, if any."""
    params = {"interview_id": interview_id, "client_message_id": client_message_id}
    return await db.scalar(_BY_CLIENT_ID, params)


async def add_turn(db: AsyncSession, turn: TurnRow) -> TurnRow:
    """Insert a turn (raises IntegrityError on a taken position or client id)."""
    db.add(turn)
    await db.flush()
    return turn


async def count_candidate_turns_since(db: AsyncSession, interview_id: str, since: datetime) -> int:
    """Candidate messages stored since a moment (for the message rate limit)."""
    params = {"interview_id": interview_id, "since": since}
    return int(await db.scalar(_CANDIDATE_TURNS_SINCE, params) or 0)


async def overrides(
    db: AsyncSession, interview_ids: Sequence[str]
) -> Sequence[tuple[ScoreOverride, str]]:
    """Score overrides of some interviews with the reviewer's e-mail, oldest first."""
    query = (
        select(ScoreOverride, User.email)
        .join(User, User.id == ScoreOverride.user_id)
        .where(ScoreOverride.interview_id.in_(list(interview_ids)))
        .order_by(ScoreOverride.created_at, ScoreOverride.id)
    )
    return [(row[0], row[1]) for row in (await db.execute(query)).all()]


async def add_override(db: AsyncSession, override: ScoreOverride) -> ScoreOverride:
    """Insert a score override."""
    db.add(override)
    await db.flush()
    return override


async def scorecards(db: AsyncSession, interview_ids: Sequence[str]) -> Sequence[Scorecard]:
    """The stored score parts of some interviews."""
    query = select(Scorecard).where(Scorecard.interview_id.in_(list(interview_ids)))
    return (await db.scalars(query)).all()


async def scored_parts(db: AsyncSession, interview_ids: Sequence[str]) -> dict[str, set[str]]:
    """Which score parts are stored for some interviews (without reading the scores)."""
    query = select(Scorecard.interview_id, Scorecard.part).where(
        Scorecard.interview_id.in_(list(interview_ids))
    )
    found: dict[str, set[str]] = {}
    for interview_id, part in (await db.execute(query)).all():
        found.setdefault(interview_id, set()).add(part)
    return found


async def put_scorecard(
    db: AsyncSession, interview_id: str, part: str, data: dict[str, Any], scorer_version: str
) -> None:
    """Store one score part, replacing what was stored for it (re-scoring only)."""
    card = await db.get(Scorecard, (interview_id, part))
    if card is None:
        db.add(
            Scorecard(
                interview_id=interview_id, part=part, data=data, scorer_version=scorer_version
            )
        )
    else:
        card.data, card.scorer_version, card.scored_at = data, scorer_version, utcnow()
    await db.flush()


async def ids_with_rounds(db: AsyncSession) -> Sequence[str]:
    """Ids of every interview and practice attempt that has started a round, oldest first."""
    query = select(Interview.id).where(Interview.round >= 1).order_by(Interview.created_at)
    return (await db.scalars(query)).all()


async def delete_interview(db: AsyncSession, interview_id: str) -> None:
    """Erase an interview with its turns, overrides, stored scores and the judge's opinions."""
    # Explicit deletes rather than relying on ON DELETE CASCADE, which SQLite only honours
    # when the foreign_keys pragma is on for that connection.
    await db.execute(delete(TurnRow).where(TurnRow.interview_id == interview_id))
    await db.execute(delete(ScoreOverride).where(ScoreOverride.interview_id == interview_id))
    await db.execute(delete(Scorecard).where(Scorecard.interview_id == interview_id))
    await db.execute(delete(JudgeResult).where(JudgeResult.interview_id == interview_id))
    await db.execute(delete(Interview).where(Interview.id == interview_id))


async def ids_created_before(db: AsyncSession, kind: str, before: datetime) -> Sequence[str]:
    """Ids of interviews of a kind created before a moment (for the retention period)."""
    query = select(Interview.id).where(Interview.kind == kind, Interview.created_at < before)
    return (await db.scalars(query)).all()
