"""The LLM judge's second opinion, shaped for the reviewer's report page (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import flows
from app.judge.models import PARTS, Judgement, Part, Verdict
from app.judge.report import combination_rule, combined_total, texts


@dataclass(frozen=True, slots=True)
class JudgeQuote:
    """A quote the judge's level rests on, with the transcript anchor it points at."""

    line: int
    text: str
    anchor: str  # "r1-t4": the transcript row of that line ("" for the review)


@dataclass(frozen=True, slots=True)
class JudgeCell:
    """One criterion in one part: both opinions, the combined level, and why."""

    part: Part
    title: str
    rule: int
    judge: int | None
    combined: int
    disagreement: bool
    reason: str
    rule_reason: str
    quotes: tuple[JudgeQuote, ...]
    spread: int | None
    standing: int
    runs: int
    discarded: str  # the first discarded opinion, in words ("" when none was)


@dataclass(frozen=True, slots=True)
class JudgePart:
    """One part (a call or the self-assessment): status, model, totals and cost."""

    part: Part
    title: str
    status: str  # judged | failed | pending
    message: str
    model: str
    prompt_version: str
    scorer_version: str  # of the stored scorecard the judge was held to
    runs: int
    opinions: int
    discarded: int
    rule_total: int | None
    combined_total: int | None
    tokens: int
    seconds: float
    overall: JudgeCell | None


@dataclass(frozen=True)
class JudgeView:
    """Everything the report page shows of the judge."""

    rule: str
    parts: tuple[JudgePart, ...]
    by_criterion: dict[str, tuple[JudgeCell, ...]]
    disagreements: tuple[tuple[str, JudgeCell], ...]  # (criterion name, cell)
    can_ask_again: bool


def _anchor(part: Part, line: int, review: int | None) -> str:
    if part == "self_assessment":
        return "" if line == review else f"r1-t{line - 1}"
    return f"r{part[-1]}-t{line - 1}"


def _discarded(verdict: Verdict) -> str:
    found = verdict.discarded
    if found is None:
        return ""
    words: dict[str, str] = texts()["problems"]
    why = words.get(found.problem or "", found.problem or "")
    level = f"level {found.level}" if found.level is not None else "an opinion"
    detail = f" ({found.detail})" if found.detail else ""
    return f"It said {level}, but {why}{detail}."


def _cell(part: Part, verdict: Verdict, review: int | None) -> JudgeCell:
    quotes = tuple(
        JudgeQuote(q.line, q.text, _anchor(part, q.line, review)) for q in verdict.quotes
    )
    return JudgeCell(
        part=part,
        title=texts()["parts"][part],
        rule=verdict.rule_level,
        judge=verdict.judge_level,
        combined=verdict.combined,
        disagreement=verdict.disagreement,
        reason=verdict.reason,
        rule_reason=verdict.rule_reason,
        quotes=quotes,
        spread=verdict.spread,
        standing=verdict.standing,
        runs=verdict.runs,
        discarded=_discarded(verdict),
    )


def _message(status: str, judgement: Judgement | None) -> str:
    words: dict[str, Any] = texts()
    if status == "pending":
        return str(words["status"]["pending"])
    if status == "failed" and judgement is not None:
        reason = words["failures"].get(judgement.failure, judgement.failure)
        return str(words["status"]["failed"]).format(reason=reason)
    return ""


def judge_view(report: flows.InterviewReport) -> JudgeView | None:
    """The judge's part of the report page, or None when the judge is off for the interview."""
    judge = report.judge
    if judge is None:
        return None
    review = len(report.turns.get(1, ())) + 1
    parts = []
    by_criterion: dict[str, list[JudgeCell]] = {}
    disagreements = []
    scores = {f"round{n}": r.score for n, r in enumerate(report.report.rounds, start=1)}
    for part in PARTS:
        if part not in judge.due:
            continue
        status = judge.status(part)
        found = judge.judgements.get(part)
        overall = None
        if found is not None and not found.failed:
            if part == "self_assessment":
                # The rules give the review one score, so only the one level is compared.
                if found.overall is not None:
                    overall = _cell(part, found.overall, review)
                    if overall.disagreement:
                        disagreements.append((texts()["overall"], overall))
            else:
                for verdict in found.verdicts:
                    cell = _cell(part, verdict, review)
                    by_criterion.setdefault(verdict.criterion, []).append(cell)
                    if cell.disagreement:
                        disagreements.append((verdict.name, cell))
        score = scores.get(part)
        judged = found is not None and not found.failed
        parts.append(
            JudgePart(
                part=part,
                title=texts()["parts"][part],
                status=status,
                message=_message(status, found),
                model=found.model if found else "",
                prompt_version=found.prompt_version if found else "",
                scorer_version=found.scorer_version if found else "",
                runs=found.runs if found else 0,
                opinions=found.opinions if found else 0,
                discarded=found.discarded if found else 0,
                rule_total=score.total if score and judged else None,
                combined_total=combined_total(score, found) if score and found and judged else None,
                tokens=(found.prompt_tokens + found.completion_tokens) if found else 0,
                seconds=found.seconds if found else 0.0,
                overall=overall,
            )
        )
    return JudgeView(
        rule=combination_rule(),
        parts=tuple(parts),
        by_criterion={k: tuple(v) for k, v in by_criterion.items()},
        disagreements=tuple(disagreements),
        can_ask_again=any(p.status == "failed" for p in parts),
    )
