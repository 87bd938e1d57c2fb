"""Openings' pages: the list, a new opening, the ranked candidates, bulk invites, reminders."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from app import flows
from app.accounts import UserView
from app.auth import CsrfProtected, OptionalUser, ServicesDep
from app.db.tables import utcnow
from app.errors import Forbidden, InvalidInput
from app.web.flash import clear_flash, put_links, read_flash
from app.web.manager import links_entries, mail_problems, read_entries, with_problems
from app.web.pages import (
    account_credential,
    page_numbers,
    redirect,
    redirect_with,
    render,
    to_login,
)
from app.web.views import ranking_rows

router = APIRouter(prefix="/openings", include_in_schema=False)

PER_PAGE = 25
PROGRESS_LABELS = {"finished": "Completed", "started": "In progress", "invited": "Not started"}
FLAG_LABELS = {"flagged": "Flagged", "clean": "No flags"}


def _reviewer(user: UserView) -> UserView:
    if not user.is_reviewer:
        raise Forbidden("Only hiring managers can see openings.")
    return user


@router.get("")
async def opening_list(request: Request, svc: ServicesDep, user: OptionalUser) -> Response:
    """Every opening with its deadline and how far its candidates are."""
    if user is None:
        return to_login(request)
    openings = await flows.list_openings(svc, _reviewer(user))
    titles = {s.id: s.title for s in flows.list_scenarios(svc)}
    return render(
        request,
        "openings/list.html",
        {"active": "openings", "openings": openings, "scenario_titles": titles},
        user=user,
    )


@router.get("/new")
async def new_opening_form(request: Request, svc: ServicesDep, user: OptionalUser) -> Response:
    """The form that opens a role (with the last attempt's error and values, if any)."""
    if user is None:
        return to_login(request)
    _reviewer(user)
    flash = read_flash(request, svc, account_credential(request)) or {}
    scenarios = flows.list_scenarios(svc, "interview")
    rubrics = {s.id: flows.rubric_choices(svc, s.id) for s in scenarios}
    default_deadline = (utcnow() + timedelta(days=svc.settings.invite_ttl_days)).date()
    response = render(
        request,
        "openings/new.html",
        {
            "active": "openings",
            "scenarios": scenarios,
            "rubrics": rubrics,
            "form": flash.get("form", {"deadline": default_deadline.isoformat()}),
            "error": flash.get("error"),
            "today": utcnow().date().isoformat(),
        },
        user=user,
    )
    return clear_flash(request, response)


@router.post("/new", dependencies=[CsrfProtected])
async def create_opening(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    title: Annotated[str, Form(max_length=1000)],
    scenario: Annotated[str, Form(max_length=100)],
    deadline: Annotated[str, Form(max_length=40)],
    rubric: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Open the role, then go to its page (post/redirect/get)."""
    if user is None:
        return to_login(request)
    form = {"title": title[:200], "scenario": scenario, "rubric": rubric, "deadline": deadline}
    try:
        opening = await flows.create_opening(
            svc, _reviewer(user), title, scenario, rubric, deadline
        )
    except InvalidInput as exc:
        return redirect_with(request, svc, "/openings/new", {"error": exc.detail, "form": form})
    return redirect(f"/openings/{opening.id}")


@router.get("/{opening_id}")
async def opening_page(
    request: Request,
    opening_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    q: str | None = None,
    progress: str | None = None,
    flags: str | None = None,
    sort: str | None = None,
    dir: Literal["asc", "desc"] | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The opening's candidates ranked, with the summary figures, flags and status; sortable,
    filterable and paged; the bulk invite form below."""
    if user is None:
        return to_login(request)
    opening = await flows.get_opening(svc, opening_id, _reviewer(user))
    ranked = await flows.opening_candidates(svc, opening_id, user)
    sort_key: flows.RankKey = sort if sort in flows.RANK_KEYS else "rank"
    descending = dir == "desc"
    progress_filter = progress if progress in get_args(flows.Progress) else None
    flag_filter = flags if flags in get_args(flows.FlagFilter) else None
    shown = flows.page_of_ranking(
        ranked,
        sort=sort_key,
        descending=descending,
        progress=progress_filter,  # type: ignore[arg-type]
        flagged=flag_filter,  # type: ignore[arg-type]
        search=q,
        page=page,
        per_page=PER_PAGE,
    )
    params = {"q": (q or "").strip(), "progress": progress_filter or "", "flags": flag_filter or ""}
    flash = read_flash(request, svc, account_credential(request)) or {}
    rubric = svc.catalog.rubrics.get(opening.rubric_id)
    response = render(
        request,
        "openings/opening.html",
        {
            "active": "openings",
            "opening": opening,
            "scenario_title": svc.catalog.scenario(opening.scenario_id).title,
            "rubric_title": rubric.title if rubric else opening.rubric_id,
            "ranking": shown,
            "rows": ranking_rows(shown.rows, rubric),
            "params": params,
            "query": dict(params, sort=sort_key, dir="desc" if descending else "asc"),
            "sort": sort_key,
            "direction": "desc" if descending else "asc",
            "page_links": page_numbers(shown.page, shown.pages),
            "progress_labels": PROGRESS_LABELS,
            "flag_labels": FLAG_LABELS,
            "filtered": any(params.values()),
            "sends_email": svc.settings.sends_email,
            "max_bulk": flows.MAX_BULK,
            "error": flash.get("error"),
            "text": flash.get("text", ""),
            "text_dropped": flash.get("text_dropped", False),
            "notice": flash.get("notice"),
            "waiting": len(await flows.reminder_candidates(svc, opening_id, user)),
            "today": utcnow().date().isoformat(),
        },
        user=user,
    )
    return clear_flash(request, response)


@router.post("/{opening_id}/invite", dependencies=[CsrfProtected])
async def invite(
    request: Request,
    opening_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    candidates: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """Invite a pasted list of candidates (e-mailed when SMTP is set up), then show what went
    out (post/redirect/get: a reload invites nobody twice)."""
    if user is None:
        return to_login(request)
    try:
        made = await flows.invite_candidates(svc, opening_id, _reviewer(user), candidates)
    except InvalidInput as exc:
        return redirect_with(
            request,
            svc,
            f"/openings/{opening_id}#invite",
            {"error": exc.detail, "text": candidates[:20_000]},
        )
    deliveries = await flows.email_invites(svc, user, list(made.created))
    tokens = {c.interview.id: c.invite_token for c in made.created}
    response = redirect_with(
        request,
        svc,
        f"/openings/{opening_id}/invited",
        {
            "skipped": list(made.skipped)[:20],
            "skipped_count": len(made.skipped),
            "problems": mail_problems(deliveries),
        },
    )
    put_links(response, svc, account_credential(request), links_entries(deliveries, tokens))
    return response


@router.post("/{opening_id}/deadline", dependencies=[CsrfProtected])
async def deadline(
    request: Request,
    opening_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    deadline: Annotated[str, Form(max_length=40)],
) -> Response:
    """Move the deadline; the unfinished candidates' links follow it."""
    if user is None:
        return to_login(request)
    try:
        moved = await flows.move_deadline(svc, opening_id, _reviewer(user), deadline)
    except InvalidInput as exc:
        return redirect_with(request, svc, f"/openings/{opening_id}", {"error": exc.detail})
    notice = f"The deadline is now {moved.deadline:%d %b %Y}; unfinished candidates' links follow."
    return redirect_with(request, svc, f"/openings/{opening_id}", {"notice": notice})


@router.post("/{opening_id}/remind", dependencies=[CsrfProtected])
async def remind(
    request: Request, opening_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """E-mail a reminder, with a fresh link, to every candidate who has not started."""
    if user is None:
        return to_login(request)
    waiting = await flows.reminder_candidates(svc, opening_id, _reviewer(user))  # 404 first
    if not svc.settings.sends_email:
        raise InvalidInput("E-mail is not set up: send new links by hand from each report.")
    renewed = [await flows.renew_invite(svc, i, user) for i in waiting]
    deliveries = await flows.email_invites(svc, user, renewed, reminder=True)
    tokens = {c.interview.id: c.invite_token for c in renewed}
    response = redirect_with(
        request,
        svc,
        f"/openings/{opening_id}/invited",
        {"reminder": True, "problems": mail_problems(deliveries)},
    )
    put_links(response, svc, account_credential(request), links_entries(deliveries, tokens))
    return response


@router.get("/{opening_id}/invited")
async def invited(
    request: Request, opening_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """What the last bulk invite or reminder sent: who was e-mailed, and the links to copy
    for the others (shown while this browser keeps them; only their hashes are stored)."""
    if user is None:
        return to_login(request)
    opening = await flows.get_opening(svc, opening_id, _reviewer(user))
    deliveries = [
        d
        for d in await flows.deliveries_of(svc, user, read_entries(request, svc))
        if d.interview.opening_id == opening.id
    ]
    flash = read_flash(request, svc, account_credential(request)) or {}
    deliveries = with_problems(deliveries, flash.get("problems", {}))
    response = render(
        request,
        "openings/invited.html",
        {
            "active": "openings",
            "opening": opening,
            "emailed": [d for d in deliveries if d.emailed],
            "links": [d for d in deliveries if not d.emailed],
            "skipped": flash.get("skipped", []),
            "skipped_count": flash.get("skipped_count", 0),
            "reminder": bool(flash.get("reminder")),
            "sends_email": svc.settings.sends_email,
            "links_text": "\n".join(
                f"{d.interview.candidate_name}\t{d.interview.candidate_email}\t{d.invite_url}"
                for d in deliveries
                if not d.emailed
            ),
        },
        user=user,
    )
    return clear_flash(request, response)
