"""Coaching: exactly one strength and one improvement, each tied to the candidate's own words.

Each point quotes a sentence that shows it and says, in plain words, what that sentence did and
what to keep doing or do differently. The quote and the words beside it come from one reading of
the round (the scorer's turn annotations and the kind of each sentence), so they cannot
contradict each other: a yes/no question is never quoted for open questions, praise for handling
an objection needs an objection that was handled. The strength and the improvement never quote
the same line. The rubric's improvement advice closes an improvement where it fits every fault
of its measure; the coach's own phrases (messages.yaml) say the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import product
from pathlib import Path
from typing import Any

import yaml

from app.catalog.models import Criterion, Rubric
from app.coaching.models import Coaching, CoachingPoint
from app.roleplay.transcript import Turn
from app.scoring.metrics import challenge_turn, first_question
from app.scoring.models import CriterionScore, RoundScore, TurnAnnotation
from app.scoring.questions import ASKING, Sentence, read_questions
from app.scoring.score import render
from app.scoring.substance import engaged
from app.scoring.text import split_sentences

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_QUOTE_WORDS = 25
_MIN_QUOTE_WORDS = 4
_REAL_STRENGTH = 3  # below this level the "strength" is only the least weak criterion
_GOOD = 4  # from this level an improvement is polish, not a fault
_BRIEF = 40  # words before the first question that still make a brief opening
_LONG_TURN = 60  # words in one turn that are a speech, not a conversational turn
_SHORT_ANSWER = 4  # a reply this short to a yes/no question is a yes or a no
_TALKS_MOST = 0.5
_STACK_QUOTED = 3  # stacked questions quoted together


@cache
def messages(language: str) -> dict[str, Any]:
    """The coach's own phrases for a rubric language (English when unknown)."""
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "messages.yaml").read_text(encoding="utf-8")
    )
    return dict(data.get(language, data["en"]))


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


# --------------------------------------------------------------------------- reading the call


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence the candidate said, in their own spelling, and what kind of sentence it is."""

    turn: int
    text: str
    kind: str  # the scorer's sentence kind: open, closed, leading, statement, ...
    selling: int = 0  # sales claims and mentions of the seller or the candidate's background

    @property
    def asks(self) -> bool:
        """A question put to the prospect."""
        return self.kind in ASKING

    @property
    def words(self) -> int:
        """Words in the sentence."""
        return len(self.text.split())


def _spans(text: str, pieces: Sequence[str]) -> list[str] | None:
    """The pieces (normalised sentences of `text`) in the candidate's own spelling, found by
    counting word tokens; None when normalising changed the number of words."""
    found = [m.span() for m in _TOKEN.finditer(text)]
    counts = [len(_TOKEN.findall(p)) for p in pieces]
    if sum(counts) != len(found) or 0 in counts:
        return None
    out, at = [], 0
    for count in counts:
        start, end = found[at][0], found[at + count - 1][1]
        while end < len(text) and text[end] in "?!.…\"'”’)":
            end += 1  # keep the sentence's own closing mark
        out.append(text[start:end])
        at += count
    return out


def read_lines(index: int, text: str, language: str) -> list[Line]:
    """A candidate turn as sentences (run-on speech split into its questions), each with its
    kind as the scorer reads it."""
    reading = read_questions(text, language)
    pieces = split_sentences(text, language)
    spelled = _spans(text, pieces)
    if spelled is not None and len(reading.sentences) == len(spelled):
        return [_line(index, s, spelled[i]) for i, s in enumerate(reading.sentences)]
    # Restarts collapsed or normalising changed the words: read each sentence on its own.
    plain = spelled or [s for s in _SENTENCE_END.split(text.strip()) if s]
    lines = []
    for piece in plain:
        sentences = read_questions(piece, language).sentences
        kinds = [s.kind for s in sentences]
        kind = next((k for k in kinds if k in ASKING), kinds[0] if kinds else "statement")
        lines.append(Line(index, piece, kind, sum(_selling(s) for s in sentences)))
    return lines


def _selling(sentence: Sentence) -> int:
    return 2 * sentence.claims + sentence.about_us + sentence.background


def _line(index: int, sentence: Sentence, text: str) -> Line:
    return Line(index, text, sentence.kind, _selling(sentence))


@dataclass
class Call:
    """A round as the coach reads it: the candidate's turns, their sentences, the annotations."""

    turns: Sequence[Turn]
    score: RoundScore
    language: str

    @cached_property
    def notes(self) -> dict[int, TurnAnnotation]:
        """Turn annotations by turn index (empty when the scorecard has none)."""
        return {a.index: a for a in self.score.turns}

    @cached_property
    def mine(self) -> list[Turn]:
        """The candidate's turns in order."""
        return [t for t in self.turns if t.speaker == "candidate"]

    @cached_property
    def _lines(self) -> dict[int, list[Line]]:
        return {t.index: read_lines(t.index, t.text, self.language) for t in self.mine}

    def lines(self, index: int) -> list[Line]:
        """The sentences of one candidate turn."""
        return self._lines.get(index, [])

    def note(self, index: int) -> TurnAnnotation | None:
        """The annotation of a turn, if the scorecard has one."""
        return self.notes.get(index)

    def reply(self, index: int) -> TurnAnnotation | None:
        """The prospect turn right after a turn."""
        reply = self.notes.get(index + 1)
        return reply if reply is not None and reply.speaker == "prospect" else None

    def before(self, index: int) -> TurnAnnotation | None:
        """The prospect turn right before a turn."""
        before = self.notes.get(index - 1)
        return before if before is not None and before.speaker == "prospect" else None

    def turn_text(self, index: int) -> str:
        """What the candidate said in a turn."""
        return next((t.text for t in self.mine if t.index == index), "")

    def answers_question(self, index: int) -> bool:
        """Whether a candidate turn answers a question the prospect just asked (plainly: a
        pitch or a lecture in reply still counts as talk)."""
        before = next((t for t in self.turns if t.index == index - 1), None)
        # "Honestly? The board." is not a question to answer; one at the end of the turn is.
        last = _SENTENCE_END.split(before.text.strip())[-1] if before is not None else ""
        asked = before is not None and before.speaker == "prospect" and "?" in last
        selling = _sells(self, index)
        return asked and not selling and len(self.turn_text(index).split()) <= _LONG_TURN * 2

    def after_challenge(self, index: int) -> bool:
        """Whether a candidate turn answers the prospect's hard question (judged under
        preparation, however it was answered)."""
        return self.flag(index - 1, "challenge_asked")

    def asked(self, index: int) -> list[Line]:
        """The questions a turn put to the prospect."""
        return [line for line in self.lines(index) if line.asks]

    def flag(self, index: int, name: str) -> bool:
        """A boolean field of a turn's annotation (False when there is none)."""
        note = self.notes.get(index)
        return bool(getattr(note, name)) if note is not None else False

    @cached_property
    def _next_step(self) -> re.Pattern[str]:
        words = messages(self.language).get("next_step", [])
        return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)

    def proposes(self, line: Line) -> bool:
        """Whether a question asks for a next step (a meeting, a demo, sending something) or
        comes in the call's last two turns, where asking for one belongs."""
        closing = {t.index for t in self.mine[-2:]}
        return line.turn in closing or bool(self._next_step.search(line.text))

    def talks_most(self) -> bool:
        """Whether the candidate did most of the talking."""
        return self.score.metrics.talk_share > _TALKS_MOST


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


