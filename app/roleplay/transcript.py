"""Turns and transcripts: the plain values every part of the role play passes around."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Speaker = Literal["prospect", "candidate"]


@dataclass(frozen=True, slots=True)
class Turn:
    """One utterance in a round; `index` is its 0-based position in the round."""

    index: int
    speaker: Speaker
    text: str


def make_turns(pairs: Sequence[tuple[Speaker, str]]) -> tuple[Turn, ...]:
    """Number (speaker, text) pairs into turns."""
    return tuple(Turn(i, speaker, text) for i, (speaker, text) in enumerate(pairs))


def candidate_turns(turns: Sequence[Turn]) -> list[Turn]:
    """The candidate's turns, in order."""
    return [t for t in turns if t.speaker == "candidate"]
