"""The scripted prospect: an offline, deterministic buyer driven entirely by the scenario file.

The engine keeps no state between calls. Each reply replays the candidate's turns from the
start of the round through a small state machine (patience, revealed facts, the challenge,
open objections), so any process can answer any request and the same transcript always gets
the same reply. Wording varies by hashing the turn, never by a clock or a global RNG.

How a reply is chosen, in order:
  - an attempt to break the role play gets `stay_in_role` (and delays anything that was due);
  - the turn after the challenge is judged: `satisfied` if it makes half the key points;
  - the turn after an objection softens it (`handled_by`) or it is repeated once and dropped;
  - a pitch or monologue costs patience (`cool`, then `exit` when patience runs out);
  - a meeting request raises an `on_meeting_request` objection, else is accepted by a warm
    prospect who has shared two facts, else declined;
  - a question reveals the facts it asks about (most specific `asked_by` phrase first), else
    gets `closed_yes` or `unknown`; a statement gets `nudge`.
Then the challenge or one objection whose time has come is added, and at
`limits.max_candidate_turns` the prospect wraps up.

Events in ProspectReply.events:
  "challenge", "challenge-satisfied", "challenge-unsatisfied",
  "objection:<id>" (raised), "objection-repeated:<id>", "objection-dropped:<id>",
  "softened:<id>",
  "cooled" (a pitch or monologue), "exit" (out of patience), "wrap-up" (turn limit),
  "meeting-accepted", "meeting-declined", "injection".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from app.catalog.models import HiddenFact, Objection, Scenario
from app.language.registry import language
from app.roleplay.engine import ProspectReply
from app.roleplay.intent import (
    Phrase,
    Reading,
    Vocabulary,
    compile_phrase,
    phrase_in,
    read_turn,
    specificity,
)
from app.roleplay.transcript import Turn, candidate_turns

VERSION = "scripted-1"

# Patience is counted in strikes: a pitch, a monologue or an ignored objection costs
# _PITCH_COST, a good open question about the buyer gives _WARMTH back. A prospect with
# _COOLED_FROM strikes or more is cool, so one pitch takes two good questions to forgive.
_PITCH_COST = 3
_WARMTH = 1
_COOLED_FROM = 2
_MEETING_FACTS = 2  # facts a warm prospect must have shared before agreeing to meet
_OBJECTION_REPEATS = 1  # an ignored objection is repeated once, then dropped (unresolved)

_FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s|$)", re.DOTALL)
_CHUNK = re.compile(r"\S+\s*")


@dataclass(frozen=True, slots=True)
class _Match:
    """A hidden fact that a question asks about, and how specifically."""

    fact: HiddenFact
    rank: tuple[int, ...]  # sorts the most specific match first
    words: int  # words in the best matching phrase


@dataclass(frozen=True, slots=True)
class _Fact:
    fact: HiddenFact
    order: int
    asked_by: tuple[tuple[Phrase, tuple[int, int], int], ...]  # phrase, specificity, words
    words: frozenset[str]  # every word of its phrases, to skip it quickly

    @classmethod
    def compile(cls, fact: HiddenFact, order: int, language: str) -> _Fact:
        """Stem the fact's phrases and rate each one's specificity once."""
        phrases = [compile_phrase(p, language) for p in fact.asked_by]
        rated = tuple((p, specificity(p, language), len(p)) for p in phrases if p)
        return cls(fact, order, rated, frozenset().union(*phrases))

    def match(self, asked: frozenset[str]) -> _Match | None:
        """How specifically the question asks about this fact, if it does."""
        if self.words.isdisjoint(asked):
            return None
        hits = [(rating, words) for p, rating, words in self.asked_by if p <= asked]
        if not hits:
            return None
        (content, letters), words = max(hits)
        rank = (-content, -letters, -len(hits), -self.fact.value, self.order)
        return _Match(self.fact, rank, words)


@dataclass(frozen=True, slots=True)
class _Heard:
    reading: Reading
    said: frozenset[str]  # scenario phrase words anywhere in the turn
    facts: tuple[_Match, ...]  # the facts its questions ask about, best first


class _Compiled:
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
        self.overview = _overview(scenario)
        self._heard: dict[str, _Heard] = {}

    def hear(self, text: str) -> _Heard:
        """The reading of a candidate turn and the facts it asks about, once per text."""
        heard = self._heard.get(text)
        if heard is None:
            if len(self._heard) > 4096:
                self._heard.clear()
            reading = read_turn(text, self.scenario.language, self._names, self.scenario.product)
            asked = self._vocabulary.found_in(reading.asked)
            said = self._vocabulary.found_in(reading.said)
            heard = _Heard(reading, said, self._matching_facts(asked))
            self._heard[text] = heard
        return heard

    def _matching_facts(self, asked: frozenset[str]) -> tuple[_Match, ...]:
        """Facts the question asks about, most specific match first."""
        matches = [m for m in (f.match(asked) for f in self.facts) if m is not None]
        return tuple(sorted(matches, key=lambda m: m.rank))


def _overview(scenario: Scenario) -> str | None:
    """The situation's first sentence, if the prospect can say it: it names their company."""
    first = _first_sentence(scenario.persona.situation)
    opens_with = first.split()[:1]
    return first if opens_with and opens_with == scenario.persona.company.split()[:1] else None


