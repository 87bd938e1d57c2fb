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
from functools import lru_cache
from typing import Literal

from app.catalog.models import Scenario
from app.language.lexicon import PRODUCT, accept_unaccented, product_pattern
from app.language.registry import Language, languages, on_install
from app.language.schema import joined
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

_SENTENCE = re.compile(r".+?(?:[.!?\u2026]+[\"')\]]*(?=\s|$)|\n)", re.DOTALL)
# The prompt's own tags and marker (not words of any language).
_PROTOCOL = r"candidate[_ ]message|\bend_call\b"
_LABEL = re.compile(r"(?:^|\n)\s*(?:\*\*)?([^\W\d_]+(?: [^\W\d_]+)?)(?:\*\*)?\s*:")


@dataclass(frozen=True, slots=True)
class _Words:
    """Every language's guard patterns (languages/<code>/reading.yaml, `guard`), compiled."""

    stage: re.Pattern[str]
    labels: re.Pattern[str]
    leak: re.Pattern[str]
    greetings: str
    introduces: str
    introduced: str
    sells: tuple[str, ...]  # with {product} still in them


def _alternatives(found: Iterable[Language], name: str) -> str:
    return "|".join(
        accept_unaccented(joined(getattr(lang.reading.guard, name)), lang.info.unaccented)
        for lang in found
    )


@lru_cache(maxsize=1)
def _words() -> _Words:
    found = list(languages().by_code.values())
    narration, stage = _alternatives(found, "narration"), _alternatives(found, "stage")
    return _Words(
        stage=re.compile(
            rf"^\s*(?:{narration}).*$"
            r"|\*[^*\n]{1,60}\*"
            rf"|\((?:[^()\n]{{0,40}}\b(?:{stage})[^()\n]{{0,40}})\)"
            r"|\[(?!END_CALL\])[^\]\n]{1,60}\]",
            re.IGNORECASE,
        ),
        labels=re.compile(rf"(?:{_alternatives(found, 'labels')})"),
        leak=re.compile(rf"{_alternatives(found, 'leaks')}|{_PROTOCOL}", re.IGNORECASE),
        greetings=_alternatives(found, "greetings"),
        introduces=_alternatives(found, "introduces"),
        introduced=_alternatives(found, "introduced"),
        sells=tuple(
            accept_unaccented(joined(lang.reading.guard.sells), lang.info.unaccented)
            for lang in found
        ),
    )


on_install(_words.cache_clear)


def _is_label(label: str, labels: re.Pattern[str]) -> bool:
    """A speaker's label: one of the languages' labels as typed in lower case, or a name (each
    word a capital and small letters: "Dana", "Sales Rep")."""
    if labels.fullmatch(label):
        return True
    return all(w[0].isupper() and len(w) > 1 and w[1:].islower() for w in label.split())


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
        words = _words()
        # The salesperson greets the prospect; the prospect never greets herself by name.
        self._addresses_persona = re.compile(
            rf"^\s*(?:{words.greetings})?,?\s*{first}\b[,!.]", re.IGNORECASE
        )
        # The persona's own name outside a self-introduction: "You're right, Dana", "Dana's on
        # the right track" (a model that has lost track of who is speaking).
        self._own_name = re.compile(rf"\b{first}\b", re.IGNORECASE)
        last = re.escape(persona.name.split()[-1])
        self._introduces = re.compile(
            rf"\b(?:{words.introduces}) {first}\b|^\s*{first}"
            rf"(?: {last})?(?: (?:{words.introduced}))?[.!,]?\s*$",
            re.IGNORECASE,
        )
        product = product_pattern(scenario.product)
        sells = "|".join(p.replace("{" + PRODUCT + "}", product) for p in words.sells)
        self._sells = re.compile(sells or "(?!x)x", re.IGNORECASE)

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
        if _words().leak.search(sentence):
            verdict.problems.append("leaked-instructions")
            return None
        if self._speaks_as_candidate(sentence):
            verdict.problems.append("as-candidate")
            return None
        cleaned = _words().stage.sub("", sentence)
        if cleaned != sentence:
            verdict.problems.append("stage-direction")
            cleaned = re.sub(r"\s{2,}", " ", cleaned)
        return cleaned.replace('"', "").replace("“", "").replace("”", "")

    def _speaks_as_candidate(self, sentence: str) -> bool:
        labels = _words().labels
        for label in _LABEL.finditer(sentence):
            name = label.group(1)
            if _is_label(name, labels) and name.lower() not in self._own_names:
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
