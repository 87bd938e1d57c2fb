"""Comparing two rounds: did the coached criterion improve, and at what cost elsewhere?"""

from __future__ import annotations

from app.coaching.coach import messages
from app.coaching.models import Application, CriterionChange
from app.scoring.models import RoundScore

# What a fall on another criterion costs the coached gain: a one-level dip is mostly noise,
# a fall of two or more is chasing one behaviour at the expense of the others.
_DIP_COST = 0.1
_FALL_COST_PER_LEVEL = 0.25


def drop_cost(others: tuple[CriterionChange, ...]) -> float:
    """The share of the coached gain that falls on other criteria take away."""
    return sum(
        _DIP_COST if c.delta == -1 else _FALL_COST_PER_LEVEL * -c.delta
        for c in others
        if c.delta < 0
    )


def applied_share(coached: CriterionChange, others: tuple[CriterionChange, ...]) -> float:
    """0..1: the coached gain relative to the room it had, less what the others lost."""
    kept = max(0.0, 1.0 - drop_cost(others))
    if coached.before >= 5:
        return round(kept, 2) if coached.after >= 5 else 0.0
    if coached.after <= coached.before:
        return 0.0
    gain = (coached.after - coached.before) / (5 - coached.before)
    return round(gain * kept, 2)


def compare_rounds(first: RoundScore, second: RoundScore, coached_criterion: str) -> Application:
    """How well round 2 applied the coaching on `coached_criterion`."""
    after = {c.criterion: c for c in second.criteria}
    changes = tuple(
        CriterionChange(
            c.criterion, c.score, after[c.criterion].score, c.raw, after[c.criterion].raw
        )
        for c in first.criteria
        if c.criterion in after
    )
    coached = next((c for c in changes if c.criterion == coached_criterion), None)
    if coached is None:
        known = ", ".join(c.criterion for c in changes)
        raise ValueError(f"no criterion {coached_criterion!r} in both rounds (known: {known})")
    # A criterion a round gave no chance to show (a challenge never asked) neither improved
    # nor fell: its neutral 3 is not a measurement.
    measured = {c.criterion for c in first.criteria if c.assessed} & {
        c.criterion for c in second.criteria if c.assessed
    }
    others = tuple(c for c in changes if c is not coached)
    counted = tuple(c for c in others if c.criterion in measured)
    fell = tuple(c.criterion for c in counted if c.delta <= -1)
    names = {c.criterion: c.name for c in first.criteria}
    texts = messages(first.language if first.language in ("en", "sv") else "en")["summary"]
    name = names[coached.criterion]
    if coached.criterion not in measured:
        applied = 0.0
        line = texts["not_measured"].format(name=name)
    else:
        applied = applied_share(coached, counted)
        if coached.before >= 5 and coached.after >= 5:
            line = texts["held"].format(name=name)
        elif coached.delta > 0:
            line = texts["improved"].format(name=name, before=coached.before, after=coached.after)
        else:
            line = texts["not_improved"].format(
                name=name, before=coached.before, after=coached.after
            )
    if fell:
        line += texts["fell"].format(names=", ".join(names[c] for c in fell))
    else:
        line += texts["steady"]
    line += texts["applied"].format(applied=f"{applied:.2f}")
    return Application(
        coached=coached,
        others=others,
        applied=applied,
        over_correction=fell,
        total_before=first.total,
        total_after=second.total,
        summary=line,
    )
