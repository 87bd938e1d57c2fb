"""Question types: what each sentence of a turn asks, and which question the turn puts to us.

Sentence kinds:
- open / closed / leading: a real question of that type;
- fragment: a verbless question ("your goals?") — asks little, counted as closed;
- courtesy: small talk or permission ("how are you?", "is now a good time?");
- rhetorical: a question the seller answers themselves ("guess what?");
- statement: everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.scoring.injection import attack_in
from app.scoring.languages import lexicon
from app.scoring.lexicon import Lexicon
from app.scoring.models import QuestionType
from app.scoring.text import normalise, split_normalised, tokens

SentenceKind = Literal[
    "open", "closed", "leading", "fragment", "courtesy", "rhetorical", "statement"
]
# End-anchored patterns (tags, "or?", "you know?") only look at this many closing characters.
_TAIL = 40
REAL_QUESTIONS: frozenset[SentenceKind] = frozenset({"open", "closed", "leading", "fragment"})
ASKING: frozenset[SentenceKind] = frozenset({"open", "closed", "leading"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a turn: its normalised text, its kind and its word tokens."""

    text: str
    kind: SentenceKind
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TurnQuestions:
    """The sentences of a turn and the question it puts to the prospect."""

    text: str  # the normalised turn
    sentences: tuple[Sentence, ...]
    label: QuestionType | None
    questions: int
    injection: bool = False  # some of the turn is addressed to the AI or the scorer

    @property
    def words(self) -> list[str]:
        """All word tokens of the turn."""
        return [w for s in self.sentences for w in s.words]

    @property
    def stacked(self) -> bool:
        """Two or more questions at once."""
        return self.questions >= 2

    @property
    def asks(self) -> bool:
        """Whether the turn asks the prospect something real (not small talk)."""
        return self.questions > 0


def classify_sentence(sentence: str, lex: Lexicon) -> SentenceKind:
    """The kind of one normalised sentence."""
    core = _core(sentence, lex)
    if core.rstrip("?!. ").endswith(lex.filler_tail_words):
        tail = lex.filler_tail.search(core, max(0, len(core) - _TAIL))
        if tail and tail.start() > 0:
            core = core[: tail.start()]
    asked = core.endswith("?") or "?" in core
    text = core.rstrip("?!. ")
    if not text:
        return "courtesy" if asked else "statement"
    shape = _shape(text, asked, lex)
    if shape in ("courtesy", "rhetorical"):
        return shape
    if shape != "open":
        tag = (
            lex.tag.search(text, max(0, len(text) - _TAIL)) if _last_word_tags(text, lex) else None
        )
        # Without a "?" only an unmistakable tag counts (", right", "isn't it", "eller hur").
        if tag and (asked or shape != "statement" or _unmistakable(tag.group(0))):
            return "leading"
    if (asked or shape != "statement") and lex.leading.search(text):
        return "leading"
    return shape


def _last_word_tags(text: str, lex: Lexicon) -> bool:
    """Cheap check before the tag pattern: does the sentence end in a word a tag ends in?"""
    return text[text.rfind(" ") + 1 :].strip(",") in lex.tag_ends


def _unmistakable(tag: str) -> bool:
    tag = tag.strip()
    return tag.startswith(",") or "'" in tag or " " in tag


def _core(sentence: str, lex: Lexicon) -> str:
    """The sentence without leading fillers and discourse markers."""
    match = lex.filler.match(sentence)
    core = sentence[match.end() :] if match else sentence
    return core.strip(" ,.-–—")


def _shape(text: str, asked: bool, lex: Lexicon) -> SentenceKind:
    """The kind of a sentence judged by how it starts."""
    if lex.courtesy.match(text) and (asked or _question_start(text, lex)):
        return "courtesy"
    if asked and lex.rhetorical.match(text):
        return "rhetorical"
    if lex.proposal.match(text):
        return "closed"
    if lex.negative_start.match(text):
        return "leading"
    if lex.wh_statement.match(text):
        return "statement"
    prompt = lex.open_prompt.match(text)
    if prompt:
        if lex.prompt_yes_no.match(text[prompt.end() :].lstrip()):
            return "closed"
        return "open"
    if lex.closed_start.match(text):
        return "closed"
    if lex.wh_question.match(text) and (asked or lex.wh_strict.match(text)):
        return "closed" if lex.choice.search(text) else "open"
    if not asked:
        return "statement"
    if lex.closed_loose.match(text):
        return "closed"
    if lex.choice_tail.search(text + "?", max(0, len(text) - _TAIL)):
        return "closed"
    if lex.blank.search(text, max(0, len(text) - _TAIL)) and len(text.split()) >= 3:
        return "open"
    return "fragment" if _fragment(text, lex) else "closed"


def _question_start(text: str, lex: Lexicon) -> bool:
    return bool(
        lex.wh_question.match(text) or lex.closed_start.match(text) or lex.closed_loose.match(text)
    )


def _fragment(text: str, lex: Lexicon) -> bool:
    """A short question with no subject and no verb: "your goals?", "budget?"."""
    words = tokens(text)
    if len(words) > 5:
        return False
    return not any(
        w in lex.subjects or w in lex.verbs or "'" in w or w.endswith(("ed", "ing")) for w in words
    )


def read_questions(text: str, language: str) -> TurnQuestions:
    """Split a turn into sentences, classify each one and pick the turn's question."""
    lex = lexicon(language)
    norm = normalise(text)
    raw = split_normalised(norm, lex)
    words = [tokens(s) for s in raw]
    kinds = [classify_sentence(s, lex) for s in raw]
    injection = attack_in(norm, (w for ws in words for w in ws))
    if injection:
        # Text addressed to the scorer or the AI is an attack, not a question to the prospect.
        kinds = [
            "statement" if attack_in(s, ws) else k
            for s, ws, k in zip(raw, words, kinds, strict=True)
        ]
    for i in range(len(kinds) - 1):
        # A question the speaker answers straight away was never put to the prospect.
        answered = kinds[i + 1] == "statement" and lex.answer_lead.match(raw[i + 1])
        if kinds[i] in REAL_QUESTIONS and answered:
            kinds[i] = "rhetorical"
    sentences = tuple(Sentence(s, k, tuple(ws)) for s, k, ws in zip(raw, kinds, words, strict=True))
    real = [k for k in kinds if k in REAL_QUESTIONS]
    substantive = [k for k in real if k != "fragment"]
    label: QuestionType | None = None
    if substantive:
        label = _as_type(substantive[-1])
    elif real or "courtesy" in kinds:
        label = "closed"
    return TurnQuestions(norm, sentences, label, len(real), injection)


def _as_type(kind: SentenceKind) -> QuestionType:
    if kind == "open":
        return "open"
    if kind == "leading":
        return "leading"
    return "closed"


def classify_question(text: str, language: str) -> tuple[QuestionType | None, int]:
    """The turn's question type (the one the prospect is asked to answer) and how many it asks."""
    reading = read_questions(text, language)
    return reading.label, reading.questions
