"""The one Spearman every evaluation table prints."""

from __future__ import annotations

import pytest

from app.stats import ranks, spearman


def test_ties_share_their_mean_rank() -> None:
    assert ranks([3, 1, 3]) == [1.5, 0.0, 1.5]
    assert ranks([]) == []


def test_spearman_is_undefined_for_a_constant_side_or_fewer_than_three_items() -> None:
    assert spearman([1, 2, 3], [3, 3, 3]) is None
    assert spearman([1, 2], [1, 2]) is None
    assert spearman([1, 2, 3], [1, 2]) is None


def test_spearman_reads_the_order_not_the_distance() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [5, 5, 9]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [1, 100, 101, 1000]) == pytest.approx(1.0)
