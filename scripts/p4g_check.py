"""How the turn reader's "asks about the other person" and "pitches" hold on text nobody here
wrote: the PersuasionForGood persuader sentences, labelled by outside researchers
(../shared/data/p4g, Apache-2.0; see its README).

Each sentence is read as a one-sentence candidate turn. "Asks" is a real question put to the
other person that is not a pitch with a question mark; "pitches" is the pitch flag. The outside
labels: inquiries (personal, task, source, have-you-heard) against persuasion strategies (facts,
appeals, stories, procedures, examples).

Usage: .venv/bin/python scripts/p4g_check.py [path/to/persuader-sentences.csv]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.roleplay.transcript import Turn  # noqa: E402
from app.scoring.annotate import annotate_round  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "p4g" / "persuader-sentences.csv"
INQUIRY = {
    "personal-related-inquiry",
    "task-related-inquiry",
    "source-related-inquiry",
    "have-you-heard-of-the-org",
}
PITCHING = {
    "provide-org-facts",
    "logical-appeal",
    "emotion-appeal",
    "credibility-appeal",
    "personal-story",
    "self-modeling",
    "provide-donation-procedure",
    "example-donation",
}


def read(sentence: str, history: str) -> tuple[bool, bool, bool]:
    """(asks about the other person, asks openly, pitches) for one persuader sentence after
    its history."""
    turns = [Turn(0, "prospect", history or "Hello."), Turn(1, "candidate", sentence)]
    note = annotate_round(turns, None, "en")[1]
    asks = note.question is not None and not note.pitch
    return asks, asks and note.question == "open" and not note.prompt, note.pitch


def main() -> None:
    """Print precision and recall of both readings against the outside labels."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    counts: Counter[str] = Counter()
    for row in rows:
        label = row["label"]
        group = "inquiry" if label in INQUIRY else "pitching" if label in PITCHING else "other"
        asks, openly, pitches = read(row["sentence"], row.get("history", ""))
        counts[group] += 1
        counts[f"{group}:asks"] += asks
        counts[f"{group}:openly"] += openly
        counts[f"{group}:pitches"] += pitches
    for reading, wanted in (("asks", "inquiry"), ("openly", "inquiry"), ("pitches", "pitching")):
        found = sum(counts[f"{g}:{reading}"] for g in ("inquiry", "pitching", "other"))
        hits = counts[f"{wanted}:{reading}"]
        precision = hits / found if found else 0.0
        recall = hits / counts[wanted] if counts[wanted] else 0.0
        print(
            f"{reading:8s} vs {wanted:9s}: precision {precision:.0%} ({hits}/{found}), "
            f"recall {recall:.0%} ({hits}/{counts[wanted]})"
        )
    print(
        f"pitching sentences read as asking: {counts['pitching:asks']}/{counts['pitching']}; "
        f"inquiries read as pitches: {counts['inquiry:pitches']}/{counts['inquiry']}"
    )


if __name__ == "__main__":
    main()
