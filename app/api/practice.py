"""Practice endpoints for signed-in users (reps): scenarios, attempts, history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from app import flows
from app.api.schemas import (
    CandidateStateOut,
    EndRoundIn,
    MessageIn,
    NewPractice,
    PracticeHistoryOut,
    ScenarioOut,
    TurnOut,
)
from app.api.streaming import REPLY_RESPONSES, SAY_RESPONSES, event_stream
from app.auth import CsrfProtected, CurrentUser, ServicesDep
from app.errors import asked_language

router = APIRouter(prefix="/api/practice", tags=["practice"], dependencies=[CsrfProtected])


async def own_attempt(attempt_id: str, user: CurrentUser, svc: ServicesDep) -> str:
    """The attempt id in the path, if it is the signed-in user's."""
    await flows.check_practice_owner(svc, attempt_id, user)
    return attempt_id


OwnAttempt = Annotated[str, Depends(own_attempt)]


@router.get("/scenarios", response_model=list[ScenarioOut])
async def scenarios(user: CurrentUser, svc: ServicesDep) -> list[ScenarioOut]:
    """The scenario library."""
    return [
        ScenarioOut(
            id=s.id,
            title=s.title,
            kind=s.kind,
            language=s.language,
            summary=s.summary,
            rubric=s.rubric,
        )
        for s in flows.list_scenarios(svc)
    ]


@router.post("", response_model=CandidateStateOut, status_code=201)
async def start_practice(
    body: NewPractice, user: CurrentUser, svc: ServicesDep
) -> CandidateStateOut:
    """Start a practice attempt; returns it in round 1 with the prospect's opening line."""
    return CandidateStateOut.of(await flows.start_practice(svc, user, body.scenario_id))


@router.get("/history", response_model=PracticeHistoryOut)
async def history(
    user: CurrentUser,
    svc: ServicesDep,
    scenario: Annotated[str | None, Query(max_length=100)] = None,
) -> PracticeHistoryOut:
    """Your finished attempts and each criterion's scores over them."""
    return PracticeHistoryOut.of(await flows.practice_history(svc, user, scenario))


@router.get("/{attempt_id}", response_model=CandidateStateOut)
async def attempt(attempt_id: OwnAttempt, svc: ServicesDep) -> CandidateStateOut:
    """One of your attempts."""
    return CandidateStateOut.of(await flows.candidate_state(svc, attempt_id))


@router.post("/{attempt_id}/messages", response_model=TurnOut, status_code=201)
async def post_message(body: MessageIn, attempt_id: OwnAttempt, svc: ServicesDep) -> TurnOut:
    """Store a message before any reply; the same client_message_id is stored once."""
    turn = await flows.add_candidate_message(svc, attempt_id, body.text, body.client_message_id)
    return TurnOut.of(turn)


@router.post("/{attempt_id}/say", responses=SAY_RESPONSES)
async def say(
    request: Request, body: MessageIn, attempt_id: OwnAttempt, svc: ServicesDep
) -> StreamingResponse:
    """Store a message and stream the prospect's reply to it, in one request (SSE)."""
    events = flows.say(svc, attempt_id, body.text, body.client_message_id)
    return await event_stream(events, asked_language(request))


@router.post("/{attempt_id}/reply", responses=REPLY_RESPONSES)
async def reply(request: Request, attempt_id: OwnAttempt, svc: ServicesDep) -> StreamingResponse:
    """Stream the prospect's reply as Server-Sent Events."""
    events = flows.stream_prospect_reply(svc, attempt_id)
    return await event_stream(events, asked_language(request))


@router.post("/{attempt_id}/end-round", response_model=CandidateStateOut)
async def end_round(
    attempt_id: OwnAttempt, svc: ServicesDep, body: EndRoundIn | None = None
) -> CandidateStateOut:
    """End the call; the attempt is scored and the coaching stored."""
    state = await flows.end_round(svc, attempt_id, body.round if body else None)
    return CandidateStateOut.of(state)


@router.get("/{attempt_id}/report")
async def report(attempt_id: OwnAttempt, user: CurrentUser, svc: ServicesDep) -> dict[str, Any]:
    """Your scorecard for an attempt, with the one thing to work on."""
    return (await flows.build_report(svc, attempt_id, user)).as_json()
