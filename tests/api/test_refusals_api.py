"""The API words a refusal in the language the request asks for (Accept-Language), the default
language's otherwise; the error's shape and code stay the same."""

from __future__ import annotations

import httpx

from app.config import Settings
from tests.api.helpers import invited_candidate


async def test_a_refusal_answers_in_the_language_asked_for(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    candidate = await invited_candidate(client)
    long = {"text": "x" * (settings.max_message_chars + 1), "client_message_id": "m-1"}
    limit = settings.max_message_chars
    plain = await candidate.post("/say", long)
    assert plain.status_code == 422
    assert plain.json() == {
        "error": "invalid",
        "detail": f"The message is too long: at most {limit} characters.",
    }
    swedish = await client.post(
        candidate.base + "/say", json=long, headers={**candidate.headers, "Accept-Language": "sv"}
    )
    assert swedish.status_code == 422
    assert swedish.json() == {
        "error": "invalid",
        "detail": f"Meddelandet är för långt: högst {limit} tecken.",
    }
    german = await client.post(
        candidate.base + "/say",
        json={"text": " \u200b "},
        headers={**candidate.headers, "Accept-Language": "de-DE,de;q=0.9"},
    )
    assert german.json() == {"error": "invalid", "detail": "Die Nachricht ist leer."}
    # A conflict of the call's state, in Swedish; its code the same for every language.
    assert (await candidate.post("/end-round", {"round": 1})).status_code == 200
    ended = await client.post(
        candidate.base + "/say",
        json={"text": "Hallå?"},
        headers={**candidate.headers, "Accept-Language": "sv-SE, en;q=0.5"},
    )
    assert ended.status_code == 409
    assert ended.json() == {"error": "wrong-step", "detail": "Samtalet pågår inte."}
