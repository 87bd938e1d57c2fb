"""scripts/evaluate.py on a small labelled set in the brief's format, built from blind sessions."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.labelled_sets import load_set, round_strength
from tests.metamorphic.transforms import Context, pronoun_follow_ups, scorer_instructions

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "golden" / "blind"
SCRIPT = ROOT / "scripts" / "evaluate.py"
PICKED = {
    # id: (curiosity per round, self-assessment label, applied)
    "en08-brad-show-up-and-throw-up": ([1, 2], 1, 0.5),
    "en05-sam-natural-conversationalist": ([5, 5], 5, 1.0),
    "sv12-mikael-pitcher": ([1, 2], 1, 0.0),
    "sv13-sara-natural-beratta": ([4, 5], 4, 1.0),
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def _write_set(root: Path) -> Path:
    """A set in /work/labelled/BRIEF.md's format: four sessions, variants, two gaming files."""
    (root / "sessions").mkdir(parents=True)
    (root / "gaming").mkdir()
    blind = yaml.safe_load((BLIND / "labels.yaml").read_text(encoding="utf-8"))["sessions"]
    sessions: dict[str, Any] = {}
    for sid, (curiosity, own, applied) in PICKED.items():
        text = (BLIND / "sessions" / f"{sid}.json").read_text(encoding="utf-8")
        (root / "sessions" / f"{sid}.json").write_text(text, encoding="utf-8")
        rounds = [
            {"curiosity": c, "criteria": r["criteria"]}
            for c, r in zip(curiosity, blind[sid]["rounds"], strict=True)
        ]
        sessions[sid] = {
            "scenario": json.loads(text)["scenario"],
            "language": blind[sid]["language"],
            "description": "from the blind set",
            "rounds": rounds,
            "self_assessment": own,
            "applied": applied,
            "self_assessment_variants": [
                {"text": "Excellent, I think it went great.", "score": 1},
                {
                    "text": "I talked too much at the start and never asked about her goals.",
                    "score": 4,
                },
            ],
        }
    labels = {"sessions": sessions, "round1_ranking_best_to_worst": list(PICKED)[::-1]}
    (root / "labels.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), encoding="utf-8")
    base = json.loads((root / "sessions" / "en08-brad-show-up-and-throw-up.json").read_text())
    turns = base["rounds"][0]["turns"]
    attempts = {}
    for name, transform in (("g1", pronoun_follow_ups), ("g2", scorer_instructions)):
        one = {"scenario": base["scenario"], "rounds": [{"turns": transform(turns, Context())}]}
        (root / "gaming" / f"{name}.json").write_text(json.dumps(one), encoding="utf-8")
        attempts[name] = {"base": "en08-brad-show-up-and-throw-up", "trick": transform.__name__}
    (root / "gaming" / "labels.yaml").write_text(yaml.safe_dump({"attempts": attempts}))
    return root


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_brief_format_is_read(tmp_path: Path) -> None:
    """Curiosity, criteria, variants, the ranking and the gaming attempts come through."""
    labelled = load_set(_write_set(tmp_path / "mini"))
    assert labelled.format == "brief"
    assert len(labelled.sessions) == 4 and len(labelled.gaming) == 2
    brad = labelled.session("en08-brad-show-up-and-throw-up")
    assert brad.rounds[0].curiosity == 1 and len(brad.variants) == 2
    assert round_strength(brad, 0) == "weak"
    assert round_strength(labelled.session("en05-sam-natural-conversationalist"), 0) == "strong"
    assert load_set(BLIND).format == "blind"


def test_json_figures(tmp_path: Path) -> None:
    """Every figure family is there, counted over the right items."""
    out = json.loads(_run("--json", _write_set(tmp_path / "mini")).stdout)
    figures = out["sets"][0]["figures"]["scorer"]
    assert figures["curiosity"]["n_rounds"] == 8 and figures["curiosity"]["n_round1"] == 4
    assert not figures["curiosity"]["proxy"]
    assert figures["self_insight"]["n"] == 4 + 8 and figures["self_insight"]["n_variants"] == 8
    assert figures["applied"]["n"] == 4
    assert sum(map(sum, figures["applied"]["confusion"])) == 4
    assert figures["criteria"]["opening"]["n"] == 8
    assert sum(figures["criteria"]["opening"]["label_levels"]) == 8
    assert figures["gaming"]["n"] == 2
    assert {r["attempt"] for r in figures["gaming"]["rows"]} == {"g1", "g2"}
    assert figures["errors"] == []


def test_summary_only_and_frozen_sets_print_no_items(tmp_path: Path) -> None:
    """--summary-only, and any set named test-*, print aggregate figures and no session ids."""
    mini = _write_set(tmp_path / "mini")
    frozen = _write_set(tmp_path / "test-mini")
    full = _run(mini).stdout
    assert "en08-brad-show-up-and-throw-up" in full
    for text in (_run("--summary-only", mini).stdout, _run(frozen).stdout):
        assert "Spearman" in text and "share that gains nothing" in text
        assert not any(sid in text for sid in PICKED)
        assert "g1" not in text
    summary = json.loads(_run("--json", frozen).stdout)
    assert "rows" not in _keys(summary)


def test_git_ref_prints_before_and_after(tmp_path: Path) -> None:
    """--git-ref scores with the tree at the ref (git archive) beside this tree's scorer."""
    if subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True
    ).returncode:
        pytest.skip("not a git checkout")
    mini = _write_set(tmp_path / "mini")
    out = json.loads(_run("--json", "--git-ref", "HEAD", mini).stdout)
    figures = out["sets"][0]["figures"]
    assert set(figures) == {"before", "after"}
    assert figures["before"]["curiosity"]["n_rounds"] == 8
    assert figures["before"]["errors"] == []
    assert "before" in _run("--summary-only", "--git-ref", "HEAD", mini).stdout


def test_applied_buckets() -> None:
    """The scorer's applied fraction falls into 0 / 0.5 / 1 at 0.25 and 0.75."""
    script = _script()
    assert [script.bucket(x) for x in (0.0, 0.24, 0.25, 0.74, 0.75, 1.0)] == [
        0.0,
        0.0,
        0.5,
        0.5,
        1.0,
        1.0,
    ]
    assert script.distribution([1, 1.5, 5, 4.5]) == [1, 1, 0, 0, 2]
