"""Two server processes on one database: a request may land on either; nothing lives in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import SCENARIO, events
from tests.api.live import Server

QUESTIONS = [
    "What prompted you to download the whitepaper?",
    "What goals has the board set for this year?",
    "How do you get leads today?",
]


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two processes sharing one data folder (one SQLite file, one secret key)."""
    first, second = Server(tmp_path / "data"), Server(tmp_path / "data")
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.stop()
        second.stop()


def test_requests_alternate_between_processes(servers: tuple[Server, Server]) -> None:
    first, second = servers
    with httpx.Client(timeout=10) as manager:
        first.sign_in(manager)
        created = manager.post(
            first.url + "/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "Ada"}
        ).json()
        # The session cookie made by one process is good on the other.
        assert manager.get(second.url + "/api/auth/me").status_code == 200

    base = f"/api/candidate/{created['interview']['id']}"
    auth = {"Authorization": f"Bearer {created['invite_token']}"}
    with httpx.Client(timeout=10, headers=auth) as candidate:
        candidate.post(second.url + base + "/start", json={"round": 1}).raise_for_status()
        for i, question in enumerate(QUESTIONS):
            here, there = (first, second) if i % 2 == 0 else (second, first)
            sent = candidate.post(here.url + base + "/messages", json={"text": question})
            assert sent.status_code == 201, sent.text
            reply = events(candidate.post(there.url + base + "/reply").text)
            assert reply[-1][0] == "done", reply
        state = candidate.get(first.url + base).json()
    speakers = [t["speaker"] for t in state["turns"]]
    assert speakers == ["prospect"] + ["candidate", "prospect"] * len(QUESTIONS)
    assert [t["text"] for t in state["turns"][1::2]] == QUESTIONS
