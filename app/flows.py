"""The interview and practice state machines: the one place that mixes storage and domain code.

Interview status (kind "interview"):

    invited ──start_round(1)──▶ round1 ──end_round(1)──▶ self_assessment
    self_assessment ──submit_self_assessment──▶ coaching   (coaching picked from round 1, stored)
    coaching ──submit_feedback_reply (optional, may be repeated)──▶ coaching
    coaching ──start_round(2)──▶ round2 ──end_round(2)──▶ finished

Practice (kind "practice", a rep alone): start_practice creates the attempt already in round1;
end_round(1) scores it, stores the coaching and finishes it. "Go again" is a new attempt.

A round also ends when the prospect ends the call, after the reply to the last allowed
candidate turn, or when a message arrives after the round's time is up. Every flow opens its
own short transaction, so a candidate message is committed before any reply is generated and
no state lives in process memory. The routes (API and pages) check who is calling; the flows
check what is allowed in the current state.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
import unicodedata
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, get_args

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import UserView, new_token, token_hash
from app.coaching.models import Coaching, CoachingPoint
from app.db import interviews as repo
from app.db import users as user_repo
from app.db.interviews import SortKey
from app.db.tables import Interview, ScoreOverride, TurnRow, utcnow
from app.errors import (
    AppError,
    Conflict,
    EngineUnavailable,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
)
from app.roleplay.engine import ProspectEngine, ProspectReply
from app.roleplay.transcript import Speaker, Turn
from app.services import Services
from app.session_file import SessionCoaching, SessionFile, SessionRound, SessionTurn

if TYPE_CHECKING:
    from app.catalog.models import Scenario
    from app.report import SessionReport
    from app.scoring.models import RoundScore

log = logging.getLogger("coachable")

Status = Literal["invited", "round1", "self_assessment", "coaching", "round2", "finished"]
STATUSES: tuple[Status, ...] = get_args(Status)
Kind = Literal["interview", "practice"]
IN_ROUND: frozenset[str] = frozenset({"round1", "round2"})
# A message that arrives this long after the round's time limit ends the round instead.
TIME_GRACE = timedelta(seconds=60)
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# Control characters other than newline and tab: PostgreSQL rejects NUL, and none of them
# belongs in a conversation.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {127: None}


# --------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class StoredTurn:
    """A turn as stored: its round, position, speaker and text."""

    round: int
    index: int
    speaker: Speaker
    text: str
    created_at: datetime

    @classmethod
    def of(cls, row: TurnRow) -> StoredTurn:
        """The view of a turns row."""
        speaker: Speaker = "prospect" if row.speaker == "prospect" else "candidate"
        return cls(row.round, row.index, speaker, row.text, row.created_at)

    def as_turn(self) -> Turn:
        """The plain Turn the engines and the scorer take."""
        return Turn(self.index, self.speaker, self.text)


@dataclass(frozen=True, slots=True)
class InterviewView:
    """An interview or practice attempt as reviewers and pages see it (no token, no hash)."""

    id: str
    kind: Kind
    owner_id: int
    scenario_id: str
    rubric_id: str
    candidate_name: str
    candidate_email: str
    status: Status
    round: int
    round_started_at: datetime | None
    invite_expires_at: datetime | None
    revoked_at: datetime | None
    opened_at: datetime | None
    engine_name: str
    engine_version: str
    self_assessment: str | None
    coaching: Coaching | None
    feedback_reply: str | None
    round1_total: int | None
    round2_total: int | None
    criterion_scores: dict[str, dict[str, int]]  # round ("1"/"2") -> criterion -> score
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, row: Interview) -> InterviewView:
        """The view of an interviews row."""
        kind: Kind = "practice" if row.kind == "practice" else "interview"
        status: Status = row.status  # type: ignore[assignment]  # only flows write it
        return cls(
            id=row.id,
            kind=kind,
            owner_id=row.owner_id,
            scenario_id=row.scenario_id,
            rubric_id=row.rubric_id,
            candidate_name=row.candidate_name,
            candidate_email=row.candidate_email,
            status=status,
            round=row.round,
            round_started_at=row.round_started_at,
            invite_expires_at=row.invite_expires_at,
            revoked_at=row.revoked_at,
            opened_at=row.opened_at,
            engine_name=row.engine_name,
            engine_version=row.engine_version,
            self_assessment=row.self_assessment,
            coaching=coaching_from_json(row.coaching),
            feedback_reply=row.feedback_reply,
            round1_total=row.round1_total,
            round2_total=row.round2_total,
            criterion_scores=dict(row.criterion_scores or {}),
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
        )

    @property
    def in_round(self) -> bool:
        """Whether a round is being played now."""
        return self.status in IN_ROUND

    @property
    def invite_state(self) -> Literal["active", "expired", "revoked", "none"]:
        """Whether the invite link still opens the interview."""
        if self.kind == "practice":
            return "none"
        if self.revoked_at is not None:
            return "revoked"
        if self.invite_expires_at is not None and self.invite_expires_at <= utcnow():
            return "expired"
        return "active"


@dataclass(frozen=True, slots=True)
class CreatedInterview:
    """A new interview and its invite: the plain token is shown this once and never stored."""

    interview: InterviewView
    invite_token: str
    invite_url: str


@dataclass(frozen=True, slots=True)
class CandidateState:
    """What a candidate may see: the brief, the current round, limits and the coaching texts."""

    interview_id: str
    kind: Kind
    status: Status
    round: int
    scenario_title: str
    brief: str
    prospect_name: str
    prospect_title: str
    prospect_company: str
    language: str
    turns: tuple[StoredTurn, ...]
    awaiting_reply: bool
    candidate_turns: int
    max_candidate_turns: int
    minutes: int
    round_deadline: datetime | None
    max_message_chars: int
    self_assessment: str | None
    coaching: Coaching | None
    feedback_reply: str | None


@dataclass(frozen=True, slots=True)
class ReplyDelta:
    """A piece of the prospect's reply as it is produced."""

    text: str


