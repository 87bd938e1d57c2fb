"""Helpers the flows share: text cleaning, loading with access checks, the session file."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts import UserView
from app.db import interviews as repo
from app.db.tables import Interview, TurnRow, utcnow
from app.errors import InvalidInput, NotFound
from app.flows.views import IN_ROUND, InterviewView, StoredTurn
from app.roleplay.transcript import Turn
from app.services import Services
from app.session_file import SessionCoaching, SessionFile, SessionRound, SessionTurn

if TYPE_CHECKING:
    from app.catalog.models import Scenario

# A message that arrives this long after the round's time limit ends the round instead.
TIME_GRACE = timedelta(seconds=60)
# Control characters other than newline and tab: PostgreSQL rejects NUL, and none of them
# belongs in a conversation.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {127: None}
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn"})


def new_id() -> str:
    """An unguessable id for a row a browser sees. Never one starting with "-" or "_": such an
    id reads as a flag on the command line and gets a guard quote in a spreadsheet."""
    while True:
        token = secrets.token_urlsafe(16)
        if token[0] not in "-_":
            return token


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
