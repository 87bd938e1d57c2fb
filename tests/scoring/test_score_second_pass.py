"""Round scores on real text: answers versus lectures, cold calls, calls without a scenario and
the unrounded levels behind each score."""

from __future__ import annotations

import pytest

from app.catalog.models import Rubric, Scenario
from app.roleplay.transcript import make_turns
from app.scoring.models import RoundScore
from app.scoring.score import score_round

SEO_ANSWER = (
    "Sure. Google tries to send each searcher to the page that best answers their question, "
    "and it trusts pages that other reputable sites link to. So if you write clear guides on "
    "the questions your buyers already type in, and a few security sites reference them, new "
    "people find you over the following months."
)
LONG_PLAIN_ANSWER = SEO_ANSWER + (
    " The words matter less than whether the page really answers the question, so start from "
    "what your sales team hears every week, write one honest guide per question, and link "
    "them to each other so a reader can go deeper. It is slow at first and then it compounds."
)
PITCH = (
    "Great, so HubSpot is the number one inbound platform, with a CRM, SEO tools, email, social "
    "publishing and analytics in one place, and our customers see three times more leads within "
    "a year, which is why thousands of companies like yours use us every single day."
)


def scored(rubric: Rubric, lines: list[tuple[str, str]], scenario: Scenario | None) -> RoundScore:
    return score_round(rubric, make_turns(lines), scenario)


def level(result: RoundScore, criterion: str) -> int:
    found = result.criterion(criterion)
    assert found is not None
    return found.score


def round_with(reply: str) -> list[tuple[str, str]]:
    """A curious round where one candidate turn answers (or ignores) the prospect's question."""
    return [
        ("prospect", "Dana speaking."),
        ("candidate", "Hi Dana, Sam from HubSpot. What made you download the inbound guide?"),
        ("prospect", "Trade shows are getting expensive and the board wants more pipeline."),
        ("candidate", "How much of that pipeline comes from trade shows today?"),
        ("prospect", "Most of it. Honestly, how does SEO actually work?"),
        ("candidate", reply),
        ("prospect", "Phishing training, mostly."),
        ("candidate", "And what happens to those questions today?"),
        ("prospect", "Sales answers them one by one in long emails."),
    ]


def test_a_long_plain_answer_to_their_question_is_not_a_monologue(
    rubric: Rubric, scenario: Scenario
) -> None:
    answered = scored(rubric, round_with(LONG_PLAIN_ANSWER + " What do buyers ask you?"), scenario)
    pitched = scored(rubric, round_with(PITCH + " What do buyers ask you?"), scenario)
    # Not a monologue: the round still listens as well as its follow-ups earn (one, here).
    assert level(answered, "listening") >= 3
    assert level(pitched, "listening") < level(answered, "listening")


def test_a_lecture_that_never_hands_back_costs_preparation(
    rubric: Rubric, scenario: Scenario
) -> None:
    handed_back = scored(rubric, round_with(LONG_PLAIN_ANSWER + " What do buyers ask?"), scenario)
    lecture = scored(rubric, round_with(LONG_PLAIN_ANSWER + " " + LONG_PLAIN_ANSWER), scenario)
    assert level(lecture, "preparation") < level(handed_back, "preparation")


def test_a_guess_is_not_an_explanation(rubric: Rubric, scenario: Scenario) -> None:
    guess = (
        "Um, so it's about Google, and links from other websites help too, I think. Sorry, I'm "
        "not an expert on the search side. What do your buyers ask you?"
    )
    sure = scored(rubric, round_with(SEO_ANSWER + " What do your buyers ask you?"), scenario)
    unsure = scored(rubric, round_with(guess), scenario)
    assert level(unsure, "preparation") < level(sure, "preparation")


COLD_CALL = [
    ("prospect", "Yeah, hello?"),
    (
        "candidate",
        "Hi, is this Priya? It's Ben from Fieldwise, I know I'm calling out of the blue, can I "
        "have thirty seconds to tell you why I called, and then you decide if we keep going?",
    ),
    ("prospect", "Uh, sure, thirty seconds."),
    (
        "candidate",
        "We help facilities teams get maintenance requests out of email, and we just finished a "
        "project with a plant about your size that cut response times roughly in half.",
    ),
    ("prospect", "Okay. We do have a system for that, though."),
    ("candidate", "Fair enough. What are you using today, and how is it working?"),
    ("prospect", "Half the requests still come in by email or someone walks up to my desk."),
    ("candidate", "So when that happens, what does it cost you when something gets missed?"),
    ("prospect", "Last month a compressor went down because a leak report got lost."),
    ("candidate", "Ouch. How did that land with your plant manager?"),
    ("prospect", "He wants a better process by the end of the quarter."),
]