@dataclass(frozen=True, slots=True)
class ReplyRestart:
    """The model failed mid-reply and the scripted engine takes over: drop the partial text."""

    reason: str


@dataclass(frozen=True, slots=True)
class ReplyDone:
    """The reply is complete and stored; `round_over` when the call ended with it."""

    turn: StoredTurn
    round_over: bool
    status: Status


ReplyEvent = ReplyDelta | ReplyRestart | ReplyDone


@dataclass(frozen=True, slots=True)
class OverrideView:
    """A reviewer's score change, with the original score kept."""

    id: int
    interview_id: str
    round: int
    criterion: str
    original_score: int
    new_score: int
    comment: str
    user_id: int
    user_email: str
    created_at: datetime


@dataclass(frozen=True)
class InterviewReport:
    """The scored session (app.report) with the reviewers' overrides laid on top."""

    interview: InterviewView
    session: SessionFile
    report: SessionReport
    turns: dict[int, tuple[StoredTurn, ...]]
    overrides: tuple[OverrideView, ...]

    def override_for(self, round_number: int, criterion: str) -> OverrideView | None:
        """The latest override of one criterion in one round, if any."""
        found = [o for o in self.overrides if o.round == round_number and o.criterion == criterion]
        return found[-1] if found else None

    def computed_score(self, round_number: int, criterion: str) -> int | None:
        """The scorer's own score for a criterion (before any override)."""
        score = _round_score(self.report, round_number)
        found = score.criterion(criterion) if score is not None else None
        return found.score if found is not None else None

    def effective_score(self, round_number: int, criterion: str) -> int | None:
        """The score that counts: the latest override, else the computed one."""
        override = self.override_for(round_number, criterion)
        return override.new_score if override else self.computed_score(round_number, criterion)

    def as_json(self) -> dict[str, Any]:
        """The report as JSON: the scorer's report plus overrides and effective scores."""
        from app.report import report_as_json

        effective: dict[str, dict[str, int]] = {}
        for round_number in (1, 2):
            score = _round_score(self.report, round_number)
            if score is None:
                continue
            effective[str(round_number)] = {
                c.criterion: self.effective_score(round_number, c.criterion) or c.score
                for c in score.criteria
            }
        return {
            "interview": interview_json(self.interview),
            "report": report_as_json(self.report),
            "overrides": [override_json(o) for o in self.overrides],
            "effective_scores": effective,
        }


@dataclass(frozen=True, slots=True)
class PracticeAttempt:
    """One finished practice attempt with its scores."""

    id: str
    scenario_id: str
    created_at: datetime
    total: int | None
    scores: dict[str, int]
    improvement: str | None  # the criterion to work on next


@dataclass(frozen=True)
class PracticeHistory:
    """A rep's attempts, oldest first, and each criterion's scores over them."""

    attempts: tuple[PracticeAttempt, ...]
    series: dict[str, list[tuple[str, int]]] = field(
        default_factory=dict
    )  # criterion -> (id, score)


# --------------------------------------------------------------------------- json helpers


def coaching_to_json(coaching: Coaching) -> dict[str, Any]:
    """Coaching as stored in the interviews table."""
    return asdict(coaching)


def coaching_from_json(data: dict[str, Any] | None) -> Coaching | None:
    """Coaching read back from the interviews table."""
    if not data:
        return None
    return Coaching(
        strength=CoachingPoint(**data["strength"]), improvement=CoachingPoint(**data["improvement"])
    )


def interview_json(view: InterviewView) -> dict[str, Any]:
    """An interview as JSON for reviewers."""
    data = asdict(view)
    data["invite_state"] = view.invite_state
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
    return data


def override_json(view: OverrideView) -> dict[str, Any]:
    """An override as JSON."""
    data = asdict(view)
    data["created_at"] = view.created_at.isoformat()
    return data


# --------------------------------------------------------------------------- small helpers