def _statements(lines: Sequence[Line]) -> list[Line]:
    """Sentences that say something: substance before filler ("Great question!")."""
    said = [line for line in lines if not line.asks]
    return sorted(said, key=lambda line: -line.words)


def _sells(call: Call, index: int) -> bool:
    """Whether the scorer read a turn as a pitch or as talk about the candidate."""
    return call.flag(index, "pitch") or call.flag(index, "self_talk")


def _selling_lines(call: Call, turns: Sequence[int]) -> list[Line]:
    lines = [line for t in turns for line in call.lines(t)]
    return sorted(
        (line for line in lines if line.selling), key=lambda line: (-line.selling, line.turn)
    ) or _statements(lines)


# --------------------------------------------------------------------------- the findings


def _opening(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    order = sorted(call.notes.values(), key=lambda a: a.index)
    taken = first_question(order) if order else None
    asking = [t.index for t in call.mine if call.asked(t.index)]
    # The scorer's opening runs to the first question the prospect took up.
    first = taken.index if taken else asking[0] if asking else None
    opener = [t.index for t in call.mine if first is None or t.index <= first] or [0]
    opener = opener if first is not None else opener[:2]
    words = call.score.metrics.words_before_first_question
    pitched = [t for t in opener if _sells(call, t)]
    if not improvement:
        if not asking:
            return Finding("no_question", _statements(call.lines(opener[0])))
        # What "straight away" means: the words before the very first question asked.
        said = [line for t in call.mine if t.index < asking[0] for line in call.lines(t.index)]
        said += _until_asked(call.lines(asking[0]))
        brief = sum(line.words for line in said) <= _BRIEF and not pitched
        return Finding("brief" if brief else "asked", _questions(call, asking[0]))
    question = _questions(call, first) if first is not None else []
    if pitched:
        key = "pitch_first" if question else "pitch_no_question"
        return Finding(key, _selling_lines(call, pitched), {"words": words})
    if not question:
        return Finding("no_question", _statements(call.lines(opener[0])))
    if words > _BRIEF:
        return Finding("late", question, {"words": words})
    if score.score < _GOOD and question[0].kind in ("closed", "leading"):
        return Finding("closed_first", question)
    return Finding("polish", question)


def _until_asked(lines: Sequence[Line]) -> list[Line]:
    return [line for line in lines[: next(i for i, x in enumerate(lines) if x.asks)]]


def _questions(call: Call, index: int) -> list[Line]:
    """A turn's questions, the one to quote first: an open one if any, the fullest."""
    return sorted(call.asked(index), key=lambda line: (line.kind != "open", -line.words))


def _drew(call: Call, index: int) -> int:
    """How much a candidate turn's question drew out: facts asked about or given away."""
    note, reply = call.note(index), call.reply(index)
    facts = len(note.facts) if note and note.question else 0
    return facts + (len(reply.revealed) if reply else 0) + engaged(reply)


def _discovery(call: Call, score: CriterionScore, improvement: bool) -> Finding:
    asking = [t.index for t in call.mine if call.asked(t.index)]
    # What a question drew out, an open one a little ahead of a yes/no one that drew as much.
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
        and (_sells(call, t.index) or engaged(call.before(t.index)))
        and not (call.answers_question(t.index) or call.after_challenge(t.index))
    ]
    if told:
        return Finding("told", _selling_lines(call, told))
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
            "none", _statements([line for t in call.mine for line in call.lines(t.index)])
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
        # The yes/no questions that drew the shortest answers show it best.
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
        return Finding("few", _statements(lines))
    # The fault shown most often; on a tie, the one that costs the prospect's answer most.
    key = max(faults, key=lambda k: (len(faults[k]), -list(faults).index(k)))
    shown = faults[key]
    if key == "closed" and _reply_words(call, shown[0].turn) <= _SHORT_ANSWER:
        key = "closed_answered"
    return Finding(key, shown, per_turn=counts.get(key, {}))


