"""The scenario and rubric formats: YAML files validated into frozen pydantic models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A language code with a folder under languages/ (the catalog loader checks the folder exists).
Language = str
Slug = str  # lower-case words joined by "-", checked by the validators below


class Frozen(BaseModel):
    """Base for every catalog model: immutable, and unknown keys are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_slug(value: str) -> str:
    cleaned = value.replace("-", "").replace("_", "")
    if not value or not cleaned.isalnum() or value.lower() != value:
        raise ValueError(
            "expected a lower-case id of letters, digits and '-', like 'goal-discovery'"
        )
    return value


# --------------------------------------------------------------------------- scenarios


class Persona(Frozen):
    """Who the prospect is."""

    name: str
    title: str
    company: str
    situation: str = Field(description="What is going on at the prospect's company, in prose.")
    temperament: str = Field(description="How the prospect talks: busy, warm, sceptical ...")


class HiddenFact(Frozen):
    """Something the prospect knows and says only when the candidate asks about it."""

    id: str
    topic: str = Field(description="A short label for reviewers, e.g. 'why they downloaded'.")
    reveal: list[str] = Field(
        min_length=1, description="Ways the prospect says it (the engine varies between them)."
    )
    asked_by: list[str] = Field(
        min_length=1,
        description=(
            "What counts as asking: words or phrases (lower case) that a candidate question "
            "about this topic contains. A phrase matches when all its words appear."
        ),
    )
    value: int = Field(default=1, ge=1, le=3, description="How much uncovering it matters.")

    _slug = field_validator("id")(_check_slug)


class KeyPoint(Frozen):
    """One point a good answer to the challenge question makes."""

    id: str
    text: str
    signals: list[str] = Field(
        min_length=1, description="Words or phrases (lower case) that show the point was made."
    )

    _slug = field_validator("id")(_check_slug)


class Challenge(Frozen):
    """The hard question the prospect asks mid-call (Roberge: how does SEO / inbound work?)."""

    questions: list[str] = Field(min_length=1, description="Wordings of the challenge question.")
    after_candidate_turns: int = Field(
        ge=1, description="Asked in the prospect's reply to this candidate turn (1-based)."
    )
    key_points: list[KeyPoint] = Field(min_length=1)
    satisfied: list[str] = Field(
        min_length=1, description="What the prospect says after a good answer."
    )
    unsatisfied: list[str] = Field(
        min_length=1, description="What the prospect says after a vague or wrong answer."
    )
    topic: list[str] = Field(
        default_factory=list,
        description=(
            "What the hard question is about, as patterns (regular expressions, lower case): "
            "a prospect line asking how this works counts as the challenge whatever its wording."
        ),
    )
    ideas: list[list[str]] = Field(
        default_factory=list,
        description=(
            "The ideas a plain answer explains, each a list of phrases that show it (in the "
            "scenario's language): an answer worded unlike the key points still covers them."
        ),
    )


class Objection(Frozen):
    """A push-back the prospect raises, and what defuses it."""

    id: str
    lines: list[str] = Field(min_length=1, description="Ways the prospect says it.")
    when: Literal["opening", "after_turns", "on_pitch", "on_meeting_request"] = "after_turns"
    after_candidate_turns: int | None = Field(
        default=None, ge=1, description="With when=after_turns: the candidate turn it follows."
    )
    handled_by: list[str] = Field(
        min_length=1,
        description=(
            "Words or phrases (lower case) that show the candidate acknowledged it and asked "
            "about it rather than arguing."
        ),
    )
    softened: list[str] = Field(
        min_length=1, description="What the prospect says once it is handled well."
    )

    _slug = field_validator("id")(_check_slug)

    @model_validator(mode="after")
    def _turn_given(self) -> Objection:
        if self.when == "after_turns" and self.after_candidate_turns is None:
            raise ValueError("after_candidate_turns is required when 'when' is 'after_turns'")
        return self


