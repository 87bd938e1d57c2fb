"""Accounts, sessions, CSRF, rate limits and invite tokens over the API."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from app.accounts import token_hash
from app.auth import INVITE_COOKIE, SESSION_COOKIE
from app.db.tables import Interview, WebSession, utcnow
from app.services import Services
from tests.api.helpers import CandidateClient, create_interview, make_user, sign_in, sign_in_admin
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, DATABASES


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    """Run every test here on SQLite and on PostgreSQL."""
    kind: str = request.param
    return kind


async def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_it(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/auth/sign-in", json={"email": ADMIN_EMAIL.upper(), "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"].lower()
    assert SESSION_COOKIE in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert response.json()["user"]["role"] == "admin"
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]

    me = await client.get("/api/auth/me")
    assert me.status_code == 200 and me.json()["user"]["email"] == ADMIN_EMAIL
    token = client.cookies[SESSION_COOKIE]

    assert (await client.post("/api/auth/sign-out")).status_code == 204
    client.cookies.set(SESSION_COOKIE, token)  # a stolen copy of the old cookie opens nothing
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_wrong_password_is_refused_then_rate_limited(
    client: httpx.AsyncClient, services: Services
) -> None:
    attempts = services.settings.sign_in_attempts
    for _ in range(attempts):
        wrong = await client.post(
            "/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": "not-the-password"}
        )
        assert wrong.status_code == 401
        assert wrong.json()["error"] == "unauthenticated"
    # Now even the right password waits, from this client: the pair is done for the window.
    right = await client.post(
        "/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    assert right.status_code == 429
    assert set(right.json()) == {"error", "detail"}


async def test_unknown_email_answers_like_a_wrong_password(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/auth/sign-in", json={"email": "nobody@example.com", "password": "whatever-123"}
    )
    assert response.status_code == 401
    assert "Wrong e-mail or password" in response.json()["detail"]


async def test_csrf_is_required_for_cookie_requests(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    body = {"scenario_id": "roberge-inbound-whitepaper", "candidate_name": "Ada"}
    token = client.headers.pop("X-CSRF-Token")
    missing = await client.post("/api/interviews", json=body)
    assert missing.status_code == 403 and missing.json()["error"] == "forbidden"
    forged = await client.post("/api/interviews", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert forged.status_code == 403
    ok = await client.post("/api/interviews", json=body, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201


async def test_admin_creates_and_disables_accounts(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    body = {"email": "rep@example.com", "name": "Rory", "role": "rep", "password": "rep-pass-123"}
    created = await client.post("/api/admin/users", json=body)
    assert created.status_code == 201, created.text
    duplicate = await client.post("/api/admin/users", json={**body, "email": "REP@example.com"})
    assert duplicate.status_code == 409
    short = await client.post(
        "/api/admin/users", json={**body, "email": "x@e.com", "password": "1"}
    )
    assert short.status_code == 422
    bad_role = await client.post("/api/admin/users", json={**body, "role": "owner"})
    assert bad_role.status_code == 422

    rep = httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))
    async with rep:
        await sign_in(rep, "rep@example.com", "rep-pass-123")
        assert (await rep.get("/api/admin/users")).status_code == 403
        user_id = created.json()["id"]
        disabled = await client.patch(f"/api/admin/users/{user_id}", json={"active": False})
        assert disabled.status_code == 200 and disabled.json()["active"] is False
        assert (await rep.get("/api/auth/me")).status_code == 401
        again = await rep.post(
            "/api/auth/sign-in", json={"email": "rep@example.com", "password": "rep-pass-123"}
        )
        assert again.status_code == 401

    me = (await client.get("/api/auth/me")).json()["user"]["id"]
    self_disable = await client.patch(f"/api/admin/users/{me}", json={"active": False})
    assert self_disable.status_code == 409


async def test_expired_sessions_are_refused(client: httpx.AsyncClient, services: Services) -> None:
    await sign_in_admin(client)
    async with services.sessions.begin() as db:
        await db.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_invite_token_expiry_revocation_and_renewal(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    created = await create_interview(client)
    interview_id = created["interview"]["id"]
    candidate = CandidateClient(client, interview_id, created["invite_token"])
    assert (await candidate.get()).status_code == 200

    async with services.sessions() as db:
        row = await db.get(Interview, interview_id)
        assert row is not None
        # Only the hash is stored, never the token itself.
        assert row.invite_token_hash == token_hash(created["invite_token"])
        assert created["invite_token"] not in str(row.__dict__)

    async with services.sessions.begin() as db:
        await db.execute(
            update(Interview).values(invite_expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await candidate.get()
    assert expired.status_code == 410 and "expired" in expired.json()["detail"]

    renewed = await client.post(f"/api/interviews/{interview_id}/invite")
    assert renewed.status_code == 200
    assert (await candidate.get()).status_code == 404  # the old token opens nothing now
    fresh = CandidateClient(client, interview_id, renewed.json()["invite_token"])
    assert (await fresh.get()).status_code == 200

    revoked = await client.delete(f"/api/interviews/{interview_id}/invite")
    assert revoked.json()["invite_state"] == "revoked"
    assert (await fresh.get()).status_code == 410


async def test_guessing_tokens_is_rate_limited(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    created = await create_interview(client)
    interview_id = created["interview"]["id"]
    for i in range(services.settings.token_attempts_per_ip):
        guess = CandidateClient(client, interview_id, f"guess-{i}")
        assert (await guess.get()).status_code == 404
    real = CandidateClient(client, interview_id, created["invite_token"])
    assert (await real.get()).status_code == 429


async def test_invite_cookie_needs_csrf_bearer_does_not(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    created = await create_interview(client)
    interview_id = created["interview"]["id"]
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token")
    client.cookies.set(INVITE_COOKIE, created["invite_token"])

    state = await client.get(f"/api/candidate/{interview_id}")
    assert state.status_code == 200
    no_csrf = await client.post(f"/api/candidate/{interview_id}/start", json={"round": 1})
    assert no_csrf.status_code == 403
    from app.accounts import csrf_token_for

    secret = "test-secret-" + "x" * 40
    csrf = csrf_token_for(secret, created["invite_token"], "candidate")
    started = await client.post(
        f"/api/candidate/{interview_id}/start", json={"round": 1}, headers={"X-CSRF-Token": csrf}
    )
    assert started.status_code == 200, started.text


async def test_first_admin_is_created_once(services: Services) -> None:
    from app.accounts import ensure_first_admin, list_users

    assert await ensure_first_admin(services) is None
    users = await list_users(services)
    assert [(u.email, u.role) for u in users] == [(ADMIN_EMAIL, "admin")]


async def test_errors_share_one_shape(client: httpx.AsyncClient) -> None:
    for method, path in (
        ("GET", "/api/nowhere"),
        ("GET", "/api/interviews"),
        ("POST", "/api/auth/sign-in"),
        ("DELETE", "/api/auth/me"),
    ):
        response = await client.request(method, path)
        assert response.status_code in (401, 404, 405, 422), (path, response.status_code)
        assert set(response.json()) == {"error", "detail"}, path


async def test_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_rep_practice_is_private(client: httpx.AsyncClient, services: Services) -> None:
    rep_a = await make_user(services, "rep", "a@example.com")
    rep_b = await make_user(services, "rep", "b@example.com")
    await sign_in(client, *rep_a)
    started = await client.post("/api/practice", json={"scenario_id": "roberge-inbound-whitepaper"})
    assert started.status_code == 201, started.text
    attempt = started.json()["interview_id"]
    assert (await client.get(f"/api/practice/{attempt}")).status_code == 200
    client.cookies.clear()

    await sign_in(client, *rep_b)
    assert (await client.get(f"/api/practice/{attempt}")).status_code == 404
    sent = await client.post(f"/api/practice/{attempt}/messages", json={"text": "hi"})
    assert sent.status_code == 404
    client.cookies.clear()

    await sign_in_admin(client)
    assert (await client.get(f"/api/interviews/{attempt}")).status_code == 404
    assert (await client.get(f"/api/practice/{attempt}")).status_code == 404


async def test_change_password_signs_out_other_browsers(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    other = httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))
    async with other:
        await sign_in_admin(other)
        wrong = await client.post(
            "/api/auth/password",
            json={"current_password": "nope-nope-nope", "new_password": "brand-new-pass-1"},
        )
        assert wrong.status_code == 403
        changed = await client.post(
            "/api/auth/password",
            json={"current_password": ADMIN_PASSWORD, "new_password": "brand-new-pass-1"},
        )
        assert changed.status_code == 204
        assert (await client.get("/api/auth/me")).status_code == 200
        assert (await other.get("/api/auth/me")).status_code == 401
        await sign_in(other, ADMIN_EMAIL, "brand-new-pass-1")
