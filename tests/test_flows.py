"""The interview flows with fake prospect engines: nothing said is lost, whatever they do."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from app import flows
from app.accounts import UserView
from app.catalog.models import Scenario
from app.db.tables import Interview, utcnow
from app.errors import Conflict, EngineUnavailable, RateLimited
from app.llm import LLMUnavailable
from app.roleplay.engine import ProspectReply
from app.roleplay.transcript import Turn
from app.services import Engines, Services
from tests.api.helpers import SCENARIO, CandidateClient, create_interview, events, sign_in_admin
from tests.roleplay.test_pacing import FakeClock


@dataclass
class Step:
    """One scripted reply: its pieces, and whether the engine fails after them."""

    pieces: tuple[str, ...] = ("Go", "od question. ")
    fail: bool = False
    ends_call: bool = False


@dataclass
class FakeEngine:
    """A ProspectEngine you queue replies and failures into, and whose calls you can inspect."""

    name: str = "llm"
    version: str = "fake-1"
    model: str = "fake-model"
    steps: deque[Step] = field(default_factory=deque)
    seen: list[tuple[Turn, ...]] = field(default_factory=list)

    async def stream(self, scenario: Scenario, turns: Sequence[Turn]) -> AsyncIterator[str]:
        """Yield the next queued reply, failing where the step says."""
        self.seen.append(tuple(turns))
        step = self.steps.popleft() if self.steps else Step()
        for piece in step.pieces:
            yield piece
        if step.fail:
            raise LLMUnavailable("The prospect's line dropped.", "dropped")
        if step.ends_call:
            yield "[END_CALL]"

    def finish(self, scenario: Scenario, turns: Sequence[Turn], text: str) -> ProspectReply:
        """The reply with the end-of-call marker read off."""
        ends = "[END_CALL]" in text
        return ProspectReply(text.replace("[END_CALL]", "").strip(), ends_call=ends)

    def shown(self, text: str) -> str:
        """The text without the end-of-call marker."""
        return text.replace("[END_CALL]", "")


@pytest.fixture
def fake() -> FakeEngine:
    """The engine every scenario plays with in these tests."""
    return FakeEngine()


@pytest.fixture
def backup() -> FakeEngine:
    """The stand-in for the scripted engine."""
    return FakeEngine(name="scripted", version="fake-scripted")


@pytest.fixture
def engines(fake: FakeEngine, backup: FakeEngine) -> Engines:
    """The fake as default, the backup as scripted; no fallback unless a test turns it on."""
    return Engines(default=fake, scripted=backup, llm=fake, fallback_to_scripted=False)


async def _reviewer(services: Services) -> UserView:
    from app.accounts import list_users

    return (await list_users(services))[0]


async def _started(services: Services) -> str:
    created = await flows.create_interview(
        services, await _reviewer(services), SCENARIO, "Ada", "ada@example.com"
    )
    await flows.start_round(services, created.interview.id, 1)
    return created.interview.id


async def _drain(services: Services, interview_id: str) -> list[flows.ReplyEvent]:
    return [e async for e in flows.stream_prospect_reply(services, interview_id)]


async def test_engine_failure_keeps_the_message_and_retry_answers_once(
    services: Services, fake: FakeEngine
) -> None:
    interview_id = await _started(services)
    fake.steps.extend([Step(("Well, our main goal",), fail=True), Step(("Growth, mostly.",))])
    await flows.add_candidate_message(services, interview_id, "What are your goals?", "c1")

    with pytest.raises(EngineUnavailable) as failure:
        await _drain(services, interview_id)
    assert "dropped" in failure.value.detail
    state = await flows.candidate_state(services, interview_id)
    assert [t.speaker for t in state.turns] == ["prospect", "candidate"]
    assert state.awaiting_reply

    retried = await _drain(services, interview_id)
    assert isinstance(retried[-1], flows.ReplyDone)
    assert retried[-1].turn.text == "Growth, mostly."
    state = await flows.candidate_state(services, interview_id)
    assert [t.text for t in state.turns[1:]] == ["What are your goals?", "Growth, mostly."]
    # The retry saw the same conversation: the half reply was never stored.
    assert fake.seen[0] == fake.seen[1]


async def test_fallback_to_scripted_restarts_the_reply(
    services: Services, fake: FakeEngine, backup: FakeEngine
) -> None:
    services = replace(services, engines=replace(services.engines, fallback_to_scripted=True))
    interview_id = await _started(services)
    fake.steps.append(Step(("Half a sen",), fail=True))
    backup.steps.append(Step(("Sure, ask away.",)))
    await flows.add_candidate_message(services, interview_id, "Can I ask a few questions?")

    got = await _drain(services, interview_id)
    kinds = [type(e).__name__ for e in got]
    assert kinds == ["ReplyDelta", "ReplyRestart", "ReplyDelta", "ReplyDone"]
    done = got[-1]
    assert isinstance(done, flows.ReplyDone) and done.turn.text == "Sure, ask away."


async def test_end_call_marker_ends_the_round_and_never_reaches_the_screen(
    services: Services, fake: FakeEngine
) -> None:
    interview_id = await _started(services)
    fake.steps.append(Step(("I have to run, goodbye.",), ends_call=True))
    await flows.add_candidate_message(services, interview_id, "Let me tell you about HubSpot.")
    got = await _drain(services, interview_id)
    shown = "".join(e.text for e in got if isinstance(e, flows.ReplyDelta))
    assert "END_CALL" not in shown
    done = got[-1]
    assert isinstance(done, flows.ReplyDone) and done.round_over
    assert done.status == "self_assessment"
    with pytest.raises(Conflict):
        await flows.add_candidate_message(services, interview_id, "Wait!")


async def test_turn_limit_ends_the_round(services: Services) -> None:
    interview_id = await _started(services)
    scenario = services.catalog.scenario(SCENARIO)
    outcomes = []
    for i in range(scenario.limits.max_candidate_turns):
        await flows.add_candidate_message(services, interview_id, f"Question {i}?")
        done = (await _drain(services, interview_id))[-1]
        assert isinstance(done, flows.ReplyDone)
        outcomes.append((done.round_over, done.status))
    assert outcomes[-1] == (True, "self_assessment")
    assert all(outcome == (False, "round1") for outcome in outcomes[:-1])


async def test_message_after_the_time_limit_ends_the_round(services: Services) -> None:
    interview_id = await _started(services)
    async with services.sessions.begin() as db:
        await db.execute(update(Interview).values(round_started_at=utcnow() - timedelta(hours=3)))
    with pytest.raises(Conflict) as over:
        await flows.add_candidate_message(services, interview_id, "Still there?")
    assert over.value.error == "round-over"
    state = await flows.candidate_state(services, interview_id)
    assert state.status == "self_assessment"
    assert [t.speaker for t in state.turns] == ["prospect"]


async def test_steps_out_of_order_are_refused(services: Services) -> None:
    interview_id = await _started(services)
    with pytest.raises(Conflict):
        await flows.submit_self_assessment(services, interview_id, "Great.")
    with pytest.raises(Conflict):
        await flows.start_round(services, interview_id, 2)
    with pytest.raises(Conflict):
        await _drain(services, interview_id)  # nothing to answer yet
    again = await flows.start_round(services, interview_id, 1)  # a double click is harmless
    assert len(again.turns) == 1


async def test_error_event_over_http_then_retry(
    client: httpx.AsyncClient, fake: FakeEngine
) -> None:
    await sign_in_admin(client)
    created = await create_interview(client)
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    await candidate.post("/start", {"round": 1})
    fake.steps.extend([Step((), fail=True), Step(("Half", " of it"), fail=True), Step()])
    sent = await candidate.post("/messages", {"text": "What prompted the download?"})
    assert sent.status_code == 201

    for expected in (["error"], ["delta", "delta", "error"]):
        failed = await candidate.post("/reply")
        assert failed.status_code == 200
        parsed = events(failed.text)
        assert [name for name, _ in parsed] == expected
        assert parsed[-1][1]["retry"] is True
        assert parsed[-1][1]["error"] == "prospect-unavailable"

    ok = events((await candidate.post("/reply")).text)
    assert ok[-1][0] == "done"
    turns = (await candidate.get()).json()["turns"]
    assert [t["speaker"] for t in turns] == ["prospect", "candidate", "prospect"]


async def test_messages_are_rate_limited_per_interview(services: Services) -> None:
    slow = replace(
        services, settings=services.settings.model_copy(update={"messages_per_minute": 2})
    )
    interview_id = await _started(slow)
    for i in range(2):
        await flows.add_candidate_message(slow, interview_id, f"Question {i}?")
        await _drain(slow, interview_id)
    with pytest.raises(RateLimited):
        await flows.add_candidate_message(slow, interview_id, "One more?")
    state = await flows.candidate_state(slow, interview_id)
    assert state.candidate_turns == 2


async def test_practice_has_no_second_round_and_no_invite(services: Services) -> None:
    rep = await _reviewer(services)
    state = await flows.start_practice(services, rep, SCENARIO)
    assert state.kind == "practice" and state.status == "round1"
    ended = await flows.end_round(services, state.interview_id)
    assert ended.status == "finished" and ended.coaching is not None
    with pytest.raises(Conflict):
        await flows.start_round(services, state.interview_id, 2)
    with pytest.raises(Conflict):
        await flows.revoke_invite(services, state.interview_id, rep)


async def test_reply_for_a_call_ended_meanwhile_is_not_stored(
    services: Services, fake: FakeEngine
) -> None:
    interview_id = await _started(services)
    await flows.add_candidate_message(services, interview_id, "What are your goals?")
    fake.steps.append(Step(("Our goal", " is growth.")))
    replies = aiter(flows.stream_prospect_reply(services, interview_id))
    assert isinstance(await anext(replies), flows.ReplyDelta)
    await flows.end_round(services, interview_id)  # the candidate hangs up mid-reply
    with pytest.raises(Conflict) as ended:
        async for _ in replies:
            pass
    assert ended.value.error == "round-over"
    state = await flows.candidate_state(services, interview_id)
    assert [t.speaker for t in state.turns] == ["prospect", "candidate"]


async def test_the_message_rate_counts_the_last_round_within_the_minute(
    services: Services,
) -> None:
    slow = replace(
        services, settings=services.settings.model_copy(update={"messages_per_minute": 3})
    )
    interview_id = await _started(slow)
    for i in range(2):
        await flows.add_candidate_message(slow, interview_id, f"Question {i}?", f"r1-{i}")
        await _drain(slow, interview_id)
    await flows.end_round(slow, interview_id)
    await flows.submit_self_assessment(slow, interview_id, "I asked about goals too late.")
    await flows.start_round(slow, interview_id, 2)

    # Resent from round 1 (a stale tab): the stored turn, not a new one in round 2.
    again = await flows.add_candidate_message(slow, interview_id, "Question 0?", "r1-0")
    assert (again.round, again.text) == (1, "Question 0?")
    await flows.add_candidate_message(slow, interview_id, "What matters most to you?")
    await _drain(slow, interview_id)
    with pytest.raises(RateLimited):
        await flows.add_candidate_message(slow, interview_id, "And your team?")
    state = await flows.candidate_state(slow, interview_id)
    assert state.round == 2 and state.candidate_turns == 1


async def test_replies_are_paced_when_the_setting_is_on(
    services: Services, fake: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    monkeypatch.setattr("app.roleplay.pacing._sleep", clock.sleep)
    monkeypatch.setattr("app.roleplay.pacing._clock", clock)
    monkeypatch.setattr(services.settings, "reply_pacing", True)
    monkeypatch.setattr(services.settings, "reply_pause_seconds", 1.0)
    interview_id = await _started(services)
    fake.steps.append(Step(("Growth, ", "mostly.")))
    await flows.add_candidate_message(services, interview_id, "Goals?", "c1")
    events = await _drain(services, interview_id)
    assert [e.text for e in events if isinstance(e, flows.ReplyDelta)] == ["Growth, ", "mostly."]
    # A pause before the first word (longer for a longer message), then "Growth, " at 20/s.
    assert [round(w, 3) for w in clock.sleeps] == [1.0 + 0.004 * len("Goals?"), 0.4]


async def test_replies_stream_at_once_when_pacing_is_off(
    services: Services, fake: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    async def no_real_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr("app.roleplay.pacing._sleep", no_real_sleep)
    interview_id = await _started(services)
    fake.steps.append(Step(("Growth.",)))
    await flows.add_candidate_message(services, interview_id, "Goals?", "c1")
    await _drain(services, interview_id)
    assert waits == []


async def test_the_interview_records_which_engine_and_model_played_the_prospect(
    services: Services,
) -> None:
    interview_id = await _started(services)
    view = await flows.get_interview(services, interview_id, await _reviewer(services))
    assert (view.engine_name, view.engine_version, view.engine_model) == (
        "llm",
        "fake-1",
        "fake-model",
    )
    assert view.prospect_played_by == "language model fake-model (prompt fake-1)"
