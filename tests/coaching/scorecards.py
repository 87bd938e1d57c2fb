"""Hand-made scorecards for the coaching tests."""

from __future__ import annotations

from app.catalog.models import Rubric
from app.scoring.metrics import measure_round
from app.scoring.models import CriterionScore, RoundScore
from app.scoring.score import weighted_total


def scorecard(
    rubric: Rubric,
    levels: dict[str, int],
    evidence: dict[str, tuple[int, ...]] | None = None,
    unassessed: tuple[str, ...] = (),
    raw: dict[str, float] | None = None,
) -> RoundScore:
    """A scorecard for `rubric` with the given levels (3 elsewhere), evidence turns and, when
    given, unrounded levels."""
    evidence = evidence or {}
    raw = raw or {}
    criteria = [
        CriterionScore(
            criterion=c.id,
            name=c.name,
            score=levels.get(c.id, 3),
            evidence=evidence.get(c.id, (1,)),
            reason=f"Measured {c.id}.",
            weight=c.weight,
            assessed=c.id not in unassessed,
            raw=raw.get(c.id, 0.0),
        )
        for c in rubric.criteria
    ]
    return RoundScore(
        rubric=rubric.id,
        language=rubric.language,
        turns=(),
        metrics=measure_round(()),
        criteria=tuple(criteria),
        total=weighted_total(criteria),
    )
