"""Stored scores: scorecards as JSON and back, and the reviewers' overrides laid on them.

A round is scored once, when it ends, and its scorecard is stored; so are the self-assessment's
score, the coaching and the application. Everything a reviewer sees is read from there, through
`apply_overrides`, so a deploy never changes an old report and no two views can disagree.
Pure: no database, no clock.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cache
from typing import Any, Protocol, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from app.coaching.compare import compare_rounds
from app.coaching.models import Application, Coaching
from app.scoring.models import CriterionScore, RoundScore, SelfAssessmentScore
from app.scoring.score import weighted_total

T = TypeVar("T")

ROUND_PARTS = ("round1", "round2")
# The parts stored per interview, in the order they are scored (the coaching lives on the
# interview row, which the candidate's pages read too).
PARTS = (*ROUND_PARTS, "self_assessment", "application")


# --------------------------------------------------------------------------- JSON


def to_json(value: Any) -> Any:
    """A dataclass (or a tuple, list or dict of them) as JSON-ready values, field by field."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(cls: type[T], data: Any) -> T:
    """A dataclass read back from `to_json`'s output, by the class's own field types.

    A field missing from older JSON takes its default (so fields the scorer adds later load
    from rows stored before them); a key the class no longer has is dropped.
    """
    return cast(T, _read(cls, data))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _read(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    if isinstance(hint, type) and is_dataclass(hint):
        hints = _hints(hint)
        return hint(
            **{f.name: _read(hints[f.name], data[f.name]) for f in fields(hint) if f.name in data}
        )
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        return _read(arms[0], data) if len(arms) == 1 else data
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], v) for v in data)
        return tuple(_read(a, v) for a, v in zip(args, data, strict=True))
    if origin is list:
        return [_read(args[0], v) for v in data]
    if origin is dict:
        return {_read(args[0], k): _read(args[1], v) for k, v in data.items()}
    if hint is float:
        return float(data)  # JSON writes 3.0 as 3 in some encoders
    if hint is int:
        return int(data)  # dict keys come back as strings
    return data


# --------------------------------------------------------------------------- stored scores


@dataclass(frozen=True)
class StoredScores:
    """An interview's scores as stored, each part with the scorer version that produced it."""

    rounds: tuple[RoundScore, ...] = ()  # round 1, then round 2
    self_assessment: SelfAssessmentScore | None = None
    coaching: Coaching | None = None
    application: Application | None = None
    versions: dict[str, str] = field(default_factory=dict)  # part -> scorer version

    def parts(self) -> dict[str, Any]:
        """The stored parts as JSON, by part name (see PARTS)."""
        found: dict[str, Any] = {
            part: to_json(score) for part, score in zip(ROUND_PARTS, self.rounds, strict=False)
        }
        if self.self_assessment is not None:
            found["self_assessment"] = to_json(self.self_assessment)
        if self.application is not None:
            found["application"] = to_json(self.application)
        return found

    @classmethod
    def of_parts(
        cls, parts: Mapping[str, tuple[Any, str]], coaching: Coaching | None
    ) -> StoredScores:
        """From stored parts (part -> (JSON, scorer version)) and the stored coaching."""
        rounds: list[RoundScore] = []
        for part in ROUND_PARTS:
            if part not in parts:
                break
            rounds.append(from_json(RoundScore, parts[part][0]))
        self_assessment = parts.get("self_assessment")
        application = parts.get("application")
        return cls(
            rounds=tuple(rounds),
            self_assessment=from_json(SelfAssessmentScore, self_assessment[0])
            if self_assessment
            else None,
            coaching=coaching,
            application=from_json(Application, application[0]) if application else None,
            versions={part: version for part, (_, version) in parts.items()},
        )


# --------------------------------------------------------------------------- overrides


class Override(Protocol):
    """A reviewer's level for one criterion in one round (app.flows.OverrideView is one)."""

    @property
    def round(self) -> int:
        """The round the level is for."""
        ...

    @property
    def criterion(self) -> str:
        """The criterion id."""
        ...

    @property
    def new_score(self) -> int:
        """The reviewer's level, 1-5."""
        ...