def clean_text(text: str, limit: int, what: str = "message") -> str:
    """Normalise user text (NFC, no control characters) and enforce non-empty and the limit."""
    cleaned = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_CONTROL).strip()
    if not cleaned:
        raise InvalidInput(f"The {what} is empty.")
    if len(cleaned) > limit:
        raise InvalidInput(f"The {what} is too long: at most {limit} characters.")
    return cleaned


def _scenario(svc: Services, scenario_id: str) -> Scenario:
    try:
        scenario: Scenario = svc.catalog.scenario(scenario_id)
    except KeyError as exc:
        raise NotFound(f"No scenario '{scenario_id}'.") from exc
    return scenario


async def _interview(db: AsyncSession, interview_id: str, *, lock: bool = False) -> Interview:
    row = await repo.get_interview(db, interview_id, lock=lock)
    if row is None:
        raise NotFound("No such interview.")
    return row


def _check_viewer(row: Interview, viewer: UserView) -> None:
    """Reviewers see every interview (single-team install); practice only its own rep."""
    if row.kind == "practice":
        if row.owner_id != viewer.id:
            raise NotFound("No such interview.")
    elif not viewer.is_reviewer:
        raise NotFound("No such interview.")


def _turns(rows: Sequence[TurnRow]) -> tuple[StoredTurn, ...]:
    return tuple(StoredTurn.of(r) for r in rows)


def _plain(turns: Sequence[StoredTurn]) -> tuple[Turn, ...]:
    return tuple(t.as_turn() for t in turns)


def _deadline(row: Interview, scenario: Scenario) -> datetime | None:
    if row.round_started_at is None or row.status not in IN_ROUND:
        return None
    return row.round_started_at + timedelta(minutes=scenario.limits.minutes)


def _invite_url(svc: Services, token: str) -> str:
    return f"{svc.settings.base_url.rstrip('/')}/i/{token}"


def _round_score(report: SessionReport, round_number: int) -> RoundScore | None:
    """One round's scorecard out of a SessionReport."""
    rounds = report.rounds
    return rounds[round_number - 1].score if 0 < round_number <= len(rounds) else None


def _score_so_far(svc: Services, row: Interview, turns: Sequence[StoredTurn]) -> SessionReport:
    """Score the stored session exactly as the report and `coachable score` will."""
    from app.report import score_session

    report: SessionReport = score_session(session_file(InterviewView.of(row), turns), svc.catalog)
    return report


def _store_round_score(row: Interview, round_number: int, score: RoundScore) -> None:
    scores = dict(row.criterion_scores or {})
    scores[str(round_number)] = {c.criterion: c.score for c in score.criteria}
    row.criterion_scores = scores
    if round_number == 1:
        row.round1_total = score.total
    else:
        row.round2_total = score.total


async def _end_round_in(svc: Services, db: AsyncSession, row: Interview) -> None:
    """Close the round in play inside the caller's transaction: score, cache, advance."""
    turns = _turns(await repo.all_turns(db, [row.id]))
    report = _score_so_far(svc, row, turns)
    score = _round_score(report, row.round)
    if score is not None:
        _store_round_score(row, row.round, score)
    now = utcnow()
    if row.kind == "practice":
        row.coaching = coaching_to_json(report.coaching)
        row.status, row.finished_at = "finished", now
    elif row.round == 1:
        row.status = "self_assessment"
    else:
        row.status, row.finished_at = "finished", now
    row.round_started_at = None


async def _round1_coaching(svc: Services, db: AsyncSession, row: Interview) -> Coaching:
    """The coaching the report picks from round 1 (stored once, so it never drifts)."""
    turns = _turns(await repo.round_turns(db, row.id, 1))
    return _score_so_far(svc, row, turns).coaching


def _time_is_up(row: Interview, scenario: Scenario) -> bool:
    deadline = _deadline(row, scenario)
    return deadline is not None and utcnow() > deadline + TIME_GRACE


# --------------------------------------------------------------------------- interviews


async def create_interview(
    svc: Services, owner: UserView, scenario_id: str, candidate_name: str, candidate_email: str
) -> CreatedInterview:
    """Create an interview for a candidate; returns the invite token and link, shown once."""
    if not owner.is_reviewer:
        raise Forbidden("Only hiring managers create interviews.")
    scenario = _scenario(svc, scenario_id)
    name = clean_text(candidate_name, 200, "candidate name")
    email = candidate_email.strip()
    if email and ("@" not in email or len(email) > 320 or any(c.isspace() for c in email)):
        raise InvalidInput("Give the candidate's e-mail address, or leave it empty.")
    token = new_token()
    row = Interview(
        id=secrets.token_urlsafe(16),
        kind="interview",
        owner_id=owner.id,
        scenario_id=scenario.id,
        rubric_id=scenario.rubric,
        candidate_name=name,
        candidate_email=email,
        invite_token_hash=token_hash(token),
        invite_expires_at=utcnow() + timedelta(days=svc.settings.invite_ttl_days),
        status="invited",
    )
    async with svc.sessions.begin() as db:
        await repo.add_interview(db, row)
    return CreatedInterview(InterviewView.of(row), token, _invite_url(svc, token))


