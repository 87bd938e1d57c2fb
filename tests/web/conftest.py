"""Page-test fixtures: the real app on a temp SQLite database, driven by Starlette's TestClient
(which exposes `response.template` and `response.context`), and helpers to act as each role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

BASE_URL = "http://coachable.test"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-123"
PASSWORD = "a-long-password-42"
SCENARIO = "roberge-inbound-whitepaper"


def web_settings(data_dir: Path) -> Settings:
    """Settings for a page test: its own SQLite file, known admin, scripted prospect."""
    return Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'pages.db'}",
        base_url=BASE_URL,
        secret_key="page-test-secret-" + "x" * 40,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        admin_password_temporary=False,  # test_account_pages.py checks the forced change
        engine="scripted",
        reply_pacing=False,
    )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[TestClient]:
    """The app with its lifespan running, as a browser-like client that keeps cookies."""
    app = create_app(web_settings(tmp_path / "data"))
    with TestClient(app, base_url=BASE_URL, follow_redirects=False) as client:
        yield client


def csrf_of(client: TestClient, path: str) -> str:
    """The CSRF token a page puts in its forms."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    token: str = response.context["csrf_token"]  # type: ignore[attr-defined]
    return token


def sign_in(client: TestClient, email: str, password: str) -> None:
    """Sign in through the login form."""
    client.cookies.clear()
    form = {"email": email, "password": password, "csrf_token": csrf_of(client, "/login")}
    response = client.post("/login", data=form)
    assert response.status_code == 303, response.text


def add_user(client: TestClient, name: str, email: str, role: str) -> None:
    """Create an account as the admin, then sign the admin out."""
    sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    csrf = csrf_of(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={"name": name, "email": email, "role": role, "password": PASSWORD, "csrf_token": csrf},
    )
    assert response.status_code == 303, response.text
    client.cookies.clear()


def create_interview(client: TestClient, name: str = "Alex Morgan") -> tuple[str, str]:
    """Create an interview as the signed-in manager; returns (interview id, invite path)."""
    csrf = csrf_of(client, "/interviews/new")
    response = client.post(
        "/interviews/new",
        data={
            "scenario": SCENARIO,
            "candidate_name": name,
            "candidate_email": "alex@example.com",
            "csrf_token": csrf,
        },
    )
    # Post/redirect/get: the link is shown on the page the post redirects to.
    assert response.status_code == 303, response.text
    shown = client.get(response.headers["location"])
    assert shown.status_code == 200, shown.text
    url: str = shown.context["delivery"].invite_url  # type: ignore[attr-defined]
    interview_id: str = shown.context["iv"].id  # type: ignore[attr-defined]
    path = re.sub(r"^https?://[^/]+", "", url)
    return interview_id, path
