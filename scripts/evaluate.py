"""Score labelled sets with the product's own scorer and print one table per set.

Each set is a directory with sessions/*.json, labels.yaml and optionally gaming/ (the format of
/work/labelled/BRIEF.md; the older formats of tests/golden/blind and tests/golden are read too,
see tests/labelled_sets.py). Sessions are scored exactly as `coachable score --format json`
does (app.report.score_session + report_as_json). Figures per set: curiosity (Spearman of the
round total and of the mean criterion level against the labelled curiosity), each criterion
(exact, within one, Spearman, the distribution of levels), self-insight (the sessions' own
self-assessments plus the labelled variants), coaching applied (bucket accuracy, confusion
matrix), gaming attempts (the share that gains nothing: no criterion's raw level up by more than a
quarter and the total not up; and the share whose total does not rise), each beside a constant and a
question-mark-counting baseline on the same items.

Usage:
  .venv/bin/python scripts/evaluate.py tests/golden/blind /work/labelled/dev
  .venv/bin/python scripts/evaluate.py --git-ref main DIR...     # before (main) and after (here)
  .venv/bin/python scripts/evaluate.py --summary-only DIR...     # aggregate figures only
  .venv/bin/python scripts/evaluate.py --json DIR...

A set whose directory is named test-* is a frozen test split: only its aggregate figures are
ever printed, whatever the options.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.stats import spearman  # noqa: E402
from tests.labelled_sets import LabelledSet, load_set  # noqa: E402

BUCKETS = (0.0, 0.5, 1.0)
RAW_TOLERANCE = 0.25
Report = dict[str, Any]

# --------------------------------------------------------------------------- scorers

# Runs inside the tree of a git ref: the scorer and the catalog (rubrics, scenarios) as they were.
_WORKER = r"""
import json, sys
from pathlib import Path
import app
if not Path(app.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()):
    sys.exit(f"imported app from {app.__file__}, not from {sys.argv[1]}")
from app.catalog.loader import load_catalog
from app.report import report_as_json, score_session
from app.session_file import SessionFile
catalog = load_catalog()
out = []
for session in json.load(sys.stdin):
    try:
        out.append(report_as_json(score_session(SessionFile.model_validate(session), catalog)))
    except Exception as exc:
        out.append({"error": f"{type(exc).__name__}: {exc}"})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


@dataclass(frozen=True)
class Scorer:
    """A named way of turning session dicts into report JSON."""

    name: str
    score: Callable[[Sequence[dict[str, Any]]], list[Report]]


def local_scorer(name: str = "scorer") -> Scorer:
    """The scorer of this working tree, in this process."""
    from app.catalog.loader import load_catalog
    from app.report import report_as_json, score_session
    from app.session_file import SessionFile

    catalog = load_catalog()

    def score(sessions: Sequence[dict[str, Any]]) -> list[Report]:
        out: list[Report] = []
        for session in sessions:
            try:
                parsed = SessionFile.model_validate(session)
                out.append(report_as_json(score_session(parsed, catalog)))
            except Exception as exc:  # a bad file is reported per item, as the CLI does
                out.append({"error": f"{type(exc).__name__}: {exc}"})
        return out

    return Scorer(name, score)


@contextmanager
def ref_scorer(ref: str, name: str) -> Iterator[Scorer]:
    """The scorer as it was at a git ref: `git archive` into a temporary directory, scored in a
    subprocess with PYTHONPATH (and the working directory) pointing there."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref],
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="coachable-ref-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        env = {k: v for k, v in os.environ.items() if k != "COACHABLE_CATALOG_DIR"}
        env["PYTHONPATH"] = tmp

        def score(sessions: Sequence[dict[str, Any]]) -> list[Report]:
            done = subprocess.run(
                [sys.executable, "-c", _WORKER, tmp],
                input=json.dumps(list(sessions), ensure_ascii=False),
                capture_output=True,
                text=True,
                cwd=tmp,
                env=env,
            )
            if done.returncode:
                raise RuntimeError(f"scoring at {ref} failed:\n{done.stderr}")
            reports: list[Report] = json.loads(done.stdout)
            return reports

        yield Scorer(name, score)


# --------------------------------------------------------------------------- statistics


def share(hits: int, total: int) -> float | None:
    """hits / total, None for an empty total."""
    return hits / total if total else None


def bucket(applied: float) -> float:
    """The scorer's applied fraction as 0 / 0.5 / 1 (< 0.25, < 0.75, else)."""
    return 0.0 if applied < 0.25 else 0.5 if applied < 0.75 else 1.0