_COMPILED: dict[str, _Compiled] = {}


def _compile(scenario: Scenario) -> _Compiled:
    cached = _COMPILED.get(scenario.id)
    if cached is not None and (cached.scenario is scenario or cached.scenario == scenario):
        return cached
    if len(_COMPILED) > 64:
        _COMPILED.clear()
    compiled = _COMPILED[scenario.id] = _Compiled(scenario)
    return compiled


def _stable_index(size: int, *parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % size


def _first_sentence(text: str) -> str:
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(0) if match else text.strip()


@dataclass
class _State:
    strikes: int = 0
    revealed: set[str] = field(default_factory=set)
    challenge_asked: bool = False
    awaiting_challenge: bool = False
    raised: set[str] = field(default_factory=set)
    open_objection: Objection | None = None
    objection_line: str = ""
    objection_repeats: int = 0
    ended: bool = False


@dataclass
class _Reply:
    parts: list[str] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    nudge: str | None = None  # a filler the challenge or an objection can replace


class _Call:
    """One round replayed turn by turn."""

    def __init__(self, compiled: _Compiled) -> None:
        self.compiled = compiled
        self.scenario = compiled.scenario
        self.state = _State()
        self._key = ""

    # ---------------------------------------------------------------- helpers

    def _pick(self, lines: Sequence[str], purpose: str) -> str:
        return lines[_stable_index(len(lines), self._key, purpose)]

    @property
    def _cooled(self) -> bool:
        return self.state.strikes >= _COOLED_FROM

    def _strike(self, out: _Reply) -> bool:
        """Use up patience; True (and a polite exit) when it has run out."""
        self.state.strikes += _PITCH_COST
        if self.state.strikes < _PITCH_COST * self.scenario.reactions.patience:
            return False
        out.parts.append(self._pick(self.scenario.reactions.exit, "exit"))
        out.events.append("exit")
        self.state.ended = True
        return True

    def _raise(self, objection: Objection, out: _Reply) -> None:
        line = self._pick(objection.lines, objection.id)
        out.parts.append(line)
        out.events.append(f"objection:{objection.id}")
        self.state.raised.add(objection.id)
        self.state.open_objection = objection
        self.state.objection_line = line
        self.state.objection_repeats = 0

    def _unraised(self, when: str) -> Objection | None:
        pending = (o for o in self.scenario.objections if o.id not in self.state.raised)
        return next((o for o in pending if o.when == when), None)

    # ---------------------------------------------------------------- one turn

    def answer(self, number: int, text: str) -> ProspectReply:
        """The prospect's reply to candidate turn `number` (1-based), updating the state."""
        state, out = self.state, _Reply()
        self._key = f"{self.scenario.id}\x1f{number}\x1f{text}"
        if state.ended:
            return ProspectReply(self._pick(self.scenario.reactions.exit, "exit"), ends_call=True)
        heard = self.compiled.hear(text)
        reading = heard.reading
        last = number >= self.scenario.limits.max_candidate_turns
        if reading.injection:
            out.parts.append(self._pick(self.scenario.reactions.stay_in_role, "stay"))
            out.events.append("injection")
        elif state.awaiting_challenge:
            self._judge_challenge(heard, out)
        elif state.open_objection is not None:
            self._answer_objection(state.open_objection, heard, out)
        else:
            self._answer(heard, out)
        if not (state.ended or last or reading.injection):
            self._raise_due(number, out)
        if last and not state.ended:
            out.parts.append(self._pick(self.scenario.reactions.exit, "wrap-up"))
            out.events.append("wrap-up")
            state.ended = True
        return ProspectReply(
            " ".join(p.strip() for p in out.parts),
            frozenset(out.revealed),
            tuple(out.events),
            state.ended,
        )

    def _answer(self, heard: _Heard, out: _Reply) -> None:
        reading = heard.reading
        cools = reading.pitch or reading.words >= self.scenario.reactions.monologue_words
        if cools:
            out.events.append("cooled")
            if self._strike(out):
                return
        if reading.meeting:
            self._meeting(out)
        elif cools:
            on_pitch = self._unraised("on_pitch")
            if on_pitch is not None:
                self._raise(on_pitch, out)
            else:
                out.parts.append(self._pick(self.scenario.reactions.cool, "cool"))
        elif reading.question is not None:
            self._answer_question(heard, out, fallback=True)
        else:
            out.nudge = self._pick(self.scenario.reactions.nudge, "nudge")
            out.parts.append(out.nudge)

    def _answer_question(self, heard: _Heard, out: _Reply, *, fallback: bool) -> None:
        """Reveal what was asked about; with `fallback`, answer other questions briefly."""
        reading, matches = heard.reading, heard.facts
        fresh = [m for m in matches if m.fact.id not in self.state.revealed]
        if fresh:
            # An open question may uncover a second fact when it asks for it with a phrase,
            # not by brushing one word of it.
            chosen = fresh[:1]
            if reading.question == "open" and len(fresh) > 1 and fresh[1].words >= 2:
                chosen.append(fresh[1])
            for m in chosen:
                line = self._pick(m.fact.reveal, m.fact.id)
                out.parts.append(_first_sentence(line) if self._cooled else line)
                out.revealed.append(m.fact.id)
                self.state.revealed.add(m.fact.id)
        elif matches:
            fact = matches[0].fact
            said = _first_sentence(self._pick(fact.reveal, fact.id))
            # The engine's own connective, in the scenario's language; the rest is scenario text.
            template: str = language(self.scenario.language).texts.prospect["like_i_said"]
            out.parts.append(template.format(fact=said))
            return
        elif not fallback:
            return
        elif reading.question == "closed":
            out.parts.append(self._pick(self.scenario.reactions.closed_yes, "closed"))
        elif reading.broad and self.compiled.overview:
            out.parts.append(self.compiled.overview)
        else:
            out.parts.append(self._pick(self.scenario.reactions.unknown, "unknown"))
        if fallback and reading.question == "open" and reading.about_prospect:
            self.state.strikes = max(0, self.state.strikes - _WARMTH)

    def _meeting(self, out: _Reply) -> None:
        objection = self._unraised("on_meeting_request")
        if objection is not None:
            self._raise(objection, out)
        elif not self._cooled and len(self.state.revealed) >= _MEETING_FACTS:
            out.parts.append(self._pick(self.scenario.reactions.accept_meeting, "accept"))
            out.events.append("meeting-accepted")
        else:
            out.parts.append(self._pick(self.scenario.reactions.decline_meeting, "decline"))
            out.events.append("meeting-declined")

    def _judge_challenge(self, heard: _Heard, out: _Reply) -> None:
        reading = heard.reading
        challenge = self.scenario.challenge
        if challenge is None:  # never awaited without one; keeps the type checker informed
            return
        covered = sum(any(phrase_in(p, heard.said) for p in kp) for kp in self.compiled.key_points)
        good = covered * 2 >= len(self.compiled.key_points)
        lines = challenge.satisfied if good else challenge.unsatisfied
        out.parts.append(self._pick(lines, "challenge-verdict"))
        out.events.append("challenge-satisfied" if good else "challenge-unsatisfied")
        self.state.awaiting_challenge = False
        # An answer that also asks about the buyer gets that answered too; no pitch penalty,
        # since explaining the product is what the prospect just asked for.
        if reading.question is not None:
            self._answer_question(heard, out, fallback=False)

    def _answer_objection(self, objection: Objection, heard: _Heard, out: _Reply) -> None:
        reading = heard.reading
        state = self.state
        handled = not reading.pitch and any(
            phrase_in(p, heard.said) for p in self.compiled.handled_by[objection.id]
        )
        if handled:
            out.parts.append(self._pick(objection.softened, "softened"))
            out.events.append(f"softened:{objection.id}")
            state.open_objection = None
            if objection.when == "on_meeting_request":
                # The objection stood between the request and the meeting; handled, it is agreed.
                out.events.append("meeting-accepted")
            elif reading.question is not None:
                # Exploring the objection often asks about a hidden fact behind it.
                self._answer_question(heard, out, fallback=False)
            return
        if self._strike(out):
            return
        if state.objection_repeats < _OBJECTION_REPEATS:
            out.events.append(f"objection-repeated:{objection.id}")
            others = [line for line in objection.lines if line != state.objection_line]
            line = self._pick(others or objection.lines, "hardened")
            out.parts.append(line)
            state.objection_line = line
            state.objection_repeats += 1
            return
        out.events.append(f"objection-dropped:{objection.id}")
        state.open_objection = None
        self._answer(heard, out)

    def _raise_due(self, number: int, out: _Reply) -> None:
        """Ask the challenge or raise an objection whose time has come: one per reply."""
        state = self.state
        if state.open_objection is not None or state.awaiting_challenge:
            return
        due: list[tuple[int, int, Objection | None]] = []
        challenge = self.scenario.challenge
        if challenge and not state.challenge_asked and number >= challenge.after_candidate_turns:
            due.append((challenge.after_candidate_turns, 1, None))
        for o in self.scenario.objections:
            if o.id in state.raised:
                continue
            if o.when == "opening":
                due.append((1, 0, o))
            elif o.when == "after_turns" and number >= (o.after_candidate_turns or 0):
                due.append((o.after_candidate_turns or 0, 2, o))
        if not due:
            return
        _, _, objection = min(due, key=lambda d: (d[0], d[1]))
        if out.nudge is not None:
            out.parts.remove(out.nudge)  # "Mm-hm. Now's a bad time." reads better without it
        if objection is not None:
            self._raise(objection, out)
        elif challenge is not None:
            out.parts.append(self._pick(challenge.questions, "challenge"))
            out.events.append("challenge")
            state.challenge_asked = state.awaiting_challenge = True


def reply(scenario: Scenario, turns: Sequence[Turn]) -> ProspectReply:
    """The scripted prospect's next reply to a round so far (pure and deterministic)."""
    said = candidate_turns(turns)
    if not said:
        opening = scenario.opening[_stable_index(len(scenario.opening), scenario.id, "opening")]
        return ProspectReply(opening)
    call = _Call(_compile(scenario))
    result = ProspectReply("")
    for number, turn in enumerate(said, start=1):
        result = call.answer(number, turn.text)
    return result


class ScriptedEngine:
    """The default, offline prospect engine (see `reply`)."""

    name = "scripted"
    version = VERSION

    async def stream(self, scenario: Scenario, turns: Sequence[Turn]) -> AsyncIterator[str]:
        """Yield the reply word by word, keeping the spaces, so the UI can stream it."""
        for chunk in _CHUNK.findall(reply(scenario, turns).text):
            yield chunk

    def finish(self, scenario: Scenario, turns: Sequence[Turn], text: str) -> ProspectReply:
        """The reply for these turns; the scripted engine always produces the same text."""
        return reply(scenario, turns)

    def shown(self, text: str) -> str:
        """The scripted prospect says nothing the candidate may not see."""
        return text
