"""What the flows return: plain, frozen views of interviews, turns, replies and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, get_args

from app.coaching.models import Coaching, CoachingPoint
from app.db.tables import Interview, TurnRow, utcnow
from app.roleplay.transcript import Speaker, Turn
from app.session_file import SessionFile

if TYPE_CHECKING:
    from app.judge.report import JudgeReport
    from app.report import SessionReport
    from app.scoring.models import RoundScore


Status = Literal["invited", "round1", "self_assessment", "coaching", "round2", "finished"]
STATUSES: tuple[Status, ...] = get_args(Status)
Kind = Literal["interview", "practice"]
IN_ROUND: frozenset[str] = frozenset({"round1", "round2"})


@dataclass(frozen=True, slots=True)
class StoredTurn:
    """A turn as stored: its round, position, speaker and text."""

    round: int
    index: int
    speaker: Speaker
    text: str
    created_at: datetime

    @classmethod
    def of(cls, row: TurnRow) -> StoredTurn:
        """The view of a turns row."""
        speaker: Speaker = "prospect" if row.speaker == "prospect" else "candidate"
        return cls(row.round, row.index, speaker, row.text, row.created_at)

    def as_turn(self) -> Turn:
        """The plain Turn the engines and the scorer take."""
        return Turn(self.index, self.speaker, self.text)


@dataclass(frozen=True, slots=True)
class InterviewView:
    """An interview or practice attempt as reviewers and pages see it (no token, no hash)."""

    id: str
    kind: Kind
    owner_id: int
    scenario_id: str
    rubric_id: str
    candidate_name: str
    candidate_email: str
    status: Status
    round: int
    round_started_at: datetime | None
    invite_expires_at: datetime | None
    revoked_at: datetime | None
    opened_at: datetime | None
    engine_name: str
    engine_version: str
    self_assessment: str | None
    coaching: Coaching | None
    feedback_reply: str | None
    round1_total: int | None
    round2_total: int | None
    criterion_scores: dict[str, dict[str, int]]  # round ("1"/"2") -> criterion -> score
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, row: Interview) -> InterviewView:
        """The view of an interviews row."""
        kind: Kind = "practice" if row.kind == "practice" else "interview"
        status: Status = row.status  # type: ignore[assignment]  # only flows write it
        return cls(
            id=row.id,
            kind=kind,
            owner_id=row.owner_id,
            scenario_id=row.scenario_id,
            rubric_id=row.rubric_id,
            candidate_name=row.candidate_name,
            candidate_email=row.candidate_email,
            status=status,
            round=row.round,
            round_started_at=row.round_started_at,
            invite_expires_at=row.invite_expires_at,
            revoked_at=row.revoked_at,
            opened_at=row.opened_at,
            engine_name=row.engine_name,
            engine_version=row.engine_version,
            self_assessment=row.self_assessment,
            coaching=coaching_from_json(row.coaching),
            feedback_reply=row.feedback_reply,
            round1_total=row.round1_total,
            round2_total=row.round2_total,
            criterion_scores=dict(row.criterion_scores or {}),
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
        )

    @property
    def in_round(self) -> bool:
        """Whether a round is being played now."""
        return self.status in IN_ROUND

    @property
    def invite_state(self) -> Literal["active", "expired", "revoked", "none"]:
        """Whether the invite link still opens the interview."""
        if self.kind == "practice":
            return "none"
        if self.revoked_at is not None:
            return "revoked"
        if self.invite_expires_at is not None and self.invite_expires_at <= utcnow():
            return "expired"
        return "active"


@dataclass(frozen=True, slots=True)
class CreatedInterview:
    """A new interview and its invite: the plain token is shown this once and never stored."""

    interview: InterviewView
    invite_token: str
    invite_url: str


@dataclass(frozen=True, slots=True)
class CandidateState:
    """What a candidate may see: the brief, the current round, limits and the coaching texts."""

    interview_id: str
    kind: Kind
    status: Status
    round: int
    scenario_title: str
    brief: str
    prospect_name: str
    prospect_title: str
    prospect_company: str
    language: str
    turns: tuple[StoredTurn, ...]
    awaiting_reply: bool
    candidate_turns: int
    max_candidate_turns: int
    minutes: int
    round_deadline: datetime | None
    max_message_chars: int
    self_assessment: str | None
    coaching: Coaching | None
    feedback_reply: str | None


@dataclass(frozen=True, slots=True)
class ReplyDelta:
    """A piece of the prospect's reply as it is produced."""

    text: str


