"""Coaching: exactly one strength and one improvement, each tied to the candidate's own words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.catalog.models import Criterion, Rubric
from app.coaching.models import Coaching, CoachingPoint
from app.roleplay.transcript import Turn
from app.scoring.annotate import classify_question, is_pitch, split_sentences
from app.scoring.models import CriterionScore, RoundScore

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_QUOTE_WORDS = 25
_MIN_QUOTE_WORDS = 4
_REAL_STRENGTH = 3  # below this level the "strength" is only the least weak criterion
_GOOD = 4  # from this level an improvement is polish, not a fault
# Where the fault is in what was said rather than in what was asked.
_TALK_FAULTS = frozenset({"opening", "listening", "preparation"})


@cache
def messages(language: str) -> dict[str, Any]:
    """The coach's own phrases for a rubric language (English when unknown)."""
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "messages.yaml").read_text(encoding="utf-8")
    )
    return dict(data.get(language, data["en"]))


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


def _sentences(text: str, language: str) -> list[str]:
    """The turn's sentences in the candidate's own spelling (run-on speech split too)."""
    lowered = text.lower()
    found, start = [], 0
    for piece in split_sentences(text, language):
        at = lowered.find(piece, start)
        if at < 0:  # normalising changed the text (quotes, spacing): split on punctuation
            return [s for s in _SENTENCE_END.split(text.strip()) if s]
        found.append(text[at : at + len(piece)])
        start = at + len(piece)
    return found


def _shorten(sentence: str) -> str:
    words = sentence.split()
    return sentence if len(words) <= _QUOTE_WORDS else " ".join(words[:_QUOTE_WORDS]) + " …"


def pick_quote(text: str, measure: str, improvement: bool, language: str) -> str:
    """The sentence of a turn that shows the behaviour, at most about 25 words."""
    sentences = _sentences(text, language)
    if not sentences:
        return ""
    asked = [s for s in sentences if classify_question(s, language)[0] is not None]
    # "Great question!" shows nothing: otherwise prefer sentences with some substance.
    sentences = [s for s in sentences if len(s.split()) >= _MIN_QUOTE_WORDS] or sentences
    longest = max(sentences, key=lambda s: len(s.split()))
    if improvement and measure in _TALK_FAULTS:
        pitched = [s for s in sentences if is_pitch(s, language)]
        chosen = pitched[0] if pitched else asked[0] if asked and measure == "opening" else longest
    elif measure == "preparation":
        chosen = longest
    else:
        chosen = asked[0] if asked else sentences[0]
    return _shorten(chosen)


def _quoted_turn(score: CriterionScore, turns: Sequence[Turn]) -> Turn | None:
    spoken = [t for t in turns if t.speaker == "candidate"]
    by_index = {t.index: t for t in spoken}
    evidence = sorted(score.evidence)
    quoted = next((by_index[i] for i in evidence if i in by_index), None)
    if quoted is not None or not spoken:
        return quoted
    # Evidence can be a prospect turn (a challenge never answered): quote the candidate before it.
    before = [t for t in spoken if evidence and t.index < evidence[0]]
    return before[-1] if before else spoken[0]


def _point(
    criterion: Criterion,
    score: CriterionScore,
    turns: Sequence[Turn],
    language: str,
    improvement: bool,
) -> CoachingPoint:
    texts = messages(language)
    advice = criterion.coaching.improvement if improvement else criterion.coaching.strength
    turn = _quoted_turn(score, turns)
    if turn is None:
        return CoachingPoint(
            criterion=criterion.id,
            name=criterion.name,
            quote="",
            turn=None,
            message=texts["silent"].format(advice=advice),
        )
    if improvement and score.score >= _GOOD:
        # Nothing here went wrong: the least strong of good criteria is where to go next.
        message = texts["polish"].format(seen=score.reason, advice=advice)
    elif improvement or score.score >= _REAL_STRENGTH:
        message = texts["point"].format(seen=score.reason, advice=advice)
    else:
        # The rubric's praise would not be true of a 1 or a 2: say plainly what it is.
        message = texts["faint"].format(seen=score.reason, level=score.score)
    return CoachingPoint(
        criterion=criterion.id,
        name=criterion.name,
        quote=pick_quote(turn.text, criterion.measure, improvement, language),
        turn=turn.index,
        message=message,
    )


def coach_on(
    rubric: Rubric,
    round_score: RoundScore,
    turns: Sequence[Turn],
    strength: str,
    improvement: str,
) -> Coaching:
    """Coaching on two named criteria (when a reviewer or a session file chose them)."""
    points = []
    for criterion_id, is_improvement in ((strength, False), (improvement, True)):
        criterion = rubric.criterion(criterion_id)
        score = round_score.criterion(criterion_id)
        if criterion is None or score is None:
            known = ", ".join(c.id for c in rubric.criteria)
            raise ValueError(
                f"coaching: rubric {rubric.id!r} has no criterion {criterion_id!r} (known: {known})"
            )
        points.append(_point(criterion, score, turns, rubric.language, is_improvement))
    return Coaching(strength=points[0], improvement=points[1])


def pick_coaching(rubric: Rubric, round_score: RoundScore, turns: Sequence[Turn]) -> Coaching:
    """One strength (the best criterion) and one improvement (the most to gain), with quotes."""
    strength = pick_strength(round_score)
    improvement = pick_improvement(round_score, exclude=strength.criterion)
    return coach_on(rubric, round_score, turns, strength.criterion, improvement.criterion)
