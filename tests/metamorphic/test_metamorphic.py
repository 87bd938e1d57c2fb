"""Metamorphic properties of the scorer over every weak and strong labelled round.

Raise-nothing: an attack on a weak round lifts no criterion's raw level by more than a quarter
of a level and does not lift the total. Lower: taking the follow-ups, the early question, the
open questions or the questions out of a strong round lowers the total and the criterion the
transformation names. See tests/metamorphic/README.md.

Not every case holds yet (scripts/metamorphic.py --failures lists the ones that do not, and the
README says why the rest are hard for a lexical reader). So each kind has a floor: the share of
its cases that must hold, set a few points under what the scorer reaches today. A change that
lets more attacks through fails here; raise a floor when the scorer gets better.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import pytest

from tests.metamorphic.cases import Outcome, build_cases, evaluate, suite_sets

pytestmark = pytest.mark.metamorphic

CASES = build_cases(suite_sets())

# The share of each kind's cases that must hold (today's figure, less about five points).
FLOORS: dict[str, float] = {
    "generic-invitations": 0.85,
    "pronoun-follow-ups": 0.80,
    "repeated-question": 0.65,
    "what-do-you-think": 0.85,
    "statements-of-intent": 0.80,
    "echo-as-question": 0.65,
    "topic-list": 0.85,
    "stacked-monologue": 0.70,
    "pasted-dialogue": 0.65,
    "buzzwords": 0.80,
    "great-okay": 0.85,
    "scorer-instructions": 0.85,
    "checklist-questions": 0.35,
    "fake-active-listening": 0.80,
    "bulk-rating": 0.55,
    "paraphrased-invitations": 0.65,
    "other-language": 0.85,
    "unicode-lookalikes": 0.85,
    "tiny-turns-right": 0.85,
    "question-marks-everywhere": 0.55,
    "rhetorical-questions": 0.80,
    "fact-topic-checklist": 0.65,
    "fake-summary": 0.75,
    "claimed-curiosity": 0.90,
    "remove-follow-ups": 0.60,
    "pitch-first": 0.90,
    "yes-no-questions": 0.90,
    "drop-questions": 0.95,
}


@cache
def outcomes() -> dict[str, list[Outcome]]:
    """Every case evaluated once, by kind."""
    found: dict[str, list[Outcome]] = defaultdict(list)
    for case in CASES:
        found[case.kind.name].append(evaluate(case))
    return dict(found)


def test_the_suite_has_cases_of_both_families_in_both_languages() -> None:
    """Every kind has at least one case in English and in Swedish."""
    seen = {(c.kind.family, c.kind.name, c.language) for c in CASES}
    kinds = {(c.kind.family, c.kind.name) for c in CASES}
    missing = [(f, k, lang) for f, k in kinds for lang in ("en", "sv") if (f, k, lang) not in seen]
    assert not missing
    assert {family for family, _ in kinds} == {"raise-nothing", "lower"}
    assert {name for _, name in kinds} == set(FLOORS)


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_each_kind_holds_on_most_rounds(kind: str) -> None:
    """The share of rounds on which the transformation moves the scores as its family requires
    stays at or above the kind's floor."""
    results = outcomes()[kind]
    held = sum(o.passed for o in results)
    failing = "\n".join(o.explain() for o in results if not o.passed)
    assert held / len(results) >= FLOORS[kind], f"{held}/{len(results)} held:\n{failing}"