def test_a_permission_based_cold_call_opens_fairly(rubric: Rubric) -> None:
    result = scored(rubric, COLD_CALL, None)
    assert 3 <= level(result, "opening") <= 4
    unasked = [COLD_CALL[0], ("candidate", COLD_CALL[3][1]), *COLD_CALL[4:]]
    assert level(scored(rubric, unasked, None), "opening") < level(result, "opening")


def test_without_a_scenario_discovery_reads_general_questions(rubric: Rubric) -> None:
    result = scored(rubric, COLD_CALL, None)
    assert level(result, "goal-discovery") >= 4
    preparation = result.criterion("preparation")
    assert preparation is not None and preparation.assessed is False


def test_a_seo_question_in_other_words_is_judged_on_the_explanation(
    rubric: Rubric, scenario: Scenario
) -> None:
    # Neither the prospect's wording nor the answer's is the scenario's own: its challenge
    # topic recognises the question, its ideas the explanation.
    plain = scored(rubric, round_with(SEO_ANSWER + " What do your buyers ask?"), scenario)
    dodge = scored(rubric, round_with("Our SEO tool takes care of all of that for you."), scenario)
    assert level(plain, "preparation") >= 4
    assert level(dodge, "preparation") <= 2


def test_without_a_scenario_there_is_no_hard_question_to_judge(rubric: Rubric) -> None:
    # What the hard question is about is the scenario's knowledge, not the language's.
    found = scored(rubric, round_with(SEO_ANSWER), None).criterion("preparation")
    assert found is not None and not found.assessed


def test_discovery_without_goal_questions_stays_shallow(rubric: Rubric, scenario: Scenario) -> None:
    facts_only = [
        ("prospect", "Dana speaking."),
        ("candidate", "Hi Dana, Sam from HubSpot. Which tools does your team use?"),
        ("prospect", "A basic email tool and spreadsheets."),
        ("candidate", "How many people are on the marketing team?"),
        ("prospect", "Three of us."),
        ("candidate", "Where do most of your leads come from?"),
        ("prospect", "Trade shows."),
        ("candidate", "Who else looks at the marketing numbers?"),
        ("prospect", "The CEO."),
    ]
    result = scored(rubric, facts_only, scenario)
    assert level(result, "goal-discovery") <= 3


@pytest.mark.parametrize("reply", [SEO_ANSWER + " What do buyers ask?", PITCH, "Not sure."])
def test_raw_levels_are_continuous_and_round_to_the_score(
    rubric: Rubric, scenario: Scenario, reply: str
) -> None:
    for criterion in scored(rubric, round_with(reply), scenario).criteria:
        assert 1.0 <= criterion.raw <= 5.0
        assert int(criterion.raw + 0.5) == criterion.score


def test_raw_separates_rounds_with_the_same_rounded_level(rubric: Rubric) -> None:
    def opening_after(words: int) -> float:
        preamble = " ".join(["Thanks for taking the call, I appreciate your time today."] * words)
        lines = [
            ("prospect", "Dana speaking."),
            ("candidate", f"Hi Dana, Sam from HubSpot. {preamble} What made you download it?"),
            ("prospect", "The board wants more pipeline."),
        ]
        found = scored(rubric, lines, None).criterion("opening")
        assert found is not None
        return found.raw

    assert opening_after(1) > opening_after(3)


def test_three_questions_in_the_first_breath_open_less_well(rubric: Rubric) -> None:
    def opening(first: str) -> int:
        lines = [
            ("prospect", "Dana speaking."),
            ("candidate", first),
            ("prospect", "The board wants more pipeline from marketing."),
        ]
        return level(scored(rubric, lines, None), "opening")

    single = "Hi Dana, Omar from HubSpot. What made you download the whitepaper?"
    stacked = (
        "Hi Dana, Omar from HubSpot. What made you download the whitepaper, and what are you "
        "hoping inbound could do, and is there a deadline on this?"
    )
    assert opening(stacked) < opening(single)
