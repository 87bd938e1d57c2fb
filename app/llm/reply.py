"""Reading a model's reply: strip the end-of-call marker, find the facts and events it carries.

The model paraphrases, so facts and events are found by content words shared with the
scenario's own lines, not by exact text. A fact counts as revealed when the reply says one of
its lines nearly word for word, or when it uses enough words that only that fact uses (the
competitor's name, "eleven posts", "page three"); words the prospect says all the time weigh
little. An event counts when one sentence of the reply is mostly made of the event's words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from app.catalog.models import Scenario
from app.language.registry import language, on_install
from app.roleplay.engine import ProspectReply

END_CALL_MARKER = "[END_CALL]"

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Stems (the language's own, app/language) cut to this length, so a model's paraphrase of a line
# ("trade show" for "trade shows", a compound's first part) still meets it.
_STEM_LENGTH = 6
# Distinctiveness a reply needs to reveal a fact: 2.5 is, say, two words only that fact uses and
# one it shares with another line. Tuned on the shipped scenarios: every reveal line finds its
# own fact and no other, and no opening, reaction or challenge line reveals anything.
_REVEAL_WEIGHT = 2.5
# Scenarios whose vocabularies are kept (the catalog has a handful; tests make more).
_CACHED_SCENARIOS = 64


def clean_reply(text: str) -> str:
    """The reply as the candidate should see it: the end-of-call marker removed.

    Works on a whole reply and on each piece `LLMEngine.stream` yields (the marker arrives as a
    piece of its own, which cleans to "").
    """
    if END_CALL_MARKER not in text:
        return text
    return " ".join(text.replace(END_CALL_MARKER, " ").split())


def _without_apostrophes(text: str) -> str:
    return text.replace("\u2019", "").replace("'", "")


@cache
def _stopwords(code: str) -> frozenset[str]:
    """The language's function words for comparing replies (languages/<code>/reading.yaml)."""
    return frozenset(_without_apostrophes(w) for w in language(code).lexicon().reply_stopwords)


on_install(_stopwords.cache_clear)


def content_words(text: str, code: str = "en") -> frozenset[str]:
    """The stems of the words in `text` that carry meaning (function words left out), in the
    scenario's language `code`."""
    stop = _stopwords(code)
    stem = language(code).stem
    words = (w.lower() for w in _WORD.findall(_without_apostrophes(text)))
    return frozenset(stem(w)[:_STEM_LENGTH] for w in words if w not in stop and len(w) > 1)


def _vocabulary(lines: Iterable[str], code: str = "en") -> frozenset[str]:
    return frozenset(w for line in lines for w in content_words(line, code))


def says_like(text: str, lines: Iterable[str], code: str = "en") -> bool:
    """Whether `text` says what one of `lines` says: at least half its content words, and two."""
    return _says_like(content_words(text, code), [content_words(line, code) for line in lines])


def _says_like(said: frozenset[str], lines: Sequence[frozenset[str]]) -> bool:
    for wanted in lines:
        if not wanted:
            continue
        needed = min(len(wanted), max(2, math.ceil(len(wanted) / 2)))
        if len(wanted & said) >= needed:
            return True
    return False


def covers(text: str, lines: Iterable[str], *, asking: bool = False, code: str = "en") -> bool:
    """Whether one sentence of `text` (a question, with `asking`) is mostly words of `lines`."""
    return _covers(text, _vocabulary(lines, code), asking=asking, code=code)


def _covers(
    text: str, vocabulary: frozenset[str], *, asking: bool = False, code: str = "en"
) -> bool:
    for sentence in _SENTENCE_END.split(text.strip()):
        if asking and not sentence.rstrip().endswith("?"):
            continue
        words = content_words(sentence, code)
        shared = words & vocabulary
        if len(shared) >= 2 and 2 * len(shared) >= len(words):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Vocabularies:
    """A scenario's words, worked out once: its catalog entry never changes while served."""

    facts: dict[str, frozenset[str]]
    fact_lines: dict[str, tuple[frozenset[str], ...]]
    documents: Counter[str]
    challenge: frozenset[str] | None
    objections: tuple[tuple[str, frozenset[str]], ...]