class Reactions(Frozen):
    """How the prospect reacts to the candidate's behaviour, with lines to vary between."""

    monologue_words: int = Field(
        default=90, ge=20, description="A candidate turn this long counts as a monologue."
    )
    patience: int = Field(
        default=3,
        ge=1,
        description="Pitches or monologues the prospect sits through before leaving.",
    )
    cool: list[str] = Field(min_length=1, description="Short, cooler replies to a pitch.")
    exit: list[str] = Field(min_length=1, description="Polite ways to end the call.")
    accept_meeting: list[str] = Field(min_length=1)
    decline_meeting: list[str] = Field(min_length=1)
    closed_yes: list[str] = Field(min_length=1, description="Brief answers to closed questions.")
    unknown: list[str] = Field(
        min_length=1, description="Replies to questions about things the prospect has no fact for."
    )
    stay_in_role: list[str] = Field(
        min_length=1,
        description="Replies when the candidate tries to break the role play or get the rubric.",
    )
    nudge: list[str] = Field(
        min_length=1, description="What the prospect says when the candidate makes a statement."
    )
    unclear: list[str] = Field(
        default_factory=list,
        description=(
            "Replies to a line that fits nothing (off topic, garbled): a natural 'not sure what "
            "you mean' or a redirect, never a fact. Empty: the stay_in_role lines are used."
        ),
    )


class Limits(Frozen):
    """How long a round may run."""

    max_candidate_turns: int = Field(default=20, ge=2, le=200)
    minutes: int = Field(default=15, ge=1, le=120)


