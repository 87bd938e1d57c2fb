"""Coaching and the comparison of rounds, as plain values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CoachingPoint:
    """One piece of feedback tied to a criterion and a moment in the round."""

    criterion: str
    name: str
    quote: str  # the candidate's own words
    turn: int | None  # index of the quoted turn
    message: str  # what was seen, and what to keep doing / do differently next round


@dataclass(frozen=True, slots=True)
class Coaching:
    """Exactly one strength and one improvement."""

    strength: CoachingPoint
    improvement: CoachingPoint


@dataclass(frozen=True, slots=True)
class CriterionChange:
    """How one criterion moved between rounds."""

    criterion: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        """after minus before."""
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Application:
    """How well the coaching was applied in round 2."""

    coached: CriterionChange
    others: tuple[CriterionChange, ...]
    applied: float  # 0..1
    over_correction: tuple[str, ...]  # criteria that fell while chasing the coached one
    total_before: int
    total_after: int
    summary: str
