"""What the flows return: plain, frozen views of interviews, turns, replies and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, get_args

from app.coaching.models import Coaching
from app.db.tables import Interview, TurnRow, utcnow
from app.report_store import EffectiveScores, from_json, to_json
from app.roleplay.transcript import Speaker, Turn
from app.session_file import SessionFile

if TYPE_CHECKING:
    from app.judge.report import JudgeReport
    from app.report import SessionReport


Status = Literal["invited", "round1", "self_assessment", "coaching", "round2", "finished"]
STATUSES: tuple[Status, ...] = get_args(Status)
Kind = Literal["interview", "practice"]
IN_ROUND: frozenset[str] = frozenset({"round1", "round2"})


def rounds_over(round_number: int, status: str) -> int:
    """How many rounds are over (and so scored and stored) for an interview in this state."""
    return max(0, round_number - (1 if status in IN_ROUND else 0))


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
class FlagView:
    """One thing a reviewer should read before deciding: where (round1, round2 or
    self_assessment), what kind (app/report.yaml's `gaming` names them) and which turns."""

    part: str
    kind: str
    turns: tuple[int, ...]

    @classmethod
    def of(cls, data: dict[str, Any]) -> FlagView:
        """From the row's stored JSON."""
        return cls(str(data["part"]), str(data["kind"]), tuple(int(t) for t in data["turns"]))


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
    opening_id: str | None
    status: Status
    round: int
    round_started_at: datetime | None
    invite_expires_at: datetime | None
    revoked_at: datetime | None
    opened_at: datetime | None
    emailed_at: datetime | None  # the last invite or reminder e-mailed
    reminders: int
    engine_name: str
    engine_version: str
    engine_model: str
    self_assessment: str | None
    coaching: Coaching | None
    feedback_reply: str | None
    round1_total: int | None
    round2_total: int | None
    # The levels and totals that count (overrides laid on): round ("1"/"2") -> criterion -> level.
    criterion_scores: dict[str, dict[str, int]]
    applied: float | None  # the coaching-applied figure that counts, 0..1
    self_score: int | None  # the self-assessment's score, 1..5
    flags: tuple[FlagView, ...]  # what a reviewer should read before deciding
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @property
    def prospect_played_by(self) -> str:
        """Which engine and model played the prospect, in words for the report ("" before)."""
        if self.engine_name == "llm":
            model = self.engine_model or "an unnamed model"
            return f"language model {model} (prompt {self.engine_version})"
        if self.engine_name == "scripted":
            return f"scripted prospect ({self.engine_version})"
        return ""

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
            opening_id=row.opening_id,
            status=status,
            round=row.round,
            round_started_at=row.round_started_at,
            invite_expires_at=row.invite_expires_at,
            revoked_at=row.revoked_at,
            opened_at=row.opened_at,
            emailed_at=row.emailed_at,
            reminders=row.reminders or 0,
            engine_name=row.engine_name,
            engine_version=row.engine_version,
            engine_model=row.engine_model,
            self_assessment=row.self_assessment,
            coaching=coaching_from_json(row.coaching),
            feedback_reply=row.feedback_reply,
            round1_total=row.round1_total,
            round2_total=row.round2_total,
            criterion_scores=dict(row.criterion_scores or {}),
            applied=row.applied,
            self_score=row.self_score,
            flags=tuple(FlagView.of(f) for f in row.flags or ()),
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
        )

    @property
    def in_round(self) -> bool:
        """Whether a round is being played now."""
        return self.status in IN_ROUND

    @property
    def rounds_over(self) -> int:
        """How many rounds are over, scored and stored."""
        return rounds_over(self.round, self.status)

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
    """The interview's stored scores (app.report's shape) and, laid on them, the overrides."""

    interview: InterviewView
    session: SessionFile
    report: SessionReport  # as the scorer stored it: never scored again on reading
    turns: dict[int, tuple[StoredTurn, ...]]
    overrides: tuple[OverrideView, ...]
    effective: EffectiveScores  # app.report_store.apply_overrides(stored, overrides)
    scorer_versions: dict[str, str]  # stored part -> the scorer version that scored it
    judge: JudgeReport | None = None  # the LLM judge's second opinion; None when it is off

    def override_for(self, round_number: int, criterion: str) -> OverrideView | None:
        """The latest override of one criterion in one round, if any."""
        found = [o for o in self.overrides if o.round == round_number and o.criterion == criterion]
        return found[-1] if found else None

    def computed_score(self, round_number: int, criterion: str) -> int | None:
        """The scorer's own level for a criterion (before any override)."""
        rounds = self.report.rounds
        score = rounds[round_number - 1].score if 0 < round_number <= len(rounds) else None
        found = score.criterion(criterion) if score is not None else None
        return found.score if found is not None else None

    def effective_score(self, round_number: int, criterion: str) -> int | None:
        """The level that counts: the latest override, else the scorer's."""
        return self.effective.level(round_number, criterion)

    def as_json(self) -> dict[str, Any]:
        """The report as JSON: the stored report, the overrides and the figures that count."""
        from app.report import report_as_json

        data = {
            "interview": interview_json(self.interview),
            "report": report_as_json(self.report),
            **self.scores_json(),
        }
        if self.judge is not None:
            # Only when the judge is on: with it off the report is exactly the scorer's.
            from app.judge.report import judge_json

            rounds = {f"round{n}": r.score for n, r in enumerate(self.report.rounds, start=1)}
            data["judge"] = judge_json(self.judge, rounds)
        return data

    def scores_json(self) -> dict[str, Any]:
        """What counts, as JSON: levels and totals with overrides laid on, the overrides (the
        original, who and when), the coaching application and the scorer's versions."""
        from app.report import report_as_json

        # The application block in report_as_json's shape, from the effective application.
        effective = replace(self.report, rounds=(), application=self.effective.application)
        sa = self.report.self_assessment
        return {
            "scorer_versions": dict(self.scorer_versions),
            "overrides": [override_json(o) for o in self.overrides],
            "effective_scores": {
                str(n): {c.criterion: c.score for c in score.criteria}
                for n, score in enumerate(self.effective.rounds, start=1)
            },
            "effective": {
                "totals": {
                    str(n): score.total for n, score in enumerate(self.effective.rounds, start=1)
                },
                "application": report_as_json(effective)["application"],
                "self_assessment": sa.score if sa else None,
            },
        }


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
    data: dict[str, Any] = to_json(coaching)
    return data


def coaching_from_json(data: dict[str, Any] | None) -> Coaching | None:
    """Coaching read back from the interviews table."""
    return from_json(Coaching, data) if data else None


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
