"""Round metrics: plain counts over a round's turn annotations."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.catalog.models import Scenario
from app.roleplay.transcript import Turn
from app.scoring.models import RoundMetrics, TurnAnnotation
from app.scoring.substance import engaged

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def strip_injections(annotations: Sequence[TurnAnnotation]) -> tuple[TurnAnnotation, ...]:
    """Annotations where injection turns earn nothing, and keep what counts against them
    (their words, a pitch, stacked questions, what else they tried)."""
    return tuple(
        TurnAnnotation(
            index=a.index,
            speaker=a.speaker,
            words=a.words,
            injection=True,
            pitch=a.pitch,
            self_talk=a.self_talk,
            monologue=a.monologue,
            stacked=a.stacked,
            form=a.form,
            pasted=a.pasted,
            directions=a.directions,
            uncredited=a.uncredited,
        )
        if a.injection and a.speaker == "candidate"
        else a
        for a in annotations
    )


def asks(annotation: TurnAnnotation) -> bool:
    """Whether a candidate turn asks a real question."""
    return annotation.speaker == "candidate" and annotation.question is not None


def counted_facts(annotation: TurnAnnotation) -> tuple[str, ...]:
    """Facts a turn earns: only a real question uncovers a fact, a pitch naming it does not."""
    return annotation.facts if asks(annotation) else ()


def words_before_question(text: str) -> int:
    """Words in `text` before the sentence holding its first question mark."""
    before = 0
    for sentence in _SENTENCE_END.split(text.strip()):
        if "?" in sentence:
            return before
        before += len(sentence.split())
    return before


def measure_round(
    annotations: Sequence[TurnAnnotation],
    scenario: Scenario | None = None,
    turns: Sequence[Turn] = (),
) -> RoundMetrics:
    """Measure a round from its annotations (turn texts sharpen the words-before-question count)."""
    notes = strip_injections(annotations)
    mine = [a for a in notes if a.speaker == "candidate"]
    theirs = [a for a in notes if a.speaker == "prospect"]
    candidate_words = sum(a.words for a in mine)
    all_words = candidate_words + sum(a.words for a in theirs)
    asking = [a for a in mine if asks(a)]
    return RoundMetrics(
        candidate_turns=len(mine),
        prospect_turns=len(theirs),
        talk_share=round(candidate_words / all_words, 3) if all_words else 0.0,
        longest_monologue=max((a.words for a in mine), default=0),
        words_before_first_question=_preamble_words(notes, {t.index: t.text for t in turns}),
        questions=sum(max(a.questions, 1) for a in asking),
        open_questions=sum(a.question == "open" for a in asking),
        closed_questions=sum(a.question == "closed" for a in asking),
        leading_questions=sum(a.question == "leading" for a in asking),
        stacked_turns=sum(a.stacked for a in asking),
        pitch_turns=sum(a.pitch or a.self_talk for a in mine),
        follow_ups=_follow_ups(notes),
        facts_uncovered=_facts(mine, scenario),
        facts_total=len(scenario.facts) if scenario else 0,
        challenge_asked=challenge_turn(notes) is not None,
        challenge_coverage=_coverage(notes, scenario),
        injection_turns=tuple(a.index for a in mine if a.injection),
    )


def challenge_turn(annotations: Sequence[TurnAnnotation]) -> int | None:
    """Index of the prospect turn that first asks the challenge question, if any."""
    return next((a.index for a in annotations if a.challenge_asked), None)


def _follow_ups(notes: Sequence[TurnAnnotation]) -> int:
    """Follow-ups on the prospect's words that the prospect took further (the same count the
    listening criterion and the coach go by)."""
    return sum(
        1
        for i, a in enumerate(notes)
        if a.speaker == "candidate"
        and a.follow_up
        and asks(a)
        and not a.offtopic
        and engaged(notes[i + 1] if i + 1 < len(notes) else None)
    )


def first_question(notes: Sequence[TurnAnnotation]) -> TurnAnnotation | None:
    """The candidate turn whose question opened the conversation: the first one the prospect
    took up (a question tucked into a pitch that drew nothing did not), else the first asked."""
    asked = [
        (a, notes[i + 1] if i + 1 < len(notes) else None) for i, a in enumerate(notes) if asks(a)
    ]
    taken = next(
        (a for a, reply in asked if reply is None or _took(reply, a)),
        None,
    )
    return taken or (asked[0][0] if asked else None)


def _took(reply: TurnAnnotation, question: TurnAnnotation) -> bool:
    """A yes/no question ("Can I have thirty seconds?") is taken up by any reply that is not a
    question back; an open one by an answer (see `engaged`)."""
    if question.question == "closed":
        return reply.speaker == "prospect" and not reply.asks_back
    return engaged(reply)


def _preamble_words(notes: Sequence[TurnAnnotation], texts: dict[int, str]) -> int:
    first = first_question(notes)
    words = 0
    for a in notes:
        if a.speaker != "candidate":
            continue
        if a is first:
            text = texts.get(a.index)
            return words + (words_before_question(text) if text is not None else 0)
        words += a.words
    return words


def _facts(mine: Sequence[TurnAnnotation], scenario: Scenario | None) -> tuple[str, ...]:
    known = {f.id for f in scenario.facts} if scenario else None
    found: dict[str, None] = {}
    for a in mine:
        for fact in counted_facts(a):
            if known is None or fact in known:
                found[fact] = None
    return tuple(found)


def _coverage(notes: Sequence[TurnAnnotation], scenario: Scenario | None) -> float | None:
    asked_at = challenge_turn(notes)
    if asked_at is None or scenario is None or scenario.challenge is None:
        return None
    points = {p.id for p in scenario.challenge.key_points}
    made = {
        point
        for a in notes
        if a.speaker == "candidate" and a.index > asked_at
        for point in a.challenge_points
        if point in points
    }
    return round(len(made) / len(points), 3)
