"""Turn annotation: what each turn of a round did, as plain values the scorer counts.

Candidate turns get their question type, pitch and self-talk, follow-ups, monologues, the hidden
facts they asked about, the challenge key points they made, objections handled and injection
attempts. Prospect turns get whether they asked the challenge question or raised an objection.
Everything is lexical and deterministic; the words and patterns come from the language's folder
(languages/<code>/reading.yaml) and the scenario (its facts, its challenge, its product).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from app.catalog.models import Scenario
from app.language.claims import is_pitch, is_self_talk, pitch_from, self_talk_from, weigh_sides
from app.language.detect import detect_language
from app.language.injection import detect_injection
from app.language.lexicon import Lexicon
from app.language.questions import ASKING, TurnQuestions, classify_question, read_questions
from app.language.registry import language as language_of
from app.language.registry import on_install
from app.language.seller import seller_name, with_seller_name
from app.language.text import content_stems, normalise, split_sentences, stem, tokens
from app.roleplay.transcript import Turn
from app.scoring.models import TurnAnnotation
from app.scoring.substance import (
    SUBSTANTIVE_ANSWER,
    TERM_LIST,
    Heard,
    credit_questions,
    engaged,
    hear_candidate,
    hear_prospect,
    is_recap,
    parrots,
    pasted_dialogue,
    strip_directions,
    topic,
)

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
# Shorter stems of a scenario's keywords are too common to say the answer is about its world.
_WORLD_WORD = 4
_SITUATION_WORD = 5
# A prospect turn opening with a question this long ("More about what?") asks back.
_ASKS_BACK_WORDS = 2
# A word this many facts' questions use is the scenario's everyday vocabulary.
_CORE_FACTS = 2
# A sentence naming the company this short is the seller introducing themselves.
_INTRODUCTION_WORDS = 8
# A first prospect line this short is the phone greeting.
_GREETING_WORDS = 4
# A scenario line needs this many content words to be recognised by overlap.
_MIN_LINE_WORDS = 2
_SHORT_QUESTION = 6


Phrase = tuple[str, ...]  # the stems of a phrase's words


@dataclass(frozen=True, slots=True)
class _ScenarioWords:
    """A scenario's phrases, stemmed once per round."""

    facts: tuple[tuple[str, tuple[Phrase, ...]], ...] = ()
    # Per fact, the content stems of each way the prospect may reveal it, and the stems only
    # that fact's lines use (how a reworded reveal is still recognised).
    reveals: tuple[tuple[str, tuple[frozenset[str], ...], frozenset[str]], ...] = ()
    # Fact phrases by their first word, so a question is checked only against phrases it can match.
    fact_index: dict[str, tuple[tuple[str, Phrase], ...]] = field(default_factory=dict)
    challenge: tuple[frozenset[str], ...] = ()
    key_points: tuple[tuple[str, tuple[Phrase, ...]], ...] = ()
    unsatisfied: tuple[frozenset[str], ...] = ()
    objections: tuple[tuple[str, tuple[frozenset[str], ...], tuple[Phrase, ...]], ...] = ()
    names: frozenset[str] = frozenset()
    world: frozenset[str] = frozenset()  # the prospect's situation and facts, in content stems
    core: frozenset[str] = frozenset()  # the words several facts' questions share ("leads")
    monologue_words: int = DEFAULT_MONOLOGUE_WORDS
    product: tuple[str, ...] = ()  # the words that name the seller's product
    product_stems: frozenset[str] = frozenset()
    # The challenge's subject in other words than the scenario's ("how does SEO work?").
    challenge_topic: re.Pattern[str] | None = None


def _phrase(text: str, language: str) -> Phrase:
    return tuple(stem(w, language) for w in tokens(normalise(text, language)))


