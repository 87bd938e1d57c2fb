"""A judgement as JSON and back: the form it is stored in beside an interview's scores."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from app.judge.models import PARTS, PROBLEMS, Judgement, Opinion, Part, Problem, Quote, Verdict


def judgement_to_json(judgement: Judgement) -> dict[str, Any]:
    """Plain JSON values (tuples become lists)."""
    data: dict[str, Any] = asdict(judgement)
    return data


def _quotes(items: Any) -> tuple[Quote, ...]:
    return tuple(Quote(int(q["line"]), str(q["text"])) for q in items or ())


def _problems(items: Any) -> tuple[tuple[Problem, int], ...]:
    found = []
    for name, count in items or ():
        if name in PROBLEMS:
            found.append((cast(Problem, name), int(count)))
    return tuple(found)


def _opinion(data: Any) -> Opinion | None:
    if not data:
        return None
    problem = data.get("problem")
    return Opinion(
        criterion=str(data["criterion"]),
        level=data.get("level"),
        quotes=_quotes(data.get("quotes")),
        reason=str(data.get("reason") or ""),
        problem=cast(Problem, problem) if problem in PROBLEMS else None,
        detail=str(data.get("detail") or ""),
    )


def _verdict(data: Any) -> Verdict:
    return Verdict(
        criterion=str(data["criterion"]),
        name=str(data["name"]),
        rule_level=int(data["rule_level"]),
        rule_reason=str(data.get("rule_reason") or ""),
        judge_level=data.get("judge_level"),
        combined=int(data["combined"]),
        spread=data.get("spread"),
        standing=int(data.get("standing") or 0),
        runs=int(data.get("runs") or 0),
        reason=str(data.get("reason") or ""),
        quotes=_quotes(data.get("quotes")),
        problems=_problems(data.get("problems")),
        discarded=_opinion(data.get("discarded")),
    )


def judgement_from_json(data: dict[str, Any]) -> Judgement:
    """The judgement stored by judgement_to_json."""
    part = data["part"]
    if part not in PARTS:
        raise ValueError(f"unknown judgement part {part!r}")
    overall = data.get("overall")
    return Judgement(
        part=cast(Part, part),
        model=str(data["model"]),
        prompt_version=str(data["prompt_version"]),
        runs=int(data["runs"]),
        verdicts=tuple(_verdict(v) for v in data.get("verdicts") or ()),
        prompt_tokens=int(data.get("prompt_tokens") or 0),
        completion_tokens=int(data.get("completion_tokens") or 0),
        seconds=float(data.get("seconds") or 0.0),
        failed_calls=int(data.get("failed_calls") or 0),
        failure=str(data.get("failure") or ""),
        opinions=int(data.get("opinions") or 0),
        discarded=int(data.get("discarded") or 0),
        problems=_problems(data.get("problems")),
        overall=_verdict(overall) if overall else None,
        scorer_version=str(data.get("scorer_version") or ""),
    )
