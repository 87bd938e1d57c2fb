"""Reviewing: the report with overrides, comparison, score overrides and exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import UserView
from app.db import interviews as repo
from app.db.tables import ScoreOverride
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.flows.common import check_viewer, clean_text, load_interview, session_file
from app.flows.invites import list_interviews
from app.flows.judging import judge_report
from app.flows.views import InterviewReport, InterviewView, OverrideView, StoredTurn
from app.services import Services


async def _load(
    db: AsyncSession, interview_ids: Sequence[str]
) -> tuple[dict[str, list[StoredTurn]], list[OverrideView]]:
    """The turns and the overrides of some interviews."""
    turns: dict[str, list[StoredTurn]] = {i: [] for i in interview_ids}
    for row in await repo.all_turns(db, interview_ids):
        turns[row.interview_id].append(StoredTurn.of(row))
    views = [
        OverrideView(
            o.id,
            o.interview_id,
            o.round,
            o.criterion,
            o.original_score,
            o.new_score,
            o.comment,
            o.user_id,
            email,
            o.created_at,
        )
        for o, email in await repo.overrides(db, interview_ids)
    ]
    return turns, views


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
    """Score the stored session with app.report and lay the reviewers' overrides on top; with
    the LLM judge on, its second opinion goes beside the scores (see app.flows.judging)."""
    async with svc.sessions() as db:
        row = await load_interview(db, interview_id)
        check_viewer(row, viewer)
        turns, overrides = await _load(db, [row.id])
    view = InterviewView.of(row)
    if view.round < 1:
        raise Conflict("Nothing to report yet: round 1 has not started.", error="not-started")
    report = _make_report(svc, view, turns[row.id], overrides)
    if svc.judge is None:
        return report
    return replace(report, judge=await judge_report(svc, row, report.report))


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
        row = await load_interview(db, interview_id)
        check_viewer(row, viewer)
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
