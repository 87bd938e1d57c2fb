"""Labelled sets of session files in the three label formats this repository has seen, read into
one shape (used by scripts/evaluate.py and the metamorphic suite).

A labelled set is a directory with `sessions/*.json`, `labels.yaml` and optionally
`gaming/*.json` + `gaming/labels.yaml`. The label formats:

- "brief" (/work/labelled/BRIEF.md): single levels per round (`curiosity`, `criteria`), an integer
  `self_assessment`, `applied` 0 / 0.5 / 1, `self_assessment_variants`, a round-1 ranking.
- "blind" (tests/golden/blind): single criterion levels per round, `self_assessment_score`,
  `applied`, a round-1 ranking; no `curiosity`.
- "golden" (tests/golden, tests/golden/holdout): criterion levels and the self-assessment as
  [low, high] ranges (read as their midpoints), `applied` as low / mid / high.

Sets whose directory name starts with "test-" are frozen test splits: loaders mark them
`frozen` so that nothing prints their items and the metamorphic suite never builds cases on them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
# Extra set directories, separated by os.pathsep (e.g. /work/labelled/dev).
SETS_ENV = "COACHABLE_LABELLED_SETS"

Strength = Literal["weak", "middling", "strong"]
_APPLIED_BUCKETS = {"low": 0.0, "mid": 0.5, "high": 1.0}
_SV_WORDS = re.compile(r"\b(och|är|jag|ni|det|att|inte|vad|hur|har|för|med)\b", re.IGNORECASE)
_EN_WORDS = re.compile(r"\b(and|is|the|you|that|what|how|have|for|with|not)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RoundLabel:
    """The labels of one round: the overall curiosity (if labelled) and the criterion levels."""

    curiosity: float | None
    criteria: Mapping[str, float]


@dataclass(frozen=True)
class LabelledSession:
    """One session file with its labels (levels are floats: range labels are midpoints)."""

    id: str
    session: Mapping[str, Any]
    language: str
    description: str
    rounds: tuple[RoundLabel, ...]
    self_assessment: float | None
    applied: float | None
    variants: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class GamingAttempt:
    """A one-round copy of a weak round 1 with the candidate's turns altered to look curious."""

    id: str
    session: Mapping[str, Any]
    base: str
    trick: str


@dataclass(frozen=True)
class LabelledSet:
    """A directory of labelled sessions, read into one shape whatever its label format."""

    name: str
    path: Path
    format: str
    sessions: tuple[LabelledSession, ...]
    ranking: tuple[str, ...]
    gaming: tuple[GamingAttempt, ...]
    frozen: bool

    def session(self, session_id: str) -> LabelledSession:
        """The session with this id."""
        for item in self.sessions:
            if item.id == session_id:
                return item
        raise KeyError(f"{self.name}: no session {session_id!r}")


def _level(value: Any) -> float | None:
    """A single level, or the midpoint of a [low, high] range."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        low, high = value
        return (float(low) + float(high)) / 2
    return float(value)


def _applied(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _APPLIED_BUCKETS[value]
    return float(value)


def _language(labels: Mapping[str, Any], session: Mapping[str, Any]) -> str:
    """The label's language; else the scenario's or rubric's -sv suffix; else common words."""
    if labels.get("language"):
        return str(labels["language"])
    for key in ("scenario", "rubric"):
        if str(session.get(key) or "").endswith("-sv"):
            return "sv"
    text = " ".join(
        str(turn.get("text") or turn.get("content") or turn.get("utterance") or "")
        for round_ in session.get("rounds", [])
        for turn in round_.get("turns", [])
    )
    return "sv" if len(_SV_WORDS.findall(text)) > len(_EN_WORDS.findall(text)) else "en"


