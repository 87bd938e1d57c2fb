"""Two opinions, one report: the combination rule, medians over runs, the spread, the counts."""

from __future__ import annotations

import pytest

from app.catalog.loader import Catalog
from app.judge.combine import combined_level, enough, median_level, summarise, verdict
from app.judge.models import Call, Opinion, Quote
from app.judge.run import read_run
from tests.judge.helpers import answer, golden_review, golden_round


@pytest.mark.parametrize(
    ("rule", "judge", "combined"),
    [(3, None, 3), (3, 3, 3), (3, 4, 4), (3, 5, 4), (3, 1, 2), (1, 5, 2), (5, 1, 4), (2, 3, 3)],
)
def test_the_judge_moves_the_rule_level_by_at_most_one(
    rule: int, judge: int, combined: int
) -> None:
    assert combined_level(rule, judge) == combined


def test_a_median_between_two_levels_is_taken_on_the_rules_side() -> None:
    assert median_level([2, 4, 5], towards=1) == 4
    assert median_level([3, 4], towards=1) == 3
    assert median_level([3, 4], towards=5) == 4
    assert median_level([2, 2, 5, 5], towards=3) == 3


def test_most_runs_must_stand() -> None:
    assert enough(1, 1) and enough(2, 3) and enough(1, 2)
    assert not enough(1, 3) and not enough(0, 1) and not enough(0, 0)


def _opinion(level: int | None, problem: str | None = None) -> Opinion:
    return Opinion("listening", level, (Quote(2, "words"),), f"at {level}", problem)  # type: ignore[arg-type]


def test_a_verdict_over_runs_keeps_the_median_the_spread_and_why_runs_were_dropped() -> None:
    found = verdict(
        "listening",
        "Listening",
        2,
        "talks most of the time",
        [_opinion(4), _opinion(5), _opinion(2, "quote-not-found"), _opinion(4)],
    )
    assert (found.judge_level, found.combined, found.spread) == (4, 3, 1)
    assert (found.standing, found.runs) == (3, 4)
    assert found.disagreement
    assert found.reason == "at 4"
    assert found.problems == (("quote-not-found", 1),)
    assert found.discarded is not None and found.discarded.level == 2


def test_a_median_between_runs_shows_the_nearest_run_s_reason() -> None:
    found = verdict(
        "listening", "Listening", 3, "", [_opinion(2), _opinion(2), _opinion(5), _opinion(5)]
    )
    assert (found.judge_level, found.reason, found.spread) == (3, "at 2", 3)


def test_too_few_standing_runs_leave_the_rules_alone() -> None:
    found = verdict(
        "listening",
        "Listening",
        2,
        "",
        [_opinion(5), _opinion(5, "unproven"), _opinion(None, "malformed")],
    )
    assert (found.judge_level, found.combined, found.disagreement) == (None, 2, False)
    assert found.spread == 0


def test_summarise_counts_cost_discards_and_failures(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "star-01")
    runs = [
        read_run(answer(judge_input, dict(reading.levels)), judge_input, reading),
        read_run(Call(failure="timeout", seconds=2.0), judge_input, reading),
        read_run(
            Call(text="not json", prompt_tokens=10, completion_tokens=3), judge_input, reading
        ),
    ]
    judgement = summarise(judge_input, reading, runs, model="m", prompt_version="judge-v1")
    criteria = len(judge_input.criteria)
    assert (judgement.runs, judgement.opinions, judgement.discarded) == (
        3,
        3 * criteria,
        2 * criteria,
    )
    assert dict(judgement.problems) == {"unavailable": criteria, "malformed": criteria}
    assert (judgement.prompt_tokens, judgement.completion_tokens, judgement.failed_calls) == (
        110,
        53,
        1,
    )
    assert not judgement.failed
    # One run of three stood: not enough for an opinion, so the rules stand alone.
    assert all(v.judge_level is None and v.combined == v.rule_level for v in judgement.verdicts)


def test_a_judgement_whose_every_call_failed_says_why(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "star-01")
    runs = [read_run(Call(failure="unreachable"), judge_input, reading)]
    judgement = summarise(judge_input, reading, runs, model="m", prompt_version="judge-v1")
    assert judgement.failed and judgement.failure == "unreachable"


def test_the_self_assessment_gets_one_level_from_its_criteria(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_review(catalog, "star-01")
    review = judge_input.review_line
    assert review is not None and set(reading.levels.values()) == {4}
    text = judge_input.lines[-1].text
    quotes = {c.id: [(review, " ".join(text.split()[:6]))] for c in judge_input.criteria}
    # Lower levels need only proven quotes: 2, 3 and 3 weigh (equally) to a rounded 3.
    levels = {"specificity": 2, "balance": 3, "accuracy": 3}
    run = read_run(answer(judge_input, levels, quotes), judge_input, reading)
    judgement = summarise(judge_input, reading, [run], model="m", prompt_version="judge-v1")
    overall = judgement.overall
    assert overall is not None
    assert (overall.rule_level, overall.judge_level, overall.combined) == (4, 3, 3)
    assert overall.quotes and overall.reason.startswith("Specific: ")
    # A criterion with no standing opinion leaves the review to the rules.
    levels["balance"] = 7
    run = read_run(answer(judge_input, levels, quotes), judge_input, reading)
    judgement = summarise(judge_input, reading, [run], model="m", prompt_version="judge-v1")
    assert judgement.overall is not None
    assert (judgement.overall.judge_level, judgement.overall.combined) == (None, 4)
