"""Openings' pages through the app in-process, with e-mail sent to a local SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.mailserver import Inbox, smtp_server, smtp_settings
from tests.web.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, csrf_of, sign_in, web_settings


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailing_site(tmp_path: Path, inbox: Inbox) -> Iterator[TestClient]:
    """The app sending e-mail through the test server, signed in as the admin."""
    settings = web_settings(tmp_path / "data").model_copy(update=smtp_settings(inbox))
    with TestClient(create_app(settings), base_url=BASE_URL, follow_redirects=False) as client:
        sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        yield client


def context(response: Any) -> dict[str, Any]:
    found: dict[str, Any] = response.context
    return found


def open_role(site: TestClient, title: str = "AE") -> str:
    csrf = csrf_of(site, "/openings/new")
    deadline = context(site.get("/openings/new"))["form"]["deadline"]
    made = site.post(
        "/openings/new",
        data={"title": title, "scenario": "roberge-inbound-whitepaper", "rubric": "",
              "deadline": deadline, "csrf_token": csrf},
    )  # fmt: skip
    assert made.status_code == 303, made.text
    return str(made.headers["location"])


def test_a_refused_address_leaves_its_link_to_copy(mailing_site: TestClient, inbox: Inbox) -> None:
    opening = open_role(mailing_site)
    inbox.refuse.add("bounce@example.com")
    sent = mailing_site.post(
        f"{opening}/invite",
        data={
            "candidates": "Ada <ada@example.com>\nBo Bounce <bounce@example.com>",
            "csrf_token": csrf_of(mailing_site, opening),
        },
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("/invited")
    shown = mailing_site.get(sent.headers["location"])
    emailed, links = context(shown)["emailed"], context(shown)["links"]
    assert [d.interview.candidate_name for d in emailed] == ["Ada"]
    assert [d.interview.candidate_name for d in links] == ["Bo Bounce"]
    assert "550" in links[0].problem and links[0].invite_url.startswith(f"{BASE_URL}/i/")
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["ada@example.com"]
    ranking = mailing_site.get(opening)
    rows = {r.candidate_name: r for r in context(ranking)["rows"]}
    assert rows["Ada"].emailed_at is not None and rows["Bo Bounce"].emailed_at is None


def test_an_opening_scores_with_its_own_rubric(mailing_site: TestClient, inbox: Inbox) -> None:
    csrf = csrf_of(mailing_site, "/openings/new")
    form = {"title": "Objection handler", "scenario": "roberge-inbound-whitepaper",
            "deadline": "2999-01-01", "csrf_token": csrf}  # fmt: skip
    far = mailing_site.post("/openings/new", data={**form, "rubric": "objection-handling"})
    assert far.status_code == 303 and far.headers["location"] == "/openings/new"
    assert "more than a year" in context(mailing_site.get("/openings/new"))["error"]
    wrong = mailing_site.post(
        "/openings/new",
        data={**form, "deadline": context(mailing_site.get("/openings/new"))["today"],
              "rubric": "roberge-curiosity-sv"},
    )  # fmt: skip
    assert wrong.status_code == 303
    assert "does not fit" in context(mailing_site.get("/openings/new"))["error"]
    today = context(mailing_site.get("/openings/new"))["today"]
    made = mailing_site.post(
        "/openings/new", data={**form, "deadline": today, "rubric": "objection-handling"}
    )
    opening = made.headers["location"]
    assert context(mailing_site.get(opening))["rubric_title"] == "Handling an objection"
    mailing_site.post(
        f"{opening}/invite",
        data={"candidates": "Ada <ada@example.com>", "csrf_token": csrf_of(mailing_site, opening)},
    )
    (row,) = context(mailing_site.get(opening))["rows"]
    listed = mailing_site.get(f"/api/interviews?opening={opening.rsplit('/', 1)[1]}")
    assert [i["rubric_id"] for i in listed.json()] == ["objection-handling"]
    assert listed.json()[0]["id"] == row.id and listed.json()[0]["emailed_at"]
    # The link expires with the opening's deadline (the end of that day).
    assert listed.json()[0]["invite_expires_at"].startswith(f"{today}T23:59:59")


def test_moving_the_deadline_moves_the_unfinished_links(
    mailing_site: TestClient, inbox: Inbox
) -> None:
    opening = open_role(mailing_site)
    mailing_site.post(
        f"{opening}/invite",
        data={"candidates": "Ada <ada@example.com>", "csrf_token": csrf_of(mailing_site, opening)},
    )
    later = (datetime.now(UTC) + timedelta(days=40)).date().isoformat()
    moved = mailing_site.post(
        f"{opening}/deadline",
        data={"deadline": later, "csrf_token": csrf_of(mailing_site, opening)},
    )
    assert moved.status_code == 303
    shown = mailing_site.get(opening)
    assert "The deadline is now" in context(shown)["notice"]
    listed = mailing_site.get(f"/api/interviews?opening={opening.rsplit('/', 1)[1]}").json()
    assert listed[0]["invite_expires_at"].startswith(f"{later}T23:59:59")
    past = mailing_site.post(
        f"{opening}/deadline",
        data={"deadline": "2000-01-01", "csrf_token": csrf_of(mailing_site, opening)},
    )
    assert past.status_code == 303
    assert "already passed" in context(mailing_site.get(opening))["error"]
