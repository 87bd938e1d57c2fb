"""Print how the scorer agrees with the golden set's expert labels.

Usage: .venv/bin/python scripts/evaluate_scorer.py [--holdout] [--worst N]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.catalog.loader import load_catalog
from tests.golden.evaluation import (
    GOLDEN,
    QUESTION_TYPES,
    Agreement,
    Confusion,
    Golden,
    compare_sessions,
    load_golden,
    scored_view,
    session_language,
    utterance_confusion,
)


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        print(f"cannot import {module} ({error}): its figures are left out")
        return None


def print_confusion(title: str, confusion: Confusion) -> None:
    """Question accuracy, the confusion matrix (rows: label, columns: scorer) and pitch figures."""
    names = [q or "none" for q in QUESTION_TYPES]
    print(f"\n{title}: {len(confusion)} items")
    print(f"  question accuracy {confusion.question_accuracy:6.1%}")
    print("  label \\ scorer " + "".join(f"{n:>9}" for n in names))
    for expected in QUESTION_TYPES:
        row = "".join(f"{confusion.matrix[expected, got]:>9}" for got in QUESTION_TYPES)
        print(f"  {expected or 'none':<15}{row}")
    print(
        f"  pitch accuracy {confusion.pitch_accuracy:6.1%}   precision "
        f"{confusion.pitch_precision:6.1%}   recall {confusion.pitch_recall:6.1%}"
    )


def print_sessions(agreement: Agreement, worst: int) -> None:
    """Criterion, self-assessment, application and ordering agreement with the worst misses."""
    for language, turns in sorted(agreement.turns.items()):
        print_confusion(f"Session turns [{language}]", turns)
    print("\nCriterion levels       exact            within ±1")
    for language in sorted(agreement.criterion_exact):
        exact, near = agreement.criterion_exact[language], agreement.criterion_near[language]
        print(f"  {language:<20} {exact}   {near}")
    print("  by criterion, within ±1:")
    for criterion, share in sorted(agreement.per_criterion.items(), key=lambda kv: kv[1].ratio):
        print(f"    {criterion:<36}{share}")
    print(f"Self-assessment        {agreement.self_exact}   {agreement.self_near}")
    print(f"Applied bucket         {agreement.applied}")
    print(f"Orderings (pairs)      {agreement.orderings}")
    for family, rho in sorted(agreement.spearman.items()):
        print(f"Spearman totals vs labelled levels [{family}]: {rho:+.2f}")
    _misses("Criterion levels off by 2 or more", [m for _, m in agreement.far_off], worst)
    _misses("Orderings broken", agreement.orderings.misses, worst)
    _misses("Self-assessment outside ±1", agreement.self_near.misses, worst)
    _misses("Self-assessment outside the range", agreement.self_exact.misses, worst)
    _misses("Applied bucket", agreement.applied.misses, worst)
    for language, turns in sorted(agreement.turns.items()):
        _misses(f"Session turns [{language}]", turns.misses, worst)


def _misses(title: str, misses: list[str], worst: int) -> None:
    if not misses:
        return
    print(f"\n{title} ({len(misses)}):")
    for miss in misses[:worst]:
        print(f"  - {miss}")
    if len(misses) > worst:
        print(f"  ... and {len(misses) - worst} more")


def main() -> None:
    """Score the golden set and print the agreement table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=15, help="misses to list per section")
    parser.add_argument(
        "--holdout", action="store_true", help="evaluate tests/golden/holdout instead"
    )
    args = parser.parse_args()
    golden: Golden = load_golden(GOLDEN / "holdout" if args.holdout else GOLDEN)
    catalog = load_catalog()

    annotate = _optional("app.scoring.annotate")
    if annotate is not None:
        by_language = utterance_confusion(
            golden.utterances, annotate.classify_question, annotate.is_pitch
        )
        for language, confusion in sorted(by_language.items()):
            print_confusion(f"Utterances [{language}]", confusion)
        for language, confusion in sorted(by_language.items()):
            _misses(f"Utterances [{language}]", confusion.misses, args.worst)

    report = _optional("app.report")
    if report is None:
        return
    scored = {
        name: scored_view(
            report.score_session(session, catalog), session_language(session, catalog)
        )
        for name, session in golden.sessions.items()
    }
    print(f"\n=== {len(scored)} session files ===")
    print_sessions(compare_sessions(golden, scored), args.worst)


if __name__ == "__main__":
    main()
