"""The scripted prospect: an offline, deterministic buyer driven entirely by the scenario file.

The engine keeps no state between calls. Each reply replays the candidate's turns from the
start of the round through a small state machine (patience, revealed facts, the challenge,
open objections), so any process can answer any request and the same transcript always gets
the same reply. Wording varies by hashing the turn, never by a clock or a global RNG.

How a reply is chosen, in order:
  - an attempt to break the role play gets `stay_in_role` (and delays anything that was due);
  - the turn after the challenge is judged: `satisfied` if it makes half the key points;
  - the turn after an objection softens it (`handled_by`); ignored, it is dropped (unresolved)
    and the turn is answered like any other, so the same objection never comes twice;
  - a pitch or monologue costs patience (`cool`, then `exit` when patience runs out);
  - a meeting request raises an `on_meeting_request` objection, else is accepted by a warm
    prospect who has shared two facts, else declined. A time the candidate offers is accepted,
    countered (a weekend, outside office hours) or declined as that time, and a time agreed is
    remembered: asked again, it is confirmed, never swapped for another;
  - a question reveals the facts it asks about (most specific `asked_by` phrase first). Asked
    again, the prospect quotes what it said ("Like I said: ..."), only if it did say it. A
    question with no fact behind it gets `closed_yes` (the call itself, or something the
    persona's situation names), `unknown` (a business question), or `unclear` (off topic);
    a statement gets `nudge`.
Then the challenge or one objection whose time has come is added, and at
`limits.max_candidate_turns` the prospect wraps up. No line is said twice in a call: a pool
that has run out is varied with a short lead-in.

Events in ProspectReply.events:
  "challenge", "challenge-satisfied", "challenge-unsatisfied",
  "objection:<id>" (raised), "objection-repeated:<id>", "objection-dropped:<id>",
  "softened:<id>",
  "cooled" (a pitch or monologue), "exit" (out of patience), "wrap-up" (turn limit),
  "meeting-accepted", "meeting-declined", "meeting-countered", "meeting-confirmed",
  "unclear" (a line that fits nothing), "injection".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from app.catalog.models import HiddenFact, Objection, Scenario
from app.language.registry import language
from app.roleplay.engine import ProspectReply
from app.roleplay.hearing import FactMatch, Heard, Listener, first_sentence, listener
from app.roleplay.intent import phrase_in, stem
from app.roleplay.times import Slot, find_slot, other_time
from app.roleplay.transcript import Turn, candidate_turns

VERSION = "scripted-2"

# Patience is counted in strikes: a pitch, a monologue or an ignored objection costs
# _PITCH_COST, a good open question about the buyer gives _WARMTH back. A prospect with
# _COOLED_FROM strikes or more is cool, so one pitch takes two good questions to forgive.
_PITCH_COST = 3
_WARMTH = 1
_COOLED_FROM = 2
_MEETING_FACTS = 2  # facts a warm prospect must have shared before agreeing to meet

# The engine's own connectives and time phrases are the language's (languages/<code>/texts.yaml,
# `prospect`); everything else is scenario text. "{time}" is the time as the prospect says it,
# "{other}" one it offers instead.


def _stable_index(size: int, *parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % size


@dataclass
class _State:
    strikes: int = 0
    revealed: set[str] = field(default_factory=set)
    fact_lines: dict[str, str] = field(default_factory=dict)  # what was said for each fact
    challenge_asked: bool = False
    awaiting_challenge: bool = False
    raised: set[str] = field(default_factory=set)
    open_objection: Objection | None = None
    softened: set[str] = field(default_factory=set)
    proposed: Slot | None = None  # the last time the candidate offered, not yet agreed
    offered: Slot | None = None  # a time the prospect offered instead of the candidate's
    agreed: Slot | None = None  # the meeting agreed (an empty Slot: agreed, time open)
    ended: bool = False


@dataclass
class _Reply:
    parts: list[str] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    nudge: str | None = None  # a filler the challenge or an objection can replace


class _Call:
    """One round replayed turn by turn."""

    def __init__(self, compiled: Listener) -> None:
        self.compiled = compiled
        self.scenario = compiled.scenario
        self.texts: dict[str, list[str]] = language(self.scenario.language).texts.prospect
        self.state = _State()
        self._key = ""
        self._used: set[str] = set()  # lines this replay has said
        self._heard_said: list[str] = []  # what the transcript shows the prospect said

    # ---------------------------------------------------------------- helpers

    def _pick(self, lines: Sequence[str], purpose: str, slot: Slot | None = None) -> str:
        """A line not yet said in this call (and naming no time that disagrees with `slot`)."""
        usable = [line for line in lines if slot is None or _agrees(line, slot)] or list(lines)
        fresh = [line for line in usable if not self._said(line)]
        if fresh:
            line = fresh[_stable_index(len(fresh), self._key, purpose)]
        else:
            # Every variant has been said: lead in differently rather than say it word for word.
            base = usable[_stable_index(len(usable), self._key, purpose)]
            leads = [lead + _lower_first(base) for lead in self.texts["again"]]
            line = next((x for x in leads if not self._said(x)), leads[-1])
        self._used.add(line)
        return line

    def _said(self, line: str) -> bool:
        return line in self._used or any(line in text for text in self._heard_said)

    def _text(self, name: str, purpose: str, *, in_order: bool = False, **values: str) -> str:
        filled = [_upper_first(t.format(**values)) for t in self.texts[name]]
        if in_order:  # the plainest wording first: "Like I said", then its variants
            filled = [next((t for t in filled if not self._said(t)), filled[0])]
        return self._pick(filled, purpose)

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
        out.parts.append(self._pick(objection.lines, objection.id))
        out.events.append(f"objection:{objection.id}")
        self.state.raised.add(objection.id)
        self.state.open_objection = objection

    def _unraised(self, when: str) -> Objection | None:
        pending = (o for o in self.scenario.objections if o.id not in self.state.raised)
        return next((o for o in pending if o.when == when), None)

    # ---------------------------------------------------------------- one turn

    def answer(self, number: int, text: str, said: Sequence[str] = ()) -> ProspectReply:
        """The prospect's reply to candidate turn `number` (1-based), updating the state.

        `said` is what the prospect has said in the round so far, as the transcript has it.
        """
        state, out = self.state, _Reply()
        self._key = f"{self.scenario.id}\x1f{number}\x1f{text}"
        self._heard_said = list(said)
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

    def _answer(self, heard: Heard, out: _Reply) -> None:
        reading = heard.reading
        cools = reading.pitch or reading.words >= self.scenario.reactions.monologue_words
        if cools:
            out.events.append("cooled")
            if self._strike(out):
                return
        if reading.meeting:
            self._meeting(reading.slot, out)
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

    def _answer_question(self, heard: Heard, out: _Reply, *, fallback: bool) -> None:
        """Reveal what was asked about; with `fallback`, answer other questions briefly."""
        reading, matches = heard.reading, heard.facts
        fresh = [m for m in matches if m.fact.id not in self.state.revealed]
        if fresh:
            # An open question may uncover a second fact when it asks for it with a phrase of
            # its own ("..., and what have you tried?"), not by brushing words of one.
            chosen = fresh[:1]
            if (
                reading.question == "open"
                and len(fresh) > 1
                and self._asks_outright(heard, fresh[1])
            ):
                chosen.append(fresh[1])
            for m in chosen:
                self._reveal(m.fact, out)
        elif matches:
            self._remind(matches[0].fact, out)
            return
        elif not fallback:
            return
        else:
            self._no_fact(heard, out)
        if fallback and reading.question == "open" and reading.about_prospect:
            self.state.strikes = max(0, self.state.strikes - _WARMTH)

    def _asks_outright(self, heard: Heard, match: FactMatch) -> bool:
        """Two content words of the phrase, or all of a longer phrase's words in a row."""
        if match.content >= 2:
            return True
        size = len(match.phrase)
        if size < 2:
            return False
        lang = self.scenario.language
        stems = [stem(w, lang) for w in heard.reading.asked_words]
        return any(set(stems[i : i + size]) == match.phrase for i in range(len(stems)))

    def _reveal(self, fact: HiddenFact, out: _Reply) -> None:
        line = self._pick(fact.reveal, fact.id)
        said = first_sentence(line) if self._cooled else line
        out.parts.append(said)
        out.revealed.append(fact.id)
        self.state.revealed.add(fact.id)
        self.state.fact_lines[fact.id] = said

    def _remind(self, fact: HiddenFact, out: _Reply) -> None:
        """Asked again: quote what was said, if the transcript shows it; else say it afresh."""
        said = self.state.fact_lines.get(fact.id, "")
        quote = first_sentence(said)
        if quote and any(quote in text for text in self._heard_said):
            out.parts.append(self._text("like_i_said", fact.id, in_order=True, fact=quote))
        else:
            self._reveal(fact, out)

    def _no_fact(self, heard: Heard, out: _Reply) -> None:
        """A question the prospect has no fact for: yes, don't know, or not sure what you mean."""
        reading = heard.reading
        reactions = self.scenario.reactions
        confirms = reading.availability or self._about_situation(heard)
        overview = self.compiled.overview
        if reading.question == "open" and reading.broad and overview:
            said = self._said(overview)
            out.parts.append(
                self._text("like_i_said", "overview", fact=overview) if said else overview
            )
            self._used.add(overview)
        elif confirms and reading.question == "closed":
            out.parts.append(self._pick(reactions.closed_yes, "closed"))
        elif not reading.small_talk:
            out.parts.append(self._pick(reactions.unknown, "unknown"))
        else:
            out.parts.append(self._pick(reactions.unclear or reactions.stay_in_role, "unclear"))
            out.events.append("unclear")

    def _about_situation(self, heard: Heard) -> bool:
        """Whether a question names something of the persona's situation ("Denver", "RSA")."""
        reading = heard.reading
        situation = self.compiled.situation
        named = {stem(n, self.scenario.language) for n in reading.names} & situation
        return bool(named) or len(reading.asked.exact & situation) >= 2

    # ---------------------------------------------------------------- meetings

    def _meeting(self, slot: Slot | None, out: _Reply) -> None:
        state = self.state
        if state.agreed is not None:
            self._agree(slot, out)
            return
        if slot is not None:
            state.proposed = slot
        # A meeting is earned by a warm call in which the prospect has shared enough, and by no
        # "send me something" left unanswered; earned, it may still meet that objection first.
        brushed_off = any(
            o.when == "on_meeting_request" and o.id in state.raised and o.id not in state.softened
            for o in self.scenario.objections
        )
        earned = not self._cooled and len(state.revealed) >= _MEETING_FACTS and not brushed_off
        objection = self._unraised("on_meeting_request")
        if earned and objection is not None:
            self._raise(objection, out)
        elif earned or (state.offered is not None and not brushed_off):
            self._agree(slot, out)
        else:
            reactions = self.scenario.reactions
            if slot is not None:
                out.parts.append(self._text("decline_time", "decline", time=self._say(slot)))
            else:
                out.parts.append(self._pick(reactions.decline_meeting, "decline"))
            out.events.append("meeting-declined")

    def _agree(self, slot: Slot | None, out: _Reply) -> None:
        """Agree to meet: at the candidate's time, at one the prospect offers, or as agreed."""
        state = self.state
        wanted = slot or state.proposed
        known = state.agreed or state.offered
        if wanted is not None and known is not None and wanted.fits(known):
            wanted = wanted.merged(known)  # "Thursday at 2" after "Thursday afternoon"
        if wanted is not None and wanted.unusual:
            other = other_time(wanted)
            out.parts.append(
                self._text(
                    "counter_time", "counter", time=self._say(wanted), other=self._say(other)
                )
            )
            out.events.append("meeting-countered")
            state.offered, state.proposed = other, None
            return
        if wanted is None:
            line = self._pick(self.scenario.reactions.accept_meeting, "accept", state.agreed)
            out.parts.append(line)
            # The prospect may name a time itself ("Thursday afternoon works"): that is agreed.
            agreed = find_slot(line) or Slot()
        else:
            kind = "confirm_time" if state.agreed is not None else "accept_time"
            out.parts.append(self._text(kind, "accept", time=self._say(wanted)))
            agreed = wanted
        out.events.append("meeting-confirmed" if state.agreed is not None else "meeting-accepted")
        state.agreed, state.proposed, state.offered = agreed, None, None

    def _say(self, slot: Slot) -> str:
        return slot.say(self.scenario.language)

    # ---------------------------------------------------------------- challenge, objections

    def _judge_challenge(self, heard: Heard, out: _Reply) -> None:
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
        if reading.meeting:
            self._meeting(reading.slot, out)
        elif reading.question is not None:
            self._answer_question(heard, out, fallback=False)

    def _answer_objection(self, objection: Objection, heard: Heard, out: _Reply) -> None:
        reading = heard.reading
        state = self.state
        handled = not reading.pitch and any(
            phrase_in(p, heard.said) for p in self.compiled.handled_by[objection.id]
        )
        state.open_objection = None
        if handled:
            slot = reading.slot or state.proposed
            line = self._pick(objection.softened, "softened", slot)
            out.parts.append(line)
            out.events.append(f"softened:{objection.id}")
            state.softened.add(objection.id)
            named = find_slot(line)
            if objection.when == "on_meeting_request" and slot is None and named is not None:
                # "I can do thirty minutes on Thursday": the prospect has named the time.
                out.events.append("meeting-accepted")
                state.agreed = named
            elif objection.when == "on_meeting_request":
                # The objection stood between the request and the meeting; handled, it is agreed.
                self._agree(reading.slot, out)
            elif reading.meeting:
                self._meeting(reading.slot, out)
            elif reading.question is not None:
                # Exploring the objection often asks about a hidden fact behind it.
                self._answer_question(heard, out, fallback=False)
            return
        # Ignored or argued with: the objection stays unresolved, and the turn is answered like
        # any other, so the same push-back never comes twice. Pitching past it costs patience
        # twice: once for the pitch, once for not hearing the buyer out.
        out.events.append(f"objection-dropped:{objection.id}")
        if reading.pitch and self._strike(out):
            return
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
        if objection is not None and any(e.startswith("objection-") for e in out.events):
            return  # one push-back was just left unresolved: the next waits a turn
        if out.nudge is not None:
            out.parts.remove(out.nudge)  # "Mm-hm. Now's a bad time." reads better without it
        if objection is not None:
            self._raise(objection, out)
        elif challenge is not None:
            out.parts.append(self._pick(challenge.questions, "challenge"))
            out.events.append("challenge")
            state.challenge_asked = state.awaiting_challenge = True


