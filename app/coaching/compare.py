"""Comparing two rounds: did round 2 take the coaching on one criterion, and at what cost?

The verdict is an interviewer's three buckets (not applied 0, partly 0.5, applied 1), measured
against the headroom the coached criterion had:

- With room to grow (at most 3 of 5), the coached criterion has to move: clearly up and ending
  good (or reaching 5) is applied, a real move short of that is partly, less is not applied.
- Already a strength (4 or 5), applying the coaching means keeping it: held is "kept" (as good
  as applied), a rise is applied, a slip of a level is partly, losing it is not applied.
- Over-correcting (round 2 turned into an interrogation: a short question in nearly every turn,
  few follow-ups, the prospect answering in fewer words) is never fully applied; it is not
  applied at all when the coaching was about listening (an interrogation is the opposite) or
  when another criterion paid for it with a clear fall.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from statistics import mean, median
from typing import Any

from app.catalog.models import Rubric
from app.coaching.models import Application, CriterionChange, Verdict
from app.coaching.phrases import messages
from app.scoring.models import RoundScore, TurnAnnotation
from app.scoring.score import render
from app.scoring.substance import engaged

SHARES: dict[Verdict, float] = {
    "applied": 1.0,
    "kept": 1.0,
    "partly": 0.5,
    "not applied": 0.0,
    "not measured": 0.0,
}

_TOP = 4  # a criterion at 4 or 5 is already a strength
# On the unrounded levels: a quarter of a level is a real move (a behaviour that did not change
# measures the same), a level and a half up, ending good, is the coached behaviour clearly changed.
_MOVED = 0.25
_CLEAR = 1.5
_GOOD = 4.0  # a full 4, not the edge of a 3
_EXCELLENT = 4.5  # rounds to 5: reached from below by a real move, the coaching took
_SLIPPED = 0.75  # a strength that lost less than this (and is still 4-5) was kept
_COLLAPSED = 1.5  # another criterion that fell this far paid for the over-correction

# An interrogation: questions in nearly every turn, short turns, hardly a follow-up.
_MIN_QUESTIONS = 5
_ASKS_EVERY_TURN = 0.9
_FEW_FOLLOW_UPS = 0.25
_SHORT_TURN = 12  # a bare question; acknowledging the answer first takes more words
_SHORTENED = 2 / 3  # the candidate's turns cut by a third or more: a change of style
_ANSWERS_SHRANK = 0.9  # the prospect's answers at most 90 % as long as in round 1


@dataclass(frozen=True, slots=True)
class RoundShape:
    """How a round was conducted, in the terms an over-correction shows in."""

    turns: int  # the candidate's turns
    questions: int  # questions asked (each of a stacked turn's counted)
    asking: int  # turns that ask a real question
    follow_ups: int  # turns that build on the prospect's last answer and draw more
    median_words: float  # the candidate's typical turn length
    answer_words: float  # the prospect's mean words in reply to a question (to any turn if none)


def round_shape(score: RoundScore) -> RoundShape:
    """The shape of a round from its turn annotations and metrics."""
    notes = sorted(score.turns, key=lambda a: a.index)
    mine = [a for a in notes if a.speaker == "candidate"]
    replies: list[tuple[TurnAnnotation, TurnAnnotation]] = [
        (a, b) for a, b in pairwise(notes) if a.speaker == "candidate" and b.speaker == "prospect"
    ]
    to_questions = [b.words for a, b in replies if a.question is not None]
    answers = to_questions or [b.words for _, b in replies]
    return RoundShape(
        turns=len(mine),
        questions=score.metrics.questions,
        asking=sum(a.question is not None for a in mine),
        # A follow-up the prospect took further, as the scorer's listening counts them.
        follow_ups=sum(a.follow_up and engaged(b) for a, b in replies),
        median_words=median(a.words for a in mine) if mine else 0.0,
        answer_words=round(mean(answers), 1) if answers else 0.0,
    )


def interrogation(shape: RoundShape) -> bool:
    """Whether a round is an interrogation: a short question in nearly every turn, and hardly
    any of them building on the answer before."""
    return (
        shape.questions >= _MIN_QUESTIONS
        and shape.questions >= _ASKS_EVERY_TURN * shape.turns
        and shape.follow_ups <= _FEW_FOLLOW_UPS * shape.asking
        and shape.median_words <= _SHORT_TURN
    )


def over_corrected(first: RoundShape, second: RoundShape) -> bool:
    """Whether round 2 turned into an interrogation that round 1 was not (the candidate cut their
    turns down to bare questions) and the prospect said less in answer."""
    shortened = second.median_words <= _SHORTENED * first.median_words
    shrank = second.answer_words < _ANSWERS_SHRANK * first.answer_words
    return interrogation(second) and not interrogation(first) and shortened and shrank


def judge(
    coached: CriterionChange, *, over_correction: bool, listening: bool, costly: bool
) -> Verdict:
    """The verdict on the coached criterion's change (see the module docstring)."""
    gain = coached.raw_delta
    raw_after = coached.raw_after or float(coached.after)
    verdict: Verdict
    if coached.before >= _TOP:
        if coached.after > coached.before:
            verdict = "applied"
        elif coached.after >= _TOP and gain > -_SLIPPED:
            verdict = "kept"
        elif coached.after >= coached.before - 1:
            verdict = "partly"
        else:
            verdict = "not applied"
    elif (gain >= _CLEAR and raw_after >= _GOOD) or (gain >= _MOVED and raw_after >= _EXCELLENT):
        verdict = "applied"
    elif gain >= _MOVED:
        verdict = "partly"
    else:
        verdict = "not applied"
    if over_correction and verdict != "not applied":
        verdict = "not applied" if listening or costly else "partly"
    return verdict


