"""Two opinions, one report: the runs' median, the spread, and how judge and rules combine.

THE COMBINATION RULE (also on the report page and in the README):

    combined = rule + clamp(judge - rule, -1, +1)

The judge moves the rule-based level by at most one level, towards its own. With no judge level
(the judge is off, the call failed, or fewer than half the runs gave an opinion that stood) the
combined level is the rule-based one. A difference of two levels or more is a disagreement: the
report highlights it with both reasons and leaves the decision to the reviewer.

With n runs, the judge's level is the median of the standing levels (a median between two
levels is taken on the rule-based side), and the spread is the highest minus the lowest.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence

from app.judge.models import (
    PROBLEMS,
    JudgeInput,
    Judgement,
    Opinion,
    Problem,
    RuleReading,
    Run,
    Verdict,
)


def combined_level(rule: int, judge: int | None) -> int:
    """The combination rule: the rule-based level moved at most one level towards the judge's."""
    if judge is None:
        return rule
    return rule + max(-1, min(1, judge - rule))


def median_level(levels: Sequence[int], towards: int) -> int:
    """The median level; halfway between two levels, the one on the side of `towards`."""
    middle = statistics.median(levels)
    if middle == int(middle):
        return int(middle)
    low, high = math.floor(middle), math.ceil(middle)
    return high if towards >= high else low


def enough(standing: int, runs: int) -> bool:
    """At least half the runs (rounded up) must give an opinion that stands."""
    return runs > 0 and standing >= math.ceil(runs / 2)


def _counts(problems: Sequence[Problem]) -> tuple[tuple[Problem, int], ...]:
    counted = Counter(problems)
    return tuple((p, counted[p]) for p in PROBLEMS if counted[p])


def verdict(
    criterion: str,
    name: str,
    rule_level: int,
    rule_reason: str,
    opinions: Sequence[Opinion],
) -> Verdict:
    """One criterion over every run (`opinions` holds one opinion per run)."""
    standing = [o for o in opinions if o.stands and o.level is not None]
    levels = [o.level for o in standing if o.level is not None]
    judge = median_level(levels, rule_level) if enough(len(levels), len(opinions)) else None
    # The reason shown is from a run at the median (or nearest it, when the median falls
    # between two runs' levels).
    shown = min(standing, key=lambda o: abs((o.level or 0) - judge)) if judge is not None else None
    discarded = [o for o in opinions if not o.stands]
    return Verdict(
        criterion=criterion,
        name=name,
        rule_level=rule_level,
        rule_reason=rule_reason,
        judge_level=judge,
        combined=combined_level(rule_level, judge),
        spread=max(levels) - min(levels) if levels else None,
        standing=len(levels),
        runs=len(opinions),
        reason=shown.reason if shown else "",
        quotes=shown.quotes if shown else (),
        problems=_counts([o.problem for o in discarded if o.problem is not None]),
        discarded=discarded[0] if discarded else None,
    )


def _overall(judge_input: JudgeInput, verdicts: Sequence[Verdict], rule: int) -> Verdict:
    """The self-assessment's one level from its criteria, weighted as the rubric weighs them."""
    weights = {c.id: c.weight for c in judge_input.criteria}
    judged = [v for v in verdicts if v.judge_level is not None]
    judge = None
    if judged and len(judged) == len(verdicts):
        total = sum(weights[v.criterion] for v in judged)
        mean = sum(weights[v.criterion] * (v.judge_level or 0) for v in judged) / total
        judge = max(1, min(5, math.floor(mean + 0.5)))
    return Verdict(
        criterion="self-assessment",
        name=judge_input.rubric_title,
        rule_level=rule,
        rule_reason=verdicts[0].rule_reason if verdicts else "",
        judge_level=judge,
        combined=combined_level(rule, judge),
        spread=max((v.spread or 0 for v in judged), default=None) if judged else None,
        standing=min((v.standing for v in verdicts), default=0),
        runs=verdicts[0].runs if verdicts else 0,
        reason=" ".join(f"{v.name}: {v.reason}" for v in judged if v.reason),
        quotes=tuple(q for v in judged for q in v.quotes),
    )


def summarise(
    judge_input: JudgeInput,
    reading: RuleReading,
    runs: Sequence[Run],
    *,
    model: str,
    prompt_version: str,
) -> Judgement:
    """The judgement of one part from its runs: verdicts, counts and cost."""
    verdicts = tuple(
        verdict(
            c.id,
            c.name,
            reading.levels[c.id],
            reading.reasons.get(c.id, ""),
            [run.opinions[i] for run in runs],
        )
        for i, c in enumerate(judge_input.criteria)
    )
    opinions = [o for run in runs for o in run.opinions]
    discarded = [o.problem for o in opinions if o.problem is not None]
    failures = [run.call.failure for run in runs if run.call.failure]
    overall = None
    if judge_input.part == "self_assessment" and verdicts:
        overall = _overall(judge_input, verdicts, verdicts[0].rule_level)
    return Judgement(
        part=judge_input.part,
        model=model,
        prompt_version=prompt_version,
        runs=len(runs),
        verdicts=verdicts,
        prompt_tokens=sum(run.call.prompt_tokens for run in runs),
        completion_tokens=sum(run.call.completion_tokens for run in runs),
        seconds=round(sum(run.call.seconds for run in runs), 3),
        failed_calls=len(failures),
        failure=failures[0] if runs and len(failures) == len(runs) else "",
        opinions=len(opinions),
        discarded=len(discarded),
        problems=_counts(discarded),
        overall=overall,
    )
