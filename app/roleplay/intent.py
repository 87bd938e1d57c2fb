"""Reading a candidate turn the way the scripted prospect hears it, with the one reader of a turn
(app/language) the scorer uses too: what the turn asks, whether it pitches, whether it asks for
a meeting (and at what time), whether it tries to break the role play, and the stems the
scenario's phrases are matched against. The words and patterns are the language folder's
(languages/<code>/reading.yaml: the reader's `lexicon`, and the prospect's own `prospect`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from app.language.claims import pitch_from, self_talk_from, weigh_sides
from app.language.injection import detect_injection
from app.language.lexicon import accept_unaccented
from app.language.questions import TurnQuestions, read_questions
from app.language.registry import language, languages, on_install
from app.language.schema import Pattern, joined
from app.language.text import normalise, spelled_out, tokens
from app.roleplay.times import Slot, find_slot
from app.textfold import fold_lookalikes, hidden_payloads

QuestionKind = Literal["open", "closed"]
# The kinds of question every buyer can answer (see languages/<code>/reading.yaml, prospect.kinds).
KINDS = ("goal", "trigger", "decision")

# Sentence kinds the prospect answers: an open question, or one answered in a word.
_OPEN = frozenset({"open"})
_CLOSED = frozenset({"closed", "leading", "fragment", "courtesy"})


def words_of(text: str, code: str = "en") -> list[str]:
    """The lower-case word tokens of `text`, as the reader normalises it, with contractions
    written out ("don't" -> "do", "not") so that they match a scenario's phrases."""
    return spelled_out(tokens(normalise(text, code)), code)


@lru_cache(maxsize=16)
def _inflections(code: str) -> tuple[tuple[str, str], ...]:
    rules = language(code).reading.prospect.inflections
    return tuple((ending, added) for ending, _, added in (r.partition("=") for r in rules))


def stem(word: str, code: str) -> str:
    """The stem the prospect matches a scenario's phrases with: the language's stemmer (the
    scorer's, app/language/stemming.py) keeping the accented letters the phrases are written
    with (folded, Swedish "\u00e5r" and "\u00e4r", year and is, would meet), after the endings the
    language's `prospect.inflections` reads as another ("tried" -> "try"), so that a phrase and
    a turn meet in either inflection."""
    lang = language(code)
    for ending, added in _inflections(code):
        if word.endswith(ending) and len(word) - len(ending) + len(added) >= 3:
            return lang.kept_stem(word[: -len(ending)] + added)
    return lang.kept_stem(word)


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

    @property
    def words(self) -> frozenset[str]:
        """Every stem of every phrase."""
        return self._words

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
    return frozenset(stem(w, code) for w in language(code).reading.prospect.function_words.split())


def is_function_word(stemmed: str, code: str = "en") -> bool:
    """Whether a stem is a function word ("what", "your") rather than content."""
    return stemmed in _function_stems(code)


def specificity(phrase: Phrase, code: str = "en") -> tuple[int, int]:
    """How specific a phrase is: its content words, then their letters ("this year" < "budget")."""
    content = [w for w in phrase if w not in _function_stems(code)]
    return len(content), sum(len(w) for w in content)


# --------------------------------------------------------------------------- the prospect's ear


@dataclass(frozen=True, slots=True)
class Ear:
    """The prospect's own patterns, from every language present (a candidate may mix them)."""

    availability: re.Pattern[str]
    business: re.Pattern[str]
    small_talk: re.Pattern[str]
    sends: re.Pattern[str]
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    offers_time: re.Pattern[str]
    tells_past: re.Pattern[str]


def _union(pieces: Iterable[tuple[Pattern, dict[str, str]]]) -> re.Pattern[str]:
    """One pattern of several languages' (each accepting its letters typed unaccented)."""
    found = [accept_unaccented(joined(p), letters) for p, letters in pieces if joined(p)]
    return re.compile("|".join(found) or "(?!x)x")


@lru_cache(maxsize=1)
def ear() -> Ear:
    """The prospect's patterns of every language present (languages/<code>/reading.yaml)."""
    found = list(languages().by_code.values())

    def union(name: str) -> re.Pattern[str]:
        return _union(
            (getattr(lang.reading.prospect, name), lang.info.unaccented) for lang in found
        )

    kinds = tuple(
        (
            kind,
            _union(
                (getattr(lang.reading.prospect.kinds, kind), lang.info.unaccented) for lang in found
            ),
        )
        for kind in KINDS
    )
    return Ear(
        availability=union("availability"),
        business=union("business"),
        small_talk=union("small_talk"),
        sends=union("sends"),
        kinds=kinds,
        offers_time=union("offers_time"),
        tells_past=union("tells_past"),
    )


@lru_cache(maxsize=16)
def anchors(code: str) -> dict[str, frozenset[str]]:
    """The stems by which a scenario's own phrases mark its goal, trigger and decision facts."""
    lang = language(code)
    data = lang.reading.prospect.anchors
    return {kind: frozenset(stem(w, code) for w in getattr(data, kind).split()) for kind in KINDS}


