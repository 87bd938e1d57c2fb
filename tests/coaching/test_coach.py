"""One strength and one improvement, each quoting the candidate."""

from __future__ import annotations

import pytest

from app.catalog.loader import Catalog
from app.catalog.models import Rubric
from app.coaching.coach import coach_on, pick_coaching, pick_quote
from app.roleplay.transcript import make_turns
from tests.coaching.scorecards import scorecard

TURNS = make_turns(
    [
        ("prospect", "Dana speaking."),
        (
            "candidate",
            "Hi Dana, this is Sam. HubSpot is the leading inbound marketing platform, trusted "
            "by thousands of companies around the world. What made you download the guide?",
        ),
        ("prospect", "The board wants more pipeline from marketing."),
        ("candidate", "You mentioned the board. What number did they give you?"),
        ("prospect", "Double the leads."),
        ("candidate", "Is that this year?"),
    ]
)


def test_best_and_worst_criteria_with_quotes(rubric: Rubric) -> None:
    card = scorecard(
        rubric,
        {"opening": 2, "listening": 5, "goal-discovery": 4},
        evidence={"opening": (1,), "listening": (3,)},
    )
    coaching = pick_coaching(rubric, card, TURNS)
    strength, improvement = coaching.strength, coaching.improvement
    assert (strength.criterion, improvement.criterion) == ("listening", "opening")
    assert strength.turn == 3 and strength.quote == "What number did they give you?"
    assert improvement.turn == 1
    assert improvement.quote.startswith("HubSpot is the leading inbound marketing platform")
    assert strength.name == "Listening" and improvement.name == "Opening"
    opening = rubric.criterion("opening")
    assert opening is not None
    assert improvement.message.startswith("Measured opening.")
    assert opening.coaching.improvement in improvement.message


def test_strength_ties_go_to_weight_then_evidence_then_rubric_order(rubric: Rubric) -> None:
    everything_four = {c.id: 4 for c in rubric.criteria}
    assert pick_coaching(rubric, scorecard(rubric, everything_four), TURNS).strength.criterion == (
        "goal-discovery"
    )
    no_discovery = {**everything_four, "goal-discovery": 3}
    more_evidence = scorecard(rubric, no_discovery, evidence={"listening": (1, 3, 5)})
    assert pick_coaching(rubric, more_evidence, TURNS).strength.criterion == "listening"
    assert pick_coaching(rubric, scorecard(rubric, no_discovery), TURNS).strength.criterion == (
        "opening"
    )


def test_improvement_ties_go_to_weight_then_earlier_in_the_call(rubric: Rubric) -> None:
    levels = {"opening": 2, "listening": 2, "goal-discovery": 5, "preparation": 4}
    late_opening = scorecard(rubric, levels, evidence={"opening": (5,), "listening": (3,)})
    early_opening = scorecard(rubric, levels, evidence={"opening": (1,), "listening": (3,)})
    assert pick_coaching(rubric, early_opening, TURNS).improvement.criterion == "opening"
    assert pick_coaching(rubric, late_opening, TURNS).improvement.criterion == "listening"
    heavy = scorecard(rubric, {**levels, "goal-discovery": 2, "open-questions": 5})
    assert pick_coaching(rubric, heavy, TURNS).improvement.criterion == "goal-discovery"


def test_strength_and_improvement_always_differ(rubric: Rubric) -> None:
    flat = scorecard(rubric, {c.id: 3 for c in rubric.criteria})
    coaching = pick_coaching(rubric, flat, TURNS)
    assert coaching.strength.criterion != coaching.improvement.criterion


def test_unassessed_criterion_is_not_coached(rubric: Rubric) -> None:
    levels = {c.id: 4 for c in rubric.criteria} | {"preparation": 3}
    card = scorecard(rubric, levels, unassessed=("preparation",))
    coaching = pick_coaching(rubric, card, TURNS)
    assert "preparation" not in (coaching.strength.criterion, coaching.improvement.criterion)


def test_round_without_candidate_turns_still_coaches(rubric: Rubric) -> None:
    card = scorecard(
        rubric,
        {c.id: 1 for c in rubric.criteria},
        evidence=dict.fromkeys((c.id for c in rubric.criteria), ()),
    )
    coaching = pick_coaching(rubric, card, make_turns([("prospect", "Hello?")]))
    for point in (coaching.strength, coaching.improvement):
        assert point.quote == "" and point.turn is None
        assert "no candidate turns" in point.message
    assert coaching.strength.criterion != coaching.improvement.criterion