def _label_format(sessions: Mapping[str, Any]) -> str:
    first: Mapping[str, Any] = next(iter(sessions.values()), {})
    rounds = first.get("rounds") or [{}]
    criteria = rounds[0].get("criteria") or {}
    if any(isinstance(v, list) for v in criteria.values()) or isinstance(
        first.get("self_assessment"), list
    ):
        return "golden"
    if "self_assessment_score" in first or "curiosity" not in rounds[0]:
        return "blind"
    return "brief"


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_set(path: Path | str, name: str | None = None) -> LabelledSet:
    """Read a labelled set directory (any of the three label formats)."""
    path = Path(path)
    labels: dict[str, Any] = yaml.safe_load((path / "labels.yaml").read_text(encoding="utf-8"))
    by_id: Mapping[str, Any] = labels.get("sessions") or {}
    sessions = []
    for file in sorted((path / "sessions").glob("*.json")):
        label = by_id.get(file.stem)
        if label is None:
            continue  # an unlabelled session file has nothing to be measured against
        session = _read_json(file)
        rounds = tuple(
            RoundLabel(
                curiosity=_level(r.get("curiosity")),
                criteria=_criteria(r),
            )
            for r in label.get("rounds") or []
        )
        own = label.get("self_assessment_score", label.get("self_assessment"))
        variants = tuple(
            (str(v["text"]), float(v["score"])) for v in label.get("self_assessment_variants") or []
        )
        sessions.append(
            LabelledSession(
                id=file.stem,
                session=session,
                language=_language(label, session),
                description=str(label.get("description") or label.get("style") or ""),
                rounds=rounds,
                self_assessment=_level(own),
                applied=_applied(label.get("applied")),
                variants=variants,
            )
        )
    gaming: list[GamingAttempt] = []
    gaming_labels = path / "gaming" / "labels.yaml"
    if gaming_labels.is_file():
        attempts = yaml.safe_load(gaming_labels.read_text(encoding="utf-8")).get("attempts") or {}
        for file in sorted((path / "gaming").glob("*.json")):
            if file.stem in attempts:
                entry = attempts[file.stem]
                gaming.append(
                    GamingAttempt(
                        file.stem, _read_json(file), str(entry["base"]), str(entry.get("trick", ""))
                    )
                )
    return LabelledSet(
        name=name or _set_name(path),
        path=path,
        format=_label_format(by_id),
        sessions=tuple(sessions),
        ranking=tuple(labels.get("round1_ranking_best_to_worst") or ()),
        gaming=tuple(gaming),
        frozen=path.resolve().name.startswith("test-"),
    )


def _criteria(round_label: Mapping[str, Any]) -> dict[str, float]:
    criteria = round_label.get("criteria") or {}
    levels = {str(k): _level(v) for k, v in criteria.items()}
    return {k: v for k, v in levels.items() if v is not None}


def _set_name(path: Path) -> str:
    resolved = path.resolve()
    return "golden" if resolved == GOLDEN.resolve() else resolved.name


def is_labelled_set(path: Path) -> bool:
    """A directory with labels.yaml and sessions/."""
    return (path / "labels.yaml").is_file() and (path / "sessions").is_dir()


def repository_sets() -> list[Path]:
    """Every labelled set under tests/golden (the golden set itself and its subfolders)."""
    candidates = [GOLDEN, *sorted(p for p in GOLDEN.iterdir() if p.is_dir())]
    return [p for p in candidates if is_labelled_set(p)]


def extra_sets(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """The set directories named in COACHABLE_LABELLED_SETS (missing ones are an error)."""
    named = [Path(p) for p in environ.get(SETS_ENV, "").split(os.pathsep) if p.strip()]
    for path in named:
        if not is_labelled_set(path):
            raise FileNotFoundError(f"{SETS_ENV}: {path} has no labels.yaml and sessions/")
    return named


def round_strength(item: LabelledSession, index: int, ranking: Iterable[str] = ()) -> Strength:
    """Weak, middling or strong by the labels alone (never by the scorer).

    The labelled `curiosity` decides when there is one (<= 2 weak, >= 4 strong). Otherwise the
    criterion levels: weak when most are <= 2, strong when most are >= 4 and none is <= 2; and
    for round 1 of a ranked set, the bottom third of the ranking is weak and the top third strong
    unless the criterion levels say the opposite.
    """
    label = item.rounds[index] if index < len(item.rounds) else RoundLabel(None, {})
    if label.curiosity is not None:
        return "weak" if label.curiosity <= 2 else "strong" if label.curiosity >= 4 else "middling"
    levels = list(label.criteria.values())
    low = sum(1 for v in levels if v <= 2)
    high = sum(1 for v in levels if v >= 4)
    by_levels: Strength | None = None
    if levels and 2 * low > len(levels):
        by_levels = "weak"
    elif levels and 2 * high > len(levels) and low == 0:
        by_levels = "strong"
    order = list(ranking)
    if index == 0 and item.id in order:
        position = order.index(item.id)
        third = len(order) / 3
        if position >= len(order) - third and by_levels != "strong":
            return "weak"
        if position < third and by_levels != "weak":
            return "strong"
    return by_levels or "middling"
