"""Reps' practice: the scenario library, attempts and the history per criterion."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.accounts import UserView
from app.db import interviews as repo
from app.db.tables import Interview
from app.errors import NotFound
from app.flows.common import find_scenario, load_interview, new_id
from app.flows.rounds import candidate_state, start_round_in
from app.flows.scores import load_scores
from app.flows.views import (
    CandidateState,
    InterviewView,
    Kind,
    PracticeAttempt,
    PracticeHistory,
    StoredTurn,
    coaching_from_json,
)
from app.language.registry import languages
from app.scoring.models import RoundScore
from app.services import Services

if TYPE_CHECKING:
    from app.catalog.models import Scenario

log = logging.getLogger("coachable")


def list_scenarios(svc: Services, kind: Kind | None = None) -> list[Scenario]:
    """The scenario library, the default language's first, then by title (optionally only one
    kind); a form's first choice is then a scenario in the default language."""
    default = languages().default
    scenarios: list[Scenario] = list(svc.catalog.scenarios.values())
    return sorted(
        (s for s in scenarios if kind in (None, s.kind)),
        key=lambda s: (s.language != default, s.title),
    )


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
        id=new_id(),
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


# --------------------------------------------------------------------------- what changed


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """A turn the scorer cited, numbered as the transcript shows it (1 = the first line)."""

    number: int
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class CriterionChangeView:
    """One criterion from one attempt to the next, with the lines the scorer cited each time."""

    criterion: str
    name: str
    before: int
    after: int
    before_reason: str
    after_reason: str
    before_lines: tuple[EvidenceLine, ...]
    after_lines: tuple[EvidenceLine, ...]

    @property
    def delta(self) -> int:
        """after minus before."""
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class AttemptChange:
    """What changed from one attempt at a scenario to the next."""

    scenario_id: str
    before_id: str
    after_id: str
    before_number: int  # 1 = the rep's first attempt at the scenario
    before_total: int | None
    after_total: int | None
    coached: str | None  # the criterion the earlier attempt's coaching asked to work on
    criteria: tuple[CriterionChangeView, ...]  # those that moved first, the biggest move first

    @property
    def after_number(self) -> int:
        """The later attempt's number."""
        return self.before_number + 1


MAX_LINES = 2  # evidence lines shown per criterion and attempt


def _lines(
    score: RoundScore, criterion: str, turns: dict[int, StoredTurn]
) -> tuple[EvidenceLine, ...]:
    found = score.criterion(criterion)
    if found is None:
        return ()
    cited = [turns[i] for i in found.evidence if i in turns]
    # The candidate's own words make the difference; a prospect line only when nothing else.
    mine = [t for t in cited if t.speaker == "candidate"] or cited
    return tuple(EvidenceLine(t.index + 1, t.speaker, t.text) for t in mine[:MAX_LINES])


def compare_attempts(
    scenario_id: str,
    numbered: Sequence[tuple[int, str, RoundScore, dict[int, StoredTurn], str | None]],
) -> list[AttemptChange]:
    """Each attempt against the one before it: (number, id, scorecard, turns by index, the
    coached criterion) in order -> what changed per criterion, with the lines behind it."""
    changes = []
    for (number, before_id, before, before_turns, coached), (
        _,
        after_id,
        after,
        after_turns,
        _,
    ) in itertools.pairwise(numbered):
        rows = []
        for c in before.criteria:
            later = after.criterion(c.criterion)
            if later is None:
                continue
            rows.append(
                CriterionChangeView(
                    c.criterion,
                    c.name,
                    c.score,
                    later.score,
                    c.reason,
                    later.reason,
                    _lines(before, c.criterion, before_turns),
                    _lines(after, c.criterion, after_turns),
                )
            )
        rows.sort(key=lambda r: (r.delta == 0, -abs(r.delta), r.criterion != coached))
        changes.append(
            AttemptChange(
                scenario_id,
                before_id,
                after_id,
                number,
                before.total,
                after.total,
                coached,
                tuple(rows),
            )
        )
    return changes


async def attempt_changes(
    svc: Services, user: UserView, scenario_id: str | None = None
) -> list[AttemptChange]:
    """What changed between each of the rep's finished attempts and the one before it, per
    scenario (oldest first), from the stored scorecards with overrides-free levels."""
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
        ids = [r.id for r in rows]
        stored = await load_scores(db, {r.id: coaching_from_json(r.coaching) for r in rows})
        turns: dict[str, dict[int, StoredTurn]] = {i: {} for i in ids}
        for turn in await repo.all_turns(db, ids):
            if turn.round == 1:
                turns[turn.interview_id][turn.index] = StoredTurn.of(turn)
    by_scenario: dict[
        str, list[tuple[int, str, RoundScore, dict[int, StoredTurn], str | None]]
    ] = {}
    for row in rows:
        scores = stored[row.id]
        if not scores.rounds:
            continue
        attempts = by_scenario.setdefault(row.scenario_id, [])
        coached = scores.coaching.improvement.criterion if scores.coaching else None
        attempts.append((len(attempts) + 1, row.id, scores.rounds[0], turns[row.id], coached))
    return [c for sid, numbered in by_scenario.items() for c in compare_attempts(sid, numbered)]
