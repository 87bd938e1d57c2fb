"""Print the median time to score a 40-turn round cold (no cached turn readings).

Usage: .venv/bin/python scripts/time_scorer.py [--repeats N] [--profile]
The rounds are stitched from the golden session files, English and Swedish.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.catalog.loader import load_catalog
from app.language.questions import read_questions
from app.language.text import stem
from app.roleplay.transcript import Turn
from app.scoring.score import score_round
from tests.golden.evaluation import GOLDEN, load_golden

ROUND_TURNS = 40


def rounds_by_language() -> dict[str, list[Turn]]:
    """One 40-turn round per scenario language, from the golden sessions' turns in order."""
    catalog = load_catalog()
    golden = load_golden(GOLDEN)
    texts: dict[str, list[Turn]] = {"en": [], "sv": []}
    for session in golden.sessions.values():
        scenario = catalog.scenarios.get(session.scenario)
        if scenario is None or scenario.id not in (
            "roberge-inbound-whitepaper",
            "roberge-inbound-whitepaper-sv",
        ):
            continue
        turns = texts[scenario.language]
        for played in session.rounds:
            for turn in played.as_turns():
                if len(turns) < ROUND_TURNS:
                    turns.append(Turn(len(turns), turn.speaker, turn.text))
    return texts


def cold_ms(turns: list[Turn], language: str, repeats: int) -> float:
    """Median ms of score_round with the turn-reading and stem caches emptied before each run."""
    catalog = load_catalog()
    scenario_id = "roberge-inbound-whitepaper" + ("-sv" if language == "sv" else "")
    scenario = catalog.scenario(scenario_id)
    rubric = catalog.rubric(scenario.rubric)
    score_round(rubric, turns, scenario)  # import-time and scenario set-up out of the way
    times = []
    for _ in range(repeats):
        read_questions.cache_clear()
        stem.cache_clear()
        started = time.perf_counter()
        score_round(rubric, turns, scenario)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def main() -> None:
    """Time cold scoring per language; with --profile, show where the time goes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="profile with pyinstrument")
    args = parser.parse_args()
    rounds = rounds_by_language()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            for language, turns in rounds.items():
                cold_ms(turns, language, args.repeats)
        print(profiler.output_text(color=False, show_all=False))
    for language, turns in rounds.items():
        print(
            f"score_round, {len(turns)} turns [{language}], cold: "
            f"{cold_ms(turns, language, args.repeats):.2f} ms median"
        )


if __name__ == "__main__":
    main()
