"""Schemathesis against the OpenAPI description of a running server: no input gives a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.helpers import SCENARIO
from tests.api.live import Server


@dataclass(frozen=True)
class Live:
    """The running server and the headers of a signed-in admin who is also a candidate."""

    url: str
    headers: dict[str, str]
    ids: dict[str, str]  # path parameter -> a real id, so bodies reach the handlers


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One server for the module; the admin has an interview whose token rides along."""
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    # Generous limits: the fuzzer should reach the handlers, not the rate limiter.
    server = Server(
        data_dir,
        COACHABLE_SIGN_IN_ATTEMPTS="100000",
        COACHABLE_SIGN_IN_ATTEMPTS_PER_IP="100000",
        COACHABLE_TOKEN_ATTEMPTS_PER_IP="100000",
    )
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            server.sign_in(client)
            created = client.post(
                "/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "Fuzz"}
            ).json()
            attempt = client.post("/api/practice", json={"scenario_id": SCENARIO}).json()
            headers = {
                "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
                "X-CSRF-Token": client.headers["X-CSRF-Token"],
                # The Bearer token opens the candidate endpoints; reviewer ones use the cookie.
                "Authorization": f"Bearer {created['invite_token']}",
            }
        ids = {
            "interview_id": created["interview"]["id"],
            "attempt_id": attempt["interview_id"],
        }
        yield Live(server.url, headers, ids)
    finally:
        server.stop()


def test_no_server_errors_and_one_error_shape(live: Live) -> None:
    schema = schemathesis.openapi.from_url(live.url + "/api/openapi.json")
    # A schema that does not parse is a failure too: .ok() raises on an Err.
    results: list[Any] = list(schema.get_all_operations())
    # Sign-out would end the session the rest of the run relies on.
    operations = [r.ok() for r in results if r.ok().path != "/api/auth/sign-out"]
    assert len(operations) >= 25
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            # Deleting the real interview or renewing its invite would end the run early.
            if case.method != "DELETE" and not case.operation.path.endswith("/invite"):
                for name in set(case.path_parameters or {}) & set(live.ids):
                    case.path_parameters[name] = live.ids[name]
            response = case.call(base_url=live.url, headers=live.headers)
            failed = response.status_code >= 500 or (
                response.status_code >= 400 and set(response.json()) != {"error", "detail"}
            )
            if failed:
                failures.append(f"{case.method} {case.formatted_path}: {response.text[:200]}")

        call()
    assert failures == []
