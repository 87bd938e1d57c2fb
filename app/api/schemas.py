"""Request and response bodies of the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from app.accounts import Role
from app.coaching.models import Coaching
from app.flows import (
    CandidateState,
    CreatedInterview,
    PracticeHistory,
)

# Generous schema limits so oversized input gets the one error shape; the flows apply the
# configured limits (max_message_chars) with a clearer message.
LONG_TEXT = 50_000


class Body(BaseModel):
    """Base for request bodies: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class SignIn(Body):
    """E-mail and password."""

    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class ViewOut(BaseModel):
    """A response read field by field from a flow's view of the same shape."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, view: object) -> Self:
        """From the view (a dataclass or any object with these attributes)."""
        return cls.model_validate(view)


class UserOut(ViewOut):
    """An account."""

    id: int
    email: str
    name: str
    role: Role
    active: bool
    created_at: datetime
    must_change_password: bool = Field(
        description="Signed in with a temporary password: only POST /api/auth/password works."
    )


class PasswordReset(BaseModel):
    """An account given a temporary password, and that password (shown only now)."""

    user: UserOut
    temporary_password: str


class SignedIn(BaseModel):
    """The signed-in account and the CSRF token to send as X-CSRF-Token."""

    user: UserOut
    csrf_token: str


class PasswordChange(Body):
    """The current password and the new one."""

    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)


class NewUser(Body):
    """An account to create."""

    email: str = Field(max_length=320)
    name: str = Field(max_length=200)
    role: Role
    password: str = Field(max_length=1000)


class UserPatch(Body):
    """Enable or disable an account."""

    active: bool


class NewInterview(Body):
    """An interview to create."""

    scenario_id: str = Field(max_length=100)
    candidate_name: str = Field(max_length=200)
    candidate_email: str = Field(default="", max_length=320)


class TurnOut(ViewOut):
    """One stored turn."""

    round: int
    index: int
    speaker: Literal["prospect", "candidate"]
    text: str
    created_at: datetime


class CoachingPointOut(ViewOut):
    """One coaching point in the candidate's words (no criterion ids: candidates see no rubric)."""

    name: str
    quote: str
    turn: int | None
    message: str


class CoachingOut(BaseModel):
    """One strength and one improvement."""

    strength: CoachingPointOut
    improvement: CoachingPointOut

    @classmethod
    def of(cls, coaching: Coaching | None) -> CoachingOut | None:
        """From Coaching, or None."""
        if coaching is None:
            return None
        return cls(
            strength=CoachingPointOut.of(coaching.strength),
            improvement=CoachingPointOut.of(coaching.improvement),
        )


class FlagOut(ViewOut):
    """Something a reviewer should read before deciding."""

    part: str = Field(description="round1, round2 or self_assessment.")
    kind: str = Field(description="e.g. pasted-dialogue, prompt-injection, hollow-questions.")
    turns: list[int] = Field(description="The turns that show it (indexes from 0).")


class InterviewOut(ViewOut):
    """An interview as reviewers see it."""

    id: str
    kind: Literal["interview", "practice"]
    scenario_id: str
    rubric_id: str
    candidate_name: str
    candidate_email: str
    opening_id: str | None
    status: str
    round: int
    invite_state: Literal["active", "expired", "revoked", "none"]
    invite_expires_at: datetime | None
    opened_at: datetime | None
    engine_name: str
    engine_version: str
    engine_model: str = Field(description="The language model that played the prospect, if any.")
    round1_total: int | None
    round2_total: int | None
    criterion_scores: dict[str, dict[str, int]]
    applied: float | None = Field(description="How well the coaching was applied, 0-1.")
    self_score: int | None = Field(description="The self-assessment's score, 1-5.")
    flags: list[FlagOut]
    emailed_at: datetime | None
    reminders: int
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class CreatedOut(BaseModel):
    """A new interview with its invite link; the token is shown only this once."""

    interview: InterviewOut
    invite_url: str
    invite_token: str

    @classmethod
    def of(cls, created: CreatedInterview) -> CreatedOut:
        """From a CreatedInterview."""
        return cls(
            interview=InterviewOut.of(created.interview),
            invite_url=created.invite_url,
            invite_token=created.invite_token,
        )


