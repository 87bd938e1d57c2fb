"""docs/security.md carries the figures the tests give."""

from __future__ import annotations

from pathlib import Path

from tests.security.figures import rows, table

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_the_page_shows_the_figures_the_suite_gives() -> None:
    assert table() in DOC.read_text(encoding="utf-8"), "run: python -m tests.security.figures"


def test_every_figure_is_counted_and_none_is_zero() -> None:
    counted = rows()
    assert len(counted) >= 12
    assert all(row.tried > 0 for row in counted), [r for r in counted if r.tried <= 0]
