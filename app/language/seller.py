"""The seller's own company, learned from how the candidate introduces themselves ("it's Ben
from Fieldwise"), so that "Fieldwise cuts response times in half" is sales talk the way a
product the scenario names is, whatever company the call is for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from app.language.questions import TurnQuestions
from app.language.registry import language, languages, on_install

_INTRO_TURNS = 2  # the name is given at the start of the call or not at all


def seller_name(
    candidate_texts: Iterable[str], prospect_texts: Iterable[str], product: Iterable[str] = ()
) -> str | None:
    """The company the candidate says they call from, lower case; None when not said, or when
    it is the product already known, a word that is never a company, or a name the prospect
    uses (their own company)."""
    found = languages()
    theirs = " ".join(prospect_texts).lower()
    known = found.not_names | {p.lower() for p in product}
    for _, text in zip(range(_INTRO_TURNS), candidate_texts, strict=False):
        match = found.introduction.search(text)
        if match:
            name = match.group(1).lower()
            if name in known or re.search(rf"\b{re.escape(name)}\b", theirs):
                return None
            return name
    return None


@lru_cache(maxsize=64)
def _pattern(name: str, code: str) -> re.Pattern[str]:
    lang = language(code)
    template = lang.pattern(lang.reading.seller.mentions).pattern
    return re.compile(template.replace("{name}", re.escape(name)))


on_install(_pattern.cache_clear)


def with_seller_name(reading: TurnQuestions, name: str | None, code: str) -> TurnQuestions:
    """The reading with each mention of the seller's company counted as talk about the seller."""
    if not name or name not in reading.text:
        return reading
    pattern = _pattern(name, code)
    sentences = tuple(
        replace(s, about_us=s.about_us + len(pattern.findall(s.text))) if name in s.text else s
        for s in reading.sentences
    )
    return replace(reading, sentences=sentences)
