"""How well round 2 applied the coaching, calibrated to how an interviewer judges it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.catalog.loader import Catalog, load_catalog
from app.catalog.models import Rubric
from app.coaching.compare import compare_rounds
from tests.coaching.scorecards import scorecard

CATALOG: Catalog = load_catalog()
RUBRIC: Rubric = CATALOG.rubric("roberge-curiosity")
BASE = {"opening": 2, "goal-discovery": 3, "open-questions": 2, "listening": 4, "preparation": 3}


def compare(before: dict[str, int], after: dict[str, int], coached: str, rubric: Rubric = RUBRIC):  # type: ignore[no-untyped-def]
    return compare_rounds(scorecard(rubric, before), scorecard(rubric, after), coached)


def test_two_levels_up_to_good_is_fully_applied() -> None:
    result = compare(BASE, {**BASE, "opening": 4}, "opening")
    assert result.coached.delta == 2
    assert result.applied == pytest.approx(0.8)
    assert result.over_correction == ()
    assert result.summary == "Opening rose from 2 to 4 of 5; the other criteria held. Applied 0.80."
    assert result.total_after > result.total_before


@pytest.mark.parametrize(
    ("before", "after", "bucket"),
    [
        (1, 1, "low"),  # no change
        (2, 1, "low"),  # worse
        (1, 2, "mid"),  # moved one level: partly
        (1, 3, "mid"),  # moved two levels but still short of good: partly
        (2, 4, "high"),  # clearly changed, and good now
        (1, 5, "high"),
        (4, 4, "mid"),  # a strength held while fixing little
        (5, 5, "mid"),
        (4, 5, "high"),  # a strength made excellent
        (5, 4, "mid"),  # a strength that slipped a little is still held
        (5, 3, "low"),  # a strength lost
    ],
)
def test_levels_map_to_how_an_interviewer_buckets_them(
    before: int, after: int, bucket: str
) -> None:
    applied = compare({**BASE, "opening": before}, {**BASE, "opening": after}, "opening").applied
    got = "low" if applied < 0.34 else "mid" if applied < 0.67 else "high"
    assert got == bucket, applied


def test_partial_improvement_shows_in_the_unrounded_levels() -> None:
    first = scorecard(RUBRIC, BASE, raw={"opening": 2.2})
    moved = scorecard(RUBRIC, {**BASE, "opening": 3}, raw={"opening": 3.1})
    stuck = scorecard(RUBRIC, BASE, raw={"opening": 2.3})
    partial = compare_rounds(first, moved, "opening")
    assert partial.coached.raw_delta == pytest.approx(0.9)
    assert 0.3 <= partial.applied <= 0.4
    # Within the same level: a nudge, not an application.
    assert compare_rounds(first, stuck, "opening").applied < 0.1


def test_a_one_level_dip_costs_less_than_a_fall() -> None:
    plain = compare(BASE, {**BASE, "opening": 4}, "opening")
    dip = compare(BASE, {**BASE, "opening": 4, "listening": 3}, "opening")
    fall = compare(BASE, {**BASE, "opening": 4, "listening": 2}, "opening")
    assert dip.over_correction == fall.over_correction == ("listening",)
    assert fall.applied < dip.applied < plain.applied


def test_interrogation_is_an_over_correction_that_clearly_costs() -> None:
    plain = compare(BASE, {**BASE, "open-questions": 5}, "open-questions")
    over = compare(
        BASE, {**BASE, "open-questions": 5, "listening": 1, "goal-discovery": 2}, "open-questions"
    )
    assert over.over_correction == ("goal-discovery", "listening")
    assert plain.applied == 1.0 and over.applied < 0.34
    assert "over-correction: Goal discovery, Listening fell" in over.summary


def test_no_improvement_is_not_applied() -> None:
    assert compare(BASE, BASE, "opening").applied == 0.0
    worse = compare(BASE, {**BASE, "opening": 1, "listening": 5}, "opening")
    assert worse.applied == 0.0
    assert "did not improve" in worse.summary


def test_holding_a_strength_is_half_the_job() -> None:
    top = {**BASE, "listening": 5}
    held = compare(top, top, "listening")
    assert held.applied == 0.5
    assert "already a strength and held at 5" in held.summary
    lossy = compare(top, {**top, "opening": 1}, "listening")
    assert 0.0 < lossy.applied < held.applied and lossy.over_correction == ("opening",)


def test_a_round_that_games_the_scorer_did_not_apply_the_coaching() -> None:
    first = scorecard(RUBRIC, BASE)
    second = scorecard(RUBRIC, {**BASE, "opening": 5})
    gamed = replace(second, metrics=replace(second.metrics, injection_turns=(5,)))
    assert compare_rounds(first, second, "opening").applied == 1.0
    assert compare_rounds(first, gamed, "opening").applied < 0.34


def test_a_criterion_not_assessed_in_a_round_neither_improves_nor_falls() -> None:
    first = scorecard(RUBRIC, {**BASE, "preparation": 1})
    second = scorecard(RUBRIC, {**BASE, "preparation": 3}, unassessed=("preparation",))
    coached = compare_rounds(first, second, "preparation")
    assert coached.applied == 0.0 and "could not be measured" in coached.summary
    other = compare_rounds(
        scorecard(RUBRIC, {**BASE, "preparation": 5}),
        scorecard(RUBRIC, {**BASE, "opening": 4, "preparation": 3}, unassessed=("preparation",)),
        "opening",
    )
    assert other.over_correction == () and other.applied == pytest.approx(0.8)


def test_unknown_coached_criterion_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no criterion 'charm'"):
        compare(BASE, BASE, "charm")


def test_swedish_summary() -> None:
    rubric = CATALOG.rubric("roberge-curiosity-sv")
    result = compare(BASE, {**BASE, "opening": 4}, "opening", rubric)
    assert "steg från 2 till 4" in result.summary


levels = st.integers(1, 5)


@given(
    before=st.fixed_dictionaries({k: levels for k in BASE}),
    after=st.fixed_dictionaries({k: levels for k in BASE}),
    coached=st.sampled_from(sorted(BASE)),
)
def test_applied_is_a_share_that_falls_elsewhere_only_lower(
    before: dict[str, int], after: dict[str, int], coached: str
) -> None:
    result = compare(before, after, coached)
    assert 0.0 <= result.applied <= 1.0
    if before[coached] < 4 and after[coached] <= before[coached]:
        assert result.applied == 0.0
    steady = {**before, coached: after[coached]}
    alone = compare(before, steady, coached)
    assert result.applied <= alone.applied + 0.005  # others falling never helps
