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
    raw_before: float = 0.0  # the unrounded levels (CriterionScore.raw); 0.0 when unknown
    raw_after: float = 0.0

    @property
    def delta(self) -> int:
        """after minus before."""
        return self.after - self.before

    @property
    def raw_delta(self) -> float:
        """after minus before on the unrounded levels (the rounded ones when those are unknown)."""
        if self.raw_before and self.raw_after:
            return round(self.raw_after - self.raw_before, 2)
        return float(self.delta)


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
