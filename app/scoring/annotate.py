"""Turn annotation: what each turn of a round did, as plain values the scorer counts.

Candidate turns get their question type, pitch and self-talk, follow-ups, monologues, the hidden
facts they asked about, the challenge key points they made, objections handled and injection
attempts. Prospect turns get whether they asked the challenge question or raised an objection.
Everything is lexical and deterministic; the word lists live in lexicon_en.py / lexicon_sv.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from app.catalog.models import Scenario
from app.roleplay.transcript import Turn
from app.scoring.injection import detect_injection
from app.scoring.languages import LEXICONS, lexicon
from app.scoring.lexicon import Lexicon, word_set
from app.scoring.models import TurnAnnotation
from app.scoring.pitch import (
    Sides,
    is_pitch,
    is_self_talk,
    pitch_from,
    self_talk_from,
    weigh_sides,
)
from app.scoring.questions import ASKING, TurnQuestions, classify_question, read_questions
from app.scoring.seller import seller_name, with_seller_name
from app.scoring.text import content_stems, fold, normalise, split_sentences, stem, tokens

__all__ = [
    "annotate_round",
    "classify_question",
    "detect_injection",
    "detect_language",
    "is_pitch",
    "is_self_talk",
    "split_sentences",
]

DEFAULT_MONOLOGUE_WORDS = 90
# Share of a scenario line's content words a prospect turn must contain to count as saying it.
_LINE_MATCH = 0.6
# Swedish compounds: a phrase word this long also matches inside a longer word ("budget" in
# "marknadsbudgeten").
_COMPOUND_MIN = 4
_ANAPHORA = word_set("that this it those these them det den detta dem de dom")
_IT = word_set("it that this det den detta")
# A scenario line needs this many content words to be recognised by overlap.
_MIN_LINE_WORDS = 2
_WHY = word_set("why varför", unaccented=True)
_SHORT_QUESTION = 6
# A prospect turn needs this many content words besides names to be an answer worth following.
_ANSWER_STEMS = 2
_GREETINGS = word_set("hi hello hey dear morning afternoon hej hejsan tjena hallå", unaccented=True)


def detect_language(texts: Iterable[str]) -> Literal["en", "sv"]:
    """The language of the texts: Swedish when its function words and å/ä/ö outweigh English."""
    english, swedish = LEXICONS["en"].function_words, LEXICONS["sv"].function_words
    en = sv = 0
    for text in texts:
        for word in tokens(normalise(text)):
            en += word in english
            sv += word in swedish or any(ch in word for ch in "åäö")
    return "sv" if sv > en else "en"


Phrase = tuple[str, ...]  # the stems of a phrase's words


@dataclass(frozen=True, slots=True)
class _ScenarioWords:
    """A scenario's phrases, stemmed once per round."""

    facts: tuple[tuple[str, tuple[Phrase, ...]], ...] = ()
    # Fact phrases by their first word, so a question is checked only against phrases it can match.
    fact_index: dict[str, tuple[tuple[str, Phrase], ...]] = field(default_factory=dict)
    challenge: tuple[frozenset[str], ...] = ()
    key_points: tuple[tuple[str, tuple[Phrase, ...]], ...] = ()
    unsatisfied: tuple[frozenset[str], ...] = ()
    objections: tuple[tuple[str, tuple[frozenset[str], ...], tuple[Phrase, ...]], ...] = ()
    names: frozenset[str] = frozenset()
    monologue_words: int = DEFAULT_MONOLOGUE_WORDS


def _phrase(text: str, language: str) -> Phrase:
    return tuple(stem(w, language) for w in tokens(normalise(text)))


def _line(text: str, language: str) -> frozenset[str]:
    return frozenset(content_stems(tokens(normalise(text)), language))


# Stemmed scenario phrases by (scenario object, language); the catalog loads each scenario once,
# so this holds a handful of entries. The object is kept to make the id() key safe.
_KNOWN: dict[tuple[int, str], tuple[Scenario, _ScenarioWords]] = {}
_KNOWN_MAX = 64


def _scenario_words(scenario: Scenario | None, language: str) -> _ScenarioWords:
    if scenario is None:
        return _ScenarioWords()
    cached = _KNOWN.get((id(scenario), language))
    if cached is not None and cached[0] is scenario:
        return cached[1]
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    known = _stem_scenario(scenario, language)
    _KNOWN[(id(scenario), language)] = (scenario, known)
    return known


