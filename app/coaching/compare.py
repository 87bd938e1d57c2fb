"""Comparing two rounds: did the coached criterion improve, and at what cost elsewhere?"""

from __future__ import annotations

from app.coaching.coach import messages
from app.coaching.models import Application, CriterionChange
from app.scoring.models import RoundScore

# What a fall on another criterion costs: a dip of about a level is mostly noise, a fall of
# two or more is chasing one behaviour at the expense of the others.
_DIP, _DIP_COST = 0.75, 0.1
_FALL, _FALL_COST_PER_LEVEL = 1.5, 0.25
# Calibrated on how interviewers judge a second round: 2.5 levels up on a weak criterion is the
# coached behaviour clearly changed; ending below "good" (4) is at most a partial application.
_FULL_GAIN = 2.5
_GOOD = 4.0
_PARTLY = 0.6
_STRONG = 3.5  # a criterion already at 4 or 5 (unrounded 3.5 and up)
_HELD = 0.5  # keeping a strength while fixing little is half the job
_GAMED = 0.2


def drop_cost(others: tuple[CriterionChange, ...]) -> float:
    """The share of the application that falls on other criteria take away."""
    cost = 0.0
    for change in others:
        fall = -change.raw_delta
        if fall >= _FALL:
            cost += _FALL_COST_PER_LEVEL * fall
        elif fall >= _DIP:
            cost += _DIP_COST
    return cost


def applied_share(coached: CriterionChange, others: tuple[CriterionChange, ...]) -> float:
    """0..1: 0 no change or worse, about 0.5 partly (moved, or held a strength), 1 fully (the
    coached behaviour clearly changed), less what the other criteria lost on the way."""
    kept = max(0.0, 1.0 - drop_cost(others))
    before = coached.raw_before or float(coached.before)
    gain = coached.raw_delta
    if before >= _STRONG:
        held = before + gain >= _STRONG or gain >= -_HELD  # still a 4-5, or barely moved
        share = _HELD + max(0.0, gain) / 2 if held else 0.0
    else:
        share = max(0.0, gain) / min(_FULL_GAIN, 5 - before)
        if before + gain < _GOOD:
            share = min(share, _PARTLY)
    return round(max(0.0, min(1.0, share)) * kept, 2)


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
        if second.metrics.injection_turns:
            # A round that tries to talk the scorer into a grade did not take the coaching.
            applied = min(applied, _GAMED)
        if coached.before >= 4 and coached.after >= coached.before:
            line = texts["held"].format(name=name, after=coached.after)
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