def level_of(value: float) -> int:
    """A label level as an integer 1-5 (a range midpoint rounds up)."""
    return max(1, min(5, int(value + 0.5)))


def distribution(levels: Sequence[float]) -> list[int]:
    """Counts of levels 1..5."""
    counts = Counter(level_of(v) for v in levels)
    return [counts.get(n, 0) for n in range(1, 6)]


# --------------------------------------------------------------------------- baselines


def candidate_turns(session: dict[str, Any], index: int) -> list[str]:
    """The candidate's lines in one round, speakers read as the session file reads them."""
    from app.session_file import SessionFile

    parsed = SessionFile.model_validate(session)
    if index >= len(parsed.rounds):
        return []
    return [t.text for t in parsed.rounds[index].turns if t.speaker == "candidate"]


def question_marks(session: dict[str, Any], index: int) -> int:
    """The question-mark baseline: "?" in the candidate's turns of one round."""
    return sum(text.count("?") for text in candidate_turns(session, index))


def applied_by_question_marks(session: dict[str, Any]) -> float:
    """The question-mark baseline for "applied": the change of "?" between the rounds, bucketed
    (no more -> 0, one or two more -> 0.5, three or more -> 1)."""
    delta = question_marks(session, 1) - question_marks(session, 0)
    return 0.0 if delta <= 0 else 0.5 if delta <= 2 else 1.0


# --------------------------------------------------------------------------- evaluation


@dataclass
class Jobs:
    """Every session dict a set needs scored, under a key that says what it is."""

    keys: list[tuple[str, ...]]
    sessions: list[dict[str, Any]]

    def add(self, key: tuple[str, ...], session: dict[str, Any]) -> None:
        """Queue one session dict."""
        self.keys.append(key)
        self.sessions.append(session)


def jobs_for(labelled: LabelledSet) -> Jobs:
    """The sessions, each self-assessment variant, each gaming attempt and its base round."""
    jobs = Jobs([], [])
    for item in labelled.sessions:
        session = dict(item.session)
        jobs.add(("session", item.id), session)
        for n, (text, _) in enumerate(item.variants):
            jobs.add(("variant", item.id, str(n)), {**session, "self_assessment": text})
    for attempt in labelled.gaming:
        jobs.add(("attempt", attempt.id), dict(attempt.session))
        try:
            base = dict(labelled.session(attempt.base).session)
        except KeyError:
            continue
        one_round = {k: base[k] for k in ("scenario", "rubric") if k in base}
        jobs.add(("base", attempt.id), {**one_round, "rounds": base["rounds"][:1]})
    return jobs


def _ok(report: Report | None) -> bool:
    return report is not None and "error" not in report


