"""Score every session file under tests/golden (the frozen split left out) with the scorer of a git
ref and with this working tree, and diff the report JSON: what a change to the scorer, the
catalog or the language data does to the report of the same session.

With --metamorphic the transformed rounds of the metamorphic suite are scored too (each as a
one-round session), which reaches many more turns than the labelled sessions alone.

Usage:
  .venv/bin/python scripts/report_diff.py --git-ref main
  .venv/bin/python scripts/report_diff.py --git-ref main --metamorphic --show 5
  .venv/bin/python scripts/report_diff.py --git-ref main --ignore scorer_version

Exit status 0 when every report is identical (apart from --ignore'd keys), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.evaluate import local_scorer, ref_scorer  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
FROZEN = GOLDEN / "frozen"


def session_files() -> list[Path]:
    """Every session JSON under tests/golden, never one under the frozen split."""
    return sorted(
        path for path in GOLDEN.rglob("*.json") if not path.resolve().is_relative_to(FROZEN)
    )


def metamorphic_sessions() -> dict[str, dict[str, Any]]:
    """The metamorphic suite's transformed rounds, each as a one-round session file."""
    from tests.metamorphic.cases import build_cases, suite_sets

    found: dict[str, dict[str, Any]] = {}
    for case in build_cases(suite_sets()):
        session: dict[str, Any] = {"scenario": case.scenario, "rounds": []}
        if case.rubric:
            session["rubric"] = case.rubric
        session["rounds"] = [{"turns": case.transformed()}]
        found[f"metamorphic/{case.id}"] = session
    return found


def differences(before: Any, after: Any, path: str = "") -> Iterator[str]:
    """Paths where two JSON values differ, with both values."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            if key not in after:
                yield f"{path}.{key}: removed ({json.dumps(before[key])[:80]})"
            elif key not in before:
                yield f"{path}.{key}: added ({json.dumps(after[key])[:80]})"
            else:
                yield from differences(before[key], after[key], f"{path}.{key}")
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            yield from differences(b, a, f"{path}[{i}]")
    elif before != after:
        yield (
            f"{path}: {json.dumps(before, ensure_ascii=False)[:120]} -> "
            + json.dumps(after, ensure_ascii=False)[:120]
        )


def _drop(report: Any, keys: set[str]) -> Any:
    if isinstance(report, dict):
        return {k: _drop(v, keys) for k, v in report.items() if k not in keys}
    if isinstance(report, list):
        return [_drop(v, keys) for v in report]
    return report


def main() -> int:
    """Score before and after, print the sessions whose reports differ and a count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-ref", required=True, help="the scorer before (a commit, a branch)")
    parser.add_argument("--metamorphic", action="store_true", help="also the metamorphic rounds")
    parser.add_argument("--ignore", action="append", default=[], help="a report key to leave out")
    parser.add_argument("--show", type=int, default=3, help="differences listed per session")
    args = parser.parse_args()
    sessions = {
        str(path.relative_to(ROOT)): json.loads(path.read_text(encoding="utf-8"))
        for path in session_files()
    }
    if args.metamorphic:
        sessions.update(metamorphic_sessions())
    names = list(sessions)
    with ref_scorer(args.git_ref, args.git_ref) as before_scorer:
        before = before_scorer.score([sessions[n] for n in names])
    after = local_scorer().score([sessions[n] for n in names])
    ignored = set(args.ignore)
    changed = 0
    kinds: Counter[str] = Counter()
    for name, old, new in zip(names, before, after, strict=True):
        found = list(differences(_drop(old, ignored), _drop(new, ignored)))
        if not found:
            continue
        changed += 1
        for line in found:
            kinds[line.split(":")[0].split("[")[0]] += 1
        print(f"{name}: {len(found)} difference{'s' * (len(found) != 1)}")
        for line in found[: args.show]:
            print(f"  {line}")
    print()
    if kinds:
        print("differences by field:")
        for field, count in kinds.most_common(20):
            print(f"  {count:5d}  {field}")
    print(f"{len(names) - changed} of {len(names)} reports identical; {changed} differ.")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
