"""Coaching: exactly one strength and one improvement, each tied to the candidate's own words.

Each point quotes a sentence that shows it and says, in plain words, what that sentence did and
what to keep doing or do differently. The quote and the words beside it come from one reading of
the round (app/coaching/findings.py), so they cannot contradict each other: a yes/no question is
never quoted for open questions, praise for handling an objection needs an objection that was
handled. The strength and the improvement never quote the same line. The rubric's improvement
advice closes an improvement where it fits every fault of its measure; the coach's own phrases
(messages.yaml) say the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from app.catalog.models import Criterion, Rubric
from app.coaching.findings import FINDINGS, Finding
from app.coaching.models import Coaching, CoachingPoint
from app.coaching.phrases import messages
from app.coaching.reading import Call, Line
from app.roleplay.transcript import Turn
from app.scoring.models import CriterionScore, RoundScore
from app.scoring.score import render

_QUOTE_WORDS = 25
_MIN_QUOTE_WORDS = 4
_REAL_STRENGTH = 3  # below this level the "strength" is only the least weak criterion
_GOOD = 4  # from this level an improvement is polish, not a fault


# --------------------------------------------------------------------------- picking criteria


def _pool(round_score: RoundScore, exclude: str | None) -> list[CriterionScore]:
    pool = [s for s in round_score.criteria if s.criterion != exclude] or list(round_score.criteria)
    # A criterion the round gave no chance to show is neither praised nor coached, if avoidable.
    assessed = [s for s in pool if s.assessed]
    return assessed or pool


def _order(round_score: RoundScore, criterion: str) -> int:
    return next(i for i, s in enumerate(round_score.criteria) if s.criterion == criterion)


def pick_strength(round_score: RoundScore, exclude: str | None = None) -> CriterionScore:
    """The highest score; ties: higher unrounded level, weight, more evidence, rubric order."""
    return max(
        _pool(round_score, exclude),
        key=lambda s: (
            s.score,
            s.raw,
            s.weight,
            len(s.evidence),
            -_order(round_score, s.criterion),
        ),
    )


def pick_improvement(round_score: RoundScore, exclude: str | None = None) -> CriterionScore:
    """The lowest score; ties: the lowest unrounded level (the most room, so an all-5 round still
    gets an improvement), higher weight, earlier in the call, rubric order."""
    return min(
        _pool(round_score, exclude),
        key=lambda s: (
            s.score,
            s.raw,
            -s.weight,
            min(s.evidence, default=10**9),  # earlier in the call first: opening before listening
            _order(round_score, s.criterion),
        ),
    )


# --------------------------------------------------------------------------- the points


def _shorten(sentence: str) -> str:
    words = sentence.split()
    return sentence if len(words) <= _QUOTE_WORDS else " ".join(words[:_QUOTE_WORDS]) + " …"


def _evidence_lines(call: Call, score: CriterionScore) -> list[Line]:
    """For a measure the coach has no phrases for: the sentences of the scorer's evidence turns
    (a prospect turn points at the candidate turn before it)."""
    spoken = [t.index for t in call.mine]
    turns = [t for t in sorted(score.evidence) if t in spoken]
    if not turns and spoken:
        first = min(score.evidence, default=spoken[0])
        turns = [max((t for t in spoken if t < first), default=spoken[0])]
    lines = [line for t in turns for line in call.lines(t)]
    substantial = [line for line in lines if line.words >= _MIN_QUOTE_WORDS]
    return substantial or lines


@dataclass
class _Draft:
    criterion: Criterion
    score: CriterionScore
    improvement: bool
    finding: Finding | None  # None: a measure the coach has no phrases for

    def lines(self, call: Call) -> list[Line]:
        if self.finding is None:
            return _evidence_lines(call, self.score)
        # "and I'm curious" shows nothing; a short question ("Dry up how?") does.
        return sorted(
            self.finding.lines,
            key=lambda line: line.words < _MIN_QUOTE_WORDS and not line.text.endswith("?"),
        )


def _pair(strength: list[Line], improvement: list[Line]) -> tuple[Line | None, Line | None]:
    """The best line for each point such that they differ: in different turns if possible,
    else different sentences; the improvement keeps its line when only one can have it."""
    for by_turn in (True, False):
        options = [
            (a + b, b, s, i)
            for (a, s), (b, i) in product(enumerate(strength), enumerate(improvement))
            if (s.turn != i.turn if by_turn else s.text != i.text)
        ]
        if options:
            _, _, s, i = min(options, key=lambda o: (o[0], o[1]))
            return s, i
    return (None, improvement[0]) if improvement else (strength[0] if strength else None, None)


def _message(draft: _Draft, texts: dict[str, Any], line: Line | None) -> str:
    criterion, score, finding = draft.criterion, draft.score, draft.finding
    advice = criterion.coaching.improvement if draft.improvement else criterion.coaching.strength
    if finding is None:
        if draft.improvement and score.score >= _GOOD:
            return str(texts["polish"]).format(seen=score.reason, advice=advice)
        if draft.improvement or score.score >= _REAL_STRENGTH:
            return str(texts["point"]).format(seen=score.reason, advice=advice)
        return str(texts["faint"]).format(seen=score.reason, level=score.score)
    side = texts[criterion.main_measure]["improvement" if draft.improvement else "strength"]
    phrases: dict[str, str] = side[finding.key]
    if line is None and not draft.improvement:
        return str(texts["unquoted_strength"]).format(level=score.score)
    fields = finding.fields_for(line) if line is not None else None
    seen = render(phrases["seen"], **fields) if fields is not None else str(texts["unquoted"])
    if draft.improvement:
        advice = phrases.get("advice", advice)
        if score.score >= _GOOD:
            return str(texts["polish"]).format(seen=seen, advice=advice)
        return f"{seen} {advice}"
    if score.score < _REAL_STRENGTH:
        # The rubric's praise would not be true of a 1 or a 2: say plainly what it is.
        return str(texts["faint"]).format(seen=seen, level=score.score)
    return f"{seen} {phrases['keep']}"


def coach_on(
    rubric: Rubric,
    round_score: RoundScore,
    turns: Sequence[Turn],
    strength: str,
    improvement: str,
) -> Coaching:
    """Coaching on two named criteria (when a reviewer or a session file chose them)."""
    texts = messages(rubric.language)
    call = Call(turns, round_score, rubric.language)
    drafts = []
    for criterion_id, is_improvement in ((strength, False), (improvement, True)):
        criterion = rubric.criterion(criterion_id)
        score = round_score.criterion(criterion_id)
        if criterion is None or score is None:
            known = ", ".join(c.id for c in rubric.criteria)
            raise ValueError(
                f"coaching: rubric {rubric.id!r} has no criterion {criterion_id!r} (known: {known})"
            )
        measure = criterion.main_measure
        find = FINDINGS.get(measure) if measure in texts else None
        finding = find(call, score, is_improvement) if find and call.mine else None
        drafts.append(_Draft(criterion, score, is_improvement, finding))
    if not call.mine:
        points = [_silent(d, texts) for d in drafts]
        return Coaching(strength=points[0], improvement=points[1])
    lines = _pair(drafts[0].lines(call), drafts[1].lines(call))
    points = [
        CoachingPoint(
            criterion=d.criterion.id,
            name=d.criterion.name,
            quote=_shorten(line.text) if line else "",
            turn=line.turn if line else None,
            message=_message(d, texts, line),
        )
        for d, line in zip(drafts, lines, strict=True)
    ]
    return Coaching(strength=points[0], improvement=points[1])


def _silent(draft: _Draft, texts: dict[str, Any]) -> CoachingPoint:
    criterion = draft.criterion
    # Nothing was said, so nothing can be praised: both points say where to start.
    advice = criterion.coaching.improvement
    return CoachingPoint(
        criterion=criterion.id,
        name=criterion.name,
        quote="",
        turn=None,
        message=str(texts["silent"]).format(advice=advice),
    )


def pick_coaching(rubric: Rubric, round_score: RoundScore, turns: Sequence[Turn]) -> Coaching:
    """One strength (the best criterion) and one improvement (the most to gain), with quotes."""
    strength = pick_strength(round_score)
    improvement = pick_improvement(round_score, exclude=strength.criterion)
    return coach_on(rubric, round_score, turns, strength.criterion, improvement.criterion)
