"""What the scorer returns: plain, frozen values that serialise to the JSON report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.language.questions import QuestionType

__all__ = ["QuestionType"]


@dataclass(frozen=True, slots=True)
class TurnAnnotation:
    """What one turn did. Candidate-only fields stay at their defaults for prospect turns."""

    index: int
    speaker: Literal["prospect", "candidate"]
    words: int
    question: QuestionType | None = None  # the turn's main question, None if it asks nothing
    questions: int = 0  # how many questions the turn asks
    stacked: bool = False  # two or more questions at once
    pitch: bool = False  # talks about the seller, the company or the product
    self_talk: bool = False  # talks about the candidate's own background
    follow_up: bool = False  # builds on the prospect's previous answer
    monologue: bool = False  # long enough to be a monologue
    facts: tuple[str, ...] = ()  # hidden-fact ids this turn asked about (candidate turns)
    challenge_asked: bool = False  # prospect turn that asks the challenge question
    challenge_points: tuple[str, ...] = ()  # key-point ids this candidate turn made
    objection: str | None = None  # objection id raised (prospect) or handled (candidate)
    injection: bool = False  # tries to break the role play or game the score
    # How the turn's question looks, before credit: "Tell me more." tacked onto a pitch is open
    # in form, but `question` (what the scorer counts) is None and `uncredited` says why.
    form: QuestionType | None = None
    uncredited: str = ""  # hollow | pitch | repeat | echo | intent | list | pasted
    prompt: bool = False  # credited generic invitation right after a substantive answer
    offtopic: bool = False  # asks about nothing the prospect's world or the call has touched
    topics: tuple[str, ...] = ()  # what the credited questions ask about (stems)
    recap: bool = False  # sums up what the prospect said
    parroted: int = 0  # statements that only hand the prospect's last line back
    pasted: bool = False  # holds a scripted two-speaker dialogue
    directions: int = 0  # stage directions and notes ("[pauses]", "[open question]"): never said
    plugs: int = 0  # sentences about the seller's company or product, in a turn that is no pitch
    revealed: tuple[str, ...] = ()  # hidden-fact ids this prospect turn gave away
    new_words: int = 0  # prospect turn: words the call had not heard before (questions left out)
    telling: int = 0  # prospect turn: of those, numbers and words of the prospect's own world
    asks_back: bool = False  # prospect turn that opens with a question of its own


@dataclass(frozen=True, slots=True)
class RoundMetrics:
    """Measurements over a whole round."""

    candidate_turns: int
    prospect_turns: int
    talk_share: float  # candidate's share of all words, 0..1
    longest_monologue: int  # words in the candidate's longest turn
    words_before_first_question: int  # candidate words before the first real question
    questions: int
    open_questions: int
    closed_questions: int
    leading_questions: int
    stacked_turns: int
    pitch_turns: int
    follow_ups: int
    facts_uncovered: tuple[str, ...]
    facts_total: int
    challenge_asked: bool
    challenge_coverage: float | None  # share of key points made, None if never asked
    injection_turns: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """A 1-5 level for one criterion with the turns that earned it and a one-line reason."""

    criterion: str
    name: str
    score: int
    evidence: tuple[int, ...]
    reason: str
    weight: float = 1.0
    assessed: bool = True  # False: the round gave no chance to show it (a neutral 3, not in total)
    raw: float = 0.0  # the unrounded level (1.0-5.0) behind `score`; 0.0 when not computed


@dataclass(frozen=True, slots=True)
class GamingFlag:
    """A pattern that tries to look curious without being curious, and the turns that show it."""

    kind: str  # hollow-questions | repeated-questions | echoed-lines | pasted-dialogue | ...
    turns: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RoundScore:
    """The scorecard of one round."""

    rubric: str
    language: str
    turns: tuple[TurnAnnotation, ...]
    metrics: RoundMetrics
    criteria: tuple[CriterionScore, ...]
    total: int  # 0..100
    flags: tuple[str, ...] = ()  # e.g. "prompt-injection"
    gaming: tuple[GamingFlag, ...] = ()  # what a reviewer should read before deciding
    product: tuple[str, ...] = ()  # the words that named the seller's product (the scenario's)

    def criterion(self, criterion_id: str) -> CriterionScore | None:
        """The score for one criterion, if the rubric has it."""
        return next((c for c in self.criteria if c.criterion == criterion_id), None)


@dataclass(frozen=True, slots=True)
class SelfAssessmentScore:
    """How well the candidate judged their own round."""

    score: int  # 1..5
    specific: bool
    balanced: bool
    overclaiming: bool
    claimed: dict[str, int] = field(default_factory=dict)  # criterion -> +1 praised / -1 criticised
    insight_gap: float = 0.0  # 0 = matches what was measured, 1 = opposite of it
    reason: str = ""
    flags: tuple[str, ...] = ()
