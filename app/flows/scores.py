"""Scoring once and storing it: round ends, the lazy backfill, overrides' totals, `rescore`.

What is scored when (and then only read):
    round 1 ends        -> round 1's scorecard, and the coaching on it
    self-assessment in  -> its score, against round 1's stored scorecard
    round 2 ends        -> round 2's scorecard, and the application (round 2 against round 1)
Interviews that ended before scores were stored are scored once on first read, then stored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog.loader import UnknownItem
from app.coaching.compare import compare_rounds
from app.coaching.models import Coaching
from app.db import interviews as repo
from app.db.tables import Interview, utcnow
from app.flows.common import load_interview, session_file, stored_turns
from app.flows.views import (
    InterviewView,
    OverrideView,
    StoredTurn,
    coaching_from_json,
    coaching_to_json,
    rounds_over,
)
from app.report import coaching_for_stored, score_ended_round, score_stored_self_assessment
from app.report_store import ScoreChange, StoredScores, apply_overrides, score_changes
from app.scoring import version
from app.services import Services

log = logging.getLogger("coachable")

# Which summary figures refresh_summary copies to the row; rows written by an older one are
# brought up to date on read (ensure_stored), from their stored scores, without scoring.
SUMMARY_VERSION = 1


def due_parts(row: Interview) -> set[str]:
    """The score parts an interview in its state should have stored (see the module doc)."""
    ended = rounds_over(row.round, row.status)
    due = {f"round{n}" for n in range(1, ended + 1)}
    if ended >= 1:
        due.add("coaching")
    if ended >= 1 and row.self_assessment is not None:
        due.add("self_assessment")
    if ended >= 2:
        due.add("application")
    return due


def missing_parts(row: Interview, stored: set[str]) -> set[str]:
    """The due parts not stored yet (the coaching is stored on the row itself)."""
    have = stored | ({"coaching"} if row.coaching else set())
    return due_parts(row) - have


def score_due(
    svc: Services, row: Interview, turns: Sequence[StoredTurn], kept: StoredScores
) -> StoredScores:
    """Score every due part that `kept` lacks, building on the kept ones: a round from its
    turns, the rest from the stored scorecards. Kept parts are returned as they are."""
    due = due_parts(row)
    session = session_file(InterviewView.of(row), turns)
    rounds = list(kept.rounds)
    new_parts: list[str] = []
    for number in range(len(rounds) + 1, rounds_over(row.round, row.status) + 1):
        rounds.append(score_ended_round(session, svc.catalog, number))
        new_parts.append(f"round{number}")
    coaching = kept.coaching
    if coaching is None and rounds:
        coaching = coaching_for_stored(session, svc.catalog, rounds[0])
    self_assessment = kept.self_assessment
    if self_assessment is None and "self_assessment" in due:
        self_assessment = score_stored_self_assessment(session, svc.catalog, rounds[0])
        new_parts.append("self_assessment")
    application = kept.application
    if application is None and "application" in due and coaching is not None:
        application = compare_rounds(rounds[0], rounds[1], coaching.improvement.criterion)
        new_parts.append("application")
    versions = dict(kept.versions) | dict.fromkeys(new_parts, version.SCORER_VERSION)
    return StoredScores(tuple(rounds), self_assessment, coaching, application, versions)


async def override_views(db: AsyncSession, interview_ids: Sequence[str]) -> list[OverrideView]:
    """The overrides of some interviews, oldest first, with the reviewer's e-mail."""
    return [
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


async def load_scores(
    db: AsyncSession, coachings: Mapping[str, Coaching | None]
) -> dict[str, StoredScores]:
    """The stored scores of some interviews (interview id -> its stored coaching); empty
    where nothing is stored yet."""
    parts: dict[str, dict[str, tuple[dict[str, object], str]]] = {i: {} for i in coachings}
    for card in await repo.scorecards(db, list(parts)):
        parts[card.interview_id][card.part] = (card.data, card.scorer_version)
    return {i: StoredScores.of_parts(parts[i], coaching) for i, coaching in coachings.items()}


async def load_row_scores(db: AsyncSession, row: Interview) -> StoredScores:
    """The stored scores of one interview."""
    return (await load_scores(db, {row.id: coaching_from_json(row.coaching)}))[row.id]


async def save_scores(
    db: AsyncSession, row: Interview, scores: StoredScores, previous: StoredScores
) -> None:
    """Store the parts that differ from `previous`, then the row's summary (overrides laid on)."""
    before = previous.parts()
    for part, data in scores.parts().items():
        scorer_version = scores.versions[part]
        if before.get(part) != data or previous.versions.get(part) != scorer_version:
            await repo.put_scorecard(db, row.id, part, data, scorer_version)
    if scores.coaching is not None and scores.coaching != previous.coaching:
        row.coaching = coaching_to_json(scores.coaching)
    refresh_summary(row, scores, await override_views(db, [row.id]))


def refresh_summary(
    row: Interview, scores: StoredScores, overrides: Sequence[OverrideView]
) -> None:
    """Copy the totals and levels that count (overrides laid on) to the row, for lists."""
    effective = apply_overrides(scores, overrides)
    row.round1_total, row.round2_total = effective.total(1), effective.total(2)
    row.criterion_scores = {
        str(number): {c.criterion: c.score for c in score.criteria}
        for number, score in enumerate(effective.rounds, start=1)
    }
    row.applied = effective.application.applied if effective.application else None
    row.self_score = scores.self_assessment.score if scores.self_assessment else None
    row.flags = stored_flags(scores)
    row.summary_version = SUMMARY_VERSION


def stored_flags(scores: StoredScores) -> list[dict[str, object]]:
    """What a reviewer should read before deciding, part by part: each round's gaming flags
    (with their turns) and any other flag it raised, then the self-assessment's flags."""
    found: list[dict[str, object]] = []
    for number, score in enumerate(scores.rounds, start=1):
        shown = set()
        for g in score.gaming:
            shown.add(g.kind)
            found.append({"part": f"round{number}", "kind": g.kind, "turns": list(g.turns)})
        for flag in score.flags:
            if flag not in shown:
                shown.add(flag)
                found.append({"part": f"round{number}", "kind": flag, "turns": []})
    if scores.self_assessment is not None:
        for flag in dict.fromkeys(scores.self_assessment.flags):
            found.append({"part": "self_assessment", "kind": flag, "turns": []})
    return found


async def store_due_scores(svc: Services, db: AsyncSession, row: Interview) -> None:
    """Score and store whatever the interview's state makes due, in the caller's transaction."""
    stored = await load_row_scores(db, row)
    if not missing_parts(row, set(stored.versions)):
        return
    turns = stored_turns(await repo.all_turns(db, [row.id]))
    await save_scores(db, row, score_due(svc, row, turns, stored), stored)


async def end_round_in(svc: Services, db: AsyncSession, row: Interview) -> None:
    """Close the round in play inside the caller's transaction: advance, score it, store it."""
    now = utcnow()
    if row.kind == "practice" or row.round == 2:
        row.status, row.finished_at = "finished", now
    else:
        row.status = "self_assessment"
    row.round_started_at = None
    await store_due_scores(svc, db, row)


async def ensure_stored(svc: Services, rows: Sequence[Interview]) -> bool:
    """Backfill (see `backfill`) those of some interviews that miss stored scores; returns
    whether any did (the caller reads them again)."""
    ended = [r for r in rows if due_parts(r)]
    if not ended:
        return False
    async with svc.sessions() as db:
        stored = await repo.scored_parts(db, [r.id for r in ended])
    missing = [r.id for r in ended if missing_parts(r, stored.get(r.id, set()))]
    await backfill(svc, missing)
    stale = [r.id for r in ended if r.summary_version < SUMMARY_VERSION and r.id not in missing]
    await refresh_summaries(svc, stale)
    return bool(missing or stale)


async def refresh_summaries(svc: Services, interview_ids: Sequence[str]) -> None:
    """Copy the summary figures to rows an older SUMMARY_VERSION wrote (nothing is scored)."""
    for interview_id in interview_ids:
        async with svc.sessions.begin() as db:
            row = await load_interview(db, interview_id, lock=True)
            stored = await load_row_scores(db, row)
            refresh_summary(row, stored, await override_views(db, [row.id]))


async def backfill(svc: Services, interview_ids: Sequence[str]) -> None:
    """The lazy backfill: interviews whose rounds ended before scores were stored are scored
    now, once, with the scorer deployed now, and stored like any other."""
    for interview_id in interview_ids:
        async with svc.sessions.begin() as db:
            row = await load_interview(db, interview_id, lock=True)
            await store_due_scores(svc, db, row)
        log.info("scored interview %s on first read and stored it (it ended before)", interview_id)


# --------------------------------------------------------------------------- rescore


@dataclass(frozen=True, slots=True)
class Rescored:
    """One interview scored again with the current scorer, and what that changes."""

    interview_id: str
    candidate_name: str
    versions: tuple[str, ...]  # the scorer versions of what was stored (none: nothing was)
    changes: tuple[ScoreChange, ...]
    stored: bool  # the new scores were stored (--apply)
    problem: str | None = None  # why it could not be scored again (left as it was)


async def rescore(
    svc: Services, *, apply: bool = False, interview_id: str | None = None
) -> list[Rescored]:
    """Score stored interviews again with the current scorer and list what changes; with
    `apply`, store the new scores and version (the coaching the candidate was given stays)."""
    async with svc.sessions() as db:
        ids = [interview_id] if interview_id else await repo.ids_with_rounds(db)
    results = []
    for found_id in ids:
        opened: AbstractAsyncContextManager[AsyncSession] = (
            svc.sessions.begin() if apply else svc.sessions()
        )
        async with opened as db:
            row = await load_interview(db, found_id, lock=apply)
            if not due_parts(row):
                continue  # no round is over: nothing was scored
            stored = await load_row_scores(db, row)
            turns = stored_turns(await repo.all_turns(db, [row.id]))
            versions = tuple(sorted(set(stored.versions.values())))
            try:
                fresh = score_due(svc, row, turns, StoredScores(coaching=stored.coaching))
            except (ValueError, UnknownItem) as exc:
                # A rubric gone from the catalog, or no longer holding the coached criterion:
                # this one keeps its stored scores, the others go on.
                results.append(Rescored(row.id, row.candidate_name, versions, (), False, str(exc)))
                continue
            stale = {p for p, v in stored.versions.items() if v != version.SCORER_VERSION}
            changes = score_changes(stored, fresh)
            changed = bool(changes or stale or missing_parts(row, set(stored.versions)))
            if apply and changed:
                await save_scores(db, row, fresh, stored)
            results.append(
                Rescored(row.id, row.candidate_name, versions, tuple(changes), apply and changed)
            )
    return results
