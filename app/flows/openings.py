"""Openings: a role being hired for, its candidates invited in bulk and ranked on one page.

An opening fixes the scenario, the rubric and a deadline; every interview in it is played and
scored the same way, and its invite links work until the deadline. The ranking reads only the
figures stored on each interview (app.flows.scores.refresh_summary): nothing is scored here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args

from app.accounts import UserView, new_token
from app.db import interviews as repo
from app.db.tables import Interview, Opening, utcnow
from app.errors import Forbidden, InvalidInput, NotFound
from app.flows.common import clean_text, find_scenario, invite_url, new_id
from app.flows.invites import clean_candidate, looks_like_email, new_interview_row
from app.flows.scores import ensure_stored
from app.flows.views import CreatedInterview, InterviewView
from app.services import Services

MAX_BULK = 50  # candidates per paste (the links of a batch are carried in one cookie)
MAX_DEADLINE_DAYS = 365

RankKey = Literal[
    "rank", "candidate", "status", "round1", "round2", "applied", "self", "flags", "created"
]
RANK_KEYS: tuple[RankKey, ...] = get_args(RankKey)
Progress = Literal["finished", "started", "invited"]
FlagFilter = Literal["flagged", "clean"]
# How far along each status is, for sorting by status.
_PROGRESS = {"invited": 0, "round1": 1, "self_assessment": 2, "coaching": 3, "round2": 4}


@dataclass(frozen=True, slots=True)
class OpeningView:
    """An opening with how many of its candidates are where."""

    id: str
    title: str
    scenario_id: str
    rubric_id: str
    deadline: datetime
    owner_id: int
    created_at: datetime
    counts: dict[str, int] = field(default_factory=dict)  # status -> interviews

    @classmethod
    def of(cls, row: Opening, counts: dict[str, int] | None = None) -> OpeningView:
        """The view of an openings row."""
        return cls(
            row.id,
            row.title,
            row.scenario_id,
            row.rubric_id,
            row.deadline,
            row.owner_id,
            row.created_at,
            dict(counts or {}),
        )

    @property
    def invited(self) -> int:
        """Candidates invited, whatever they have done since."""
        return sum(self.counts.values())

    @property
    def finished(self) -> int:
        """Candidates who finished both calls."""
        return self.counts.get("finished", 0)

    @property
    def started(self) -> int:
        """Candidates who started and have not finished."""
        return self.invited - self.finished - self.counts.get("invited", 0)

    @property
    def open(self) -> bool:
        """Whether the deadline is still ahead (links work until then)."""
        return self.deadline > utcnow()


# --------------------------------------------------------------------------- creating


def deadline_of(day: date) -> datetime:
    """A deadline chosen as a day: the end of that day, in UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def parse_deadline(text: str, today: date) -> datetime:
    """A deadline typed as YYYY-MM-DD: today or later, within a year."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput("Give the deadline as a date, e.g. 2026-12-31.") from exc
    if day < today:
        raise InvalidInput("The deadline has already passed: choose today or a later day.")
    if day > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise InvalidInput("The deadline is more than a year away.")
    return deadline_of(day)


def rubric_choices(svc: Services, scenario_id: str) -> list[tuple[str, str]]:
    """The rubrics a scenario can be scored with: role-play rubrics in its language."""
    scenario = find_scenario(svc, scenario_id)
    rubrics = [
        r
        for r in svc.catalog.rubrics.values()
        if r.kind == "roleplay" and r.language == scenario.language
    ]
    # The scenario's own rubric first, the others by title.
    rubrics.sort(key=lambda r: (r.id != scenario.rubric, r.title))
    return [(r.id, r.title) for r in rubrics]


async def create_opening(
    svc: Services,
    owner: UserView,
    title: str,
    scenario_id: str,
    rubric_id: str,
    deadline: str,
) -> OpeningView:
    """Open a role: its title, the scenario and rubric every candidate gets, and a deadline."""
    if not owner.is_reviewer:
        raise Forbidden("Only hiring managers create openings.")
    cleaned = clean_text(title, 200, "role")
    scenario = find_scenario(svc, scenario_id)
    if scenario.kind != "interview":
        raise InvalidInput("Openings use an interview scenario.")
    rubric = rubric_id or scenario.rubric
    if rubric not in dict(rubric_choices(svc, scenario.id)):
        raise InvalidInput(f"The rubric '{rubric[:100]}' does not fit this scenario.")
    row = Opening(
        id=new_id(),
        owner_id=owner.id,
        title=cleaned,
        scenario_id=scenario.id,
        rubric_id=rubric,
        deadline=parse_deadline(deadline, utcnow().date()),
    )
    async with svc.sessions.begin() as db:
        await repo.add_opening(db, row)
    return OpeningView.of(row)


async def list_openings(svc: Services, viewer: UserView) -> list[OpeningView]:
    """Every opening (single-team install), newest first, with its candidates' progress."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers see openings.")
    async with svc.sessions() as db:
        rows = await repo.list_openings(db)
        counts = await repo.opening_status_counts(db, [r.id for r in rows])
    return [OpeningView.of(r, counts[r.id]) for r in rows]


