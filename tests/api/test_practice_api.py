"""A rep's practice through the API: pick a scenario, play, get the scorecard, go again."""

from __future__ import annotations

import httpx

from app.services import Services
from tests.api.helpers import events, make_user, sign_in

OBJECTION_LINES = [
    "I hear you, budget is tight. What would need to be true for this to be worth it?",
    "What are you using today, and how is it working for you?",
]


async def _attempt(client: httpx.AsyncClient, scenario_id: str, lines: list[str]) -> str:
    started = await client.post("/api/practice", json={"scenario_id": scenario_id})
    assert started.status_code == 201, started.text
    attempt = started.json()
    assert attempt["kind"] == "practice" and attempt["status"] == "round1"
    for line in lines:
        sent = await client.post(
            f"/api/practice/{attempt['interview_id']}/messages", json={"text": line}
        )
        assert sent.status_code == 201, sent.text
        reply = events((await client.post(f"/api/practice/{attempt['interview_id']}/reply")).text)
        assert reply[-1][0] == "done", reply
        if reply[-1][1]["round_over"]:
            break
    ended = await client.post(f"/api/practice/{attempt['interview_id']}/end-round")
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "finished"
    assert ended.json()["coaching"]["improvement"]["message"]
    interview_id: str = attempt["interview_id"]
    return interview_id


async def test_practice_twice_then_history(client: httpx.AsyncClient, services: Services) -> None:
    await sign_in(client, *await make_user(services, "rep"))
    library = await client.get("/api/practice/scenarios")
    assert library.status_code == 200
    ids = [s["id"] for s in library.json()]
    assert "roberge-inbound-whitepaper" in ids
    practice = next(s["id"] for s in library.json() if s["kind"] == "practice")

    first = await _attempt(client, practice, OBJECTION_LINES[:1])
    second = await _attempt(client, practice, OBJECTION_LINES)
    report = await client.get(f"/api/practice/{first}/report")
    assert report.status_code == 200
    criteria = report.json()["report"]["rounds"][0]["criteria"]
    assert criteria

    history = (await client.get("/api/practice/history")).json()
    assert [a["id"] for a in history["attempts"]] == [first, second]
    assert set(history["series"]) == set(criteria)
    for points in history["series"].values():
        assert [p[0] for p in points] == [first, second]
        assert all(1 <= p[1] <= 5 for p in points)
    only = await client.get("/api/practice/history", params={"scenario": "nope"})
    assert only.json()["attempts"] == []
