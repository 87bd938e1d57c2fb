"""The prompt-injection corpus (injection_corpus.yaml) as plain values for the security tests."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

CORPUS = Path(__file__).with_name("injection_corpus.yaml")
Where = Literal["roleplay", "self-assessment"]


@dataclass(frozen=True)
class Entry:
    """One attack or benign look-alike: its candidate turns (one, or a multi-turn set-up)."""

    id: str
    language: Literal["en", "sv"]
    kind: str
    where: Where
    turns: tuple[str, ...]

    @property
    def text(self) -> str:
        """The whole entry as one piece of text (turns joined by a space)."""
        return " ".join(self.turns)


def _entry(raw: dict[str, object], kind: str) -> Entry:
    turns = raw.get("turns") or [raw["text"]]
    assert isinstance(turns, list)
    where = raw.get("where", "roleplay")
    assert where in ("roleplay", "self-assessment"), raw
    language = raw["language"]
    assert language in ("en", "sv"), raw
    return Entry(str(raw["id"]), language, str(raw.get("kind", kind)), where, tuple(turns))


@cache
def load() -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
    """(attacks, benign look-alikes) from the corpus file."""
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    attacks = tuple(_entry(raw, "attack") for raw in data["attacks"])
    benign = tuple(_entry(raw, "benign") for raw in data["benign"])
    ids = [e.id for e in attacks + benign]
    assert len(ids) == len(set(ids)), "duplicate ids in the corpus"
    return attacks, benign


def attacks(where: Where | None = None) -> tuple[Entry, ...]:
    """The attacks, optionally only those aimed at the role play or the self-assessment."""
    return tuple(e for e in load()[0] if where is None or e.where == where)


def benign(where: Where | None = None) -> tuple[Entry, ...]:
    """The benign look-alikes, optionally only those of one kind of text."""
    return tuple(e for e in load()[1] if where is None or e.where == where)
