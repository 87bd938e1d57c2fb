"""The output guard: what a small model gets wrong, caught sentence by sentence as it streams.

A reply is let through one complete sentence at a time, so nothing reaches the candidate before
it has been checked:
  - a stage direction ("(laughs)", "*smiles*", "[pause]") is cut out of its sentence;
  - speaking as the salesperson ("Salesperson: ...", "Hi Dana, ...", "at HubSpot we ...") or a
    leaked instruction ("Stage direction", "<candidate_message>", "as an AI", "I'll just answer
    with one short line") stops the reply there;
  - a reply past its length (sentences or words) stops at the last whole sentence, and a
    sentence the model's token limit cut off is dropped.
Then the whole reply is checked against the call (`Guard.after`): it must not repeat an earlier
line of the prospect word for word, and with a director (prompt prospect-v2) it must carry
what the director decided: the fact that was asked for, the challenge question, an objection,
and no meeting time other than the one agreed ("off-script"). A reply that fails is asked for
again (cooler), then replaced by the director's own line (see LLMEngine).
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from app.catalog.models import Scenario
from app.llm.reply import describe_reply
from app.roleplay.engine import ProspectReply
from app.roleplay.times import find_slot

Problem = Literal[
    "as-candidate",
    "stage-direction",
    "leaked-instructions",
    "too-long",
    "cut-off",
    "repeated",
    "off-script",
]

_HOLD = 4  # words held back before the first are shown

# The model's token limit ended the reply: `LLMEngine._deltas` yields this after the text.
CUT_OFF = "\x00cut-off"

_SENTENCE = re.compile(r".+?(?:[.!?…]+[\"')\]]*(?=\s|$)|\n)", re.DOTALL)
_STAGE = re.compile(
    r"^\s*(?:she|he|they|hon|han) (?:says|said|tells|told|asks|adds|säger|frågar)\b.*$"
    r"|\*[^*\n]{1,60}\*|\((?:[^()\n]{0,40}\b(?:laugh|sigh|smil|paus|nod|chuckl|grin|shrug|"
    r"cough|clears?|hesitat|sarcastic|warm|cold|firm|skratt|suck|ler|paus|harkl)[^()\n]{0,40})\)"
    r"|\[(?!END_CALL\])[^\]\n]{1,60}\]",
    re.IGNORECASE,
)
_SPEAKER_LABEL = re.compile(
    r"(?:^|\n)\s*(?:\*\*)?(?:salesperson|sales rep|seller|candidate|user|assistant|prospect|"
    r"caller|you|me|säljare|säljaren|kandidat|kund|[A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)"
    r"(?:\*\*)?\s*:",
)
_LEAK = re.compile(
    r"stage direction|candidate[_ ]message|system prompt|\binstructions?\b|as an ai\b|"
    r"language model|\bai model\b|role ?play|\bpersona\b|hidden facts?|\bthe salesperson\b|"
    r"\bthe director\b|in this reply|\bone short line\b|answer with|i(?:'ll| will) (?:just )?"
    r"(?:answer|reply|respond)|\bend_call\b|scen(?:ario|ariot)\b|"
    r"scenanvisning|instruktion\w*|rollspel\w*|säljaren\b|språkmodell",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a spoken reply may run."""

    sentences: int = 4
    words: int = 70


@dataclass
class Verdict:
    """What the guard did to one reply."""

    problems: list[Problem] = field(default_factory=list)
    shown: str = ""  # the text let through
    stopped: bool = False  # the rest of the reply was dropped

    @property
    def nothing_shown(self) -> bool:
        """Whether the reply had nothing usable (the engine then asks again)."""
        return not self.shown.strip()


