"""Reply fit on the frozen test part of the labelled candidate lines (tests/roleplay/fit)."""

from __future__ import annotations

import hashlib

import pytest

from app.roleplay.scripted import reply
from tests.roleplay.fit.harness import HERE, CallCounts, Summary, check_calls, summarise

# test.yaml was frozen before the engine changed and is never tuned on; any edit shows here.
FROZEN_SHA256 = "fedcd07902efb923ef8c0e364fa53a4e344ccd7892c596ea776916b561e8ed73"


@pytest.fixture(scope="module")
def summary() -> Summary:
    """Every case of the frozen part, played once."""
    return summarise(reply, "test")


@pytest.fixture(scope="module")
def counts() -> CallCounts:
    """The frozen part's lines played as whole calls."""
    return check_calls(reply, "test")


def test_the_test_part_is_unchanged() -> None:
    digest = hashlib.sha256((HERE / "test.yaml").read_bytes()).hexdigest()
    assert digest == FROZEN_SHA256


def test_replies_fit_the_question_asked(summary: Summary) -> None:
    assert len(summary.outcomes) == 185
    assert summary.fit >= 0.90, summary.by(lambda c: c.kind)


def test_no_proposed_time_is_contradicted(summary: Summary) -> None:
    timed = [o for o in summary.outcomes if o.case.time]
    assert timed
    assert summary.contradicted_times == 0
    assert all(o.as_that_time for o in timed if "meeting-accepted" in o.reply.events)


def test_pitch_and_small_talk_calls_volunteer_no_fact(counts: CallCounts) -> None:
    assert counts.facts_volunteered == 0


def test_like_i_said_only_quotes_what_was_said(counts: CallCounts) -> None:
    assert counts.misquotes == 0


def test_no_reply_is_repeated_word_for_word_in_a_call(counts: CallCounts) -> None:
    assert counts.calls > 10
    assert counts.repeats == 0
