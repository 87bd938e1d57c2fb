"""Compare the scorer with the golden labels (used by test_golden.py and evaluate_scorer.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from app import stats
from app.session_file import SessionFile

GOLDEN = Path(__file__).parent
QUESTION_TYPES = ("open", "closed", "leading", None)
BUCKETS = ("low", "mid", "high")


@dataclass(frozen=True)
class Golden:
    """The labelled data: session files, their labels and the single utterances."""

    sessions: dict[str, SessionFile]
    labels: dict[str, Any]
    orderings: list[list[str]]
    utterances: list[dict[str, Any]]


def load_golden(root: Path = GOLDEN) -> Golden:
    """Read every session file, labels.yaml and utterances.yaml."""
    sessions = {
        path.stem: SessionFile.model_validate_json(path.read_text(encoding="utf-8"))
        for path in sorted((root / "sessions").glob("*.json"))
    }
    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    utterances = yaml.safe_load((root / "utterances.yaml").read_text(encoding="utf-8"))
    return Golden(sessions, labels["sessions"], labels["orderings"], utterances["utterances"])


def applied_bucket(applied: float) -> str:
    """The label bucket of an application score: low < 0.34 <= mid < 0.67 <= high."""
    if applied < 0.34:
        return "low"
    return "mid" if applied < 0.67 else "high"


# --------------------------------------------------------------------------- what the scorer said


@dataclass(frozen=True)
class Scored:
    """The parts of one session report the golden set checks."""

    language: str
    totals: tuple[int, ...]
    criteria: tuple[dict[str, int], ...]
    turns: tuple[dict[int, tuple[str | None, bool]], ...]
    self_assessment: int | None
    applied: float | None


def scored_view(report: Any, language: str) -> Scored:
    """Pull totals, levels, turn annotations, self-assessment and application out of a report."""
    rounds = tuple(r.score for r in report.rounds)
    self_score = report.self_assessment
    application = report.application
    return Scored(
        language=language,
        totals=tuple(r.total for r in rounds),
        criteria=tuple({c.criterion: c.score for c in r.criteria} for r in rounds),
        turns=tuple(
            {
                t.index: (t.question, t.pitch or t.self_talk)
                for t in r.turns
                if t.speaker == "candidate"
            }
            for r in rounds
        ),
        self_assessment=None if self_score is None else self_score.score,
        applied=None if application is None else application.applied,
    )


def session_language(session: SessionFile, catalog: Any) -> str:
    """The scenario's language, or English for a recording whose scenario is not in the catalog."""
    scenario = catalog.scenarios.get(session.scenario)
    return "en" if scenario is None else str(scenario.language)


# --------------------------------------------------------------------------- agreement figures


@dataclass
class Share:
    """Hits out of a total, with the misses kept for the report."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        """Count one comparison; keep a description when it misses."""
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(miss)

    @property
    def ratio(self) -> float:
        """hits / total, 1.0 when nothing was compared."""
        return self.hits / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.ratio:6.1%} ({self.hits}/{self.total})"


@dataclass
class Confusion:
    """Question-type confusion matrix plus pitch precision and recall."""

    matrix: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)
    pitch: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(
        self, expected: tuple[str | None, bool], got: tuple[str | None, bool], where: str
    ) -> None:
        """Count one labelled utterance or turn."""
        self.matrix[expected[0], got[0]] += 1
        self.pitch[expected[1], got[1]] += 1
        if expected != got:
            self.misses.append(f"{where}: expected {_fmt(expected)}, got {_fmt(got)}")

    @property
    def question_accuracy(self) -> float:
        """Share of question types that match."""
        total = sum(self.matrix.values())
        same = sum(n for (e, g), n in self.matrix.items() if e == g)
        return same / total if total else 1.0

    @property
    def pitch_accuracy(self) -> float:
        """Share of pitch flags that match."""
        total = sum(self.pitch.values())
        return (self.pitch[True, True] + self.pitch[False, False]) / total if total else 1.0

    @property
    def pitch_precision(self) -> float:
        """Of the turns called pitches, the share that are."""
        called = self.pitch[True, True] + self.pitch[False, True]
        return self.pitch[True, True] / called if called else 1.0

    @property
    def pitch_recall(self) -> float:
        """Of the real pitches, the share found."""
        real = self.pitch[True, True] + self.pitch[True, False]
        return self.pitch[True, True] / real if real else 1.0

    def __len__(self) -> int:
        return sum(self.matrix.values())


def _fmt(label: tuple[str | None, bool]) -> str:
    return f"{label[0] or 'none'}{' +pitch' if label[1] else ''}"


def utterance_confusion(
    utterances: Iterable[dict[str, Any]],
    classify: Callable[[str, str], tuple[str | None, int]],
    is_pitch: Callable[[str, str], bool],
) -> dict[str, Confusion]:
    """Per language: the annotator's question type and pitch flag against the labels."""
    result: dict[str, Confusion] = {}
    for item in utterances:
        text, language = item["text"], item["language"]
        got = (classify(text, language)[0], is_pitch(text, language))
        result.setdefault(language, Confusion()).add(
            (item["question"], item["pitch"]), got, repr(text)
        )
    return result


