"""The golden set: expert-labelled sessions and utterances against the scorer.

The thresholds guard against regressions; the figures themselves are printed by
scripts/evaluate_scorer.py (add --holdout for tests/golden/holdout, the set kept out of tuning:
only its data is checked here).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from app.catalog.loader import Catalog
from tests.golden.evaluation import (
    GOLDEN,
    Agreement,
    Golden,
    Scored,
    applied_bucket,
    compare_sessions,
    load_golden,
    scored_view,
    session_language,
    spearman,
    utterance_confusion,
)

QUESTION_THRESHOLD = 0.80
PITCH_THRESHOLD = 0.85
CRITERION_THRESHOLD = 0.85
# The golden set's "applied" labels are low/mid/high ranges written before coaching was judged
# against headroom (a strength kept is applied, a 4 -> 5 rise is a rise); the exact labels of the
# blind and dev sets are the measure now (tests/golden/test_labelled_figures.py).
APPLIED_THRESHOLD = 0.55


@pytest.fixture(scope="module")
def golden() -> Golden:
    return load_golden()


@pytest.fixture(scope="module")
def reports(golden: Golden, catalog: Catalog) -> dict[str, Any]:
    report = pytest.importorskip(
        "app.report", reason="app.report or a module it imports is not written yet"
    )
    return {name: report.score_session(s, catalog) for name, s in golden.sessions.items()}


@pytest.fixture(scope="module")
def agreement(golden: Golden, catalog: Catalog, reports: dict[str, Any]) -> Agreement:
    scored: dict[str, Scored] = {
        name: scored_view(reports[name], session_language(golden.sessions[name], catalog))
        for name in golden.sessions
    }
    return compare_sessions(golden, scored)


# --------------------------------------------------------------------------- the data itself


def test_the_set_has_the_promised_size_and_variety(golden: Golden, catalog: Catalog) -> None:
    scenarios = Counter(s.scenario for s in golden.sessions.values())
    assert scenarios["roberge-inbound-whitepaper"] >= 20
    assert scenarios["roberge-inbound-whitepaper-sv"] >= 5
    for objection in ("objection-send-email", "objection-competitor", "objection-no-budget"):
        assert scenarios[objection] >= 1
    assert (
        sum(
            n
            for s, n in scenarios.items()
            if s not in catalog.scenarios and not s.startswith("objection")
        )
        >= 2
    )
    languages = Counter(u["language"] for u in golden.utterances)
    assert languages["en"] >= 150
    assert languages["sv"] >= 100


@pytest.mark.parametrize("root", [GOLDEN, GOLDEN / "holdout"], ids=["main", "holdout"])
def test_every_session_is_labelled_turn_by_turn(root: Path) -> None:
    golden = load_golden(root)
    assert set(golden.sessions) == set(golden.labels)
    for name, session in golden.sessions.items():
        label = golden.labels[name]
        assert len(label["rounds"]) == len(session.rounds), name
        for round_, round_label in zip(session.rounds, label["rounds"], strict=True):
            assert 8 <= len(round_.turns) <= 30, name
            candidate = {i for i, t in enumerate(round_.turns) if t.speaker == "candidate"}
            assert set(round_label["turns"]) == candidate, name
            for expected in round_label["turns"].values():
                assert expected["question"] in ("open", "closed", "leading", None), name
                assert isinstance(expected["pitch"], bool), name
        assert ("applied" in label) == (
            len(session.rounds) == 2 and session.coaching is not None
        ), name


@pytest.mark.parametrize("root", [GOLDEN, GOLDEN / "holdout"], ids=["main", "holdout"])
def test_labels_use_the_rubrics_criterion_ids(root: Path, catalog: Catalog) -> None:
    golden = load_golden(root)
    for name, session in golden.sessions.items():
        rubric_id = session.rubric or catalog.scenario(session.scenario).rubric
        criteria = {c.id for c in catalog.rubric(rubric_id).criteria}
        for round_label in golden.labels[name]["rounds"]:
            assert set(round_label["criteria"]) <= criteria, name
            for lo, hi in round_label["criteria"].values():
                assert 1 <= lo <= hi <= 5, name
        if session.coaching is not None:
            assert {session.coaching.strength, session.coaching.improvement} <= criteria, name


@pytest.mark.parametrize("root", [GOLDEN, GOLDEN / "holdout"], ids=["main", "holdout"])
def test_orderings_name_known_rounds(root: Path) -> None:
    golden = load_golden(root)
    for chain in golden.orderings:
        assert len(chain) >= 2
        for item in chain:
            name, _, round_no = item.partition("@")
            assert int(round_no or 1) <= len(golden.sessions[name].rounds), item


def test_spearman_and_buckets() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [5, 5, 9]) == pytest.approx(1.0)
    assert [applied_bucket(x) for x in (0.0, 0.339, 0.34, 0.669, 0.67, 1.0)] == [
        "low",
        "low",
        "mid",
        "mid",
        "high",
        "high",
    ]


# --------------------------------------------------------------------------- scorer vs labels


def test_orderings_hold(agreement: Agreement) -> None:
    assert agreement.orderings.ratio == 1.0, "\n".join(agreement.orderings.misses)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_criterion_levels_within_one_of_the_labels(agreement: Agreement, language: str) -> None:
    near = agreement.criterion_near[language]
    exact = agreement.criterion_exact[language]
    assert near.ratio >= CRITERION_THRESHOLD, (
        f"{language}: within ±1 {near}, exact {exact}\n" + "\n".join(near.misses)
    )


def test_self_assessment_within_one_of_the_labels(agreement: Agreement) -> None:
    assert agreement.self_near.ratio == 1.0, (
        f"within ±1 {agreement.self_near}, exact {agreement.self_exact}\n"
        + "\n".join(agreement.self_near.misses)
    )


def test_applied_buckets(agreement: Agreement) -> None:
    assert agreement.applied.ratio >= APPLIED_THRESHOLD, (
        f"applied {agreement.applied}\n" + "\n".join(agreement.applied.misses)
    )


@pytest.mark.parametrize("language", ["en", "sv"])
def test_turn_annotations_match_the_labels(agreement: Agreement, language: str) -> None:
    turns = agreement.turns[language]
    summary = (
        f"{language}: question {turns.question_accuracy:.1%}, pitch {turns.pitch_accuracy:.1%} "
        f"over {len(turns)} turns\n" + "\n".join(turns.misses)
    )
    assert turns.question_accuracy >= QUESTION_THRESHOLD, summary
    assert turns.pitch_accuracy >= PITCH_THRESHOLD, summary


def test_scoring_is_deterministic(
    golden: Golden, catalog: Catalog, reports: dict[str, Any]
) -> None:
    report = pytest.importorskip("app.report")
    for name, session in golden.sessions.items():
        again = report.score_session(session, catalog)
        first = json.dumps(report.report_as_json(reports[name]), sort_keys=True)
        assert json.dumps(report.report_as_json(again), sort_keys=True) == first, name


# --------------------------------------------------------------------------- single utterances


@pytest.mark.parametrize("language", ["en", "sv"])
def test_utterances_match_the_labels(golden: Golden, language: str) -> None:
    annotate = pytest.importorskip(
        "app.scoring.annotate", reason="app.scoring.annotate is not written yet"
    )
    confusion = utterance_confusion(
        (u for u in golden.utterances if u["language"] == language),
        annotate.classify_question,
        annotate.is_pitch,
    )[language]
    summary = (
        f"{language}: question {confusion.question_accuracy:.1%}, "
        f"pitch {confusion.pitch_accuracy:.1%} over {len(confusion)} utterances\n"
        + "\n".join(confusion.misses)
    )
    assert confusion.question_accuracy >= QUESTION_THRESHOLD, summary
    assert confusion.pitch_accuracy >= PITCH_THRESHOLD, summary
