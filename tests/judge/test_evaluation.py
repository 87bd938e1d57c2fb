"""judge-eval's figures: Spearman, exact and within one as scripts/evaluate.py counts them."""

from __future__ import annotations

import json

import pytest

from app.catalog.loader import Catalog
from app.judge.evaluation import (
    EvalItem,
    Tally,
    agreement,
    evaluate_item,
    level_of,
    read_out,
    rows,
    spearman,
)
from app.judge.models import Call, JudgeInput
from tests.judge.helpers import GOLDEN, answer


def test_spearman_ranks_ties_together_and_is_undefined_when_flat() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(0.8, abs=0.05)
    assert spearman([3, 3, 3], [1, 2, 3]) is None
    assert spearman([1, 2], [1, 2]) is None


def test_exact_and_within_one_round_range_midpoints_up() -> None:
    assert level_of(4.5) == 5 and level_of(2.0) == 2
    found = agreement([(5, 4.5), (4, 4.5), (2, 4.0), (1, 1.0)])
    assert (found.n, found.exact, found.within_one) == (4, 0.5, 0.75)
    assert agreement([]).n == 0


async def test_an_item_is_judged_per_labelled_round_and_its_review(catalog: Catalog) -> None:
    session = (GOLDEN / "star-01.json").read_text("utf-8")
    item = EvalItem(
        set="golden",
        id="star-01",
        session=json.loads(session),
        rounds=({"opening": 4.5, "listening": 4.5}, {}),
        self_assessment=4.5,
    )
    asked: list[JudgeInput] = []

    async def ask(judge_input: JudgeInput) -> Call:
        asked.append(judge_input)
        return answer(judge_input, {c.id: 2 for c in judge_input.criteria})

    tally = Tally()
    await evaluate_item(item, catalog, ask, 2, tally, model="m", prompt="judge-v1")
    # Round 1 twice and the review twice; round 2 has no labels, so it is not asked about.
    assert [i.part for i in asked] == ["round1", "round1", "self_assessment", "self_assessment"]
    criteria = {(s.part, s.criterion) for s in tally.scored}
    assert criteria == {
        ("round1", "opening"),
        ("round1", "listening"),
        ("self_assessment", "self-insight"),
    }
    assert tally.calls == 4 and tally.quotes_given == tally.opinions
    assert all(s.judge == 2 and s.given == (2, 2) for s in tally.scored if s.part == "round1")
    # The review's level per run, from that run's levels for its criteria.
    (review,) = [s for s in tally.scored if s.part == "self_assessment"]
    assert review.given == (2, 2)
    table = rows(tally.scored)
    assert [r.name for r in table] == ["opening", "listening", "all criteria", "self-insight"]
    text = read_out(tally, model="m", base_url="http://x/v1", runs=2, prompt="judge-v1")
    assert "quote-failure rate 0%" in text and "spread over 2 runs" in text
    assert "4 calls (0 failed)" in text