class Guard:
    """Checks one scenario's replies (the persona's name tells its speaker label apart)."""

    def __init__(self, scenario: Scenario, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.scenario = scenario
        persona = scenario.persona
        self._own_names = {persona.name.lower(), persona.name.split()[0].lower()}
        first = re.escape(persona.name.split()[0])
        # "Dana: Hello." is the persona's own speaker label: dropped, like a stage direction.
        own = "|".join(re.escape(n) for n in sorted(self._own_names, key=len, reverse=True))
        self._own_label = re.compile(rf"^\s*(?:\*\*)?(?:{own})(?:\*\*)?\s*:\s*", re.IGNORECASE)
        # The salesperson greets the prospect; the prospect never greets herself by name.
        self._addresses_persona = re.compile(
            rf"^\s*(?:hi|hello|hey|hej|hallå|thanks|tack|so|okay|well)?,?\s*{first}\b[,!.]",
            re.IGNORECASE,
        )
        # The persona's own name outside a self-introduction: "You're right, Dana", "Dana's on
        # the right track" (a model that has lost track of who is speaking).
        self._own_name = re.compile(rf"\b{first}\b", re.IGNORECASE)
        self._introduces = re.compile(
            rf"\b(?:this is|i am|i'm|it's|det är|jag är|här är) {first}\b|^\s*{first}"
            rf"(?: {re.escape(persona.name.split()[-1])})?(?: speaking| here| här)?[.!,]?\s*$",
            re.IGNORECASE,
        )
        self._sells = re.compile(
            r"\b(?:at hubspot,? we|our (?:platform|product|software|tool)s? (?:is|are|can|will|"
            r"does|helps?|lets|gives|makes)|we (?:help|offer) companies|på hubspot|vår plattform "
            r"(?:är|kan|hjälper)|vi hjälper företag)\b",
            re.IGNORECASE,
        )

    async def filter(
        self, deltas: AsyncIterator[str], verdict: Verdict
    ) -> AsyncGenerator[str, None]:
        """Yield the checked text sentence by sentence; record in `verdict` what was caught.

        The first few words are held back until they add up to a real reply, so a reply that
        goes wrong straight after "No, no." can still be asked for again.
        """
        kept = ""  # checked text, not yet yielded while it is under _HOLD words
        yielded = 0
        sentences = 0
        cut_off = False
        pending = ""
        async for delta in deltas:
            if delta == CUT_OFF:
                cut_off = True
                continue
            pending += delta
            for sentence in _complete_sentences(pending):
                pending = pending[len(sentence) :]
                text = self._check(sentence, verdict)
                if text is None:
                    break
                if not text.strip():
                    continue
                sentences += 1
                kept, stop = self._add(kept, text, sentences, verdict)
                if stop:
                    break
            else:
                if len(kept.split()) >= _HOLD:
                    yield kept[yielded:]
                    yielded = len(kept)
                continue
            verdict.stopped = True
            break
        else:
            rest = pending.strip()
            if rest and cut_off:
                verdict.problems.append("cut-off")
            elif rest and sentences < self.limits.sentences:
                text = self._check(rest, verdict)
                if text and text.strip():
                    kept, _ = self._add(kept, text, sentences + 1, verdict)
        stopped_early = verdict.stopped and len(kept.split()) < _HOLD and not yielded
        if stopped_early:
            kept = ""  # too little to stand as a reply: the engine asks again
        if len(kept) > yielded:
            yield kept[yielded:]
        verdict.shown = kept

    def _add(self, kept: str, text: str, sentences: int, verdict: Verdict) -> tuple[str, bool]:
        """The text so far with one more sentence, and whether the reply has to stop there."""
        if sentences > self.limits.sentences:
            verdict.problems.append("too-long")
            return kept, True
        joined = _join(kept, text)
        if len(joined.split()) <= self.limits.words:
            return joined, False
        verdict.problems.append("too-long")
        if kept:
            return kept, True
        # One endless first sentence: end it at a word boundary, never mid-word.
        return " ".join(joined.split()[: self.limits.words]).rstrip(",;:") + "…", True

    def _check(self, sentence: str, verdict: Verdict) -> str | None:
        """The sentence cleaned, or None when the reply must stop before it."""
        unlabelled = self._own_label.sub("", sentence)  # "Dana: Hello." is her own label
        if unlabelled != sentence:
            verdict.problems.append("stage-direction")
            sentence = unlabelled
        if _LEAK.search(sentence):
            verdict.problems.append("leaked-instructions")
            return None
        if self._speaks_as_candidate(sentence):
            verdict.problems.append("as-candidate")
            return None
        cleaned = _STAGE.sub("", sentence)
        if cleaned != sentence:
            verdict.problems.append("stage-direction")
            cleaned = re.sub(r"\s{2,}", " ", cleaned)
        return cleaned.replace('"', "").replace("“", "").replace("”", "")

    def _speaks_as_candidate(self, sentence: str) -> bool:
        for label in _SPEAKER_LABEL.finditer(sentence):
            if label.group(0).strip(" \n*:").lower() not in self._own_names:
                return True
        if self._own_name.search(sentence) and not self._introduces.search(sentence):
            return True
        return bool(self._addresses_persona.search(sentence) or self._sells.search(sentence))

    def after(
        self, text: str, earlier: Sequence[str], direction: ProspectReply | None
    ) -> list[Problem]:
        """What is wrong with a whole reply, given the call so far and the director's line."""
        said = " ".join(text.split()).casefold()
        if any(said == " ".join(e.split()).casefold() for e in earlier):
            return ["repeated"]
        if direction is None or not text.strip():
            return []
        described = describe_reply(self.scenario, text)
        wanted_events = {
            e for e in direction.events if e == "challenge" or e.startswith("objection:")
        }
        if not direction.revealed <= described.revealed or not wanted_events <= set(
            described.events
        ):
            return ["off-script"]
        named, agreed = find_slot(text), find_slot(direction.text)
        if named is not None and (agreed is None or not named.fits(agreed)):
            return ["off-script"]  # a meeting time the director never agreed
        return []


def _complete_sentences(text: str) -> Iterable[str]:
    return [m.group(0) for m in _SENTENCE.finditer(text)]


def _join(shown: str, text: str) -> str:
    text = text.strip()
    return f"{shown} {text}" if shown else text
