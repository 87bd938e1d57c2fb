"""Question types: what each sentence of a turn asks, and which question the turn puts to us.

Sentence kinds:
- open / closed / leading: a real question of that type;
- fragment: a verbless question ("your goals?") — asks little, counted as closed;
- courtesy: small talk or permission ("how are you?", "is now a good time?");
- rhetorical: a question the seller answers themselves ("guess what?");
- statement: everything else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from app.language.injection import attack_in
from app.language.lexicon import Lexicon
from app.language.registry import language, on_install
from app.language.text import drop_restarts, normalise, split_marked, tokens

SentenceKind = Literal[
    "open", "closed", "leading", "fragment", "courtesy", "rhetorical", "statement"
]
QuestionType = Literal["open", "closed", "leading"]
_DIGIT = re.compile(r"\d")
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
    about_us: int = 0  # mentions of the seller's company or product
    claims: int = 0  # sales claims
    background: int = 0  # mentions of the candidate's own background


@dataclass(frozen=True, slots=True)
class TurnQuestions:
    """The sentences of a turn and the question it puts to the prospect."""

    text: str  # the normalised turn
    sentences: tuple[Sentence, ...]
    label: QuestionType | None
    questions: int
    injection: bool = False  # some of the turn is addressed to the AI or the scorer
    spoken_words: int = 0  # words as spoken, restarts included
    asked: tuple[bool, ...] = ()  # per sentence: a question put to the prospect (not a rephrasing)
    continues: tuple[bool, ...] = ()  # per sentence: cut out of the written sentence before it

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
    core, fronted = _core(sentence, lex)
    if core.rstrip("?!. ").endswith(lex.filler_tail_words):
        tail = lex.filler_tail.search(core, max(0, len(core) - _TAIL))
        if tail and tail.start() > 0:
            core = core[: tail.start()]
    asked = core.endswith("?") or "?" in core
    text = core.rstrip("?!. ")
    if not text:
        return "courtesy" if asked else "statement"
    shape = _shape(text, asked, lex, fronted and not asked)
    if shape in ("courtesy", "rhetorical"):
        return shape
    if shape != "open":
        tag = (
            lex.tag.search(text, max(0, len(text) - _TAIL)) if _last_word_tags(text, lex) else None
        )
        # Without a "?" a one-word tag ("…, yeah") is a filler unless it ends a claim about what
        # the prospect needs or thinks ("so you need inbound, yeah").
        if tag and (
            asked
            or shape != "statement"
            or _unmistakable(tag.group(0), lex)
            or lex.about_prospect.search(text) is not None
        ):
            return "leading"
    if (asked or shape != "statement") and lex.leading.search(text):
        return "leading"
    if lex.assumptive.match(text):
        return "leading"  # "so we're agreed the spreadsheet has to go", with or without a "?"
    if shape == "statement" and lex.claim_tag.search(text) and lex.about_prospect.search(text):
        return "leading"  # a claim with a particle that seeks agreement, even without a "?"
    return shape


def ends_in_tag(sentence: str, lex: Lexicon) -> bool:
    """Whether a sentence ends in a question tag (", right?", "eller hur?")."""
    text = sentence.rstrip("?!. ")
    if not _last_word_tags(text, lex):
        return False
    return lex.tag.search(text, max(0, len(text) - _TAIL)) is not None


def _last_word_tags(text: str, lex: Lexicon) -> bool:
    """Cheap check before the tag pattern: does the sentence end in a word a tag ends in?"""
    return text[text.rfind(" ") + 1 :].strip(",") in lex.tag_ends


def _unmistakable(tag: str, lex: Lexicon) -> bool:
    """A tag of several words ("isn't it") is a question even without a "?"; a hedge
    ("..., I guess.") is one only with it."""
    words = tag.strip(" ,?.!").split()
    return len(words) > 1 and lex.hedge_subjects.isdisjoint(words)


def _core(sentence: str, lex: Lexicon) -> tuple[str, bool]:
    """The sentence without leading fillers, and whether the last filler was a fronted adverbial."""
    match = lex.filler.match(sentence)
    if not match:
        return sentence.strip(" ,.-–—"), False
    fillers = match.group(0)
    fronted = fillers.endswith(" ") and fillers.split()[-1] in lex.fronting
    return sentence[match.end() :].strip(" ,.-–—"), fronted


def _shape(text: str, asked: bool, lex: Lexicon, fronted: bool = False) -> SentenceKind:
    """The kind of a sentence judged by how it starts (`fronted`: verb-second, a statement)."""
    if lex.courtesy.match(text) and (asked or _question_start(text, lex)):
        return "courtesy"
    if asked and lex.rhetorical.match(text):
        return "rhetorical"
    if lex.proposal.match(text):
        return "closed"
    if not fronted and lex.negative_start.match(text):
        return "leading"
    if lex.wh_statement.match(text):
        return "statement"
    prompt = lex.open_prompt.match(text)
    if prompt:
        if lex.prompt_yes_no.match(text[prompt.end() :].lstrip()):
            return "closed"
        return "open"
    if (not fronted or lex.fronted_question.match(text)) and lex.closed_start.match(text):
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
    if lex.wh_in_situ.search(text, max(0, len(text) - _TAIL)):
        return "open"  # "hit and miss in what way?"
    return "fragment" if _fragment(text, lex) else "closed"


def _claim_with_a_question_mark(sentence: str, hits: Sequence[int], lex: Lexicon) -> bool:
    """A statement about the seller that only its "?" makes a question: "We're the leading
    platform for security companies?", "I'm calling from HubSpot?", "Let me show you our
    dashboard?". It asks the prospect nothing. "I take it you've tried ads?" still asks."""
    core = _core(sentence, lex)[0]
    if _question_start(core, lex):
        return False
    words = tokens(core)
    addressed = not lex.addressee.isdisjoint(words)
    about_seller = bool(words) and words[0] in lex.speaker
    return (any(hits) and not addressed) or (about_seller and (any(hits) or not addressed))


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


