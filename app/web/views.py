"""Pure view models: flows' results shaped for the templates (no I/O, no request)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from app import flows
from app.catalog.loader import Catalog
from app.catalog.models import Rubric, Scenario
from app.coaching.models import Application
from app.report import gaming_text
from app.scoring.models import RoundMetrics, RoundScore, SelfAssessmentScore, TurnAnnotation
from app.web.charts import progress_svg, round_comparison_svg

STATUS_LABELS: dict[str, str] = {
    "invited": "Invited",
    "round1": "Call 1",
    "self_assessment": "Self-assessment",
    "coaching": "Feedback",
    "round2": "Call 2",
    "finished": "Completed",
}


def scenario_title(catalog: Catalog, scenario_id: str) -> str:
    """A scenario's title, or its id when the catalog no longer has it."""
    found = catalog.scenarios.get(scenario_id)
    return found.title if found else scenario_id


def criterion_name(rubric: Rubric | None, criterion_id: str) -> str:
    """A criterion's display name, or its id when the rubric does not have it."""
    found = rubric.criterion(criterion_id) if rubric else None
    return found.name if found else criterion_id


# --------------------------------------------------------------------------- interview list


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """One line of the reviewers' interview list."""

    id: str
    candidate_name: str
    candidate_email: str
    scenario_title: str
    opening_id: str | None
    opening_title: str | None
    status: str
    invite_state: str  # active | expired | revoked
    round1_total: int | None
    round2_total: int | None
    coached: str | None  # "Listening 2 → 4" once round 2 is scored
    coached_delta: int | None
    created_at: datetime


def interview_rows(
    views: Sequence[flows.InterviewView],
    catalog: Catalog,
    openings: dict[str, str] | None = None,
) -> list[InterviewRow]:
    """The list's rows, with the coached criterion's change when both rounds are scored
    (`openings`: opening id -> title)."""
    rows = []
    for v in views:
        coached, delta = None, None
        if v.coaching is not None:
            criterion = v.coaching.improvement.criterion
            before = v.criterion_scores.get("1", {}).get(criterion)
            after = v.criterion_scores.get("2", {}).get(criterion)
            if before is not None and after is not None:
                coached = f"{v.coaching.improvement.name} {before} → {after}"
                delta = after - before
        rows.append(
            InterviewRow(
                id=v.id,
                candidate_name=v.candidate_name,
                candidate_email=v.candidate_email,
                scenario_title=scenario_title(catalog, v.scenario_id),
                opening_id=v.opening_id,
                opening_title=(openings or {}).get(v.opening_id or ""),
                status=v.status,
                invite_state=v.invite_state,
                round1_total=v.round1_total,
                round2_total=v.round2_total,
                coached=coached,
                coached_delta=delta,
                created_at=v.created_at,
            )
        )
    return rows


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class OverrideNote:
    """An override as the report shows it."""

    original_score: int
    new_score: int
    comment: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ScoreCell:
    """One criterion in one round: the score that counts, its level text and evidence."""

    round: int
    score: int
    computed: int
    level_text: str
    reason: str
    evidence: tuple[int, ...]
    assessed: bool
    overrides: tuple[OverrideNote, ...]


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """A criterion across both rounds."""

    id: str
    name: str
    description: str
    cells: tuple[ScoreCell | None, ScoreCell | None]


@dataclass(frozen=True, slots=True)
class TranscriptTurn:
    """A turn with what the scorer saw in it."""

    index: int
    speaker: str
    text: str
    annotation: TurnAnnotation | None


@dataclass(frozen=True, slots=True)
class RoundView:
    """One round's transcript and measurements."""

    number: int
    prospect_name: str
    turns: tuple[TranscriptTurn, ...]
    metrics: RoundMetrics | None
    total: int | None
    injection_turns: tuple[int, ...] = ()  # turns aimed at the AI or the scorer
    # Patterns that try to look curious (besides injection), in words for the reviewer.
    gaming: tuple[tuple[str, tuple[int, ...]], ...] = ()


@dataclass(frozen=True)
class ReportView:
    """Everything the report page shows."""

    criteria: tuple[CriterionRow, ...]
    rounds: tuple[RoundView, ...]
    chart: Markup | None
    self_score: SelfAssessmentScore | None
    application: Application | None  # as it counts (overrides laid on)
    totals: tuple[int | None, int | None]  # as they count
    scored_application: Application | None  # the scorer's own, stored when call 2 ended
    scored_totals: tuple[int | None, int | None]
    scorer_versions: tuple[str, ...]  # the versions of the scorer that scored what is shown
    overridden: bool  # a reviewer changed a level: the figures above are not the scorer's own


def _round_scores(report: flows.InterviewReport) -> list[RoundScore]:
    return [r.score for r in report.report.rounds]


