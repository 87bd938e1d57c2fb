"""Helpers the flows share: text cleaning, loading with access checks, scoring and round ends."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import UserView
from app.coaching.models import Coaching
from app.db import interviews as repo
from app.db.tables import Interview, TurnRow, utcnow
from app.errors import InvalidInput, NotFound
from app.flows.views import IN_ROUND, InterviewView, StoredTurn, coaching_to_json, round_score
from app.roleplay.transcript import Turn
from app.services import Services
from app.session_file import SessionCoaching, SessionFile, SessionRound, SessionTurn

if TYPE_CHECKING:
    from app.catalog.models import Scenario
    from app.report import SessionReport
    from app.scoring.models import RoundScore

# A message that arrives this long after the round's time limit ends the round instead.
TIME_GRACE = timedelta(seconds=60)
# Control characters other than newline and tab: PostgreSQL rejects NUL, and none of them
# belongs in a conversation.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {127: None}
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn"})


def clean_text(text: str, limit: int, what: str = "message") -> str:
    """Normalise user text (NFC, no control characters) and enforce non-empty and the limit."""
    cleaned = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_CONTROL).strip()
    # Only zero-width or direction-control characters is as empty as nothing: it shows as blank.
    if not cleaned or all(unicodedata.category(c) in _INVISIBLE for c in cleaned):
        raise InvalidInput(f"The {what} is empty.")
    if len(cleaned) > limit:
        raise InvalidInput(f"The {what} is too long: at most {limit} characters.")
    return cleaned


def find_scenario(svc: Services, scenario_id: str) -> Scenario:
    """The scenario with this id; 404 when the catalog has none."""
    try:
        scenario: Scenario = svc.catalog.scenario(scenario_id)
    except KeyError as exc:
        raise NotFound(f"No scenario '{scenario_id}'.") from exc
    return scenario


async def load_interview(db: AsyncSession, interview_id: str, *, lock: bool = False) -> Interview:
    """The interviews row; 404 when there is none. `lock` holds it until commit."""
    row = await repo.get_interview(db, interview_id, lock=lock)
    if row is None:
        raise NotFound("No such interview.")
    return row


def check_viewer(row: Interview, viewer: UserView) -> None:
    """Reviewers see every interview (single-team install); practice only its own rep."""
    if row.kind == "practice":
        if row.owner_id != viewer.id:
            raise NotFound("No such interview.")
    elif not viewer.is_reviewer:
        raise NotFound("No such interview.")


def stored_turns(rows: Sequence[TurnRow]) -> tuple[StoredTurn, ...]:
    """Views of turns rows."""
    return tuple(StoredTurn.of(r) for r in rows)


def plain_turns(turns: Sequence[StoredTurn]) -> tuple[Turn, ...]:
    """The plain Turns the engines and the scorer take."""
    return tuple(t.as_turn() for t in turns)


def round_deadline(row: Interview, scenario: Scenario) -> datetime | None:
    """When the round in play runs out of time (None between rounds)."""
    if row.round_started_at is None or row.status not in IN_ROUND:
        return None
    return row.round_started_at + timedelta(minutes=scenario.limits.minutes)


def invite_url(svc: Services, token: str) -> str:
    """The link a candidate opens (served by the pages)."""
    return f"{svc.settings.base_url.rstrip('/')}/i/{token}"


def score_so_far(svc: Services, row: Interview, turns: Sequence[StoredTurn]) -> SessionReport:
    """Score the stored session exactly as the report and `coachable score` will."""
    from app.report import score_session

    report: SessionReport = score_session(session_file(InterviewView.of(row), turns), svc.catalog)
    return report


def store_round_score(row: Interview, round_number: int, score: RoundScore) -> None:
    """Cache a round's total and criterion scores on the row, for lists, sorting and CSV."""
    scores = dict(row.criterion_scores or {})
    scores[str(round_number)] = {c.criterion: c.score for c in score.criteria}
    row.criterion_scores = scores
    if round_number == 1:
        row.round1_total = score.total
    else:
        row.round2_total = score.total


async def end_round_in(svc: Services, db: AsyncSession, row: Interview) -> None:
    """Close the round in play inside the caller's transaction: score, cache, advance."""
    turns = stored_turns(await repo.all_turns(db, [row.id]))
    report = score_so_far(svc, row, turns)
    score = round_score(report, row.round)
    if score is not None:
        store_round_score(row, row.round, score)
    now = utcnow()
    if row.kind == "practice":
        row.coaching = coaching_to_json(report.coaching)
        row.status, row.finished_at = "finished", now
    elif row.round == 1:
        row.status = "self_assessment"
    else:
        row.status, row.finished_at = "finished", now
    row.round_started_at = None


async def round1_coaching(svc: Services, db: AsyncSession, row: Interview) -> Coaching:
    """The coaching the report picks from round 1 (stored once, so it never drifts)."""
    turns = stored_turns(await repo.round_turns(db, row.id, 1))
    return score_so_far(svc, row, turns).coaching


def time_is_up(row: Interview, scenario: Scenario) -> bool:
    """Whether the round's time limit, plus a minute's grace, has passed."""
    deadline = round_deadline(row, scenario)
    return deadline is not None and utcnow() > deadline + TIME_GRACE


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
