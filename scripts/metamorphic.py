"""Run the metamorphic suite (tests/metamorphic) and print one table: per transformation kind and
language, how many (round, transformation) cases, how many passed, and the worst case.

"Worst" for the raise-nothing family is the largest rise (of the total, and of any criterion's raw
level); for the lower family it is the smallest fall (a positive number means it rose).

Usage:
  .venv/bin/python scripts/metamorphic.py                 # the repository's labelled sets
  .venv/bin/python scripts/metamorphic.py --set DIR ...   # and more set directories
  .venv/bin/python scripts/metamorphic.py --failures      # also list every failing case
  .venv/bin/python scripts/metamorphic.py --json          # machine-readable
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.metamorphic.cases import Outcome, build_cases, evaluate, suite_sets  # noqa: E402
from tests.metamorphic.transforms import KINDS  # noqa: E402


def summarise(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """One row per (family, kind, language), in the catalogue's order."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[(outcome.case.kind.name, outcome.case.language)].append(outcome)
    rows = []
    for kind in KINDS:
        for language in ("en", "sv"):
            group = groups.get((kind.name, language), [])
            if not group:
                continue
            worst_total = max(o.total_gain for o in group)
            # A lower-family case on a rubric without the kind's criterion checks the total only.
            ranked = [o for o in group if o.worst()[0] != "-"] or group
            worst_raw = max(ranked, key=lambda o: o.worst()[1])
            criterion, gain = worst_raw.worst()
            rows.append(
                {
                    "family": kind.family,
                    "kind": kind.name,
                    "language": language,
                    "cases": len(group),
                    "passed": sum(o.passed for o in group),
                    "worst_total_gain": worst_total,
                    "worst_raw_gain": gain,
                    "worst_raw_criterion": criterion,
                    "worst_raw_case": worst_raw.case.id,
                }
            )
    return rows


def print_table(rows: list[dict[str, Any]], outcomes: list[Outcome]) -> None:
    """The table, one block per family, and the totals."""
    header = (
        f"{'family':<14} {'kind':<26} {'lang':<4} {'cases':>5} {'passed':>6} "
        f"{'worst Δtotal':>12} {'worst Δraw':>10}  criterion"
    )
    print(header)
    print("-" * len(header))
    family = None
    for row in rows:
        if family is not None and row["family"] != family:
            print()
        family = row["family"]
        print(
            f"{row['family']:<14} {row['kind']:<26} {row['language']:<4} {row['cases']:>5} "
            f"{row['passed']:>6} {row['worst_total_gain']:>+12d} {row['worst_raw_gain']:>+10.2f}"
            f"  {row['worst_raw_criterion']}"
        )
    print()
    for name in ("raise-nothing", "lower"):
        group = [o for o in outcomes if o.case.kind.family == name]
        rounds = {(o.case.set, o.case.session, o.case.round) for o in group}
        kinds = {o.case.kind.name for o in group}
        passed = sum(o.passed for o in group)
        share = f"{100 * passed / len(group):.1f}%" if group else "-"
        print(
            f"{name}: {len(group)} cases ({len(kinds)} kinds x {len(rounds)} rounds), "
            f"{passed} passed ({share})"
        )


def main(argv: list[str] | None = None) -> int:
    """Build the cases, score them, print the table; exit 0 (the table is the result)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], type=Path, dest="sets")
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    sets = suite_sets(args.sets)
    outcomes = [evaluate(case) for case in build_cases(sets)]
    rows = summarise(outcomes)
    if args.json:
        failures = [o.explain() for o in outcomes if not o.passed] if args.failures else []
        names = [s.name for s in sets]
        print(json.dumps({"sets": names, "rows": rows, "failures": failures}, indent=2))
        return 0
    print("sets: " + ", ".join(f"{s.name} ({len(s.sessions)} sessions)" for s in sets))
    print()
    print_table(rows, outcomes)
    if args.failures:
        print()
        for outcome in outcomes:
            if not outcome.passed:
                print(outcome.explain())
    return 0


if __name__ == "__main__":
    sys.exit(main())
