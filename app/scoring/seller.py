"""The seller's own company, learned from how the candidate introduces themselves ("it's Ben
from Fieldwise"), so that "Fieldwise cuts response times in half" is sales talk the way
"HubSpot is the leading platform" is, whatever company the call is for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from app.scoring.lexicon import accept_unaccented, word_set
from app.scoring.questions import TurnQuestions

# "…, Casey from HubSpot", "it's Ben from Fieldwise", "det är Erik från HubSpot".
_INTRO = re.compile(
    r"(?:^|[,.!:;]\s*|\b(?:it's|it\s+is|this\s+is|i'm|i\s+am|name's|name\s+is|here's|det\s+är|"
    r"jag\s+heter|jag\s+är)\s+)[A-ZÅÄÖ][\w-]+\s+(?:from|with|at|here\s+at|over\s+at|från|på|hos)"
    r"\s+([A-ZÅÄÖ][\w&-]+)"
)
# Already in the lexicons, or not a company at all.
_NOT_NAMES = word_set(
    "hubspot i the a an this that our my your monday tuesday wednesday thursday friday google "
    "linkedin marketing sales"
)
_INTRO_TURNS = 2  # the name is given at the start of the call or not at all

_EN = (
    r"\b{n}(?:'s)?\s+(?:is|has|helps|offers|provides|lets|allows|enables|does|can|will|gives|makes|"
    r"integrates|includes|comes|customers|users|clients|platform|tool|tools|software|app|team)\b|"
    r"\b{n}\s+(?!\w+ing\b)\w+s\b|\b(?:using|through|via|switch\s+to|move\s+to|with)\s+{n}\b"
    r"(?!\s+(?:and|so|because|here))"
)
_SV = (
    r"\b{n}s?\s+(?:är|har|hjälper|erbjuder|ger|gör|kan|låter|kunder|plattform|verktyg|"
    r"\w+(?:ar|er))\b|\b(?:med|genom|via|byta\s+till)\s+{n}\b"
)


def seller_name(candidate_texts: Iterable[str], prospect_texts: Iterable[str]) -> str | None:
    """The company the candidate says they call from, lower case; None when not said, or when
    it is a name the lexicons know already or one the prospect uses (their own company)."""
    theirs = " ".join(prospect_texts).lower()
    for _, text in zip(range(_INTRO_TURNS), candidate_texts, strict=False):
        match = _INTRO.search(text)
        if match:
            name = match.group(1).lower()
            if name in _NOT_NAMES or re.search(rf"\b{re.escape(name)}\b", theirs):
                return None
            return name
    return None


@lru_cache(maxsize=64)
def _pattern(name: str, language: str) -> re.Pattern[str]:
    template = accept_unaccented(_SV) if language == "sv" else _EN
    return re.compile(template.replace("{n}", re.escape(name)))


def with_seller_name(reading: TurnQuestions, name: str | None, language: str) -> TurnQuestions:
    """The reading with each mention of the seller's company counted as talk about the seller."""
    if not name or name not in reading.text:
        return reading
    pattern = _pattern(name, language)
    sentences = tuple(
        replace(s, about_us=s.about_us + len(pattern.findall(s.text))) if name in s.text else s
        for s in reading.sentences
    )
    return replace(reading, sentences=sentences)