def _cell(
    report: flows.InterviewReport, rubric: Rubric, round_number: int, criterion_id: str
) -> ScoreCell | None:
    scores = _round_scores(report)
    if round_number > len(scores):
        return None
    found = scores[round_number - 1].criterion(criterion_id)
    if found is None:
        return None
    effective = report.effective_score(round_number, criterion_id) or found.score
    criterion = rubric.criterion(criterion_id)
    notes = tuple(
        OverrideNote(o.original_score, o.new_score, o.comment, o.user_email, o.created_at)
        for o in report.overrides
        if o.round == round_number and o.criterion == criterion_id
    )
    return ScoreCell(
        round=round_number,
        score=effective,
        computed=found.score,
        level_text=criterion.levels.text(effective) if criterion else "",
        reason=found.reason,
        evidence=tuple(found.evidence),
        assessed=found.assessed,
        overrides=notes,
    )


def report_view(report: flows.InterviewReport, rubric: Rubric, scenario: Scenario) -> ReportView:
    """The report page's content: scores per criterion, transcripts, the chart."""
    criteria = tuple(
        CriterionRow(
            id=c.id,
            name=c.name,
            description=c.description,
            cells=(_cell(report, rubric, 1, c.id), _cell(report, rubric, 2, c.id)),
        )
        for c in rubric.criteria
    )
    scores = _round_scores(report)
    rounds = tuple(
        _round_view(
            number,
            report.turns.get(number, ()),
            scenario,
            scores[number - 1] if number <= len(scores) else None,
            report.effective.total(number),
        )
        for number in (1, 2)
    )
    chart = None
    if any(row.cells[0] for row in criteria):
        chart = round_comparison_svg(
            [row.name for row in criteria],
            [row.cells[0].score if row.cells[0] else None for row in criteria],
            [row.cells[1].score if row.cells[1] else None for row in criteria],
        )
    return ReportView(
        criteria=criteria,
        rounds=rounds,
        chart=chart,
        self_score=report.report.self_assessment,
        application=report.effective.application,
        totals=(report.effective.total(1), report.effective.total(2)),
        scored_application=report.report.application,
        scored_totals=(_total(scores, 1), _total(scores, 2)),
        scorer_versions=tuple(sorted(set(report.scorer_versions.values()))),
        overridden=bool(report.effective.overridden),
    )


def _round_view(
    number: int,
    turns: Sequence[flows.StoredTurn],
    scenario: Scenario,
    score: RoundScore | None,
    total: int | None,
) -> RoundView:
    """One round's transcript, with what the scorer saw in each turn once the round is scored."""
    notes: dict[int, TurnAnnotation] = {a.index: a for a in score.turns} if score else {}
    shown = tuple(TranscriptTurn(t.index, t.speaker, t.text, notes.get(t.index)) for t in turns)
    if score is None or not turns:
        return RoundView(number, scenario.persona.name, shown, None, None)
    metrics = score.metrics
    gaming = tuple(
        (gaming_text(g.kind), g.turns) for g in score.gaming if g.kind != "prompt-injection"
    )
    return RoundView(
        number, scenario.persona.name, shown, metrics, total, metrics.injection_turns, gaming
    )


def transcript_view(
    turns: dict[int, tuple[flows.StoredTurn, ...]], scenario: Scenario
) -> tuple[RoundView, ...]:
    """The transcripts of a call still in play, before anything is scored."""
    return tuple(_round_view(n, turns.get(n, ()), scenario, None, None) for n in (1, 2))


def _total(scores: Sequence[RoundScore], number: int) -> int | None:
    return scores[number - 1].total if number <= len(scores) else None


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True, slots=True)
class CompareCell:
    """One candidate's call-1 and call-2 level on one criterion (overrides laid on)."""

    first: int | None
    second: int | None
    best: bool
    overrides: tuple[flows.OverrideView, ...] = ()  # what reviewers changed in this cell


@dataclass(frozen=True, slots=True)
class CompareRow:
    """A criterion across candidates."""

    name: str
    cells: tuple[CompareCell, ...]


@dataclass(frozen=True, slots=True)
class CompareColumn:
    """One candidate's header and totals."""

    id: str
    candidate_name: str
    scenario_title: str
    round1_total: int | None
    round2_total: int | None
    self_score: int | None
    applied: float | None


