"""The metamorphic cases: every transformation of its family over every weak (or strong) round of
the labelled sets, scored the way `coachable score --format json` scores a session file."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.catalog.loader import Catalog, load_catalog
from app.report import report_as_json, score_session
from app.session_file import SessionFile
from tests.labelled_sets import (
    LabelledSet,
    extra_sets,
    load_set,
    repository_sets,
    round_strength,
)
from tests.metamorphic.transforms import KINDS, Context, Kind, Turn

# A hollow attack may not lift any criterion by more than a quarter of a level.
RAW_TOLERANCE = 0.25


@dataclass(frozen=True)
class Case:
    """One round of one labelled session and one transformation of it."""

    set: str
    session: str
    round: int
    language: str
    scenario: str
    rubric: str | None
    topics: tuple[str, ...]
    turns: tuple[tuple[str, str], ...]
    kind: Kind

    @property
    def id(self) -> str:
        """A readable pytest id: kind-language/set/session/rN."""
        return f"{self.kind.name}-{self.language}/{self.set}/{self.session}/r{self.round + 1}"

    def original(self) -> list[Turn]:
        """The round's turns as session-file dicts."""
        return [{"speaker": s, "text": t} for s, t in self.turns]

    def context(self) -> Context:
        """What the transformation may know: the language and the scenario's fact topics."""
        return Context(self.language, self.topics)

    def reference(self) -> list[Turn]:
        """The round the transformed one is compared with."""
        if self.kind.reference is None:
            return self.original()
        return self.kind.reference(self.original(), self.context())

    def transformed(self) -> list[Turn]:
        """The round after the transformation."""
        return self.kind.apply(self.original(), self.context())


@dataclass(frozen=True)
class Outcome:
    """How the scorer moved on one case."""

    case: Case
    total_before: int
    total_after: int
    raw_before: dict[str, float]
    raw_after: dict[str, float]
    checked: str | None
    passed: bool

    @property
    def total_gain(self) -> int:
        """Change of the round total (after minus before)."""
        return self.total_after - self.total_before

    def raw_gains(self) -> dict[str, float]:
        """Change of each criterion's raw level."""
        return {
            c: round(self.raw_after[c] - self.raw_before[c], 2)
            for c in self.raw_before
            if c in self.raw_after
        }

    def worst(self) -> tuple[str, float]:
        """The criterion that rose most (raise-nothing) or the checked one (lower)."""
        gains = self.raw_gains()
        if self.case.kind.family == "lower":
            return (self.checked, gains[self.checked]) if self.checked else ("-", 0.0)
        if not gains:
            return "-", 0.0
        name = max(gains, key=lambda c: (gains[c], c))
        return name, gains[name]

    def explain(self) -> str:
        """One line for a failing assertion."""
        name, gain = self.worst()
        rule = (
            f"must not rise (total, and any raw level by more than {RAW_TOLERANCE})"
            if self.case.kind.family == "raise-nothing"
            else f"must fall (total and {self.checked or 'the total alone'})"
        )
        return (
            f"{self.case.id}: {rule}; total {self.total_before} -> {self.total_after}, "
            f"{name} raw {gain:+.2f}; raw gains {self.raw_gains()}"
        )


def suite_sets(extra: Iterable[Path] = ()) -> list[LabelledSet]:
    """The labelled sets the suite is built on: the repository's, those in the environment and
    `extra`. Frozen test splits (directories named test-*) are never used."""
    paths = [*repository_sets(), *extra_sets(), *extra]
    sets = [load_set(p) for p in dict.fromkeys(p.resolve() for p in paths)]
    return [s for s in sets if not s.frozen]


@cache
def _catalog() -> Catalog:
    return load_catalog()


def _topics(scenario: str) -> tuple[str, ...]:
    found = _catalog().scenarios.get(scenario)
    return tuple(f.topic for f in found.facts) if found else ()


def _rounds(session: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """The session's rounds with the speakers' names normalised as the scorer reads them."""
    parsed = SessionFile.model_validate(session)
    return [[(t.speaker, t.text) for t in r.turns] for r in parsed.rounds]


def build_cases(sets: Sequence[LabelledSet], kinds: Sequence[Kind] = KINDS) -> list[Case]:
    """Every raise-nothing kind on every weak round and every lower kind on every strong one,
    leaving out the pairs the transformation does not change."""
    cases = []
    for labelled in sets:
        for item in labelled.sessions:
            session = dict(item.session)
            for index, turns in enumerate(_rounds(session)):
                strength = round_strength(item, index, labelled.ranking)
                family = {"weak": "raise-nothing", "strong": "lower"}.get(strength)
                for kind in kinds:
                    if kind.family != family:
                        continue
                    case = Case(
                        set=labelled.name,
                        session=item.id,
                        round=index,
                        language=item.language,
                        scenario=str(session.get("scenario") or "unknown"),
                        rubric=session.get("rubric"),
                        topics=_topics(str(session.get("scenario"))),
                        turns=tuple(turns),
                        kind=kind,
                    )
                    if case.transformed() != case.reference():
                        cases.append(case)
    return cases


@cache
def _score(scenario: str, rubric: str | None, turns_json: str) -> dict[str, Any]:
    session: dict[str, Any] = {"scenario": scenario, "rounds": [{"turns": json.loads(turns_json)}]}
    if rubric:
        session["rubric"] = rubric
    report = report_as_json(score_session(SessionFile.model_validate(session), _catalog()))
    round_: dict[str, Any] = report["rounds"][0]
    return round_


def score_turns(case: Case, turns: Sequence[Turn]) -> dict[str, Any]:
    """The round's scorecard as `coachable score --format json` prints it (one-round session)."""
    return _score(case.scenario, case.rubric, json.dumps(list(turns), ensure_ascii=False))


def evaluate(case: Case) -> Outcome:
    """Score the reference and the transformed round and check the family's property."""
    before = score_turns(case, case.reference())
    after = score_turns(case, case.transformed())
    raw_before = {c: float(v["raw"]) for c, v in before["criteria"].items()}
    raw_after = {c: float(v["raw"]) for c, v in after["criteria"].items()}
    total_before, total_after = int(before["total"]), int(after["total"])
    checked = None
    if case.kind.family == "raise-nothing":
        rises = [raw_after[c] - raw_before[c] for c in raw_before if c in raw_after]
        passed = total_after <= total_before and all(r <= RAW_TOLERANCE for r in rises)
    else:
        checked = next((c for c in case.kind.criteria if c in raw_before), None)
        fell = checked is None or raw_after.get(checked, raw_before[checked]) < raw_before[checked]
        passed = total_after < total_before and fell
    return Outcome(case, total_before, total_after, raw_before, raw_after, checked, passed)
