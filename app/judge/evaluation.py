"""Measuring a judge on labelled session files: agreement, discarded opinions, spread, cost.

`coachable judge-eval` feeds this; it is how a user decides whether their model is good enough
to switch the judge on. Per criterion of every labelled round (and the self-assessment, when
labelled) three levels are compared with the label: the rules', the judge's (what stood of it)
and the combined one. Agreement figures follow scripts/evaluate.py: Spearman on the labels as
given, exact and within one against the label rounded to a level (a range's midpoint up).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.catalog.loader import Catalog
from app.judge.build import round_input, self_assessment_input
from app.judge.combine import summarise
from app.judge.models import PROBLEMS, Call, JudgeInput, Part, Problem, Run, Verdict
from app.judge.quotes import find
from app.judge.run import ask_runs
from app.session_file import SessionFile
from app.stats import spearman

Ask = Callable[[JudgeInput], Awaitable[Call]]
SELF_INSIGHT = "self-insight"


@dataclass(frozen=True)
class EvalItem:
    """One labelled session: per round the criterion labels, and the self-assessment's label."""

    set: str
    id: str
    session: Mapping[str, Any]
    rounds: tuple[Mapping[str, float], ...]
    self_assessment: float | None = None


@dataclass(frozen=True)
class Scored:
    """One criterion of one labelled round (or the self-assessment) with the three levels."""

    set: str
    item: str
    part: str
    criterion: str
    label: float
    rule: int
    judge: int | None
    combined: int
    spread: int | None  # over the runs whose opinion stood
    given: tuple[int, ...]  # every level the model gave, defence or not (drift before proof)


@dataclass(frozen=True)
class Agreement:
    """How one set of levels agrees with the labels."""

    n: int
    spearman: float | None
    exact: float | None
    within_one: float | None


def level_of(value: float) -> int:
    """A label as a level 1-5 (a range's midpoint rounds up)."""
    return max(1, min(5, int(value + 0.5)))


def agreement(pairs: Sequence[tuple[float, float]]) -> Agreement:
    """(level, label) pairs -> Spearman, exact and within one."""
    if not pairs:
        return Agreement(0, None, None, None)
    levels = [p[0] for p in pairs]
    labels = [p[1] for p in pairs]
    exact = sum(int(a) == level_of(b) for a, b in pairs) / len(pairs)
    within = sum(abs(int(a) - level_of(b)) <= 1 for a, b in pairs) / len(pairs)
    return Agreement(len(pairs), spearman(levels, labels), exact, within)


@dataclass
class Tally:
    """Everything judge-eval counts while it runs."""

    scored: list[Scored] = field(default_factory=list)
    calls: int = 0
    failed_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    opinions: int = 0
    problems: Counter[Problem] = field(default_factory=Counter)
    quotes_given: int = 0
    quotes_failed: int = 0

    def add_runs(self, judge_input: JudgeInput, runs: Sequence[Run]) -> None:
        """Count one part's calls, opinions and quotes."""
        lines = {line.number: line for line in judge_input.lines}
        for run in runs:
            self.calls += 1
            self.failed_calls += bool(run.call.failure)
            self.prompt_tokens += run.call.prompt_tokens
            self.completion_tokens += run.call.completion_tokens
            self.seconds += run.call.seconds
            for opinion in run.opinions:
                self.opinions += 1
                if opinion.problem is not None:
                    self.problems[opinion.problem] += 1
                for quote in opinion.quotes:
                    self.quotes_given += 1
                    line = lines.get(quote.line)
                    if line is None or find(quote.text, line.text) is None:
                        self.quotes_failed += 1

    @property
    def discarded(self) -> int:
        """Opinions that did not stand, whatever the reason."""
        return sum(self.problems.values())


def _given_overall(runs: Sequence[Run], judge_input: JudgeInput) -> tuple[int, ...]:
    """Per run, the review's one level from the levels the model gave its criteria (weighted
    as the rubric weighs them), where it gave them all."""
    weights = [c.weight for c in judge_input.criteria]
    found = []
    for run in runs:
        levels = [o.level for o in run.opinions]
        if levels and all(level is not None for level in levels):
            mean = sum(w * (level or 0) for w, level in zip(weights, levels, strict=True))
            found.append(max(1, min(5, math.floor(mean / sum(weights) + 0.5))))
    return tuple(found)


