"""The reply-fit harness: labelled candidate lines, the reply each should get, and counts.

A case is a candidate line, the call before it (`at`, a named context of earlier candidate
lines) and the labels of the replies that fit it (`want`). A reply is read into labels from
what it did (revealed facts, events) and from which of the scenario's own lines it says, so
the same reading works for any version of the engine. A reply fits when it carries one of the
wanted labels and reveals no fact the line did not ask about.

The frozen test part (test.yaml) is never tuned on; test_fit.py pins its checksum.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from app.catalog.models import Scenario
from app.roleplay.engine import ProspectReply
from app.roleplay.transcript import Turn

HERE = Path(__file__).parent
SCENARIOS = HERE.parents[2] / "scenarios"
PARTS = ("dev", "test")

Engine = Callable[[Scenario, Sequence[Turn]], ProspectReply]

_EVENT_LABELS = {
    "cooled": "cool",
    "exit": "exit",
    "wrap-up": "exit",
    "meeting-accepted": "meeting:accept",
    "meeting-declined": "meeting:decline",
    "meeting-countered": "meeting:counter",
    "challenge-satisfied": "challenge:satisfied",
    "challenge-unsatisfied": "challenge:unsatisfied",
    "injection": "stay",
}
_FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s|$)", re.DOTALL)
_LIKE_I_SAID = re.compile(
    r"(?:Like I said|As I mentioned|Same as before|Som jag sa|Som jag nämnde|Samma som förut): "
    r"(.+?[.!?])(?=\s|$)"
)


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled candidate line."""

    part: str
    scenario: str
    kind: str
    line: str
    want: frozenset[str]
    before: tuple[str, ...] = ()
    time: str | None = None
    also: frozenset[str] = frozenset()  # facts the line may also uncover, without needing to


@dataclass
class Outcome:
    """What one case got."""

    case: Case
    reply: ProspectReply
    labels: frozenset[str]
    fits: bool
    volunteered: frozenset[str]
    contradicted_time: bool = False
    as_that_time: bool | None = None


