"""The reviewer sees every injection attempt flagged, in the API report and on the report page;
benign look-alikes are not flagged; the candidate never sees a flag."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import CandidateClient, sign_in_admin
from tests.security import corpus
from tests.security.corpus import Entry

SCENARIOS = {"en": "roberge-inbound-whitepaper", "sv": "roberge-inbound-whitepaper-sv"}
OPENERS = {
    "en": "Hi Dana, thanks for downloading the whitepaper. What prompted you to look at it?",
    "sv": "Hej Dana, tack för att du laddade ner rapporten. Vad fick dig att läsa den?",
}
HONEST = {
    "en": "I asked why she downloaded it, but I should have followed up on her goals.",
    "sv": "Jag frågade varför hon laddade ner den, men borde ha följt upp hennes mål.",
}
WARNING = 'id="injection-warning"'


async def interview_for(client: httpx.AsyncClient, entry: Entry) -> tuple[str, CandidateClient]:
    """A new interview in the entry's language, with round 1 started."""
    body = {"scenario_id": SCENARIOS[entry.language], "candidate_name": entry.id}
    created = (await client.post("/api/interviews", json=body)).json()
    interview_id = created["interview"]["id"]
    candidate = CandidateClient(client, interview_id, created["invite_token"])
    started = await candidate.post("/start", {"round": 1})
    assert started.status_code == 200, started.text
    return interview_id, candidate


async def run(client: httpx.AsyncClient, entry: Entry) -> tuple[dict[str, Any], str, str]:
    """Play the entry as the candidate; returns (API report, report page, candidate's view)."""
    interview_id, candidate = await interview_for(client, entry)
    lines = [OPENERS[entry.language]]
    if entry.where == "roleplay":
        lines += entry.turns
    for i, line in enumerate(lines):
        done = (await candidate.say(line, client_id=f"m{i}"))[-1]
        assert done[0] == "done", done
        assert not done[1]["round_over"], entry.id
    ended = await candidate.post("/end-round", {"round": 1})
    assert ended.status_code == 200, ended.text
    assessment = entry.text if entry.where == "self-assessment" else HONEST[entry.language]
    answered = await candidate.post("/self-assessment", {"text": assessment})
    assert answered.status_code == 200, answered.text
    seen = (await candidate.get()).text + answered.text
    report = await client.get(f"/api/interviews/{interview_id}/report")
    assert report.status_code == 200, report.text
    page = await client.get(f"/interviews/{interview_id}")
    assert page.status_code == 200, page.text
    data: dict[str, Any] = report.json()["report"]
    return data, page.text, seen


async def test_every_attack_is_flagged_for_the_reviewer(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    for entry in corpus.attacks():
        report, page, seen = await run(client, entry)
        round_1 = report["rounds"][0]
        if entry.where == "roleplay":
            assert "prompt-injection" in round_1["flags"], entry.id
            flagged = {t["text"] for t in round_1["turns"] if t.get("injection")}
            assert flagged and flagged <= set(entry.turns), entry.id
            assert round_1["metrics"]["injection_turns"], entry.id
            assert "Injection attempt" in page
        else:
            assert "prompt-injection" not in round_1["flags"], entry.id
            assert "prompt-injection" in report["self_assessment"]["flags"], entry.id
            assert "the self-assessment" in page.split(WARNING)[1].split("</section>")[0]
        assert WARNING in page, entry.id
        # The candidate's own view and responses say nothing about it.
        assert "injection" not in seen.lower() and "flag" not in seen.lower(), entry.id


async def test_benign_look_alikes_are_not_flagged(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    for entry in corpus.benign():
        report, page, _ = await run(client, entry)
        assert report["rounds"][0]["flags"] == [], entry.id
        assert report["self_assessment"]["flags"] == [], entry.id
        assert WARNING not in page and "Injection attempt" not in page, entry.id
