"""POST /say: the message is stored first, then the reply streams, all in one request."""

from __future__ import annotations

import httpx

from app.config import Settings
from tests.api.helpers import CandidateClient, invited_candidate


async def _speakers(candidate: CandidateClient) -> list[str]:
    return [t["speaker"] for t in (await candidate.get()).json()["turns"]]


async def test_the_message_event_comes_first_then_the_stored_reply(
    client: httpx.AsyncClient,
) -> None:
    candidate = await invited_candidate(client)
    parsed = await candidate.say("What made you download the whitepaper?", "c-1")
    names = [name for name, _ in parsed]
    assert names[0] == "message" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"}
    message, done = parsed[0][1]["turn"], parsed[-1][1]
    assert (message["speaker"], message["index"]) == ("candidate", 1)
    assert message["text"] == "What made you download the whitepaper?"
    assert (done["turn"]["speaker"], done["turn"]["index"]) == ("prospect", 2)
    assert "".join(data["text"] for name, data in parsed if name == "delta") == done["turn"]["text"]
    state = (await candidate.get()).json()
    assert [t["text"] for t in state["turns"]][1:] == [message["text"], done["turn"]["text"]]
    assert state["candidate_turns"] == 1 and state["awaiting_reply"] is False


async def test_the_same_message_sent_again_is_stored_and_answered_once(
    client: httpx.AsyncClient,
) -> None:
    candidate = await invited_candidate(client)
    first = await candidate.say("What are your goals for this year?", "c-1")
    again = await candidate.say("What are your goals for this year?", "c-1")
    assert again[0] == first[0]  # the same stored turn
    assert [name for name, _ in again] == ["message", "done"]
    assert again[-1][1]["turn"] == first[-1][1]["turn"]
    assert await _speakers(candidate) == ["prospect", "candidate", "prospect"]


async def test_a_refused_message_is_a_plain_json_error_and_stores_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    candidate = await invited_candidate(client, started=False)
    before_start = await candidate.post("/say", {"text": "Hello"})
    assert before_start.status_code == 409
    assert before_start.json()["error"] == "wrong-step"
    await candidate.post("/start", {"round": 1})
    for text in ("", " \u200b ", "x" * (settings.max_message_chars + 1)):
        refused = await candidate.post("/say", {"text": text})
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/json"
        assert set(refused.json()) == {"error", "detail"}
    assert await _speakers(candidate) == ["prospect"]