def curiosity_figures(
    labelled: LabelledSet, reports: dict[tuple[str, ...], Report]
) -> dict[str, Any]:
    """Spearman of the round totals and the mean criterion levels against the labels."""
    rows: list[dict[str, Any]] = []
    for item in labelled.sessions:
        report = reports.get(("session", item.id))
        if not _ok(report):
            continue
        assert report is not None
        for index, (label, scored) in enumerate(zip(item.rounds, report["rounds"], strict=False)):
            target = label.curiosity
            proxy = False
            if target is None and label.criteria:
                target, proxy = sum(label.criteria.values()) / len(label.criteria), True
            levels = [c["score"] for c in scored["criteria"].values()]
            rows.append(
                {
                    "session": item.id,
                    "round": index + 1,
                    "curiosity": target,
                    "proxy": proxy,
                    "total": scored["total"],
                    "mean_level": sum(levels) / len(levels) if levels else None,
                    "question_marks": question_marks(dict(item.session), index),
                }
            )
    rated = [r for r in rows if r["curiosity"] is not None and r["mean_level"] is not None]
    first = [r for r in rated if r["round"] == 1]

    def rho(items: list[dict[str, Any]], key: str) -> float | None:
        return spearman([r[key] for r in items], [r["curiosity"] for r in items])

    figures: dict[str, Any] = {
        "n_rounds": len(rated),
        "n_round1": len(first),
        "proxy": any(r["proxy"] for r in rated),
        "total_all": rho(rated, "total"),
        "total_round1": rho(first, "total"),
        "mean_level_all": rho(rated, "mean_level"),
        # A proxy target (a mean of labels) is rounded to a level like the scorer's mean.
        "exact_mean_level": share(
            sum(level_of(r["mean_level"]) == level_of(r["curiosity"]) for r in rated), len(rated)
        ),
        "baseline_qmarks_all": rho(rated, "question_marks"),
        "baseline_qmarks_round1": rho(first, "question_marks"),
        "baseline_always3_exact": share(
            sum(level_of(r["curiosity"]) == 3 for r in rated), len(rated)
        ),
    }
    if labelled.ranking:
        by_id = {r["session"]: r for r in rows if r["round"] == 1}
        ranked = [(-n, by_id[s]) for n, s in enumerate(labelled.ranking) if s in by_id]
        figures["n_ranking"] = len(ranked)
        figures["total_vs_ranking"] = spearman(
            [r["total"] for _, r in ranked], [float(n) for n, _ in ranked]
        )
        figures["baseline_qmarks_vs_ranking"] = spearman(
            [r["question_marks"] for _, r in ranked], [float(n) for n, _ in ranked]
        )
    figures["rows"] = rows
    return figures


def criteria_figures(
    labelled: LabelledSet, reports: dict[tuple[str, ...], Report]
) -> dict[str, Any]:
    """Per criterion: exact, within one, Spearman and the level distributions."""
    pairs: dict[str, list[tuple[float, int]]] = {}
    for item in labelled.sessions:
        report = reports.get(("session", item.id))
        if not _ok(report):
            continue
        assert report is not None
        for label, scored in zip(item.rounds, report["rounds"], strict=False):
            for criterion, level in label.criteria.items():
                if criterion in scored["criteria"]:
                    given = int(scored["criteria"][criterion]["score"])
                    pairs.setdefault(criterion, []).append((level, given))
    out: dict[str, Any] = {}
    pooled: list[tuple[float, int]] = []
    for criterion, items in pairs.items():
        pooled += items
        out[criterion] = _criterion_row(items)
    out["all criteria"] = _criterion_row(pooled)
    return out


def _criterion_row(items: Sequence[tuple[float, int]]) -> dict[str, Any]:
    labels = [a for a, _ in items]
    given = [b for _, b in items]
    return {
        "n": len(items),
        "exact": share(sum(a == b for a, b in items), len(items)),
        "within1": share(sum(abs(a - b) <= 1 for a, b in items), len(items)),
        "spearman": spearman(given, labels),
        "scorer_levels": distribution(given),
        "label_levels": distribution(labels),
        "baseline_always3_exact": share(sum(a == 3 for a in labels), len(items)),
        "baseline_always3_within1": share(sum(abs(a - 3) <= 1 for a in labels), len(items)),
    }


