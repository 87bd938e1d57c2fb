"""Signing in and out, the start page, one's password, and the admin's users page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import accounts, auth
from app.auth import CsrfProtected, OptionalUser, ServicesDep, client_ip
from app.errors import (
    PASSWORD_PAGE,
    Conflict,
    Forbidden,
    InvalidInput,
    RateLimited,
    Unauthenticated,
)
from app.web.flash import clear_flash, read_flash
from app.web.pages import (
    account_credential,
    home_for,
    redirect,
    redirect_with,
    render,
    safe_next,
    to_login,
)

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(user: OptionalUser) -> Response:
    """Managers land on their interviews, reps on practice; others sign in."""
    return redirect(home_for(user) if user else "/login")


def _login_page(
    request: Request,
    svc: ServicesDep,
    context: dict[str, object],
    status_code: int = 200,
) -> Response:
    """The sign-in form, its CSRF token bound to this browser's pre-session cookie."""
    value = auth.sign_in_form_value(request)
    csrf = accounts.csrf_token_for(svc.secret_key, value, "sign-in")
    response = render(
        request, "login.html", {"error": None, **context}, csrf=csrf, status_code=status_code
    )
    auth.set_sign_in_cookie(response, svc, value)
    return response


@router.get("/login")
async def login_form(
    request: Request, svc: ServicesDep, user: OptionalUser, next: str | None = None
) -> Response:
    """The sign-in page (signed-in users go straight on)."""
    if user is not None:
        return redirect(safe_next(next, home_for(user)))
    return _login_page(request, svc, {"next": next or "", "email": ""})


@router.post("/login")
async def login(
    request: Request,
    svc: ServicesDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the form's token and the password, set the session cookie and go on."""
    try:
        await auth.check_sign_in_form(request, svc)
        token, user = await accounts.sign_in(svc, email, password, client_ip(request))
    except (Forbidden, Unauthenticated, RateLimited) as exc:
        context: dict[str, object] = {"next": next, "error": exc.detail, "email": email}
        return _login_page(request, svc, context, status_code=exc.status_code)
    target = PASSWORD_PAGE if user.must_change_password else safe_next(next, home_for(user))
    response = redirect(target)
    auth.set_session_cookie(response, svc, token)
    auth.set_sign_in_cookie(response, svc, None)
    return response


@router.post("/logout", dependencies=[CsrfProtected])
async def logout(request: Request, svc: ServicesDep) -> Response:
    """End this browser's session."""
    token = request.cookies.get(auth.SESSION_COOKIE)
    if token:
        await accounts.sign_out(svc, token)
    response = redirect("/login")
    auth.clear_session_cookie(response, svc)
    return response


def _password_page(
    request: Request,
    user: accounts.UserView,
    *,
    error: str | None = None,
    saved: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "account/password.html",
        {
            "active": "password",
            "forced": user.must_change_password,
            "error": error,
            "saved": saved,
        },
        user=user,
        status_code=status_code,
    )


@router.get(PASSWORD_PAGE)
async def password_form(request: Request, user: OptionalUser, done: str | None = None) -> Response:
    """The form to change one's password (the only page open with a temporary password)."""
    if user is None:
        return to_login(request)
    saved = "Your password was changed. Your other browsers were signed out." if done else None
    return _password_page(request, user, saved=saved)


@router.post(PASSWORD_PAGE, dependencies=[CsrfProtected])
async def change_password(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    current_password: Annotated[str, Form(max_length=1000)],
    new_password: Annotated[str, Form(max_length=1000)],
    repeat_password: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Check the current password, set the new one, sign out the account's other browsers."""
    if user is None:
        return to_login(request)
    try:
        if new_password != repeat_password:
            raise InvalidInput("The new password and its repetition are not the same.")
        session = request.cookies.get(auth.SESSION_COOKIE, "")
        await accounts.change_password(svc, user, current_password, new_password, session)
    except (InvalidInput, Forbidden, RateLimited) as exc:
        return _password_page(request, user, error=exc.detail, status_code=exc.status_code)
    return redirect(f"{PASSWORD_PAGE}?done=1")


async def _users_page(
    request: Request,
    svc: ServicesDep,
    user: accounts.UserView,
    *,
    error: str | None = None,
    saved: str | None = None,
    reset: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int | None = None,
) -> Response:
    return render(
        request,
        "admin/users.html",
        {
            "active": "users",
            "users": await accounts.list_users(svc),
            "error": error,
            "saved": saved,
            "reset": reset,
            "form": form or {},
        },
        user=user,
        status_code=status_code or (422 if error else 200),
    )


def _admin(user: accounts.UserView) -> accounts.UserView:
    if user.role != "admin":
        raise Forbidden("Only admins manage accounts.")
    return user


DONE_MESSAGES = {"created": "The account was created.", "disabled": "The account is disabled."}


@router.get("/admin/users")
async def users(
    request: Request, svc: ServicesDep, user: OptionalUser, done: str | None = None
) -> Response:
    """Every account, with a form to add one."""
    if user is None:
        return to_login(request)
    # What the last post left: an error with the typed values, or a temporary password
    # (shown this once; a reload shows the page afresh and resets nothing again).
    flash = read_flash(request, svc, account_credential(request)) or {}
    response = await _users_page(
        request,
        svc,
        _admin(user),
        saved=DONE_MESSAGES.get(done or ""),
        error=flash.get("error"),
        reset=flash.get("reset"),
        form=flash.get("form"),
        status_code=200,
    )
    return clear_flash(request, response)


@router.post("/admin/users", dependencies=[CsrfProtected])
async def create_user(
    request: Request,
    svc: ServicesDep,
    user: OptionalUser,
    name: Annotated[str, Form(max_length=200)],
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[str, Form(max_length=16)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Create an account with a role."""
    if user is None:
        return to_login(request)
    _admin(user)
    try:
        await accounts.create_user(svc, email, name, role, password)
    except (InvalidInput, Conflict) as exc:
        form = {"name": name, "email": email, "role": role}  # never the password
        return redirect_with(request, svc, "/admin/users", {"error": exc.detail, "form": form})
    return redirect("/admin/users?done=created")


@router.post("/admin/users/{user_id}/disable", dependencies=[CsrfProtected])
async def disable_user(
    request: Request, user_id: int, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Disable an account and sign it out everywhere."""
    if user is None:
        return to_login(request)
    _admin(user)
    try:
        await accounts.set_user_active(svc, user_id, False, user)
    except Conflict as exc:
        return redirect_with(request, svc, "/admin/users", {"error": exc.detail})
    return redirect("/admin/users?done=disabled")


@router.post("/admin/users/{user_id}/reset-password", dependencies=[CsrfProtected])
async def reset_password(
    request: Request, user_id: int, svc: ServicesDep, user: OptionalUser
) -> Response:
    """Give an account a temporary password, shown this once; it must choose a new one."""
    if user is None:
        return to_login(request)
    _admin(user)
    try:
        target, temporary = await accounts.reset_password(svc, user_id, user)
    except Conflict as exc:
        return await _users_page(request, svc, user, error=exc.detail, status_code=409)
    # Post/redirect/get: a reload of the page that shows the password must not reset again.
    reset = {"name": target.name, "email": target.email, "password": temporary}
    return redirect_with(request, svc, "/admin/users", {"reset": reset})
