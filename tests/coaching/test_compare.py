"""How well round 2 applied the coaching."""

from __future__ import annotations

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


def test_coached_gain_relative_to_its_room() -> None:
    result = compare(BASE, {**BASE, "opening": 4}, "opening")
    assert result.coached.delta == 2
    assert result.applied == pytest.approx(0.67)
    assert result.over_correction == ()
    assert result.summary == "Opening rose from 2 to 4 of 5; the other criteria held. Applied 0.67."
    assert result.total_after > result.total_before


def test_full_gain_is_fully_applied() -> None:
    assert compare(BASE, {**BASE, "opening": 5}, "opening").applied == 1.0


def test_a_one_level_dip_costs_less_than_a_fall() -> None:
    dip = compare(BASE, {**BASE, "opening": 4, "listening": 3}, "opening")
    fall = compare(BASE, {**BASE, "opening": 4, "listening": 2}, "opening")
    assert dip.over_correction == fall.over_correction == ("listening",)
    assert fall.applied < dip.applied < 0.67


def test_interrogation_is_an_over_correction() -> None:
    plain = compare(BASE, {**BASE, "open-questions": 4}, "open-questions")
    over = compare(BASE, {**BASE, "open-questions": 4, "listening": 2}, "open-questions")
    assert over.over_correction == ("listening",)
    assert over.applied < plain.applied
    assert "over-correction: Listening fell" in over.summary


def test_no_improvement_is_not_applied() -> None:
    assert compare(BASE, BASE, "opening").applied == 0.0
    worse = compare(BASE, {**BASE, "opening": 1, "listening": 5}, "opening")
    assert worse.applied == 0.0
    assert "did not improve" in worse.summary


def test_holding_a_five_without_losses_counts_as_applied() -> None:
    top = {**BASE, "listening": 5}
    assert compare(top, top, "listening").applied == 1.0
    lossy = compare(top, {**top, "opening": 1}, "listening")
    assert 0.0 < lossy.applied < 1.0 and lossy.over_correction == ("opening",)
    assert compare(top, {**top, "listening": 4}, "listening").applied == 0.0
    assert "held at 5" in compare(top, top, "listening").summary


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
    assert other.over_correction == () and other.applied == pytest.approx(0.67)


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
def test_applied_is_a_share_never_above_the_plain_gain(
    before: dict[str, int], after: dict[str, int], coached: str
) -> None:
    result = compare(before, after, coached)
    assert 0.0 <= result.applied <= 1.0
    if before[coached] < 5:
        room = 5 - before[coached]
        assert result.applied <= max(0, after[coached] - before[coached]) / room + 0.005
    if result.over_correction and result.applied > 0 and before[coached] < 5:
        plain = (after[coached] - before[coached]) / (5 - before[coached])
        assert result.applied <= plain * 0.9 + 0.005  # even a one-level dip elsewhere costs
