"""Calibration against how interviewers weigh openings and steering: a plug is not a pitch,
a leading first question is a weak start but still a start, leading follow-ups are steering."""

from __future__ import annotations

from app.catalog.models import Rubric, Scenario
from app.roleplay.transcript import make_turns
from app.scoring.models import RoundScore
from app.scoring.score import score_round

FOLLOW_ON = [
    ("prospect", "Our board wants marketing to source more pipeline."),
    ("candidate", "What does the board want that pipeline to look like?"),
    ("prospect", "Double the qualified leads by December."),
]


def level(rubric: Rubric, scenario: Scenario, opener: str, rest: list[tuple[str, str]]) -> int:
    turns = make_turns([("prospect", "Dana speaking."), ("candidate", opener), *rest])
    result: RoundScore = score_round(rubric, turns, scenario)
    found = result.criterion("opening")
    assert found is not None
    return found.score


def test_a_one_line_plug_before_the_question_sits_between_a_pitch_and_a_clean_start(
    rubric: Rubric, scenario: Scenario
) -> None:
    clean = "Hi Dana, Sam from HubSpot. What made you download the whitepaper?"
    plug = (
        "Hi Dana, Sam from HubSpot. We're the inbound platform a lot of security companies use. "
        "So tell me, what made you download the whitepaper?"
    )
    pitch = (
        "Hi Dana, Sam from HubSpot. HubSpot is the leading inbound marketing platform with over "
        "two hundred thousand customers, we invented the category, our CRM, SEO tools, landing "
        "pages, email and social publishing all live in one place, and our customers see three "
        "times more leads in a year, and we have a services team that builds your first "
        "campaigns. So tell me, what made you download the whitepaper?"
    )
    levels = [level(rubric, scenario, text, FOLLOW_ON) for text in (clean, plug, pitch)]
    assert levels[0] > levels[1] > levels[2]
    assert levels[1] in (3, 4)


def test_a_leading_first_question_is_a_weak_start_not_a_pitch(
    rubric: Rubric, scenario: Scenario
) -> None:
    leading = "Hi Dana, Sam from HubSpot. You'd want more leads, wouldn't you?"
    open_ = "Hi Dana, Sam from HubSpot. What made you download the whitepaper?"
    assert level(rubric, scenario, leading, FOLLOW_ON) == 3
    assert level(rubric, scenario, open_, FOLLOW_ON) == 5


def _listening(rubric: Rubric, scenario: Scenario, follow_ups: list[str]) -> int:
    lines: list[tuple[str, str]] = [
        ("prospect", "Dana speaking."),
        ("candidate", "Hi Dana, Sam from HubSpot. What made you download the whitepaper?"),
        ("prospect", "Our board wants pipeline, and trade shows are getting expensive."),
    ]
    answers = [
        "About $400 a lead now, and the leads dry up between shows.",
        "Hookline ranks first for everything our buyers search for.",
        "We tried a blog, eleven posts, then it died.",
    ]
    for question, answer in zip(follow_ups, answers, strict=True):
        lines += [("candidate", question), ("prospect", answer)]
    found = score_round(rubric, make_turns(lines), scenario).criterion("listening")
    assert found is not None
    return found.score


def test_leading_follow_ups_steer_instead_of_listening(rubric: Rubric, scenario: Scenario) -> None:
    neutral = [
        "Expensive how? What do trade shows cost you per lead today?",
        "What happens when buyers search and find Hookline first?",
        "What happened with the blog after those eleven posts?",
    ]
    steering = [
        "That must be painful, right?",
        "I imagine that's frustrating, watching them take those deals?",
        "What happened with the blog after those eleven posts?",
    ]
    assert _listening(rubric, scenario, steering) < _listening(rubric, scenario, neutral)


def test_a_courtesy_question_inside_a_pitch_earns_no_plug_allowance(
    rubric: Rubric, scenario: Scenario
) -> None:
    pitch = (
        "Hi Dana, Brad from HubSpot, how are you doing today? Great. So a little about me: I've "
        "been at HubSpot for five years and I've helped dozens of security companies grow. "
        "HubSpot is the leading inbound platform, our customers see three times more leads, and "
        "we have every tool you need in one place."
    )
    assert level(rubric, scenario, pitch, FOLLOW_ON) <= 2
