"""Smaller hardening: HSTS, the password rule, /metrics behind a token, private data files."""

from __future__ import annotations

import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from tests.api.helpers import sign_in_admin
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL

# What the outside tester got accepted, and their near relations.
WEAK_PASSWORDS = [
    "password12",
    " " * 10,
    "\u200b" * 10,
    "\u00a0" * 12,
    "\t \u2028" * 4,
    "qwertyuiop",
    "1234567890",
    "iloveyou2024",
    "Summer2024!",
    "aaaaaaaaaaaaaaaa",
]
STRONG_PASSWORD = "correct horse battery staple"


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app started with these settings."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield http


@pytest.mark.parametrize("secure", [True, False])
async def test_hsts_is_sent_when_cookies_are_secure(settings: Settings, secure: bool) -> None:
    async with running(settings.model_copy(update={"cookie_secure": secure})) as http:
        for path in ("/login", "/healthz", "/api/openapi.json"):
            hsts = (await http.get(path)).headers.get("strict-transport-security")
            assert (hsts == "max-age=31536000") if secure else hsts is None, (path, hsts)


@pytest.mark.parametrize("password", WEAK_PASSWORDS)
async def test_weak_and_blank_passwords_are_refused(
    client: httpx.AsyncClient, password: str
) -> None:
    await sign_in_admin(client)
    body = {"email": "rep-newhire@example.com", "name": "Rory", "role": "rep", "password": password}
    created = await client.post("/api/admin/users", json=body)
    assert created.status_code == 422, created.text
    assert created.json()["error"] == "invalid"
    changed = await client.post(
        "/api/auth/password", json={"current_password": ADMIN_PASSWORD, "new_password": password}
    )
    assert changed.status_code == 422, changed.text


async def test_a_password_made_of_the_account_itself_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_admin(client)
    email = "dana.whitfield@example.com"
    body = {"email": email, "name": "Dana Whitfield", "role": "rep", "password": email}
    assert (await client.post("/api/admin/users", json=body)).status_code == 422
    named = {**body, "password": "Whitfield.Dana"}
    assert (await client.post("/api/admin/users", json=named)).status_code == 422
    own = {"current_password": ADMIN_PASSWORD, "new_password": f"{ADMIN_EMAIL}!"}
    assert (await client.post("/api/auth/password", json=own)).status_code == 422


async def test_a_strong_password_is_accepted(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    body = {"email": "rep@example.com", "name": "Rory", "role": "rep", "password": STRONG_PASSWORD}
    assert (await client.post("/api/admin/users", json=body)).status_code == 201


async def test_the_refusal_says_why(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    body = {"email": "r@example.com", "name": "Rory", "role": "rep", "password": "password12"}
    detail = (await client.post("/api/admin/users", json=body)).json()["detail"]
    assert "common" in detail.lower(), detail
    blank = {**body, "password": " " * 12}
    detail = (await client.post("/api/admin/users", json=blank)).json()["detail"]
    assert "spaces" in detail, detail


async def test_metrics_are_off_without_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404


async def test_metrics_need_the_configured_token(settings: Settings) -> None:
    token = "scrape-" + "k" * 40
    async with running(settings.model_copy(update={"metrics_token": token})) as http:
        assert (await http.get("/metrics")).status_code == 401
        wrong = {"Authorization": "Bearer " + "x" * 47}
        assert (await http.get("/metrics", headers=wrong)).status_code == 401
        ok = await http.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200 and "coachable_http_request_seconds" in ok.text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_data_folder_and_database_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fresh = Settings(
        data_dir=data,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        engine="scripted",
        base_url=BASE_URL,
    )
    async with running(fresh) as http:
        await sign_in_admin(http)  # something written, so the WAL exists
        files = sorted(p.name for p in data.iterdir())
        modes = {p.name: _mode(p) for p in data.iterdir()}
    assert {"coachable.db", "coachable.db-wal", "secret_key"} <= set(files), files
    assert _mode(data) == 0o700
    assert modes == dict.fromkeys(files, 0o600), {k: oct(v) for k, v in modes.items()}


async def test_an_old_world_readable_database_is_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "coachable.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    old = Settings(data_dir=data, admin_password=ADMIN_PASSWORD, engine="scripted")
    async with running(old) as http:
        assert (await http.get("/healthz")).status_code == 200
    assert _mode(database) == 0o600