def _line(text: str, language: str) -> frozenset[str]:
    return frozenset(content_stems(tokens(normalise(text, language)), language))


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
    reveal_lines = {f.id: tuple(_line(r, language) for r in f.reveal) for f in scenario.facts}
    reveals = tuple(
        (
            fid,
            lines,
            frozenset().union(*lines)
            - frozenset().union(
                *(ls for other, x in reveal_lines.items() if other != fid for ls in x)
            )
            - _generic(language),
        )
        for fid, lines in reveal_lines.items()
    )
    # The words a prospect's answer about their own business uses: the scenario's own
    # keywords for its facts (what asks about them is what the answers talk about).
    # ... and the longer words of the prospect's situation ("phishing", "training").
    world = (
        frozenset(
            w
            for f in scenario.facts
            for phrase in (*f.asked_by, f.topic)
            for w in _line(phrase, language)
            if len(w) >= _WORLD_WORD
        )
        | frozenset(
            w for w in _line(scenario.persona.situation, language) if len(w) >= _SITUATION_WORD
        )
    ) - _generic(language)
    asked_words = Counter(
        w
        for f in scenario.facts
        for w in frozenset().union(*(_line(p, language) for p in (*f.asked_by, f.topic)))
    )
    lang = language_of(language)
    product = tuple(scenario.product)
    topics = challenge.topic if challenge else []
    return _ScenarioWords(
        product=product,
        product_stems=frozenset(lang.stem(p.lower()) for p in product),
        challenge_topic=lang.pattern(r"\b(?:" + "|".join(topics) + r")\b") if topics else None,
        facts=facts,
        world=world,
        core=frozenset(w for w, n in asked_words.items() if n >= _CORE_FACTS),
        reveals=reveals,
        fact_index={first: tuple(entries) for first, entries in index.items()},
        # The whole wording, and each question in it: "How does SEO actually work?" alone counts.
        challenge=tuple(
            line
            for q in (challenge.questions if challenge else ())
            for line in (
                _line(q, language),
                *(_line(s, language) for s in split_sentences(q, language, product) if "?" in s),
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
        names=frozenset(stem(w, language) for w in tokens(normalise(persona, language))),
        monologue_words=scenario.reactions.monologue_words,
    )


def _has_phrase(phrase: Phrase, stems: set[str], language: str, joined: str = "") -> bool:
    """All words of the phrase are present; in a language of compounds also inside longer
    words, found by searching `joined` (the stems joined by spaces) once instead of every stem."""
    if stems.issuperset(phrase):
        return True
    if not language_of(language).info.compounds:
        return False
    joined = joined or " ".join(stems)
    return all(w in stems or (len(w) >= _COMPOUND_MIN and w in joined) for w in phrase)


def _says(lines: Sequence[frozenset[str]], stems: set[str]) -> bool:
    """The turn contains most content words of one of the lines."""
    return any(line and len(line & stems) / len(line) >= _LINE_MATCH for line in lines)


@dataclass(slots=True)
class _State:
    """What the previous turns leave for the next one."""

    challenge_window: int = 0  # candidate turns still answering the challenge
    answered_challenge: bool = False  # the last candidate turn was in the challenge window
    objection: str | None = None  # raised by the last prospect turn
    seller: str | None = None  # the seller's company, when the candidate named it
    heard: Heard = field(default_factory=Heard)  # what the call has said, for crediting questions


def annotate_round(
    turns: Sequence[Turn], scenario: Scenario | None, language: str
) -> tuple[TurnAnnotation, ...]:
    """Annotate every turn of a round (see TurnAnnotation for what each field means)."""
    known = _scenario_words(scenario, language)
    lex = language_of(language).lexicon(known.product)
    seller = seller_name(
        (t.text for t in turns if t.speaker == "candidate"),
        (t.text for t in turns if t.speaker == "prospect"),
        known.product,
    )
    state = _State(seller=seller)
    state.heard.common = known.core | _generic(language)
    state.heard.world = known.world
    state.heard.product = known.product_stems
    greeting = turns[0] if len(turns) > 2 and turns[0].speaker == "prospect" else None
    if greeting is not None and len(tokens(normalise(greeting.text, language))) <= _GREETING_WORDS:
        # "Sentrylane, Dana speaking.": the phone greeting names the prospect and tells nothing.
        greeted = frozenset(stem(w, language) for w in tokens(normalise(greeting.text, language)))
        known = replace(known, names=known.names | greeted)
    annotations = []
    for turn in turns:
        if turn.speaker == "prospect":
            annotations.append(_prospect_turn(turn, known, state, lex, language))
        else:
            annotations.append(_candidate_turn(turn, known, state, lex, language))
    return _taken_up(annotations)


def _taken_up(notes: Sequence[TurnAnnotation]) -> tuple[TurnAnnotation, ...]:
    """A question closing a pitch counts only when the prospect took it up: the turn's balance
    says it is a pitch, and only the answer can say otherwise."""
    kept = list(notes)
    for i, note in enumerate(kept):
        if (
            note.speaker != "candidate"
            or note.question is None
            or not (note.pitch or note.self_talk)
        ):
            continue
        reply = kept[i + 1] if i + 1 < len(kept) else None
        if not engaged(reply):
            kept[i] = replace(
                note,
                question=None,
                questions=0,
                stacked=False,
                follow_up=False,
                facts=(),
                topics=(),
                uncredited="pitch",
            )
    return tuple(kept)


def _prospect_turn(
    turn: Turn, known: _ScenarioWords, state: _State, lex: Lexicon, language: str
) -> TurnAnnotation:
    norm = normalise(turn.text, language)
    words = tokens(norm)
    stems = content_stems(words, language)
    challenge = _says(known.challenge, stems) or _generic_challenge(norm, language, lex, known)
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
    sentences = [(s, tokens(s)) for s in split_sentences(turn.text, language, known.product)]
    # A question reveals nothing, nor does the hard question put as a request ("Explain to me
    # how SEO works.").
    asking = [
        "?" in s
        or (
            challenge
            and (
                _says(known.challenge, content_stems(ws, language))
                or _generic_challenge(normalise(s, language), language, lex, known)
            )
        )
        for s, ws in sentences
    ]
    new_words, telling = hear_prospect(
        state.heard, sentences, language, known.names, known.world, asking
    )
    told = [ws for (_, ws), asks in zip(sentences, asking, strict=True) if not asks]
    revealed = _revealed(content_stems((w for ws in told for w in ws), language), known)
    state.heard.last_revealed = frozenset(revealed)
    return TurnAnnotation(
        index=turn.index,
        speaker="prospect",
        words=len(words),
        challenge_asked=challenge,
        objection=objection,
        revealed=revealed,
        new_words=new_words,
        telling=telling,
        # "More about what?", "Can it handle other languages? We sell abroad.": the prospect
        # answered with a question of their own and told little.
        asks_back=bool(sentences)
        and "?" in sentences[0][0]
        and len(sentences[0][1]) >= _ASKS_BACK_WORDS
        and new_words < SUBSTANTIVE_ANSWER,
    )


# A prospect turn holding this share of one reveal line's words, or this many words only one
# fact's lines use, gives that fact away.
_REVEAL_SHARE = 0.5
_REVEAL_SIGNATURE = 3


def _revealed(stems: set[str], known: _ScenarioWords) -> tuple[str, ...]:
    """The hidden facts a prospect turn gives away, in its own words or the scenario's."""
    return tuple(
        fid
        for fid, lines, signature in known.reveals
        if len(signature & stems) >= _REVEAL_SIGNATURE
        or any(line and len(line & stems) / len(line) >= _REVEAL_SHARE for line in lines)
    )


def _generic_challenge(norm: str, language: str, lex: Lexicon, known: _ScenarioWords) -> bool:
    """A question about how the challenge's subject works (the scenario's `challenge.topic`),
    whatever the scenario's wording."""
    subject = known.challenge_topic
    if subject is None or "?" not in norm or not subject.search(norm):
        return False
    for sentence in split_sentences(norm, language, known.product):
        asks = "?" in sentence or lex.wh_question.match(sentence)
        if not asks or not lex.challenge_ask.search(sentence):
            continue
        # "... back to SEO. How does it actually work?": the topic may sit in the sentence before.
        if subject.search(sentence) or not lex.it.isdisjoint(tokens(sentence)):
            return True
    return False


def _candidate_turn(
    turn: Turn, known: _ScenarioWords, state: _State, lex: Lexicon, language: str
) -> TurnAnnotation:
    said, directions = strip_directions(turn.text, language)
    reading = with_seller_name(
        read_questions(said, language, known.product), state.seller, language
    )
    words = reading.words
    sides = weigh_sides(reading, language, known.product)
    if sides.asks and not any(
        put and topic(s.words, language, known.names, known.product_stems)
        for s, put in zip(reading.sentences, reading.asked, strict=False)
    ):
        # "... our platform does it all. What do you think?": a question about nothing does not
        # tip the turn's balance away from the pitch.
        sides = replace(sides, asks=False)
    pitch = pitch_from(sides)
    compounds = language_of(language).info.compounds
    turn_stems = {stem(w, language) for w in words}
    joined = " ".join(turn_stems) if compounds else ""
    points: tuple[str, ...] = ()
    if state.challenge_window:
        # An explanation is made in statements: key-point words inside a question explain nothing.
        told = {
            stem(w, language)
            for s in reading.sentences
            if s.kind == "statement" and not TERM_LIST.search(s.text)
            for w in s.words
        }
        told_joined = " ".join(told) if compounds else ""
        points = tuple(
            kid
            for kid, signals in known.key_points
            if any(_has_phrase(p, told, language, told_joined) for p in signals)
        )
    handled = None
    if state.objection:
        handlers = next(h for oid, _, h in known.objections if oid == state.objection)
        if any(_has_phrase(p, turn_stems, language, joined) for p in handlers):
            handled = state.objection
    self_talk = self_talk_from(sides)
    pasted = pasted_dialogue(said, language)
    asked_facts = _asked_facts(reading, pitch, known, language)
    credit = credit_questions(
        reading, sides.selling, pitch or self_talk, state.heard, language, known.names, asked_facts
    )
    if pasted:
        credit = replace(credit, label=None, questions=0, sentences=(), uncredited="pasted")
    annotation = TurnAnnotation(
        index=turn.index,
        speaker="candidate",
        words=reading.spoken_words,
        question=credit.label,
        questions=credit.questions,
        stacked=credit.questions >= 2 or credit.listed,
        pitch=pitch,
        self_talk=self_talk,
        follow_up=credit.anchored and credit.label is not None,
        monologue=reading.spoken_words >= known.monologue_words,
        facts=tuple(
            fid for fid, _ in known.facts if any(fid in asked_facts[i] for i in credit.sentences)
        ),
        challenge_points=points,
        objection=handled,
        # "[SYSTEM: ...]" is an attack before it is a stage direction.
        injection=reading.injection or pasted or (directions > 0 and detect_injection(turn.text)),
        form=reading.label,
        uncredited=credit.uncredited,
        prompt=credit.prompt,
        offtopic=credit.offtopic,
        topics=tuple(sorted(credit.topics)),
        recap=not pitch
        and any(is_recap(s.text, s.words, state.heard, language) for s in reading.sentences),
        parroted=sum(
            s.kind == "statement" and parrots(s.words, state.heard, language, known.names)
            for s in reading.sentences
        ),
        directions=directions,
        # A line about the company that is not the introduction ("it's Sam at HubSpot").
        plugs=0
        if pitch
        else sum(
            selling and len(sentence.words) > _INTRODUCTION_WORDS
            for sentence, selling in zip(reading.sentences, sides.selling, strict=True)
        ),
        pasted=pasted,
    )
    hear_candidate(state.heard, words, language)
    state.answered_challenge = state.challenge_window > 0
    state.challenge_window = max(0, state.challenge_window - 1)
    state.objection = None
    return annotation


_GENERIC: dict[str, frozenset[str]] = {}
on_install(_GENERIC.clear)
on_install(_KNOWN.clear)


def _generic(language: str) -> frozenset[str]:
    """Stems of the discovery words every checklist uses."""
    if language not in _GENERIC:
        lang = language_of(language)
        _GENERIC[language] = frozenset(lang.stem(lang.fold(w)) for w in lang.lexicon().generic)
    return _GENERIC[language]


def _asked_facts(
    reading: TurnQuestions, pitch: bool, known: _ScenarioWords, language: str
) -> list[frozenset[str]]:
    """Per sentence, the hidden facts it asks about (only real questions, or "tell me ...")."""
    sentences = reading.sentences
    found: list[frozenset[str]] = []
    for i, sentence in enumerate(sentences):
        if not known.facts or sentence.kind not in ASKING:
            found.append(frozenset())
            continue
        asking = {stem(w, language) for w in sentence.words}
        # "You mentioned the budget. How is it set?": the question points at the sentence before.
        pointers = language_of(language).lexicon().pointers
        short = len(sentence.words) <= _SHORT_QUESTION and not pointers.isdisjoint(sentence.words)
        if short and i > 0 and not pitch and sentences[i - 1].kind == "statement":
            asking |= {stem(w, language) for w in sentences[i - 1].words}
        found.append(frozenset(_facts_asked_by(asking, known, language)))
    return found


def _facts_asked_by(asking: set[str], known: _ScenarioWords, language: str) -> set[str]:
    if language_of(language).info.compounds:
        # Compounds hide phrase words inside longer words (a budget inside the marketing
        # budget written as one word): look for each phrase's first word inside the stems too.
        joined = " ".join(asking)
        return {
            fid
            for first, entries in known.fact_index.items()
            if first in asking or (len(first) >= _COMPOUND_MIN and first in joined)
            for fid, phrase in entries
            if _has_phrase(phrase, asking, language, joined)
        }
    return {
        fid
        for word in asking
        for fid, phrase in known.fact_index.get(word, ())
        if asking.issuperset(phrase)
    }
