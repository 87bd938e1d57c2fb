"""The hiring manager's pages: list, new interview, report, overrides, exports, compare."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, Response

from app import flows
from app.auth import CsrfProtected, OptionalUser, ServicesDep, UserView
from app.db.interviews import SortKey
from app.errors import Forbidden, InvalidInput
from app.web.judge_views import judge_view
from app.web.pages import redirect, render, to_login
from app.web.views import STATUS_LABELS, compare_table, interview_rows, report_view

router = APIRouter(prefix="/interviews", include_in_schema=False)

SORT_KEYS: tuple[str, ...] = get_args(SortKey)


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
) -> Response:
    """Every interview with status and totals; sortable, filterable by status/scenario/name."""
    if user is None:
        return to_login(request)
    _reviewer(user)
    params, filters = _filters(q, status, scenario, sort, dir)
    if params["status"] not in ("", *STATUS_LABELS):
        params["status"], filters["status"] = "", None
    views = await flows.list_interviews(svc, user, **filters)  # type: ignore[arg-type]
    return render(
        request,
        "manager/list.html",
        {
            "active": "interviews",
            "rows": interview_rows(views, svc.catalog),
            "params": params,
            "sort": filters["sort"],
            "direction": "desc" if filters["descending"] else "asc",
            "statuses": list(STATUS_LABELS.items()),
            "scenarios": [(s.id, s.title) for s in flows.list_scenarios(svc, "interview")],
            "filtered": any(params.values()),
        },
        user=user,
    )


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
    """The form that creates an interview."""
    if user is None:
        return to_login(request)
    return _new_form(request, svc, _reviewer(user), {}, None)


def _new_form(
    request: Request, svc: ServicesDep, user: UserView, form: dict[str, str], error: str | None
) -> Response:
    return render(
        request,
        "manager/new.html",
        {
            "active": "interviews",
            "scenarios": flows.list_scenarios(svc, "interview"),
            "form": form,
            "error": error,
        },
        user=user,
        status_code=422 if error else 200,
    )


@router.post("/new", dependencies=[CsrfProtected])
async def create_interview(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    scenario: Annotated[str, Form()],
    candidate_name: Annotated[str, Form()],
    candidate_email: Annotated[str, Form()] = "",
) -> Response:
    """Create the interview and show its invite link (shown this once)."""
    if user is None:
        return to_login(request)
    form = {
        "scenario": scenario,
        "candidate_name": candidate_name,
        "candidate_email": candidate_email,
    }
    try:
        created = await flows.create_interview(
            svc, _reviewer(user), scenario, candidate_name, candidate_email
        )
    except InvalidInput as exc:
        return _new_form(request, svc, user, form, exc.detail)
    return _invite_page(request, svc, user, created, renewed=False)


def _invite_page(
    request: Request,
    svc: ServicesDep,
    user: UserView,
    created: flows.CreatedInterview,
    *,
    renewed: bool,
) -> Response:
    """The invite link, shown this once (only its hash is stored)."""
    return render(
        request,
        "manager/created.html",
        {
            "active": "interviews",
            "renewed": renewed,
            "candidate_name": created.interview.candidate_name,
            "invite_url": created.invite_url,
            "interview_id": created.interview.id,
            "ttl_days": svc.settings.invite_ttl_days,
        },
        user=user,
        status_code=201,
    )


@router.get("/compare")
async def compare(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    ids: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies query defaults
) -> Response:
    """Two or more candidates side by side: criteria × candidates, with totals."""
    if user is None:
        return to_login(request)
    reports = await flows.compare_interviews(svc, ids, _reviewer(user))
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
    """One interview: scores per criterion, transcripts with badges, chart, coaching, result."""
    if user is None:
        return to_login(request)
    view = await flows.get_interview(svc, interview_id, _reviewer(user))
    context: dict[str, object] = {
        "active": "interviews",
        "iv": view,
        "scenario_title": svc.catalog.scenario(view.scenario_id).title,
        "saved": "Override saved." if saved else None,
    }
    if view.round >= 1:
        built = await flows.build_report(svc, interview_id, user)
        rubric = built.report.rubric
        context.update(
            rubric=rubric,
            page=report_view(built, rubric, svc.catalog.scenario(view.scenario_id)),
            judge=judge_view(built),
        )
    return render(request, "manager/report.html", context, user=user)


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
    """The interview as the session file `coachable score` reads."""
    if user is None:
        return to_login(request)
    data = await flows.export_session(svc, interview_id, _reviewer(user))
    return JSONResponse(
        data,
        headers={"Content-Disposition": f'attachment; filename="interview-{interview_id}.json"'},
    )


@router.post("/{interview_id}/invite", dependencies=[CsrfProtected])
async def new_invite(
    request: Request, interview_id: str, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Issue a fresh invite link (the old one stops working) and show it once."""
    if user is None:
        return to_login(request)
    created = await flows.renew_invite(svc, interview_id, _reviewer(user))
    return _invite_page(request, svc, user, created, renewed=True)


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
