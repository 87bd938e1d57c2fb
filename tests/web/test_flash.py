"""The post/redirect/get cookie: signed for one browser, unreadable by another, never forged."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.services import Services
from app.web.flash import seal, unseal
from tests.web.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, SCENARIO, csrf_of, sign_in


def test_a_sealed_value_opens_only_for_its_credential(site: TestClient) -> None:
    svc: Services = site.app.state.services  # type: ignore[attr-defined]
    value = seal(svc, "coachable_flash", "session-a", "payload")
    assert unseal(svc, "coachable_flash", "session-a", value) == "payload"
    assert unseal(svc, "coachable_flash", "session-b", value) is None
    assert unseal(svc, "coachable_links", "session-a", value) is None
    assert unseal(svc, "coachable_flash", "session-a", "other" + value[7:]) is None
    assert unseal(svc, "coachable_flash", "session-a", None) is None


def test_another_browser_cannot_read_a_flash(site: TestClient, tmp_path: Path) -> None:
    sign_in(site, ADMIN_EMAIL, ADMIN_PASSWORD)
    csrf = csrf_of(site, "/interviews/new")
    form = {
        "scenario": SCENARIO,
        "candidate_name": "Mo",
        "candidate_email": "x",
        "csrf_token": csrf,
    }
    sent = site.post("/interviews/new", data=form)
    flash = sent.cookies.get("coachable_flash")
    assert sent.status_code == 303 and flash
    sign_in(site, ADMIN_EMAIL, ADMIN_PASSWORD)  # a new session: another credential
    site.cookies.set("coachable_flash", flash)
    shown = site.get("/interviews/new")
    assert shown.context["error"] is None  # type: ignore[attr-defined]
