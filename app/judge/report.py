"""The judge's part of a report: what is due, what it said, and how the two opinions combine.

Only reviewers see this. The scorer's figures (levels, totals, coaching, application) are never
changed by it: the combined levels and totals are shown beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.judge.models import Judgement, Part, Verdict
from app.scoring.models import RoundScore
from app.scoring.score import weighted_total


@cache
def texts() -> dict[str, Any]:
    """The words the judge's part of a report uses (app/judge/texts.yaml)."""
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).with_name("texts.yaml")).read_text(encoding="utf-8")
    )
    return data


def combination_rule() -> str:
    """The combination rule in words, as the report states it."""
    return str(texts()["combination_rule"])


@dataclass(frozen=True)
class JudgeReport:
    """The parts of an interview the judge reads, and its stored judgements of them."""

    due: tuple[Part, ...]
    judgements: Mapping[str, Judgement] = field(default_factory=dict)

    def status(self, part: Part) -> str:
        """judged, failed or pending (asked for, not answered yet)."""
        found = self.judgements.get(part)
        if found is None:
            return "pending"
        return "failed" if found.failed else "judged"

    @property
    def pending(self) -> tuple[Part, ...]:
        """The due parts with no stored judgement yet."""
        return tuple(p for p in self.due if p not in self.judgements)


def combined_total(score: RoundScore, judgement: Judgement) -> int:
    """The round's total with every judged criterion at its combined level (same weights)."""
    levels = {v.criterion: v.combined for v in judgement.verdicts}
    criteria = [replace(c, score=levels.get(c.criterion, c.score)) for c in score.criteria]
    return weighted_total(criteria)


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "name": verdict.name,
        "rule": verdict.rule_level,
        "judge": verdict.judge_level,
        "combined": verdict.combined,
        "disagreement": verdict.disagreement,
        "spread": verdict.spread,
        "standing": verdict.standing,
        "runs": verdict.runs,
        "reason": verdict.reason,
        "rule_reason": verdict.rule_reason,
        "quotes": [{"line": q.line, "text": q.text} for q in verdict.quotes],
        "problems": dict(verdict.problems),
        "discarded": (
            {
                "level": verdict.discarded.level,
                "reason": verdict.discarded.reason,
                "problem": verdict.discarded.problem,
                "detail": verdict.discarded.detail,
            }
            if verdict.discarded
            else None
        ),
    }


def part_json(judgement: Judgement, score: RoundScore | None) -> dict[str, Any]:
    """One part's judgement as the report's JSON shows it."""
    data: dict[str, Any] = {
        "status": "failed" if judgement.failed else "judged",
        "model": judgement.model,
        "prompt_version": judgement.prompt_version,
        "scorer_version": judgement.scorer_version,
        "runs": judgement.runs,
        "failure": judgement.failure or None,
        "criteria": {v.criterion: _verdict_json(v) for v in judgement.verdicts},
        "opinions": judgement.opinions,
        "discarded": judgement.discarded,
        "problems": dict(judgement.problems),
        "tokens": {
            "prompt": judgement.prompt_tokens,
            "completion": judgement.completion_tokens,
        },
        "seconds": judgement.seconds,
    }
    if score is not None and not judgement.failed:
        data["rule_total"] = score.total
        data["combined_total"] = combined_total(score, judgement)
    if judgement.overall is not None:
        data["overall"] = _verdict_json(judgement.overall)
        for entry in data["criteria"].values():
            # The rules score the review as a whole: each criterion's "rule" is that one score,
            # and only the overall level is compared with it.
            entry["disagreement"] = False
    return data


def judge_json(judge: JudgeReport, rounds: Mapping[str, RoundScore]) -> dict[str, Any]:
    """The report's "judge" entry: the rule, and each due part (null while pending)."""
    parts: dict[str, Any] = {}
    for part in judge.due:
        found = judge.judgements.get(part)
        parts[part] = part_json(found, rounds.get(part)) if found else None
    return {"combination_rule": combination_rule(), "parts": parts}
