"""Metamorphic properties of the scorer over every weak and strong labelled round.

Raise-nothing: a hollow attack on a weak round lifts no criterion's raw level by more than a
quarter of a level and does not lift the total. Lower: taking the follow-ups, the early question,
the open questions or the questions out of a strong round lowers the total and the criterion the
transformation names. See tests/metamorphic/README.md.
"""

from __future__ import annotations

import pytest

from tests.metamorphic.cases import Case, build_cases, evaluate, suite_sets

pytestmark = pytest.mark.metamorphic

CASES = build_cases(suite_sets())


def test_the_suite_has_cases_of_both_families_in_both_languages() -> None:
    """Every kind has at least one case in English and in Swedish."""
    seen = {(c.kind.family, c.kind.name, c.language) for c in CASES}
    kinds = {(c.kind.family, c.kind.name) for c in CASES}
    missing = [(f, k, lang) for f, k in kinds for lang in ("en", "sv") if (f, k, lang) not in seen]
    assert not missing
    assert {family for family, _ in kinds} == {"raise-nothing", "lower"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_property(case: Case) -> None:
    """The transformation moves the round's scores the way its family requires."""
    outcome = evaluate(case)
    if not outcome.passed:
        pytest.fail(outcome.explain(), pytrace=False)
