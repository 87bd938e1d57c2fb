"""How well round 2 applied the coaching, measured against the headroom the criterion had."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.catalog.loader import Catalog, load_catalog
from app.catalog.models import Rubric
from app.coaching.compare import compare_rounds, interrogation, round_shape
from app.coaching.models import Application
from tests.coaching.scorecards import CONVERSATION, INTERROGATION, Exchange, scorecard

CATALOG: Catalog = load_catalog()
RUBRIC: Rubric = CATALOG.rubric("roberge-curiosity")
BASE = {"opening": 2, "goal-discovery": 3, "open-questions": 2, "listening": 4, "preparation": 3}


def compare(
    before: dict[str, int], after: dict[str, int], coached: str, rubric: Rubric = RUBRIC
) -> Application:
    return compare_rounds(scorecard(rubric, before), scorecard(rubric, after), coached)


def bucket(applied: float) -> float:
    """How scripts/evaluate.py buckets the figure against an interviewer's 0 / 0.5 / 1."""
    return 0.0 if applied < 0.25 else 0.5 if applied < 0.75 else 1.0


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (1, 1, "not applied"),  # no change
        (2, 1, "not applied"),  # worse
        (1, 2, "partly"),  # moved one level
        (1, 3, "partly"),  # moved two levels but still short of good
        (3, 4, "partly"),  # one level, to the edge of good
        (2, 4, "applied"),  # clearly changed, and good now
        (1, 5, "applied"),
        (4, 4, "kept"),  # a strength held: as good as applying it
        (5, 5, "kept"),
        (4, 5, "applied"),  # a strength made excellent is a rise, not "held"
        (5, 4, "partly"),  # a strength that slipped a level
        (5, 3, "not applied"),  # a strength lost
    ],
)
def test_verdicts_against_headroom(before: int, after: int, verdict: str) -> None:
    result = compare({**BASE, "opening": before}, {**BASE, "opening": after}, "opening")
    assert result.verdict == verdict
    share = {"applied": 1.0, "kept": 1.0, "partly": 0.5, "not applied": 0.0}[verdict]
    # The figure is the interviewer's bucket itself, so it can never straddle two.
    assert result.applied == share == bucket(result.applied)


def test_a_clear_rise_reads_as_applied() -> None:
    result = compare(BASE, {**BASE, "opening": 4}, "opening")
    assert result.summary == (
        "Opening rose from 2 to 4 of 5; the other criteria held. Coaching applied."
    )
    assert result.total_after > result.total_before and result.over_correction == ()


def test_a_strength_kept_is_applied_and_says_so() -> None:
    top = {**BASE, "listening": 5}
    result = compare(top, top, "listening")
    assert (result.verdict, result.applied) == ("kept", 1.0)
    assert result.summary == (
        "Listening was already a strength at 5 of 5 and held there; the other criteria held. "
        "Coaching applied: the strength was kept without over-correcting."
    )


def test_a_strength_that_slips_says_so() -> None:
    first = scorecard(RUBRIC, {**BASE, "preparation": 5}, raw={"preparation": 5.0})
    lower = scorecard(RUBRIC, {**BASE, "preparation": 4}, raw={"preparation": 4.4})
    slipped = scorecard(RUBRIC, {**BASE, "preparation": 4}, raw={"preparation": 3.6})
    kept = compare_rounds(first, lower, "preparation")
    assert kept.verdict == "kept"
    assert kept.summary.startswith("Preparation was already a strength and stayed good (5 to 4")
    partly = compare_rounds(first, slipped, "preparation")
    assert partly.verdict == "partly"
    assert partly.summary.startswith("Preparation was a strength but slipped from 5 to 4 of 5")


def test_a_rise_from_four_to_five_is_a_rise() -> None:
    result = compare({**BASE, "listening": 4}, {**BASE, "listening": 5}, "listening")
    assert result.verdict == "applied"
    assert result.summary.startswith("Listening rose from 4 to 5 of 5")
    assert "already a strength" not in result.summary


def test_a_clear_rise_never_counts_less_than_holding_a_five() -> None:
    weaker = compare(BASE, {**BASE, "opening": 4}, "opening")
    stronger = compare({**BASE, "opening": 5}, {**BASE, "opening": 5}, "opening")
    assert weaker.applied >= stronger.applied