def self_insight_figures(
    labelled: LabelledSet, reports: dict[tuple[str, ...], Report]
) -> dict[str, Any]:
    """The self-assessment score against its label, own answers and variants together."""
    rows: list[dict[str, Any]] = []
    for item in labelled.sessions:
        answers: list[tuple[str, tuple[str, ...], str, float]] = []
        if item.self_assessment is not None and item.session.get("self_assessment"):
            text = str(item.session["self_assessment"])
            answers.append(("own", ("session", item.id), text, item.self_assessment))
        for n, (text, label) in enumerate(item.variants):
            answers.append((f"variant {n + 1}", ("variant", item.id, str(n)), text, label))
        for which, key, text, label in answers:
            report = reports.get(key)
            if not _ok(report):
                continue
            assert report is not None
            score = report["self_assessment"]["score"]
            if score is None:
                continue
            rows.append(
                {
                    "session": item.id,
                    "which": which,
                    "label": label,
                    "score": score,
                    "words": len(text.split()),
                }
            )
    labels = [r["label"] for r in rows]
    return {
        "n": len(rows),
        "n_variants": sum(r["which"] != "own" for r in rows),
        "spearman": spearman([r["score"] for r in rows], labels),
        "exact": share(sum(r["score"] == r["label"] for r in rows), len(rows)),
        "baseline_length_spearman": spearman([r["words"] for r in rows], labels),
        "baseline_always3_exact": share(sum(a == 3 for a in labels), len(rows)),
        "rows": rows,
    }


def applied_figures(
    labelled: LabelledSet, reports: dict[tuple[str, ...], Report]
) -> dict[str, Any]:
    """Bucket accuracy of "coaching applied" and its confusion matrix (rows: label)."""
    rows: list[dict[str, Any]] = []
    for item in labelled.sessions:
        report = reports.get(("session", item.id))
        if item.applied is None or not _ok(report):
            continue
        assert report is not None
        applied = report["application"]["applied"]
        if applied is None:
            continue
        rows.append(
            {
                "session": item.id,
                "label": item.applied,
                "applied": applied,
                "bucket": bucket(applied),
                "coached": report["application"]["coached"],
                "question_marks": applied_by_question_marks(dict(item.session)),
            }
        )
    confusion = [[0, 0, 0] for _ in BUCKETS]
    for r in rows:
        if r["label"] in BUCKETS:
            confusion[BUCKETS.index(r["label"])][BUCKETS.index(r["bucket"])] += 1
    return {
        "n": len(rows),
        "accuracy": share(sum(r["bucket"] == r["label"] for r in rows), len(rows)),
        "confusion": confusion,
        "baseline_qmarks_accuracy": share(
            sum(r["question_marks"] == r["label"] for r in rows), len(rows)
        ),
        "baseline_always_half_accuracy": share(sum(r["label"] == 0.5 for r in rows), len(rows)),
        "rows": rows,
    }


def gaming_figures(labelled: LabelledSet, reports: dict[tuple[str, ...], Report]) -> dict[str, Any]:
    """Each attempt against its base round: the total and every criterion's raw level."""
    rows: list[dict[str, Any]] = []
    for attempt in labelled.gaming:
        mine, base = reports.get(("attempt", attempt.id)), reports.get(("base", attempt.id))
        if not (_ok(mine) and _ok(base)):
            continue
        assert mine is not None and base is not None
        after, before = mine["rounds"][0], base["rounds"][0]
        gains = {
            c: round(after["criteria"][c]["raw"] - v["raw"], 2)
            for c, v in before["criteria"].items()
            if c in after["criteria"]
        }
        criterion = max(gains, key=lambda c: (gains[c], c)) if gains else "-"
        total_gain = after["total"] - before["total"]
        rows.append(
            {
                "attempt": attempt.id,
                "base": attempt.base,
                "trick": attempt.trick,
                "total_before": before["total"],
                "total_after": after["total"],
                "total_gain": total_gain,
                "raw_gains": gains,
                "worst_criterion": criterion,
                "worst_raw_gain": gains.get(criterion, 0.0),
                "gains_nothing": total_gain <= 0
                and all(g <= RAW_TOLERANCE for g in gains.values()),
            }
        )
    return {
        "n": len(rows),
        "n_files": len(labelled.gaming),
        "gains_nothing": share(sum(r["gains_nothing"] for r in rows), len(rows)),
        # The curiosity score alone: the round total does not rise.
        "total_not_higher": share(sum(r["total_gain"] <= 0 for r in rows), len(rows)),
        "rows": rows,
    }


