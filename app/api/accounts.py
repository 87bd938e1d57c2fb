"""Sign-in, sign-out, the current account, and account administration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from app import accounts, auth
from app.api.schemas import (
    NewUser,
    PasswordChange,
    PasswordReset,
    SignedIn,
    SignIn,
    UserOut,
    UserPatch,
)
from app.auth import Admin, CsrfProtected, CurrentUser, ServicesDep

router = APIRouter(prefix="/api", tags=["accounts"])
protected = APIRouter(prefix="/api", tags=["accounts"], dependencies=[CsrfProtected])


@router.post("/auth/sign-in", response_model=SignedIn)
async def sign_in(body: SignIn, request: Request, response: Response, svc: ServicesDep) -> SignedIn:
    """Sign in with e-mail and password; sets the session cookie (rate-limited)."""
    token, user = await accounts.sign_in(svc, body.email, body.password, auth.client_ip(request))
    auth.set_session_cookie(response, svc, token)
    return SignedIn(
        user=UserOut.of(user), csrf_token=accounts.csrf_token_for(svc.secret_key, token, "account")
    )


@protected.post("/auth/sign-out", status_code=204, response_class=Response)
async def sign_out(request: Request, svc: ServicesDep) -> Response:
    """Sign this browser out."""
    token = request.cookies.get(auth.SESSION_COOKIE)
    if token:
        await accounts.sign_out(svc, token)
    response = Response(status_code=204)
    auth.clear_session_cookie(response, svc)
    return response


@protected.get("/auth/me", response_model=SignedIn)
async def me(request: Request, user: CurrentUser) -> SignedIn:
    """The signed-in account and its CSRF token."""
    return SignedIn(user=UserOut.of(user), csrf_token=auth.csrf_token(request))


@protected.post("/auth/password", status_code=204, response_class=Response)
async def change_password(
    body: PasswordChange, request: Request, user: CurrentUser, svc: ServicesDep
) -> Response:
    """Change your password; your other browsers are signed out."""
    token = request.cookies.get(auth.SESSION_COOKIE, "")
    await accounts.change_password(svc, user, body.current_password, body.new_password, token)
    return Response(status_code=204)


@protected.get("/admin/users", response_model=list[UserOut])
async def list_users(admin: Admin, svc: ServicesDep) -> list[UserOut]:
    """Every account."""
    return [UserOut.of(u) for u in await accounts.list_users(svc)]


@protected.post("/admin/users", response_model=UserOut, status_code=201)
async def create_user(body: NewUser, admin: Admin, svc: ServicesDep) -> UserOut:
    """Create an account (admin, manager or rep)."""
    user = await accounts.create_user(svc, body.email, body.name, body.role, body.password)
    return UserOut.of(user)


# Not bounded here: an id no account can have is a 404 like any unknown id (app/db/users.py).
UserId = Annotated[int, Path(description="The account's id.")]


@protected.patch("/admin/users/{user_id}", response_model=UserOut)
async def update_user(user_id: UserId, body: UserPatch, admin: Admin, svc: ServicesDep) -> UserOut:
    """Enable or disable an account; disabling signs it out everywhere."""
    return UserOut.of(await accounts.set_user_active(svc, user_id, body.active, admin))


@protected.post("/admin/users/{user_id}/password-reset", response_model=PasswordReset)
async def reset_password(user_id: UserId, admin: Admin, svc: ServicesDep) -> PasswordReset:
    """Give another account a temporary password (shown only now): it is signed out
    everywhere and must choose a new password at its next sign-in."""
    user, temporary = await accounts.reset_password(svc, user_id, admin)
    return PasswordReset(user=UserOut.of(user), temporary_password=temporary)
