"""The LLM judge in an interview: what is due, judging it in the background, storing it.

Due: each ended round of an interview whose rubric lets the judge read it, and the
self-assessment once given (when the self-assessment rubric lets it). Practice attempts are
never judged: the judge is a second opinion for hiring decisions. Judging starts after the step
that made a part due has committed (and again when a reviewer opens a report with a part still
missing), runs one part after another, and stores each judgement once; a judgement whose calls
all failed is stored as failed and asked for again only when a reviewer says so.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from app.auth import UserView
from app.catalog.models import Rubric
from app.db import interviews as repo
from app.db import judge as judge_repo
from app.db.tables import Interview, JudgeResult
from app.errors import Conflict, Forbidden
from app.flows.common import load_interview, session_file, stored_turns
from app.flows.views import IN_ROUND, InterviewView
from app.judge.build import round_input, self_assessment_input
from app.judge.codec import judgement_from_json, judgement_to_json
from app.judge.models import JudgeInput, Judgement, Part, RuleReading
from app.judge.report import JudgeReport
from app.judge.run import judge_part
from app.services import Services

if TYPE_CHECKING:
    from app.report import SessionReport

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


def ended_rounds(row: Interview) -> int:
    """How many rounds of the interview have ended."""
    if row.round < 1:
        return 0
    return row.round - 1 if row.status in IN_ROUND else row.round


def due_parts(svc: Services, row: Interview, report: SessionReport) -> tuple[Part, ...]:
    """The parts the judge should read now, in order."""
    if row.kind != "interview":
        return ()
    parts: list[Part] = []
    ended = min(ended_rounds(row), len(report.rounds))
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


async def _state(
    svc: Services, interview_id: str
) -> tuple[Interview, SessionReport, set[str]] | None:
    from app.report import score_session

    async with svc.sessions() as db:
        row = await repo.get_interview(db, interview_id)
        if row is None or row.kind != "interview":
            return None  # erased, or a rep's practice (never judged)
        turns = stored_turns(await repo.all_turns(db, [row.id]))
        stored = {r.part for r in await judge_repo.results(db, row.id)}
    report = score_session(session_file(InterviewView.of(row), turns), svc.catalog)
    return row, report, stored


async def judge_due(svc: Services, interview_id: str) -> list[Part]:
    """Judge every due part that has no stored judgement, one after another; returns them."""
    judge = svc.judge
    if judge is None:
        return []
    done: list[Part] = []
    while (state := await _state(svc, interview_id)) is not None:
        row, report, stored = state
        missing = [p for p in due_parts(svc, row, report) if p not in stored and p not in done]
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
        await _store(svc, interview_id, judgement)
        done.append(part)
    return done


async def _store(svc: Services, interview_id: str, judgement: Judgement) -> None:
    try:
        async with svc.sessions.begin() as db:
            if await repo.get_interview(db, interview_id) is None:
                return  # erased while the judge was reading it
            await judge_repo.add_result(
                db,
                JudgeResult(
                    interview_id=interview_id,
                    part=judgement.part,
                    model=judgement.model,
                    prompt_version=judgement.prompt_version,
                    failed=judgement.failed,
                    data=judgement_to_json(judgement),
                ),
            )
    except IntegrityError:
        log.info("judge: %s of %s was stored by another process", judgement.part, interview_id)


async def judge_report(svc: Services, row: Interview, report: SessionReport) -> JudgeReport | None:
    """The judge's part of a report (None when the judge is off for this interview); starts
    judging in the background when a due part is still missing."""
    if not judge_enabled_for(svc, row, report.rubric):
        return None
    async with svc.sessions() as db:
        stored = {r.part: judgement_from_json(r.data) for r in await judge_repo.results(db, row.id)}
    found = JudgeReport(due=due_parts(svc, row, report), judgements=stored)
    if found.pending:
        request_judgement(svc, row.id)
    return found


async def ask_judge_again(svc: Services, interview_id: str, viewer: UserView) -> None:
    """Forget the judgements that failed and ask the judge again (reviewers only)."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers ask the judge.")
    if svc.judge is None:
        raise Conflict("The LLM judge is not switched on for this deployment.", error="judge-off")
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id)
        if row.kind != "interview":
            raise Conflict("Practice attempts are not judged.")
        await judge_repo.delete_failed(db, row.id)
    request_judgement(svc, interview_id)
