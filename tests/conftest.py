"""Shared fixtures: settings on a fresh database, the app with its lifespan, an HTTP client."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from app.catalog.loader import Catalog, load_catalog
from app.catalog.models import Rubric, Scenario
from app.config import Settings
from app.main import create_app
from app.services import Engines, Services
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

BASE_URL = "http://coachable.test"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-123"
# Replies stream at once in tests, also in the servers and CLIs that tests start as processes.
os.environ.setdefault("COACHABLE_REPLY_PACING", "false")

POSTGRES_URL = os.environ.get("COACHABLE_TEST_POSTGRES_URL")

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="COACHABLE_TEST_POSTGRES_URL not set"),
        ],
    ),
]


async def _postgres_database() -> tuple[str, str]:
    """Create an empty database on the test server; returns (url, name)."""
    import asyncpg

    assert POSTGRES_URL
    name = f"coachable_t_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}", name


async def _drop_postgres_database(name: str) -> None:
    import asyncpg

    assert POSTGRES_URL
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
def database_kind() -> str:
    """SQLite unless a test module parametrises it with DATABASES."""
    return "sqlite"


@pytest.fixture
async def database_url(database_kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database for one test (SQLite file, or a new PostgreSQL database)."""
    if database_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url, name = await _postgres_database()
    try:
        yield url
    finally:
        await _drop_postgres_database(name)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for a test: its own data folder and database, known admin credentials."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        base_url=BASE_URL,
        secret_key="test-secret-" + "x" * 40,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        # Tests sign in as the admin throughout; tests/web/test_account_pages.py checks the
        # forced change of the first admin's password.
        admin_password_temporary=False,
        engine="scripted",
        reply_pacing=False,
    )


@pytest.fixture
def engines() -> Engines | None:
    """None: the deployment's engines (scripted). Override to inject a fake engine."""
    return None


@pytest.fixture
async def app(settings: Settings, engines: Engines | None) -> AsyncIterator[FastAPI]:
    """The app with its lifespan running (migrations applied, first admin created)."""
    application = create_app(settings, engines=engines)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
def services(app: FastAPI) -> Services:
    """The running app's Services."""
    svc: Services = app.state.services
    return svc


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped scenarios and rubrics (loaded once)."""
    return load_catalog()


@pytest.fixture(scope="session")
def rubric(catalog: Catalog) -> Rubric:
    """The Roberge curiosity rubric."""
    return catalog.rubric("roberge-curiosity")


@pytest.fixture(scope="session")
def scenario(catalog: Catalog) -> Scenario:
    """The Roberge inbound-whitepaper scenario (tests/roleplay has its own hand-made one)."""
    return catalog.scenario("roberge-inbound-whitepaper")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium per test module (skipped where it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts opened by a test, closed after it."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()
