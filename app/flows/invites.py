"""Creating interviews and their invite links; listing them for reviewers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts import UserView, new_token, token_hash
from app.db import interviews as repo
from app.db.interviews import SortKey
from app.db.tables import Interview, utcnow
from app.errors import Conflict, Forbidden, InvalidInput
from app.flows.common import (
    check_viewer,
    clean_text,
    find_scenario,
    invite_url,
    load_interview,
    new_id,
)
from app.flows.rounds import candidate_state
from app.flows.scores import ensure_stored
from app.flows.views import STATUSES, CandidateState, CreatedInterview, InterviewView
from app.services import Services


def clean_candidate(candidate_name: str, candidate_email: str) -> tuple[str, str]:
    """A candidate's name (required) and e-mail address (may be empty), checked."""
    name = clean_text(candidate_name, 200, "candidate-name")
    email = candidate_email.strip()
    if email and not looks_like_email(email):
        raise InvalidInput(f"'{email[:80]}' is not an e-mail address.")
    return name, email


def looks_like_email(text: str) -> bool:
    """Plausibly an address: one @ with something on both sides, no spaces, not too long."""
    local, at, domain = text.rpartition("@")
    return bool(
        at
        and local
        and "." in domain.strip(".")
        and len(text) <= 320
        and not any(c.isspace() or c in '<>,;"' for c in text)
    )


def new_interview_row(
    owner: UserView,
    scenario_id: str,
    rubric_id: str,
    name: str,
    email: str,
    token: str,
    expires_at: datetime,
    opening_id: str | None = None,
) -> Interview:
    """An interviews row for a new invite (checked values; the token is stored hashed)."""
    return Interview(
        id=new_id(),
        kind="interview",
        owner_id=owner.id,
        scenario_id=scenario_id,
        rubric_id=rubric_id,
        candidate_name=name,
        candidate_email=email,
        opening_id=opening_id,
        invite_token_hash=token_hash(token),
        invite_expires_at=expires_at,
        status="invited",
    )


async def create_interview(
    svc: Services, owner: UserView, scenario_id: str, candidate_name: str, candidate_email: str
) -> CreatedInterview:
    """Create an interview for a candidate; returns the invite token and link, shown once."""
    if not owner.is_reviewer:
        raise Forbidden("Only hiring managers create interviews.")
    scenario = find_scenario(svc, scenario_id)
    name, email = clean_candidate(candidate_name, candidate_email)
    token = new_token()
    expires = utcnow() + timedelta(days=svc.settings.invite_ttl_days)
    row = new_interview_row(owner, scenario.id, scenario.rubric, name, email, token, expires)
    async with svc.sessions.begin() as db:
        await repo.add_interview(db, row)
    return CreatedInterview(InterviewView.of(row), token, invite_url(svc, token))


async def _invite_expiry(svc: Services, db: AsyncSession, row: Interview) -> datetime:
    """A fresh link's expiry: the opening's deadline, else the invite period from now."""
    if row.opening_id:
        opening = await repo.get_opening(db, row.opening_id)
        if opening is not None:
            if opening.deadline <= utcnow():
                raise Conflict(
                    "The opening's deadline has passed: move it to send a new link.",
                    error="deadline-passed",
                )
            return opening.deadline
    return utcnow() + timedelta(days=svc.settings.invite_ttl_days)


async def renew_invite(svc: Services, interview_id: str, viewer: UserView) -> CreatedInterview:
    """Issue a fresh invite link (the old one stops working) with a new expiry."""
    token = new_token()
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        check_viewer(row, viewer)
        if row.kind != "interview":
            raise Conflict("Practice attempts have no invite.")
        if row.status == "finished":
            raise Conflict("The interview is finished: it needs no link.", error="finished")
        row.invite_token_hash = token_hash(token)
        row.invite_expires_at = await _invite_expiry(svc, db, row)
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


def _reviewer_only(viewer: UserView) -> None:
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers review interviews.")


