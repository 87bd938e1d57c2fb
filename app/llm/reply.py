"""Reading a model's reply: strip the end-of-call marker, find the facts and events it carries.

The model is free to paraphrase, so facts and events are found by content-word overlap with the
scenario's own lines rather than by exact text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from app.catalog.models import Scenario
from app.roleplay.engine import ProspectReply

END_CALL_MARKER = "[END_CALL]"

_WORD = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)
# Suffixes stripped so "leads"/"lead" and "kunderna"/"kunder" compare equal; longest first.
_SUFFIXES = ("arna", "erna", "orna", "ande", "ing", "ade", "ed", "es", "en", "et", "ar", "er", "or")
_STEM_LENGTH = 6
_MIN_STEM = 3


def clean_reply(text: str) -> str:
    """The reply as the candidate should see it: the end-of-call marker removed.

    Works on a whole reply and on each piece `LLMEngine.stream` yields (the marker arrives as a
    piece of its own, which cleans to "").
    """
    if END_CALL_MARKER not in text:
        return text
    return " ".join(text.replace(END_CALL_MARKER, " ").split())


@cache
def _stopwords() -> frozenset[str]:
    lines = files("app.llm").joinpath("stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if word.endswith("s") and len(word) > _MIN_STEM + 1:
        word = word[:-1]
    return word[:_STEM_LENGTH]


def content_words(text: str) -> frozenset[str]:
    """The stems of the words in `text` that carry meaning (function words left out)."""
    stop = _stopwords()
    words = (w.lower() for w in _WORD.findall(text.replace("’", "'").replace("'", "")))
    return frozenset(_stem(w) for w in words if w not in stop and len(w) > 1)


def says_like(text: str, lines: Iterable[str]) -> bool:
    """Whether `text` says what one of `lines` says: at least half its content words, and two."""
    said = content_words(text)
    for line in lines:
        wanted = content_words(line)
        if not wanted:
            continue
        needed = min(len(wanted), max(2, math.ceil(len(wanted) / 2)))
        if len(wanted & said) >= needed:
            return True
    return False


def describe_reply(scenario: Scenario, text: str) -> ProspectReply:
    """The facts, events and end of call in a complete model reply, with the marker removed."""
    ends_call = END_CALL_MARKER in text
    visible = clean_reply(text).strip()
    revealed = frozenset(f.id for f in scenario.facts if says_like(visible, f.reveal))
    events: list[str] = []
    if scenario.challenge and "?" in visible and says_like(visible, scenario.challenge.questions):
        events.append("challenge")
    events.extend(f"objection:{o.id}" for o in scenario.objections if says_like(visible, o.lines))
    if ends_call:
        events.append("exit")  # the scripted engine's name for the prospect hanging up
    return ProspectReply(visible, revealed, tuple(events), ends_call)


def split_marker(pending: str) -> tuple[str, str]:
    """Split streamed text into what can be shown now and what might start the marker."""
    for keep in range(min(len(pending), len(END_CALL_MARKER) - 1), 0, -1):
        if END_CALL_MARKER.startswith(pending[-keep:]):
            return pending[:-keep], pending[-keep:]
    return pending, ""
