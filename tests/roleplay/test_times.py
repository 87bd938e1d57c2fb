"""Times a meeting is proposed for, in English and Swedish."""

from __future__ import annotations

import pytest

from app.roleplay.times import Slot, find_slot, other_time


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Could we do twenty minutes on Tuesday at 10?", "Tuesday at 10"),
        ("How about Wednesday at 3pm?", "Wednesday at 3"),
        ("Can I put something in for Thursday morning?", "Thursday morning"),
        ("Sunday at 7am?", "Sunday at 7am"),
        ("Passar onsdag klockan 14?", "onsdag klockan 14"),
        ("Funkar torsdag kl 9.30?", "torsdag klockan 9.30"),
        ("Okay, put thirty minutes in my calendar next week.", "next week"),
    ],
)
def test_a_time_is_read_and_said_back(text: str, said: str) -> None:
    slot = find_slot(text)
    assert slot is not None
    language = "sv" if "klockan" in said else "en"
    assert slot.say(language) == said


def test_no_time_in_a_line_without_one() -> None:
    assert find_slot("What happened with the blog?") is None
    assert find_slot("We have 40 people.") is None


def test_which_mentions_can_name_the_same_meeting() -> None:
    tuesday_10 = find_slot("Tuesday at 10")
    assert tuesday_10 is not None
    assert tuesday_10.fits(Slot(day="tue", part="morning"))
    assert not tuesday_10.fits(Slot(day="tue", part="afternoon"))
    assert not tuesday_10.fits(Slot(day="thu"))
    assert not tuesday_10.fits(Slot(relative="tomorrow", hour=10))
    assert Slot(day="thu", part="afternoon").merged(Slot(hour=14)) == Slot(
        day="thu", hour=14, part="afternoon"
    )


def test_a_weekend_or_out_of_hours_time_is_unusual_and_gets_another_offered() -> None:
    saturday = Slot(day="sat", hour=9)
    assert saturday.unusual and not Slot(day="mon", hour=10).unusual
    assert Slot(day="tue", hour=6).unusual
    assert other_time(saturday) == Slot(day="mon", hour=10)
    assert other_time(Slot(day="tue", hour=19)) == Slot(day="tue", hour=10)
