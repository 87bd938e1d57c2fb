"""SIGKILL the server mid-reply, start it again: no committed turn is lost and the call resumes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import SCENARIO, events
from tests.api.live import Server
from tests.llm.openai_stub import OpenAIStub


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    """A slow stub: each word takes a while, so the kill lands mid-reply."""
    with OpenAIStub(chunk_delay=0.3, hang_seconds=3.0) as server:
        yield server


@pytest.fixture
def server(tmp_path: Path, stub: OpenAIStub) -> Iterator[Server]:
    """The server under test (stopped at the end whatever happened)."""
    running = Server(tmp_path / "data", stub.base_url)
    yield running
    running.stop()


def test_sigkill_mid_reply_loses_nothing(server: Server, stub: OpenAIStub) -> None:
    server.start()
    with httpx.Client(base_url=server.url, timeout=10) as manager:
        server.sign_in(manager)
        created = manager.post(
            "/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "Ada"}
        ).json()
    base = f"/api/candidate/{created['interview']['id']}"
    auth = {"Authorization": f"Bearer {created['invite_token']}"}

    with httpx.Client(base_url=server.url, timeout=10, headers=auth) as candidate:
        candidate.post(base + "/start", json={"round": 1}).raise_for_status()
        sent = candidate.post(base + "/messages", json={"text": "What are your goals?"})
        assert sent.status_code == 201
        # The guard lets a reply out a checked sentence at a time: the first comes early.
        stub.queue("Our goal is growth. We want to double the inbound leads we get this year.")
        with candidate.stream("POST", base + "/reply") as reply:
            first = next(reply.iter_text())
            assert "event: delta" in first
            server.kill()

    server.start()
    with httpx.Client(base_url=server.url, timeout=10, headers=auth) as candidate:
        state = candidate.get(base).json()
        assert [t["speaker"] for t in state["turns"]] == ["prospect", "candidate"]
        assert state["turns"][1]["text"] == "What are your goals?"
        assert state["awaiting_reply"] is True
        stub.queue("Growth, mostly.")
        resumed = events(candidate.post(base + "/reply").text)
        assert resumed[-1][0] == "done"
        turns = candidate.get(base).json()["turns"]
        assert [t["text"] for t in turns[1:]] == ["What are your goals?", "Growth, mostly."]
