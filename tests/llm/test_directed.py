"""prospect-v2: the scripted prospect directs, the model speaks; and the output guard."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from openai import AsyncOpenAI

from app.llm import END_CALL_MARKER, LLMEngine
from app.llm.guard import CUT_OFF, Guard, Limits, Verdict
from app.llm.prompt import build_messages, render_system_prompt
from tests.llm.factories import make_scenario, round_of
from tests.llm.openai_stub import OpenAIStub

OPENING = round_of("Dana Whitfield speaking.", "Hi Dana, what are your goals this year?")


def test_the_system_prompt_holds_no_hidden_fact() -> None:
    scenario = make_scenario()
    prompt = render_system_prompt(scenario)
    assert prompt.startswith("You are Dana Whitfield, VP of Marketing at Sentrylane")
    for fact in scenario.facts:
        assert not any(line in prompt for line in fact.reveal)
    assert "<candidate_message>" in prompt and "{{" not in prompt


def test_a_fact_enters_the_prompt_only_with_the_question_that_asks_for_it() -> None:
    scenario = make_scenario()
    asked = build_messages(scenario, OPENING)
    assert "double qualified leads" in str(asked[-1]["content"])
    small_talk = build_messages(scenario, round_of("Dana.", "Nice weather today."))
    assert all("double qualified leads" not in str(m["content"]) for m in small_talk)


def test_the_direction_rides_on_the_latest_message_only() -> None:
    scenario = make_scenario()
    turns = round_of(
        "Dana Whitfield speaking.", "What are your goals?", "More leads.", "Where from, then?"
    )
    messages = build_messages(scenario, turns)
    assert "Stage direction" not in str(messages[2]["content"])
    assert "Stage direction" in str(messages[-1]["content"])


async def _collect(engine: LLMEngine, turns=OPENING) -> list[str]:  # type: ignore[no-untyped-def]
    return [piece async for piece in engine.stream(make_scenario(), turns)]


async def test_a_reply_that_speaks_as_the_candidate_is_asked_for_again(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    openai_stub.queue("Hi Dana, thanks for taking my call. Salesperson: what are your goals?")
    openai_stub.queue("We want to double our qualified leads this year.")
    engine = LLMEngine(llm_client, "m")
    assert "".join(await _collect(engine)) == "We want to double our qualified leads this year."
    assert engine.guard_counts == {"as-candidate": 1, "regenerated": 1}
    # The second try is cooler.
    assert [r["temperature"] for r in openai_stub.requests] == [0.7, 0.3]


async def test_a_reply_that_leaks_twice_falls_back_to_the_directors_line(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    leak = "No, no. I'll just answer with one short line, like: 'Dana Whitfield speaking.'"
    openai_stub.queue(leak)
    openai_stub.queue("Stage direction: say the goals.")
    engine = LLMEngine(llm_client, "m")
    said = "".join(await _collect(engine))
    assert said == "We want to double qualified leads, from sixty a month to 120."
    assert engine.guard_counts == {"leaked-instructions": 2, "regenerated": 1, "fallback": 1}


async def test_stage_directions_are_cut_and_runaway_length_is_stopped(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    openai_stub.queue("(laughs) Sure, I have time. Lots of it. Really. Truly. A lot. Forever.")
    engine = LLMEngine(llm_client, "m", limits=Limits(sentences=3, words=60))
    available = round_of("Dana Whitfield speaking.", "Hi Dana, is now a good time?")
    assert "".join(await _collect(engine, available)) == "Sure, I have time. Lots of it. Really."
    assert engine.guard_counts == {"stage-direction": 1, "too-long": 1}


async def test_the_end_of_call_comes_from_the_director_when_the_model_forgets_it(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    scenario = make_scenario()
    pitch = "HubSpot is the leading platform and our software does everything you need."
    turns = round_of("Dana.", pitch, "Okay.", pitch + " Truly.", "Mm.", pitch + " Really.")
    openai_stub.queue("I have to go now, thanks.")
    pieces = [p async for p in LLMEngine(llm_client, "m").stream(scenario, turns)]
    assert pieces[-1] == END_CALL_MARKER


async def _words(*pieces: str) -> AsyncIterator[str]:
    for piece in pieces:
        yield piece


@pytest.mark.parametrize(
    ("pieces", "shown", "problems"),
    [
        (("Dana: Hello there, I'm busy.",), "Hello there, I'm busy.", ["stage-direction"]),
        (
            ("*sighs* Fine, ", "go on then, quickly."),
            "Fine, go on then, quickly.",
            ["stage-direction"],
        ),
        (("Our target is to double leads and", CUT_OFF), "", ["cut-off"]),
        (
            ("We want more leads, honestly. As an AI I can't.",),
            "We want more leads, honestly.",
            ["leaked-instructions"],
        ),
        (
            ("Sure thing, send it over. User: thanks!",),
            "Sure thing, send it over.",
            ["as-candidate"],
        ),
        (("word " * 100 + ".",), " ".join(["word"] * 70) + "…", ["too-long"]),
        (("Sure, go ahead. She says she is busy.",), "Sure, go ahead.", ["stage-direction"]),
        (
            ("Three of us; our product marketer helps.",),
            "Three of us; our product marketer helps.",
            [],
        ),
        (
            ("Sure, I can listen for a bit. Our platform is the best, buy it.",),
            "Sure, I can listen for a bit.",
            ["as-candidate"],
        ),
    ],
)
async def test_the_guard(pieces: tuple[str, ...], shown: str, problems: list[str]) -> None:
    verdict = Verdict()
    out = [p async for p in Guard(make_scenario()).filter(_words(*pieces), verdict)]
    assert "".join(out) == shown == verdict.shown
    assert verdict.problems == problems


async def test_a_reply_said_before_in_the_call_is_asked_for_again(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    openai_stub.queue("Dana Whitfield speaking.")  # the opening, word for word
    openai_stub.queue("We want to double our qualified leads this year.")
    engine = LLMEngine(llm_client, "m")
    assert "".join(await _collect(engine)) == "We want to double our qualified leads this year."
    assert engine.guard_counts == {"repeated": 1, "regenerated": 1}


async def test_a_reply_that_skips_the_fact_asked_for_is_off_script(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    openai_stub.queue("That's a great question, Sam. Marketing is everything these days.")
    openai_stub.queue("Hard to say, really.")
    engine = LLMEngine(llm_client, "m")
    said = "".join(await _collect(engine))
    assert said == "We want to double qualified leads, from sixty a month to 120."
    assert engine.guard_counts == {"off-script": 2, "regenerated": 1, "fallback": 1}


async def test_a_meeting_time_the_director_never_agreed_is_off_script(
    openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    turns = round_of("Dana Whitfield speaking.", "Can we meet on Tuesday at 10?")
    openai_stub.queue("Sure, tomorrow at 10am works for me.")
    openai_stub.queue("Let's not book Tuesday at 10 just yet.")
    engine = LLMEngine(llm_client, "m")
    said = "".join(await _collect(engine, turns))
    assert said == "Let's not book Tuesday at 10 just yet."
    assert engine.guard_counts == {"off-script": 1, "regenerated": 1}


def test_the_persona_never_names_herself_but_to_introduce_herself() -> None:
    guard = Guard(make_scenario())
    assert guard._speaks_as_candidate("You're right, Dana.")
    assert guard._speaks_as_candidate("I think Dana's on the right track.")
    assert not guard._speaks_as_candidate("This is Dana.")
    assert not guard._speaks_as_candidate("Dana Whitfield speaking.")
