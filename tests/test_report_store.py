"""Stored scores: the JSON round trip, overrides laid on scorecards, what re-scoring changes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pytest

from app.catalog.loader import Catalog
from app.catalog.models import Rubric
from app.coaching.compare import compare_rounds
from app.coaching.models import Application, Coaching
from app.report import (
    SessionReport,
    coaching_for_stored,
    score_ended_round,
    score_session,
    score_stored_self_assessment,
    stored_report,
)
from app.report_store import (
    ScoreChange,
    StoredScores,
    apply_overrides,
    from_json,
    score_changes,
    to_json,
)
from app.scoring.models import RoundScore, SelfAssessmentScore
from app.scoring.score import weighted_total
from app.session_file import SessionFile
from tests.coaching.scorecards import scorecard
from tests.test_report import SELF_ASSESSMENT, session, two_rounds


@dataclass(frozen=True)
class Override:
    """An override as the flows hand it over (only what apply_overrides reads)."""

    round: int
    criterion: str
    new_score: int


@pytest.fixture(scope="module")
def scored(catalog: Catalog) -> SessionReport:
    """Both rounds, the self-assessment, the coaching and the application of a real session."""
    return score_session(session(rounds=two_rounds(), self_assessment=SELF_ASSESSMENT), catalog)


def stored_of(report: SessionReport) -> StoredScores:
    """The report's parts as the flows store them."""
    return StoredScores(
        rounds=tuple(r.score for r in report.rounds),
        self_assessment=report.self_assessment,
        coaching=report.coaching,
        application=report.application,
        versions={"round1": "1", "round2": "1", "self_assessment": "1", "application": "1"},
    )


# --------------------------------------------------------------------------- JSON


def through_storage(value: Any) -> Any:
    """What a JSON column gives back."""
    return json.loads(json.dumps(to_json(value)))


def test_every_stored_kind_comes_back_equal(scored: SessionReport) -> None:
    assert scored.self_assessment is not None and scored.application is not None
    for value in (
        scored.rounds[0].score,
        scored.rounds[1].score,
        scored.self_assessment,
        scored.coaching,
        scored.application,
    ):
        assert from_json(type(value), through_storage(value)) == value


def test_stored_parts_come_back_equal(scored: SessionReport) -> None:
    stored = stored_of(scored)
    parts = {part: (data, "1") for part, data in through_storage(stored.parts()).items()}
    assert set(parts) == {"round1", "round2", "self_assessment", "application"}
    assert StoredScores.of_parts(parts, scored.coaching) == stored


def test_old_json_without_newer_fields_loads_with_their_defaults(scored: SessionReport) -> None:
    data = through_storage(scored.rounds[0].score)
    del data["flags"]
    for criterion in data["criteria"]:
        del criterion["raw"], criterion["assessed"]
    data["retired_field"] = "a key the class no longer has"
    loaded = from_json(RoundScore, data)
    assert loaded.flags == ()
    assert all(c.raw == 0.0 and c.assessed for c in loaded.criteria)
    assert [c.score for c in loaded.criteria] == [c.score for c in scored.rounds[0].score.criteria]

    application = through_storage(scored.application)
    for change in (application["coached"], *application["others"]):
        del change["raw_before"], change["raw_after"]
    assert from_json(Application, application).coached.raw_before == 0.0
    self_score = through_storage(scored.self_assessment)
    del self_score["flags"], self_score["claimed"]
    assert from_json(SelfAssessmentScore, self_score).claimed == {}


@dataclass(frozen=True, slots=True)
class Inner:
    level: int
    raw: float = 0.0


@dataclass(frozen=True, slots=True)
class Before:
    name: str
    inner: tuple[Inner, ...]
    by_id: dict[str, int]
    kind: Literal["a", "b"] = "a"
    maybe: Inner | None = None


@dataclass(frozen=True, slots=True)
class After:
    """Before, with fields the scorer might add later (all with defaults)."""

    name: str
    inner: tuple[Inner, ...]
    by_id: dict[str, int]
    kind: Literal["a", "b"] = "a"
    maybe: Inner | None = None
    added: tuple[str, ...] = ()
    counts: dict[str, float] = field(default_factory=dict)


def test_fields_added_later_pass_through_and_default_on_old_rows() -> None:
    old = Before("x", (Inner(2, 2.4), Inner(3)), {"a": 1}, "b", Inner(5, 5.0))
    loaded = from_json(After, through_storage(old))
    assert loaded == After("x", (Inner(2, 2.4), Inner(3)), {"a": 1}, "b", Inner(5, 5.0))
    new = replace(loaded, added=("gaming",), counts={"hollow": 2.0})
    assert from_json(After, through_storage(new)) == new
    # A whole number stored for a float field comes back a float.
    assert from_json(Inner, {"level": 3, "raw": 3}).raw.__class__ is float


