"""Print how the scorer agrees with tests/golden/blind/, a set labelled by an interviewer who
never saw the scorer (its first measurement, before any tuning, is in its README).

Usage: .venv/bin/python scripts/evaluate_blind.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.catalog.loader import load_catalog  # noqa: E402
from app.report import report_as_json, score_session  # noqa: E402
from app.scoring.annotate import classify_question, is_pitch  # noqa: E402
from app.session_file import SessionFile  # noqa: E402

BLIND = ROOT / "tests" / "golden" / "blind"


def bucket(applied: float) -> str:
    """low < 0.34 <= mid < 0.67 <= high."""
    return "low" if applied < 0.34 else "mid" if applied < 0.67 else "high"


def ranks(values: list[float]) -> list[float]:
    """Average ranks, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            result[order[k]] = (start + end) / 2
        start = end + 1
    return result


def spearman(a: list[float], b: list[float]) -> float:
    """Rank correlation of two equally long lists."""
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    var = sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)
    return cov / var**0.5


def utterances() -> None:
    """Question-type accuracy and pitch precision/recall on single utterances."""
    items = yaml.safe_load((BLIND / "utterances.yaml").read_text())["utterances"]
    for language in ("en", "sv"):
        mine = [u for u in items if u["language"] == language]
        hits = 0
        misses: Counter[tuple[str, str]] = Counter()
        found = relevant = true_pos = 0
        for u in mine:
            label = classify_question(u["text"], language, ("HubSpot",))[0]
            hits += label == u["question"]
            if label != u["question"]:
                misses[(str(u["question"]), str(label))] += 1
            pitch = is_pitch(u["text"], language, ("HubSpot",))
            found += pitch
            relevant += u["pitch"]
            true_pos += pitch and u["pitch"]
        print(
            f"utterances [{language}]: question {hits}/{len(mine)}; pitch precision "
            f"{true_pos}/{found}, recall {true_pos}/{relevant}; misses {dict(misses)}"
        )


def sessions() -> None:
    """Turn labels, criterion levels, self-assessment, applied and the ranking of round 1."""
    labels: dict[str, Any] = yaml.safe_load((BLIND / "labels.yaml").read_text())
    catalog = load_catalog()
    turns = turn_q = turn_p = crit = exact = near = sa = sa_near = ap = ap_same = 0
    errors = 0.0
    totals: dict[str, int] = {}
    for sid, label in labels["sessions"].items():
        session = SessionFile.model_validate_json((BLIND / "sessions" / f"{sid}.json").read_text())
        report = report_as_json(score_session(session, catalog))
        for number, expected in enumerate(label["rounds"]):
            got = report["rounds"][number]
            by_index = {t["index"]: t for t in got["turns"]}
            for turn in expected["turns"]:
                scored = by_index[turn["index"]]
                turns += 1
                turn_q += scored.get("question") == turn["question"]
                turn_p += bool(scored.get("pitch")) == turn["pitch"]
            for criterion, level in expected.get("criteria", {}).items():
                score = got["criteria"][criterion]["score"]
                crit, exact, near = (
                    crit + 1,
                    exact + (score == level),
                    near + (abs(score - level) <= 1),
                )
                errors += abs(score - level)
            if number == 0:
                totals[sid] = got["total"]
        wanted = label.get("self_assessment_score")
        if wanted is not None and report["self_assessment"]["score"] is not None:
            sa += 1
            sa_near += abs(report["self_assessment"]["score"] - wanted) <= 1
        application = report.get("application") or {}
        if label.get("applied") is not None and application.get("applied") is not None:
            ap += 1
            ap_same += bucket(application["applied"]) == bucket(label["applied"])
    print(f"session turns: question {turn_q}/{turns}, pitch {turn_p}/{turns}")
    print(
        f"criteria: exact {exact}/{crit}, within ±1 {near}/{crit}, mean error {errors / crit:.2f}"
    )
    print(f"self-assessment within ±1: {sa_near}/{sa}; applied bucket: {ap_same}/{ap}")
    order = [sid for sid in labels["round1_ranking_best_to_worst"] if sid in totals]
    rho = spearman([-float(i) for i in range(len(order))], [float(totals[s]) for s in order])
    print(f"Spearman, round-1 totals vs the interviewer's ranking: {rho:+.2f}")


if __name__ == "__main__":
    utterances()
    sessions()
