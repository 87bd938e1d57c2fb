"""The round as the coach reads it: each candidate turn as sentences in the candidate's own
spelling, each with its kind as the scorer reads it, beside the scorer's turn annotations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from app.coaching.phrases import messages
from app.language.questions import REAL_QUESTIONS, Sentence, read_questions
from app.language.text import split_sentences
from app.roleplay.transcript import Turn
from app.scoring.models import RoundScore, TurnAnnotation

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
LONG_TURN = 60  # words in one turn that are a speech, not a conversational turn
_TALKS_MOST = 0.5
_ASKS = REAL_QUESTIONS | {"courtesy"}


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence the candidate said, in their own spelling, and what kind of sentence it is."""

    turn: int
    text: str
    kind: str  # the scorer's sentence kind: open, closed, leading, statement, ...
    selling: int = 0  # sales claims and mentions of the seller or the candidate's background

    @property
    def asks(self) -> bool:
        """A question put to the prospect ("Budget?" and "Is now a good time?" included)."""
        return self.kind in _ASKS

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


def read_lines(index: int, text: str, language: str, product: tuple[str, ...] = ()) -> list[Line]:
    """A candidate turn as sentences (run-on speech split into its questions), each with its
    kind as the scorer reads it (`product`: the words that name the seller's product)."""
    reading = read_questions(text, language, product)
    pieces = split_sentences(text, language, product)
    spelled = _spans(text, pieces)
    if spelled is not None and len(reading.sentences) == len(spelled):
        return [_line(index, s, spelled[i]) for i, s in enumerate(reading.sentences)]
    # Restarts collapsed or normalising changed the words: read each sentence on its own.
    plain = spelled or [s for s in SENTENCE_END.split(text.strip()) if s]
    lines = []
    for piece in plain:
        sentences = read_questions(piece, language, product).sentences
        kinds = [s.kind for s in sentences]
        kind = next((k for k in kinds if k in _ASKS), kinds[0] if kinds else "statement")
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
        product = self.score.product
        return {t.index: read_lines(t.index, t.text, self.language, product) for t in self.mine}

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
        last = SENTENCE_END.split(before.text.strip())[-1] if before is not None else ""
        asked = before is not None and before.speaker == "prospect" and "?" in last
        selling = sells(self, index)
        return asked and not selling and len(self.turn_text(index).split()) <= LONG_TURN * 2

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
        """Whether the candidate did most of the talking, counted both ways the report shows
        it: all words, and without plain answers to the prospect's own questions."""
        mine = sum(len(t.text.split()) for t in self.mine if not self.answers_question(t.index))
        theirs = sum(len(t.text.split()) for t in self.turns if t.speaker == "prospect")
        without_answers = mine / (mine + theirs) if mine + theirs else 0.0
        return min(self.score.metrics.talk_share, without_answers) > _TALKS_MOST

    def talks_least(self) -> bool:
        """Whether the prospect did most of the talking, counted both ways."""
        return self.score.metrics.talk_share <= _TALKS_MOST


def sells(call: Call, index: int) -> bool:
    """Whether the scorer read a turn as a pitch or as talk about the candidate."""
    return call.flag(index, "pitch") or call.flag(index, "self_talk")
