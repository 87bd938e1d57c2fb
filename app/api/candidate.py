"""Candidate endpoints: authenticated by the invite token (Bearer header or invite cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from app import flows
from app.api.schemas import (
    CandidateStateOut,
    CoachingOut,
    EndRoundIn,
    MessageIn,
    RoundIn,
    TextIn,
    TurnOut,
)
from app.api.streaming import REPLY_RESPONSES, SAY_RESPONSES, event_stream
from app.auth import Candidate, CandidateCsrf, ServicesDep, bearer_token, client_ip

router = APIRouter(prefix="/api", tags=["candidate"], dependencies=[CandidateCsrf])


@router.get("/invite", response_model=CandidateStateOut)
async def open_invite(request: Request, svc: ServicesDep) -> CandidateStateOut:
    """Open an invite: send the token as `Authorization: Bearer <token>`; returns the state."""
    token = bearer_token(request) or ""
    return CandidateStateOut.of(await flows.open_invite(svc, token, client_ip(request)))


@router.get("/candidate/{interview_id}", response_model=CandidateStateOut)
async def candidate_state(candidate: Candidate, svc: ServicesDep) -> CandidateStateOut:
    """The interview as the candidate sees it: brief, current round, limits, coaching texts."""
    return CandidateStateOut.of(await flows.candidate_state(svc, candidate.interview_id))


@router.post("/candidate/{interview_id}/start", response_model=CandidateStateOut)
async def start_round(body: RoundIn, candidate: Candidate, svc: ServicesDep) -> CandidateStateOut:
    """Start round 1 or 2; the prospect's opening line is stored and returned."""
    return CandidateStateOut.of(await flows.start_round(svc, candidate.interview_id, body.round))


@router.post("/candidate/{interview_id}/messages", response_model=TurnOut, status_code=201)
async def post_message(body: MessageIn, candidate: Candidate, svc: ServicesDep) -> TurnOut:
    """Store a message before any reply; the same client_message_id is stored once."""
    turn = await flows.add_candidate_message(
        svc, candidate.interview_id, body.text, body.client_message_id
    )
    return TurnOut.of(turn)


@router.post("/candidate/{interview_id}/say", responses=SAY_RESPONSES)
async def say(body: MessageIn, candidate: Candidate, svc: ServicesDep) -> StreamingResponse:
    """Store a message and stream the prospect's reply to it, in one request (SSE)."""
    events = flows.say(svc, candidate.interview_id, body.text, body.client_message_id)
    return await event_stream(events)


@router.post("/candidate/{interview_id}/reply", responses=REPLY_RESPONSES)
async def reply(candidate: Candidate, svc: ServicesDep) -> StreamingResponse:
    """Stream the prospect's reply to the last message as Server-Sent Events."""
    events = flows.stream_prospect_reply(svc, candidate.interview_id, candidate.interview)
    return await event_stream(events)


@router.post("/candidate/{interview_id}/end-round", response_model=CandidateStateOut)
async def end_round(
    candidate: Candidate, svc: ServicesDep, body: EndRoundIn | None = None
) -> CandidateStateOut:
    """End the call in play (doing it twice changes nothing)."""
    state = await flows.end_round(svc, candidate.interview_id, body.round if body else None)
    return CandidateStateOut.of(state)


@router.post("/candidate/{interview_id}/self-assessment", response_model=CoachingOut)
async def self_assessment(body: TextIn, candidate: Candidate, svc: ServicesDep) -> CoachingOut:
    """Answer "How did you do?"; returns one strength and one improvement."""
    coaching = await flows.submit_self_assessment(svc, candidate.interview_id, body.text)
    out = CoachingOut.of(coaching)
    assert out is not None
    return out


@router.post("/candidate/{interview_id}/feedback-reply", response_model=CandidateStateOut)
async def feedback_reply(body: TextIn, candidate: Candidate, svc: ServicesDep) -> CandidateStateOut:
    """Reply to the coaching (optional; may be edited until round 2 starts)."""
    state = await flows.submit_feedback_reply(svc, candidate.interview_id, body.text)
    return CandidateStateOut.of(state)