async def renew_invite(svc: Services, interview_id: str, viewer: UserView) -> CreatedInterview:
    """Issue a fresh invite link (the old one stops working) with a new expiry."""
    token = new_token()
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        _check_viewer(row, viewer)
        if row.kind != "interview":
            raise Conflict("Practice attempts have no invite.")
        row.invite_token_hash = token_hash(token)
        row.invite_expires_at = utcnow() + timedelta(days=svc.settings.invite_ttl_days)
        row.revoked_at = None
    return CreatedInterview(InterviewView.of(row), token, _invite_url(svc, token))


async def revoke_invite(svc: Services, interview_id: str, viewer: UserView) -> InterviewView:
    """Withdraw an invite: the link stops working at once."""
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        _check_viewer(row, viewer)
        if row.kind != "interview":
            raise Conflict("Practice attempts have no invite.")
        row.revoked_at = row.revoked_at or utcnow()
        return InterviewView.of(row)


async def open_invite(svc: Services, token: str, ip: str) -> CandidateState:
    """Open an invite link: check the token and note the first opening."""
    from app.auth import check_invite_token

    interview_id = await check_invite_token(svc, token, ip)
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        if row.opened_at is None:
            row.opened_at = utcnow()
    return await candidate_state(svc, interview_id)


async def get_interview(svc: Services, interview_id: str, viewer: UserView) -> InterviewView:
    """One interview or practice attempt, if the viewer may see it."""
    async with svc.sessions() as db:
        row = await _interview(db, interview_id)
        _check_viewer(row, viewer)
        return InterviewView.of(row)


async def list_interviews(
    svc: Services,
    viewer: UserView,
    *,
    status: str | None = None,
    scenario_id: str | None = None,
    search: str | None = None,
    sort: SortKey = "created",
    descending: bool = True,
) -> list[InterviewView]:
    """Interviews for reviewers, filtered and sorted (every manager sees every interview)."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers review interviews.")
    if status and status not in STATUSES:
        raise InvalidInput(f"Status must be one of {', '.join(STATUSES)}.")
    async with svc.sessions() as db:
        rows = await repo.list_interviews(
            db,
            kind="interview",
            status=status,
            scenario_id=scenario_id,
            search=search,
            sort=sort,
            descending=descending,
        )
        return [InterviewView.of(r) for r in rows]


async def candidate_state(svc: Services, interview_id: str) -> CandidateState:
    """What the candidate sees now (a refresh or a new tab resumes from this)."""
    async with svc.sessions() as db:
        row = await _interview(db, interview_id)
        turns = _turns(await repo.round_turns(db, row.id, row.round)) if row.round else ()
    scenario = _scenario(svc, row.scenario_id)
    status: Status = row.status  # type: ignore[assignment]
    kind: Kind = "practice" if row.kind == "practice" else "interview"
    shows_coaching = status in ("coaching", "round2", "finished")
    return CandidateState(
        interview_id=row.id,
        kind=kind,
        status=status,
        round=row.round,
        scenario_title=scenario.title,
        brief=scenario.brief,
        prospect_name=scenario.persona.name,
        prospect_title=scenario.persona.title,
        prospect_company=scenario.persona.company,
        language=scenario.language,
        turns=turns,
        awaiting_reply=row.status in IN_ROUND and bool(turns) and turns[-1].speaker == "candidate",
        candidate_turns=sum(1 for t in turns if t.speaker == "candidate"),
        max_candidate_turns=scenario.limits.max_candidate_turns,
        minutes=scenario.limits.minutes,
        round_deadline=_deadline(row, scenario),
        max_message_chars=svc.settings.max_message_chars,
        self_assessment=row.self_assessment,
        coaching=coaching_from_json(row.coaching) if shows_coaching else None,
        feedback_reply=row.feedback_reply,
    )


async def start_round(svc: Services, interview_id: str, round_number: int) -> CandidateState:
    """Start round 1 or 2 and store the prospect's opening line (repeating it is harmless)."""
    if round_number not in (1, 2):
        raise InvalidInput("Rounds are 1 and 2.")
    scenario_state_ok = {1: ("invited",), 2: ("coaching",)}[round_number]
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        if row.round == round_number and row.status in IN_ROUND:
            pass  # already started: a double click or a second tab
        elif row.status in scenario_state_ok and not (round_number == 2 and row.kind == "practice"):
            await _start_round_in(svc, db, row, round_number)
        else:
            raise Conflict(f"Round {round_number} cannot start now.", error="wrong-step")
    return await candidate_state(svc, interview_id)


