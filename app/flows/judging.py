"""The LLM judge in an interview: what is due, judging it in the background, storing it.

Due: each ended round of an interview whose rubric lets the judge read it, and the
self-assessment once given (when the self-assessment rubric lets it), once its scores are
stored. Practice attempts are never judged: the judge is a second opinion for hiring decisions.
Judging starts after the step that made a part due has committed (and again when a reviewer
opens a report with a part still missing), runs one part after another, and stores each
judgement once; a judgement whose calls all failed is stored as failed and asked for again only
when a reviewer says so.

The judge reads the scorecards stored when each step ended (app.flows.scores), never a fresh
scoring, and each judgement records the scorer version of the scorecard it was held to: after
`coachable rescore --apply` stores scores of another version, the judgement is stale, is not
shown, and the part is judged again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from app.accounts import UserView
from app.catalog.models import Rubric
from app.db import interviews as repo
from app.db import judge as judge_repo
from app.db.tables import Interview, JudgeResult
from app.errors import Conflict, Forbidden
from app.flows.common import load_interview, session_file, stored_turns
from app.flows.scores import load_row_scores
from app.flows.views import InterviewView, StoredTurn, rounds_over
from app.judge.build import round_input, self_assessment_input
from app.judge.codec import judgement_from_json, judgement_to_json
from app.judge.models import JudgeInput, Judgement, Part, RuleReading
from app.judge.report import JudgeReport
from app.judge.run import judge_part
from app.services import Services

if TYPE_CHECKING:
    from app.report import SessionReport
    from app.report_store import StoredScores

log = logging.getLogger("coachable")


def judge_reads(svc: Services, rubric: Rubric | None) -> bool:
    """Whether the deployment has the judge on and the rubric lets it read its rounds."""
    return svc.judge is not None and rubric is not None and rubric.judge.enabled


def _self_assessment_rubric(svc: Services) -> Rubric | None:
    from app.report import SELF_ASSESSMENT_RUBRIC

    return svc.catalog.rubrics.get(SELF_ASSESSMENT_RUBRIC)


def judge_enabled_for(svc: Services, row: Interview, rubric: Rubric | None) -> bool:
    """Whether the judge gives this interview a second opinion at all."""
    return row.kind == "interview" and (
        judge_reads(svc, rubric) or judge_reads(svc, _self_assessment_rubric(svc))
    )


def due_parts(svc: Services, row: Interview, report: SessionReport) -> tuple[Part, ...]:
    """The parts the judge should read now, in order."""
    if row.kind != "interview":
        return ()
    parts: list[Part] = []
    ended = min(rounds_over(row.round, row.status), len(report.rounds))
    if judge_reads(svc, report.rubric):
        rounds: tuple[Part, Part] = ("round1", "round2")
        parts += rounds[:ended]
    if (
        ended >= 1
        and report.self_assessment is not None
        and judge_reads(svc, _self_assessment_rubric(svc))
    ):
        parts.append("self_assessment")
    return tuple(parts)


def part_input(
    svc: Services, report: SessionReport, part: Part, review: str | None
) -> tuple[JudgeInput, RuleReading]:
    """What the judge reads for one part, and the rule-based reading it is held to."""
    scenario = svc.catalog.scenarios.get(report.scenario)
    if part == "self_assessment":
        rubric = _self_assessment_rubric(svc)
        first = report.rounds[0]
        assert rubric is not None and report.self_assessment is not None
        return self_assessment_input(
            rubric, first.turns, first.score, scenario, review or "", report.self_assessment
        )
    found = report.rounds[0 if part == "round1" else 1]
    return round_input(part, report.rubric, found.turns, found.score, scenario)


def request_judgement(svc: Services, interview_id: str) -> None:
    """Start judging whatever is due and missing for the interview, in the background."""
    if svc.judge is not None:
        svc.judge.start(interview_id, lambda: judge_due(svc, interview_id))


def _current(judged: Mapping[str, str], versions: Mapping[str, str]) -> set[str]:
    """The judged parts (part -> scorer version it was held to) whose stored scorecard is still
    of that version."""
    return {part for part, held in judged.items() if held == versions.get(part)}


def _stored_report(
    svc: Services, row: Interview, turns: Sequence[StoredTurn], scores: StoredScores
) -> SessionReport | None:
    """The interview's report from its stored scores (None until round 1's are stored)."""
    from app.report import stored_report

    if not scores.rounds or scores.coaching is None:
        return None
    return stored_report(
        session_file(InterviewView.of(row), turns),
        svc.catalog,
        scores.rounds,
        scores.self_assessment,
        scores.coaching,
        scores.application,
    )


async def _state(
    svc: Services, interview_id: str
) -> tuple[Interview, SessionReport, dict[str, str], set[str]] | None:
    """The interview, its report as stored, the stored scorecards' versions and the parts with
    a current judgement; None when there is nothing to judge."""
    async with svc.sessions() as db:
        row = await repo.get_interview(db, interview_id)
        if row is None or row.kind != "interview":
            return None  # erased, or a rep's practice (never judged)
        turns = stored_turns(await repo.all_turns(db, [row.id]))
        scores = await load_row_scores(db, row)
        judged = {r.part: r.scorer_version for r in await judge_repo.results(db, row.id)}
    report = _stored_report(svc, row, turns, scores)
    if report is None:
        return None  # scored when its step ends (or on a reviewer's first read): asked again then
    return row, report, dict(scores.versions), _current(judged, scores.versions)


async def judge_due(svc: Services, interview_id: str) -> list[Part]:
    """Judge every due part that has no current judgement, one after another; returns them."""
    judge = svc.judge
    if judge is None:
        return []
    done: list[Part] = []
    while (state := await _state(svc, interview_id)) is not None:
        row, report, versions, current = state
        missing = [p for p in due_parts(svc, row, report) if p not in current and p not in done]
        if not missing:
            break
        part = missing[0]
        judge_input, reading = part_input(svc, report, part, row.self_assessment)
        judgement = await judge_part(
            judge.llm.ask,
            judge_input,
            reading,
            runs=judge.runs,
            model=judge.llm.model,
            prompt_version=judge.llm.version,
        )
        await _store(svc, interview_id, replace(judgement, scorer_version=versions[part]))
        done.append(part)
    return done


async def _store(svc: Services, interview_id: str, judgement: Judgement) -> None:
    try:
        async with svc.sessions.begin() as db:
            if await repo.get_interview(db, interview_id) is None:
                return  # erased while the judge was reading it
            stored = await judge_repo.put_result(
                db,
                JudgeResult(
                    interview_id=interview_id,
                    part=judgement.part,
                    model=judgement.model,
                    prompt_version=judgement.prompt_version,
                    scorer_version=judgement.scorer_version,
                    failed=judgement.failed,
                    data=judgement_to_json(judgement),
                ),
            )
    except IntegrityError:
        stored = False
    if not stored:
        log.info("judge: %s of %s was stored by another process", judgement.part, interview_id)


async def judge_report(
    svc: Services, row: Interview, report: SessionReport, versions: Mapping[str, str]
) -> JudgeReport | None:
    """The judge's part of a report read from stored scores (`versions`: stored part -> scorer
    version), or None when the judge is off for this interview. Judgements held to another
    scorer version are left out; judging starts in the background when a due part lacks one."""
    if not judge_enabled_for(svc, row, report.rubric):
        return None
    async with svc.sessions() as db:
        results = await judge_repo.results(db, row.id)
    current = _current({r.part: r.scorer_version for r in results}, versions)
    stored = {r.part: judgement_from_json(r.data) for r in results if r.part in current}
    found = JudgeReport(due=due_parts(svc, row, report), judgements=stored)
    if found.pending:
        request_judgement(svc, row.id)
    return found


async def ask_judge_again(svc: Services, interview_id: str, viewer: UserView) -> None:
    """Forget the judgements that failed and ask the judge again (reviewers only)."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers ask the judge.")
    async with svc.sessions.begin() as db:
        # An unknown id is not found before anything else (as every route with an id answers).
        row = await load_interview(db, interview_id)
        if svc.judge is None:
            raise Conflict(
                "The LLM judge is not switched on for this deployment.", error="judge-off"
            )
        if row.kind != "interview":
            raise Conflict("Practice attempts are not judged.")
        await judge_repo.delete_failed(db, row.id)
    request_judgement(svc, interview_id)
