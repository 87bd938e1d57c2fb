"""Coaching and the comparison of rounds, as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How round 2 took the coaching: "applied" (the coached behaviour clearly changed, or a
# strength rose further), "kept" (already a strength, held without over-correcting), "partly",
# "not applied", or "not measured" (a round gave no chance to show the criterion).
Verdict = Literal["applied", "kept", "partly", "not applied", "not measured"]


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
    applied: float  # 0, 0.5 or 1: the verdict as a share (applied and kept are both 1)
    # What round 2 over-corrected into ("interrogation"); empty when it did not.
    over_correction: tuple[str, ...]
    total_before: int
    total_after: int
    summary: str
    verdict: Verdict | None = None  # None only in applications stored before verdicts existed
    rose: tuple[str, ...] = ()  # other criteria a level or more up (measured in both rounds)
    fell: tuple[str, ...] = ()  # other criteria a level or more down
