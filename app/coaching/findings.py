"""What a coaching point says about its criterion, found in the round: per measure, the finding
(a key into messages.yaml) and the candidate's lines that show it, best first. The same reading
picks the sentence and the quote, so the two cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.coaching.reading import LONG_TURN, Call, Line, sells
from app.scoring.metrics import challenge_turn, first_question
from app.scoring.models import CriterionScore
from app.scoring.substance import engaged

_REAL_STRENGTH = 3  # below this level the "strength" is only the least weak criterion
_GOOD = 4  # from this level an improvement is polish, not a fault
_BRIEF = 40  # words before the first question that still make a brief opening
_SHORT_ANSWER = 4  # a reply this short to a yes/no question is a yes or a no
_STACK_QUOTED = 3  # stacked questions quoted together


@dataclass
class Finding:
    """What a point says (a key into messages.yaml for the measure), the lines that show it
    (best first) and the numbers its sentence may quote."""

    key: str
    lines: list[Line]
    fields: dict[str, object] = field(default_factory=dict)
    # Numbers about one turn ("Here you talked for 111 words"), for whichever line is quoted.
    per_turn: Mapping[int, Mapping[str, object]] = field(default_factory=dict)

    def fields_for(self, line: Line) -> dict[str, object]:
        """The numbers the sentence beside `line` may quote."""
        return {**self.fields, **self.per_turn.get(line.turn, {})}


def statements(lines: Sequence[Line]) -> list[Line]:
    """Sentences that say something: substance before filler ("Great question!")."""
    said = [line for line in lines if not line.asks]
    return sorted(said, key=lambda line: -line.words)


def selling_lines(call: Call, turns: Sequence[int]) -> list[Line]:
    """The lines of `turns` that sell (the most selling first), else their statements."""
    lines = [line for t in turns for line in call.lines(t)]
    return sorted(
        (line for line in lines if line.selling), key=lambda line: (-line.selling, line.turn)
    ) or statements(lines)


# --------------------------------------------------------------------------- per measure


def _opening(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    order = sorted(call.notes.values(), key=lambda a: a.index)
    taken = first_question(order) if order else None
    asking = [t.index for t in call.mine if call.asked(t.index)]
    # The scorer's opening runs to the first question the prospect took up.
    first = taken.index if taken else asking[0] if asking else None
    # Without a question, the opening is the first two turns.
    opener = [t.index for t in call.mine if first is None or t.index <= first]
    opener = opener if first is not None else opener[:2]
    words = call.score.metrics.words_before_first_question
    pitched = [t for t in opener if sells(call, t)]
    if not improvement:
        if not asking:
            return Finding("no_question", statements(call.lines(opener[0])))
        # What "straight away" means: the words before the very first question asked.
        said = [line for t in call.mine if t.index < asking[0] for line in call.lines(t.index)]
        said += _until_asked(call.lines(asking[0]))
        brief = sum(line.words for line in said) <= _BRIEF and not pitched
        question = _questions(call, asking[0])
        # A leading first question is quick but nothing to keep doing.
        brief = brief and question[0].kind != "leading"
        return Finding("brief" if brief else "asked", question)
    question = _questions(call, first) if first is not None else []
    if score.score >= _GOOD:
        return Finding("polish", question or statements(call.lines(opener[0])))
    if pitched:
        key = "pitch_first" if question else "pitch_no_question"
        return Finding(key, selling_lines(call, pitched), {"words": words})
    if not question:
        return Finding("no_question", statements(call.lines(opener[0])))
    if words > _BRIEF:
        return Finding("late", question, {"words": words})
    if question[0].kind in ("closed", "leading", "courtesy"):
        return Finding("closed_first", question)
    return Finding("polish", question)


def _until_asked(lines: Sequence[Line]) -> list[Line]:
    """The sentences of a turn before its first question."""
    first = next((i for i, line in enumerate(lines) if line.asks), len(lines))
    return list(lines[:first])


def _questions(call: Call, index: int) -> list[Line]:
    """A turn's questions, the one to quote first: an open one if any, the fullest, small talk
    ("How are you?") last."""
    return sorted(
        call.asked(index),
        key=lambda line: (line.kind == "courtesy", line.kind != "open", -line.words),
    )


def _drew(call: Call, index: int) -> int:
    """How much a candidate turn's question drew out: facts asked about or given away."""
    note, reply = call.note(index), call.reply(index)
    facts = len(note.facts) if note and note.question else 0
    return facts + (len(reply.revealed) if reply else 0) + engaged(reply)