def evaluate(labelled: LabelledSet, scorer: Scorer) -> dict[str, Any]:
    """Every figure of one set under one scorer."""
    jobs = jobs_for(labelled)
    reports = dict(zip(jobs.keys, scorer.score(jobs.sessions), strict=True))
    errors = [f"{'/'.join(k)}: {r['error']}" for k, r in reports.items() if "error" in r]
    return {
        "curiosity": curiosity_figures(labelled, reports),
        "criteria": criteria_figures(labelled, reports),
        "self_insight": self_insight_figures(labelled, reports),
        "applied": applied_figures(labelled, reports),
        "gaming": gaming_figures(labelled, reports),
        "errors": errors,
    }


# --------------------------------------------------------------------------- printing


def fmt(value: Any, kind: str = "rho") -> str:
    """A figure as printed: Spearman signed, shares as percentages, None as '-'."""
    if value is None:
        return "-"
    if kind == "rho":
        return f"{value:+.2f}"
    if kind == "pct":
        return f"{100 * value:.0f}%"
    return str(value)


class Table:
    """Rows of a label, n, one column per scorer and the baseline columns."""

    def __init__(self, title: str, scorers: Sequence[str], baselines: Sequence[str]) -> None:
        self.title, self.scorers, self.baselines = title, list(scorers), list(baselines)
        self.rows: list[list[str]] = []

    def row(self, label: str, n: Any, values: Sequence[str], baselines: Sequence[str]) -> None:
        """Add one row."""
        self.rows.append([label, str(n), *values, *baselines])

    def render(self) -> str:
        """The table as text."""
        header = [self.title, "n", *self.scorers, *self.baselines]
        widths = [max(len(r[i]) for r in [header, *self.rows]) for i in range(len(header))]
        lines = []
        for line in [header, *self.rows]:
            cells = [line[0].ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def describe(labelled: LabelledSet) -> str:
    """One line on what the set holds."""
    languages = Counter(s.language for s in labelled.sessions)
    rounds = sum(len(s.session.get("rounds", [])) for s in labelled.sessions)
    parts = [
        f"format {labelled.format}",
        f"{len(labelled.sessions)} sessions ("
        + ", ".join(f"{n} {lang}" for lang, n in sorted(languages.items()))
        + ")",
        f"{rounds} rounds",
        f"{sum(len(s.variants) for s in labelled.sessions)} self-assessment variants",
        f"{len(labelled.gaming)} gaming attempts",
    ]
    if labelled.frozen:
        parts.append("FROZEN test split: aggregate figures only")
    return ", ".join(parts)


def render_set(
    labelled: LabelledSet, results: dict[str, dict[str, Any]], summary_only: bool
) -> str:
    """The text tables of one set under one or more scorers."""
    names = list(results)
    first = results[names[0]]
    out = [f"== {labelled.name}  ({labelled.path})", describe(labelled), ""]

    cur = first["curiosity"]
    title = "Curiosity vs labelled curiosity"
    if cur["proxy"]:
        title = "Curiosity vs mean labelled criterion level (no curiosity label)"
    table = Table(title, names, ["?-count", "always-3"])
    table.row(
        "Spearman: round total, all rounds",
        cur["n_rounds"],
        [fmt(results[s]["curiosity"]["total_all"]) for s in names],
        [fmt(cur["baseline_qmarks_all"]), "-"],
    )
    table.row(
        "Spearman: round total, round 1",
        cur["n_round1"],
        [fmt(results[s]["curiosity"]["total_round1"]) for s in names],
        [fmt(cur["baseline_qmarks_round1"]), "-"],
    )
    table.row(
        "Spearman: mean criterion level, all rounds",
        cur["n_rounds"],
        [fmt(results[s]["curiosity"]["mean_level_all"]) for s in names],
        [fmt(cur["baseline_qmarks_all"]), "-"],
    )
    if "total_vs_ranking" in cur:
        table.row(
            "Spearman: round-1 total vs labelled ranking",
            cur["n_ranking"],
            [fmt(results[s]["curiosity"]["total_vs_ranking"]) for s in names],
            [fmt(cur["baseline_qmarks_vs_ranking"]), "-"],
        )
    table.row(
        "exact: rounded mean level = curiosity",
        cur["n_rounds"],
        [fmt(results[s]["curiosity"]["exact_mean_level"], "pct") for s in names],
        ["-", fmt(cur["baseline_always3_exact"], "pct")],
    )
    out += [table.render(), ""]

    out.append(_criteria_block(labelled, results))

    si = first["self_insight"]
    table = Table(
        f"Self-insight ({si['n'] - si['n_variants']} own + {si['n_variants']} variants)",
        names,
        ["length", "always-3"],
    )
    table.row(
        "Spearman",
        si["n"],
        [fmt(results[s]["self_insight"]["spearman"]) for s in names],
        [fmt(si["baseline_length_spearman"]), "-"],
    )
    table.row(
        "exact",
        si["n"],
        [fmt(results[s]["self_insight"]["exact"], "pct") for s in names],
        ["-", fmt(si["baseline_always3_exact"], "pct")],
    )
    out += [table.render(), ""]

    ap = first["applied"]
    table = Table("Coaching applied (0 / 0.5 / 1)", names, ["?-delta", "always-0.5"])
    table.row(
        "bucket accuracy",
        ap["n"],
        [fmt(results[s]["applied"]["accuracy"], "pct") for s in names],
        [
            fmt(ap["baseline_qmarks_accuracy"], "pct"),
            fmt(ap["baseline_always_half_accuracy"], "pct"),
        ],
    )
    out += [table.render()]
    for name in names:
        matrix = results[name]["applied"]["confusion"]
        out.append(f"  confusion, {name} (rows: label 0 / 0.5 / 1; columns: scorer 0 / 0.5 / 1)")
        out += [
            f"    {b:>3}: " + " ".join(f"{n:>3}" for n in row)
            for b, row in zip(BUCKETS, matrix, strict=True)
        ]
    out.append("")

    ga = first["gaming"]
    if ga["n_files"]:
        table = Table("Gaming attempts", names, [])
        table.row(
            "share that gains nothing",
            ga["n"],
            [fmt(results[s]["gaming"]["gains_nothing"], "pct") for s in names],
            [],
        )
        table.row(
            "share whose total does not rise",
            ga["n"],
            [fmt(results[s]["gaming"].get("total_not_higher"), "pct") for s in names],
            [],
        )
        out += [table.render()]
        if not summary_only:
            for name in names:
                gained = [r for r in results[name]["gaming"]["rows"] if not r["gains_nothing"]]
                out.append(f"  gained, {name}: {len(gained)}")
                out += [
                    f"    {r['attempt']}: total {r['total_before']} -> {r['total_after']} "
                    f"({r['total_gain']:+d}), {r['worst_criterion']} raw "
                    f"{r['worst_raw_gain']:+.2f}; trick: {r['trick']}"
                    for r in gained
                ]
        out.append("")

    if not summary_only:
        out.append(_items_block(results))
    for name in names:
        errors = results[name]["errors"]
        if errors:
            first_error = "" if summary_only else f"; first: {errors[0]}"
            out.append(f"  {len(errors)} items could not be scored by {name}{first_error}")
    return "\n".join(out).rstrip() + "\n"


def _criteria_block(labelled: LabelledSet, results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    criteria = list(results[names[0]]["criteria"])
    header = "Criteria (scorer level vs label)"
    rows = [[header, "", "n", "exact", "±1", "Spearman", "levels 1 2 3 4 5"]]
    for criterion in criteria:
        base = results[names[0]]["criteria"][criterion]
        for n, name in enumerate(names):
            row = results[name]["criteria"][criterion]
            rows.append(
                [
                    criterion if n == 0 else "",
                    name,
                    str(row["n"]),
                    fmt(row["exact"], "pct"),
                    fmt(row["within1"], "pct"),
                    fmt(row["spearman"]),
                    " ".join(f"{c:>2}" for c in row["scorer_levels"]),
                ]
            )
        rows.append(
            ["", "labels", "", "", "", "", " ".join(f"{c:>2}" for c in base["label_levels"])]
        )
        rows.append(
            [
                "",
                "always-3",
                "",
                fmt(base["baseline_always3_exact"], "pct"),
                fmt(base["baseline_always3_within1"], "pct"),
                "-",
                "",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [c.rjust(w) for c, w in zip(row[2:6], widths[2:6], strict=True)]
        cells.append(row[6])
        lines.append("  ".join(cells).rstrip())
    note = ""
    if labelled.format == "golden":
        note = "\n  (range labels read as midpoints: exact match only where a range is one level)"
    return "\n".join(lines) + note + "\n"


def _items_block(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    first = results[names[0]]
    lines = ["Items: rounds (curiosity label, round totals, ?-count)"]
    totals = {
        name: {(r["session"], r["round"]): r["total"] for r in results[name]["curiosity"]["rows"]}
        for name in names
    }
    for r in first["curiosity"]["rows"]:
        label = "-" if r["curiosity"] is None else f"{r['curiosity']:g}"
        scored = " ".join(f"{totals[n].get((r['session'], r['round']), '-'):>3}" for n in names)
        where = f"{r['session']} r{r['round']}"
        lines.append(f"  {where}: label {label:>4}  total {scored}  ?={r['question_marks']}")
    lines.append("Items: self-insight off by 2 or more")
    for name in names:
        for r in results[name]["self_insight"]["rows"]:
            if abs(r["score"] - r["label"]) >= 2:
                lines.append(
                    f"  {name}: {r['session']} {r['which']}: label {r['label']:g}, "
                    f"scorer {r['score']} ({r['words']} words)"
                )
    lines.append("Items: coaching applied where the bucket differs from the label")
    for name in names:
        for r in results[name]["applied"]["rows"]:
            if r["bucket"] != r["label"]:
                lines.append(
                    f"  {name}: {r['session']}: label {r['label']:g}, scorer {r['applied']:.2f} "
                    f"(coached {r['coached']})"
                )
    return "\n".join(lines) + "\n"


def strip_items(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures without per-item rows (for --summary-only and frozen sets)."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        if key == "rows":
            continue
        if key == "errors":
            out["errors"] = len(value)
        elif isinstance(value, dict):
            out[key] = strip_items(value)
        else:
            out[key] = value
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate each set under this tree's scorer (and under --git-ref's, as "before")."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path, metavar="DIR", help="labelled set")
    parser.add_argument("--git-ref", metavar="REF", help="also score with the scorer at REF")
    parser.add_argument("--summary-only", action="store_true", help="aggregate figures only")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    sets = [load_set(path) for path in args.sets]
    try:
        with _scorers(args.git_ref) as scorers:
            results = [{s.name: evaluate(labelled, s) for s in scorers} for labelled in sets]
    except subprocess.CalledProcessError as exc:  # git archive: an unknown ref
        print(
            f"evaluate: git archive {args.git_ref}: {exc.stderr.decode().strip()}", file=sys.stderr
        )
        return 2
    except RuntimeError as exc:  # the scorer at the ref could not run at all
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        payload = []
        for labelled, by_scorer in zip(sets, results, strict=True):
            hide = args.summary_only or labelled.frozen
            payload.append(
                {
                    "name": labelled.name,
                    "path": str(labelled.path),
                    "format": labelled.format,
                    "frozen": labelled.frozen,
                    "figures": {n: strip_items(f) if hide else f for n, f in by_scorer.items()},
                }
            )
        print(json.dumps({"git_ref": args.git_ref, "sets": payload}, indent=2))
        return 0
    for number, (labelled, by_scorer) in enumerate(zip(sets, results, strict=True)):
        if number:
            print()
        print(render_set(labelled, by_scorer, args.summary_only or labelled.frozen), end="")
    return 0


@contextmanager
def _scorers(ref: str | None) -> Iterator[list[Scorer]]:
    if ref is None:
        yield [local_scorer("scorer")]
        return
    with ref_scorer(ref, "before") as before:
        yield [before, local_scorer("after")]


if __name__ == "__main__":
    sys.exit(main())