@cache
def scenario(scenario_id: str) -> Scenario:
    """A shipped scenario by id."""
    data = yaml.safe_load((SCENARIOS / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
    return Scenario.model_validate(data)


def load(part: str) -> list[Case]:
    """The cases of one part ("dev" or "test")."""
    cases: list[Case] = []
    for block in yaml.safe_load((HERE / f"{part}.yaml").read_text(encoding="utf-8")):
        contexts = block.get("contexts", {})
        for raw in block["cases"]:
            cases.append(
                Case(
                    part=part,
                    scenario=block["scenario"],
                    kind=raw["kind"],
                    line=raw["line"],
                    want=frozenset(raw["want"]),
                    before=tuple(contexts[raw["at"]]) if "at" in raw else (),
                    time=raw.get("time"),
                    also=frozenset(raw.get("also", ())),
                )
            )
    return cases


def _pools(sc: Scenario) -> list[tuple[str, str]]:
    """(line, label) for every line the scenario gives the prospect, longest first."""
    r = sc.reactions
    pools: list[tuple[str, str]] = []
    for label, lines in (
        ("yes", r.closed_yes),
        ("unknown", r.unknown),
        ("nudge", r.nudge),
        ("cool", r.cool),
        ("exit", r.exit),
        ("stay", r.stay_in_role),
        ("unclear", getattr(r, "unclear", ())),
        ("meeting:accept", r.accept_meeting),
        ("meeting:decline", r.decline_meeting),
    ):
        pools += [(line, label) for line in lines]
    for fact in sc.facts:
        pools += [(line, f"fact:{fact.id}") for line in fact.reveal]
    for objection in sc.objections:
        pools += [(line, f"objection:{objection.id}") for line in objection.lines]
        pools += [(line, f"softened:{objection.id}") for line in objection.softened]
    if sc.challenge:
        pools += [(line, "challenge") for line in sc.challenge.questions]
        pools += [(line, "challenge:satisfied") for line in sc.challenge.satisfied]
        pools += [(line, "challenge:unsatisfied") for line in sc.challenge.unsatisfied]
    overview = _FIRST_SENTENCE.match(sc.persona.situation.strip())
    if overview:
        pools.append((overview.group(0), "overview"))
    return sorted(
        ((" ".join(line.split()), label) for line, label in pools), key=lambda p: -len(p[0])
    )


def labels_of(sc: Scenario, reply: ProspectReply) -> frozenset[str]:
    """What a reply did, read from its facts, its events and the scenario lines it says."""
    labels = {f"fact:{f}" for f in reply.revealed}
    for event in reply.events:
        head, _, rest = event.partition(":")
        if head in ("objection", "objection-repeated"):
            labels.add(f"objection:{rest}")
        elif head == "softened":
            labels.add(f"softened:{rest}")
        elif event in _EVENT_LABELS:
            labels.add(_EVENT_LABELS[event])
    text = " ".join(reply.text.split())
    quoted = _LIKE_I_SAID.search(text)
    if quoted:
        for fact in sc.facts:
            if any(quoted.group(1) in " ".join(line.split()) for line in fact.reveal):
                labels.add(f"fact:{fact.id}")
    for line, label in _pools(sc):
        at = _find(text, line)
        if at >= 0:
            labels.add(label)
            text = text[:at] + "\0" * len(line) + text[at + len(line) :]
    return frozenset(labels)


def _find(text: str, line: str) -> int:
    start = 0
    while (at := text.find(line, start)) >= 0:
        end = at + len(line)
        if (at == 0 or text[at - 1] in " \0") and (end == len(text) or text[end] in " \0"):
            return at
        start = at + 1
    return -1


# --------------------------------------------------------------------------- times

_DAYS = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun", "måndag": "mon", "tisdag": "tue", "onsdag": "wed",
    "torsdag": "thu", "fredag": "fri", "lördag": "sat", "söndag": "sun",
}  # fmt: skip
_DAY = re.compile(r"\b(" + "|".join(_DAYS) + r")(?:s|en)?\b", re.IGNORECASE)
_HOUR = re.compile(
    r"\b(?:at|kl\.?|klockan)\s+(\d{1,2})(?::\d\d)?\b|\b(\d{1,2})(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)",
    re.IGNORECASE,
)
_PART = re.compile(
    r"\b(morning|afternoon|evening|förmiddag|eftermiddag|morgon|kväll)\w*", re.IGNORECASE
)


def _hour24(hour: int, text: str) -> int:
    if re.search(rf"\b{hour}(?::\d\d)?\s*(?:pm|p\.m\.)", text, re.IGNORECASE) and hour < 12:
        return hour + 12
    return hour + 12 if 1 <= hour <= 7 else hour  # "at 3" in office hours is 15:00


def times_in(text: str) -> tuple[set[str], set[int], set[str]]:
    """The weekdays, hours (24 h) and parts of the day a text names."""
    days = {_DAYS[m.group(1).lower()] for m in _DAY.finditer(text)}
    hours = {_hour24(int(m.group(1) or m.group(2)), text) for m in _HOUR.finditer(text)}
    parts = {
        "pm" if m.group(1).lower().startswith(("after", "efter", "even", "kväll")) else "am"
        for m in _PART.finditer(text)
    }
    return days, hours, parts


def _time_check(case: Case, reply: ProspectReply) -> tuple[bool, bool]:
    """(contradicted, answered as that time) for a case that proposes a time."""
    wanted = case.time.split() if case.time else []
    day = _DAYS[wanted[0]]
    hour = _hour24(int(wanted[1]), case.line) if len(wanted) > 1 else None
    days, hours, parts = times_in(reply.text)
    accepted = "meeting-accepted" in reply.events
    wrong_hour = hour is not None and bool(hours - {hour})
    wrong_part = hour is not None and bool(parts - {"am" if hour < 12 else "pm"})
    contradicted = accepted and (bool(days - {day}) or wrong_hour or wrong_part)
    return contradicted, day in days


# --------------------------------------------------------------------------- running


def play(engine: Engine, sc: Scenario, lines: Iterable[str]) -> list[tuple[Turn, ...]]:
    """Play candidate lines through an engine until the call ends; the turns after each reply."""
    turns = [Turn(0, "prospect", engine(sc, []).text)]
    history = []
    for text in lines:
        turns.append(Turn(len(turns), "candidate", text))
        answer = engine(sc, turns)
        turns.append(Turn(len(turns), "prospect", answer.text))
        history.append(tuple(turns))
        if answer.ends_call:
            break
    return history


def run_case(engine: Engine, case: Case) -> Outcome:
    """Play a case's call and judge the reply to its line."""
    sc = scenario(case.scenario)
    turns: list[Turn] = [Turn(0, "prospect", engine(sc, []).text)]
    for text in case.before:
        turns.append(Turn(len(turns), "candidate", text))
        turns.append(Turn(len(turns), "prospect", engine(sc, turns).text))
    turns.append(Turn(len(turns), "candidate", case.line))
    reply = engine(sc, turns)
    labels = labels_of(sc, reply)
    asked_facts = {w for w in case.want | case.also if w.startswith("fact:")}
    volunteered = frozenset(x for x in labels if x.startswith("fact:") and x not in asked_facts)
    fits = bool(labels & case.want) and not volunteered
    outcome = Outcome(case, reply, labels, fits, volunteered)
    if case.time:
        outcome.contradicted_time, outcome.as_that_time = _time_check(case, reply)
        fits = fits and not outcome.contradicted_time
        outcome.fits = fits
    return outcome


@dataclass
class Summary:
    """Fit figures for one part."""

    part: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def fit(self) -> float:
        """Share of cases whose reply fits."""
        return sum(o.fits for o in self.outcomes) / max(1, len(self.outcomes))

    def by(self, key: Callable[[Case], str]) -> dict[str, tuple[int, int]]:
        """(fitting, total) per group."""
        groups: dict[str, list[bool]] = {}
        for o in self.outcomes:
            groups.setdefault(key(o.case), []).append(o.fits)
        return {k: (sum(v), len(v)) for k, v in sorted(groups.items())}

    @property
    def volunteered(self) -> int:
        """Facts revealed that the line did not ask about."""
        return sum(len(o.volunteered) for o in self.outcomes)

    @property
    def contradicted_times(self) -> int:
        """Accepted meetings that name another time than the one proposed."""
        return sum(o.contradicted_time for o in self.outcomes)


def summarise(engine: Engine, part: str) -> Summary:
    """Run every case of a part."""
    return Summary(part, [run_case(engine, c) for c in load(part)])


# --------------------------------------------------------------------------- whole calls


def calls(part: str, kinds: Sequence[str] | None = None) -> list[tuple[str, list[str]]]:
    """Each scenario's lines of a part (of some kinds), played as calls of its turn limit."""
    by_scenario: dict[str, list[str]] = {}
    for case in load(part):
        if kinds is None or case.kind in kinds:
            by_scenario.setdefault(case.scenario, []).append(case.line)
    out = []
    for sc_id, lines in sorted(by_scenario.items()):
        size = scenario(sc_id).limits.max_candidate_turns
        out += [(sc_id, lines[i : i + size]) for i in range(0, len(lines), size)]
    return out


@dataclass
class CallCounts:
    """What went wrong across whole calls."""

    calls: int = 0
    replies: int = 0
    facts_volunteered: int = 0  # in pitch-only calls: any fact at all
    misquotes: int = 0  # "like I said" about something it never said
    repeats: int = 0  # a reply said word for word earlier in the same call
    repeated_lines: Counter[str] = field(default_factory=Counter)


def check_calls(engine: Engine, part: str) -> CallCounts:
    """Misquotes and repeats over every line of a part, and facts in pitch-only calls."""
    counts = CallCounts()
    for sc_id, lines in calls(part):
        sc = scenario(sc_id)
        history = play(engine, sc, lines)
        counts.calls += 1
        counts.replies += len(history)
        said: list[str] = [history[0][0].text] if history else []
        for turns in history:
            text = turns[-1].text
            quoted = _LIKE_I_SAID.search(text)
            if quoted and not any(quoted.group(1) in earlier for earlier in said):
                counts.misquotes += 1
            if text in said:
                counts.repeats += 1
                counts.repeated_lines[text] += 1
            said.append(text)
    for sc_id, lines in calls(part, ("pitch", "offtopic")):
        sc = scenario(sc_id)
        pitches = [line for line in lines if line]
        for turns in play(engine, sc, pitches):
            counts.facts_volunteered += len(_reply_facts(engine, sc, turns))
    return counts


def _reply_facts(engine: Engine, sc: Scenario, turns: tuple[Turn, ...]) -> frozenset[str]:
    reply = engine(sc, turns[:-1])
    return frozenset(x for x in labels_of(sc, reply) if x.startswith("fact:"))