def _stem_scenario(scenario: Scenario, language: str) -> _ScenarioWords:
    challenge = scenario.challenge

    def phrases(items: Iterable[str]) -> tuple[Phrase, ...]:
        return tuple(p for p in (_phrase(i, language) for i in items) if p)

    persona = f"{scenario.persona.name} {scenario.persona.company}"
    facts = tuple((f.id, phrases(f.asked_by)) for f in scenario.facts)
    index: dict[str, list[tuple[str, Phrase]]] = {}
    for fid, fact_phrases in facts:
        for phrase in fact_phrases:
            index.setdefault(phrase[0], []).append((fid, phrase))
    return _ScenarioWords(
        facts=facts,
        fact_index={first: tuple(entries) for first, entries in index.items()},
        # The whole wording, and each question in it: "How does SEO actually work?" alone counts.
        challenge=tuple(
            line
            for q in (challenge.questions if challenge else ())
            for line in (
                _line(q, language),
                *(_line(s, language) for s in split_sentences(q, language) if "?" in s),
            )
            if len(line) >= _MIN_LINE_WORDS
        ),
        key_points=(
            tuple((k.id, phrases(k.signals)) for k in challenge.key_points) if challenge else ()
        ),
        unsatisfied=tuple(_line(u, language) for u in challenge.unsatisfied) if challenge else (),
        objections=tuple(
            (o.id, tuple(_line(line, language) for line in o.lines), phrases(o.handled_by))
            for o in scenario.objections
        ),
        names=frozenset(stem(w, language) for w in tokens(normalise(persona))),
        monologue_words=scenario.reactions.monologue_words,
    )


def _has_phrase(phrase: Phrase, stems: set[str], language: str, joined: str = "") -> bool:
    """All words of the phrase are present; in Swedish also inside compounds, found by searching
    `joined` (the stems joined by spaces) once instead of every stem."""
    if stems.issuperset(phrase):
        return True
    if language != "sv":
        return False
    joined = joined or " ".join(stems)
    return all(w in stems or (len(w) >= _COMPOUND_MIN and w in joined) for w in phrase)


def _says(lines: Sequence[frozenset[str]], stems: set[str]) -> bool:
    """The turn contains most content words of one of the lines."""
    return any(line and len(line & stems) / len(line) >= _LINE_MATCH for line in lines)


@dataclass(slots=True)
class _State:
    """What the previous turns leave for the next one."""

    prospect_stems: set[str]
    challenge_window: int = 0  # candidate turns still answering the challenge
    answered_challenge: bool = False  # the last candidate turn was in the challenge window
    objection: str | None = None  # raised by the last prospect turn
    seller: str | None = None  # the seller's company, when the candidate named it


def annotate_round(
    turns: Sequence[Turn], scenario: Scenario | None, language: str
) -> tuple[TurnAnnotation, ...]:
    """Annotate every turn of a round (see TurnAnnotation for what each field means)."""
    lex = lexicon(language)
    known = _scenario_words(scenario, language)
    seller = seller_name(
        (t.text for t in turns if t.speaker == "candidate"),
        (t.text for t in turns if t.speaker == "prospect"),
    )
    state = _State(prospect_stems=set(), seller=seller)
    annotations = []
    for turn in turns:
        if turn.speaker == "prospect":
            annotations.append(_prospect_turn(turn, known, state, lex, language))
        else:
            annotations.append(_candidate_turn(turn, known, state, lex, language))
    return tuple(annotations)


def _prospect_turn(
    turn: Turn, known: _ScenarioWords, state: _State, lex: Lexicon, language: str
) -> TurnAnnotation:
    norm = normalise(turn.text)
    words = tokens(norm)
    stems = content_stems(words, language)
    challenge = _says(known.challenge, stems) or _generic_challenge(norm, language, lex)
    objection = next(
        (oid for oid, lines, _ in known.objections if _says(lines, stems)),
        None,
    )
    if challenge:
        state.challenge_window = 1
    elif state.answered_challenge and _says(known.unsatisfied, stems):
        state.challenge_window = 1  # "that's a bit vague": the next turn still answers it
    else:
        state.challenge_window = 0
    state.objection = objection
    state.prospect_stems = stems
    return TurnAnnotation(
        index=turn.index,
        speaker="prospect",
        words=len(words),
        challenge_asked=challenge,
        objection=objection,
    )


def _generic_challenge(norm: str, language: str, lex: Lexicon) -> bool:
    """A question about how SEO or inbound works, whatever the scenario's wording."""
    if "?" not in norm or not lex.challenge_topic.search(norm):
        return False
    for sentence in split_sentences(norm, language):
        asks = "?" in sentence or lex.wh_question.match(sentence)
        if not asks or not lex.challenge_ask.search(sentence):
            continue
        # "... back to SEO. How does it actually work?": the topic may sit in the sentence before.
        if lex.challenge_topic.search(sentence) or not _IT.isdisjoint(tokens(sentence)):
            return True
    return False


