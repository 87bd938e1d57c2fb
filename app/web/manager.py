"""The hiring manager's pages: list, new interview, report, overrides, exports, compare."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, Response

from app import flows
from app.accounts import UserView
from app.auth import CsrfProtected, OptionalUser, ServicesDep
from app.db.interviews import SortKey
from app.errors import Forbidden, InvalidInput
from app.services import Services
from app.web.flash import clear_flash, put_links, read_flash, read_links
from app.web.judge_views import judge_view
from app.web.pages import (
    account_credential,
    page_numbers,
    redirect,
    redirect_with,
    render,
    to_login,
)
from app.web.summary import report_summary
from app.web.views import (
    STATUS_LABELS,
    compare_table,
    interview_rows,
    report_view,
    transcript_view,
)

router = APIRouter(prefix="/interviews", include_in_schema=False)

SORT_KEYS: tuple[str, ...] = get_args(SortKey)
PER_PAGE = 50


def _reviewer(user: UserView) -> UserView:
    if not user.is_reviewer:
        raise Forbidden("Only hiring managers can see interviews.")
    return user


def _filters(
    q: str | None, status: str | None, scenario: str | None, sort: str | None, direction: str | None
) -> tuple[dict[str, str], dict[str, object]]:
    """The query parameters as the template sees them, and as list_interviews takes them."""
    params = {"q": (q or "").strip(), "status": status or "", "scenario": scenario or ""}
    sort_key = sort if sort in SORT_KEYS else "created"
    descending = (direction or "desc") != "asc"
    return params, {
        "status": params["status"] or None,
        "scenario_id": params["scenario"] or None,
        "search": params["q"] or None,
        "sort": sort_key,
        "descending": descending,
    }


@router.get("")
async def interview_list(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    q: str | None = None,
    status: str | None = None,
    scenario: str | None = None,
    sort: str | None = None,
    dir: Literal["asc", "desc"] | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Every interview with status and totals; sortable, filterable by status/scenario/name,
    fifty to a page."""
    if user is None:
        return to_login(request)
    _reviewer(user)
    params, filters = _filters(q, status, scenario, sort, dir)
    if params["status"] not in ("", *STATUS_LABELS):
        params["status"], filters["status"] = "", None
    total = await flows.count_interviews(
        svc,
        user,
        status=params["status"] or None,
        scenario_id=params["scenario"] or None,
        search=params["q"] or None,
    )
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    views = await flows.list_interviews(
        svc,
        user,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
        **filters,  # type: ignore[arg-type]
    )
    openings = {o.id: o.title for o in await flows.list_openings(svc, user)}
    query = dict(params, sort=str(filters["sort"]), dir="desc" if filters["descending"] else "asc")
    response = render(
        request,
        "manager/list.html",
        {
            "active": "interviews",
            "rows": interview_rows(views, svc.catalog, openings),
            "total_count": total,
            "page": page,
            "pages": pages,
            "page_links": page_numbers(page, pages),
            "first": (page - 1) * PER_PAGE + 1,
            "query": query,
            "params": params,
            "sort": filters["sort"],
            "direction": "desc" if filters["descending"] else "asc",
            "statuses": list(STATUS_LABELS.items()),
            "scenarios": [(s.id, s.title) for s in flows.list_scenarios(svc, "interview")],
            "filtered": any(params.values()),
            "notice": (read_flash(request, svc, account_credential(request)) or {}).get("notice"),
        },
        user=user,
    )
    return clear_flash(request, response)


@router.get("/export.csv")
async def export_all(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    q: str | None = None,
    status: str | None = None,
    scenario: str | None = None,
) -> Response:
    """Every interview (filtered like the list) as a CSV download."""
    if user is None:
        return to_login(request)
    _, filters = _filters(q, status, scenario, None, None)
    text = await flows.export_csv(svc, _reviewer(user), **filters)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="interviews.csv"'},
    )


@router.get("/new")
async def new_interview_form(request: Request, svc: ServicesDep, user: OptionalUser) -> Response:
    """The form that creates an interview (with the last attempt's error and values, if any)."""
    if user is None:
        return to_login(request)
    flash = read_flash(request, svc, account_credential(request)) or {}
    response = render(
        request,
        "manager/new.html",
        {
            "active": "interviews",
            "scenarios": flows.list_scenarios(svc, "interview"),
            "form": flash.get("form", {}),
            "error": flash.get("error"),
            "sends_email": svc.settings.sends_email,
        },
        user=_reviewer(user),
    )
    return clear_flash(request, response)


