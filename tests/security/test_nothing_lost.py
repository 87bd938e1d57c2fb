"""Nothing lost: concurrent double submits, LLM outages with the scripted fallback, and SIGKILLs
at every step of an interview (the mid-reply kill alone is in tests/api/test_crash_recovery.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.roleplay.scripted import reply
from app.roleplay.transcript import Turn
from app.services import Services
from tests.api.helpers import SCENARIO, CandidateClient, events, llm_settings, sign_in_admin
from tests.api.live import Server
from tests.conftest import DATABASES
from tests.llm.openai_stub import Fault, OpenAIStub

# Faults the fallback test injects into the language model, over real HTTP; "refused" is the
# model server being down.
OUTAGES: tuple[Fault | str, ...] = ("error-500", "garbage", "drop", "hang", "refused")
# Where the kill test pulls the plug (SIGKILL, no shutdown handlers run).
KILL_POINTS = ("message stored, no reply yet", "call 1 ended and self-assessment stored")
CONCURRENT = 6  # simultaneous copies of one request


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    """Concurrency on SQLite and on PostgreSQL (when the test server is configured)."""
    kind: str = request.param
    return kind


async def started(client: httpx.AsyncClient) -> CandidateClient:
    """A new interview with call 1 started, as its candidate."""
    await sign_in_admin(client)
    body = {"scenario_id": SCENARIO, "candidate_name": "Ada"}
    created = (await client.post("/api/interviews", json=body)).json()
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    assert (await candidate.post("/start", {"round": 1})).status_code == 200
    return candidate


async def test_a_message_sent_many_times_at_once_is_stored_once(client: httpx.AsyncClient) -> None:
    candidate = await started(client)
    body = {"text": "What prompted you to download the whitepaper?", "client_message_id": "m1"}
    sent = await asyncio.gather(*(candidate.post("/messages", body) for _ in range(CONCURRENT)))
    assert [r.status_code for r in sent] == [201] * CONCURRENT, [r.text for r in sent]
    assert len({r.json()["index"] for r in sent}) == 1
    turns = (await candidate.get()).json()["turns"]
    assert [t["speaker"] for t in turns] == ["prospect", "candidate"]


async def test_different_messages_at_once_store_one_and_refuse_the_rest(
    client: httpx.AsyncClient,
) -> None:
    candidate = await started(client)
    sent = await asyncio.gather(
        *(
            candidate.post("/messages", {"text": f"Question {i}?", "client_message_id": f"q{i}"})
            for i in range(CONCURRENT)
        )
    )
    statuses = sorted(r.status_code for r in sent)
    assert statuses == [201] + [409] * (CONCURRENT - 1), [r.text for r in sent]
    assert all(set(r.json()) == {"error", "detail"} for r in sent if r.status_code == 409)
    turns = (await candidate.get()).json()["turns"]
    assert [t["speaker"] for t in turns] == ["prospect", "candidate"]


async def test_a_reply_asked_for_many_times_at_once_is_stored_once(
    client: httpx.AsyncClient,
) -> None:
    candidate = await started(client)
    await candidate.post("/messages", {"text": "What are your goals?", "client_message_id": "g"})
    replies = await asyncio.gather(*(candidate.post("/reply") for _ in range(CONCURRENT)))
    done = []
    for answer in replies:
        assert answer.status_code in (200, 409), answer.text
        if answer.status_code == 200:
            done += [data["turn"] for name, data in events(answer.text) if name == "done"]
    assert done and all(turn == done[0] for turn in done)
    turns = (await candidate.get()).json()["turns"]
    assert [t["speaker"] for t in turns] == ["prospect", "candidate", "prospect"]
    assert turns[2]["text"] == done[0]["text"]


# --------------------------------------------------------------------------- LLM outages


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """The language model: a local OpenAI-compatible stub."""
    with OpenAIStub(hang_seconds=3.0) as stub:
        yield stub


@pytest.fixture
def settings(settings: Settings, openai_stub: OpenAIStub) -> Settings:
    """The LLM engine against the stub, falling back to the scripted prospect."""
    return llm_settings(
        settings, openai_stub.base_url, llm_timeout=0.5, llm_fallback_to_scripted=True
    )


async def test_an_outage_falls_back_to_the_scripted_prospect(
    client: httpx.AsyncClient, services: Services, openai_stub: OpenAIStub
) -> None:
    candidate = await started(client)
    scenario = services.catalog.scenario(SCENARIO)
    for i, fault in enumerate(OUTAGES):
        if fault == "refused":
            openai_stub.stop()
        else:
            openai_stub.queue_fault(fault, text="Well, our main goal")  # type: ignore[arg-type]
        streamed = await candidate.say(f"What happened in quarter {i + 1}?", client_id=f"o{i}")
        kinds = [name for name, _ in streamed]
        assert kinds[-1] == "done" and "restart" in kinds, (fault, kinds)
        turns = (await candidate.get()).json()["turns"]
        asked = tuple(Turn(t["index"], t["speaker"], t["text"]) for t in turns[:-1])
        # The scripted prospect answered, exactly as it would have without the model.
        assert streamed[-1][1]["turn"]["text"] == reply(scenario, asked).text == turns[-1]["text"]
        assert len(turns) == 3 + 2 * i
    assert openai_stub.requests, "the model was never asked"


# --------------------------------------------------------------------------- SIGKILL


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real uvicorn process with the scripted prospect (stopped whatever happens)."""
    running = Server(tmp_path / "data")
    yield running
    running.stop()


def test_sigkill_at_every_step_loses_no_committed_work(server: Server) -> None:
    server.start()
    with httpx.Client(base_url=server.url, timeout=10) as manager:
        server.sign_in(manager)
        body = {"scenario_id": SCENARIO, "candidate_name": "Ada"}
        created = manager.post("/api/interviews", json=body).json()
    base = f"/api/candidate/{created['interview']['id']}"
    auth = {"Authorization": f"Bearer {created['invite_token']}"}
    kills = 0

    def restart() -> httpx.Client:
        nonlocal kills
        server.kill()
        kills += 1
        server.start()
        return httpx.Client(base_url=server.url, timeout=10, headers=auth)

    def state(http: httpx.Client) -> dict[str, Any]:
        found: dict[str, Any] = http.get(base).json()
        return found

    with httpx.Client(base_url=server.url, timeout=10, headers=auth) as http:
        http.post(base + "/start", json={"round": 1}).raise_for_status()
        sent = http.post(base + "/messages", json={"text": "What are your goals?"})
        assert sent.status_code == 201
    with restart() as http:  # KILL_POINTS[0]
        now = state(http)
        assert [t["text"] for t in now["turns"][1:]] == ["What are your goals?"]
        assert now["awaiting_reply"] is True
        assert events(http.post(base + "/reply").text)[-1][0] == "done"
        http.post(base + "/end-round", json={"round": 1}).raise_for_status()
        transcript = state(http)["turns"]
        coaching = http.post(base + "/self-assessment", json={"text": "I asked about goals."})
        assert coaching.status_code == 200
    with restart() as http:  # KILL_POINTS[1]
        now = state(http)
        assert now["status"] == "coaching" and now["turns"] == transcript
        assert now["self_assessment"] == "I asked about goals."
        assert now["coaching"] == coaching.json()
        http.post(base + "/start", json={"round": 2}).raise_for_status()
        assert state(http)["status"] == "round2"
    assert kills == len(KILL_POINTS)