@dataclass(frozen=True)
class EffectiveScores:
    """The stored scores with the reviewers' overrides laid on: the figures that count."""

    rounds: tuple[RoundScore, ...]
    application: Application | None
    overridden: frozenset[tuple[int, str]]  # (round, criterion) cells a reviewer set

    def round(self, number: int) -> RoundScore | None:
        """One round's scorecard as it counts, if that round is scored."""
        return self.rounds[number - 1] if 0 < number <= len(self.rounds) else None

    def total(self, number: int) -> int | None:
        """One round's total as it counts."""
        found = self.round(number)
        return found.total if found is not None else None

    def level(self, number: int, criterion: str) -> int | None:
        """One criterion's level as it counts."""
        found = self.round(number)
        score = found.criterion(criterion) if found is not None else None
        return score.score if score is not None else None


def apply_overrides(stored: StoredScores, overrides: Sequence[Override]) -> EffectiveScores:
    """Lay overrides (oldest first; the latest per criterion wins) on stored scorecards and
    recompute what derives from them: each round's total and the coaching application."""
    latest = {(o.round, o.criterion): o.new_score for o in overrides}
    rounds: list[RoundScore] = []
    overridden: set[tuple[int, str]] = set()
    for number, score in enumerate(stored.rounds, start=1):
        criteria: list[CriterionScore] = []
        for c in score.criteria:
            level = latest.get((number, c.criterion))
            if level is None:
                criteria.append(c)
                continue
            overridden.add((number, c.criterion))
            # A reviewer's level is a measurement: it counts in the total even where the round
            # gave the scorer nothing to go on, and its unrounded level is the level itself.
            criteria.append(replace(c, score=level, raw=float(level), assessed=True))
        if any((number, c.criterion) in overridden for c in score.criteria):
            score = replace(score, criteria=tuple(criteria), total=weighted_total(criteria))
        rounds.append(score)
    application = stored.application
    if application is not None and len(rounds) >= 2 and overridden:
        application = compare_rounds(rounds[0], rounds[1], application.coached.criterion)
    return EffectiveScores(tuple(rounds), application, frozenset(overridden))


# --------------------------------------------------------------------------- re-scoring


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """One figure that differs between two scorings of the same interview."""

    what: str  # "round 1 opening", "round 1 total", "applied", "self-assessment"
    old: str
    new: str


def _shown(value: float | int | None, places: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:.{places}f}" if places else str(value)


def score_changes(old: StoredScores, new: StoredScores) -> list[ScoreChange]:
    """What differs between two scorings: criterion levels, totals, applied, self-assessment."""
    changes: list[ScoreChange] = []
    for number in range(1, max(len(old.rounds), len(new.rounds)) + 1):
        before = old.rounds[number - 1] if number <= len(old.rounds) else None
        after = new.rounds[number - 1] if number <= len(new.rounds) else None
        levels_before = {c.criterion: c.score for c in before.criteria} if before else {}
        levels_after = {c.criterion: c.score for c in after.criteria} if after else {}
        for criterion in dict.fromkeys([*levels_before, *levels_after]):
            was, now = levels_before.get(criterion), levels_after.get(criterion)
            if was != now:
                changes.append(ScoreChange(f"round {number} {criterion}", _shown(was), _shown(now)))
        was_total = before.total if before else None
        now_total = after.total if after else None
        if was_total != now_total:
            changes.append(
                ScoreChange(f"round {number} total", _shown(was_total), _shown(now_total))
            )
    was_applied = old.application.applied if old.application else None
    now_applied = new.application.applied if new.application else None
    if was_applied != now_applied:
        changes.append(ScoreChange("applied", _shown(was_applied, 2), _shown(now_applied, 2)))
    was_self = old.self_assessment.score if old.self_assessment else None
    now_self = new.self_assessment.score if new.self_assessment else None
    if was_self != now_self:
        changes.append(ScoreChange("self-assessment", _shown(was_self), _shown(now_self)))
    return changes
