"""Prompt injection: text addressed to the AI or the scorer instead of the prospect.

Every language's attack patterns (languages/<code>/reading.yaml, `injection`) are looked for in
every call. The patterns want the grammar of an attack (an order about instructions, a role, a
score or the prompt), not single words: "ignore the noise in the market", "system integration"
and "we score leads" are ordinary sales talk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.language.registry import languages
from app.language.text import normalise, tokens
from app.textfold import fold_lookalikes, hidden_payloads

# Look-alike letters (Cyrillic, fullwidth) and invisible characters all lie beyond Latin-1;
# the accented letters of Latin-script languages do not, so ordinary text skips the folding.
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def detect_injection(text: str) -> bool:
    """Whether `text` tries to break the role play or game the score."""
    norm = normalise(text)
    if attack_in(norm, tokens(norm)):
        return True
    # "Decode this: SWdub3Jl...": the scorer never decodes, but a language model might.
    return any(detect_injection(payload) for payload in hidden_payloads(text))


def attack_in(norm: str, words: Iterable[str]) -> bool:
    """`detect_injection` for normalised text and its word tokens."""
    if _BEYOND_LATIN1.search(norm):
        folded = fold_lookalikes(norm)
        if folded != norm:
            norm = folded.lower()
            words = tokens(norm)
    attacks = languages().injection
    suspicious = "<" in norm or "[" in norm or any(cue in norm for cue in attacks.cues)
    if suspicious or not attacks.anchors.isdisjoint(words):
        return attacks.attack.search(norm.replace(" \n", "\n")) is not None
    return False
