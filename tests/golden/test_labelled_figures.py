"""The scorer's agreement with the exactly labelled sets it may be tuned on (tests/golden/dev
and tests/golden/blind), through scripts/evaluate.py: guards that catch a change that makes the
numbers worse. The frozen test split (tests/golden/frozen) is never read here; its figures are
only ever printed in aggregate, by hand, to report."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.labelled_sets import load_set

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "evaluate.py"
# Floors a few points under today's figures (dev, blind).
FLOORS = {
    "dev": {"curiosity": 0.70, "self_insight": 0.85, "applied": 0.85, "gaming": 0.60},
    "blind": {"curiosity": 0.90, "self_insight": 0.85, "applied": 0.80},
}


@cache
def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_figures", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def figures(name: str) -> dict[str, Any]:
    """Every figure of one labelled set under today's scorer."""
    script = _script()
    labelled = load_set(ROOT / "tests" / "golden" / name)
    assert not labelled.frozen
    result: dict[str, Any] = script.evaluate(labelled, script.local_scorer())
    assert not result["errors"]
    return result


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_curiosity_ranks_rounds_like_the_labels(name: str) -> None:
    curiosity = figures(name)["curiosity"]
    rho = curiosity["total_all"] if not curiosity["proxy"] else curiosity["mean_level_all"]
    assert rho >= FLOORS[name]["curiosity"]
    assert rho > curiosity["baseline_qmarks_all"]  # better than counting question marks


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_self_insight_ranks_reviews_like_the_labels(name: str) -> None:
    insight = figures(name)["self_insight"]
    assert insight["spearman"] >= FLOORS[name]["self_insight"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_coaching_applied_matches_the_labels(name: str) -> None:
    applied = figures(name)["applied"]
    assert applied["accuracy"] >= FLOORS[name]["applied"]


def test_gaming_attempts_gain_nothing() -> None:
    gaming = figures("dev")["gaming"]
    assert gaming["total_not_higher"] >= 0.9  # hardly an attempt lifts the curiosity score
    assert gaming["gains_nothing"] >= FLOORS["dev"]["gaming"]  # nor, mostly, any criterion
