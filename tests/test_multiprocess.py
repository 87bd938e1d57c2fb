"""Two separately started service processes on one PostgreSQL database act as one service.

One interview is driven with every request alternating between the two processes; another is
driven through one process only. Both give the same transcript and the same report.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.live import Server
from tests.conftest import POSTGRES_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="COACHABLE_TEST_POSTGRES_URL not set"),
]

SCENARIO = "roberge-inbound-whitepaper"
LINES = (
    "Hi Dana, this is Sam from HubSpot. You downloaded our whitepaper this morning. Got a minute?",
    "What made you download it?",
    "How do you find new customers today?",
    "What would a good year look like for you?",
    "How does SEO fit into that?",
)
SELF_ASSESSMENT = "My questions were open, but I waited too long to ask about her goals."
FEEDBACK_REPLY = "Fair point: I will ask about her goals sooner."


@pytest.fixture
def database_kind() -> str:
    """Every test here runs on PostgreSQL (a fresh database from tests/conftest.py)."""
    return "postgres"


@pytest.fixture
def servers(database_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two uvicorn processes on the same database, each with its own data folder."""
    # Replicas share the secret (session cookies and CSRF tokens), never a data folder.
    shared = {"COACHABLE_DATABASE_URL": database_url, "COACHABLE_SECRET_KEY": "s" * 48}
    first = Server(tmp_path / "a", **shared)
    # Migrations run once, on the first process; the second only serves.
    second = Server(tmp_path / "b", **shared, COACHABLE_MIGRATE_ON_START="false")
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        second.stop()
        first.stop()


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return response.json() if response.content else None


def _play(urls: Iterator[str], reviewer: httpx.Client, http: httpx.Client) -> str:
    """A whole interview; each request goes to the next URL. Returns the interview id."""
    body = {"scenario_id": SCENARIO, "candidate_name": "Ada", "candidate_email": ""}
    created = _ok(reviewer.post(next(urls) + "/api/interviews", json=body), 201)
    interview_id = created["interview"]["id"]
    auth = {"Authorization": f"Bearer {created['invite_token']}"}

    def post(path: str, body: Any = None, status: int = 200) -> Any:
        url = f"{next(urls)}/api/candidate/{interview_id}{path}"
        return _ok(http.post(url, json=body, headers=auth), status)

    for round_number in (1, 2):
        post("/start", {"round": round_number})
        for line in LINES:
            post("/messages", {"text": line}, 201)
            reply = http.post(f"{next(urls)}/api/candidate/{interview_id}/reply", headers=auth)
            assert reply.status_code == 200 and "event: done" in reply.text, reply.text
            if '"round_over": true' in reply.text:
                break
        else:
            post("/end-round", {"round": round_number})
        if round_number == 1:
            post("/self-assessment", {"text": SELF_ASSESSMENT})
            post("/feedback-reply", {"text": FEEDBACK_REPLY})
    state = _ok(http.get(f"{next(urls)}/api/candidate/{interview_id}", headers=auth))
    assert state["status"] == "finished"
    return str(interview_id)


def _result(url: str, reviewer: httpx.Client, interview_id: str) -> tuple[Any, Any]:
    """The interview's session file and the scored report, without ids and timestamps."""
    exported = _ok(reviewer.get(f"{url}/api/interviews/{interview_id}/export"))
    # The session file's own fields (the export also names the interview and its times).
    session = {
        key: exported.get(key) for key in ("scenario", "rubric", "self_assessment", "coaching")
    }
    session["rounds"] = [
        {"turns": [{"speaker": t["speaker"], "text": t["text"]} for t in r["turns"]]}
        for r in exported["rounds"]
    ]
    report = _ok(reviewer.get(f"{url}/api/interviews/{interview_id}/report"))
    return session, (report["report"], report["effective_scores"])


def test_requests_alternating_between_two_processes_match_one_process(
    servers: tuple[Server, Server],
) -> None:
    first, second = servers
    with httpx.Client(timeout=30) as reviewer, httpx.Client(timeout=30) as http:
        # Signed in on one process, the session cookie works on the other.
        first.sign_in(reviewer)
        alternating = _play(itertools.cycle([first.url, second.url]), reviewer, http)
        single = _play(itertools.repeat(first.url), reviewer, http)

        session, report = _result(second.url, reviewer, alternating)
        assert _result(first.url, reviewer, alternating) == (session, report)
        assert _result(first.url, reviewer, single) == (session, report)

    assert session["self_assessment"] == SELF_ASSESSMENT
    assert [len(r["turns"]) for r in session["rounds"]] == [2 * len(LINES) + 1] * 2
    assert report[1]["1"] and report[1]["2"]  # both rounds were scored
