"""The one error the LLM package raises, whatever went wrong in the SDK or on the wire."""

from __future__ import annotations

from typing import Literal

from app.language.notices import notice
from app.roleplay.engine import EngineFailure

Reason = Literal["timeout", "unreachable", "server-error", "bad-response", "empty", "dropped"]


class LLMUnavailable(EngineFailure):
    """The AI prospect could not answer; `message` is safe to show to a candidate."""


def unavailable(reason: Reason) -> LLMUnavailable:
    """The LLMUnavailable error for one kind of failure, with its candidate-safe message.

    Plain words the candidate can read (texts.yaml `errors: prospect-<reason>`, the default
    language's here; the chat shows the interview's): the SDK's own message goes to the log
    only, because it can carry URLs, model names and request ids that mean nothing to a
    candidate."""
    return LLMUnavailable(notice(f"prospect-{reason}"), reason)