# --------------------------------------------------------------------------- overrides


def test_no_overrides_changes_nothing(scored: SessionReport) -> None:
    stored = stored_of(scored)
    effective = apply_overrides(stored, [])
    assert effective.rounds == stored.rounds
    assert effective.application is stored.application
    assert effective.overridden == frozenset()


def test_an_override_recomputes_the_total_and_the_application(scored: SessionReport) -> None:
    stored = stored_of(scored)
    assert stored.application is not None
    coached = stored.application.coached.criterion
    before = stored.rounds[1].criterion(coached)
    assert before is not None
    new_level = 1 if before.score > 1 else 5
    effective = apply_overrides(stored, [Override(2, coached, new_level)])

    changed = effective.round(2)
    assert changed is not None
    cell = changed.criterion(coached)
    assert cell is not None
    assert (cell.score, cell.raw, cell.assessed) == (new_level, float(new_level), True)
    assert cell.reason == before.reason and cell.evidence == before.evidence
    assert changed.total == weighted_total(changed.criteria) != stored.rounds[1].total
    assert effective.rounds[0] is stored.rounds[0]
    assert effective.application == compare_rounds(stored.rounds[0], changed, coached)
    assert effective.application is not None
    assert effective.application.coached.after == new_level
    assert effective.application.applied != stored.application.applied
    assert effective.overridden == {(2, coached)}
    assert effective.level(2, coached) == new_level and effective.total(2) == changed.total
    # The stored scores themselves are untouched: the original stays beside the override.
    assert stored.rounds[1].criterion(coached) == before


def test_the_latest_override_wins_and_unknown_criteria_are_ignored(rubric: Rubric) -> None:
    first = scorecard(rubric, {"opening": 2, "listening": 4})
    stored = StoredScores(rounds=(first,))
    effective = apply_overrides(
        stored,
        [Override(1, "opening", 5), Override(1, "opening", 3), Override(1, "no-such", 1)],
    )
    assert effective.level(1, "opening") == 3
    assert effective.overridden == {(1, "opening")}
    assert effective.application is None and effective.total(2) is None


def test_an_override_on_an_unassessed_criterion_counts(rubric: Rubric) -> None:
    first = scorecard(rubric, {"preparation": 3, "opening": 5}, unassessed=("preparation",))
    effective = apply_overrides(StoredScores(rounds=(first,)), [Override(1, "preparation", 1)])
    counted = effective.round(1)
    assert counted is not None
    assert counted.total == weighted_total(counted.criteria) < first.total


# --------------------------------------------------------------------------- re-scoring


def test_score_changes_lists_levels_totals_applied_and_self_assessment(
    scored: SessionReport, rubric: Rubric
) -> None:
    stored = stored_of(scored)
    assert stored.self_assessment is not None and stored.application is not None
    assert score_changes(stored, stored) == []
    first = stored.rounds[0]
    lowered = tuple(
        replace(c, score=1) if c.criterion == "listening" else c for c in first.criteria
    )
    rescored = replace(
        stored,
        rounds=(replace(first, criteria=lowered, total=weighted_total(lowered)), stored.rounds[1]),
        self_assessment=replace(stored.self_assessment, score=stored.self_assessment.score % 5 + 1),
        application=replace(stored.application, applied=0.0),
    )
    listening = first.criterion("listening")
    assert listening is not None
    changes = score_changes(stored, rescored)
    whats = [c.what for c in changes]
    assert whats[-2:] == ["applied", "self-assessment"]
    if listening.score != 1:
        assert ScoreChange("round 1 listening", str(listening.score), "1") in changes
    assert changes[whats.index("applied")].new == "0.00"
    # Nothing stored before (an interview that ended before scores were stored).
    first_time = score_changes(StoredScores(), stored)
    assert ScoreChange("round 1 total", "-", str(first.total)) in first_time


# --------------------------------------------------------------------------- entry points


def test_stored_parts_make_the_report_score_session_makes(
    scored: SessionReport, catalog: Catalog
) -> None:
    played = session(rounds=two_rounds(), self_assessment=SELF_ASSESSMENT)
    first = score_ended_round(played, catalog, 1)
    second = score_ended_round(played, catalog, 2)
    assert (first, second) == (scored.rounds[0].score, scored.rounds[1].score)
    assert score_stored_self_assessment(played, catalog, first) == scored.self_assessment
    coaching: Coaching = coaching_for_stored(played, catalog, first)
    assert coaching == scored.coaching
    application = compare_rounds(first, second, coaching.improvement.criterion)
    rebuilt = stored_report(
        played, catalog, (first, second), scored.self_assessment, coaching, application
    )
    assert rebuilt == scored
    only_first = SessionFile.model_validate(
        {**played.model_dump(), "rounds": played.model_dump()["rounds"][:1]}
    )
    assert score_ended_round(only_first, catalog, 1) == first