async def _start_round_in(
    svc: Services, db: AsyncSession, row: Interview, round_number: int
) -> None:
    scenario = _scenario(svc, row.scenario_id)
    engine = svc.engines.for_scenario(scenario)
    if round_number == 1:
        row.engine_name, row.engine_version = engine.name, engine.version
    row.round, row.status, row.round_started_at = round_number, f"round{round_number}", utcnow()
    # The opening is the scenario's own line (round 2 uses the next variant), so a round
    # starts instantly and never waits on a model.
    opening = scenario.opening[(round_number - 1) % len(scenario.opening)]
    await repo.add_turn(
        db,
        TurnRow(
            interview_id=row.id,
            round=round_number,
            index=0,
            speaker="prospect",
            text=opening,
            engine_name="scenario",
        ),
    )


async def add_candidate_message(
    svc: Services, interview_id: str, text: str, client_message_id: str | None = None
) -> StoredTurn:
    """Validate and commit a candidate message before any reply; a repeated id stores once."""
    if client_message_id is not None and not _CLIENT_ID.match(client_message_id):
        raise InvalidInput("client_message_id: 1-64 letters, digits or . _ : -")
    cleaned = clean_text(text, svc.settings.max_message_chars)
    try:
        async with svc.sessions.begin() as db:
            row = await _interview(db, interview_id, lock=True)
            if client_message_id:
                existing = await repo.turn_by_client_id(db, row.id, client_message_id)
                if existing is not None:
                    return StoredTurn.of(existing)
            if row.status not in IN_ROUND:
                raise Conflict("The call is not running.", error="wrong-step")
            scenario = _scenario(svc, row.scenario_id)
            if _time_is_up(row, scenario):
                await _end_round_in(svc, db, row)
                time_up = True
            else:
                time_up = False
                turn = await _append_candidate_turn(
                    svc, db, row, scenario, cleaned, client_message_id
                )
    except IntegrityError as exc:
        # Two requests raced for the same client id or position; the first one won.
        async with svc.sessions() as db:
            existing = (
                await repo.turn_by_client_id(db, interview_id, client_message_id)
                if client_message_id
                else None
            )
        if existing is not None:
            return StoredTurn.of(existing)
        raise Conflict("Another message was stored at the same moment; reload.") from exc
    if time_up:
        raise Conflict("Time is up for this round.", error="round-over")
    return turn


async def _append_candidate_turn(
    svc: Services,
    db: AsyncSession,
    row: Interview,
    scenario: Scenario,
    text: str,
    client_message_id: str | None,
) -> StoredTurn:
    turns = await repo.round_turns(db, row.id, row.round)
    if turns and turns[-1].speaker == "candidate":
        raise Conflict(
            "The prospect has not answered your last message yet.", error="awaiting-reply"
        )
    said = sum(1 for t in turns if t.speaker == "candidate")
    if said >= scenario.limits.max_candidate_turns:
        raise Conflict("This round has used all its turns.", error="turn-limit")
    since = utcnow() - timedelta(minutes=1)
    if (
        await repo.count_candidate_turns_since(db, row.id, since)
        >= svc.settings.messages_per_minute
    ):
        raise RateLimited("Slow down a little: too many messages in a minute.")
    stored = await repo.add_turn(
        db,
        TurnRow(
            interview_id=row.id,
            round=row.round,
            index=len(turns),
            speaker="candidate",
            text=text,
            client_message_id=client_message_id,
        ),
    )
    return StoredTurn.of(stored)


def _engine_failures() -> tuple[type[Exception], ...]:
    """The errors that mean "the prospect could not answer": retry, or fall back."""
    from app.llm import LLMUnavailable

    return (LLMUnavailable, EngineUnavailable)


def _failure_message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) else "The prospect could not answer just now."


async def stream_prospect_reply(svc: Services, interview_id: str) -> AsyncIterator[ReplyEvent]:
    """Stream the prospect's answer to the last candidate message and store it once complete.

    Yields ReplyDelta pieces, then ReplyDone with the stored turn. If the engine fails,
    nothing is stored and EngineUnavailable is raised (the caller offers a retry); with
    llm_fallback_to_scripted set, a ReplyRestart is yielded and the scripted engine answers.
    Asking again after the reply was stored yields just ReplyDone with that reply.
    """
    async with svc.sessions() as db:
        row = await _interview(db, interview_id)
        turns = _turns(await repo.round_turns(db, row.id, row.round)) if row.round else ()
    status: Status = row.status  # type: ignore[assignment]
    if turns and turns[-1].speaker == "prospect" and len(turns) > 1:
        yield ReplyDone(turns[-1], status not in IN_ROUND, status)
        return
    if status not in IN_ROUND:
        raise Conflict("The call is not running.", error="wrong-step")
    if not turns or turns[-1].speaker != "candidate":
        raise Conflict("There is no message to answer yet.", error="nothing-to-answer")
    scenario = _scenario(svc, row.scenario_id)
    engine = svc.engines.for_scenario(scenario)
    plain = _plain(turns)
    pieces: list[str] = []
    try:
        async for event in _generate(engine, scenario, plain, pieces):
            yield event
        reply = engine.finish(scenario, plain, "".join(pieces))
    except _engine_failures() as exc:
        fallback = svc.engines.scripted
        if not svc.engines.fallback_to_scripted or engine is fallback:
            log.warning("prospect engine %s failed: %s", engine.name, exc)
            raise EngineUnavailable(_failure_message(exc)) from exc
        log.warning("prospect engine %s failed, scripted engine takes over: %s", engine.name, exc)
        yield ReplyRestart(_failure_message(exc))
        engine, pieces = fallback, []
        async for event in _generate(engine, scenario, plain, pieces):
            yield event
        reply = engine.finish(scenario, plain, "".join(pieces))
    yield await _store_reply(svc, interview_id, scenario, turns, reply, engine)


