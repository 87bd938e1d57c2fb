"""The lexicon for each supported language."""

from __future__ import annotations

from app.scoring.lexicon import Lexicon
from app.scoring.lexicon_en import ENGLISH
from app.scoring.lexicon_sv import SWEDISH

LEXICONS: dict[str, Lexicon] = {"en": ENGLISH, "sv": SWEDISH}


def lexicon(language: str) -> Lexicon:
    """The lexicon for `language`; English for anything unsupported."""
    return LEXICONS.get(language, ENGLISH)
