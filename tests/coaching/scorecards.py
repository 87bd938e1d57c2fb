"""Hand-made scorecards for the coaching tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from app.catalog.models import Rubric
from app.roleplay.transcript import Speaker, Turn, make_turns
from app.scoring.metrics import measure_round
from app.scoring.models import CriterionScore, QuestionType, RoundScore, TurnAnnotation
from app.scoring.score import weighted_total


@dataclass(frozen=True)
class Exchange:
    """One candidate turn and the prospect's reply to it, as the annotator would see them."""

    words: int  # the candidate's words
    question: QuestionType | None = "open"
    reply: int = 20  # the prospect's words in reply
    follow_up: bool = False
    questions: int = 1
    told: int = 0  # of the reply, words the call had not heard (6 or more: a real answer)


def exchange_notes(exchanges: Sequence[Exchange]) -> tuple[TurnAnnotation, ...]:
    """A round's turn annotations: the prospect picks up, then each exchange in turn."""
    notes = [TurnAnnotation(index=0, speaker="prospect", words=3)]
    for e in exchanges:
        notes.append(
            TurnAnnotation(
                index=len(notes),
                speaker="candidate",
                words=e.words,
                question=e.question,
                questions=e.questions if e.question else 0,
                stacked=e.questions > 1,
                follow_up=e.follow_up,
            )
        )
        notes.append(
            TurnAnnotation(index=len(notes), speaker="prospect", words=e.reply, new_words=e.told)
        )
    return tuple(notes)


# A conversation: a reason for the call, then questions that build on the answers.
CONVERSATION = tuple(
    Exchange(words, reply=reply, follow_up=n > 0, told=reply // 2)
    for n, (words, reply) in enumerate([(30, 20), (25, 35), (20, 40), (60, 30), (22, 35)])
)
# An interrogation: a bare question every turn, no follow-ups, and short answers.
INTERROGATION = tuple(Exchange(6, reply=8, told=3) for _ in range(10))


def scorecard(
    rubric: Rubric,
    levels: dict[str, int],
    evidence: dict[str, tuple[int, ...]] | None = None,
    unassessed: tuple[str, ...] = (),
    raw: dict[str, float] | None = None,
    exchanges: Sequence[Exchange] = (),
    reasons: dict[str, str] | None = None,
) -> RoundScore:
    """A scorecard for `rubric` with the given levels (3 elsewhere), evidence turns, unrounded
    levels and reasons when given, and the turns of `exchanges` (none by default)."""
    evidence = evidence or {}
    raw = raw or {}
    reasons = reasons or {}
    criteria = [
        CriterionScore(
            criterion=c.id,
            name=c.name,
            score=levels.get(c.id, 3),
            evidence=evidence.get(c.id, (1,)),
            reason=reasons.get(c.id, f"Measured {c.id}."),
            weight=c.weight,
            assessed=c.id not in unassessed,
            raw=raw.get(c.id, 0.0),
        )
        for c in rubric.criteria
    ]
    notes = exchange_notes(exchanges) if exchanges else ()
    return RoundScore(
        rubric=rubric.id,
        language=rubric.language,
        turns=notes,
        metrics=measure_round(notes),
        criteria=tuple(criteria),
        total=weighted_total(criteria),
    )


ScriptLine = tuple[str, str] | tuple[str, str, Mapping[str, object]]


def scripted(
    rubric: Rubric,
    levels: dict[str, int],
    script: Sequence[ScriptLine],
    raw: dict[str, float] | None = None,
) -> tuple[RoundScore, tuple[Turn, ...]]:
    """A round from (speaker, text, annotation fields) lines, as the annotator would have read
    them, with the given criterion levels (3 elsewhere)."""
    speakers = [cast(Speaker, line[0]) for line in script]
    turns = make_turns([(who, line[1]) for who, line in zip(speakers, script, strict=True)])
    notes = tuple(
        TurnAnnotation(
            index=i,
            speaker=who,
            words=len(line[1].split()),
            **cast(dict[str, Any], line[2] if len(line) > 2 else {}),
        )
        for i, (who, line) in enumerate(zip(speakers, script, strict=True))
    )
    card = scorecard(rubric, levels, raw=raw)
    return replace(card, turns=notes, metrics=measure_round(notes, turns=turns)), turns