async def _generate(
    engine: ProspectEngine, scenario: Scenario, turns: tuple[Turn, ...], pieces: list[str]
) -> AsyncIterator[ReplyDelta]:
    """Stream one reply, collecting the raw pieces; control markers never reach the screen."""
    from app.llm import clean_reply

    async for piece in engine.stream(scenario, turns):
        pieces.append(piece)
        shown = clean_reply(piece)
        if shown:
            yield ReplyDelta(shown)
    if not clean_reply("".join(pieces)).strip():
        raise EngineUnavailable("The prospect said nothing. Try again.")


async def _store_reply(
    svc: Services,
    interview_id: str,
    scenario: Scenario,
    turns: tuple[StoredTurn, ...],
    reply: ProspectReply,
    engine: ProspectEngine,
) -> ReplyDone:
    said = sum(1 for t in turns if t.speaker == "candidate")
    try:
        async with svc.sessions.begin() as db:
            row = await _interview(db, interview_id, lock=True)
            stored = await repo.add_turn(
                db,
                TurnRow(
                    interview_id=row.id,
                    round=turns[-1].round,
                    index=len(turns),
                    speaker="prospect",
                    text=reply.text.strip(),
                    engine_name=engine.name,
                ),
            )
            ends = reply.ends_call or said >= scenario.limits.max_candidate_turns
            if ends and row.status in IN_ROUND and row.round == turns[-1].round:
                await _end_round_in(svc, db, row)
            status: Status = row.status  # type: ignore[assignment]
            return ReplyDone(StoredTurn.of(stored), row.status not in IN_ROUND, status)
    except IntegrityError:
        # Another request stored a reply to the same message first: that one stands.
        async with svc.sessions() as db:
            row = await _interview(db, interview_id)
            current = await repo.round_turns(db, interview_id, turns[-1].round)
        if len(current) <= len(turns):
            raise
        status = row.status  # type: ignore[assignment]
        return ReplyDone(StoredTurn.of(current[len(turns)]), row.status not in IN_ROUND, status)


async def end_round(
    svc: Services, interview_id: str, round_number: int | None = None
) -> CandidateState:
    """End the round in play (the candidate hung up); ending an ended round changes nothing."""
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        if row.status in IN_ROUND and round_number in (None, row.round):
            await _end_round_in(svc, db, row)
        elif round_number is None or round_number > row.round:
            raise Conflict("No call is running.", error="wrong-step")
    return await candidate_state(svc, interview_id)


async def submit_self_assessment(svc: Services, interview_id: str, text: str) -> Coaching:
    """Store the answer to "How did you do?" and pick the coaching from round 1."""
    cleaned = clean_text(text, svc.settings.max_message_chars, "answer")
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        if row.status != "self_assessment":
            if row.self_assessment == cleaned and row.coaching:
                return coaching_from_json(row.coaching) or _never()
            raise Conflict("The self-assessment is not open now.", error="wrong-step")
        coaching = await _round1_coaching(svc, db, row)
        row.self_assessment = cleaned
        row.coaching = coaching_to_json(coaching)
        row.status = "coaching"
    return coaching


def _never() -> Coaching:
    raise AppError("Coaching is missing.", error="internal", status_code=500)


async def coaching_for(svc: Services, interview_id: str) -> Coaching:
    """The coaching picked from round 1 (computed once, then read from storage)."""
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        stored = coaching_from_json(row.coaching)
        if stored is not None:
            return stored
        if row.round < 1 or row.status in ("invited", "round1"):
            raise Conflict("Coaching comes after round 1.", error="wrong-step")
        coaching = await _round1_coaching(svc, db, row)
        row.coaching = coaching_to_json(coaching)
        return coaching


async def submit_feedback_reply(svc: Services, interview_id: str, text: str) -> CandidateState:
    """Store the candidate's reply to the coaching (may be edited until round 2 starts)."""
    cleaned = clean_text(text, svc.settings.max_message_chars, "reply")
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        if row.status != "coaching":
            raise Conflict("The reply to the feedback is not open now.", error="wrong-step")
        row.feedback_reply = cleaned
    return await candidate_state(svc, interview_id)


# --------------------------------------------------------------------------- review