def merge_tally(into: Tally, other: Tally) -> None:
    """Add another set's counts to `into` (for the all-sets read-out)."""
    into.scored.extend(other.scored)
    into.calls += other.calls
    into.failed_calls += other.failed_calls
    into.prompt_tokens += other.prompt_tokens
    into.completion_tokens += other.completion_tokens
    into.seconds += other.seconds
    into.opinions += other.opinions
    into.problems.update(other.problems)
    into.quotes_given += other.quotes_given
    into.quotes_failed += other.quotes_failed


def _given(runs: Sequence[Run], index: int) -> tuple[int, ...]:
    return tuple(
        o.level for run in runs for o in run.opinions[index : index + 1] if o.level is not None
    )


def _scored(
    item: EvalItem,
    part: str,
    verdict: Verdict,
    label: float,
    given: tuple[int, ...],
    criterion: str | None = None,
) -> Scored:
    return Scored(
        set=item.set,
        item=item.id,
        part=part,
        criterion=criterion or verdict.criterion,
        label=label,
        rule=verdict.rule_level,
        judge=verdict.judge_level,
        combined=verdict.combined,
        spread=verdict.spread,
        given=given,
    )


async def evaluate_item(
    item: EvalItem, catalog: Catalog, ask: Ask, runs: int, tally: Tally, *, model: str, prompt: str
) -> None:
    """Judge every labelled round of one session (and its self-assessment) `runs` times."""
    from app.report import SELF_ASSESSMENT_RUBRIC, score_session

    session = SessionFile.model_validate(dict(item.session))
    report = score_session(session, catalog)
    scenario = catalog.scenarios.get(report.scenario)
    for number, (found, labels) in enumerate(zip(report.rounds, item.rounds, strict=False), 1):
        if not labels:
            continue
        part: Part = "round1" if number == 1 else "round2"
        judge_input, reading = round_input(part, report.rubric, found.turns, found.score, scenario)
        done = await ask_runs(ask, judge_input, reading, runs)
        tally.add_runs(judge_input, done)
        judgement = summarise(judge_input, reading, done, model=model, prompt_version=prompt)
        for index, verdict in enumerate(judgement.verdicts):
            if verdict.criterion in labels:
                given = _given(done, index)
                tally.scored.append(_scored(item, part, verdict, labels[verdict.criterion], given))
    sa_rubric = catalog.rubrics.get(SELF_ASSESSMENT_RUBRIC)
    if (
        item.self_assessment is not None
        and session.self_assessment
        and report.self_assessment is not None
        and sa_rubric is not None
    ):
        first = report.rounds[0]
        judge_input, reading = self_assessment_input(
            sa_rubric,
            first.turns,
            first.score,
            scenario,
            session.self_assessment,
            report.self_assessment,
        )
        done = await ask_runs(ask, judge_input, reading, runs)
        tally.add_runs(judge_input, done)
        judgement = summarise(judge_input, reading, done, model=model, prompt_version=prompt)
        if judgement.overall is not None:
            given = _given_overall(done, judge_input)
            tally.scored.append(
                _scored(
                    item,
                    "self_assessment",
                    judgement.overall,
                    item.self_assessment,
                    given,
                    SELF_INSIGHT,
                )
            )


# --------------------------------------------------------------------------- the read-out


@dataclass(frozen=True)
class Row:
    """One criterion (or all of them) in the agreement table."""

    name: str
    n: int
    judged: int  # items where the judge's opinion stood
    rules: Agreement
    judge: Agreement
    combined: Agreement


def rows(scored: Sequence[Scored]) -> list[Row]:
    """Per criterion, then all round criteria pooled."""
    names = list(dict.fromkeys(s.criterion for s in scored if s.criterion != SELF_INSIGHT))
    groups: list[tuple[str, list[Scored]]] = [
        (n, [s for s in scored if s.criterion == n]) for n in names
    ]
    pooled = [s for s in scored if s.criterion != SELF_INSIGHT]
    if len(names) > 1:
        groups.append(("all criteria", pooled))
    insight = [s for s in scored if s.criterion == SELF_INSIGHT]
    if insight:
        groups.append((SELF_INSIGHT, insight))
    out = []
    for name, items in groups:
        judged = [s for s in items if s.judge is not None]
        out.append(
            Row(
                name=name,
                n=len(items),
                judged=len(judged),
                rules=agreement([(s.rule, s.label) for s in items]),
                judge=agreement([(s.judge, s.label) for s in judged if s.judge is not None]),
                combined=agreement([(s.combined, s.label) for s in items]),
            )
        )
    return out


