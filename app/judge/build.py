"""What the judge reads, built from a scored round: the rubric's words, numbered lines, facts.

The countable facts come from the rule-based scorer's scorecard of the same round, so the judge
never counts questions or words itself (and is never fooled into counting hollow ones). The
rule-based reading goes into a RuleReading beside the input, which the judge never sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from app.catalog.models import Criterion, Rubric, Scenario
from app.judge.models import (
    Facts,
    JudgeInput,
    Line,
    Part,
    Rescore,
    RubricCriterion,
    RuleReading,
)
from app.roleplay.transcript import Turn
from app.scoring.models import RoundScore, SelfAssessmentScore
from app.scoring.score import score_round


def _criterion(criterion: Criterion) -> RubricCriterion:
    levels = criterion.levels
    return RubricCriterion(
        id=criterion.id,
        name=criterion.name,
        description=criterion.description,
        levels=(levels.text(1), levels.text(2), levels.text(3), levels.text(4), levels.text(5)),
        weight=criterion.weight,
    )


def lines_of(turns: Sequence[Turn]) -> tuple[Line, ...]:
    """The round's turns numbered from 1, as the judge (and the web transcript) numbers them."""
    return tuple(Line(t.index + 1, t.speaker, t.text, t.index) for t in turns)


def facts_of(score: RoundScore, scenario: Scenario | None) -> Facts:
    """The rule-based scorer's counts for one round, as the judge is given them."""
    m = score.metrics
    topics = []
    for fact_id in m.facts_uncovered:
        fact = scenario.fact(fact_id) if scenario else None
        topics.append(fact.topic if fact else fact_id)
    challenge = next((a.index + 1 for a in score.turns if a.challenge_asked), None)
    uncredited = tuple(
        (a.index + 1, a.uncredited)
        for a in score.turns
        if a.speaker == "candidate" and a.uncredited and not a.injection
    )
    return Facts(
        candidate_share=m.talk_share,
        longest_turn=m.longest_monologue,
        words_before_first_question=m.words_before_first_question,
        questions=m.questions,
        open_questions=m.open_questions,
        closed_questions=m.closed_questions,
        leading_questions=m.leading_questions,
        stacked_turns=m.stacked_turns,
        pitch_turns=m.pitch_turns,
        follow_ups=m.follow_ups,
        facts_revealed=tuple(topics),
        facts_total=m.facts_total,
        challenge_line=challenge,
        challenge_coverage=m.challenge_coverage,
        uncredited=uncredited,
        aimed_at_scorer=tuple(i + 1 for i in m.injection_turns),
    )


def _rescorer(rubric: Rubric, scenario: Scenario | None, language: str) -> Rescore:
    # Kept per reading: a judge that quotes the same words for every criterion asks the same
    # question of the rules each time.
    @lru_cache(maxsize=16)
    def scored(turns: tuple[Turn, ...]) -> Mapping[str, float]:
        found = score_round(rubric, turns, scenario, language=language)
        return {c.criterion: c.raw or float(c.score) for c in found.criteria}

    def rescore(turns: Sequence[Turn]) -> Mapping[str, float]:
        return scored(tuple(turns))

    return rescore


def round_input(
    part: Part,
    rubric: Rubric,
    turns: Sequence[Turn],
    score: RoundScore,
    scenario: Scenario | None,
) -> tuple[JudgeInput, RuleReading]:
    """The judge's input for one round, and the rule-based reading it is held to."""
    criteria = rubric.judged_criteria()
    judge_input = JudgeInput(
        part=part,
        rubric_id=rubric.id,
        rubric_title=rubric.title,
        language=score.language,
        criteria=tuple(_criterion(c) for c in criteria),
        lines=lines_of(turns),
        facts=facts_of(score, scenario),
    )
    scored = {c.criterion: c for c in score.criteria}
    reading = RuleReading(
        levels={c.id: scored[c.id].score for c in criteria},
        raws={c.id: scored[c.id].raw or float(scored[c.id].score) for c in criteria},
        reasons={c.id: scored[c.id].reason for c in criteria},
        turns=tuple(turns),
        aimed_at_scorer=frozenset(i + 1 for i in score.metrics.injection_turns),
        language=score.language,
        rescore=_rescorer(rubric, scenario, score.language),
    )
    return judge_input, reading


def self_assessment_input(
    rubric: Rubric,
    turns: Sequence[Turn],
    round_score: RoundScore,
    scenario: Scenario | None,
    text: str,
    score: SelfAssessmentScore,
) -> tuple[JudgeInput, RuleReading]:
    """The judge's input for the candidate's review of round 1, read against the transcript.

    The review is one more numbered line after the call's last turn. The rules give the review
    one score, so that score is the rule-based level under every criterion.
    """
    lines = lines_of(turns)
    review = len(lines) + 1
    criteria = rubric.judged_criteria()
    judge_input = JudgeInput(
        part="self_assessment",
        rubric_id=rubric.id,
        rubric_title=rubric.title,
        language=round_score.language,
        criteria=tuple(_criterion(c) for c in criteria),
        lines=(*lines, Line(review, "review", text)),
        facts=facts_of(round_score, scenario),
    )
    aimed = {review} if "prompt-injection" in score.flags else set()
    reading = RuleReading(
        levels={c.id: score.score for c in criteria},
        raws={c.id: float(score.score) for c in criteria},
        reasons={c.id: score.reason for c in criteria},
        turns=tuple(turns),
        aimed_at_scorer=frozenset(aimed | {i + 1 for i in round_score.metrics.injection_turns}),
        language=round_score.language,
        rescore=None,
    )
    return judge_input, reading
