"""How the scripted prospect hears a candidate turn: which hidden facts it asks about.

A fact is asked about (best first):
  - by one of its `asked_by` phrases, the most specific phrase first; a question that only
    brushes one of a fact's words on the way to a topic no fact covers ("What *tools* does your
    team use?") asks about nothing;
  - by the kind of question, in other words than the scenario lists: a goal, trigger or decision
    question leads to the fact whose own phrases name that kind (the language's `prospect.anchors`);
  - by the telling words of the fact's own lines ("Raj", "SDRs", "designer"), when one fact
    clearly leads.
The turn itself is read by app.roleplay.intent; a Listener holds one scenario's phrases,
stemmed once, and a cache of the turns it has heard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.catalog.models import HiddenFact, Scenario
from app.roleplay.intent import (
    KINDS,
    Phrase,
    Reading,
    Vocabulary,
    anchors,
    business_word,
    common_words,
    compile_phrase,
    is_function_word,
    read_turn,
    specificity,
    stem,
    words_of,
)

_WORD = re.compile(r"[^\W\d_]+")
_FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s|$)", re.DOTALL)


def names_in(line: str) -> list[str]:
    """Names in a line that do not start a sentence: a capitalised word ("Raj") or capitals,
    perhaps with a plural "s" ("SDRs", "RSA")."""
    found = []
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group(0)
        if start == 0 or (start >= 2 and line[start - 1].isspace() and line[start - 2] in ".!?"):
            continue
        capitals = word[:-1] if word.endswith("s") else word
        if (word[0].isupper() and len(word) > 1 and word[1:].islower()) or (
            len(capitals) >= 2 and capitals.isascii() and capitals.isupper()
        ):
            found.append(word)
    return found


@dataclass(frozen=True, slots=True)
class FactMatch:
    """A hidden fact that a question asks about, and how specifically."""

    fact: HiddenFact
    rank: tuple[int, ...]  # sorts the most specific match first
    content: int  # content words in the best matching phrase
    phrase: Phrase = frozenset()  # the best matching phrase


@dataclass(frozen=True, slots=True)
class _Fact:
    fact: HiddenFact
    order: int
    asked_by: tuple[tuple[Phrase, tuple[int, int], int], ...]  # phrase, specificity, words
    words: frozenset[str]  # every word of its phrases, to skip it quickly
    content: frozenset[str]  # the content words of its phrases
    told: frozenset[str]  # the content words of its topic and of what the prospect says

    @classmethod
    def compile(cls, fact: HiddenFact, order: int, language: str) -> _Fact:
        """Stem the fact's phrases and rate each one's specificity once."""
        phrases = [compile_phrase(p, language) for p in fact.asked_by]
        rated = tuple((p, specificity(p, language), len(p)) for p in phrases if p)
        words = frozenset().union(*phrases)
        # Telling words: long content words, and names ("Raj", "SDRs", "RSA") of any length.
        lines = (fact.topic, *fact.reveal)
        names = {stem(n.lower(), language) for line in lines for n in names_in(line)}
        common = common_words(language)
        told = frozenset(
            s
            for line in lines
            for s in compile_phrase(line, language)
            if (len(s) >= 5 or s in names) and not is_function_word(s, language) and s not in common
        )
        content = frozenset(w for w in words if not is_function_word(w, language))
        return cls(fact, order, rated, words, content, told)

    def match(self, asked: frozenset[str], exact: frozenset[str], code: str) -> FactMatch | None:
        """How specifically the question asks about this fact, if it does."""
        if self.words.isdisjoint(asked):
            return None
        hits = [
            (rating, sum(1 for w in p & exact if not is_function_word(w, code)), sorted(p))
            for p, rating, _ in self.asked_by
            if p <= asked
        ]
        if not hits:
            return None
        (content, letters), spelled, phrase = max(hits)
        # Spelled out beats a near miss: "contract" asks about the contract, while "current"
        # only resembles the team's "currently".
        rank = (-content, -spelled, -letters, -len(hits), -self.fact.value, self.order)
        return FactMatch(self.fact, rank, content, frozenset(phrase))


@dataclass(frozen=True, slots=True)
class Heard:
    reading: Reading
    said: frozenset[str]  # scenario phrase words anywhere in the turn
    facts: tuple[FactMatch, ...]  # the facts its questions ask about, best first


class Listener:
    """A scenario with its phrases stemmed once, and a cache of turns already read."""

    def __init__(self, scenario: Scenario) -> None:
        lang = scenario.language
        self.scenario = scenario
        self.facts = tuple(_Fact.compile(f, i, lang) for i, f in enumerate(scenario.facts))
        challenge = scenario.challenge
        self.key_points: tuple[tuple[Phrase, ...], ...] = (
            tuple(tuple(compile_phrase(s, lang) for s in kp.signals) for kp in challenge.key_points)
            if challenge
            else ()
        )
        self.handled_by = {
            o.id: tuple(compile_phrase(p, lang) for p in o.handled_by) for o in scenario.objections
        }
        self._vocabulary = Vocabulary(
            [p for f in self.facts for p, _, _ in f.asked_by]
            + [p for kp in self.key_points for p in kp]
            + [p for phrases in self.handled_by.values() for p in phrases]
        )
        self._names = (scenario.persona.name,)
        self._product = tuple(scenario.product)
        self._common = common_words(lang)
        self.overview = overview(scenario)
        persona = scenario.persona
        # What the prospect can confirm without a fact: the words and names of its situation.
        about = f"{persona.company} {persona.title} {persona.situation}"
        self.situation = frozenset(
            stem(w, lang) for w in words_of(about, lang) if len(w) > 3 and w not in self._common
        )
        # How many facts tell each word, and which fact answers each kind of question.
        self.tellers: dict[str, int] = {}
        for f in self.facts:
            for s in f.told:
                self.tellers[s] = self.tellers.get(s, 0) + 1
        marks = anchors(lang)
        self.anchors = {
            kind: next((f for f in self.facts if f.content & marks[kind]), None) for kind in KINDS
        }
        self._heard: dict[str, Heard] = {}

    def hear(self, text: str) -> Heard:
        """The reading of a candidate turn and the facts it asks about, once per text."""
        heard = self._heard.get(text)
        if heard is None:
            if len(self._heard) > 4096:
                self._heard.clear()
            reading = read_turn(text, self.scenario.language, self._names, self._product)
            asked = self._vocabulary.found_in(reading.asked)
            said = self._vocabulary.found_in(reading.said)
            facts = self._matching_facts(asked, reading.asked.exact)
            if (
                facts
                and facts[0].content <= 1
                and self._asks_about_something_else(reading, facts[0])
            ):
                facts = ()
            plain = reading.small_talk or reading.availability or reading.broad
            if not facts and reading.question is not None and not plain:
                facts = self._matching_kind(reading) or self._matching_story(reading)
            heard = Heard(reading, said, facts)
            self._heard[text] = heard
        return heard

    def _asks_about_something_else(self, reading: Reading, match: FactMatch) -> bool:
        """Whether the question is about a topic the scenario has no fact for, and only brushes
        a fact's word on the way: "What tools does your team use?" asks about tools, not the team.
        """
        lang = self.scenario.language
        known = self._vocabulary.words
        fact_stems = next(f.content for f in self.facts if f.fact is match.fact)
        for word in reading.asked_words:
            s = stem(word, lang)
            if any(
                s == f or (len(f) >= 4 and (s.startswith(f) or f.startswith(s))) for f in fact_stems
            ):
                return False
            if business_word(word) and s not in known and s not in self.situation:
                return True
        return False

    def _matching_facts(
        self, asked: frozenset[str], exact: frozenset[str]
    ) -> tuple[FactMatch, ...]:
        """Facts the question asks about, most specific match first."""
        code = self.scenario.language
        matches = [m for m in (f.match(asked, exact, code) for f in self.facts) if m is not None]
        return tuple(sorted(matches, key=lambda m: m.rank))

    def _matching_kind(self, reading: Reading) -> tuple[FactMatch, ...]:
        """A goal, trigger or decision question in other words than the scenario lists."""
        for kind in ("trigger", "decision", "goal"):
            fact = self.anchors.get(kind)
            if kind in reading.kinds and fact is not None:
                return (FactMatch(fact.fact, (), 1),)
        return ()

    def _matching_story(self, reading: Reading) -> tuple[FactMatch, ...]:
        """The fact whose own telling shares the question's telling words ("Raj", "SDRs").

        A word that several facts tell weighs less; the best fact must lead clearly, and the
        question must not turn on a business word that no fact tells ("Do you use Zendesk?").
        """
        lang = self.scenario.language
        stems = [stem(w, lang) for w in reading.asked_words]
        content = {
            s
            for s in stems
            if len(s) >= 3 and not is_function_word(s, lang) and s not in self._common
        }
        if not content:
            return ()
        scores: list[tuple[float, _Fact]] = []
        for fact in self.facts:
            shared = {s for s in content if any(_close(s, t) for t in fact.told)}
            weight = sum(1 / self.tellers.get(s, 1) for s in shared)
            scores.append((weight, fact))
        scores.sort(key=lambda x: -x[0])
        best, runner_up = scores[0][0], scores[1][0] if len(scores) > 1 else 0.0
        if best < 1 or best <= runner_up:
            return ()
        fact = scores[0][1]
        for word, s in zip(reading.asked_words, stems, strict=True):
            if any(_close(s, t) for t in fact.told):
                break
            if business_word(word) and s not in self._vocabulary.words and s not in self.situation:
                return ()
        return (FactMatch(fact.fact, (), 1),)


def overview(scenario: Scenario) -> str | None:
    """The situation's first sentence, if the prospect can say it: it names their company."""
    first = first_sentence(scenario.persona.situation)
    opens_with = first.split()[:1]
    return first if opens_with and opens_with == scenario.persona.company.split()[:1] else None


_LISTENERS: dict[str, Listener] = {}


def listener(scenario: Scenario) -> Listener:
    cached = _LISTENERS.get(scenario.id)
    if cached is not None and (cached.scenario is scenario or cached.scenario == scenario):
        return cached
    if len(_LISTENERS) > 64:
        _LISTENERS.clear()
    compiled = _LISTENERS[scenario.id] = Listener(scenario)
    return compiled


def first_sentence(text: str) -> str:
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(0) if match else text.strip()


def _close(a: str, b: str) -> bool:
    """The same stem, or one a longer form of the other ("design" ~ "designer")."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 5 and long.startswith(short)
