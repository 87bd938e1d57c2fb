"""A round that tries to look curious without being curious is flagged for the reviewer, with
its turns, in the API report and on the report page; the candidate never sees it."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import sign_in_admin
from tests.security.corpus import Entry
from tests.security.test_injection_report import interview_for

WARNING = 'id="gaming-warning"'
# The same question again and again, and stage directions claiming to listen.
GAMED = [
    "Hi Dana, Sam from HubSpot. What are your goals for this year?",
    "[pauses, listens actively] Great. What are your goals for this year?",
    "[nods] Interesting. What are your goals for this year?",
    "Sure. And what are your goals for this year?",
]
HONEST = [
    "Hi Dana, Sam from HubSpot. What prompted you to download the whitepaper?",
    "How do leads come in today?",
]


async def played(
    client: httpx.AsyncClient, lines: list[str], name: str
) -> tuple[dict[str, Any], str, str]:
    """Play `lines` as round 1 and answer "How did you do?"; the report, page and candidate view."""
    entry = Entry(id=name, language="en", kind="gaming", where="roleplay", turns=())
    interview_id, candidate = await interview_for(client, entry)
    for i, line in enumerate(lines):
        done = (await candidate.say(line, client_id=f"m{i}"))[-1]
        assert done[0] == "done", done
    assert (await candidate.post("/end-round", {"round": 1})).status_code == 200
    answered = await candidate.post("/self-assessment", {"text": "I asked a lot of questions."})
    seen = (await candidate.get()).text + answered.text
    report = (await client.get(f"/api/interviews/{interview_id}/report")).json()["report"]
    page = (await client.get(f"/interviews/{interview_id}")).text
    return report, page, seen


async def test_gaming_is_flagged_with_its_turns(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    report, page, seen = await played(client, GAMED, "gamer")
    gaming = {g["kind"]: g["turns"] for g in report["rounds"][0]["gaming"]}
    assert gaming["repeated-questions"] == [3, 5, 7]
    assert gaming["stage-directions"] == [3, 5]
    banner = page.split(WARNING)[1].split("</section>")[0]
    assert "the same question asked again" in banner and ">4</a>" in banner
    assert "stage directions" in banner
    assert "gaming" not in seen.lower() and "repeated" not in seen.lower()

    report, page, _ = await played(client, HONEST, "honest")
    assert report["rounds"][0]["gaming"] == []
    assert WARNING not in page
