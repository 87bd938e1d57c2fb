"""/metrics: Prometheus text, request timing by route template, reply and LLM error counters."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from app import flows
from app.accounts import list_users
from app.config import Settings
from app.errors import EngineUnavailable
from app.main import create_app
from app.metrics import install_metrics, record_llm_error, record_reply
from app.services import Engines, Services
from tests.api.helpers import SCENARIO, CandidateClient, create_interview, sign_in_admin
from tests.conftest import BASE_URL
from tests.test_flows import FakeEngine, Step

ROOT = Path(__file__).resolve().parents[1]


METRICS_TOKEN = "metrics-" + "t" * 40


@asynccontextmanager
async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"metrics_token": METRICS_TOKEN}))
    install_metrics(app)
    install_metrics(app)  # a second call (e.g. create_app already did it) changes nothing
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield http


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_metrics_are_prometheus_text_with_route_templates(settings: Settings) -> None:
    async with _client(settings) as http:
        await sign_in_admin(http)
        created = await create_interview(http)
        interview_id = created["interview"]["id"]
        candidate = CandidateClient(http, interview_id, created["invite_token"])
        assert (await candidate.post("/start", {"round": 1})).status_code == 200
        await candidate.say("What made you download the whitepaper?")

        response = await http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        openapi = (await http.get("/api/openapi.json")).json()

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)
    reply_count = (
        "coachable_http_request_seconds_count",
        frozenset(
            {
                ("method", "POST"),
                ("route", "/api/candidate/{interview_id}/say"),
                ("status", "200"),
            }
        ),
    )
    assert samples[reply_count] >= 1
    # Ids and invite tokens are in the paths, never in the labels.
    assert interview_id not in response.text
    assert created["invite_token"] not in response.text
    assert "/metrics" not in openapi["paths"]


def test_reply_and_llm_error_counters_add_up() -> None:
    def value(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    replies = value("coachable_replies_total", engine="bench-engine")
    observed = value("coachable_reply_seconds_count", engine="bench-engine")
    errors = value("coachable_llm_errors_total", kind="timeout")

    record_reply("bench-engine", 0.012)
    record_reply("bench-engine", 0.3)
    record_llm_error("timeout")

    assert value("coachable_replies_total", engine="bench-engine") == replies + 2
    assert value("coachable_reply_seconds_count", engine="bench-engine") == observed + 2
    assert value("coachable_llm_errors_total", kind="timeout") == errors + 1


def test_multiprocess_mode_adds_up_every_worker(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    record = "from app.metrics import record_reply; record_reply('scripted', 0.01)"
    for _ in range(2):  # two separate worker processes
        subprocess.run([sys.executable, "-c", record], cwd=ROOT, env=env, check=True)
    show = "from app.metrics import metrics_text; print(metrics_text()[0].decode())"
    out = subprocess.run(
        [sys.executable, "-c", show], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout

    samples = _samples(out)
    assert samples[("coachable_replies_total", frozenset({("engine", "scripted")}))] == 2


async def test_replies_and_llm_failures_are_counted_as_they_happen(services: Services) -> None:
    def value(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    model = FakeEngine(name="llm")
    svc = replace(services, engines=Engines(default=model, scripted=FakeEngine("scripted")))
    replies = value("coachable_replies_total", engine="llm")
    timed = value("coachable_reply_seconds_count", engine="llm")
    dropped = value("coachable_llm_errors_total", kind="dropped")
    reviewer = (await list_users(svc))[0]
    created = await flows.create_interview(svc, reviewer, SCENARIO, "Ada", "ada@example.com")
    interview_id = created.interview.id
    await flows.start_round(svc, interview_id, 1)
    model.steps.extend([Step(("Well,",), fail=True), Step(("Growth, mostly.",))])
    await flows.add_candidate_message(svc, interview_id, "What are your goals?")

    with pytest.raises(EngineUnavailable):
        _ = [event async for event in flows.stream_prospect_reply(svc, interview_id)]
    assert value("coachable_llm_errors_total", kind="dropped") == dropped + 1
    assert value("coachable_replies_total", engine="llm") == replies

    _ = [event async for event in flows.stream_prospect_reply(svc, interview_id)]
    assert value("coachable_replies_total", engine="llm") == replies + 1
    assert value("coachable_reply_seconds_count", engine="llm") == timed + 1