async def list_interviews(
    svc: Services,
    viewer: UserView,
    *,
    status: str | None = None,
    scenario_id: str | None = None,
    opening_id: str | None = None,
    search: str | None = None,
    sort: SortKey = "created",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[InterviewView]:
    """Interviews for reviewers, filtered, sorted and (with `limit`) one page of them
    (every manager sees every interview)."""
    _reviewer_only(viewer)
    if status and status not in STATUSES:
        raise InvalidInput(f"Status must be one of {', '.join(STATUSES)}.")

    async def read() -> Sequence[Interview]:
        async with svc.sessions() as db:
            return await repo.list_interviews(
                db,
                kind="interview",
                status=status,
                scenario_id=scenario_id,
                opening_id=opening_id,
                search=search,
                sort=sort,
                descending=descending,
                limit=limit,
                offset=offset,
            )

    rows = await read()
    if await ensure_stored(svc, rows):
        rows = await read()  # the backfilled totals may sort differently
    return [InterviewView.of(r) for r in rows]


async def count_interviews(
    svc: Services,
    viewer: UserView,
    *,
    status: str | None = None,
    scenario_id: str | None = None,
    opening_id: str | None = None,
    search: str | None = None,
) -> int:
    """How many interviews list_interviews would list without a limit."""
    _reviewer_only(viewer)
    async with svc.sessions() as db:
        return await repo.count_interviews(
            db,
            kind="interview",
            status=status or None,
            scenario_id=scenario_id,
            opening_id=opening_id,
            search=search,
        )


# --------------------------------------------------------------------------- e-mail


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one invite: e-mailed, or its link left for the manager to send."""

    interview: InterviewView
    invite_url: str
    emailed: bool
    problem: str | None = None  # why it was not e-mailed (None: sent, or no e-mail to send)


async def email_invites(
    svc: Services,
    inviter: UserView,
    created: Sequence[CreatedInterview],
    *,
    reminder: bool = False,
) -> list[Delivery]:
    """E-mail each new link to its candidate when SMTP is configured and the candidate has an
    address; note who was e-mailed. The others' links are for the manager to send by hand."""
    from app.mail import InviteMail, compose_invite, send_messages

    now = utcnow()
    sendable = [c for c in created if svc.settings.sends_email and c.interview.candidate_email]
    roles = await _roles(svc, [c.interview for c in sendable])
    messages = []
    for c in sendable:
        view = c.interview
        scenario = svc.catalog.scenarios.get(view.scenario_id)
        minutes = scenario.limits.minutes * 2 + 10 if scenario else 40
        assert view.invite_expires_at is not None  # every invite has an expiry
        mail = InviteMail(
            candidate_name=view.candidate_name,
            candidate_email=view.candidate_email,
            role=roles.get(view.id),
            inviter_name=inviter.name,
            link=c.invite_url,
            expires_at=view.invite_expires_at,
            minutes=minutes,
            reminder=reminder,
            language=scenario.language if scenario else "en",
        )
        messages.append(compose_invite(mail, svc.settings.smtp_from or "", now))
    problems = dict(
        zip(
            (c.interview.id for c in sendable),
            await send_messages(svc.settings, messages),
            strict=True,
        )
    )
    sent = [i for i, problem in problems.items() if problem is None]
    if sent:
        async with svc.sessions.begin() as db:
            for interview_id in sent:
                row = await load_interview(db, interview_id, lock=True)
                row.emailed_at = now
                if reminder:
                    row.reminders += 1
    return [
        Delivery(
            c.interview,
            c.invite_url,
            c.interview.id in problems and problems[c.interview.id] is None,
            problems.get(c.interview.id),
        )
        for c in created
    ]


async def _roles(svc: Services, views: Sequence[InterviewView]) -> dict[str, str | None]:
    """The role each interview's e-mail names: its opening's title, if it has one."""
    found: dict[str, str | None] = {}
    async with svc.sessions() as db:
        for view in views:
            opening = await repo.get_opening(db, view.opening_id) if view.opening_id else None
            found[view.id] = opening.title if opening else None
    return found


async def remind(svc: Services, interview_id: str, viewer: UserView) -> Delivery:
    """A fresh link e-mailed as a reminder (the old link stops working); without SMTP, or
    without an address, the new link is for the manager to send."""
    created = await renew_invite(svc, interview_id, viewer)
    return (await email_invites(svc, viewer, [created], reminder=True))[0]


async def deliveries_of(
    svc: Services, viewer: UserView, entries: Sequence[tuple[str, str]]
) -> list[Delivery]:
    """The invites a page just made, read back: ("sent", interview id) for those e-mailed,
    ("link", token) or ("failed", token) for links the manager sends; a token since replaced
    by a newer link is left out (its link no longer works)."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers invite candidates.")
    found: list[Delivery] = []
    async with svc.sessions() as db:
        for kind, value in entries:
            if kind == "sent":
                row = await repo.get_interview(db, value)
                if row is not None and row.kind == "interview":
                    found.append(Delivery(InterviewView.of(row), "", True))
                continue
            row = await repo.get_by_token_hash(db, token_hash(value))
            if row is None or row.kind != "interview":
                continue
            problem = "the e-mail could not be sent" if kind == "failed" else None
            found.append(Delivery(InterviewView.of(row), invite_url(svc, value), False, problem))
    return found