@router.post("/new", dependencies=[CsrfProtected])
async def create_interview(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    scenario: Annotated[str, Form(max_length=100)],
    candidate_name: Annotated[str, Form(max_length=1000)],
    candidate_email: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Create the interview, e-mail the invite when SMTP is set up, and show its link once
    (post/redirect/get: a reload never creates it twice)."""
    if user is None:
        return to_login(request)
    form = {
        "scenario": scenario,
        "candidate_name": candidate_name[:200],
        "candidate_email": candidate_email[:320],
    }
    try:
        created = await flows.create_interview(
            svc, _reviewer(user), scenario, candidate_name, candidate_email
        )
    except InvalidInput as exc:
        return redirect_with(request, svc, "/interviews/new", {"error": exc.detail, "form": form})
    delivery = (await flows.email_invites(svc, user, [created]))[0]
    return _to_invite_page(request, svc, delivery, created, renewed=False)


def links_entries(deliveries: list[flows.Delivery], tokens: dict[str, str]) -> list[str]:
    """The links cookie's entries for some deliveries (interview id -> its plain token)."""
    entries = []
    for d in deliveries:
        if d.emailed:
            entries.append(f"s:{d.interview.id}")
        else:
            entries.append(f"{'f' if d.problem else 'l'}:{tokens[d.interview.id]}")
    return entries


def mail_problems(deliveries: list[flows.Delivery]) -> dict[str, str]:
    """Why some invites were not e-mailed (interview id -> reason), for the next page."""
    return {d.interview.id: d.problem[:160] for d in deliveries if d.problem}


def with_problems(
    deliveries: list[flows.Delivery], problems: dict[str, str]
) -> list[flows.Delivery]:
    """Deliveries read back, with the reasons the post that made them gave."""
    return [
        replace(d, problem=problems[d.interview.id]) if d.interview.id in problems else d
        for d in deliveries
    ]


def read_entries(request: Request, svc: Services) -> list[tuple[str, str]]:
    """The links cookie read back as (sent | link | failed, id or token)."""
    kinds = {"s": "sent", "l": "link", "f": "failed"}
    found = []
    for entry in read_links(request, svc, account_credential(request)):
        kind, _, value = entry.partition(":")
        if kind in kinds and value:
            found.append((kinds[kind], value))
    return found


def _to_invite_page(
    request: Request,
    svc: Services,
    delivery: flows.Delivery,
    created: flows.CreatedInterview,
    *,
    renewed: bool,
) -> Response:
    response = redirect_with(
        request,
        svc,
        f"/interviews/{created.interview.id}/invite-link" + ("?renewed=1" if renewed else ""),
        {"problems": mail_problems([delivery])},
    )
    tokens = {created.interview.id: created.invite_token}
    put_links(response, svc, account_credential(request), links_entries([delivery], tokens))
    return response


@router.get("/compare")
async def compare(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    ids: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies query defaults
) -> Response:
    """Two or more candidates side by side: criteria × candidates, with totals. With one,
    the page asks for a second; with none, the list says how to choose."""
    if user is None:
        return to_login(request)
    _reviewer(user)
    unique = list(dict.fromkeys(i for i in ids if i))
    if not unique:
        return redirect_with(
            request,
            svc,
            "/interviews",
            {"notice": "Tick two or more candidates, then Compare selected."},
        )
    if len(unique) == 1:
        first = await flows.get_interview(svc, unique[0], user)
        others = await flows.list_interviews(
            svc, user, opening_id=first.opening_id, sort="candidate", descending=False, limit=200
        )
        return render(
            request,
            "manager/compare_pick.html",
            {
                "active": "interviews",
                "first": first,
                "others": [o for o in others if o.id != first.id and o.rounds_over >= 1],
            },
            user=user,
        )
    reports = await flows.compare_interviews(svc, unique, user)
    columns, rows = compare_table(reports, svc.catalog)
    return render(
        request,
        "manager/compare.html",
        {"active": "interviews", "columns": columns, "rows": rows},
        user=user,
    )


@router.get("/{interview_id}")
async def report(
    request: Request,
    interview_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    saved: str | None = None,
) -> Response:
    """One interview: the summary, scores per criterion, transcripts with badges, chart,
    coaching and result."""
    if user is None:
        return to_login(request)
    view = await flows.get_interview(svc, interview_id, _reviewer(user))
    scenario = svc.catalog.scenario(view.scenario_id)
    standing = await flows.standing(svc, view, user)
    flash = read_flash(request, svc, account_credential(request)) or {}
    context: dict[str, object] = {
        "active": "interviews",
        "iv": view,
        "scenario_title": scenario.title,
        "saved": "Override saved." if saved else flash.get("notice"),
        "problem": flash.get("error"),
        "sends_email": svc.settings.sends_email,
        "opening": await flows.get_opening(svc, view.opening_id, user) if view.opening_id else None,
    }
    rounds: tuple[object, ...] = ()
    applied_detail = ""
    if view.rounds_over >= 1:
        built = await flows.build_report(svc, interview_id, user)
        rubric = built.report.rubric
        page = report_view(built, rubric, scenario)
        context.update(rubric=rubric, page=page, transcripts=page.rounds, judge=judge_view(built))
        rounds = built.effective.rounds
        application = built.effective.application
        if application is not None:
            coached = rubric.criterion(application.coached.criterion)
            name = coached.name if coached else application.coached.criterion
            applied_detail = (
                f"{name} {application.coached.before} → {application.coached.after}. "
                f"{application.summary}"
            )
    elif view.round >= 1:
        # Call 1 in play: its transcript so far, scored when it ends.
        turns = await flows.interview_turns(svc, interview_id, user)
        context["transcripts"] = transcript_view(turns, scenario)
    context["summary"] = report_summary(
        status=view.status,
        totals=(view.round1_total, view.round2_total),
        rounds=rounds,  # type: ignore[arg-type]
        applied=view.applied,
        applied_detail=applied_detail,
        self_score=view.self_score,
        flags=view.flags,
        standing=standing,
    )
    return clear_flash(request, render(request, "manager/report.html", context, user=user))


@router.post("/{interview_id}/judge", dependencies=[CsrfProtected])
async def ask_judge_again(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Ask the LLM judge again where it failed; its opinion appears on the report."""
    if user is None:
        return to_login(request)
    await flows.ask_judge_again(svc, interview_id, _reviewer(user))
    return redirect(f"/interviews/{interview_id}#judge")


@router.post("/{interview_id}/overrides", dependencies=[CsrfProtected])
async def override(
    request: Request,
    interview_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    criterion: Annotated[str, Form()],
    round_number: Annotated[int, Form(alias="round")],
    score: Annotated[int, Form()],
    comment: Annotated[str, Form()],
) -> Response:
    """Override one criterion score with a comment; the original stays beside it."""
    if user is None:
        return to_login(request)
    await flows.override_score(
        svc, interview_id, round_number, criterion, score, comment, _reviewer(user)
    )
    return redirect(f"/interviews/{interview_id}?saved=1#criterion-{criterion}")


@router.get("/{interview_id}/export.json")
async def export_json(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """The interview as the session file `coachable score` reads, with everything stored."""
    if user is None:
        return to_login(request)
    data = await flows.export_session(svc, interview_id, _reviewer(user))
    return JSONResponse(
        data,
        headers={"Content-Disposition": f'attachment; filename="interview-{interview_id}.json"'},
    )


@router.get("/{interview_id}/invite-link")
async def invite_link(
    request: Request,
    interview_id: str,
    svc: ServicesDep,
    user: OptionalUser,
    renewed: str | None = None,
) -> Response:
    """The invite just made: e-mailed, or its link to copy (shown while this browser keeps
    it, a quarter of an hour; only its hash is stored)."""
    if user is None:
        return to_login(request)
    view = await flows.get_interview(svc, interview_id, _reviewer(user))
    flash = read_flash(request, svc, account_credential(request)) or {}
    read = await flows.deliveries_of(svc, user, read_entries(request, svc))
    found = [d for d in with_problems(read, flash.get("problems", {})) if d.interview.id == view.id]
    response = render(
        request,
        "manager/created.html",
        {
            "active": "interviews",
            "renewed": bool(renewed),
            "iv": view,
            "delivery": found[-1] if found else None,
            "sends_email": svc.settings.sends_email,
        },
        user=user,
    )
    return clear_flash(request, response)


@router.post("/{interview_id}/invite", dependencies=[CsrfProtected])
async def new_invite(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Issue a fresh invite link (the old one stops working) and show it once."""
    if user is None:
        return to_login(request)
    created = await flows.renew_invite(svc, interview_id, _reviewer(user))
    delivery = flows.Delivery(created.interview, created.invite_url, False)
    return _to_invite_page(request, svc, delivery, created, renewed=True)


@router.post("/{interview_id}/remind", dependencies=[CsrfProtected])
async def remind(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """E-mail the candidate a reminder with a fresh link (the old one stops working)."""
    if user is None:
        return to_login(request)
    await flows.get_interview(svc, interview_id, _reviewer(user))  # 404 before anything else
    if not svc.settings.sends_email:
        raise InvalidInput("E-mail is not set up: copy a new invite link instead.")
    delivery = await flows.remind(svc, interview_id, user)
    if delivery.emailed:
        return redirect_with(
            request,
            svc,
            f"/interviews/{interview_id}",
            {"notice": f"Reminder e-mailed to {delivery.interview.candidate_email}."},
        )
    # Not sent: the fresh link is shown to copy, with the reason.
    response = redirect_with(
        request,
        svc,
        f"/interviews/{interview_id}/invite-link?renewed=1",
        {"problems": mail_problems([delivery])},
    )
    kind = "f" if delivery.problem else "l"
    put_links(response, svc, account_credential(request), [f"{kind}:{_token_of(delivery)}"])
    return response


def _token_of(delivery: flows.Delivery) -> str:
    return delivery.invite_url.rsplit("/", 1)[1]


@router.post("/{interview_id}/revoke", dependencies=[CsrfProtected])
async def revoke_invite(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Withdraw the invite: the link stops working at once."""
    if user is None:
        return to_login(request)
    await flows.revoke_invite(svc, interview_id, _reviewer(user))
    return redirect(f"/interviews/{interview_id}")


@router.post("/{interview_id}/erase", dependencies=[CsrfProtected])
async def erase(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Erase one candidate's data on request, then go back to the list."""
    if user is None:
        return to_login(request)
    await flows.erase_interview(svc, interview_id, _reviewer(user))
    return redirect("/interviews")
