"""The LLM judge in the service: judged in the background, stored, shown to reviewers only.

The judge is the stub server playing a judge that reads the call honestly but finds less than
the rules do (level 1 everywhere, quoting real words), so every part has a standing opinion and
the strong criteria show a disagreement of two levels or more.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.db import interviews as repo
from app.db import judge as judge_repo
from app.report import report_as_json, score_session
from app.scoring.version import SCORER_VERSION
from app.services import Services
from app.session_file import SessionFile
from tests.api.helpers import CandidateClient, create_interview, sign_in_admin
from tests.api.test_interview_api import ROUND_1, ROUND_2, _keys, _play_round
from tests.judge.helpers import judged_catalog
from tests.llm.judge_stub import GullibleJudge
from tests.llm.openai_stub import OpenAIStub

LOW = {c: 1 for c in ("opening", "goal-discovery", "open-questions", "listening", "preparation")}
LOW |= {"specificity": 1, "balance": 1, "accuracy": 1}


@pytest.fixture
def judge_stub() -> Iterator[OpenAIStub]:
    """The judge's model: the stub server answering as a strict judge."""
    with OpenAIStub(responder=GullibleJudge(honest=LOW), hang_seconds=3.0) as stub:
        yield stub


@pytest.fixture
def settings(
    settings: Settings, judge_stub: OpenAIStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """The judge on for the deployment, and on for the Roberge rubrics in the catalog."""
    monkeypatch.setenv("COACHABLE_CATALOG_DIR", str(judged_catalog(tmp_path / "catalog")))
    return settings.model_copy(
        update={
            "judge_enabled": True,
            "judge_base_url": judge_stub.base_url,
            "judge_model": "stub-judge",
            "judge_retries": 0,
            "judge_timeout": 2.0,
        }
    )


async def play_interview(client: httpx.AsyncClient) -> tuple[str, CandidateClient]:
    """A whole interview as the candidate: both calls, the review, the reply to the coaching."""
    await sign_in_admin(client)
    created = await create_interview(client)
    interview_id = created["interview"]["id"]
    candidate = CandidateClient(client, interview_id, created["invite_token"])
    await _play_round(candidate, ROUND_1, 1)
    answer = "I asked about her goals and leads, but I should have followed up more."
    assert (await candidate.post("/self-assessment", {"text": answer})).status_code == 200
    await _play_round(candidate, ROUND_2, 2)
    return interview_id, candidate


async def report_of(client: httpx.AsyncClient, interview_id: str) -> dict[str, Any]:
    """The reviewer's report JSON."""
    response = await client.get(f"/api/interviews/{interview_id}/report")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def test_every_part_is_judged_stored_and_shown_beside_the_scores(
    client: httpx.AsyncClient, services: Services, judge_stub: OpenAIStub
) -> None:
    interview_id, candidate = await play_interview(client)
    assert services.judge is not None
    await services.judge.drain()
    assert len(judge_stub.requests) == 3  # call 1, the self-assessment, call 2: once each

    data = await report_of(client, interview_id)
    judge = data["judge"]
    assert "at most one level" in judge["combination_rule"]
    assert set(judge["parts"]) == {"round1", "round2", "self_assessment"}
    first = judge["parts"]["round1"]
    assert (first["status"], first["model"], first["prompt_version"]) == (
        "judged",
        "stub-judge",
        "judge-v1",
    )
    rules = data["report"]["rounds"][0]["criteria"]
    for criterion, verdict in first["criteria"].items():
        assert verdict["rule"] == rules[criterion]["score"]
        assert verdict["judge"] == 1
        assert verdict["combined"] == max(1, verdict["rule"] - 1)
        assert verdict["disagreement"] == (verdict["rule"] >= 3)
        assert verdict["quotes"] and verdict["reason"]
    assert first["rule_total"] == data["report"]["rounds"][0]["total"]
    assert first["combined_total"] <= first["rule_total"]
    assert first["tokens"]["prompt"] > 0
    overall = judge["parts"]["self_assessment"]["overall"]
    assert overall["judge"] == 1 and overall["rule"] == data["report"]["self_assessment"]["score"]

    # The scorer's figures are exactly what `coachable score` gives for the exported session.
    exported = await client.get(f"/api/interviews/{interview_id}/export")
    session = SessionFile.model_validate(json.loads(exported.text))
    assert report_as_json(score_session(session, services.catalog)) == data["report"]
    assert data["interview"]["round1_total"] == data["report"]["rounds"][0]["total"]

    # The candidate sees the rule-based coaching and nothing of the judge.
    state = (await candidate.get()).json()
    assert (
        state["coaching"]["improvement"]["name"]
        == data["report"]["coaching"]["improvement"]["name"]
    )
    assert not _keys(state) & {"judge", "combined", "rule_total", "quotes"}

    async with services.sessions() as db:
        stored = {
            r.part: (r.model, r.prompt_version) for r in await judge_repo.results(db, interview_id)
        }
    assert stored == {
        p: ("stub-judge", "judge-v1") for p in ("round1", "round2", "self_assessment")
    }
    assert {p["scorer_version"] for p in judge["parts"].values()} == {SCORER_VERSION}

    page = await client.get(f"/interviews/{interview_id}")
    assert page.status_code == 200
    assert 'id="judge"' in page.text and 'id="judge-disagreements"' in page.text
    assert "Second opinion" in page.text and "combined" in page.text


async def test_the_judge_reads_the_stored_scorecard_and_again_after_a_rescore(
    client: httpx.AsyncClient, services: Services, judge_stub: OpenAIStub
) -> None:
    interview_id, _ = await play_interview(client)
    assert services.judge is not None
    await services.judge.drain()
    before = (await report_of(client, interview_id))["judge"]["parts"]

    # A scorer of another version stores call 1 again, as `coachable rescore --apply` does,
    # with one level moved: the judge is held to what is stored, never to a fresh scoring.
    async with services.sessions.begin() as db:
        card = next(c for c in await repo.scorecards(db, [interview_id]) if c.part == "round1")
        data = copy.deepcopy(card.data)
        opening = next(c for c in data["criteria"] if c["criterion"] == "opening")
        moved = 5 if opening["score"] < 5 else 4
        opening["score"] = moved
        await repo.put_scorecard(db, interview_id, "round1", data, "next")
    # The opinion held to the old scorecard is stale: not shown, and call 1 is judged again.
    await report_of(client, interview_id)
    await services.judge.drain()
    assert len(judge_stub.requests) == 4
    after = (await report_of(client, interview_id))["judge"]["parts"]
    assert after["round1"]["scorer_version"] == "next"
    assert after["round1"]["criteria"]["opening"]["rule"] == moved
    assert after["round1"]["criteria"]["opening"]["combined"] == moved - 1
    assert {p: after[p] for p in ("round2", "self_assessment")} == {
        p: before[p] for p in ("round2", "self_assessment")
    }
    async with services.sessions() as db:
        held = {r.part: r.scorer_version for r in await judge_repo.results(db, interview_id)}
    assert held == {"round1": "next", "round2": SCORER_VERSION, "self_assessment": SCORER_VERSION}


async def test_the_report_is_the_scorer_s_alone_when_the_judge_is_off(
    client: httpx.AsyncClient, services: Services, judge_stub: OpenAIStub
) -> None:
    interview_id, _ = await play_interview(client)
    assert services.judge is not None
    await services.judge.drain()
    with_judge = await report_of(client, interview_id)

    # The same interview read by a service with the judge off: not one figure differs, and
    # the report has no judge at all.
    off = services.settings.model_copy(update={"judge_enabled": False})
    from app.main import create_app

    app = create_app(off)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=str(client.base_url)) as other:
            await sign_in_admin(other)
            without = await report_of(other, interview_id)
    assert "judge" not in without and "judge" in with_judge
    assert {k: v for k, v in with_judge.items() if k != "judge"} == without


