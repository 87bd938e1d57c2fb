"""Simulated people over HTTP: a reviewer who creates interviews, candidates who talk."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import yaml

from bench.server import ADMIN_EMAIL, ADMIN_PASSWORD, cpu_seconds

SCENARIO = "roberge-inbound-whitepaper"
REQUEST_TIMEOUT = 30.0
_SCRIPT = yaml.safe_load((Path(__file__).parent / "candidate.yaml").read_text(encoding="utf-8"))
LINES: tuple[str, ...] = tuple(_SCRIPT["lines"])
SELF_ASSESSMENT: str = _SCRIPT["self_assessment"]

T = TypeVar("T")


def http_client(base_url: str, connections: int) -> httpx.AsyncClient:
    """One pooled client for many simulated people (keep-alive, as browsers do)."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT)


async def gather_limited(jobs: Sequence[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    """Run the jobs with at most `limit` at once; results in order."""
    gate = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await job()

    return list(await asyncio.gather(*(run(j) for j in jobs)))


class BenchError(Exception):
    """A request the benchmark counts as an error (status, SSE error event, transport)."""


def _check(response: httpx.Response, *expected: int) -> Any:
    if response.status_code not in expected:
        raise BenchError(f"{response.request.method} {response.url.path}: {response.status_code}")
    return response.json() if response.content else None


class Reviewer:
    """The signed-in admin: creates interviews and reads reports."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.headers: dict[str, str] = {}

    async def sign_in(self) -> None:
        """Sign in; the session cookie stays in the client, the CSRF token in our headers."""
        body = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        data = _check(await self.http.post("/api/auth/sign-in", json=body), 200)
        self.headers = {"X-CSRF-Token": data["csrf_token"]}

    async def new_candidate(self, http: httpx.AsyncClient, name: str) -> Candidate:
        """Create an interview and hand its invite to a candidate (on `http`, no cookies)."""
        body = {"scenario_id": SCENARIO, "candidate_name": name, "candidate_email": ""}
        response = await self.http.post("/api/interviews", json=body, headers=self.headers)
        data = _check(response, 201)
        return Candidate(http, data["interview"]["id"], data["invite_token"])

    async def report(self, interview_id: str) -> dict[str, Any]:
        """GET the full report of one interview."""
        response = await self.http.get(f"/api/interviews/{interview_id}/report")
        data: dict[str, Any] = _check(response, 200)
        return data

    async def export(self, interview_id: str) -> dict[str, Any]:
        """GET the session file of one interview."""
        response = await self.http.get(f"/api/interviews/{interview_id}/export")
        data: dict[str, Any] = _check(response, 200)
        return data


@dataclass
class Said:
    """One candidate message and the prospect's reply, timed from the message's first byte."""

    seconds: float  # until the reply's `done` event
    first_token: float | None  # until the first `delta` event
    round_over: bool
    reply_first_token: float | None = None  # from the `message` event (stored), not the request


class Candidate:
    """A candidate using the JSON API with the invite token as a Bearer header."""

    def __init__(self, http: httpx.AsyncClient, interview_id: str, token: str) -> None:
        self.http = http
        self.interview_id = interview_id
        self.base = f"/api/candidate/{interview_id}"
        # Bearer, not cookies: one shared client serves every candidate.
        self.headers = {"Authorization": f"Bearer {token}"}

    async def post(self, path: str, body: Any = None, *expected: int) -> Any:
        """POST to one of this candidate's endpoints."""
        response = await self.http.post(self.base + path, json=body, headers=self.headers)
        return _check(response, *(expected or (200,)))

    async def say(self, text: str) -> Said:
        """Send a message and read the streamed reply to its end (one request, POST /say);
        raise BenchError on any fault."""
        started = time.perf_counter()
        first_token: float | None = None
        stored: float | None = None
        event = ""
        body = {"text": text}
        async with self.http.stream(
            "POST", self.base + "/say", json=body, headers=self.headers
        ) as reply:
            if reply.status_code != 200:
                await reply.aread()
                raise BenchError(f"say: {reply.status_code} {reply.text[:200]}")
            async for line in reply.aiter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                    if event == "message":
                        stored = time.perf_counter() - started
                    elif event == "delta" and first_token is None:
                        first_token = time.perf_counter() - started
                elif line.startswith("data: ") and event == "error":
                    raise BenchError(f"reply error event: {line[6:200]}")
                elif line.startswith("data: ") and event == "done":
                    done = json.loads(line[6:])
                    after_stored = first_token - stored if first_token and stored else None
                    return Said(
                        time.perf_counter() - started, first_token, done["round_over"], after_stored
                    )
        raise BenchError("reply stream ended without a done event")

    async def play_round(self, number: int, lines: Sequence[str]) -> None:
        """Start a round, say the lines (until the prospect ends the call), end it."""
        await self.post("/start", {"round": number})
        for text in lines:
            if (await self.say(text)).round_over:
                return
        await self.post("/end-round", {"round": number})

    async def finish_interview(self, lines: Sequence[str]) -> None:
        """Round 1, self-assessment, round 2: the whole interview."""
        await self.play_round(1, lines)
        await self.post("/self-assessment", {"text": SELF_ASSESSMENT})
        await self.play_round(2, lines)


@dataclass
class LoadResult:
    """What a timed load run measured."""

    seconds: list[float] = field(default_factory=list)
    first_tokens: list[float] = field(default_factory=list)
    reply_first_tokens: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    server_cpu_seconds: float = 0.0  # while the candidates talked (not the set-up)


async def talk_for(
    candidate: Candidate,
    until: float,
    interval: float,
    rng: random.Random,
    result: LoadResult,
) -> None:
    """Say the next line about every `interval` s (jittered ±25 %) until `until` or the end."""
    await asyncio.sleep(rng.uniform(0, interval))  # spread the candidates over the interval
    for text in LINES[1:]:
        if time.monotonic() >= until:
            return
        started = time.monotonic()
        try:
            said = await candidate.say(text)
        except (BenchError, httpx.HTTPError) as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            return
        result.seconds.append(said.seconds)
        if said.first_token is not None and said.reply_first_token is not None:
            result.first_tokens.append(said.first_token)
            result.reply_first_tokens.append(said.reply_first_token)
        if said.round_over:
            return
        pause = interval * rng.uniform(0.75, 1.25) - (time.monotonic() - started)
        await asyncio.sleep(max(0.0, pause))


async def direct_first_token(base_url: str, requests: int, pause: float = 0.0) -> list[float]:
    """Time to the first content chunk asking the model server directly (no service between),
    `pause` s apart (as a candidate pauses, so both pay the same cost of waking from idle)."""
    body = {
        "model": "stub-model",
        "stream": True,
        "messages": [{"role": "user", "content": "Hello?"}],
    }
    times = []
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT) as http:
        for _ in range(requests):
            await asyncio.sleep(pause)
            started = time.perf_counter()
            first: float | None = None
            async with http.stream("POST", "/chat/completions", json=body) as response:
                # Read to the end, so the connection is reused and the stub never sees a cut.
                async for line in response.aiter_lines():
                    if first is None and '"content": "' in line and '"content": ""' not in line:
                        first = time.perf_counter() - started
            if first is not None:
                times.append(first)
    return times


async def run_load(
    base_url: str, interviews: int, seconds: float, interval: float, seed: int = 1, pid: int = 0
) -> LoadResult:
    """`interviews` candidates in round 1 at once, each talking every `interval` s.

    With the server's `pid`, also measures the CPU time it used while they talked.
    """
    async with http_client(base_url, interviews + 4) as http:
        reviewer = Reviewer(http)
        await reviewer.sign_in()
        candidates = await gather_limited(
            [lambda i=i: reviewer.new_candidate(http, f"Bench {i}") for i in range(interviews)], 16
        )
        await gather_limited([lambda c=c: c.post("/start", {"round": 1}) for c in candidates], 16)
        # The opening line is said by everyone before the clock starts, as a warm-up.
        await gather_limited([lambda c=c: c.say(LINES[0]) for c in candidates], 16)
        result = LoadResult()
        rng = random.Random(seed)
        until = time.monotonic() + seconds
        cpu = cpu_seconds(pid) if pid else 0.0
        await asyncio.gather(
            *(talk_for(c, until, interval, random.Random(rng.random()), result) for c in candidates)
        )
        result.server_cpu_seconds = cpu_seconds(pid) - cpu if pid else 0.0
        return result
