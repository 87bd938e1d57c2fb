"""The reps' practice pages: scenario library, play, scorecard with "Go again", history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import flows
from app.auth import CsrfProtected, OptionalUser, ServicesDep
from app.web.chat import chat_view
from app.web.pages import redirect, render, to_login
from app.web.views import evidence_transcript, history_groups

router = APIRouter(prefix="/practice", include_in_schema=False)


@router.get("")
async def library(request: Request, svc: ServicesDep, user: OptionalUser) -> Response:
    """The scenario library: the objection-handling set and the Roberge scenario."""
    if user is None:
        return to_login(request)
    history = await flows.practice_history(svc, user)
    attempts: dict[str, int] = {}
    for attempt in history.attempts:
        attempts[attempt.scenario_id] = attempts.get(attempt.scenario_id, 0) + 1
    return render(
        request,
        "practice/library.html",
        {
            "active": "practice",
            # Discovery calls first, then the objection set, each by title.
            "scenarios": sorted(flows.list_scenarios(svc), key=lambda s: s.kind != "interview"),
            "attempts": attempts,
        },
        user=user,
    )


@router.get("/history")
async def history(request: Request, svc: ServicesDep, user: OptionalUser) -> Response:
    """Your attempts per scenario, with a progress chart per criterion."""
    if user is None:
        return to_login(request)
    found = await flows.practice_history(svc, user)
    changes: dict[str, list[flows.AttemptChange]] = {}
    for change in await flows.attempt_changes(svc, user):
        changes.setdefault(change.scenario_id, []).insert(0, change)  # latest first
    return render(
        request,
        "practice/history.html",
        {"active": "history", "groups": history_groups(found, svc.catalog), "changes": changes},
        user=user,
    )


@router.post("/{scenario_id}/start", dependencies=[CsrfProtected])
async def start(
    request: Request, scenario_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Start a new attempt right away (also the scorecard's "Go again")."""
    if user is None:
        return to_login(request)
    state = await flows.start_practice(svc, user, scenario_id)
    return redirect(f"/practice/attempts/{state.interview_id}")


@router.get("/attempts/{attempt_id}")
async def attempt(
    request: Request, attempt_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """The call while it runs; the scorecard once it is over."""
    if user is None:
        return to_login(request)
    await flows.check_practice_owner(svc, attempt_id, user)
    view = await flows.get_interview(svc, attempt_id, user)
    state = await flows.candidate_state(svc, attempt_id)
    found = await flows.practice_history(svc, user, view.scenario_id)
    earlier = [a for a in found.attempts if a.created_at < view.created_at]
    scenario = svc.catalog.scenario(view.scenario_id)
    if state.status in ("round1", "round2"):
        return render(
            request,
            "practice/play.html",
            {
                "active": "practice",
                "scenario": scenario,
                "attempt_number": len(earlier) + 1,
                "chat": chat_view(
                    state,
                    api_url=f"/api/practice/{attempt_id}",
                    end_url=f"/practice/attempts/{attempt_id}/end",
                    continue_url=f"/practice/attempts/{attempt_id}",
                ),
            },
            user=user,
        )
    report = await flows.build_report(svc, attempt_id, user)
    score = report.report.rounds[0].score
    rubric = report.report.rubric
    criteria = []
    for c in score.criteria:
        found_criterion = rubric.criterion(c.criterion)
        criteria.append(
            {
                "id": c.criterion,
                "name": c.name,
                "score": c.score,
                "reason": c.reason,
                "evidence": c.evidence,
                "level_text": found_criterion.levels.text(c.score) if found_criterion else "",
            }
        )
    changes = await flows.attempt_changes(svc, user, view.scenario_id)
    since = next((c for c in changes if c.after_id == attempt_id), None)
    return render(
        request,
        "practice/scorecard.html",
        {
            "active": "practice",
            "scenario": scenario,
            "attempt_number": len(earlier) + 1,
            "score": score,
            "previous_total": earlier[-1].total if earlier else None,
            "coaching": report.interview.coaching,
            "criteria": criteria,
            "transcript": evidence_transcript(report.turns.get(1, ()), score),
            "prospect_name": scenario.persona.name,
            "since": since,
        },
        user=user,
    )


@router.post("/attempts/{attempt_id}/end", dependencies=[CsrfProtected])
async def end(
    request: Request,
    attempt_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    round_number: Annotated[int, Form(alias="round")],
) -> Response:
    """Hang up: the attempt is scored and the scorecard follows."""
    if user is None:
        return to_login(request)
    await flows.check_practice_owner(svc, attempt_id, user)
    await flows.end_round(svc, attempt_id, round_number)
    return redirect(f"/practice/attempts/{attempt_id}")