def compare_table(
    reports: Sequence[flows.InterviewReport], catalog: Catalog
) -> tuple[list[CompareColumn], list[CompareRow]]:
    """Criteria × candidates, with overrides applied; the best latest score per row is marked."""
    columns = []
    criteria: dict[str, str] = {}
    for r in reports:
        rubric = catalog.rubrics.get(r.interview.rubric_id)
        for round_score in _round_scores(r):
            for c in round_score.criteria:
                criteria.setdefault(c.criterion, criterion_name(rubric, c.criterion))
        self_score = r.report.self_assessment
        application = r.effective.application
        columns.append(
            CompareColumn(
                id=r.interview.id,
                candidate_name=r.interview.candidate_name,
                scenario_title=scenario_title(catalog, r.interview.scenario_id),
                round1_total=r.effective.total(1),
                round2_total=r.effective.total(2),
                self_score=self_score.score if self_score is not None else None,
                applied=application.applied if application is not None else None,
            )
        )
    rows = []
    for criterion_id, name in criteria.items():
        pairs = [
            (r.effective_score(1, criterion_id), r.effective_score(2, criterion_id))
            for r in reports
        ]
        latest = [b if b is not None else a for a, b in pairs]
        known = [x for x in latest if x is not None]
        # Only a real lead is marked: when everyone ties, nobody is "best".
        top = max(known) if known and min(known) < max(known) else None
        rows.append(
            CompareRow(
                name=name,
                cells=tuple(
                    CompareCell(
                        a,
                        b,
                        top is not None and last == top,
                        tuple(o for o in r.overrides if o.criterion == criterion_id),
                    )
                    for (a, b), last, r in zip(pairs, latest, reports, strict=True)
                ),
            )
        )
    return columns, rows


# --------------------------------------------------------------------------- practice


@dataclass(frozen=True)
class HistoryGroup:
    """A rep's attempts at one scenario, with a progress chart per criterion."""

    scenario: Scenario
    attempts: tuple[flows.PracticeAttempt, ...]
    chart: Markup


def history_groups(history: flows.PracticeHistory, catalog: Catalog) -> list[HistoryGroup]:
    """Attempts grouped by scenario (most recently played first), each with its chart."""
    by_scenario: dict[str, list[flows.PracticeAttempt]] = {}
    for attempt in history.attempts:
        by_scenario.setdefault(attempt.scenario_id, []).append(attempt)
    groups = []
    for scenario_id, attempts in by_scenario.items():
        scenario = catalog.scenarios.get(scenario_id)
        if scenario is None:
            continue
        rubric = catalog.rubrics.get(scenario.rubric)
        ids = (
            [c.id for c in rubric.criteria]
            if rubric
            else sorted({k for a in attempts for k in a.scores})
        )
        series = {criterion_name(rubric, cid): [a.scores.get(cid) for a in attempts] for cid in ids}
        groups.append(HistoryGroup(scenario, tuple(attempts), progress_svg(series)))
    groups.sort(key=lambda g: g.attempts[-1].created_at, reverse=True)
    return groups


# --------------------------------------------------------------------------- openings


@dataclass(frozen=True, slots=True)
class RankRow:
    """One candidate on an opening's ranking page."""

    id: str
    rank: int | None
    candidate_name: str
    candidate_email: str
    status: str
    invite_state: str
    emailed_at: datetime | None
    reminders: int
    round1_total: int | None
    round2_total: int | None
    applied: int | None  # percent
    coached: str | None  # "Listening 2 → 4"
    self_score: int | None
    flags: tuple[str, ...]  # in words, with where and which turns
    scored: bool  # call 1 is over (flags mean something)


def ranking_rows(ranked: Sequence[flows.Ranked], rubric: Rubric | None) -> list[RankRow]:
    """The ranking page's rows, figures as they count (overrides laid on)."""
    from app.web.summary import flag_text

    rows = []
    for r in ranked:
        v = r.interview
        coached = None
        if v.coaching is not None:
            criterion = v.coaching.improvement.criterion
            before = v.criterion_scores.get("1", {}).get(criterion)
            after = v.criterion_scores.get("2", {}).get(criterion)
            if before is not None and after is not None:
                coached = f"{criterion_name(rubric, criterion)} {before} → {after}"
        rows.append(
            RankRow(
                id=v.id,
                rank=r.rank,
                candidate_name=v.candidate_name,
                candidate_email=v.candidate_email,
                status=v.status,
                invite_state=v.invite_state,
                emailed_at=v.emailed_at,
                reminders=v.reminders,
                round1_total=v.round1_total,
                round2_total=v.round2_total,
                applied=round(v.applied * 100) if v.applied is not None else None,
                coached=coached,
                self_score=v.self_score,
                flags=tuple(flag_text(f) for f in v.flags),
                scored=v.rounds_over >= 1,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class EvidenceTurn:
    """A practice call's turn, with the criteria whose score cites it."""

    index: int
    speaker: str
    text: str
    cited_by: tuple[str, ...]  # criterion names
    annotation: TurnAnnotation | None


def evidence_transcript(
    turns: Sequence[flows.StoredTurn], score: RoundScore
) -> tuple[EvidenceTurn, ...]:
    """The call's transcript with each turn marked by the criteria that cite it as evidence."""
    cited: dict[int, list[str]] = {}
    for c in score.criteria:
        for index in c.evidence:
            cited.setdefault(index, []).append(c.name)
    notes = {a.index: a for a in score.turns}
    return tuple(
        EvidenceTurn(t.index, t.speaker, t.text, tuple(cited.get(t.index, ())), notes.get(t.index))
        for t in turns
    )