def _names(names: list[str], texts: dict[str, Any]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + str(texts["and"]) + names[-1]


def _coached_line(coached: CriterionChange, verdict: Verdict, name: str, texts: Any) -> str:
    before, after = coached.before, coached.after
    if verdict == "not measured":
        key = "not_measured"
    elif after > before:
        key = "rose" if verdict != "not applied" else "barely"
    elif before >= _TOP:
        key = "kept" if after == before else "kept_lower" if verdict == "kept" else "slipped"
    elif after < before:
        key = "fell"
    else:
        key = "within" if verdict == "partly" else "same"
    return str(texts[key]).format(name=name, before=before, after=after)


def _others_line(rose: list[str], fell: list[str], texts: Any) -> str:
    if not (rose or fell):
        return str(texts["others_held"])
    changes = []
    if rose:
        changes.append(texts["others_rose"].format(names=_names(rose, texts)))
    if fell:
        changes.append(texts["others_fell"].format(names=_names(fell, texts)))
    return str(texts["others"]).format(changes=", ".join(changes))


def compare_rounds(
    first: RoundScore, second: RoundScore, coached_criterion: str, rubric: Rubric | None = None
) -> Application:
    """How well round 2 applied the coaching on `coached_criterion` (the rubric, when given,
    says which criterion measures listening; otherwise its id does)."""
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
    counted = [c for c in others if c.criterion in measured]
    names = {c.criterion: c.name for c in first.criteria}
    rose = [c.criterion for c in counted if c.delta >= 1]
    fell = [c.criterion for c in counted if c.delta <= -1]
    texts = messages(first.language)["summary"]

    shapes = round_shape(first), round_shape(second)
    interrogated = over_corrected(*shapes)
    criterion = rubric.criterion(coached.criterion) if rubric else None
    listening = (criterion.main_measure if criterion else coached.criterion) == "listening"
    costly = any(-c.raw_delta >= _COLLAPSED for c in counted)
    # The summary's first part says what the coached criterion's own numbers show.
    moved = judge(coached, over_correction=False, listening=listening, costly=costly)
    verdict: Verdict
    if coached.criterion not in measured:
        verdict = moved = "not measured"
    elif second.metrics.injection_turns:
        # A round that tries to talk the scorer into a grade did not take the coaching.
        verdict = "not applied"
    else:
        verdict = judge(coached, over_correction=interrogated, listening=listening, costly=costly)

    line = _coached_line(coached, moved, names[coached.criterion], texts)
    line += _others_line([names[c] for c in rose], [names[c] for c in fell], texts)
    if interrogated:
        line += render(
            texts["interrogation"],
            questions=shapes[1].questions,
            turns=shapes[1].turns,
            follow_ups=shapes[1].follow_ups,
            before=round(shapes[0].answer_words),
            after=round(shapes[1].answer_words),
        )
    if second.metrics.injection_turns:
        line += texts["injection"]
    line += texts["verdict"][verdict]
    return Application(
        coached=coached,
        others=others,
        applied=SHARES[verdict],
        over_correction=("interrogation",) if interrogated else (),
        total_before=first.total,
        total_after=second.total,
        summary=line,
        verdict=verdict,
        rose=tuple(rose),
        fell=tuple(fell),
    )