class Scenario(Frozen):
    """A role play: the brief, the prospect and how it behaves."""

    id: str
    title: str
    language: Language = "en"
    kind: Literal["interview", "practice"] = "interview"
    summary: str = Field(description="One or two sentences for the scenario library.")
    brief: str = Field(description="What the candidate is told before the call.")
    persona: Persona
    product: list[str] = Field(
        default_factory=list,
        description=(
            "The words that name what the candidate sells (e.g. the company's name): talk "
            "about them is talk about the seller, and a question about them asks nothing."
        ),
    )
    opening: list[str] = Field(min_length=1, description="The prospect's first line, variants.")
    facts: list[HiddenFact] = Field(min_length=1)
    challenge: Challenge | None = None
    objections: list[Objection] = Field(default_factory=list)
    reactions: Reactions
    limits: Limits = Limits()
    rubric: str = Field(description="Id of the rubric that scores this scenario.")
    engine: Literal["scripted", "llm"] | None = Field(
        default=None, description="Overrides the deployment's engine for this scenario."
    )

    _slug = field_validator("id", "rubric")(_check_slug)

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        for label, ids in (
            ("facts", [f.id for f in self.facts]),
            ("objections", [o.id for o in self.objections]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{label}: duplicate ids {dupes}")
        return self

    def fact(self, fact_id: str) -> HiddenFact | None:
        """The hidden fact with this id, if any."""
        return next((f for f in self.facts if f.id == fact_id), None)


# --------------------------------------------------------------------------- rubrics

Measure = Literal[
    "opening",  # starts with curiosity, not a pitch
    "discovery",  # uncovers goals and hidden facts
    "questioning",  # open questions, one at a time, not leading
    "listening",  # follows up, lets the prospect talk, no monologues
    "preparation",  # answers the challenge question, then returns to the prospect
    "objection",  # acknowledges and explores objections instead of arguing
    "next-step",  # earns and asks for a concrete next step
    # self-assessment measures
    "specificity",
    "balance",
    "accuracy",
]


class Levels(Frozen):
    """Behaviour anchors for levels 1 to 5, in plain words."""

    level_1: str = Field(alias="1")
    level_2: str = Field(alias="2")
    level_3: str = Field(alias="3")
    level_4: str = Field(alias="4")
    level_5: str = Field(alias="5")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def text(self, level: int) -> str:
        """The anchor text for a level from 1 to 5."""
        return str(getattr(self, f"level_{level}"))


class CoachingTexts(Frozen):
    """What the coach says when this criterion is the strength or the improvement."""

    strength: str
    improvement: str = Field(description="What to do differently next round.")


# A threshold's value: a number, a table of [value reached, level] rows, a value per name.
Threshold = int | float | list[list[int | float]] | list[int | float] | dict[str, int | float]


class MeasurePart(Frozen):
    """One measure a criterion composes, with its weight and its own thresholds."""

    measure: Measure
    weight: float = Field(default=1.0, gt=0, le=10)
    thresholds: dict[str, Threshold] = Field(default_factory=dict)


class Criterion(Frozen):
    """One thing the rubric scores: a measure (or several, weighted) and its thresholds."""

    id: str
    name: str
    measure: Measure | None = Field(
        default=None, description="Which measured behaviour drives the score."
    )
    measures: list[MeasurePart] = Field(
        default_factory=list,
        description="Several measures composed: the level is their weighted mean.",
    )
    thresholds: dict[str, Threshold] = Field(
        default_factory=dict,
        description="The measure's level thresholds (see `coachable schema thresholds`).",
    )
    weight: float = Field(default=1.0, gt=0, le=10)
    description: str
    levels: Levels
    coaching: CoachingTexts

    _slug = field_validator("id")(_check_slug)

    @model_validator(mode="after")
    def _one_way(self) -> Criterion:
        if (self.measure is None) == (not self.measures):
            raise ValueError("give either 'measure' or 'measures', not both and not neither")
        return self

    @property
    def parts(self) -> list[MeasurePart]:
        """The measures it composes (one for a plain `measure`)."""
        if self.measure is not None:
            return [MeasurePart(measure=self.measure, thresholds={})]
        return list(self.measures)

    @property
    def main_measure(self) -> Measure:
        """The measure that weighs most (what the self-assessment and the coach map it to)."""
        return self.measure or max(self.measures, key=lambda p: p.weight).measure


class JudgeSetting(Frozen):
    """Whether the optional LLM judge gives a second opinion on this rubric, and on what."""

    enabled: bool = Field(
        default=False,
        description=(
            "Let the LLM judge read rounds (or self-assessments) scored with this rubric. It runs "
            "only where the deployment turns it on too (COACHABLE_JUDGE_ENABLED)."
        ),
    )
    criteria: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Ids of the criteria the judge reads (default: all of them).",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        # `judge: true` is `judge: {enabled: true}`.
        return {"enabled": value} if isinstance(value, bool) else value


class Rubric(Frozen):
    """A set of weighted criteria with behaviour-anchored levels."""

    id: str
    title: str
    language: Language = "en"
    kind: Literal["roleplay", "self-assessment"] = "roleplay"
    description: str = ""
    extends: str | None = Field(
        default=None,
        description="A rubric this one gives in another language: its criteria, measures and "
        "thresholds are the other's; this file gives the texts.",
    )
    thresholds: dict[str, Threshold] = Field(
        default_factory=dict,
        description="Thresholds every criterion shares (e.g. when a "
        "round is an interrogation); a criterion's own win.",
    )
    criteria: list[Criterion] = Field(min_length=1)
    judge: JudgeSetting = Field(
        default=JudgeSetting(), description="The optional LLM judge's second opinion."
    )

    _slug = field_validator("id")(_check_slug)

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        ids = [c.id for c in self.criteria]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"criteria: duplicate ids {dupes}")
        unknown = sorted(set(self.judge.criteria or ()) - set(ids))
        if unknown:
            raise ValueError(f"judge.criteria: unknown criteria {unknown}; the rubric has {ids}")
        return self

    def judged_criteria(self) -> list[Criterion]:
        """The criteria the judge reads (all of them unless judge.criteria names some)."""
        named = self.judge.criteria
        return [c for c in self.criteria if named is None or c.id in named]

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, if any."""
        return next((c for c in self.criteria if c.id == criterion_id), None)
