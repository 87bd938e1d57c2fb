"""Openings' pure parts: the pasted list, the deadline, the ranking and its pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.db.tables import Interview
from app.errors import InvalidInput
from app.flows import InterviewView, page_of_ranking, parse_candidates
from app.flows.openings import parse_deadline, rank_candidates


def test_a_pasted_list_reads_every_common_shape() -> None:
    found, problems = parse_candidates(
        "Ada Lovelace <ada@example.com>\n"
        '"Hopper, Grace" <grace@example.com>\n'
        "Alan Turing, alan@example.com\n"
        "Katherine Johnson\tkatherine@example.com\n"
        "Dorothy Vaughan dorothy@example.com\n"
        "  \n"
        "mary.jackson@example.com\n"
    )
    assert problems == []
    assert [(c.name, c.email) for c in found] == [
        ("Ada Lovelace", "ada@example.com"),
        ("Hopper, Grace", "grace@example.com"),
        ("Alan Turing", "alan@example.com"),
        ("Katherine Johnson", "katherine@example.com"),
        ("Dorothy Vaughan", "dorothy@example.com"),
        ("Mary Jackson", "mary.jackson@example.com"),
    ]
    assert [c.line for c in found] == [1, 2, 3, 4, 5, 7]


def test_a_pasted_list_names_each_bad_line() -> None:
    found, problems = parse_candidates(
        "Linus Torvalds\nTwo, a@example.com, b@example.com\nEve <not-an-address>\nok@example.com"
    )
    assert [c.email for c in found] == ["ok@example.com"]
    assert problems == [
        "Line 1: no e-mail address in “Linus Torvalds”.",
        "Line 2: more than one e-mail address in “Two, a@example.com, b@example.com”.",
        "Line 3: “not-an-address” is not an e-mail address.",
    ]


def test_a_deadline_is_today_or_later_within_a_year() -> None:
    today = date(2026, 5, 1)
    assert parse_deadline("2026-05-01", today) == datetime(2026, 5, 1, 23, 59, 59, tzinfo=UTC)
    for bad, reason in (
        ("2026-04-30", "already passed"),
        ("2027-06-01", "more than a year"),
        ("next friday", "as a date"),
    ):
        with pytest.raises(InvalidInput, match=reason):
            parse_deadline(bad, today)


def _view(
    name: str,
    status: str,
    r1: int | None,
    r2: int | None,
    applied: float | None,
    flags: list[dict[str, object]] | None = None,
) -> InterviewView:
    row = Interview(
        id=name.lower(),
        kind="interview",
        owner_id=1,
        scenario_id="s",
        rubric_id="r",
        candidate_name=name,
        candidate_email=f"{name.lower()}@example.com",
        status=status,
        round=2 if status == "finished" else 0,
        reminders=0,
        round1_total=r1,
        round2_total=r2,
        applied=applied,
        flags=flags or [],
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return InterviewView.of(row)


def test_the_ranking_orders_by_call_2_then_applied_then_call_1() -> None:
    views = [
        _view("Bo", "finished", 50, 70, 0.2),
        _view("Al", "finished", 40, 70, 0.9),  # same call 2, took the coaching better
        _view("Cy", "finished", 80, 60, 0.0),
        _view("Di", "finished", 40, 70, 0.9),  # the same figures as Al: the same rank
        _view("Ed", "round1", None, None, None),
        _view("Fa", "invited", None, None, None),
        _view("Gu", "coaching", 55, None, None),
    ]
    ranked = rank_candidates(views)
    assert [(r.interview.candidate_name, r.rank) for r in ranked] == [
        ("Al", 1),
        ("Di", 1),
        ("Bo", 3),
        ("Cy", 4),
        ("Gu", None),  # furthest along first among those not finished
        ("Ed", None),
        ("Fa", None),
    ]


def test_a_ranking_page_filters_sorts_and_pages_keeping_the_ranks() -> None:
    flag = [{"part": "round1", "kind": "pasted-dialogue", "turns": [2]}]
    views = [_view(f"C{n:02d}", "finished", n, n, n / 100) for n in range(1, 31)]
    views.append(_view("Flagged", "finished", 99, 99, 0.5, flag))
    views.append(_view("Waiting", "invited", None, None, None))
    ranked = rank_candidates(views)
    first = page_of_ranking(ranked, per_page=25)
    assert (first.total, first.pages, len(first.rows)) == (32, 2, 25)
    assert first.rows[0].interview.candidate_name == "Flagged" and first.rows[0].rank == 1
    second = page_of_ranking(ranked, page=2, per_page=25)
    assert [r.interview.candidate_name for r in second.rows][-1] == "Waiting"
    assert page_of_ranking(ranked, page=9, per_page=25).page == 2  # past the end: the last

    flagged = page_of_ranking(ranked, flagged="flagged")
    assert [r.interview.candidate_name for r in flagged.rows] == ["Flagged"]
    assert page_of_ranking(ranked, flagged="clean").total == 31
    assert page_of_ranking(ranked, progress="invited").total == 1
    assert page_of_ranking(ranked, search="c07").rows[0].rank == 25  # the opening's rank

    by_call1 = page_of_ranking(ranked, sort="round1", per_page=50)
    names = [r.interview.candidate_name for r in by_call1.rows]
    assert names[0] == "C01" and names[-2] == "Flagged" and names[-1] == "Waiting"
    down = page_of_ranking(ranked, sort="round1", descending=True, per_page=50)
    # Missing figures sort last whichever way.
    assert [r.interview.candidate_name for r in down.rows][::31] == ["Flagged", "Waiting"]
    by_flags = page_of_ranking(ranked, sort="flags", descending=True, per_page=50)
    assert by_flags.rows[0].interview.candidate_name == "Flagged"


def test_a_view_keeps_the_row_s_flags() -> None:
    flag = {"part": "self_assessment", "kind": "prompt-injection", "turns": []}
    view = _view("Eve", "finished", 10, 10, 0.0, [flag])
    assert replace(view.flags[0]) == view.flags[0]
    assert (view.flags[0].part, view.flags[0].kind, view.flags[0].turns) == (
        "self_assessment",
        "prompt-injection",
        (),
    )