async def get_opening(svc: Services, opening_id: str, viewer: UserView) -> OpeningView:
    """One opening, for reviewers."""
    if not viewer.is_reviewer:
        raise NotFound("No such opening.")
    async with svc.sessions() as db:
        row = await repo.get_opening(db, opening_id)
        if row is None:
            raise NotFound("No such opening.")
        counts = await repo.opening_status_counts(db, [row.id])
    return OpeningView.of(row, counts[row.id])


# --------------------------------------------------------------------------- bulk invite


@dataclass(frozen=True, slots=True)
class NewCandidate:
    """One line of a pasted list: a name and an address."""

    line: int
    name: str
    email: str


_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>\s*$")
_SEPARATORS = re.compile(r"\s*[,;\t|]\s*")


def _name_from_address(email: str) -> str:
    local = email.split("@", 1)[0]
    words = [w for w in re.split(r"[._\-+]+", local) if w and not w.isdigit()]
    return " ".join(w.capitalize() for w in words) or local


def parse_candidates(text: str) -> tuple[list[NewCandidate], list[str]]:
    """A pasted list, one candidate a line ("Name <address>", "Name, address", a spreadsheet's
    two columns, or an address alone): the candidates, and a problem per line that is none."""
    found: list[NewCandidate] = []
    problems: list[str] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip().strip('"')
        if not line:
            continue
        angle = _ANGLE.match(line)
        if angle:
            name, email = angle["name"].strip(" \"',;"), angle["email"].strip()
        else:
            parts = [p.strip(" \"'") for p in _SEPARATORS.split(line) if p.strip(" \"'")]
            emails = [p for p in parts if "@" in p]
            if len(emails) == 1 and len(emails[0].split()) > 1 and "@" in emails[0].split()[-1]:
                # "Ada Lovelace ada@example.com": the last word is the address.
                *words, address = emails[0].split()
                parts = [*(p for p in parts if p != emails[0]), " ".join(words), address]
                emails = [address]
            if len(emails) != 1:
                problems.append(
                    f"Line {number}: {'no' if not emails else 'more than one'} e-mail address "
                    f"in “{line[:80]}”."
                )
                continue
            email = emails[0]
            name = " ".join(p for p in parts if p != email)
        if not looks_like_email(email):
            problems.append(f"Line {number}: “{email[:80]}” is not an e-mail address.")
            continue
        found.append(NewCandidate(number, name or _name_from_address(email), email))
    return found, problems


@dataclass(frozen=True, slots=True)
class BulkInvite:
    """What a pasted list made: the new interviews with their links, and who was skipped."""

    created: tuple[CreatedInterview, ...]
    skipped: tuple[str, ...]  # addresses already invited to the opening (or twice in the list)


