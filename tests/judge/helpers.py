"""Judge inputs built from the golden sessions, and answers written as a model would."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from app.catalog.loader import Catalog
from app.judge.build import round_input, self_assessment_input
from app.judge.models import Call, JudgeInput, Part, RuleReading
from app.report import SELF_ASSESSMENT_RUBRIC, SessionReport, score_session
from app.session_file import SessionFile

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "sessions"


def golden_report(catalog: Catalog, name: str) -> tuple[SessionFile, SessionReport]:
    """A golden session file and its scored report."""
    session = SessionFile.model_validate_json((GOLDEN / f"{name}.json").read_text("utf-8"))
    return session, score_session(session, catalog)


def golden_round(
    catalog: Catalog, name: str, number: int = 1
) -> tuple[JudgeInput, RuleReading, SessionReport]:
    """The judge's input and rule reading for one round of a golden session."""
    session, report = golden_report(catalog, name)
    found = report.rounds[number - 1]
    scenario = catalog.scenarios.get(session.scenario)
    part: Part = "round1" if number == 1 else "round2"
    judge_input, reading = round_input(part, report.rubric, found.turns, found.score, scenario)
    return judge_input, reading, report


def golden_review(catalog: Catalog, name: str) -> tuple[JudgeInput, RuleReading, SessionReport]:
    """The judge's input and rule reading for a golden session's self-assessment."""
    session, report = golden_report(catalog, name)
    first = report.rounds[0]
    assert session.self_assessment and report.self_assessment
    judge_input, reading = self_assessment_input(
        catalog.rubric(SELF_ASSESSMENT_RUBRIC),
        first.turns,
        first.score,
        catalog.scenarios.get(session.scenario),
        session.self_assessment,
        report.self_assessment,
    )
    return judge_input, reading, report


def answer(
    judge_input: JudgeInput,
    levels: Mapping[str, int],
    quotes: Mapping[str, Iterable[tuple[int, str]]] | None = None,
) -> Call:
    """A well-formed answer: each criterion at its level, quoting (line, text) pairs; by default
    the first five words of the first line the salesperson spoke."""
    first = next(line for line in judge_input.lines if line.speaker != "prospect")
    default = [(first.number, " ".join(first.text.split()[:5]))]
    items: list[dict[str, Any]] = []
    for criterion in judge_input.criteria:
        pairs = list((quotes or {}).get(criterion.id, default))
        items.append(
            {
                "criterion": criterion.id,
                "level": levels.get(criterion.id, 3),
                "quotes": [{"line": n, "text": t} for n, t in pairs],
                "reason": f"Reason for {criterion.id}.",
            }
        )
    return Call(text=json.dumps({"criteria": items}), prompt_tokens=100, completion_tokens=50)


def judged_catalog(root: Path) -> Path:
    """A copy of the shipped scenarios and rubrics under `root`, with the judge allowed on the
    Roberge rubrics and the self-assessment (set COACHABLE_CATALOG_DIR to it)."""
    import shutil

    repo = Path(__file__).resolve().parents[2]
    shutil.copytree(repo / "scenarios", root / "scenarios")
    shutil.copytree(repo / "rubrics", root / "rubrics")
    for name in ("roberge-curiosity", "roberge-curiosity-sv", "self-assessment"):
        path = root / "rubrics" / f"{name}.yaml"
        path.write_text(path.read_text("utf-8") + "judge:\n  enabled: true\n", "utf-8")
    return root
