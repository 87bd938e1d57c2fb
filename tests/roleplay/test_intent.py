"""How the scripted prospect reads a candidate turn."""

from __future__ import annotations

import pytest

from app.language.detect import detect_language
from app.roleplay.intent import (
    Vocabulary,
    compile_phrase,
    phrase_in,
    read_turn,
    stem,
    words_of,
)


def test_contractions_are_spelled_out_but_possessives_are_not() -> None:
    assert words_of("What's HubSpot's plan? I'm sure we're fine, don't worry.") == [
        "what", "is", "hubspot", "plan", "i", "am", "sure", "we", "are", "fine", "do", "not",
        "worry",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (("goal", "goals"), "en"),
        (("download", "downloaded", "downloading", "downloads"), "en"),
        (("try", "tried", "tries"), "en"),
        (("match", "matches"), "en"),
        (("mål", "målen", "målet"), "sv"),
        (("kund", "kunder", "kunderna"), "sv"),
        (("konkurrent", "konkurrenter", "konkurrenten"), "sv"),
    ],
)
def test_inflections_share_a_stem(words: tuple[str, ...], language: str) -> None:
    assert len({stem(w, language) for w in words}) == 1


def _language(text: str) -> str:
    """The language the scenario would be in: the one the text is written in."""
    return detect_language([text], fallback="en")


def _found(phrase: str, text: str, language: str = "en") -> bool:
    compiled = compile_phrase(phrase, language)
    return phrase_in(compiled, Vocabulary([compiled]).found_in(read_turn(text, language).said))


def test_a_phrase_matches_when_all_its_words_appear_in_any_order() -> None:
    assert _found("what made you download", "You downloaded it - what made you?")
    assert not _found("what made you download", "What made you call?")


def test_longer_stems_match_by_prefix_short_ones_exactly() -> None:
    assert _found("whitepaper", "the white paper")
    assert _found("budget", "budgeting for next year")
    assert _found("writing", "who writes")
    assert not _found("seo", "seoul")
    assert not _found("timeline", "is now a good time")
    assert not _found("lead", "leadership")
    assert _found("budget", "budgeten", "sv")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("What are your goals?", "open"),
        ("So Alex, how do you get leads", "open"),
        ("Tell me about the team.", "open"),
        ("I'm curious what the board said.", "open"),
        ("Can you walk me through the process?", "open"),
        ("Your goals for the year?", "closed"),
        ("So the board wants more pipeline?", "closed"),
        ("Since that isn't working, what stops you?", "open"),
        ("mhm and is that working", "closed"),
        ("Trade shows are getting expensive, right?", "closed"),
        ("You'd want results this quarter, wouldn't you?", "closed"),
        ("Can I ask what your budget is?", "open"),
        ("Would you mind telling me about the blog?", "open"),
        ("Interesting, say more about that.", "open"),
        ("Do you have a blog?", "closed"),
        ("Great, and is that the main channel?", "closed"),
        ("What a week it has been.", None),
        ("I saw you downloaded the whitepaper.", None),
        ("Vad är era mål?", "open"),
        ("Berätta om teamet.", "open"),
        ("Har ni en blogg?", "closed"),
        ("Okej, använder ni HubSpot?", "closed"),
        ("Var det du som startade bloggen?", "closed"),
        ("Var hittar kunderna er?", "open"),
        ("Mässorna blir dyrare, eller hur?", "closed"),
        ("Får jag fråga hur budgeten ser ut?", "open"),
        ("Jag såg att ni laddade ner rapporten.", None),
    ],
)
def test_question_kinds(text: str, kind: str | None) -> None:
    assert read_turn(text, _language(text), ["Alex Morgan"]).question == kind


def test_the_most_open_question_of_a_turn_counts() -> None:
    assert read_turn("Do you blog? What did you learn from it?", "en").question == "open"


@pytest.mark.parametrize(
    "text",
    [
        "We help companies like yours get found online.",
        "Our platform does all of that for you.",
        "I've been at HubSpot for six years.",
        "HubSpot is the leading CRM platform.",
        "Let me tell you about what we do.",
        "It's an all-in-one, best-in-class tool.",
        "We basically invented inbound marketing.",
        "Our SEO tool handles that for you.",
        "I graduated last year and I'm super passionate about growth.",
        "Let me share my screen and show you the platform.",
        "Vi har ett migreringsteam som flyttar allt åt er.",
        "Vi hjälper företag att växa.",
        "Vår plattform gör allt det där.",
        "Jag har jobbat på HubSpot i sex år.",
    ],
)
def test_pitches(text: str) -> None:
    assert read_turn(text, _language(text)).pitch


@pytest.mark.parametrize(
    "text",
    [
        "How can we help?",
        "I saw you downloaded our whitepaper.",
        "What does your platform team look like?",
        "Hur kan vi hjälpa er?",
        "You filled in the form for our customer service software, so I'm following up.",
        "You looked at our pricing page yesterday.",
        "What did HubSpot's paper make you think about?",
        "Hi Dana, this is Sam from HubSpot. Is now a good time?",
        "Hej Karin, det är Sam från HubSpot. Har du några minuter?",
    ],
)
def test_not_pitches(text: str) -> None:
    assert not read_turn(text, _language(text)).pitch


@pytest.mark.parametrize(
    "text",
    [
        "Can we book a meeting for next week?",
        "What would be a good next step?",
        "Would you be open to a call on Thursday?",
        "Let's set up 30 minutes to go through it.",
        "Shall I send you a calendar invite?",
        "Kan vi boka ett möte?",
        "Vad är nästa steg?",
    ],
)
def test_meeting_requests(text: str) -> None:
    assert read_turn(text, _language(text)).meeting


@pytest.mark.parametrize(
    "text",
    [
        "Do you have a few minutes?",
        "What came out of the last board meeting?",
        "How much time does your team spend on events?",
    ],
)
def test_not_meeting_requests(text: str) -> None:
    assert not read_turn(text, "en").meeting


def test_questions_and_statements_are_indexed_apart() -> None:
    reading = read_turn("Your team sounds small. What is the budget?", "en")
    found = Vocabulary([frozenset({"team"}), frozenset({"budget"})])
    assert found.found_in(reading.asked) == {"budget"}
    assert found.found_in(reading.said) == {"team", "budget"}


@pytest.mark.parametrize(
    "text",
    [
        "Could we do twenty minutes on Tuesday at 10?",
        "Would Friday morning suit you?",
        "Monday at 11.",
        "Passar onsdag klockan 14?",
    ],
)
def test_offering_a_time_is_a_meeting_request_with_that_time(text: str) -> None:
    reading = read_turn(text, "en")
    assert reading.meeting and reading.slot is not None


def test_a_time_that_tells_what_happened_is_no_offer() -> None:
    assert not read_turn("What did the board say on Monday at 10?", "en").meeting


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("What are you aiming for by December?", {"goal"}),
        ("What's driving the interest?", {"trigger"}),
        ("Who else needs to sign off?", {"decision"}),
        ("Vad fick dig att titta på det här?", {"trigger"}),
        ("How big is the team?", set()),
    ],
)
def test_kinds_of_question(text: str, kinds: set[str]) -> None:
    assert read_turn(text, "en").kinds == kinds


def test_small_talk_availability_and_business_words() -> None:
    assert read_turn("How's the weather in Denver?", "en").small_talk
    assert read_turn("Is now a good time?", "en").availability
    assert read_turn("Do you run webinars?", "en").business
    assert not read_turn("Do you like cats?", "en").business
