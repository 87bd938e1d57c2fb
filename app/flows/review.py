"""Reviewing: the report with overrides, comparison, score overrides and exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts import UserView
from app.coaching.models import Application
from app.db import interviews as repo
from app.db.tables import Interview, ScoreOverride
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.flows.common import check_viewer, clean_text, load_interview, session_file
from app.flows.invites import list_interviews
from app.flows.judging import judge_report
from app.flows.openings import opening_candidates
from app.flows.scores import (
    backfill,
    load_row_scores,
    load_scores,
    missing_parts,
    override_views,
    refresh_summary,
)
from app.flows.views import FlagView, InterviewReport, InterviewView, OverrideView, StoredTurn
from app.report import report_as_json, stored_report
from app.report_store import StoredScores, apply_overrides
from app.scoring.models import SelfAssessmentScore
from app.services import Services


async def _turns(db: AsyncSession, interview_ids: Sequence[str]) -> dict[str, list[StoredTurn]]:
    """The turns of some interviews, by interview."""
    turns: dict[str, list[StoredTurn]] = {i: [] for i in interview_ids}
    for row in await repo.all_turns(db, interview_ids):
        turns[row.interview_id].append(StoredTurn.of(row))
    return turns


def _make_report(
    svc: Services,
    view: InterviewView,
    turns: Sequence[StoredTurn],
    stored: StoredScores,
    overrides: Sequence[OverrideView],
) -> InterviewReport:
    """The report of stored scores; nothing here scores anything."""
    session = session_file(view, turns)
    assert stored.coaching is not None  # stored with round 1's scorecard
    return InterviewReport(
        interview=view,
        session=session,
        report=stored_report(
            session,
            svc.catalog,
            stored.rounds,
            stored.self_assessment,
            stored.coaching,
            stored.application,
        ),
        turns={n: tuple(t for t in turns if t.round == n) for n in range(1, view.round + 1)},
        overrides=tuple(overrides),
        effective=apply_overrides(stored, overrides),
        scorer_versions=dict(stored.versions),
    )


async def _read(
    svc: Services, interview_id: str, viewer: UserView
) -> tuple[Interview, list[StoredTurn], StoredScores, list[OverrideView]]:
    async with svc.sessions() as db:
        row = await load_interview(db, interview_id)
        check_viewer(row, viewer)
        turns = (await _turns(db, [row.id]))[row.id]
        stored = await load_row_scores(db, row)
        overrides = await override_views(db, [row.id])
    return row, turns, stored, overrides


async def build_report(svc: Services, interview_id: str, viewer: UserView) -> InterviewReport:
    """The stored scores of an interview with the reviewers' overrides laid on top; with the
    LLM judge on, its second opinion goes beside them (see app.flows.judging)."""
    row, turns, stored, overrides = await _read(svc, interview_id, viewer)
    if missing_parts(row, set(stored.versions)):
        await backfill(svc, [row.id])
        row, turns, stored, overrides = await _read(svc, interview_id, viewer)
    view = InterviewView.of(row)
    if view.rounds_over < 1:
        raise Conflict("Nothing to report yet: call 1 is not over.", error="not-scored")
    report = _make_report(svc, view, turns, stored, overrides)
    if svc.judge is None:
        return report
    return replace(report, judge=await judge_report(svc, row, report.report, stored.versions))


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
    """Override one criterion's level with a comment; the scorer's original is kept beside it,
    and the totals and the application are recomputed from the levels that now count."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers override scores.")
    if not 1 <= new_score <= 5:
        raise InvalidInput("Scores run from 1 to 5.")
    cleaned = clean_text(comment, 2000, "comment")
    report = await build_report(svc, interview_id, viewer)  # scores stored, if they were not
    if report.interview.kind != "interview":
        raise Conflict("Practice attempts are not reviewed.")
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        stored = await load_row_scores(db, row)
        scored = stored.rounds[round_number - 1] if round_number <= len(stored.rounds) else None
        found = scored.criterion(criterion) if scored is not None else None
        if found is None:
            raise NotFound(f"Round {round_number} has no score for '{criterion}'.")
        original = found.score
        added = await repo.add_override(
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
        refresh_summary(row, stored, await override_views(db, [row.id]))
    return OverrideView(
        added.id,
        interview_id,
        round_number,
        criterion,
        original,
        new_score,
        cleaned,
        viewer.id,
        viewer.email,
        added.created_at,
    )


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


async def export_session(svc: Services, interview_id: str, viewer: UserView) -> dict[str, Any]:
    """The interview as the session file `coachable score` reads, with everything a candidate's
    copy of their data and an auditor need beside it: who (the candidate, the opening), when
    (each turn, each step), which engine played the prospect, every stored score with its
    evidence (`report`), the figures that count and the overrides with who and when
    (`scores`), and the scorer versions. `coachable score` reads only the session fields and
    scores them afresh, so the same file scores the same."""
    row, turns, _, _ = await _read(svc, interview_id, viewer)
    view = InterviewView.of(row)
    opening = None
    if view.opening_id:
        async with svc.sessions() as db:
            found = await repo.get_opening(db, view.opening_id)
        if found is not None:
            opening = {
                "id": found.id,
                "title": found.title,
                "deadline": found.deadline.isoformat(),
            }
    data: dict[str, Any] = session_file(view, turns).model_dump(mode="json", exclude_none=True)
    # The turns again with their times (a session file's readers ignore the extra field).
    data["rounds"] = [
        {
            "turns": [
                {"speaker": t.speaker, "text": t.text, "at": t.created_at.isoformat()}
                for t in turns
                if t.round == n
            ]
        }
        for n in range(1, max(view.round, 1) + 1)
    ]
    data |= {
        "format": "coachable-session-export/2",
        "candidate": {"name": view.candidate_name, "email": view.candidate_email},
        "interview": {
            "id": view.id,
            "kind": view.kind,
            "status": view.status,
            "opening": opening,
            "created_at": _when(view.created_at),
            "invite_expires_at": _when(view.invite_expires_at),
            "emailed_at": _when(view.emailed_at),
            "reminders": view.reminders,
            "opened_at": _when(view.opened_at),
            "finished_at": _when(view.finished_at),
            "engine": {"name": view.engine_name, "version": view.engine_version},
        },
    }
    if view.rounds_over < 1:
        return data
    report = await build_report(svc, interview_id, viewer)
    return data | {"report": report_as_json(report.report), "scores": report.scores_json()}


async def interview_turns(
    svc: Services, interview_id: str, viewer: UserView
) -> dict[int, tuple[StoredTurn, ...]]:
    """The turns of an interview by round, as stored so far (a call in play included)."""
    async with svc.sessions() as db:
        row = await load_interview(db, interview_id)
        check_viewer(row, viewer)
        turns = (await _turns(db, [row.id]))[row.id]
    return {n: tuple(t for t in turns if t.round == n) for n in range(1, row.round + 1)}


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A leading = + - @ makes spreadsheets run the cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _override_text(o: OverrideView) -> str:
    return (
        f"call {o.round} {o.criterion} {o.original_score}->{o.new_score} "
        f"by {o.user_email} at {o.created_at.isoformat(timespec='seconds')}: {o.comment}"
    )


async def export_csv(svc: Services, viewer: UserView, **filters: Any) -> str:
    """Every interview (filtered like the list) as CSV, one row each: the figures that count
    (overrides laid on), the scorer's own totals and applied beside them, and who changed what."""
    views = await list_interviews(svc, viewer, **filters)  # stores any scores not stored yet
    ids = [v.id for v in views]
    async with svc.sessions() as db:
        stored = await load_scores(db, {v.id: v.coaching for v in views})
        overrides: dict[str, list[OverrideView]] = {i: [] for i in ids}
        for o in await override_views(db, ids):
            overrides[o.interview_id].append(o)
        openings = {
            o.id: o.title
            for o in await repo.list_openings(db)
            if o.id in {v.opening_id for v in views}
        }
    ranks: dict[str, int | None] = {}
    for opening_id in openings:
        for ranked in await opening_candidates(svc, opening_id, viewer):
            ranks[ranked.interview.id] = ranked.rank
    effective = {i: apply_overrides(stored[i], overrides[i]) for i in ids}
    criteria = sorted(
        {c.criterion for e in effective.values() for score in e.rounds for c in score.criteria}
    )
    header = [
        "id",
        "candidate_name",
        "candidate_email",
        "opening",
        "scenario",
        "rubric",
        "status",
        "created_at",
        "emailed_at",
        "reminders",
        "finished_at",
        "round1_total",
        "round2_total",
        "coached_criterion",
        "coaching_applied",
        "self_assessment",
        "insight_gap",
        "flags",
        "flag_details",
        "rank_in_opening",
        *(f"round{n}_{c}" for n in (1, 2) for c in criteria),
        "scored_round1_total",
        "scored_round2_total",
        "scored_coaching_applied",
        "scorer_version",
        "overridden",
        "overrides",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for v in views:
        scores, counts = stored[v.id], effective[v.id]
        scored = scores.rounds
        writer.writerow(
            [
                _csv_cell(x)
                for x in (
                    v.id,
                    v.candidate_name,
                    v.candidate_email,
                    openings.get(v.opening_id or ""),
                    v.scenario_id,
                    v.rubric_id,
                    v.status,
                    v.created_at.isoformat(),
                    _when(v.emailed_at),
                    v.reminders,
                    _when(v.finished_at),
                    counts.total(1),
                    counts.total(2),
                    v.coaching.improvement.criterion if v.coaching else None,
                    _applied(counts.application),
                    scores.self_assessment.score if scores.self_assessment else None,
                    _gap(scores.self_assessment),
                    len(v.flags) if v.rounds_over else None,
                    "; ".join(_flag_text(f) for f in v.flags),
                    ranks.get(v.id),
                    *(counts.level(n, c) for n in (1, 2) for c in criteria),
                    scored[0].total if scored else None,
                    scored[1].total if len(scored) > 1 else None,
                    _applied(scores.application),
                    " ".join(sorted(set(scores.versions.values()))),
                    "yes" if overrides[v.id] else "",
                    "; ".join(_override_text(o) for o in overrides[v.id]),
                )
            ]
        )
    return out.getvalue()


def _applied(application: Application | None) -> str | None:
    return f"{application.applied:.2f}" if application is not None else None


def _gap(score: SelfAssessmentScore | None) -> str | None:
    return f"{score.insight_gap:.2f}" if score is not None else None


def _flag_text(flag: FlagView) -> str:
    where = {"round1": "call 1", "round2": "call 2"}.get(flag.part, flag.part.replace("_", "-"))
    turns = f" turns {' '.join(str(t + 1) for t in flag.turns)}" if flag.turns else ""
    return f"{where} {flag.kind}{turns}"
