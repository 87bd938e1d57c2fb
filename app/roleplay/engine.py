"""The prospect engine protocol shared by the scripted and the LLM engines."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.catalog.models import Scenario
from app.roleplay.transcript import Turn


class EngineFailure(Exception):
    """The prospect could not answer. `message` is safe to show to a candidate; `reason` names
    the kind of failure for the metrics ("timeout", "unreachable", ...)."""

    def __init__(self, message: str, reason: str = "unavailable") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ProspectReply:
    """A complete prospect reply and what it did in the call."""

    text: str
    revealed: frozenset[str] = field(default_factory=frozenset)  # hidden-fact ids
    events: tuple[str, ...] = ()  # "challenge", "objection:<id>", "meeting-accepted", ...
    ends_call: bool = False


class ProspectEngine(Protocol):
    """Plays the buyer: given the scenario and the round so far, produces the next reply. A
    reply that cannot be produced raises EngineFailure, whatever the engine."""

    name: str  # "scripted" or "llm"
    version: str  # engine or prompt-template version, stored with each transcript
    model: str  # the language model behind it ("" for the scripted engine), stored likewise

    def stream(self, scenario: Scenario, turns: Sequence[Turn]) -> AsyncIterator[str]:
        """Yield the next prospect reply in pieces; the round ends with a candidate turn."""
        ...

    def finish(self, scenario: Scenario, turns: Sequence[Turn], text: str) -> ProspectReply:
        """Describe a complete reply `text` that followed `turns` (facts, events, end of call)."""
        ...

    def shown(self, text: str) -> str:
        """What of a streamed piece (or a whole reply) the candidate may see: an engine's own
        control markers never reach the screen."""
        ...