# A round is annotated again after every turn and on every report; each turn's reading is pure
# and immutable, so it is computed once.
@lru_cache(maxsize=4096)
def read_questions(text: str, code: str, product: tuple[str, ...] = ()) -> TurnQuestions:
    """Split a turn into sentences, classify each one and pick the turn's question (`product`:
    the words that name the seller's product in this call)."""
    lex = language(code).lexicon(product)
    spoken = normalise(text, code)
    norm = drop_restarts(spoken)
    marked = split_marked(norm, lex)
    raw = [piece for piece, _ in marked]
    words = [tokens(s) for s in raw]
    kinds = [classify_sentence(s, lex) for s in raw]
    hits = [sales_talk(s, ws, lex) for s, ws in zip(raw, words, strict=True)]
    injection = attack_in(norm, (w for ws in words for w in ws))
    for i, kind in enumerate(kinds):
        if injection and attack_in(raw[i], words[i]):
            # Text addressed to the scorer or the AI is an attack, not a question to the prospect.
            kinds[i] = "statement"
        elif kind == "open" and "?" not in raw[i] and any(hits[i]):
            # "I'd love to understand your goals, because HubSpot is all about ...": a pitch
            # wearing discovery words, not a question.
            kinds[i] = "statement"
        elif kind in ("closed", "fragment") and _claim_with_a_question_mark(raw[i], hits[i], lex):
            kinds[i] = "rhetorical"
        elif (
            i
            and kind in ("open", "closed")
            and marked[i][1]
            and kinds[i - 1] == "statement"
            and lex.leading.search(raw[i - 1])
        ):
            # "Since it clearly isn't working, what's stopping you?": the premise makes it leading.
            kinds[i] = "leading"
    for i in range(len(kinds) - 1):
        # A question the speaker answers straight away was never put to the prospect.
        answered = kinds[i + 1] == "statement" and lex.answer_lead.match(raw[i + 1])
        if kinds[i] in REAL_QUESTIONS and answered:
            kinds[i] = "rhetorical"
    sentences = tuple(
        Sentence(s, k, tuple(ws), *h) for s, k, ws, h in zip(raw, kinds, words, hits, strict=True)
    )
    # "What have you tried? Or is this the first look?", "how do you track it, is it in
    # Salesforce or spreadsheets or...": the second only offers answers to the first.
    put = tuple(
        k in REAL_QUESTIONS
        and not (
            i
            and kinds[i - 1] in REAL_QUESTIONS
            and (
                lex.elaboration.match(raw[i])
                or lex.open_tail.search(raw[i])
                or _ends_in_elaboration(raw[i - 1], lex)
            )
        )
        for i, k in enumerate(kinds)
    )
    asked = [k for k, p in zip(kinds, put, strict=True) if p]
    substantive = [k for k in asked if k != "fragment"]
    label: QuestionType | None = None
    if substantive:
        # The prospect answers what most of the turn asks, and on a tie the last question put
        # to them: "How many leads do you get, is it more than a hundred?" ends as a yes/no
        # question, however open it began. An invitation ("Help me understand what it means
        # to the board. Is there a number?") still asks for the story: the yes/no only narrows.
        types = [_as_type(k) for k in substantive]
        most: QuestionType = max(types, key=lambda t: (types.count(t), _last_position(types, t)))
        label = most
        invited = any(k == "open" and lex.open_prompt.search(raw[i]) for i, k in enumerate(kinds))
        if label == "closed" and invited:
            label = "open"
    elif asked or "courtesy" in kinds:
        label = "closed"
    spoken_words = len(tokens(spoken)) if norm != spoken else sum(len(w) for w in words)
    continues = tuple(c for _, c in marked)
    return TurnQuestions(
        norm, sentences, label, len(asked), injection, spoken_words, put, continues
    )


