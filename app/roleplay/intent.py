"""Reading a candidate turn the way the scripted prospect hears it, with the one reader of a turn
(app/language) the scorer uses too: what the turn asks, whether it pitches, whether it asks for
a meeting, whether it tries to break the role play, and the stems the scenario's phrases are
matched against. The words and patterns are the language folder's (languages/<code>/)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from app.language.claims import pitch_from, self_talk_from, weigh_sides
from app.language.injection import detect_injection
from app.language.questions import TurnQuestions, read_questions
from app.language.registry import language, languages, on_install
from app.language.schema import joined
from app.language.text import normalise, spelled_out, tokens
from app.textfold import fold_lookalikes, hidden_payloads

QuestionKind = Literal["open", "closed"]

# Sentence kinds the prospect answers: an open question, or one answered in a word.
_OPEN = frozenset({"open"})
_CLOSED = frozenset({"closed", "leading", "fragment", "courtesy"})


def words_of(text: str, code: str = "en") -> list[str]:
    """The lower-case word tokens of `text`, as the reader normalises it, with contractions
    written out ("don't" -> "do", "not") so that they match a scenario's phrases."""
    return spelled_out(tokens(normalise(text, code)), code)


def stem(word: str, code: str) -> str:
    """The language's stem of a word (the scorer's stems: app/language/stemming.py)."""
    return language(code).stem(word)


Phrase = frozenset[str]


def compile_phrase(phrase: str, code: str) -> Phrase:
    """The stems of a scenario phrase such as "what made you download"."""
    return frozenset(stem(w, code) for w in words_of(phrase, code))


# Stems of 4+ letters may match a longer word ("budget" ~ "budgeting") or a slightly
# shorter one ("write" ~ "writ", from "writing"), but not a different word that merely
# starts the same way ("time" !~ "timeline", "lead" !~ "leadership").
_MIN_PREFIX = 4  # shorter stems must match exactly: "seo", "ceo", "you"
_LONGER_BY = 4
_SHORTER_BY = 2


class WordIndex:
    """The stems of some text, and their prefixes that may stand for them."""

    __slots__ = ("exact", "prefixes")

    def __init__(self, stems: Iterable[str]) -> None:
        self.exact = frozenset(stems)
        self.prefixes = frozenset(
            s[:k] for s in self.exact for k in range(max(_MIN_PREFIX, len(s) - _LONGER_BY), len(s))
        )


class Vocabulary:
    """Every word a scenario's phrases use; finds the ones a text contains, in one pass."""

    __slots__ = ("_by_prefix", "_long", "_words")

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._words: frozenset[str] = frozenset().union(*phrases)
        self._long = frozenset(w for w in self._words if len(w) >= _MIN_PREFIX)
        by_prefix: dict[str, set[str]] = {}
        for word in self._long:
            for k in range(max(_MIN_PREFIX, len(word) - _SHORTER_BY), len(word)):
                by_prefix.setdefault(word[:k], set()).add(word)
        self._by_prefix = {k: frozenset(v) for k, v in by_prefix.items()}

    def found_in(self, index: WordIndex) -> frozenset[str]:
        """Vocabulary words in the text, exactly or by a close prefix (see _LONGER_BY)."""
        found = (self._words & index.exact) | (self._long & index.prefixes)
        longer = [self._by_prefix[s] for s in index.exact if s in self._by_prefix]
        return found.union(*longer)


def phrase_in(phrase: Phrase, found: frozenset[str]) -> bool:
    """Whether every word of the phrase was found (in any order)."""
    return bool(phrase) and phrase <= found


@lru_cache(maxsize=16)
def _function_stems(code: str) -> frozenset[str]:
    lang = language(code)
    return frozenset(lang.stem(w) for w in lang.lexicon().stopwords)


on_install(_function_stems.cache_clear)


