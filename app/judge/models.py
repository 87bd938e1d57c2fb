"""The judge's plain values: what it reads, what one call returns, what is kept of its opinion.

The judge is a second opinion from a language model. It never replaces the rule-based scorer:
it reads the rubric's own level descriptions, the transcript as numbered data and the scorer's
countable facts, and says a level, the quotes that justify it and a one-line reason per
criterion. app.judge.prove decides which of those opinions stand, app.judge.combine puts the
two opinions side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from app.roleplay.transcript import Turn

Part = Literal["round1", "round2", "self_assessment"]
PARTS: tuple[Part, ...] = ("round1", "round2", "self_assessment")
Speaker = Literal["prospect", "candidate", "review"]

# Why an opinion was not kept, by code; app/judge/texts.yaml words them for people.
Problem = Literal[
    "unavailable",  # the model could not be reached or answered with an error
    "malformed",  # the answer is not the JSON asked for
    "truncated",  # the answer was cut off (the token limit)
    "missing",  # the answer has no opinion on this criterion
    "bad-level",  # the level is not a whole number from 1 to 5
    "no-quote",  # no quote given
    "quote-not-found",  # a quote is not in the line it names
    "aimed-at-scorer",  # a higher level rests on words addressed to the AI or the scorer
    "unproven",  # a higher level rests on words the rules give no weight
]
PROBLEMS: tuple[Problem, ...] = (
    "unavailable",
    "malformed",
    "truncated",
    "missing",
    "bad-level",
    "no-quote",
    "quote-not-found",
    "aimed-at-scorer",
    "unproven",
)


@dataclass(frozen=True, slots=True)
class Line:
    """One numbered piece of text the judge reads: a turn, or the candidate's review."""

    number: int  # as the judge sees it, from 1 (= as the web transcript numbers turns)
    speaker: Speaker
    text: str
    index: int | None = None  # the turn's 0-based index in the round; None for the review


@dataclass(frozen=True, slots=True)
class RubricCriterion:
    """A criterion as the judge reads it: the rubric's own words for each level."""

    id: str
    name: str
    description: str
    levels: tuple[str, str, str, str, str]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rule-based scorer counted, given to the judge as facts (never recounted)."""

    candidate_share: float  # the candidate's share of the words, 0..1
    longest_turn: int  # words in the candidate's longest turn
    words_before_first_question: int
    questions: int  # questions the scorer credited
    open_questions: int
    closed_questions: int
    leading_questions: int
    stacked_turns: int
    pitch_turns: int
    follow_ups: int
    facts_revealed: tuple[str, ...]  # topics of the hidden facts the prospect gave away
    facts_total: int
    challenge_line: int | None  # number of the line where the prospect asked the hard question
    challenge_coverage: float | None  # share of the answer's key points made, 0..1
    uncredited: tuple[tuple[int, str], ...] = ()  # (line number, why) lines given no credit
    aimed_at_scorer: tuple[int, ...] = ()  # line numbers that address the AI or the scorer


@dataclass(frozen=True)
class JudgeInput:
    """Everything rendered into one judge request (app.llm.judge turns it into messages)."""

    part: Part
    rubric_id: str
    rubric_title: str
    language: str
    criteria: tuple[RubricCriterion, ...]
    lines: tuple[Line, ...]
    facts: Facts

    @property
    def review_line(self) -> int | None:
        """The number of the candidate's review, when the judge reads one."""
        return next((line.number for line in self.lines if line.speaker == "review"), None)

    def texts(self) -> tuple[str, ...]:
        """Every text the request carries from the call (to check a delimiter is unused)."""
        return tuple(line.text for line in self.lines)


Rescore = Callable[[Sequence[Turn]], Mapping[str, float]]


@dataclass(frozen=True)
class RuleReading:
    """What the rule-based scorer made of the same part: the anchor the judge is held to.

    Never shown to the judge. `levels` are the rule-based levels per criterion (for the
    self-assessment, its one score under every criterion); `rescore` scores a changed round
    with the same rules and returns each criterion's raw level (None when the rules cannot
    weigh single words, as for the self-assessment).
    """

    levels: Mapping[str, int]
    raws: Mapping[str, float]
    reasons: Mapping[str, str]
    turns: tuple[Turn, ...]
    aimed_at_scorer: frozenset[int]  # line numbers
    language: str
    rescore: Rescore | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words the judge quotes from one numbered line."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Opinion:
    """The judge's opinion on one criterion in one call, and whether it stands."""

    criterion: str
    level: int | None
    quotes: tuple[Quote, ...] = ()
    reason: str = ""
    problem: Problem | None = None  # None: it stands
    detail: str = ""  # which quote or line the problem is about, for the reviewer

    @property
    def stands(self) -> bool:
        """Whether the opinion survived every check."""
        return self.problem is None


@dataclass(frozen=True, slots=True)
class Call:
    """One request to the model: its raw answer, its cost, or why it failed."""

    text: str = ""
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    failure: str = ""  # LLMUnavailable's reason (timeout, unreachable, ...); "" when it answered


@dataclass(frozen=True, slots=True)
class Run:
    """One call and the opinions read from it (one per criterion of the input)."""

    call: Call
    opinions: tuple[Opinion, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One criterion after every run: the two opinions, how they combine, and the spread."""

    criterion: str
    name: str
    rule_level: int
    rule_reason: str
    judge_level: int | None  # None: no run's opinion stood
    combined: int
    spread: int | None  # highest minus lowest standing level over the runs
    standing: int  # runs whose opinion stood
    runs: int
    reason: str = ""  # the judge's reason (from a run at the median level)
    quotes: tuple[Quote, ...] = ()
    problems: tuple[tuple[Problem, int], ...] = ()  # why runs were discarded, with counts
    discarded: Opinion | None = None  # the first discarded opinion, shown to the reviewer

    @property
    def disagreement(self) -> bool:
        """The judge and the rules are two or more levels apart."""
        if self.judge_level is not None:
            return abs(self.judge_level - self.rule_level) >= 2
        return False


@dataclass(frozen=True)
class Judgement:
    """The judge's second opinion on one part of an interview, as stored beside its scores."""

    part: Part
    model: str
    prompt_version: str
    runs: int
    verdicts: tuple[Verdict, ...]
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    failed_calls: int = 0
    failure: str = ""  # set when no call answered: the judge has no opinion at all
    opinions: int = 0  # criterion opinions asked for over all runs
    discarded: int = 0  # of those, the ones that did not stand
    problems: tuple[tuple[Problem, int], ...] = field(default=())
    # The self-assessment's one level: its criteria's levels weighted as the rubric weighs them.
    overall: Verdict | None = None
    # The version of the stored scorecard whose levels and facts the judge was held to
    # (app.scoring.version.SCORER_VERSION when it was scored); "" when not known.
    scorer_version: str = ""

    @property
    def failed(self) -> bool:
        """No call answered, so there is nothing to show but the reason."""
        return bool(self.failure)

    def verdict(self, criterion: str) -> Verdict | None:
        """The verdict on one criterion, if the judge read it."""
        return next((v for v in self.verdicts if v.criterion == criterion), None)