on_install(read_questions.cache_clear)


def _last_position(types: Sequence[QuestionType], wanted: QuestionType) -> int:
    return max(i for i, t in enumerate(types) if t == wanted)


def _ends_in_elaboration(sentence: str, lex: Lexicon) -> bool:
    """ "how's it working, like, | do requests still ...": the cut came after "like"."""
    tail = sentence.rstrip(" ,").rsplit(maxsplit=2)[-2:]
    return any(lex.elaboration.fullmatch(" ".join(tail[i:])) for i in range(len(tail)))


def sales_talk(sentence: str, words: Sequence[str], lex: Lexicon) -> tuple[int, int, int]:
    """How often a sentence talks about the company, makes claims, and about the candidate.

    The reason for the call ("you downloaded our whitepaper") is context, not selling.
    """
    about_us = claims = background = 0
    spans: list[tuple[int, int]] = []
    if not lex.seller_anchors.isdisjoint(words):
        spans = [m.span() for m in lex.seller.finditer(sentence)]
        about_us = len(spans)
    if not spans and (_DIGIT.search(sentence) or not lex.selling_anchors.isdisjoint(words)):
        claims = len(lex.selling.findall(sentence))
    elif _DIGIT.search(sentence) or not lex.selling_anchors.isdisjoint(words):
        # A claim overlapping a mention already counted ("our free tools") counts once.
        claims = sum(
            1
            for m in lex.selling.finditer(sentence)
            if not any(m.start() < end and start < m.end() for start, end in spans)
        )
    if not lex.self_talk_anchors.isdisjoint(words):
        background = len(lex.self_talk.findall(sentence))
    if about_us and lex.context.search(sentence):
        about_us -= 1  # the reason for the call names the product once; more is selling
    return about_us, claims, background


def _as_type(kind: SentenceKind) -> QuestionType:
    if kind == "open":
        return "open"
    if kind == "leading":
        return "leading"
    return "closed"


def classify_question(
    text: str, code: str, product: tuple[str, ...] = ()
) -> tuple[QuestionType | None, int]:
    """The turn's question type (the one the prospect is asked to answer) and how many it asks."""
    reading = read_questions(text, code, product)
    return reading.label, reading.questions
