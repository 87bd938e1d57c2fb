"""Reading a model's reply: the end marker, paraphrased facts, and events."""

from __future__ import annotations

from app.llm.reply import END_CALL_MARKER, clean_reply, describe_reply, says_like, split_marker
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
