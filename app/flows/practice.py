"""Reps' practice: the scenario library, attempts and the history per criterion."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from app.accounts import UserView
from app.db import interviews as repo
from app.db.tables import Interview
from app.errors import NotFound
from app.flows.common import find_scenario, load_interview
from app.flows.rounds import candidate_state, start_round_in
from app.flows.views import CandidateState, InterviewView, Kind, PracticeAttempt, PracticeHistory
from app.services import Services

if TYPE_CHECKING:
    from app.catalog.models import Scenario

log = logging.getLogger("coachable")


def list_scenarios(svc: Services, kind: Kind | None = None) -> list[Scenario]:
    """The scenario library, by title (optionally only one kind)."""
    scenarios: list[Scenario] = list(svc.catalog.scenarios.values())
    return sorted((s for s in scenarios if kind in (None, s.kind)), key=lambda s: s.title)


async def check_practice_owner(svc: Services, interview_id: str, user: UserView) -> None:
    """Let only the rep who owns a practice attempt play it."""
    async with svc.sessions() as db:
        row = await load_interview(db, interview_id)
    if row.kind != "practice" or row.owner_id != user.id:
        raise NotFound("No such practice attempt.")


async def start_practice(svc: Services, user: UserView, scenario_id: str) -> CandidateState:
    """Start a practice attempt for the signed-in user, already in round 1."""
    scenario = find_scenario(svc, scenario_id)
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
        await start_round_in(svc, db, row, 1)
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
