"""Hiring-manager endpoints: create, list, review, override, export, compare, erase."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app import flows
from app.api.schemas import (
    CompareOut,
    CreatedOut,
    InterviewOut,
    NewInterview,
    OverrideIn,
    OverrideOut,
)
from app.auth import CsrfProtected, Reviewer, ServicesDep
from app.db.interviews import SortKey

router = APIRouter(prefix="/api/interviews", tags=["interviews"], dependencies=[CsrfProtected])

StatusQuery = Annotated[str | None, Query(max_length=24, description="Only this status.")]
ScenarioQuery = Annotated[str | None, Query(max_length=100, description="Only this scenario.")]
SearchQuery = Annotated[str | None, Query(max_length=200, description="Name or e-mail contains.")]
SortQuery = Annotated[SortKey, Query(description="Sort key.")]
OrderQuery = Annotated[str, Query(pattern="^(asc|desc)$", description="asc or desc.")]


@router.post("", response_model=CreatedOut, status_code=201)
async def create_interview(body: NewInterview, user: Reviewer, svc: ServicesDep) -> CreatedOut:
    """Create an interview and get its invite link (the token is shown only now)."""
    created = await flows.create_interview(
        svc, user, body.scenario_id, body.candidate_name, body.candidate_email
    )
    return CreatedOut.of(created)


@router.get("", response_model=list[InterviewOut])
async def list_interviews(
    user: Reviewer,
    svc: ServicesDep,
    status: StatusQuery = None,
    scenario: ScenarioQuery = None,
    q: SearchQuery = None,
    sort: SortQuery = "created",
    order: OrderQuery = "desc",
    opening: Annotated[str | None, Query(max_length=32, description="Only this opening.")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many.")] = 500,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many.")] = 0,
) -> list[InterviewOut]:
    """Interviews with status and scores, filtered, sorted and paged (limit, offset)."""
    views = await flows.list_interviews(
        svc,
        user,
        status=status,
        scenario_id=scenario,
        opening_id=opening,
        search=q,
        sort=sort,
        descending=order == "desc",
        limit=limit,
        offset=offset,
    )
    return [InterviewOut.of(v) for v in views]


@router.get("/export.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def export_csv(
    user: Reviewer,
    svc: ServicesDep,
    status: StatusQuery = None,
    scenario: ScenarioQuery = None,
    q: SearchQuery = None,
) -> Response:
    """All interviews (filtered like the list) as CSV, one row each, overrides applied."""
    text = await flows.export_csv(svc, user, status=status, scenario_id=scenario, search=q)
    headers = {"Content-Disposition": 'attachment; filename="interviews.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/compare", response_model=CompareOut)
async def compare(
    user: Reviewer,
    svc: ServicesDep,
    ids: Annotated[list[str], Query(max_length=12, description="Two or more interview ids.")],
) -> CompareOut:
    """Two or more candidates' reports side by side."""
    reports = await flows.compare_interviews(svc, ids, user)
    return CompareOut(reports=[r.as_json() for r in reports])


@router.get("/{interview_id}", response_model=InterviewOut)
async def get_interview(interview_id: str, user: Reviewer, svc: ServicesDep) -> InterviewOut:
    """One interview's status and scores."""
    return InterviewOut.of(await flows.get_interview(svc, interview_id, user))


@router.get("/{interview_id}/report")
async def get_report(interview_id: str, user: Reviewer, svc: ServicesDep) -> dict[str, Any]:
    """The full report as stored: both rounds' scorecards with evidence, self-assessment,
    coaching, application; the overrides, and under "effective" the figures that count with them
    laid on; the scorer versions. 409 until call 1 is over."""
    return (await flows.build_report(svc, interview_id, user)).as_json()


@router.post("/{interview_id}/overrides", response_model=OverrideOut, status_code=201)
async def override_score(
    interview_id: str, body: OverrideIn, user: Reviewer, svc: ServicesDep
) -> OverrideOut:
    """Override one criterion score with a comment; the original score is kept, and the call
    total and the coaching-applied figure follow the new level."""
    view = await flows.override_score(
        svc, interview_id, body.round, body.criterion, body.score, body.comment, user
    )
    return OverrideOut.of(view)


@router.get("/{interview_id}/export")
async def export_session(interview_id: str, user: Reviewer, svc: ServicesDep) -> Response:
    """The interview as the session JSON that `coachable score` reads, with its stored scores
    as they count under "scores"."""
    import json

    data = await flows.export_session(svc, interview_id, user)
    headers = {"Content-Disposition": f'attachment; filename="session-{interview_id}.json"'}
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)


@router.post("/{interview_id}/invite", response_model=CreatedOut)
async def renew_invite(interview_id: str, user: Reviewer, svc: ServicesDep) -> CreatedOut:
    """Issue a new invite link; the old one stops working."""
    return CreatedOut.of(await flows.renew_invite(svc, interview_id, user))


@router.delete("/{interview_id}/invite", response_model=InterviewOut)
async def revoke_invite(interview_id: str, user: Reviewer, svc: ServicesDep) -> InterviewOut:
    """Withdraw the invite link."""
    return InterviewOut.of(await flows.revoke_invite(svc, interview_id, user))


@router.delete("/{interview_id}", status_code=204, response_class=Response)
async def erase_interview(interview_id: str, user: Reviewer, svc: ServicesDep) -> Response:
    """Erase the interview and everything the candidate said (privacy request)."""
    await flows.erase_interview(svc, interview_id, user)
    return Response(status_code=204)
