"""The one error the LLM package raises, whatever went wrong in the SDK or on the wire."""

from __future__ import annotations

from typing import Literal

from app.roleplay.engine import EngineFailure

Reason = Literal["timeout", "unreachable", "server-error", "bad-response", "empty", "dropped"]

# Plain words the candidate can read; the SDK's own message goes to the log only, because it can
# carry URLs, model names and request ids that mean nothing to a candidate.
_MESSAGES: dict[Reason, str] = {
    "timeout": "The prospect's line went quiet: the AI model did not answer in time.",
    "unreachable": "The prospect could not be reached: the AI model service is not answering.",
    "server-error": "The prospect's line dropped: the AI model service returned an error.",
    "bad-response": "The prospect's line crackled: the AI model sent an unreadable reply.",
    "empty": "The prospect said nothing: the AI model sent an empty reply.",
    "dropped": "The prospect's line dropped mid-sentence: the AI model's reply was cut off.",
}


class LLMUnavailable(EngineFailure):
    """The AI prospect could not answer; `message` is safe to show to a candidate."""


def unavailable(reason: Reason) -> LLMUnavailable:
    """The LLMUnavailable error for one kind of failure, with its candidate-safe message."""
    return LLMUnavailable(_MESSAGES[reason], reason)
