"""Small helpers for API tests: sign in, create accounts and interviews, read SSE replies."""

from __future__ import annotations

import json
from typing import Any

import httpx

from app import accounts
from app.config import Settings
from app.services import Services
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

SCENARIO = "roberge-inbound-whitepaper"


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> str:
    """Sign in; returns the CSRF token and sets it as the client's default header."""
    response = await client.post("/api/auth/sign-in", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


async def sign_in_admin(client: httpx.AsyncClient) -> str:
    """Sign in as the first admin."""
    return await sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)


async def make_user(svc: Services, role: str, email: str | None = None) -> tuple[str, str]:
    """Create an account directly; returns (email, password)."""
    email = email or f"{role}-{len(await accounts.list_users(svc))}@example.com"
    password = f"{role}-password-123"
    await accounts.create_user(svc, email, role.title(), role, password)
    return email, password


async def create_interview(client: httpx.AsyncClient, name: str = "Ada Lovelace") -> dict[str, Any]:
    """Create an interview as the signed-in reviewer; returns the JSON (id, invite token...)."""
    body = {"scenario_id": SCENARIO, "candidate_name": name, "candidate_email": "ada@example.com"}
    response = await client.post("/api/interviews", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def events(text: str) -> list[tuple[str, dict[str, Any]]]:
    """Parse a Server-Sent Events body into (event, data) pairs."""
    parsed = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        name = next(line[7:] for line in lines if line.startswith("event: "))
        data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
        parsed.append((name, json.loads(data)))
    return parsed


class CandidateClient:
    """A candidate using the API with the invite token as a Bearer header (no cookies)."""

    def __init__(self, client: httpx.AsyncClient, interview_id: str, token: str) -> None:
        self.client = client
        self.base = f"/api/candidate/{interview_id}"
        self.headers = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str = "") -> httpx.Response:
        """GET a candidate endpoint."""
        return await self.client.get(self.base + path, headers=self.headers)

    async def post(self, path: str, body: Any = None) -> httpx.Response:
        """POST to a candidate endpoint."""
        return await self.client.post(self.base + path, json=body, headers=self.headers)

    async def say(
        self, text: str, client_id: str | None = None
    ) -> list[tuple[str, dict[str, Any]]]:
        """Send a message and read the streamed reply's events (one request, POST /say)."""
        reply = await self.post("/say", {"text": text, "client_message_id": client_id})
        assert reply.status_code == 200, reply.text
        assert reply.headers["content-type"].startswith("text/event-stream")
        return events(reply.text)


async def invited_candidate(client: httpx.AsyncClient, *, started: bool = True) -> CandidateClient:
    """Sign in as the admin, create an interview, and hand its invite to a candidate who has
    started round 1 (unless `started` is False)."""
    await sign_in_admin(client)
    created = await create_interview(client)
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    if started:
        assert (await candidate.post("/start", {"round": 1})).status_code == 200
    return candidate


def llm_settings(settings: Settings, base_url: str, **update: Any) -> Settings:
    """`settings` with the LLM engine pointed at a stub server, no retries, plus `update`."""
    return settings.model_copy(
        update={
            "engine": "llm",
            "llm_base_url": base_url,
            "llm_model": "stub-model",
            "llm_retries": 0,
            # The stub says the queued line whatever was asked; prospect-v2's director would
            # replace such off-script lines (tests/llm/test_directed.py), which is not what these
            # transport and fault tests are about. The wire protocol is the same for both.
            "llm_prompt_version": "prospect-v1",
            **update,
        }
    )


ROUND_1 = [
    "Hi Dana, thanks for downloading the whitepaper. What prompted you to download it today?",
    "That makes sense. What goals has the board set for marketing this year?",
    "How do you get leads today, and how is that working for you?",
]
ROUND_2 = [
    "Hi Dana, I saw you downloaded our whitepaper. What prompted you to look at it?",
    "What goals are you working towards this year?",
    "What have you tried before to get found online?",
]


async def finished_interview(client: httpx.AsyncClient, name: str = "Ada Lovelace") -> str:
    """Create an interview as the signed-in reviewer and take it through both calls, the
    self-assessment and the reply to the feedback; returns its id."""
    created = await create_interview(client, name)
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    for round_number, lines in ((1, ROUND_1), (2, ROUND_2)):
        assert (await candidate.post("/start", {"round": round_number})).status_code == 200
        for line in lines:
            if (await candidate.say(line))[-1][1]["round_over"]:
                break
        else:
            ended = await candidate.post("/end-round", {"round": round_number})
            assert ended.status_code == 200, ended.text
        if round_number == 1:
            answer = "I asked about her goals, but I should have followed up on the board."
            assert (await candidate.post("/self-assessment", {"text": answer})).status_code == 200
            assert (await candidate.post("/feedback-reply", {"text": "Noted."})).status_code == 200
    state = (await candidate.get()).json()
    assert state["status"] == "finished"
    return str(created["interview"]["id"])