async def invite_candidates(
    svc: Services, opening_id: str, viewer: UserView, text: str
) -> BulkInvite:
    """Invite every candidate of a pasted list to the opening, or none if a line is wrong
    (the problems are listed, so the list can be mended and sent again). Candidates already
    invited are skipped, so pasting the same list twice invites nobody twice."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers invite candidates.")
    candidates, problems = parse_candidates(text)
    if not candidates and not problems:
        raise InvalidInput("Paste at least one candidate: a name and an e-mail address a line.")
    if len(candidates) > MAX_BULK:
        problems.append(f"{len(candidates)} candidates: at most {MAX_BULK} at a time.")
    checked: list[tuple[str, str]] = []
    for c in candidates:
        try:
            checked.append(clean_candidate(c.name, c.email))
        except InvalidInput as exc:
            problems.append(f"Line {c.line}: {exc.detail}")
    if problems:
        raise InvalidInput(" ".join(problems))
    created: list[CreatedInterview] = []
    skipped: list[str] = []
    async with svc.sessions.begin() as db:
        opening = await repo.get_opening(db, opening_id)
        if opening is None:
            raise NotFound("No such opening.")
        if opening.deadline <= utcnow():
            raise InvalidInput("The opening's deadline has passed: move it to invite more.")
        taken = {
            r.candidate_email.lower()
            for r in await repo.list_interviews(db, kind="interview", opening_id=opening.id)
        }
        for name, email in checked:
            if email.lower() in taken:
                skipped.append(email)
                continue
            taken.add(email.lower())
            token = new_token()
            row = new_interview_row(
                viewer,
                opening.scenario_id,
                opening.rubric_id,
                name,
                email,
                token,
                opening.deadline,
                opening.id,
            )
            await repo.add_interview(db, row)
            created.append(CreatedInterview(InterviewView.of(row), token, invite_url(svc, token)))
    return BulkInvite(tuple(created), tuple(skipped))


async def reminder_candidates(svc: Services, opening_id: str, viewer: UserView) -> list[str]:
    """Who a reminder is for: candidates of the opening with an address, who have not
    started, whose link was not withdrawn."""
    await get_opening(svc, opening_id, viewer)
    async with svc.sessions() as db:
        rows = await repo.list_interviews(
            db, kind="interview", opening_id=opening_id, status="invited", descending=False
        )
    return [r.id for r in rows if r.candidate_email and r.revoked_at is None]


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate of an opening with the figures that rank them (overrides laid on)."""

    interview: InterviewView
    rank: int | None  # 1 = first; None until both calls are over


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one candidate stands in their opening."""

    opening_id: str
    opening_title: str
    rank: int | None
    ranked: int  # candidates who finished, and so are ranked
    invited: int  # everyone invited


@dataclass(frozen=True, slots=True)
class Ranking:
    """One page of an opening's candidates, sorted and filtered, and how many there are."""

    rows: tuple[Ranked, ...]
    total: int  # matching the filters
    page: int
    pages: int
    per_page: int


def rank_order(view: InterviewView) -> tuple[float, ...]:
    """The ranking's order (smaller first): call 2's total, then how well the coaching was
    applied, then call 1's total: how the candidate did once coached, and how they took it."""
    return (
        -(view.round2_total if view.round2_total is not None else -1),
        -(view.applied if view.applied is not None else -1.0),
        -(view.round1_total if view.round1_total is not None else -1),
    )


def rank_candidates(views: Sequence[InterviewView]) -> list[Ranked]:
    """Every candidate with their rank: those who finished by rank_order (equal figures share
    a rank), then the others, furthest along first."""
    done = sorted(
        (v for v in views if v.status == "finished"),
        key=lambda v: (rank_order(v), v.candidate_name.lower()),
    )
    ranked: list[Ranked] = []
    previous: tuple[float, ...] | None = None
    rank = 0
    for position, view in enumerate(done, start=1):
        order = rank_order(view)
        if order != previous:
            rank, previous = position, order
        ranked.append(Ranked(view, rank))
    waiting = sorted(
        (v for v in views if v.status != "finished"),
        key=lambda v: (-_PROGRESS.get(v.status, 0), v.created_at),
    )
    return ranked + [Ranked(v, None) for v in waiting]


