"""CSRF tokens are bound to one credential and one kind of action: a candidate's token never
authorises an account's action and the reverse, and the sign-in form has a token of its own.

The attack this stops: a candidate's page on another port of the same host (same site, so the
SameSite=Lax cookies go along) posts a manager's form with the candidate's own CSRF token, in
a browser that holds both the manager's session and that candidate's invite cookie.
"""

from __future__ import annotations

import re

import httpx

from app.auth import SESSION_COOKIE, SIGN_IN_COOKIE
from tests.api.helpers import create_interview, sign_in_admin
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD


def meta_csrf(html: str) -> str:
    """The CSRF token a page gives its forms and scripts."""
    found = re.search(r'name="csrf-token" content="([^"]*)"', html)
    assert found, html[:500]
    return found.group(1)


async def manager_holding_an_invite(client: httpx.AsyncClient) -> tuple[str, str, str, str]:
    """A signed-in admin whose browser also opened a candidate's invite link; returns
    (interview id, invite token, the admin's CSRF token, the candidate page's CSRF token)."""
    account_csrf = await sign_in_admin(client)
    created = await create_interview(client)
    token = created["invite_token"]
    page = await client.get(f"/i/{token}")
    assert page.status_code == 200
    return created["interview"]["id"], token, account_csrf, meta_csrf(page.text)


async def test_a_candidate_token_never_authorises_an_account_action(
    client: httpx.AsyncClient,
) -> None:
    interview_id, _, account_csrf, candidate_csrf = await manager_holding_an_invite(client)
    client.headers.pop("X-CSRF-Token")
    erase = await client.post(
        f"/interviews/{interview_id}/erase", data={"csrf_token": candidate_csrf}
    )
    assert erase.status_code == 403, erase.text
    api = await client.delete(
        f"/api/interviews/{interview_id}", headers={"X-CSRF-Token": candidate_csrf}
    )
    assert api.status_code == 403
    kept = await client.get(
        f"/api/interviews/{interview_id}", headers={"X-CSRF-Token": account_csrf}
    )
    assert kept.status_code == 200


async def test_an_account_token_never_authorises_a_candidate_action(
    client: httpx.AsyncClient,
) -> None:
    interview_id, token, account_csrf, candidate_csrf = await manager_holding_an_invite(client)
    client.headers.pop("X-CSRF-Token")
    api = f"/api/candidate/{interview_id}/start"
    refused = await client.post(api, json={"round": 1}, headers={"X-CSRF-Token": account_csrf})
    assert refused.status_code == 403
    page = await client.post(f"/i/{token}/start", data={"csrf_token": account_csrf})
    assert page.status_code == 403
    started = await client.post(api, json={"round": 1}, headers={"X-CSRF-Token": candidate_csrf})
    assert started.status_code == 200, started.text


async def test_the_sign_in_form_needs_its_own_pre_session_token(
    client: httpx.AsyncClient,
) -> None:
    credentials = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    forged = await client.post("/login", data=credentials)
    assert forged.status_code == 403
    assert SESSION_COOKIE not in client.cookies

    form = await client.get("/login")
    assert SIGN_IN_COOKIE in client.cookies
    csrf = meta_csrf(form.text)
    assert csrf
    # Another browser's form token is no use with this browser's cookie.
    transport = client._transport
    async with httpx.AsyncClient(transport=transport, base_url=str(client.base_url)) as other:
        other_csrf = meta_csrf((await other.get("/login")).text)
    assert other_csrf != csrf
    wrong = await client.post("/login", data={**credentials, "csrf_token": other_csrf})
    assert wrong.status_code == 403 and SESSION_COOKIE not in client.cookies

    signed = await client.post("/login", data={**credentials, "csrf_token": csrf})
    assert signed.status_code == 303, signed.text
    assert SESSION_COOKIE in client.cookies
    assert SIGN_IN_COOKIE not in client.cookies  # used up


async def test_a_refused_sign_in_form_comes_back_ready_to_send_again(
    client: httpx.AsyncClient,
) -> None:
    refused = await client.post("/login", data={"email": ADMIN_EMAIL, "password": "x"})
    assert refused.status_code == 403
    assert "expired" in refused.text and 'name="password"' in refused.text
    retry = await client.post(
        "/login",
        data={
            "email": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
            "csrf_token": meta_csrf(refused.text),
        },
    )
    assert retry.status_code == 303