async def test_a_failed_judge_is_shown_and_asked_again_on_request(
    client: httpx.AsyncClient, services: Services, judge_stub: OpenAIStub
) -> None:
    for _ in range(3):
        judge_stub.queue_fault("error-500")
    interview_id, _ = await play_interview(client)
    assert services.judge is not None
    await services.judge.drain()
    parts = (await report_of(client, interview_id))["judge"]["parts"]
    assert {p["status"] for p in parts.values()} == {"failed"}
    assert parts["round1"]["failure"] == "server-error"
    page = await client.get(f"/interviews/{interview_id}")
    assert "could not give an opinion" in page.text and "Ask the judge again" in page.text
    # Opening the report again does not hammer a failing model.
    await services.judge.drain()
    assert len(judge_stub.requests) == 3

    asked = await client.post(
        f"/interviews/{interview_id}/judge", data={"csrf_token": client.headers["X-CSRF-Token"]}
    )
    assert asked.status_code == 303
    await services.judge.drain()
    parts = (await report_of(client, interview_id))["judge"]["parts"]
    assert {p["status"] for p in parts.values()} == {"judged"}


async def test_a_missing_judgement_is_asked_for_when_a_reviewer_opens_the_report(
    client: httpx.AsyncClient, services: Services, judge_stub: OpenAIStub
) -> None:
    judge_stub.queue_fault("hang")  # round 1's judgement times out in the background...
    interview_id, _ = await play_interview(client)
    assert services.judge is not None
    await services.judge.drain()
    async with services.sessions.begin() as db:  # ...and say it was never stored at all
        await judge_repo.delete_failed(db, interview_id)
    pending = (await report_of(client, interview_id))["judge"]["parts"]
    assert pending["round1"] is None
    await services.judge.drain()
    assert (await report_of(client, interview_id))["judge"]["parts"]["round1"]["status"] == "judged"


async def test_erasing_the_candidate_erases_the_judge_s_quotes(
    client: httpx.AsyncClient, services: Services
) -> None:
    interview_id, _ = await play_interview(client)
    assert services.judge is not None
    await services.judge.drain()
    assert (await client.delete(f"/api/interviews/{interview_id}")).status_code == 204
    async with services.sessions() as db:
        assert list(await judge_repo.results(db, interview_id)) == []


async def test_practice_is_never_judged(
    client: httpx.AsyncClient, services: Services, judge_stub: OpenAIStub
) -> None:
    from tests.api.helpers import make_user, sign_in
    from tests.api.test_practice_api import _attempt

    email, password = await make_user(services, "rep")
    await sign_in(client, email, password)
    attempt = await _attempt(client, "roberge-inbound-whitepaper", ROUND_1[:2])
    assert services.judge is not None
    await services.judge.drain()
    report = await client.get(f"/api/practice/{attempt}/report")
    assert report.status_code == 200 and "judge" not in report.json()
    assert judge_stub.requests == []


async def test_a_rubric_that_does_not_allow_the_judge_is_never_judged(
    settings: Settings, judge_stub: OpenAIStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.main import create_app

    monkeypatch.delenv("COACHABLE_CATALOG_DIR")  # the shipped rubrics: no `judge:` in them
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        svc: Services = app.state.services
        assert svc.judge is not None
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://coachable.test") as http:
            interview_id, _ = await play_interview(http)
            await svc.judge.drain()
            assert "judge" not in await report_of(http, interview_id)
    assert judge_stub.requests == []