def _discovery(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    # Questions that could teach something: "Is now a good time?" cannot.
    asking = [t.index for t in call.mine if any(x.kind != "courtesy" for x in call.asked(t.index))]
    # What a question drew out, an open one a little ahead of a yes/no one that drew as much;
    # asking for a meeting is a next step, not discovery, so those come last either way.
    best = sorted(
        (_questions(call, t)[0] for t in asking),
        key=lambda line: (
            call.proposes(line),
            -_drew(call, line.turn) - (line.kind == "open"),
            line.turn,
        ),
    )
    least = sorted(best, key=lambda line: (call.proposes(line), _drew(call, line.turn)))
    if not improvement:
        productive = [line for line in best if engaged(call.reply(line.turn))]
        if productive:
            return Finding("learned_more" if score.score >= _GOOD else "learned", productive)
        return Finding("asked", [line for line in best if not call.proposes(line)])
    if score.score >= _GOOD:
        return Finding("polish", least)
    # Talking where a question belonged: a pitch, or a talk after the prospect had said
    # something about themselves (answers to the prospect's own questions do not count, and the
    # answer to the hard question is judged under preparation).
    told = [
        t.index
        for t in call.mine[1:]
        if not call.asked(t.index)
        and (sells(call, t.index) or engaged(call.before(t.index)))
        and not (call.answers_question(t.index) or call.after_challenge(t.index))
    ]
    if told:
        return Finding("told", selling_lines(call, told))
    # Yes/no questions about the prospect that drew little.
    surface = [
        line
        for line in least
        if line.kind != "open" and _drew(call, line.turn) <= 1 and not call.proposes(line)
    ]
    if surface:
        return Finding("surface", surface)
    if not asking:
        return Finding(
            "none", statements([line for t in call.mine for line in call.lines(t.index)])
        )
    return Finding("thin", least)


def _questioning(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    m = call.score.metrics
    lines = [line for t in call.mine for line in call.lines(t.index)]
    if not improvement:
        good = [
            line for line in lines if line.kind == "open" and not call.flag(line.turn, "stacked")
        ]
        answered = [line for line in good if engaged(call.reply(line.turn))]
        answered.sort(key=lambda line: -_told(call, line.turn))
        if answered:
            return Finding("open_single" if m.stacked_turns == 0 else "open", answered)
        if good:
            return Finding("open_asked", good)
        return Finding("closest", [line for line in lines if line.asks])
    stacked_turns = [t.index for t in call.mine if _stacked(call, t.index)]
    faults = {
        "leading": [line for line in lines if line.kind == "leading"],
        "stacked": [_joined(call, call.asked(t)) for t in stacked_turns],
        # Yes/no questions that drew the shortest answers; confirming a meeting at the end of
        # the call is what closed questions are for, so those come last.
        "closed": sorted(
            (line for line in lines if line.kind == "closed"),
            key=lambda line: (call.proposes(line), _reply_words(call, line.turn)),
        ),
    }
    counts = {"stacked": {t: {"questions": _count(call, t)} for t in stacked_turns}}
    if score.score >= _GOOD:
        if faults["closed"] or faults["leading"]:
            return Finding("polish_closed", faults["closed"] + faults["leading"])
        if faults["stacked"]:
            return Finding("polish_stacked", faults["stacked"])
        return Finding("polish", [line for line in lines if line.asks])
    if m.questions < len(call.mine) / 2 or not any(faults.values()):
        return Finding("few", statements(lines))
    # The fault shown most often; on a tie, the one that costs the prospect's answer most.
    key = max(faults, key=lambda k: (len(faults[k]), -list(faults).index(k)))
    shown = faults[key]
    if key == "closed" and _reply_words(call, shown[0].turn) <= _SHORT_ANSWER:
        key = "closed_answered"
    return Finding(key, shown, per_turn=counts.get(key, {}))


def _count(call: Call, index: int) -> int:
    """How many questions a turn asks."""
    note = call.note(index)
    return max(note.questions if note is not None else 0, len(call.asked(index)))


def _stacked(call: Call, index: int) -> bool:
    """Two or more questions at once, as the scorer counted them when it did."""
    note = call.note(index)
    return note.stacked if note is not None else len(call.asked(index)) >= 2


def _told(call: Call, index: int) -> int:
    """What the prospect's reply to a turn told: facts given away first, then new words."""
    reply = call.reply(index)
    return len(reply.revealed) * 100 + reply.new_words if reply is not None else 0


def _reply_words(call: Call, index: int) -> int:
    reply = call.reply(index)
    return reply.words if reply is not None else 0


def _joined(call: Call, lines: Sequence[Line]) -> Line:
    """Stacked questions quoted together, as the prospect heard them: from the first question
    to the third, with whatever the candidate said between them."""
    said = call.turn_text(lines[0].turn)
    start = said.find(lines[0].text)
    last = lines[:_STACK_QUOTED][-1]
    end = said.find(last.text, max(start, 0))
    if start < 0 or end < 0:
        text = " ".join(line.text for line in lines[:_STACK_QUOTED])
    else:
        text = said[start : end + len(last.text)]
    return Line(lines[0].turn, text, lines[0].kind, sum(line.selling for line in lines))


def _words(call: Call, index: int) -> int:
    note = call.note(index)
    return note.words if note is not None else len(call.turn_text(index).split())


def _listening(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    mine = [t.index for t in call.mine]
    if not improvement:
        built = [t for t in mine if call.flag(t, "follow_up") and call.asked(t)]
        built.sort(key=lambda t: -_told(call, t))
        if built:
            key = "built_quiet" if call.talks_least() else "built"
            return Finding(key, [_questions(call, t)[0] for t in built])
        recaps = [line for t in mine if call.flag(t, "recap") for line in statements(call.lines(t))]
        if recaps:
            return Finding("summed", recaps)
        return Finding("closest", [line for t in mine for line in call.asked(t)])
    # Questions asked right after the prospect said something, without picking it up.
    moved_on = [
        t
        for t in mine
        if call.asked(t) and not call.flag(t, "follow_up") and engaged(call.before(t))
    ]
    if score.score >= _GOOD:
        return Finding("polish", [_questions(call, t)[0] for t in moved_on])
    # Speeches and pitches, longest first.
    talked = sorted(
        {t for t in mine if _words(call, t) >= LONG_TURN and not call.answers_question(t)}
        | {t for t in mine if sells(call, t)},
        key=lambda t: -_words(call, t),
    )
    words = {t: {"words": _words(call, t)} for t in talked}
    if talked and (call.talks_most() or _words(call, talked[0]) >= LONG_TURN):
        key = "talked_most" if call.talks_most() else "talked"
        lines = [line for t in talked for line in selling_lines(call, [t])]
        return Finding(key, lines, per_turn=words)
    ignored = [
        t
        for t in mine
        if (before := call.before(t)) is not None
        and before.objection
        and not call.flag(t, "follow_up")
        and _objection_of(call, t) != before.objection
    ]
    if ignored:
        return Finding("ignored", [call.lines(t)[0] for t in ignored if call.lines(t)])
    if moved_on:
        return Finding("moved_on", [_questions(call, t)[0] for t in moved_on])
    longest = sorted(mine, key=lambda t: -_words(call, t))
    lines = [line for t in longest for line in statements(call.lines(t))]
    return Finding("talked", lines, per_turn={t: {"words": _words(call, t)} for t in mine})


def _preparation(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    order = sorted(call.notes.values(), key=lambda a: a.index)
    asked_at = challenge_turn(order) if order else None
    after = [t.index for t in call.mine if asked_at is not None and t.index > asked_at]
    if asked_at is None or not after:
        before = [t.index for t in call.mine if asked_at is None or t.index < asked_at]
        lines = [line for t in before[-1:] for line in call.lines(t)]
        return Finding("unanswered" if asked_at is not None else "not_asked", lines)
    answer = after[0]
    # Handed back as the scorer reads it: an open question (not "what do you think?") in the
    # answer or the turn after it.
    returned = any(
        (note := call.note(t)) is not None and note.question == "open" and not note.prompt
        for t in after[:2]
    )
    said = statements(call.lines(answer)) or call.lines(answer)
    if not improvement:
        # What explains it, not what sells.
        said = sorted(said, key=lambda line: line.selling > 0)
        if score.score < _REAL_STRENGTH:
            return Finding("answered", said)
        clear = "clear" if score.score >= _GOOD else "partial"
        return Finding(f"{clear}_returned" if returned else clear, said)
    level = "polish" if score.score >= _GOOD else "partial" if score.score == 3 else "vague"
    # A pitch in place of an explanation is the line that shows a vague answer.
    shown = selling_lines(call, [answer]) if level == "vague" else said
    return Finding(level if returned else f"{level}_no_return", shown)


def _objection_of(call: Call, index: int) -> str | None:
    note = call.note(index)
    return note.objection if note is not None else None


def _objection(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    order = sorted(call.notes.values(), key=lambda a: a.index)
    raised = [a for a in order if a.speaker == "prospect" and a.objection]
    # The candidate's reply to each objection: acknowledged in the next two turns, or not.
    handled_turns: list[int] = []
    missed_turns: list[int] = []
    for objection in raised:
        next_two = [t.index for t in call.mine if t.index > objection.index][:2]
        acked = [t for t in next_two if _objection_of(call, t) == objection.objection]
        if acked:
            handled_turns.append(acked[0])
        elif next_two:
            missed_turns.append(next_two[0])
    if not improvement:
        if handled_turns:
            asked = any(line.kind == "open" for t in handled_turns for line in call.lines(t))
            lines = [line for t in handled_turns for line in call.lines(t)]
            return Finding("acknowledged_asked" if asked else "acknowledged", lines)
        return Finding("closest", [line for t in missed_turns for line in call.asked(t)])
    if not missed_turns:
        return Finding("polish", [line for t in handled_turns for line in call.lines(t)])
    argued = [t for t in missed_turns if sells(call, t) or not call.asked(t)]
    if argued:
        return Finding("argued", selling_lines(call, argued))
    return Finding("moved_on", [line for t in missed_turns for line in call.lines(t)])


def _next_step(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    mine = [t.index for t in call.mine]
    proposed = [t for t in score.evidence if t in mine and call.asked(t)]
    if not improvement:
        key = "concrete" if score.score >= _GOOD else "asked"
        return Finding(key, [line for t in proposed for line in call.asked(t)])
    if not proposed:
        return Finding("none", [line for t in mine[-1:] for line in call.lines(t)])
    key = "polish" if score.score >= _GOOD else "vague"
    return Finding(key, [line for t in proposed for line in call.asked(t)])


FINDINGS: dict[str, Callable[[Call, CriterionScore, bool], Finding]] = {
    "opening": _opening,
    "discovery": _discovery,
    "questioning": _questioning,
    "listening": _listening,
    "preparation": _preparation,
    "objection": _objection,
    "next-step": _next_step,
}
