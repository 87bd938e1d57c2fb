"""Sign-in throttling: wrong passwords from elsewhere never lock the owner out, and parallel
requests cannot check more passwords than the limit allows."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from app import accounts
from app.services import Services
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, DATABASES

PARALLEL = 200
ATTACKERS = 8
WRONG = {"email": ADMIN_EMAIL, "password": "not-the-password-at-all"}
RIGHT = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    """SQLite and PostgreSQL: the count must hold on both."""
    kind: str = request.param
    return kind


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The slow-downs sign-in asked for, recorded instead of slept."""
    asked: list[float] = []

    async def record(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(accounts, "pause", record)
    return asked


@asynccontextmanager
async def client_from(app: FastAPI, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from `ip`, with its own cookies."""
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


async def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(
    app: FastAPI, services: Services, pauses: list[float]
) -> None:
    limit = services.settings.sign_in_attempts
    for n in range(ATTACKERS):
        async with client_from(app, f"203.0.113.{n + 1}") as attacker:
            for _ in range(limit):
                wrong = await attacker.post("/api/auth/sign-in", json=WRONG)
                assert wrong.status_code == 401, (n, wrong.text)
            # That address is done with this account for the window, even with the password.
            assert (await attacker.post("/api/auth/sign-in", json=RIGHT)).status_code == 429
    async with client_from(app, "198.51.100.20") as owner:
        signed = await owner.post("/api/auth/sign-in", json=RIGHT)
    assert signed.status_code == 200, signed.text
    # 40 failures from everywhere slowed the account down instead of closing it.
    assert pauses and pauses[-1] == services.settings.sign_in_slowdown_seconds


async def test_one_address_is_limited_across_accounts(
    app: FastAPI, services: Services, pauses: list[float]
) -> None:
    per_ip = services.settings.sign_in_attempts_per_ip
    statuses = []
    async with client_from(app, "203.0.113.99") as sprayer:
        for n in range(per_ip + 5):
            body = {"email": f"user{n}@example.com", "password": "Summer2024!"}
            statuses.append((await sprayer.post("/api/auth/sign-in", json=body)).status_code)
    assert statuses == [401] * per_ip + [429] * 5


async def test_parallel_wrong_passwords_check_no_more_than_the_limit(
    app: FastAPI, services: Services, pauses: list[float]
) -> None:
    limit = services.settings.sign_in_attempts
    async with client_from(app, "203.0.113.50") as attacker:
        answers = await asyncio.gather(
            *(attacker.post("/api/auth/sign-in", json=WRONG) for _ in range(PARALLEL))
        )
    statuses = Counter(a.status_code for a in answers)
    print(f"{statuses[401]} of {PARALLEL} parallel wrong sign-ins had their password checked")
    assert statuses == {401: limit, 429: PARALLEL - limit}


async def test_a_right_password_does_not_count_against_the_address(
    app: FastAPI, services: Services, pauses: list[float]
) -> None:
    # An office behind one address: many good sign-ins are no attack.
    per_ip = services.settings.sign_in_attempts_per_ip
    async with client_from(app, "198.51.100.30") as office:
        for _ in range(per_ip + 3):
            assert (await office.post("/api/auth/sign-in", json=RIGHT)).status_code == 200
    assert pauses == []


def test_the_slowdown_starts_after_the_account_wide_threshold(services: Services) -> None:
    settings = services.settings
    after = settings.sign_in_slowdown_after
    assert accounts.slowdown_for(after - 1, settings) == 0
    assert accounts.slowdown_for(after, settings) == settings.sign_in_slowdown_seconds
    assert after > settings.sign_in_attempts  # one address alone never slows the account
