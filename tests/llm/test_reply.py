"""Reading a model's reply: the end marker, paraphrased facts, and events."""

from __future__ import annotations

import pytest

from app.catalog.loader import load_catalog
from app.catalog.models import Scenario
from app.llm.reply import (
    END_CALL_MARKER,
    clean_reply,
    describe_reply,
    revealed_facts,
    says_like,
    split_marker,
)
from tests.llm.factories import make_scenario


def test_clean_reply_removes_the_marker_and_tidies_spaces() -> None:
    assert clean_reply(f"Thanks, bye now. {END_CALL_MARKER}") == "Thanks, bye now."
    assert clean_reply(END_CALL_MARKER) == ""
    assert clean_reply("Nothing to strip  here.") == "Nothing to strip  here."


def test_split_marker_holds_back_only_a_possible_marker_start() -> None:
    assert split_marker("Bye then. [END_") == ("Bye then. ", "[END_")
    assert split_marker("Bye then. [") == ("Bye then. ", "[")
    assert split_marker("A list [1] of things") == ("A list [1] of things", "")
    assert split_marker("Plain text") == ("Plain text", "")


def test_says_like_matches_a_paraphrase_but_not_shared_small_talk() -> None:
    line = "Trade shows and cold outbound; a lead costs us about $400 now."
    assert says_like("Mostly cold outbound and trade shows, and each lead costs $400.", [line])
    assert not says_like("We are a busy team, so thanks for calling about the whitepaper.", [line])


def test_says_like_needs_two_content_words_even_for_long_lines() -> None:
    line = "We already pay an agency for our content marketing."
    assert not says_like("Marketing is my job.", [line])


def test_a_paraphrased_fact_is_revealed() -> None:
    reply = describe_reply(
        make_scenario(), "Honestly, the goal is to double our qualified leads, sixty to 120."
    )
    assert reply.revealed == frozenset({"goals"})
    assert not reply.ends_call


def test_small_talk_reveals_nothing() -> None:
    reply = describe_reply(make_scenario(), "Dana speaking. Who is this?")
    assert reply.revealed == frozenset()
    assert reply.events == ()


def test_the_challenge_question_is_an_event_only_when_asked() -> None:
    scenario = make_scenario()
    asked = describe_reply(scenario, "Fine. But how does SEO even work, actually?")
    stated = describe_reply(scenario, "SEO work is something our agency handles.")
    assert "challenge" in asked.events
    assert "challenge" not in stated.events


def test_objection_and_end_of_call_are_read_from_the_reply() -> None:
    text = f"Look, we already pay an agency for content. I have to go. {END_CALL_MARKER}"
    reply = describe_reply(make_scenario(), text)
    assert reply.events == ("objection:agency", "exit")
    assert reply.ends_call
    assert reply.text == "Look, we already pay an agency for content. I have to go."


def test_swedish_word_forms_compare_equal() -> None:
    line = "Styrelsen vill att marknadsavdelningen skapar fler kvalificerade leads."
    assert says_like("Jo, styrelsen vill ha fler kvalificerade leads från oss.", [line])


# --------------------------------------------------------------------------- the shipped scenarios

CATALOG = load_catalog()
WHITEPAPER = CATALOG.scenario("roberge-inbound-whitepaper")


def _chatter(scenario: Scenario) -> list[str]:
    """Everything the prospect may say that is not a hidden fact."""
    r = scenario.reactions
    lines = [*scenario.opening, *r.cool, *r.exit, *r.nudge, *r.unknown, *r.closed_yes]
    lines += [*r.stay_in_role, *r.accept_meeting, *r.decline_meeting]
    lines += [line for objection in scenario.objections for line in objection.lines]
    if scenario.challenge:
        lines += [*scenario.challenge.questions, *scenario.challenge.satisfied]
        lines += scenario.challenge.unsatisfied
    return lines


@pytest.mark.parametrize("scenario", CATALOG.scenarios.values(), ids=lambda s: s.id)
def test_every_reveal_line_gives_away_its_fact(scenario: Scenario) -> None:
    for fact in scenario.facts:
        for line in fact.reveal:
            assert fact.id in revealed_facts(scenario, line), line


@pytest.mark.parametrize("scenario", CATALOG.scenarios.values(), ids=lambda s: s.id)
def test_nothing_but_a_fact_gives_a_fact_away(scenario: Scenario) -> None:
    for line in _chatter(scenario):
        assert revealed_facts(scenario, line) == frozenset(), line


@pytest.mark.parametrize("scenario", CATALOG.scenarios.values(), ids=lambda s: s.id)
def test_the_scenario_lines_for_events_are_recognised(scenario: Scenario) -> None:
    if scenario.challenge:
        for question in scenario.challenge.questions:
            assert "challenge" in describe_reply(scenario, question).events
    for objection in scenario.objections:
        for line in objection.lines:
            assert f"objection:{objection.id}" in describe_reply(scenario, line).events


@pytest.mark.parametrize(
    ("fact", "paraphrase"),
    [
        ("why-downloaded", "The board wants marketing to bring in pipeline, so I grabbed it."),
        ("goals", "My target is 120 qualified leads a month by year end; we're at sixty."),
        ("lead-sources", "Events and outbound, and the cost per lead has doubled in two years."),
        ("team", "My team is three people, and no one is a content writer."),
        ("tried-blog", "We had a blog once. Traffic was tiny and it died after a few months."),
        ("competitor-search", "Our competitor Hookline Security outranks us on Google."),
        ("timeline-budget", "Budget planning starts next month, I need a plan for the CEO."),
        ("decision-process", "The CEO signs off on big spends and the CFO reviews contracts."),
    ],
)
def test_a_model_paraphrase_still_gives_the_fact_away(fact: str, paraphrase: str) -> None:
    assert revealed_facts(WHITEPAPER, paraphrase) == {fact}


@pytest.mark.parametrize(
    ("reply", "events"),
    [
        ("Hold on. How does SEO work, and why would a blog bring us buyers?", ("challenge",)),
        ("SEO? Our agency says it works. Anyway, what do you need from me?", ()),
        ("Honestly, we blogged before and nobody read it.", ("objection:tried-blogging",)),
        ("Can you just email me something?", ("objection:send-info",)),
        ("Sure, send me an invite for Tuesday.", ()),
    ],
)
def test_paraphrased_events_are_recognised(reply: str, events: tuple[str, ...]) -> None:
    assert describe_reply(WHITEPAPER, reply).events == events
