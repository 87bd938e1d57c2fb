"""Hypothesis over the pages (which the OpenAPI fuzzer in tests/api/test_fuzz_api.py does not see)
and over sign-out (which it leaves out): no input gives a 5xx or a stack trace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.main import create_app
from app.web.routes import router
from tests.web.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, web_settings

FIELDS = [
    "csrf_token",
    "email",
    "password",
    "name",
    "role",
    "text",
    "round",
    "score",
    "criterion",
    "comment",
    "scenario",
    "candidate_name",
    "candidate_email",
    "next",
    "q",
    "status",
    "sort",
    "order",
    "ids",
]
values = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "1", "2", "0", "-1", "99999999999999999999", "admin", "opening", "%00"]),
)


def _walk(routes: list[Any]) -> Iterator[tuple[str, str]]:
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _walk(route.original_router.routes)
        elif hasattr(route, "methods"):
            for method in sorted(route.methods):
                yield method, route.path


PAGE_ROUTES = sorted(set(_walk(list(router.routes))))


@dataclass
class Site:
    """The app, a signed-in admin's client, and real ids to put in paths."""

    client: TestClient
    csrf: str
    ids: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One app for the module, with an interview and a practice attempt to aim at."""
    data: Path = tmp_path_factory.mktemp("fuzz-pages") / "data"
    app_settings = web_settings(data).model_copy(
        update={
            "sign_in_attempts": 100_000,
            "sign_in_attempts_per_ip": 100_000,
            "token_attempts_per_ip": 100_000,
        }
    )
    with TestClient(create_app(app_settings), base_url=BASE_URL, follow_redirects=False) as client:
        signed = client.post(
            "/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        csrf = signed.json()["csrf_token"]
        headers = {"X-CSRF-Token": csrf}
        body = {"scenario_id": "roberge-inbound-whitepaper", "candidate_name": "Fuzz"}
        created = client.post("/api/interviews", json=body, headers=headers).json()
        attempt = client.post(
            "/api/practice", json={"scenario_id": "roberge-inbound-whitepaper"}, headers=headers
        ).json()
        ids = {
            "interview_id": created["interview"]["id"],
            "token": created["invite_token"],
            "attempt_id": attempt["interview_id"],
            "scenario_id": "roberge-inbound-whitepaper",
            "user_id": str(signed.json()["user"]["id"]),
        }
        yield Site(client, csrf, ids)


def _path(template: str, ids: dict[str, str], draw: st.DrawFn) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        real = ids.get(name)
        # The admin's own account is never disabled: the rest of the run needs it.
        use_real = real is not None and name != "user_id" and draw(st.booleans())
        if use_real and real:
            return real
        return quote(draw(st.text(min_size=1, max_size=30)), safe="")

    return re.sub(r"\{(\w+)\}", fill, template)


@st.composite
def page_requests(
    draw: st.DrawFn, ids: dict[str, str]
) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """(method, path, query, form) aimed at one page route."""
    method, template = draw(st.sampled_from([r for r in PAGE_ROUTES if r[1] != "/logout"]))
    form = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
    query = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=3))
    return method, _path(template, ids, draw), query, form


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_page_gives_a_server_error(site: Site, data: st.DataObject) -> None:
    method, path, query, form = data.draw(page_requests(site.ids))
    if not data.draw(st.booleans()):  # Hypothesis leans towards False: most posts get past
        form["csrf_token"] = site.csrf  # the CSRF check to the handler
    response = site.client.request(method, path, params=query, data=form or None)
    assert response.status_code < 500, (method, path, query, form, response.text[:300])
    assert "Traceback" not in response.text


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.one_of(st.none(), st.text(max_size=50), st.dictionaries(st.text(max_size=8), values)),
    cookie=st.one_of(
        st.none(),
        st.text(
            alphabet=st.characters(
                codec="ascii", min_codepoint=33, max_codepoint=126, exclude_characters=';,"\\'
            ),
            max_size=50,
        ),
    ),
    csrf=st.one_of(st.none(), st.text(max_size=40)),
)
def test_sign_out_never_gives_a_server_error(
    site: Site, body: Any, cookie: str | None, csrf: str | None
) -> None:
    # A client of its own: signing out must not end the admin session the page fuzzer uses.
    # No `with`: the app is already running, and a second lifespan would start it again.
    other = TestClient(site.client.app, base_url=BASE_URL)
    if cookie is not None:
        other.cookies.set("coachable_session", cookie)
    headers = {"X-CSRF-Token": csrf.encode("ascii", "ignore").decode()} if csrf else {}
    response = other.post("/api/auth/sign-out", json=body, headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "detail"}