async def _load(
    db: AsyncSession, interview_ids: Sequence[str]
) -> tuple[dict[str, list[StoredTurn]], list[OverrideView]]:
    turns: dict[str, list[StoredTurn]] = {i: [] for i in interview_ids}
    for row in await repo.all_turns(db, interview_ids):
        turns[row.interview_id].append(StoredTurn.of(row))
    emails: dict[int, str] = {}
    views = []
    for o in await repo.overrides(db, interview_ids):
        if o.user_id not in emails:
            user = await user_repo.get_user(db, o.user_id)
            emails[o.user_id] = user.email if user else ""
        views.append(
            OverrideView(
                o.id,
                o.interview_id,
                o.round,
                o.criterion,
                o.original_score,
                o.new_score,
                o.comment,
                o.user_id,
                emails[o.user_id],
                o.created_at,
            )
        )
    return turns, views


def session_file(view: InterviewView, turns: Sequence[StoredTurn]) -> SessionFile:
    """The interchange session file of an interview (what `coachable score` reads)."""
    rounds = [
        SessionRound(
            turns=[SessionTurn(speaker=t.speaker, text=t.text) for t in turns if t.round == n]
        )
        for n in range(1, max(view.round, 1) + 1)
    ]
    coaching = (
        SessionCoaching(
            strength=view.coaching.strength.criterion,
            improvement=view.coaching.improvement.criterion,
        )
        if view.coaching
        else None
    )
    return SessionFile(
        scenario=view.scenario_id,
        rubric=view.rubric_id,
        rounds=rounds,
        self_assessment=view.self_assessment,
        coaching=coaching,
        feedback_reply=view.feedback_reply,
    )


def _make_report(
    svc: Services,
    view: InterviewView,
    turns: Sequence[StoredTurn],
    overrides: Sequence[OverrideView],
) -> InterviewReport:
    from app.report import score_session

    session = session_file(view, turns)
    return InterviewReport(
        interview=view,
        session=session,
        report=score_session(session, svc.catalog),
        turns={n: tuple(t for t in turns if t.round == n) for n in range(1, view.round + 1)},
        overrides=tuple(overrides),
    )


async def build_report(svc: Services, interview_id: str, viewer: UserView) -> InterviewReport:
    """Score the stored session with app.report and lay the reviewers' overrides on top."""
    async with svc.sessions() as db:
        row = await _interview(db, interview_id)
        _check_viewer(row, viewer)
        turns, overrides = await _load(db, [row.id])
    view = InterviewView.of(row)
    if view.round < 1:
        raise Conflict("Nothing to report yet: round 1 has not started.", error="not-started")
    return _make_report(svc, view, turns[row.id], overrides)


async def compare_interviews(
    svc: Services, interview_ids: Sequence[str], viewer: UserView
) -> list[InterviewReport]:
    """Reports of two or more interviews side by side, in the order asked."""
    unique = list(dict.fromkeys(interview_ids))
    if not 2 <= len(unique) <= 12:
        raise InvalidInput("Compare between 2 and 12 interviews.")
    return [await build_report(svc, i, viewer) for i in unique]