@lru_cache(maxsize=16)
def common_words(code: str) -> frozenset[str]:
    """Words too common to tell one fact from another (also as typed without accents)."""
    lang = language(code)
    words = lang.reading.prospect.stopwords.split()
    return frozenset(words) | frozenset(lang.fold(w) for w in words)


for _cache in (_inflections, _function_stems, ear, anchors, common_words):
    on_install(_cache.cache_clear)


def business_word(word: str) -> bool:
    """Whether a word belongs to a business conversation ("webinars", "verktyg")."""
    return bool(ear().business.match(word))


_WORD = re.compile(r"[^\W\d_]+")


def capitalised(text: str) -> frozenset[str]:
    """Capitalised words that do not start a sentence, lower-cased: the names a turn mentions
    ("Is Denver where you are?" -> "denver"); a capital and at least two small letters."""
    names: set[str] = set()
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        if start == 0 or not word[0].isupper():
            continue
        if start >= 2 and text[start - 1].isspace() and text[start - 2] in ".!?":
            continue
        run = 1
        while run < len(word) and word[run].islower():
            run += 1
        if run >= 3:
            names.add(word[:run].lower())
    return frozenset(names)


# --------------------------------------------------------------------------- one turn


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
    slot: Slot | None = None  # a time the turn offers for a meeting
    availability: bool = False  # asks whether the prospect can talk now
    business: bool = False  # uses words of a business conversation at all
    names: frozenset[str] = frozenset()  # capitalised words, for "Is Denver where you are?"
    asked_words: tuple[str, ...] = ()  # the question sentences' words, in order
    small_talk: bool = False  # a question about the weather, sport, food ...
    kinds: frozenset[str] = frozenset()  # "goal", "trigger", "decision" (see KINDS)


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


def _offered(sentence: str, flat: str) -> Slot | None:
    """The time a sentence offers for a meeting: a day with a clock time, or a time in a
    sentence that offers it, not one that tells what happened then."""
    offered = find_slot(sentence)
    if offered is None:
        return None
    named = offered.day is not None and offered.hour is not None
    hears = ear()
    if (named or hears.offers_time.search(flat)) and not hears.tells_past.search(flat):
        return offered
    return None


def read_turn(
    text: str, code: str, names: Iterable[str] = (), product: Sequence[str] = ()
) -> Reading:
    """Read a candidate turn: question kind, pitch, meeting request and time, injection, word
    stems, small talk and the kind of question (`names`: the prospect's, never a word of a
    question; `product`: the scenario's)."""
    product = tuple(product)
    lex = language(code).lexicon(product)
    hears = ear()
    reading = read_questions(text, code, product)
    name_words = frozenset(w for n in names for w in words_of(n, code))
    kinds = {s.kind for s in reading.sentences}
    question: QuestionKind | None = (
        "open" if kinds & _OPEN else "closed" if kinds & _CLOSED else None
    )
    spoken = [spelled_out(s.words, code) for s in reading.sentences]
    questions = _questions(reading, spoken)
    asked = [w for words in questions for w in _terms([w for w in words if w not in name_words])]
    asked_words = tuple(w for words in questions for w in words)
    said = [w for words in spoken for w in _terms(words)]
    sides = weigh_sides(reading, code, product)
    # "I'll email you our brochure and case studies" promises material; with no other selling
    # around it the prospect does not hear a pitch (the scorer's reading is not changed).
    promise = sides.seller_sentences <= 1 and any(
        hears.sends.search(s.text) for s in reading.sentences
    )
    meeting = False
    availability = False
    slot: Slot | None = None
    for sentence, words in zip(reading.sentences, spoken, strict=True):
        flat = " ".join(words)
        meeting = meeting or bool(lex.meeting.search(sentence.text))
        availability = availability or bool(hears.availability.search(flat))
        offered = _offered(sentence.text, flat)
        if offered is not None:
            slot = slot or offered
            meeting = meeting or offered.hour is not None or offered.day is not None
    flat_all = " ".join(w for words in spoken for w in words)
    asked_flat = " ".join(asked_words)
    return Reading(
        words=len(text.split()),
        question=question,
        about_prospect=not lex.second_person.isdisjoint(asked),
        broad=any(s.kind == "open" and lex.broad.search(s.text) for s in reading.sentences),
        asked=WordIndex(stem(w, code) for w in asked),
        said=WordIndex(stem(w, code) for w in said),
        pitch=(pitch_from(sides) or self_talk_from(sides)) and not promise,
        meeting=meeting,
        injection=detect_injection(text) or breaks_role(text),
        slot=slot if meeting else None,
        availability=availability,
        business=bool(hears.business.search(flat_all)),
        names=capitalised(text),
        asked_words=asked_words,
        small_talk=bool(hears.small_talk.search(asked_flat)),
        kinds=frozenset(kind for kind, pattern in hears.kinds if pattern.search(asked_flat)),
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