def test_small_moves_on_the_unrounded_levels() -> None:
    first = scorecard(RUBRIC, BASE, raw={"opening": 2.2})
    moved = scorecard(RUBRIC, {**BASE, "opening": 3}, raw={"opening": 2.9})
    stuck = scorecard(RUBRIC, BASE, raw={"opening": 2.4})
    assert compare_rounds(first, moved, "opening").verdict == "partly"
    assert compare_rounds(first, stuck, "opening").verdict == "not applied"
    # Half a level up inside the same level is a move, and the summary does not call it a rise.
    inside = compare_rounds(
        scorecard(RUBRIC, BASE, raw={"opening": 1.6}),
        scorecard(RUBRIC, BASE, raw={"opening": 2.4}),
        "opening",
    )
    assert inside.verdict == "partly"
    assert inside.summary.startswith("Opening moved up but stayed at 2 of 5")
    # Crossing into the next level by a hair is not a change.
    edge = compare_rounds(
        scorecard(RUBRIC, BASE, raw={"opening": 2.4}),
        scorecard(RUBRIC, {**BASE, "opening": 3}, raw={"opening": 2.5}),
        "opening",
    )
    assert edge.verdict == "not applied" and "barely moved (2 to 3 of 5)" in edge.summary


def test_ending_at_the_edge_of_good_is_partly() -> None:
    first = scorecard(RUBRIC, BASE, raw={"opening": 1.6})
    edge = scorecard(RUBRIC, {**BASE, "opening": 4}, raw={"opening": 3.6})
    solid = scorecard(RUBRIC, {**BASE, "opening": 4}, raw={"opening": 4.1})
    assert compare_rounds(first, edge, "opening").verdict == "partly"
    assert compare_rounds(first, solid, "opening").verdict == "applied"


def test_others_are_reported_as_they_moved() -> None:
    # The case: "the other criteria held" while they rose from 1 to 4.
    low = {c: 1 for c in BASE}
    result = compare(low, {**low, "opening": 4, "goal-discovery": 4, "listening": 4}, "opening")
    assert "held" not in result.summary
    assert "other criteria: Goal discovery and Listening rose" in result.summary
    assert result.rose == ("goal-discovery", "listening") and result.fell == ()
    mixed = compare(BASE, {**BASE, "opening": 4, "listening": 2, "preparation": 4}, "opening")
    assert "other criteria: Preparation rose, Listening fell" in mixed.summary
    assert mixed.fell == ("listening",) and mixed.verdict == "applied"
    assert "the other criteria held" in compare(BASE, {**BASE, "opening": 4}, "opening").summary


def shaped(levels: dict[str, int], exchanges: tuple[Exchange, ...], **raw: float):  # type: ignore[no-untyped-def]
    return scorecard(RUBRIC, levels, exchanges=exchanges, raw=raw or None)


def test_interrogation_is_told_from_a_conversation() -> None:
    assert interrogation(round_shape(shaped(BASE, INTERROGATION)))
    assert not interrogation(round_shape(shaped(BASE, CONVERSATION)))
    # Short questions that build on the answers are listening, not an interrogation...
    following = tuple(replace(e, follow_up=True, told=7) for e in INTERROGATION)
    assert not interrogation(round_shape(shaped(BASE, following)))
    # ...unless they draw nothing more out of the prospect.
    formula = tuple(replace(e, follow_up=True) for e in INTERROGATION)
    assert interrogation(round_shape(shaped(BASE, formula)))
    shape = round_shape(shaped(BASE, INTERROGATION))
    assert (shape.questions, shape.turns, shape.follow_ups, shape.answer_words) == (10, 10, 0, 8)


def test_over_correction_into_an_interrogation_is_flagged_and_partly() -> None:
    first = shaped(BASE, CONVERSATION)
    second = shaped({**BASE, "goal-discovery": 5}, INTERROGATION)
    result = compare_rounds(first, second, "goal-discovery")
    assert result.over_correction == ("interrogation",)
    assert (result.verdict, result.applied) == ("partly", 0.5)
    assert result.summary.startswith("Goal discovery rose from 3 to 5 of 5")
    assert (
        "over-correction: round 2 turned into an interrogation (10 questions in 10 turns, "
        "0 follow-ups, the prospect's answers down from 32 to 8 words)"
    ) in result.summary
    # The same levels without the interrogation are fully applied.
    calm = compare_rounds(
        first, shaped({**BASE, "goal-discovery": 5}, CONVERSATION), "goal-discovery"
    )
    assert calm.verdict == "applied" and calm.over_correction == ()