def _sort_value(item: Ranked, key: RankKey) -> tuple[int, object]:
    """A sort key where missing figures sort last whichever way the column is sorted."""
    v = item.interview
    value: object = {
        "rank": item.rank,
        "candidate": v.candidate_name.lower(),
        "status": 5 if v.status == "finished" else _PROGRESS.get(v.status, 0),
        "round1": v.round1_total,
        "round2": v.round2_total,
        "applied": v.applied,
        "self": v.self_score,
        "flags": len(v.flags) if v.rounds_over else None,
        "created": v.created_at,
    }[key]
    return (0, value) if value is not None else (1, 0)


def page_of_ranking(
    ranked: Sequence[Ranked],
    *,
    sort: RankKey = "rank",
    descending: bool = False,
    progress: Progress | None = None,
    flagged: FlagFilter | None = None,
    search: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> Ranking:
    """Filter, sort and page ranked candidates (their ranks stay those of the whole opening)."""
    needle = (search or "").strip().lower()
    rows = [
        r
        for r in ranked
        if (
            not needle
            or needle in f"{r.interview.candidate_name} {r.interview.candidate_email}".lower()
        )
        and (progress is None or _progress(r.interview) == progress)
        and (flagged is None or bool(r.interview.flags) == (flagged == "flagged"))
    ]
    if sort != "rank" or descending:
        present = [r for r in rows if _sort_value(r, sort)[0] == 0]
        missing = [r for r in rows if _sort_value(r, sort)[0] == 1]
        present.sort(key=lambda r: _sort_value(r, sort)[1], reverse=descending)  # type: ignore[arg-type,return-value]
        rows = present + missing
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    start = (page - 1) * per_page
    return Ranking(tuple(rows[start : start + per_page]), len(rows), page, pages, per_page)


def _progress(view: InterviewView) -> Progress:
    if view.status == "finished":
        return "finished"
    return "invited" if view.status == "invited" else "started"


async def opening_candidates(svc: Services, opening_id: str, viewer: UserView) -> list[Ranked]:
    """Every candidate of an opening, ranked (any scores not stored yet are stored first)."""
    await get_opening(svc, opening_id, viewer)

    async def read() -> Sequence[Interview]:
        async with svc.sessions() as db:
            return await repo.list_interviews(db, kind="interview", opening_id=opening_id)

    rows = await read()
    if await ensure_stored(svc, rows):
        rows = await read()
    return rank_candidates([InterviewView.of(r) for r in rows])


async def standing(svc: Services, view: InterviewView, viewer: UserView) -> Standing | None:
    """Where an interview's candidate stands in its opening (None outside an opening)."""
    if view.opening_id is None:
        return None
    opening = await get_opening(svc, view.opening_id, viewer)
    ranked = await opening_candidates(svc, opening.id, viewer)
    rank = next((r.rank for r in ranked if r.interview.id == view.id), None)
    return Standing(
        opening.id,
        opening.title,
        rank,
        sum(1 for r in ranked if r.rank is not None),
        len(ranked),
    )


async def move_deadline(
    svc: Services, opening_id: str, viewer: UserView, deadline: str
) -> OpeningView:
    """Move an opening's deadline: the links of candidates who have not finished (and were
    not withdrawn) work until the new one."""
    if not viewer.is_reviewer:
        raise Forbidden("Only hiring managers change openings.")
    moved = parse_deadline(deadline, utcnow().date())
    async with svc.sessions.begin() as db:
        row = await repo.get_opening(db, opening_id)
        if row is None:
            raise NotFound("No such opening.")
        row.deadline = moved
        for interview in await repo.list_interviews(db, kind="interview", opening_id=row.id):
            if interview.status != "finished" and interview.revoked_at is None:
                interview.invite_expires_at = moved
    return await get_opening(svc, opening_id, viewer)