def test_evidence_on_a_prospect_turn_quotes_the_candidate_before_it(rubric: Rubric) -> None:
    card = scorecard(rubric, {"preparation": 1}, evidence={"preparation": (4,)})
    point = coach_on(rubric, card, TURNS, "opening", "preparation").improvement
    assert point.turn == 3


def test_unknown_criterion_is_a_clear_error(rubric: Rubric) -> None:
    card = scorecard(rubric, {})
    with pytest.raises(ValueError, match="no criterion 'charm'"):
        coach_on(rubric, card, TURNS, "charm", "opening")


def test_swedish_coaching(catalog: Catalog) -> None:
    rubric = catalog.rubric("roberge-curiosity-sv")
    card = scorecard(
        rubric,
        {c.id: 1 for c in rubric.criteria},
        evidence=dict.fromkeys((c.id for c in rubric.criteria), ()),
    )
    coaching = pick_coaching(rubric, card, ())
    assert "inga repliker" in coaching.improvement.message


def test_quote_is_the_sentence_that_shows_it() -> None:
    text = "Thanks for picking up. " + "We do a lot of things for a lot of people. " * 5 + "Why?"
    assert pick_quote(text, "questioning", improvement=False, language="en") == "Why?"
    rambling = "So I think that " + "we could maybe help with that and " * 8 + "more."
    long_quote = pick_quote(rambling, "listening", improvement=True, language="en")
    assert len(long_quote.split()) == 26 and long_quote.endswith(" …")
    assert pick_quote("", "opening", improvement=True, language="en") == ""


def test_a_weak_best_criterion_is_not_praised(rubric: Rubric) -> None:
    card = scorecard(rubric, {c.id: 1 for c in rubric.criteria} | {"listening": 2})
    strength = pick_coaching(rubric, card, TURNS).strength
    listening = rubric.criterion("listening")
    assert strength.criterion == "listening" and listening is not None
    assert listening.coaching.strength not in strength.message
    assert "Nothing stood out as a strength yet" in strength.message


def test_speech_to_text_quote_is_the_question() -> None:
    text = "hi dana its kim from hubspot you downloaded our white paper so um what made you grab it"
    assert pick_quote(text, "questioning", improvement=False, language="en") == (
        "what made you grab it"
    )


def test_preparation_quote_skips_filler() -> None:
    text = "Great question! Search engines rank the pages that best answer what people type."
    assert pick_quote(text, "preparation", improvement=False, language="en").startswith(
        "Search engines rank"
    )


def test_an_all_five_round_still_gets_an_improvement_framed_as_polish(rubric: Rubric) -> None:
    fives = {c.id: 5 for c in rubric.criteria}
    raw = {"opening": 5.0, "goal-discovery": 4.9, "open-questions": 4.6, "listening": 5.0}
    card = scorecard(rubric, fives, raw={**raw, "preparation": 4.8})
    coaching = pick_coaching(rubric, card, TURNS)
    # The most room left, measured on the unrounded levels.
    assert coaching.improvement.criterion == "open-questions"
    assert "from good to great" in coaching.improvement.message
    assert coaching.strength.criterion in ("opening", "listening")


@pytest.mark.parametrize(
    ("raw", "improvement"),
    [
        ({"opening": 2.4, "listening": 1.6}, "listening"),
        ({"opening": 1.6, "listening": 2.4}, "opening"),
    ],
)
def test_equal_levels_are_split_by_the_unrounded_ones(
    rubric: Rubric, raw: dict[str, float], improvement: str
) -> None:
    levels = {"opening": 2, "listening": 2, "goal-discovery": 5, "preparation": 4}
    card = scorecard(rubric, levels, evidence={"opening": (1,), "listening": (3,)}, raw=raw)
    assert pick_coaching(rubric, card, TURNS).improvement.criterion == improvement


def test_a_weak_improvement_is_not_called_polish(rubric: Rubric) -> None:
    card = scorecard(rubric, {c.id: 4 for c in rubric.criteria} | {"opening": 2})
    improvement = pick_coaching(rubric, card, TURNS).improvement
    assert improvement.criterion == "opening"
    assert "good to great" not in improvement.message