def _agrees(line: str, slot: Slot) -> bool:
    named = find_slot(line)
    return named is None or named.fits(slot)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    # "Yes." -> "Hm. Yes." keeps its capital after a full stop; "Well, yes." does not.
    return text if not text[:1].isupper() or text[1:2].isupper() else text[:1].lower() + text[1:]


_CHUNK = re.compile(r"\S+\s*")


def reply(scenario: Scenario, turns: Sequence[Turn]) -> ProspectReply:
    """The scripted prospect's next reply to a round so far (pure and deterministic)."""
    said = candidate_turns(turns)
    if not said:
        opening = scenario.opening[_stable_index(len(scenario.opening), scenario.id, "opening")]
        return ProspectReply(opening)
    call = _Call(listener(scenario))
    result = ProspectReply("")
    spoken: list[str] = []
    number = 0
    for turn in turns:
        if turn.speaker == "prospect":
            spoken.append(turn.text)
            continue
        number += 1
        result = call.answer(number, turn.text, spoken)
    return result


def asked_facts(scenario: Scenario, text: str) -> frozenset[str]:
    """The hidden facts a candidate line asks about, as the scripted prospect hears it."""
    return frozenset(m.fact.id for m in listener(scenario).hear(text).facts)


class ScriptedEngine:
    """The default, offline prospect engine (see `reply`)."""

    name = "scripted"
    version = VERSION
    model = ""

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