def _count(call: Call, index: int) -> int:
    note = call.note(index)
    return max(note.questions if note is not None else 0, len(call.asked(index)))


def _stacked(call: Call, index: int) -> bool:
    """Two or more questions at once, as the scorer counted them when it did."""
    note = call.note(index)
    return note.stacked if note is not None else len(call.asked(index)) >= 2


def _told(call: Call, index: int) -> float:
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
            key = "built" if call.talks_most() else "built_quiet"
            return Finding(key, [_questions(call, t)[0] for t in built])
        recaps = [
            line for t in mine if call.flag(t, "recap") for line in _statements(call.lines(t))
        ]
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
        {t for t in mine if _words(call, t) >= _LONG_TURN and not call.answers_question(t)}
        | {t for t in mine if _sells(call, t)},
        key=lambda t: -_words(call, t),
    )
    words = {t: {"words": _words(call, t)} for t in talked}
    if talked and (call.talks_most() or _words(call, talked[0]) >= _LONG_TURN):
        key = "talked_most" if call.talks_most() else "talked"
        lines = [line for t in talked for line in _selling_lines(call, [t])]
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
    lines = [line for t in longest for line in _statements(call.lines(t))]
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
    returned = any(
        call.note(t) is not None
        and call.note(t).question == "open"  # type: ignore[union-attr]
        and not call.flag(t, "prompt")
        for t in after[:2]
    )
    said = _statements(call.lines(answer)) or call.lines(answer)
    if not improvement:
        # What explains it, not what sells.
        said = sorted(said, key=lambda line: line.selling > 0)
        if score.score < _REAL_STRENGTH:
            return Finding("answered", said)
        clear = "clear" if score.score >= _GOOD else "partial"
        return Finding(f"{clear}_returned" if returned else clear, said)
    level = "polish" if score.score >= _GOOD else "partial" if score.score == 3 else "vague"
    # A pitch in place of an explanation is the line that shows a vague answer.
    shown = _selling_lines(call, [answer]) if level == "vague" else said
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
    argued = [t for t in missed_turns if _sells(call, t) or not call.asked(t)]
    if argued:
        return Finding("argued", _selling_lines(call, argued))
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


_FINDINGS: dict[str, Callable[[Call, CriterionScore, bool], Finding]] = {
    "opening": _opening,
    "discovery": _discovery,
    "questioning": _questioning,
    "listening": _listening,
    "preparation": _preparation,
    "objection": _objection,
    "next-step": _next_step,
}


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
    side = texts[criterion.measure]["improvement" if draft.improvement else "strength"]
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
        find = _FINDINGS.get(criterion.measure) if criterion.measure in texts else None
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