class CandidateStateOut(BaseModel):
    """What the candidate sees: never a score or a rubric."""

    interview_id: str
    kind: Literal["interview", "practice"]
    status: str
    round: int
    scenario_title: str
    brief: str
    prospect_name: str
    prospect_title: str
    prospect_company: str
    language: str
    turns: list[TurnOut]
    awaiting_reply: bool
    candidate_turns: int
    max_candidate_turns: int
    minutes: int
    round_deadline: datetime | None
    max_message_chars: int
    self_assessment: str | None
    coaching: CoachingOut | None
    feedback_reply: str | None

    @classmethod
    def of(cls, state: CandidateState) -> CandidateStateOut:
        """From a CandidateState."""
        return cls(
            interview_id=state.interview_id,
            kind=state.kind,
            status=state.status,
            round=state.round,
            scenario_title=state.scenario_title,
            brief=state.brief,
            prospect_name=state.prospect_name,
            prospect_title=state.prospect_title,
            prospect_company=state.prospect_company,
            language=state.language,
            turns=[TurnOut.of(t) for t in state.turns],
            awaiting_reply=state.awaiting_reply,
            candidate_turns=state.candidate_turns,
            max_candidate_turns=state.max_candidate_turns,
            minutes=state.minutes,
            round_deadline=state.round_deadline,
            max_message_chars=state.max_message_chars,
            self_assessment=state.self_assessment,
            coaching=CoachingOut.of(state.coaching),
            feedback_reply=state.feedback_reply,
        )


class MessageIn(Body):
    """A candidate message; repeat the same client_message_id to retry safely."""

    text: str = Field(max_length=LONG_TEXT)
    client_message_id: str | None = Field(default=None, max_length=64)


class TextIn(Body):
    """A free-text answer (self-assessment, reply to the feedback)."""

    text: str = Field(max_length=LONG_TEXT)


class RoundIn(Body):
    """Which round."""

    round: Literal[1, 2]


class EndRoundIn(Body):
    """Which round to end (omit: the one in play)."""

    round: Literal[1, 2] | None = None


class OverrideIn(Body):
    """A reviewer's score for one criterion, with the reason."""

    round: Literal[1, 2]
    criterion: str = Field(max_length=100)
    score: int = Field(ge=1, le=5)
    comment: str = Field(max_length=LONG_TEXT)


class OverrideOut(ViewOut):
    """A stored override, with the original score kept."""

    id: int
    interview_id: str
    round: int
    criterion: str
    original_score: int
    new_score: int
    comment: str
    user_id: int
    user_email: str
    created_at: datetime


class CompareOut(BaseModel):
    """Several reports side by side."""

    reports: list[dict[str, Any]]


class ScenarioOut(BaseModel):
    """A scenario in the library."""

    id: str
    title: str
    kind: str
    language: str
    summary: str
    rubric: str


class NewPractice(Body):
    """The scenario to practise."""

    scenario_id: str = Field(max_length=100)


class PracticeAttemptOut(BaseModel):
    """One finished practice attempt."""

    id: str
    scenario_id: str
    created_at: datetime
    total: int | None
    scores: dict[str, int]
    improvement: str | None


class PracticeHistoryOut(BaseModel):
    """Attempts, oldest first, and each criterion's scores over them."""

    attempts: list[PracticeAttemptOut]
    series: dict[str, list[tuple[str, int]]]

    @classmethod
    def of(cls, history: PracticeHistory) -> PracticeHistoryOut:
        """From a PracticeHistory."""
        return cls(
            attempts=[
                PracticeAttemptOut(
                    id=a.id,
                    scenario_id=a.scenario_id,
                    created_at=a.created_at,
                    total=a.total,
                    scores=a.scores,
                    improvement=a.improvement,
                )
                for a in history.attempts
            ],
            series=history.series,
        )


class Health(BaseModel):
    """Service health."""

    status: Literal["ok"]
    database: Literal["ok"]
    engine: str