@dataclass
class Agreement:
    """Every figure the golden set reports for scored sessions."""

    turns: dict[str, Confusion] = field(default_factory=dict)
    criterion_exact: dict[str, Share] = field(default_factory=dict)
    criterion_near: dict[str, Share] = field(default_factory=dict)
    per_criterion: dict[str, Share] = field(default_factory=dict)
    self_exact: Share = field(default_factory=Share)
    self_near: Share = field(default_factory=Share)
    applied: Share = field(default_factory=Share)
    orderings: Share = field(default_factory=Share)
    spearman: dict[str, float] = field(default_factory=dict)
    far_off: list[tuple[int, str]] = field(default_factory=list)


def compare_sessions(golden: Golden, scored: dict[str, Scored]) -> Agreement:
    """Check every scored session against its labels."""
    out = Agreement()
    for name, label in golden.labels.items():
        view = scored[name]
        lang = view.language
        for r, round_label in enumerate(label["rounds"]):
            where = f"{name} round {r + 1}"
            turns = out.turns.setdefault(lang, Confusion())
            for index, expected in round_label["turns"].items():
                got = view.turns[r].get(int(index), (None, False))
                turns.add((expected["question"], expected["pitch"]), got, f"{where} turn {index}")
            for criterion, (lo, hi) in round_label["criteria"].items():
                level = view.criteria[r].get(criterion)
                miss = f"{where} {criterion}: expected {lo}-{hi}, got {level}"
                exact = level is not None and lo <= level <= hi
                near = level is not None and lo - 1 <= level <= hi + 1
                out.criterion_exact.setdefault(lang, Share()).add(exact, miss)
                out.criterion_near.setdefault(lang, Share()).add(near, miss)
                out.per_criterion.setdefault(criterion, Share()).add(near, miss)
                if level is not None and not near:
                    out.far_off.append((max(lo - level, level - hi), miss))
        if "self_assessment" in label:
            lo, hi = label["self_assessment"]
            got_self = view.self_assessment
            miss = f"{name} self-assessment: expected {lo}-{hi}, got {got_self}"
            out.self_exact.add(got_self is not None and lo <= got_self <= hi, miss)
            out.self_near.add(got_self is not None and lo - 1 <= got_self <= hi + 1, miss)
        if "applied" in label:
            bucket = None if view.applied is None else applied_bucket(view.applied)
            out.applied.add(
                bucket == label["applied"],
                f"{name} applied: expected {label['applied']}, got {bucket} ({view.applied})",
            )
    for chain in golden.orderings:
        for a, b in pairwise(chain):
            ta, tb = _total(scored, a), _total(scored, b)
            out.orderings.add(ta > tb, f"{a} ({ta}) should beat {b} ({tb})")
    out.spearman = expected_rank_correlation(golden, scored)
    out.far_off.sort(key=lambda item: -item[0])
    return out


def _total(scored: dict[str, Scored], item: str) -> int:
    name, _, round_no = item.partition("@")
    return scored[name].totals[int(round_no or 1) - 1]


def expected_rank_correlation(golden: Golden, scored: dict[str, Scored]) -> dict[str, float]:
    """Spearman of totals against the labelled levels (mean range midpoint), per rubric family."""
    groups: dict[str, tuple[list[float], list[float]]] = {}
    for name, label in golden.labels.items():
        family = "objection" if name.startswith("objection") else scored[name].language
        for r, round_label in enumerate(label["rounds"]):
            ranges = list(round_label["criteria"].values())
            expected = sum((lo + hi) / 2 for lo, hi in ranges) / len(ranges)
            xs, ys = groups.setdefault(family, ([], []))
            xs.append(expected)
            ys.append(float(scored[name].totals[r]))
    return {family: spearman(xs, ys) for family, (xs, ys) in groups.items() if len(xs) > 2}


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman rank correlation with average ranks for ties; 0 where it is undefined."""
    return stats.spearman(xs, ys) or 0.0