_vocabularies_seen: OrderedDict[int, tuple[Scenario, _Vocabularies]] = OrderedDict()


def _vocabularies(scenario: Scenario) -> _Vocabularies:
    # Keyed by identity, with the scenario kept alongside so its id cannot be reused.
    seen = _vocabularies_seen.get(id(scenario))
    if seen is not None and seen[0] is scenario:
        return seen[1]
    code = scenario.language
    facts = {fact.id: _vocabulary(fact.reveal, code) for fact in scenario.facts}
    # Everything else the prospect may say counts as one more "document", so its words (and the
    # words several facts share) weigh less than a detail only one fact has.
    reactions = scenario.reactions
    chatter = [
        *scenario.opening,
        *reactions.cool,
        *reactions.exit,
        *reactions.nudge,
        *reactions.unknown,
        *reactions.closed_yes,
        *reactions.stay_in_role,
        *reactions.accept_meeting,
        *reactions.decline_meeting,
        *(line for objection in scenario.objections for line in objection.lines),
    ]
    if scenario.challenge:
        chatter += [
            *scenario.challenge.questions,
            *scenario.challenge.satisfied,
            *scenario.challenge.unsatisfied,
        ]
    documents = Counter(w for words in (*facts.values(), _vocabulary(chatter, code)) for w in words)
    vocabularies = _Vocabularies(
        facts=facts,
        fact_lines={
            f.id: tuple(content_words(line, code) for line in f.reveal) for f in scenario.facts
        },
        documents=documents,
        challenge=_vocabulary(scenario.challenge.questions, code) if scenario.challenge else None,
        objections=tuple((o.id, _vocabulary(o.lines, code)) for o in scenario.objections),
    )
    _vocabularies_seen[id(scenario)] = (scenario, vocabularies)
    if len(_vocabularies_seen) > _CACHED_SCENARIOS:
        _vocabularies_seen.popitem(last=False)
    return vocabularies


def revealed_facts(scenario: Scenario, text: str) -> frozenset[str]:
    """The hidden facts a reply gives away, by its own words or by their telling details."""
    vocabularies = _vocabularies(scenario)
    documents = vocabularies.documents
    said = content_words(text, scenario.language)
    found = set()
    for fact in scenario.facts:
        shared = said & vocabularies.facts[fact.id]
        weight = sum(1 / documents[w] for w in shared)
        if (len(shared) >= 2 and weight >= _REVEAL_WEIGHT) or _says_like(
            said, vocabularies.fact_lines[fact.id]
        ):
            found.add(fact.id)
    return frozenset(found)


def describe_reply(scenario: Scenario, text: str) -> ProspectReply:
    """The facts, events and end of call in a complete model reply, with the marker removed."""
    ends_call = END_CALL_MARKER in text
    visible = clean_reply(text).strip()
    vocabularies = _vocabularies(scenario)
    events: list[str] = []
    code = scenario.language
    challenge = vocabularies.challenge
    if challenge is not None and _covers(visible, challenge, asking=True, code=code):
        events.append("challenge")
    events.extend(
        f"objection:{objection}"
        for objection, words in vocabularies.objections
        if _covers(visible, words, code=code)
    )
    if ends_call:
        events.append("exit")  # the scripted engine's name for the prospect hanging up
    return ProspectReply(visible, revealed_facts(scenario, visible), tuple(events), ends_call)


def split_marker(pending: str) -> tuple[str, str]:
    """Split streamed text into what can be shown now and what might start the marker."""
    for keep in range(min(len(pending), len(END_CALL_MARKER) - 1), 0, -1):
        if END_CALL_MARKER.startswith(pending[-keep:]):
            return pending[:-keep], pending[-keep:]
    return pending, ""
