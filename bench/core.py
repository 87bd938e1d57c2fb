"""In-process timings of the pure code: scripted replies, scoring a round, scoring a session."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from app.catalog.loader import Catalog, load_catalog
from app.roleplay.scripted import reply
from app.roleplay.transcript import Turn
from app.scoring.score import score_round
from app.session_file import SessionFile
from bench.clients import LINES, SCENARIO

ROUND_TURNS = 40


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    """The median wall time of `repeats` calls (after one warm-up call)."""
    run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scripted_round(catalog: Catalog, length: int = ROUND_TURNS) -> tuple[list[Turn], list[float]]:
    """A round of `length` turns played against the scripted engine, and each reply's time."""
    scenario = catalog.scenario(SCENARIO)
    turns = [Turn(0, "prospect", scenario.opening[0])]
    times = []
    line = 0
    while len(turns) < length:
        turns.append(Turn(len(turns), "candidate", LINES[line % len(LINES)]))
        line += 1
        started = time.perf_counter()
        answer = reply(scenario, turns)
        times.append(time.perf_counter() - started)
        turns.append(Turn(len(turns), "prospect", answer.text))
    return turns[:length], times


def core_figures(repeats: int) -> dict[str, Any]:
    """Median ms to score a 40-turn round and to produce one scripted reply."""
    catalog = load_catalog()
    scenario = catalog.scenario(SCENARIO)
    rubric = catalog.rubric(scenario.rubric)
    turns, _ = scripted_round(catalog)
    reply_times = [t for _ in range(max(1, repeats // 10)) for t in scripted_round(catalog)[1]]
    return {
        "score_round_40_turns_ms": round(
            1000 * median_seconds(lambda: score_round(rubric, turns, scenario), repeats), 3
        ),
        "scripted_reply_ms": round(1000 * statistics.median(reply_times), 3),
        "scripted_reply_p95_ms": round(1000 * sorted(reply_times)[int(len(reply_times) * 0.95)], 3),
        "scripted_replies_timed": len(reply_times),
    }


def score_session_ms(session_json: dict[str, Any], repeats: int) -> float:
    """Median ms of app.report.score_session on one exported session file."""
    from app.report import score_session

    catalog = load_catalog()
    session = SessionFile.model_validate(session_json)
    return round(1000 * median_seconds(lambda: score_session(session, catalog), repeats), 3)