def _candidate_turn(
    turn: Turn, known: _ScenarioWords, state: _State, lex: Lexicon, language: str
) -> TurnAnnotation:
    reading = with_seller_name(read_questions(turn.text, language), state.seller, language)
    words = reading.words
    sides = weigh_sides(reading, language)
    pitch = pitch_from(sides)
    turn_stems = {stem(w, language) for w in words}
    joined = " ".join(turn_stems) if language == "sv" else ""
    points: tuple[str, ...] = ()
    if state.challenge_window:
        points = tuple(
            kid
            for kid, signals in known.key_points
            if any(_has_phrase(p, turn_stems, language, joined) for p in signals)
        )
    handled = None
    if state.objection:
        handlers = next(h for oid, _, h in known.objections if oid == state.objection)
        if any(_has_phrase(p, turn_stems, language, joined) for p in handlers):
            handled = state.objection
    annotation = TurnAnnotation(
        index=turn.index,
        speaker="candidate",
        words=reading.spoken_words,
        question=reading.label,
        questions=reading.questions,
        stacked=reading.stacked,
        pitch=pitch,
        self_talk=self_talk_from(sides),
        follow_up=_follows_up(reading, sides, state.prospect_stems, known.names, lex, language),
        monologue=reading.spoken_words >= known.monologue_words,
        facts=_asked_facts(reading, pitch, known, language),
        challenge_points=points,
        objection=handled,
        injection=reading.injection,
    )
    state.answered_challenge = state.challenge_window > 0
    state.challenge_window = max(0, state.challenge_window - 1)
    state.objection = None
    return annotation


def _follows_up(
    reading: TurnQuestions,
    sides: Sides,
    prospect_stems: set[str],
    names: frozenset[str],
    lex: Lexicon,
    language: str,
) -> bool:
    """The turn asks about what the prospect just said: refers back to it or reuses its words."""
    if not reading.asks or not prospect_stems:
        return False
    if lex.refers_back.search(reading.text):
        return True
    if len(prospect_stems - names) < _ANSWER_STEMS:
        return False  # "Dana speaking.", "Yes.": nothing to follow up on
    if _points_back(reading, sides, lex):
        return True
    for sentence, selling in zip(reading.sentences, sides.selling, strict=True):
        if selling:
            break  # after a sales sentence, "is that something you'd want?" is the product
        # "Why did you stop?", "How did that go?": too short to carry a topic of its own, so it
        # asks about the prospect's.
        short = sentence.kind in ASKING and len(sentence.words) <= _SHORT_QUESTION
        pointing = not _ANAPHORA.isdisjoint(sentence.words)
        if short and (pointing or not _WHY.isdisjoint(sentence.words[:3])):
            return True
    own: set[str] = set()
    for sentence, selling in zip(reading.sentences, sides.selling, strict=True):
        if selling:
            continue  # words of a pitch echo nothing the prospect said
        own |= content_stems(_without_greeting(sentence.words), language)
    shared = (own & prospect_stems) - names
    specific = {s for s in shared if s not in _generic(language)}
    return bool(specific) or len(shared) >= 3


def _points_back(reading: TurnQuestions, sides: Sides, lex: Lexicon) -> bool:
    """A question that points at the last answer ("how much of that ...", "and the board?"),
    unless a sales sentence came first: then "that" is the product."""
    for sentence, selling in zip(reading.sentences, sides.selling, strict=True):
        if selling:
            return False
        asking = sentence.kind in ASKING or (
            sentence.kind == "fragment" and sentence.words[:1] in (("and",), ("och",))
        )
        if asking and (sentence.kind == "fragment" or lex.anaphora.search(sentence.text)):
            return True
    return False


def _without_greeting(words: Sequence[str]) -> list[str]:
    """Drop the name after "hi"/"hej": greeting the prospect is not listening to them."""
    kept = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word in _GREETINGS:
            skip = True
            continue
        kept.append(word)
    return kept


_GENERIC: dict[str, frozenset[str]] = {}


def _generic(language: str) -> frozenset[str]:
    """Stems of the discovery words every checklist uses."""
    if language not in _GENERIC:
        lex = lexicon(language)
        _GENERIC[language] = frozenset(stem(fold(w), language) for w in lex.generic)
    return _GENERIC[language]


def _asked_facts(
    reading: TurnQuestions, pitch: bool, known: _ScenarioWords, language: str
) -> tuple[str, ...]:
    """Hidden facts a real question (or "tell me ...") in the turn asks about."""
    if not known.facts or not reading.asks:
        return ()
    asking: set[str] = set()
    sentences = reading.sentences
    for i, sentence in enumerate(sentences):
        if sentence.kind not in ASKING:
            continue
        asking |= {stem(w, language) for w in sentence.words}
        # "You mentioned the budget. How is it set?": the question points at the sentence before.
        short = len(sentence.words) <= _SHORT_QUESTION and not _ANAPHORA.isdisjoint(sentence.words)
        if short and i > 0 and not pitch:
            asking |= {stem(w, language) for w in sentences[i - 1].words}
    if language == "sv":
        # Swedish compounds hide phrase words inside longer words ("budget" in
        # "marknadsbudgeten"): look for each phrase's first word inside the stems too.
        joined = " ".join(asking)
        found = {
            fid
            for first, entries in known.fact_index.items()
            if first in asking or (len(first) >= _COMPOUND_MIN and first in joined)
            for fid, phrase in entries
            if _has_phrase(phrase, asking, language, joined)
        }
        return tuple(fid for fid, _ in known.facts if fid in found)
    found = {
        fid
        for word in asking
        for fid, phrase in known.fact_index.get(word, ())
        if asking.issuperset(phrase)
    }
    return tuple(fid for fid, _ in known.facts if fid in found)
