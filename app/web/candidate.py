"""The candidate's pages: one invite URL that renders the step the stored status says."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from app import flows
from app.accounts import csrf_token_for
from app.auth import CandidateCsrf, ServicesDep, client_ip, set_invite_cookie
from app.errors import InvalidInput, note_reader_language
from app.language.notices import shown
from app.language.registry import language
from app.services import Services
from app.web.chat import chat_view
from app.web.flash import clear_flash, put_flash, read_flash
from app.web.pages import redirect, render

# An answer to "How did you do?" this short gets a gentle prompt before it is taken.
BRIEF_WORDS = 3

router = APIRouter(prefix="/i/{token}", include_in_schema=False)

STEP_OF_STATUS = {
    "invited": "briefing",
    "round1": "round1",
    "self_assessment": "self",
    "coaching": "coaching",
    "round2": "round2",
    "finished": "done",
}


async def opened(request: Request, token: str, svc: ServicesDep) -> flows.CandidateState:
    """The interview this invite token opens (rate-limited; 404/410 for bad or old links)."""
    state = await flows.open_invite(svc, token, client_ip(request))
    note_reader_language(request, state.language)  # a refusal after this speaks it too
    return state


Opened = Annotated[flows.CandidateState, Depends(opened)]


def _page(
    request: Request, svc: Services, token: str, state: flows.CandidateState, **extra: object
) -> Response:
    # What the last post left (an error or a prompt, and the text typed) shows once.
    flash = read_flash(request, svc, token) or {}
    context: dict[str, object] = {
        # The candidate meets the interview's own language (languages/<code>/texts.yaml).
        "t": language(state.language).texts.pages,
        "lang": state.language,
        "step": STEP_OF_STATUS[state.status],
        "token": token,
        "state": state,
        "retention_days": svc.settings.retention_days,
        "uses_llm": svc.settings.engine_name == "llm",
        "max_chars": svc.settings.max_message_chars,
        **{k: flash[k] for k in ("error", "text", "nudge", "text_dropped") if k in flash},
        **extra,
    }
    if state.status in ("round1", "round2"):
        template = "candidate/call.html"
        context["chat"] = chat_view(
            state,
            api_url=f"/api/candidate/{state.interview_id}",
            end_url=f"/i/{token}/end",
            continue_url=f"/i/{token}",
        )
    elif state.status == "self_assessment":
        template = "candidate/self_assessment.html"
    elif state.status == "coaching":
        template = "candidate/coaching.html"
        context.setdefault("text", state.feedback_reply or "")
    elif state.status == "finished":
        template = "candidate/thanks.html"
    else:
        template = "candidate/briefing.html"
    # The invite cookie is set with this response, so the forms' token is bound to it now.
    response = render(
        request, template, context, csrf=csrf_token_for(svc.secret_key, token, "candidate")
    )
    set_invite_cookie(response, svc, token)
    return clear_flash(request, response)


@router.get("", name="candidate_page")
async def candidate_page(request: Request, token: str, svc: ServicesDep, state: Opened) -> Response:
    """The candidate's current step: briefing, a call, self-assessment, feedback or thanks."""
    return _page(request, svc, token, state)


@router.post("/start", dependencies=[CandidateCsrf])
async def start(token: str, svc: ServicesDep, state: Opened) -> Response:
    """Start call 1 from the briefing."""
    if state.status == "invited":
        await flows.start_round(svc, state.interview_id, 1)
    return redirect(f"/i/{token}")


@router.post("/end", dependencies=[CandidateCsrf])
async def end(
    token: str, svc: ServicesDep, state: Opened, round_number: Annotated[int, Form(alias="round")]
) -> Response:
    """End the call in play (ending one that already ended changes nothing)."""
    await flows.end_round(svc, state.interview_id, round_number)
    return redirect(f"/i/{token}")


def _back(svc: Services, token: str, data: dict[str, object]) -> Response:
    """Back to the candidate's page (post/redirect/get), with what it must show once."""
    return put_flash(redirect(f"/i/{token}"), svc, token, data)


def is_brief(text: str) -> bool:
    """A word or two: too little to tell how the candidate saw their call."""
    return len(text.split()) <= BRIEF_WORDS


@router.post("/self-assessment", dependencies=[CandidateCsrf])
async def self_assessment(
    token: str,
    svc: ServicesDep,
    state: Opened,
    text: Annotated[str, Form()] = "",
    brief_ok: Annotated[str, Form()] = "",
) -> Response:
    """Store the answer to "How did you do?"; the feedback page follows. A word or two is
    sent back once with a gentle prompt to say more (sending it again takes it as it is)."""
    if state.status == "self_assessment" and text.strip() and is_brief(text) and not brief_ok:
        return _back(svc, token, {"nudge": True, "text": text[:2000]})
    try:
        await flows.submit_self_assessment(svc, state.interview_id, text)
    except InvalidInput as exc:
        return _back(svc, token, {"error": shown(exc, state.language), "text": text[:20_000]})
    return redirect(f"/i/{token}")


@router.post("/feedback-reply", dependencies=[CandidateCsrf])
async def feedback_reply(
    token: str,
    svc: ServicesDep,
    state: Opened,
    text: Annotated[str, Form()] = "",
) -> Response:
    """Store the optional reply to the feedback and start call 2."""
    if state.status == "coaching":
        if text.strip():
            try:
                await flows.submit_feedback_reply(svc, state.interview_id, text)
            except InvalidInput as exc:
                error = shown(exc, state.language)
                return _back(svc, token, {"error": error, "text": text[:20_000]})
        await flows.start_round(svc, state.interview_id, 2)
    return redirect(f"/i/{token}")