def _fmt(value: float | None, kind: str = "r") -> str:
    if value is None:
        return "–"
    return f"{100 * value:.0f}%" if kind == "pct" else f"{value:.2f}"


def _spreads(scored: Iterable[Scored]) -> tuple[list[int], list[int]]:
    stood = [s.spread for s in scored if s.spread is not None]
    given = [max(s.given) - min(s.given) for s in scored if len(s.given) > 1]
    return stood, given


def read_out(tally: Tally, *, model: str, base_url: str, runs: int, prompt: str) -> str:
    """The table judge-eval prints."""
    lines = [
        f"judge-eval: model {model} at {base_url}, prompt {prompt}, {runs} run(s) per item",
        "",
        f"{'criterion':<16} {'n':>4} {'judged':>6}  {'Spearman rules/judge/comb':<26} "
        f"{'exact rules/judge/comb':<23} within one r/j/c",
    ]
    for row in rows(tally.scored):
        trio = (row.rules, row.judge, row.combined)
        lines.append(
            f"{row.name:<16} {row.n:>4} {row.judged:>6}  "
            + f"{' / '.join(_fmt(a.spearman) for a in trio):<26} "
            + f"{' / '.join(_fmt(a.exact, 'pct') for a in trio):<23} "
            + " / ".join(_fmt(a.within_one, "pct") for a in trio)
        )
    lines.append("")
    failed = tally.quotes_failed / tally.quotes_given if tally.quotes_given else None
    lines.append(
        f"quotes: {tally.quotes_given} given, {tally.quotes_failed} not found at their line "
        f"(quote-failure rate {_fmt(failed, 'pct')})"
    )
    share = tally.discarded / tally.opinions if tally.opinions else None
    why = ", ".join(f"{p} {tally.problems[p]}" for p in PROBLEMS if tally.problems[p])
    lines.append(
        f"opinions: {tally.opinions} asked, {tally.discarded} discarded "
        f"({_fmt(share, 'pct')}){': ' + why if why else ''}"
    )
    stood, given = _spreads(tally.scored)
    if runs > 1:
        varied = sum(1 for g in given if g > 0)
        lines.append(
            f"spread over {runs} runs: levels given vary on {varied} of {len(given)} items "
            f"(mean {_mean(given)}, max {_max(given)}); "
            f"standing levels: mean {_mean(stood)}, max {_max(stood)}"
        )
    else:
        lines.append("spread: one run per item (use --runs 3 to measure it)")
    per_call = tally.seconds / tally.calls if tally.calls else 0.0
    tokens = tally.prompt_tokens + tally.completion_tokens
    lines.append(
        f"cost: {tally.calls} calls ({tally.failed_calls} failed), "
        f"{tally.prompt_tokens:,} prompt + {tally.completion_tokens:,} completion tokens "
        f"({tokens // tally.calls if tally.calls else 0:,} per call), "
        f"{tally.seconds:.0f} s ({per_call:.1f} s per call)"
    )
    return "\n".join(lines) + "\n"


def _mean(values: Sequence[int]) -> str:
    return f"{sum(values) / len(values):.2f}" if values else "–"


def _max(values: Sequence[int]) -> str:
    return str(max(values)) if values else "–"


def as_json(tally: Tally, *, model: str, base_url: str, runs: int, prompt: str) -> dict[str, Any]:
    """The same figures as JSON (`--json`)."""

    def agreement_json(a: Agreement) -> dict[str, Any]:
        return {"n": a.n, "spearman": a.spearman, "exact": a.exact, "within_one": a.within_one}

    stood, given = _spreads(tally.scored)
    return {
        "model": model,
        "base_url": base_url,
        "prompt_version": prompt,
        "runs": runs,
        "criteria": [
            {
                "criterion": r.name,
                "n": r.n,
                "judged": r.judged,
                "rules": agreement_json(r.rules),
                "judge": agreement_json(r.judge),
                "combined": agreement_json(r.combined),
            }
            for r in rows(tally.scored)
        ],
        "quotes": {"given": tally.quotes_given, "not_found": tally.quotes_failed},
        "opinions": {
            "asked": tally.opinions,
            "discarded": tally.discarded,
            "problems": {p: tally.problems[p] for p in PROBLEMS if tally.problems[p]},
        },
        "spread": {"standing": stood, "given": given},
        "cost": {
            "calls": tally.calls,
            "failed_calls": tally.failed_calls,
            "prompt_tokens": tally.prompt_tokens,
            "completion_tokens": tally.completion_tokens,
            "seconds": round(tally.seconds, 2),
        },
    }