def test_an_interrogation_does_not_apply_listening_coaching() -> None:
    first = shaped({**BASE, "listening": 1}, CONVERSATION)
    second = shaped({**BASE, "listening": 4}, INTERROGATION)
    result = compare_rounds(first, second, "listening", RUBRIC)
    assert result.verdict == "not applied" and result.over_correction == ("interrogation",)
    # The numbers are reported as they are; the verdict says what they are worth.
    assert result.summary.startswith("Listening rose from 1 to 4 of 5")


def test_an_over_correction_that_costs_another_criterion_is_not_applied() -> None:
    first = shaped(BASE, CONVERSATION, preparation=3.4)
    second = shaped({**BASE, "open-questions": 4, "preparation": 1}, INTERROGATION, preparation=1.2)
    result = compare_rounds(first, second, "open-questions")
    assert result.verdict == "not applied" and result.fell == ("preparation",)


def test_a_strength_kept_through_an_interrogation_is_not_kept() -> None:
    top = {**BASE, "opening": 5}
    result = compare_rounds(shaped(top, CONVERSATION), shaped(top, INTERROGATION), "opening")
    assert result.verdict == "partly"
    assert "Coaching partly applied." in result.summary


def test_the_same_interrogation_in_both_rounds_is_not_an_over_correction() -> None:
    result = compare_rounds(
        shaped(BASE, INTERROGATION), shaped({**BASE, "opening": 4}, INTERROGATION), "opening"
    )
    assert result.over_correction == () and result.verdict == "applied"


def test_a_round_that_games_the_scorer_did_not_apply_the_coaching() -> None:
    first = scorecard(RUBRIC, BASE)
    second = scorecard(RUBRIC, {**BASE, "opening": 5})
    gamed = replace(second, metrics=replace(second.metrics, injection_turns=(5,)))
    assert compare_rounds(first, second, "opening").applied == 1.0
    result = compare_rounds(first, gamed, "opening")
    assert result.applied == 0.0
    assert result.summary == (
        "Opening rose from 2 to 5 of 5; the other criteria held; round 2 tried to instruct the "
        "scorer. Coaching not applied."
    )


def test_a_criterion_not_assessed_in_a_round_neither_improves_nor_falls() -> None:
    first = scorecard(RUBRIC, {**BASE, "preparation": 1})
    second = scorecard(RUBRIC, {**BASE, "preparation": 3}, unassessed=("preparation",))
    coached = compare_rounds(first, second, "preparation")
    assert (coached.verdict, coached.applied) == ("not measured", 0.0)
    assert coached.summary.startswith("Preparation could not be measured in both rounds")
    other = compare_rounds(
        scorecard(RUBRIC, {**BASE, "preparation": 5}),
        scorecard(RUBRIC, {**BASE, "opening": 4, "preparation": 3}, unassessed=("preparation",)),
        "opening",
    )
    assert other.fell == () and other.verdict == "applied"


def test_unknown_coached_criterion_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no criterion 'charm'"):
        compare(BASE, BASE, "charm")


def test_swedish_summary() -> None:
    rubric = CATALOG.rubric("roberge-curiosity-sv")
    result = compare(BASE, {**BASE, "opening": 4, "listening": 2}, "opening", rubric)
    assert result.summary == (
        "Inledning steg från 2 till 4 av 5; övriga kriterier: Lyssnande sjönk. "
        "Coachningen tillämpad."
    )
    kept = compare({**BASE, "opening": 5}, {**BASE, "opening": 5}, "opening", rubric)
    assert "var redan en styrka på 5 av 5 och låg kvar där" in kept.summary


levels = st.integers(1, 5)


@given(
    before=st.fixed_dictionaries({k: levels for k in BASE}),
    after=st.fixed_dictionaries({k: levels for k in BASE}),
    coached=st.sampled_from(sorted(BASE)),
)
def test_applied_is_a_bucket_that_only_grows_with_the_coached_criterion(
    before: dict[str, int], after: dict[str, int], coached: str
) -> None:
    result = compare(before, after, coached)
    assert result.applied in (0.0, 0.5, 1.0)
    if before[coached] < 4 and after[coached] <= before[coached]:
        assert result.applied == 0.0
    if after[coached] < 5:
        higher = compare(before, {**after, coached: after[coached] + 1}, coached)
        assert higher.applied >= result.applied
    steady = compare(before, {**before, coached: after[coached]}, coached)
    assert result.applied == steady.applied  # without an over-correction, others do not count
