"""Creating interviews and their invite links; listing them for reviewers."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from app.accounts import UserView, new_token, token_hash
from app.db import interviews as repo
from app.db.interviews import SortKey
from app.db.tables import Interview, utcnow
from app.errors import Conflict, Forbidden, InvalidInput
from app.flows.common import check_viewer, clean_text, find_scenario, invite_url, load_interview
from app.flows.rounds import candidate_state
from app.flows.scores import ensure_stored
from app.flows.views import STATUSES, CandidateState, CreatedInterview, InterviewView
from app.services import Services


async def create_interview(
    svc: Services, owner: UserView, scenario_id: str, candidate_name: str, candidate_email: str
) -> CreatedInterview:
    """Create an interview for a candidate; returns the invite token and link, shown once."""
    if not owner.is_reviewer:
        raise Forbidden("Only hiring managers create interviews.")
    scenario = find_scenario(svc, scenario_id)
    name = clean_text(candidate_name, 200, "candidate name")
    email = candidate_email.strip()
    if email and ("@" not in email or len(email) > 320 or any(c.isspace() for c in email)):
        raise InvalidInput("Give the candidate's e-mail address, or leave it empty.")
    token = new_token()
    row = Interview(
        id=secrets.token_urlsafe(16),
        kind="interview",
        owner_id=owner.id,
        scenario_id=scenario.id,
        rubric_id=scenario.rubric,
        candidate_name=name,
        candidate_email=email,
        invite_token_hash=token_hash(token),
        invite_expires_at=utcnow() + timedelta(days=svc.settings.invite_ttl_days),
        status="invited",
    )
    async with svc.sessions.begin() as db:
        await repo.add_interview(db, row)
    return CreatedInterview(InterviewView.of(row), token, invite_url(svc, token))


async def renew_invite(svc: Services, interview_id: str, viewer: UserView) -> CreatedInterview:
    """Issue a fresh invite link (the old one stops working) with a new expiry."""
    token = new_token()
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        check_viewer(row, viewer)
        if row.kind != "interview":
            raise Conflict("Practice attempts have no invite.")
        row.invite_token_hash = token_hash(token)
        row.invite_expires_at = utcnow() + timedelta(days=svc.settings.invite_ttl_days)
        row.revoked_at = None
    return CreatedInterview(InterviewView.of(row), token, invite_url(svc, token))


async def revoke_invite(svc: Services, interview_id: str, viewer: UserView) -> InterviewView:
    """Withdraw an invite: the link stops working at once."""
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        check_viewer(row, viewer)
        if row.kind != "interview":
            raise Conflict("Practice attempts have no invite.")
        row.revoked_at = row.revoked_at or utcnow()
        return InterviewView.of(row)


async def open_invite(svc: Services, token: str, ip: str) -> CandidateState:
    """Open an invite link: check the token and note the first opening."""
    from app.accounts import check_invite_token

    interview_id = await check_invite_token(svc, token, ip)
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        if row.opened_at is None:
            row.opened_at = utcnow()
    return await candidate_state(svc, interview_id)


async def get_interview(svc: Services, interview_id: str, viewer: UserView) -> InterviewView:
    """One interview or practice attempt, if the viewer may see it."""
    async with svc.sessions() as db:
        row = await load_interview(db, interview_id)
        check_viewer(row, viewer)
    if await ensure_stored(svc, [row]):
        async with svc.sessions() as db:
            row = await load_interview(db, interview_id)
    return InterviewView.of(row)


async def list_interviews(
    svc: Services,
    viewer: UserView,
    *,
    status: str | None = None,
    scenario_id: str | None = None,
    search: str | None = None,
    sort: SortKey = "created",
    descending: bool = True,
) -> list[InterviewView]:
    """Interviews for reviewers, filtered and sorted (every manager sees every interview)."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers review interviews.")
    if status and status not in STATUSES:
        raise InvalidInput(f"Status must be one of {', '.join(STATUSES)}.")

    async def read() -> Sequence[Interview]:
        async with svc.sessions() as db:
            return await repo.list_interviews(
                db,
                kind="interview",
                status=status,
                scenario_id=scenario_id,
                search=search,
                sort=sort,
                descending=descending,
            )

    rows = await read()
    if await ensure_stored(svc, rows):
        rows = await read()  # the backfilled totals may sort differently
    return [InterviewView.of(r) for r in rows]
