"""The scripted prospect with a Swedish scenario: Swedish questions, pitches and meetings."""

from __future__ import annotations

import pytest

from app.catalog.models import Scenario
from tests.roleplay.factories import make_scenario, talk


@pytest.fixture
def swedish() -> Scenario:
    """The Swedish test scenario (patience 2)."""
    return make_scenario("sv", challenge=None)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Vad är era mål för i år?", "goals"),
        ("Vad har ni för målsättningar?", "goals"),
        ("Berätta om bloggen.", "blog"),
        ("Har ni en blogg?", "blog"),
        ("Vad fick er att ladda ner? Varför laddade ni ner det?", "download"),
        ("Och vad har ni testat tidigare?", "blog"),
    ],
)
def test_swedish_questions_reveal_facts(question: str, fact: str, swedish: Scenario) -> None:
    [answer] = talk(swedish, question)
    assert answer.revealed == {fact}


@pytest.mark.parametrize("question", ["Jobbar du på Acme?", "Har du några minuter?"])
def test_swedish_closed_questions_get_brief_answers(question: str, swedish: Scenario) -> None:
    [answer] = talk(swedish, question)
    assert answer.text in swedish.reactions.closed_yes


def test_a_swedish_business_question_with_no_fact(swedish: Scenario) -> None:
    [answer] = talk(swedish, "Använder ni HubSpot i dag?")
    assert answer.text in swedish.reactions.unknown


def test_swedish_small_talk(swedish: Scenario) -> None:
    [answer] = talk(swedish, "Hur är vädret hos er?")
    assert answer.text in swedish.reactions.stay_in_role
    assert answer.events == ("unclear",)


def test_a_swedish_statement_gets_a_nudge(swedish: Scenario) -> None:
    [answer] = talk(swedish, "Jag såg att ni laddade ner vårt whitepaper om mål.")
    assert answer.text in swedish.reactions.nudge
    assert answer.revealed == frozenset()


def test_swedish_pitching_cools_and_ends_the_call(swedish: Scenario) -> None:
    first, second = talk(
        swedish,
        "Vi hjälper företag som ert att växa, och vår plattform är marknadsledande.",
        "Jag har jobbat på HubSpot i tio år och våra kunder älskar oss.",
    )
    assert first.text in swedish.reactions.cool
    assert second.ends_call
    assert second.text in swedish.reactions.exit


def test_swedish_repeat_and_meeting(swedish: Scenario) -> None:
    *_, again, meeting = talk(
        swedish,
        "Vad är era mål?",
        "Vad har ni testat tidigare?",
        "Och målen, vad var de nu igen?",
        "Kan vi boka ett möte nästa vecka?",
    )
    assert again.text.startswith("Som jag sa: ")
    assert meeting.events == ("meeting-accepted",)
