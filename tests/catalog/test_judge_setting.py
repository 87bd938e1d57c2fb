"""The rubric's `judge:` field: the LLM judge is off unless a rubric allows it, and what it
allows is checked like every other field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.catalog.loader import load_catalog
from tests.catalog.test_loader import RUBRIC, catalog_dir, load_errors

__all__ = ["catalog_dir"]  # the loader tests' fixture, used here too


@pytest.fixture
def rubric_dir(catalog_dir: Path) -> Path:
    """A catalog folder with the Roberge scenario and its rubric."""
    return catalog_dir


def set_judge(root: Path, value: object) -> Path:
    """Write `judge: value` into the rubric."""
    path = root / "rubrics" / f"{RUBRIC}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["judge"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_rubrics_leave_the_judge_off() -> None:
    assert not any(r.judge.enabled for r in load_catalog().rubrics.values())


def test_a_rubric_allows_the_judge_in_full_or_on_some_criteria(rubric_dir: Path) -> None:
    set_judge(rubric_dir, True)
    rubric = load_catalog(rubric_dir).rubric(RUBRIC)
    assert rubric.judge.enabled and rubric.judged_criteria() == rubric.criteria
    set_judge(rubric_dir, {"enabled": True, "criteria": ["listening", "opening"]})
    rubric = load_catalog(rubric_dir).rubric(RUBRIC)
    assert [c.id for c in rubric.judged_criteria()] == ["opening", "listening"]


def rubric_error(root: Path) -> tuple[Path, str, str]:
    """(path, field, message) of the rubric's error (the scenario then misses its rubric too)."""
    (error,) = [e for e in load_errors(root) if e.path.parent.name == "rubrics"]
    return error.path, error.field, error.message


def test_an_unknown_criterion_for_the_judge_is_an_error(rubric_dir: Path) -> None:
    path = set_judge(rubric_dir, {"enabled": True, "criteria": ["listenning"]})
    found, _, message = rubric_error(rubric_dir)
    assert found == path
    assert "judge.criteria: unknown criteria ['listenning']" in message


def test_a_misspelt_judge_field_is_an_error(rubric_dir: Path) -> None:
    set_judge(rubric_dir, {"enable": True})
    assert rubric_error(rubric_dir)[1:] == (
        "judge.enable",
        "unknown field; did you mean 'enabled'?",
    )
    set_judge(rubric_dir, {"enabled": True, "criteria": []})
    assert rubric_error(rubric_dir)[1] == "judge.criteria"
