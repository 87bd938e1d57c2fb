"""The session file: one JSON shape that the CLI reads and the web export writes."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from app.language.registry import languages
from app.roleplay.transcript import Speaker, Turn


class SessionTurn(BaseModel):
    """One turn as stored in a session file."""

    model_config = ConfigDict(extra="ignore")

    speaker: Speaker
    text: str = Field(validation_alias=AliasChoices("text", "content", "utterance"))

    @field_validator("speaker", mode="before")
    @classmethod
    def _known_speaker(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = " ".join(value.replace("_", " ").replace("-", " ").lower().split())
            # Transcripts from other tools name the two sides in their own words (each
            # language's `speakers` in languages/<code>/reading.yaml).
            return languages().speaker_aliases.get(key, value)
        return value


class SessionRound(BaseModel):
    """One round of the role play."""

    model_config = ConfigDict(extra="ignore")

    turns: list[SessionTurn] = Field(default_factory=list)

    def as_turns(self) -> tuple[Turn, ...]:
        """The round as numbered turns."""
        return tuple(Turn(i, t.speaker, t.text) for i, t in enumerate(self.turns))


class SessionCoaching(BaseModel):
    """The coaching given after round 1: criterion ids."""

    model_config = ConfigDict(extra="ignore")

    strength: str | None = None
    improvement: str | None = None


class SessionFile(BaseModel):
    """A whole interview or practice session; everything but round 1 is optional."""

    model_config = ConfigDict(extra="ignore")

    scenario: str
    rubric: str | None = None
    rounds: list[SessionRound] = Field(min_length=1)
    self_assessment: str | None = None
    coaching: SessionCoaching | None = None
    feedback_reply: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_round_of_turns(cls, data: Any) -> Any:
        # A recorded call is often just {"turns": [...]}: read it as round 1 of an unknown scenario.
        if isinstance(data, dict) and "rounds" not in data and "turns" in data:
            data = {**data, "rounds": [{"turns": data["turns"]}]}
        if isinstance(data, dict) and "scenario" not in data and "rounds" in data:
            data = {**data, "scenario": "unknown"}
        return data
