"""What the judge reads: the rubric's own words, the lines numbered as reviewers see them, and
the scorer's counts as facts."""

from __future__ import annotations

from app.catalog.loader import Catalog
from tests.judge.helpers import golden_report, golden_review, golden_round


def test_the_judge_reads_the_rubric_s_level_descriptions(catalog: Catalog) -> None:
    judge_input, reading, report = golden_round(catalog, "star-01")
    rubric = report.rubric
    assert [c.id for c in judge_input.criteria] == [c.id for c in rubric.criteria]
    opening = judge_input.criteria[0]
    assert opening.levels == tuple(rubric.criteria[0].levels.text(n) for n in range(1, 6))
    assert set(reading.levels) == {c.id for c in rubric.criteria}


def test_lines_are_numbered_from_one_like_the_web_transcript(catalog: Catalog) -> None:
    judge_input, reading, report = golden_round(catalog, "star-01")
    turns = report.rounds[0].turns
    assert [line.number for line in judge_input.lines] == [t.index + 1 for t in turns]
    assert [line.text for line in judge_input.lines] == [t.text for t in turns]
    assert reading.turns == turns


def test_the_facts_are_the_scorer_s_own_counts(catalog: Catalog) -> None:
    judge_input, _, report = golden_round(catalog, "star-01")
    metrics = report.rounds[0].score.metrics
    facts = judge_input.facts
    assert (facts.questions, facts.open_questions, facts.follow_ups) == (
        metrics.questions,
        metrics.open_questions,
        metrics.follow_ups,
    )
    assert facts.facts_total == metrics.facts_total
    assert len(facts.facts_revealed) == len(metrics.facts_uncovered)
    scenario = catalog.scenario("roberge-inbound-whitepaper")
    topics = {f.topic for f in scenario.facts}
    assert set(facts.facts_revealed) <= topics


def test_turns_aimed_at_the_scorer_are_facts_too(catalog: Catalog) -> None:
    judge_input, reading, report = golden_round(catalog, "injector-01")
    injected = report.rounds[0].score.metrics.injection_turns
    assert judge_input.facts.aimed_at_scorer == tuple(i + 1 for i in injected)
    assert reading.aimed_at_scorer == frozenset(i + 1 for i in injected)


def test_the_rubric_can_name_the_criteria_the_judge_reads(catalog: Catalog) -> None:
    rubric = catalog.rubric("roberge-curiosity")
    narrowed = rubric.model_copy(
        update={"judge": rubric.judge.model_copy(update={"criteria": ["listening"]})}
    )
    _, report = golden_report(catalog, "star-01")
    from app.judge.build import round_input

    found = report.rounds[0]
    judge_input, reading = round_input("round1", narrowed, found.turns, found.score, None)
    assert [c.id for c in judge_input.criteria] == ["listening"]
    assert list(reading.levels) == ["listening"]


def test_the_review_is_one_more_line_after_the_call(catalog: Catalog) -> None:
    judge_input, reading, report = golden_review(catalog, "star-01")
    turns = report.rounds[0].turns
    assert judge_input.review_line == len(turns) + 1
    assert judge_input.lines[-1].speaker == "review"
    assert judge_input.part == "self_assessment"
    assert reading.rescore is None
    assert [c.id for c in judge_input.criteria] == ["specificity", "balance", "accuracy"]
