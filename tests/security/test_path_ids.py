"""Ids no row can have (huge, zero, negative) are a 404 on every route with an id in its path,
never a 500 or a dropped connection: a property over all those routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.accounts import csrf_token_for
from app.main import create_app
from tests.web.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, web_settings

TEXT = {"text": "What are your goals?"}
OVERRIDE = {"round": 1, "criterion": "opening", "score": 3, "comment": "Fair."}
# Every route with an id in its path, and a body that is valid apart from the id, so the id
# alone decides the answer: ("json" | "form" | None, body).
ROUTES: dict[tuple[str, str], tuple[str | None, dict[str, Any]]] = {
    ("GET", "/api/interviews/{interview_id}"): (None, {}),
    ("GET", "/api/interviews/{interview_id}/report"): (None, {}),
    ("POST", "/api/interviews/{interview_id}/overrides"): ("json", OVERRIDE),
    ("GET", "/api/interviews/{interview_id}/export"): (None, {}),
    ("POST", "/api/interviews/{interview_id}/invite"): (None, {}),
    ("DELETE", "/api/interviews/{interview_id}/invite"): (None, {}),
    ("DELETE", "/api/interviews/{interview_id}"): (None, {}),
    ("GET", "/api/candidate/{interview_id}"): (None, {}),
    ("POST", "/api/candidate/{interview_id}/start"): ("json", {"round": 1}),
    ("POST", "/api/candidate/{interview_id}/messages"): ("json", TEXT),
    ("POST", "/api/candidate/{interview_id}/say"): ("json", TEXT),
    ("POST", "/api/candidate/{interview_id}/reply"): (None, {}),
    ("POST", "/api/candidate/{interview_id}/end-round"): ("json", {"round": 1}),
    ("POST", "/api/candidate/{interview_id}/self-assessment"): ("json", TEXT),
    ("POST", "/api/candidate/{interview_id}/feedback-reply"): ("json", TEXT),
    ("GET", "/api/practice/{attempt_id}"): (None, {}),
    ("POST", "/api/practice/{attempt_id}/messages"): ("json", TEXT),
    ("POST", "/api/practice/{attempt_id}/say"): ("json", TEXT),
    ("POST", "/api/practice/{attempt_id}/reply"): (None, {}),
    ("POST", "/api/practice/{attempt_id}/end-round"): ("json", {"round": 1}),
    ("GET", "/api/practice/{attempt_id}/report"): (None, {}),
    ("PATCH", "/api/admin/users/{user_id}"): ("json", {"active": False}),
    ("POST", "/api/admin/users/{user_id}/password-reset"): (None, {}),
    ("POST", "/admin/users/{user_id}/disable"): ("form", {}),
    ("POST", "/admin/users/{user_id}/reset-password"): ("form", {}),
    ("GET", "/i/{token}"): (None, {}),
    ("POST", "/i/{token}/start"): ("form", {}),
    ("POST", "/i/{token}/end"): ("form", {"round": "1"}),
    ("POST", "/i/{token}/self-assessment"): ("form", TEXT),
    ("POST", "/i/{token}/feedback-reply"): ("form", TEXT),
    ("GET", "/interviews/{interview_id}"): (None, {}),
    ("POST", "/interviews/{interview_id}/overrides"): ("form", OVERRIDE),
    ("GET", "/interviews/{interview_id}/export.json"): (None, {}),
    ("POST", "/interviews/{interview_id}/invite"): ("form", {}),
    ("POST", "/interviews/{interview_id}/revoke"): ("form", {}),
    ("POST", "/interviews/{interview_id}/erase"): ("form", {}),
    ("GET", "/interviews/{interview_id}/invite-link"): (None, {}),
    ("POST", "/interviews/{interview_id}/remind"): ("form", {}),
    ("POST", "/interviews/{interview_id}/judge"): ("form", {}),
    ("GET", "/openings/{opening_id}"): (None, {}),
    ("GET", "/openings/{opening_id}/invited"): (None, {}),
    ("POST", "/openings/{opening_id}/invite"): ("form", {"candidates": "Ada <ada@example.com>"}),
    ("POST", "/openings/{opening_id}/remind"): ("form", {}),
    ("POST", "/openings/{opening_id}/deadline"): (
        "form",
        {"deadline": datetime.now(UTC).date().isoformat()},
    ),
    ("POST", "/practice/{scenario_id}/start"): ("form", {}),
    ("GET", "/practice/attempts/{attempt_id}"): (None, {}),
    ("POST", "/practice/attempts/{attempt_id}/end"): ("form", {"round": "1"}),
}
NO_ROW_CAN_HAVE = st.one_of(
    st.integers(min_value=2**31),
    st.integers(max_value=0),
    st.integers(min_value=10**19, max_value=10**40),
).map(str)


def _walk(routes: list[Any]) -> Iterator[tuple[str, str]]:
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _walk(route.original_router.routes)
        elif "{" in getattr(route, "path", "") and hasattr(route, "methods"):
            for method in sorted(route.methods):
                yield method, route.path


@dataclass
class Site:
    """A signed-in admin, a candidate's valid invite, and the keys to their CSRF tokens."""

    client: TestClient
    secret: str
    account_csrf: str
    invite: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One app for the module, with an admin session and one real invite token."""
    data: Path = tmp_path_factory.mktemp("path-ids") / "data"
    app_settings = web_settings(data).model_copy(update={"token_attempts_per_ip": 100_000})
    with TestClient(create_app(app_settings), base_url=BASE_URL, follow_redirects=False) as client:
        signed = client.post(
            "/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        csrf = signed.json()["csrf_token"]
        body = {"scenario_id": "roberge-inbound-whitepaper", "candidate_name": "Ids"}
        created = client.post("/api/interviews", json=body, headers={"X-CSRF-Token": csrf})
        yield Site(client, app_settings.secret_key, csrf, created.json()["invite_token"])


def test_every_route_with_a_path_id_is_in_the_table(site: Site) -> None:
    assert set(_walk(site.client.app.router.routes)) == set(ROUTES)  # type: ignore[attr-defined]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(route=st.sampled_from(sorted(ROUTES)), value=NO_ROW_CAN_HAVE)
def test_an_id_no_row_can_have_is_not_found(site: Site, route: tuple[str, str], value: str) -> None:
    method, template = route
    kind, body = ROUTES[route]
    path = template.split("{")[0] + value + template.split("}", 1)[1]
    headers = {"X-CSRF-Token": site.account_csrf}
    if template.startswith("/api/candidate"):
        headers = {"Authorization": f"Bearer {site.invite}"}  # good for another interview
    elif template.startswith("/i/"):
        headers = {}  # the form's own token speaks for it
    form = None
    if kind == "form":
        candidate = template.startswith("/i/")
        token = csrf_token_for(site.secret, value, "candidate") if candidate else site.account_csrf
        form = {**body, "csrf_token": token}
    response = site.client.request(
        method, path, json=body if kind == "json" else None, data=form, headers=headers
    )
    assert response.status_code == 404, (method, path, response.status_code, response.text[:300])