@dataclass(frozen=True, slots=True)
class ReplyRestart:
    """The model failed mid-reply and the scripted engine takes over: drop the partial text."""

    reason: str


@dataclass(frozen=True, slots=True)
class ReplyDone:
    """The reply is complete and stored; `round_over` when the call ended with it."""

    turn: StoredTurn
    round_over: bool
    status: Status


@dataclass(frozen=True, slots=True)
class MessageStored:
    """The candidate's message is committed (the first event of `say`, before any reply)."""

    turn: StoredTurn


ReplyEvent = ReplyDelta | ReplyRestart | ReplyDone
SayEvent = MessageStored | ReplyEvent


@dataclass(frozen=True, slots=True)
class OverrideView:
    """A reviewer's score change, with the original score kept."""

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


@dataclass(frozen=True)
class InterviewReport:
    """The scored session (app.report) with the reviewers' overrides laid on top."""

    interview: InterviewView
    session: SessionFile
    report: SessionReport
    turns: dict[int, tuple[StoredTurn, ...]]
    overrides: tuple[OverrideView, ...]
    judge: JudgeReport | None = None  # the LLM judge's second opinion; None when it is off

    def override_for(self, round_number: int, criterion: str) -> OverrideView | None:
        """The latest override of one criterion in one round, if any."""
        found = [o for o in self.overrides if o.round == round_number and o.criterion == criterion]
        return found[-1] if found else None

    def computed_score(self, round_number: int, criterion: str) -> int | None:
        """The scorer's own score for a criterion (before any override)."""
        score = round_score(self.report, round_number)
        found = score.criterion(criterion) if score is not None else None
        return found.score if found is not None else None

    def effective_score(self, round_number: int, criterion: str) -> int | None:
        """The score that counts: the latest override, else the computed one."""
        override = self.override_for(round_number, criterion)
        return override.new_score if override else self.computed_score(round_number, criterion)

    def as_json(self) -> dict[str, Any]:
        """The report as JSON: the scorer's report plus overrides and effective scores."""
        from app.report import report_as_json

        effective: dict[str, dict[str, int]] = {}
        for round_number in (1, 2):
            score = round_score(self.report, round_number)
            if score is None:
                continue
            effective[str(round_number)] = {
                c.criterion: self.effective_score(round_number, c.criterion) or c.score
                for c in score.criteria
            }
        data = {
            "interview": interview_json(self.interview),
            "report": report_as_json(self.report),
            "overrides": [override_json(o) for o in self.overrides],
            "effective_scores": effective,
        }
        if self.judge is not None:
            # Only when the judge is on: with it off the report is exactly the scorer's.
            from app.judge.report import judge_json

            rounds = {f"round{n}": r.score for n, r in enumerate(self.report.rounds, start=1)}
            data["judge"] = judge_json(self.judge, rounds)
        return data


@dataclass(frozen=True, slots=True)
class PracticeAttempt:
    """One finished practice attempt with its scores."""

    id: str
    scenario_id: str
    created_at: datetime
    total: int | None
    scores: dict[str, int]
    improvement: str | None  # the criterion to work on next


@dataclass(frozen=True)
class PracticeHistory:
    """A rep's attempts, oldest first, and each criterion's scores over them."""

    attempts: tuple[PracticeAttempt, ...]
    series: dict[str, list[tuple[str, int]]] = field(
        default_factory=dict
    )  # criterion -> (id, score)


def coaching_to_json(coaching: Coaching) -> dict[str, Any]:
    """Coaching as stored in the interviews table."""
    return asdict(coaching)


def coaching_from_json(data: dict[str, Any] | None) -> Coaching | None:
    """Coaching read back from the interviews table."""
    if not data:
        return None
    return Coaching(
        strength=CoachingPoint(**data["strength"]), improvement=CoachingPoint(**data["improvement"])
    )


def interview_json(view: InterviewView) -> dict[str, Any]:
    """An interview as JSON for reviewers."""
    data = asdict(view)
    data["invite_state"] = view.invite_state
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
    return data


def override_json(view: OverrideView) -> dict[str, Any]:
    """An override as JSON."""
    data = asdict(view)
    data["created_at"] = view.created_at.isoformat()
    return data


def round_score(report: SessionReport, round_number: int) -> RoundScore | None:
    """One round's scorecard out of a SessionReport."""
    rounds = report.rounds
    return rounds[round_number - 1].score if 0 < round_number <= len(rounds) else None