async def override_score(
    svc: Services,
    interview_id: str,
    round_number: int,
    criterion: str,
    new_score: int,
    comment: str,
    viewer: UserView,
) -> OverrideView:
    """Override one criterion score with a comment; the scorer's original is kept beside it."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers override scores.")
    if not 1 <= new_score <= 5:
        raise InvalidInput("Scores run from 1 to 5.")
    cleaned = clean_text(comment, 2000, "comment")
    report = await build_report(svc, interview_id, viewer)
    if report.interview.kind != "interview":
        raise Conflict("Practice attempts are not reviewed.")
    original = report.computed_score(round_number, criterion)
    if original is None:
        raise NotFound(f"Round {round_number} has no score for '{criterion}'.")
    async with svc.sessions.begin() as db:
        row = await repo.add_override(
            db,
            ScoreOverride(
                interview_id=interview_id,
                round=round_number,
                criterion=criterion,
                original_score=original,
                new_score=new_score,
                comment=cleaned,
                user_id=viewer.id,
            ),
        )
    return OverrideView(
        row.id,
        interview_id,
        round_number,
        criterion,
        original,
        new_score,
        cleaned,
        viewer.id,
        viewer.email,
        row.created_at,
    )


async def export_session(svc: Services, interview_id: str, viewer: UserView) -> dict[str, Any]:
    """The interview as session-file JSON; `coachable score` on it gives the report's scores."""
    async with svc.sessions() as db:
        row = await _interview(db, interview_id)
        _check_viewer(row, viewer)
        turns, _ = await _load(db, [row.id])
    return session_file(InterviewView.of(row), turns[row.id]).model_dump(
        mode="json", exclude_none=True
    )


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A leading = + - @ makes spreadsheets run the cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def export_csv(svc: Services, viewer: UserView, **filters: Any) -> str:
    """Every interview (filtered like the list) as CSV, one row each, overrides applied."""
    views = await list_interviews(svc, viewer, **filters)
    async with svc.sessions() as db:
        _, overrides = await _load(db, [v.id for v in views])
    by_interview: dict[str, dict[tuple[int, str], int]] = {}
    for o in overrides:  # oldest first, so the latest override wins
        by_interview.setdefault(o.interview_id, {})[(o.round, o.criterion)] = o.new_score
    criteria = sorted({c for v in views for scores in v.criterion_scores.values() for c in scores})
    header = [
        "id",
        "candidate_name",
        "candidate_email",
        "scenario",
        "status",
        "created_at",
        "finished_at",
        "round1_total",
        "round2_total",
        *(f"round{n}_{c}" for n in (1, 2) for c in criteria),
        "overridden",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for v in views:
        changed = by_interview.get(v.id, {})
        scores = [
            changed.get((n, c), v.criterion_scores.get(str(n), {}).get(c))
            for n in (1, 2)
            for c in criteria
        ]
        writer.writerow(
            [
                _csv_cell(x)
                for x in (
                    v.id,
                    v.candidate_name,
                    v.candidate_email,
                    v.scenario_id,
                    v.status,
                    v.created_at.isoformat(),
                    v.finished_at.isoformat() if v.finished_at else "",
                    v.round1_total,
                    v.round2_total,
                    *scores,
                    "yes" if changed else "",
                )
            ]
        )
    return out.getvalue()


# --------------------------------------------------------------------------- privacy


async def erase_interview(svc: Services, interview_id: str, viewer: UserView) -> None:
    """Erase an interview and everything the candidate said, on request."""
    async with svc.sessions.begin() as db:
        row = await _interview(db, interview_id, lock=True)
        _check_viewer(row, viewer)
        await repo.delete_interview(db, row.id)


async def purge_expired(svc: Services, now: datetime | None = None) -> int:
    """Delete candidate interviews older than the retention period; returns how many."""
    before = (now or utcnow()) - timedelta(days=svc.settings.retention_days)
    async with svc.sessions.begin() as db:
        ids = await repo.ids_created_before(db, "interview", before)
        for interview_id in ids:
            await repo.delete_interview(db, interview_id)
        await user_repo.delete_expired_sessions(db, now or utcnow())
        await user_repo.delete_old_rate_events(db, (now or utcnow()) - timedelta(days=1))
    if ids:
        log.info("retention: deleted %d interviews older than %s", len(ids), before.date())
    return len(ids)


# --------------------------------------------------------------------------- practice


def list_scenarios(svc: Services, kind: Kind | None = None) -> list[Scenario]:
    """The scenario library, by title (optionally only one kind)."""
    scenarios: list[Scenario] = list(svc.catalog.scenarios.values())
    return sorted((s for s in scenarios if kind in (None, s.kind)), key=lambda s: s.title)


async def check_practice_owner(svc: Services, interview_id: str, user: UserView) -> None:
    """Let only the rep who owns a practice attempt play it."""
    async with svc.sessions() as db:
        row = await _interview(db, interview_id)
    if row.kind != "practice" or row.owner_id != user.id:
        raise NotFound("No such practice attempt.")


async def start_practice(svc: Services, user: UserView, scenario_id: str) -> CandidateState:
    """Start a practice attempt for the signed-in user, already in round 1."""
    scenario = _scenario(svc, scenario_id)
    row = Interview(
        id=secrets.token_urlsafe(16),
        kind="practice",
        owner_id=user.id,
        scenario_id=scenario.id,
        rubric_id=scenario.rubric,
        candidate_name=user.name,
        candidate_email=user.email,
        status="invited",
    )
    async with svc.sessions.begin() as db:
        await repo.add_interview(db, row)
        await _start_round_in(svc, db, row, 1)
    return await candidate_state(svc, row.id)


async def practice_history(
    svc: Services, user: UserView, scenario_id: str | None = None
) -> PracticeHistory:
    """The user's finished practice attempts and each criterion's scores over them."""
    async with svc.sessions() as db:
        rows = await repo.list_interviews(
            db,
            kind="practice",
            owner_id=user.id,
            status="finished",
            scenario_id=scenario_id,
            sort="created",
            descending=False,
        )
    attempts = []
    series: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        view = InterviewView.of(row)
        scores = view.criterion_scores.get("1", {})
        for criterion, score in scores.items():
            series.setdefault(criterion, []).append((view.id, score))
        attempts.append(
            PracticeAttempt(
                id=view.id,
                scenario_id=view.scenario_id,
                created_at=view.created_at,
                total=view.round1_total,
                scores=dict(scores),
                improvement=view.coaching.improvement.criterion if view.coaching else None,
            )
        )
    return PracticeHistory(tuple(attempts), series)


async def check_database(svc: Services) -> None:
    """Raise if the database does not answer (health check)."""
    async with svc.sessions() as db:
        await user_repo.ping(db)
