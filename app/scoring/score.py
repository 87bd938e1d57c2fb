"""Round scoring: a 1-5 level per rubric criterion, with the evidence turns and a measured reason.

Each `Criterion.measure` has one small judge below. A judge reads the turn annotations and the
round metrics, and returns a behaviour-anchored level, the turns that drove it (good or bad)
and a one-line reason in the rubric's language. Injection turns are stripped to their word
count first, so whatever they say earns nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.catalog.models import Rubric, Scenario
from app.roleplay.transcript import Turn
from app.scoring.annotate import annotate_round, detect_language
from app.scoring.metrics import asks, challenge_turn, counted_facts, measure_round, strip_injections
from app.scoring.models import CriterionScore, RoundMetrics, RoundScore, TurnAnnotation

_HERE = Path(__file__).parent
_DEFAULT_MONOLOGUE = 90  # words; the scenario's reactions.monologue_words when known
_LECTURE = 200  # words; an answer to the challenge longer than this is a lecture
_CUT_SHORT = ("—", "–", "--", "...", "…")  # a prospect turn ending like this was interrupted
_DIGIT = re.compile(r"\d")
# Level tables: (the value reached, the level it earns), best first.
_FACT_SHARE = ((0.6, 5), (0.4, 4), (0.2, 3))  # weighted share of the hidden facts uncovered
_OPEN_SHARE = ((0.75, 5), (0.55, 4), (0.35, 3), (0.15, 2))  # open among real questions
_COVERAGE = ((0.67, 4), (0.34, 3), (0.01, 2))  # challenge key points made
_PREAMBLE = ((121, 3), (81, 2), (41, 1))  # levels lost to the words before the first question


@cache
def _yaml(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((_HERE / name).read_text(encoding="utf-8"))
    return loaded


def reason_texts(language: str) -> dict[str, Any]:
    """The reason templates for a rubric language (English when the language is unknown)."""
    texts = _yaml("reasons.yaml")
    return dict(texts.get(language, texts["en"]))


def mentions(text: str, phrases: Sequence[str]) -> bool:
    """Whether `text` contains any of `phrases` as whole words, ignoring case."""
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", lowered) for p in phrases)


def _words(language: str, key: str) -> list[str]:
    lexicon = _yaml("score_words.yaml")
    words: list[str] = lexicon.get(language, lexicon["en"])[key]
    return words


@dataclass(frozen=True, slots=True)
class Judgement:
    """What one judge found: a level, the turns that drove it, and why."""

    level: int
    evidence: tuple[int, ...]
    reason: str
    assessed: bool = True


@dataclass(frozen=True, slots=True)
class _Round:
    notes: tuple[TurnAnnotation, ...]
    metrics: RoundMetrics
    texts: Mapping[int, str]
    scenario: Scenario | None
    language: str  # of the call: picks the word lists
    reasons: Mapping[str, Any]  # of the rubric: the reason templates

    @property
    def mine(self) -> list[TurnAnnotation]:
        return [a for a in self.notes if a.speaker == "candidate"]

    def say(self, measure: str, key: str, **fields: object) -> str:
        template: str = self.reasons[measure][key]
        return template.format(**fields)

    def text(self, index: int) -> str:
        return self.texts.get(index, "")

    def prospect_focused(self) -> list[TurnAnnotation]:
        """Open questions that are about the prospect, not a pitch with a question mark."""
        return [a for a in self.mine if a.question == "open" and not a.pitch]


def _step(value: float, table: Sequence[tuple[float, int]], below: int) -> int:
    """The level of the first (threshold, level) row that `value` reaches, else `below`."""
    return next((level for threshold, level in table if value >= threshold), below)


def _clamp(level: float) -> int:
    return max(1, min(5, math.floor(level + 0.5)))


def _first(turns: Sequence[TurnAnnotation]) -> tuple[int, ...]:
    return (turns[0].index,) if turns else ()


def _indexes(*groups: Sequence[TurnAnnotation]) -> tuple[int, ...]:
    return tuple(sorted({a.index for group in groups for a in group}))


# --------------------------------------------------------------------------- the judges


def _opening(r: _Round) -> Judgement:
    mine = r.mine
    words = r.metrics.words_before_first_question
    first_q = next((i for i, a in enumerate(mine) if asks(a)), None)
    opener = mine[: first_q + 1] if first_q is not None else mine[:2]
    pitched = [a for a in opener if a.pitch or a.self_talk]
    pitch_note = r.reasons["opening"]["pitch"] if pitched else ""
    if first_q is None:
        level = 1 if pitched or words > 120 else 2
        reason = r.say("opening", "no_question", turns=len(mine), words=words, pitch=pitch_note)
        return Judgement(level, _indexes(pitched) or _first(mine), reason)
    asked = mine[first_q]
    level = 5 - min(first_q, 2) - _step(words, _PREAMBLE, 0)
    if words > 250:  # a company overview of two minutes or more
        level = 1
    if pitched:
        level = min(level, 2 if words <= 120 else 1)
    if asked.question == "leading":
        level -= 1
    elif asked.question == "closed" and not any(
        a.question == "open" for a in mine[first_q : first_q + 2]
    ):
        # A quick permission question is fine when an open question follows straight away.
        level -= 1
    reason = r.say(
        "opening",
        "question",
        ordinal=first_q + 1,
        words=words,
        qtype=r.reasons["qtype"][asked.question or "open"],
        pitch=pitch_note,
    )
    return Judgement(_clamp(level), _indexes(pitched, [asked]), reason)


def _discovery(r: _Round) -> Judgement:
    focused = r.prospect_focused()
    goals = [a for a in focused if mentions(r.text(a.index), _words(r.language, "goals"))]
    by_questions = _discovery_by_questions(len(focused), len(goals), r.mine)
    fact_values = {f.id: f.value for f in r.scenario.facts} if r.scenario else {}
    if not fact_values:
        reason = r.say("discovery", "no_facts", open=len(focused), goals=len(goals))
        evidence = _indexes(goals or focused) or _indexes([a for a in r.mine if a.pitch])
        return Judgement(by_questions, evidence or _first(r.mine), reason)
    found = r.metrics.facts_uncovered
    share = sum(fact_values.get(f, 0) for f in found) / sum(fact_values.values())
    by_facts = (
        5 if share >= 0.6 else 4 if share >= 0.4 else 3 if share >= 0.2 else 2 if found else 1
    )
    # The facts are the scenario's ground truth; good questions that the scenario's word lists
    # missed (a live LLM prospect, a real call) still count, one level short of the top.
    level = max(by_facts, min(by_questions - 1, 4))
    earned = [a for a in r.mine if set(counted_facts(a)) & set(found)]
    reason = r.say(
        "discovery",
        "facts",
        found=len(found),
        total=len(fact_values),
        share=round(100 * share),
        open=len(focused),
        goals=len(goals),
    )
    evidence = _indexes(earned) or _indexes(focused) or _indexes([a for a in r.mine if a.pitch])
    return Judgement(level, evidence or _first(r.mine), reason)


def _discovery_by_questions(focused: int, goals: int, mine: Sequence[TurnAnnotation]) -> int:
    if focused == 0:
        return 2 if any(asks(a) and not a.pitch for a in mine) else 1
    if focused >= 4:
        return 5 if goals >= 2 else 4
    if focused >= 2:
        return 4 if goals >= 2 else 3
    return 2


def _questioning(r: _Round) -> Judgement:
    m, mine = r.metrics, r.mine
    asking = [a for a in mine if asks(a)]
    if not asking:
        return Judgement(1, _first(mine), r.say("questioning", "none", turns=len(mine)))
    share = m.open_questions / len(asking)
    level = _step(share, _OPEN_SHARE, 1)
    if m.leading_questions and m.leading_questions / len(asking) >= 0.3:
        level -= 1
    if m.stacked_turns and m.stacked_turns / len(asking) >= 0.3:
        level -= 1
    few = len(mine) >= 4 and len(asking) / len(mine) < 0.34
    if few:
        level = min(level, 2)
    reason = r.say(
        "questioning",
        "asked",
        questions=m.questions,
        asking=len(asking),
        turns=len(mine),
        open=m.open_questions,
        closed=m.closed_questions,
        leading=m.leading_questions,
        stacked=m.stacked_turns,
        few=r.reasons["questioning"]["few"] if few else "",
    )
    good = [a for a in asking if a.question == "open" and not a.stacked]
    bad = [a for a in asking if a.question != "open" or a.stacked]
    level = _clamp(level)
    return Judgement(level, _indexes(good if level >= 3 else bad) or _indexes(asking), reason)


def _listening(r: _Round) -> Judgement:
    m, mine = r.metrics, r.mine
    chances = max(1, len(mine) - 1)  # the first turn has nothing to follow up on
    follow_rate = m.follow_ups / chances
    points = 0
    if follow_rate >= 0.5:
        points += 2
    elif follow_rate >= 0.25:
        points += 1
    elif m.follow_ups == 0 and len(mine) >= 3:
        points -= 1
    if m.talk_share <= 0.5:
        points += 1
    elif m.talk_share > 0.75:
        points -= 2
    elif m.talk_share > 0.65:
        points -= 1
    limit = r.scenario.reactions.monologue_words if r.scenario else _DEFAULT_MONOLOGUE
    if m.longest_monologue >= 2 * limit:
        points -= 2
    elif m.longest_monologue >= limit:
        points -= 1
    asking = [a for a in mine if asks(a)]
    interrogation = len(asking) >= 4 and follow_rate < 0.15
    if interrogation:
        points -= 1
    cuts = [
        a
        for a in r.notes
        if a.speaker == "prospect" and r.text(a.index).rstrip().endswith(_CUT_SHORT)
    ]
    if cuts:
        points -= 1
    extra = r.reasons["listening"]["interrogation"] if interrogation else ""
    if cuts:
        extra += r.say("listening", "cut_short", cuts=len(cuts))
    reason = r.say(
        "listening",
        "line",
        follow_ups=m.follow_ups,
        turns=len(mine),
        share=round(100 * m.talk_share),
        longest=m.longest_monologue,
        extra=extra,
    )
    level = _clamp(3 + points)
    good = [a for a in mine if a.follow_up]
    longest = max(mine, key=lambda a: a.words)
    bad = [a for a in mine if a.pitch or a.monologue or (a is longest and a.words >= limit)]
    if interrogation:
        bad += [a for a in asking if not a.follow_up]
    evidence = _indexes(good if level >= 3 else bad) or _indexes(good or bad)
    return Judgement(level, evidence or (longest.index,), reason)


def _preparation(r: _Round) -> Judgement:
    mine = r.mine
    asked_at = challenge_turn(r.notes)
    if asked_at is None:
        return Judgement(3, (mine[-1].index,), r.say("preparation", "not_asked"), assessed=False)
    after = [a for a in mine if a.index > asked_at]
    if not after:
        return Judgement(1, (asked_at,), r.say("preparation", "unanswered"))
    answer = after[0]
    returned = [a for a in after[:2] if asks(a)]
    coverage = r.metrics.challenge_coverage
    level = 3 if coverage is None else _step(coverage, _COVERAGE, 1)
    if answer.words > _LECTURE:
        level -= 1
    if returned and coverage != 0:
        level += 1
    back = r.reasons["preparation"]["returned" if returned else "not_returned"]
    if coverage is None:
        reason = r.say("preparation", "answered_unknown", words=answer.words, returned=back)
    else:
        reason = r.say(
            "preparation",
            "answered",
            words=answer.words,
            covered=round(100 * coverage),
            returned=back,
        )
    return Judgement(_clamp(level), _indexes([answer], returned[:1]), reason)


def _objection(r: _Round) -> Judgement:
    raised = [a for a in r.notes if a.speaker == "prospect" and a.objection]
    mine = r.mine
    if not raised:
        return Judgement(3, (mine[-1].index,), r.say("objection", "none"), assessed=False)
    levels: list[int] = []
    replies: list[TurnAnnotation] = []
    acknowledged = explored = argued = 0
    for objection in raised:
        next_two = [a for a in mine if a.index > objection.index][:2]
        if not next_two:
            levels.append(1)
            argued += 1
            continue
        reply = next_two[0]
        replies.append(reply)
        acked = any(a.objection == objection.objection for a in next_two)
        opened = any(a.question == "open" for a in next_two)
        acknowledged += acked
        explored += opened
        if acked and opened:
            levels.append(5)
        elif opened or (acked and asks(reply)):
            levels.append(4)
        elif acked:
            levels.append(3)
        elif reply.pitch or reply.monologue or not asks(reply):
            argued += 1
            levels.append(1 if reply.pitch or reply.monologue else 2)
        else:
            levels.append(3 if reply.question == "closed" else 2)
    reason = r.say(
        "objection",
        "handled",
        raised=len(raised),
        acknowledged=acknowledged,
        explored=explored,
        argued=argued,
    )
    evidence = _indexes(replies) or (raised[0].index,)
    return Judgement(_clamp(sum(levels) / len(levels)), evidence, reason)


def _next_step(r: _Round) -> Judgement:
    mine = r.mine
    phrases, proposals = _words(r.language, "next_step"), _words(r.language, "proposal")
    concrete_words = _words(r.language, "concrete")
    best: tuple[int, TurnAnnotation, bool, int, int] | None = None
    for position, a in enumerate(mine):
        text = r.text(a.index)
        if not mentions(text, phrases) or not (asks(a) or mentions(text, proposals)):
            continue
        before = mine[:position]
        open_before = sum(b.question == "open" for b in before)
        facts_before = len({f for b in before for f in counted_facts(b)})
        earned = open_before >= 2 or facts_before >= 1
        concrete = mentions(text, concrete_words) or bool(_DIGIT.search(text))
        level = (5 if concrete else 4) if earned else (3 if concrete else 2)
        if best is None or level >= best[0]:
            best = (level, a, concrete, open_before, facts_before)
    if best is None:
        return Judgement(2, (mine[-1].index,), r.say("next-step", "none", turns=len(mine)))
    level, turn, concrete, open_before, facts_before = best
    reason = r.say(
        "next-step",
        "asked",
        concrete=r.reasons["next-step"]["concrete" if concrete else "vague"],
        turn=turn.index,
        open=open_before,
        facts=facts_before,
    )
    return Judgement(level, (turn.index,), reason)


_JUDGES: dict[str, Callable[[_Round], Judgement]] = {
    "opening": _opening,
    "discovery": _discovery,
    "questioning": _questioning,
    "listening": _listening,
    "preparation": _preparation,
    "objection": _objection,
    "next-step": _next_step,
}


# --------------------------------------------------------------------------- the scorecard


def score_annotations(
    rubric: Rubric,
    annotations: Sequence[TurnAnnotation],
    metrics: RoundMetrics,
    turns: Sequence[Turn],
    *,
    scenario: Scenario | None = None,
    language: str | None = None,
) -> RoundScore:
    """Score a round's annotations against a role-play rubric."""
    if rubric.kind != "roleplay":
        raise ValueError(f"rubric {rubric.id!r} scores self-assessments, not role-play rounds")
    notes = strip_injections(annotations)
    call_language = language or rubric.language
    round_ = _Round(
        notes=notes,
        metrics=metrics,
        texts={t.index: t.text for t in turns},
        scenario=scenario,
        language=call_language,
        reasons=reason_texts(rubric.language),
    )
    silent = not round_.mine
    criteria = []
    for criterion in rubric.criteria:
        judge = _JUDGES.get(criterion.measure)
        if judge is None:
            raise ValueError(
                f"rubric {rubric.id!r}: criterion {criterion.id!r} has measure "
                f"{criterion.measure!r}, which scores self-assessments, not rounds"
            )
        found = Judgement(1, (), round_.reasons["silent"]) if silent else judge(round_)
        criteria.append(
            CriterionScore(
                criterion=criterion.id,
                name=criterion.name,
                score=found.level,
                evidence=found.evidence,
                reason=found.reason,
                weight=criterion.weight,
                assessed=found.assessed,
            )
        )
    flags = ["prompt-injection"] if metrics.injection_turns else []
    if silent:
        flags.append("no-candidate-turns")
    return RoundScore(
        rubric=rubric.id,
        language=call_language,
        turns=tuple(annotations),
        metrics=metrics,
        criteria=tuple(criteria),
        total=weighted_total(criteria),
        flags=tuple(flags),
    )


def weighted_total(criteria: Sequence[CriterionScore]) -> int:
    """Weighted mean of the assessed criteria, mapped from 1..5 to 0..100."""
    counted = [c for c in criteria if c.assessed] or list(criteria)
    weight = sum(c.weight for c in counted)
    if not weight:
        return 0
    mean = sum(c.score * c.weight for c in counted) / weight
    return round((mean - 1) * 25)


def round_language(turns: Sequence[Turn], fallback: str) -> str:
    """The language of the candidate's words, or `fallback` when there are too few to tell."""
    texts = [t.text for t in turns if t.speaker == "candidate"]
    if sum(len(t.split()) for t in texts) < 8:
        return fallback
    return detect_language(texts)


def score_round(
    rubric: Rubric,
    turns: Sequence[Turn],
    scenario: Scenario | None = None,
    *,
    language: str | None = None,
) -> RoundScore:
    """Annotate, measure and score one round."""
    fallback = scenario.language if scenario else rubric.language
    call_language = language or round_language(turns, fallback)
    annotations = annotate_round(turns, scenario, call_language)
    metrics = measure_round(annotations, scenario, turns)
    return score_annotations(
        rubric, annotations, metrics, turns, scenario=scenario, language=call_language
    )