def specificity(phrase: Phrase, code: str = "en") -> tuple[int, int]:
    """How specific a phrase is: its content words, then their letters ("this year" < "budget")."""
    content = [w for w in phrase if w not in _function_stems(code)]
    return len(content), sum(len(w) for w in content)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the prospect hears in one candidate turn."""

    words: int
    question: QuestionKind | None  # the most open question in the turn, if any
    about_prospect: bool  # a question that is about the buyer ("you", "your")
    broad: bool  # an open question about the buyer's company as a whole
    asked: WordIndex  # stems of the question sentences only
    said: WordIndex  # stems of the whole turn
    pitch: bool
    meeting: bool
    injection: bool


def _terms(words: Sequence[str]) -> list[str]:
    """The words, and each pair run together ("white paper" also reads as "whitepaper")."""
    return [*words, *(a + b for a, b in pairwise(words))]


def _questions(reading: TurnQuestions, spoken: list[list[str]]) -> list[list[str]]:
    """The words of each written sentence that asks something: a question and whatever its
    sentence put before it ("And the goals, what were they again?")."""
    written: list[list[str]] = []
    asks: list[bool] = []
    for i, (sentence, words) in enumerate(zip(reading.sentences, spoken, strict=True)):
        asking = sentence.kind in _OPEN | _CLOSED
        if i and i < len(reading.continues) and reading.continues[i]:
            written[-1] = written[-1] + words
            asks[-1] = asks[-1] or asking
        else:
            written.append(words)
            asks.append(asking)
    return [words for words, asking in zip(written, asks, strict=True) if asking]


def read_turn(
    text: str, code: str, names: Iterable[str] = (), product: Sequence[str] = ()
) -> Reading:
    """Read a candidate turn: question kind, pitch, meeting request, injection, word stems
    (`names`: the prospect's, never a word of a question; `product`: the scenario's)."""
    product = tuple(product)
    lex = language(code).lexicon(product)
    reading = read_questions(text, code, product)
    name_words = frozenset(w for n in names for w in words_of(n, code))
    kinds = {s.kind for s in reading.sentences}
    question: QuestionKind | None = (
        "open" if kinds & _OPEN else "closed" if kinds & _CLOSED else None
    )
    spoken = [spelled_out(s.words, code) for s in reading.sentences]
    asked = [
        w
        for words in _questions(reading, spoken)
        for w in _terms([w for w in words if w not in name_words])
    ]
    said = [w for words in spoken for w in _terms(words)]
    sides = weigh_sides(reading, code, product)
    return Reading(
        words=len(text.split()),
        question=question,
        about_prospect=not lex.second_person.isdisjoint(asked),
        broad=any(s.kind == "open" and lex.broad.search(s.text) for s in reading.sentences),
        asked=WordIndex(stem(w, code) for w in asked),
        said=WordIndex(stem(w, code) for w in said),
        pitch=pitch_from(sides) or self_talk_from(sides),
        meeting=any(lex.meeting.search(s.text) for s in reading.sentences),
        injection=detect_injection(text) or breaks_role(text),
    )


@lru_cache(maxsize=1)
def _role_breaks() -> re.Pattern[str]:
    patterns = [
        joined(p)
        for lang in languages().by_code.values()
        for p in lang.reading.injection.role_breaks
    ]
    return re.compile("|".join(patterns) or "(?!x)x", re.IGNORECASE | re.MULTILINE)


on_install(_role_breaks.cache_clear)


def breaks_role(text: str) -> bool:
    """Whether `text` tries to step out of the role play (asks if the prospect is an AI, for
    its prompt, to swap roles), in any language present; also in look-alike letters or hidden
    in base64."""
    flat = " ".join(tokens(normalise(text)))
    if _role_breaks().search(text) or _role_breaks().search(flat):
        return True
    folded = fold_lookalikes(text)
    if folded != text and breaks_role(folded):
        return True
    # A base64 payload is harmless to this engine, but the language model would decode it.
    return any(breaks_role(p) for p in hidden_payloads(text))
