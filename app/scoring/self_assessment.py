"""Scoring the answer to "How did you do?": specific, balanced, and close to what was measured."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.catalog.models import Rubric
from app.roleplay.transcript import Turn
from app.scoring.annotate import detect_injection, detect_language
from app.scoring.models import CriterionScore, RoundScore, SelfAssessmentScore
from app.scoring.score import reason_texts, render
from app.scoring.text import content_stems, fold, normalise
from app.scoring.text import tokens as words_of

_TOKEN = re.compile(r"[\w/'-]+")
_QUOTE = re.compile(r"[\"“”«»]([^\"“”«»]{3,}?)[\"“”«»]|(?<!\w)'([^']{3,}?)'(?!\w)")
_SCOPE = 4  # a negator reaches this many words ahead ("didn't really listen well")
# How much each part weighs in the 1-5 score (times the self-assessment rubric's own weights):
# seeing what really happened matters most, then pointing at it, then weighing both sides.
_WEIGHTS = {"accuracy": 0.5, "specificity": 0.3, "balance": 0.2}
# Which round criteria a measure's claims land on when only criterion ids are known.
_ALIASES = {
    "opening": ("opening", "open-call", "intro"),
    "discovery": ("discover", "explore", "goal", "needs"),
    "questioning": ("question",),
    "listening": ("listen",),
    "preparation": ("prepar", "challenge", "knowledge"),
    "objection": ("objection", "acknowledge"),
    "next-step": ("next-step", "close", "closing"),
}


@cache
def _lexicon(language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "self_assessment.yaml").read_text(encoding="utf-8")
    )
    return dict(data.get(language, data["en"]))


def _tokens(text: str) -> list[str]:
    # Folded, so a review typed without å, ä and ö ("malet", "fragade") still reads.
    return [fold(w) for w in _TOKEN.findall(text.lower().replace("’", "'"))]


@cache
def _clause_breaks(language: str) -> re.Pattern[str]:
    """Punctuation, and the words that start a new claim ("..., but I talked too much")."""
    words = "|".join(re.escape(w) for w in _lexicon(language)["clause_breaks"])
    return re.compile(rf"[.!?;\n]+|(?<!\S)(?={words}\b)", re.IGNORECASE)


@cache
def _polarity_table(language: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """Phrase -> (kind, measure): kind is good, bad, negator or fault."""
    lex = _lexicon(language)
    # Overclaiming is praise too; the plain lists come after it and win on a clash.
    table: dict[tuple[str, ...], tuple[str, str]] = {
        tuple(_tokens(phrase)): ("good", "") for phrase in lex["overclaiming"]
    }
    for kind in ("good", "bad", "negators"):
        for phrase in lex[kind]:
            table[tuple(_tokens(phrase))] = (kind, "")
    for measure, phrases in lex["faults"].items():
        for phrase in phrases:
            table[tuple(_tokens(phrase))] = ("fault", measure)
    return table


@cache
def _topic_table(language: str) -> dict[tuple[str, ...], tuple[str, str]]:
    lex = _lexicon(language)
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for group in ("topics", "faults"):
        for measure, phrases in lex[group].items():
            for phrase in phrases:
                table[tuple(_tokens(phrase))] = ("topic", measure)
    return table


def _scan(
    tokens: Sequence[str], table: Mapping[tuple[str, ...], tuple[str, str]]
) -> list[tuple[int, str, str, str]]:
    """Longest-first phrase hits as (position, kind, measure, phrase); a hit uses its words up."""
    longest = max((len(k) for k in table), default=1)
    hits: list[tuple[int, str, str, str]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            found = table.get(tuple(tokens[i : i + size]))
            if found:
                hits.append((i, found[0], found[1], " ".join(tokens[i : i + size])))
                i += size
                break
        else:
            i += 1
    return hits


@dataclass(frozen=True, slots=True)
class _Clause:
    polarity: int  # +1 praise, -1 criticism, 0 neither
    measures: dict[str, int]  # measure -> +1/-1 claimed in this clause


def _read_clause(text: str, language: str) -> _Clause:
    tokens = _tokens(text)
    after_verb = bool(_lexicon(language).get("negation_after_verb"))
    hits: list[tuple[int, int, str]] = []  # (end position, sign, measure of a fault or "")
    negated_at: int | None = None
    for position, kind, measure, phrase in _scan(tokens, _polarity_table(language)):
        if negated_at is not None and (kind == "negators" or position - negated_at > _SCOPE):
            hits.append((negated_at, -1, ""))  # "I didn't ask about the budget": criticism
            negated_at = None
        if kind == "negators":
            if after_verb and hits and hits[-1][1] and position - hits[-1][0] <= 1:
                _, sign, fault = hits[-1]
                hits[-1] = (position + 1, -sign, fault)  # "jag pitchade inte"
            else:
                negated_at = position
            continue
        sign = 1 if kind == "good" else -1
        if negated_at is not None:
            sign, negated_at = -sign, None
        hits.append((position + len(phrase.split()), sign, measure if kind == "fault" else ""))
    if negated_at is not None:
        hits.append((negated_at, -1, ""))
    total = sum(sign for _, sign, _ in hits)
    polarity = (total > 0) - (total < 0)
    measures = {m: polarity for _, _, m, _ in _scan(tokens, _topic_table(language))}
    for fault in {m for _, _, m in hits if m}:
        value = sum(sign for _, sign, m in hits if m == fault)
        measures[fault] = (value > 0) - (value < 0)
    return _Clause(polarity, {m: v for m, v in measures.items() if v})


def _has(tokens: Sequence[str], phrases: Iterable[str]) -> list[str]:
    joined = f" {' '.join(tokens)} "
    return [p for p in phrases if f" {' '.join(_tokens(p))} " in joined]


def _overclaims(tokens: Sequence[str], language: str) -> list[str]:
    lex = _lexicon(language)
    # The word list's own spelling rides along, to quote it unfolded ("jättebra").
    table = {tuple(_tokens(p)): ("over", p) for p in lex["overclaiming"]}
    table.update({tuple(_tokens(p)): ("negators", "") for p in lex["negators"]})
    found: list[str] = []
    negated_at = -_SCOPE - 1
    for position, kind, spelled, _ in _scan(tokens, table):
        if kind == "negators":
            negated_at = position
        elif position - negated_at > 2:  # "it wasn't perfect" is not overclaiming
            found.append(spelled)
    return found


def _moments(text: str, tokens: Sequence[str], turns: Sequence[Turn], language: str) -> int:
    """How many concrete pointers at the call the text holds (quotes, moments, counts, echoes)."""
    lex = _lexicon(language)
    markers = len(_has(tokens, lex["moments"]))
    markers += len([m for m in _QUOTE.finditer(text) if len((m[1] or m[2]).split()) >= 2])
    counts, countables = set(lex["counts"]), set(lex["countables"])
    markers += sum(
        1
        for i, token in enumerate(tokens)
        if (token in counts or token.isdigit()) and countables & set(tokens[i + 1 : i + 3])
    )
    markers += min(2, len(_echoes(text, turns, language)) // 2)
    return markers


def _echoes(text: str, turns: Sequence[Turn], language: str) -> set[str]:
    """Words of substance the text shares with what the prospect said ("the trade shows")."""
    heard = {w for t in turns if t.speaker == "prospect" for w in words_of(normalise(t.text))}
    said = content_stems(words_of(normalise(text)), language)
    return (said & content_stems(heard, language)) - _vocabulary(language)


@cache
def _vocabulary(language: str) -> frozenset[str]:
    """Stems of the review words themselves, which echo nothing particular to the call."""
    lex = _lexicon(language)
    phrases = [p for key in ("good", "bad", "overclaiming", "moments", "change") for p in lex[key]]
    phrases += [p for group in ("topics", "faults") for ps in lex[group].values() for p in ps]
    return frozenset(content_stems(words_of(normalise(" ".join(phrases))), language))


def _measure_of(criterion: str, rubric: Rubric | None) -> str | None:
    if rubric is not None:
        found = rubric.criterion(criterion)
        if found is not None:
            return found.measure
    return next((m for m, keys in _ALIASES.items() if any(k in criterion for k in keys)), None)


def _claims(
    by_measure: Mapping[str, int], round_score: RoundScore, rubric: Rubric | None
) -> dict[str, int]:
    claimed: dict[str, int] = {}
    for score in round_score.criteria:
        measure = _measure_of(score.criterion, rubric)
        if measure is not None and measure in by_measure:
            claimed[score.criterion] = by_measure[measure]
    return claimed


def _claim_error(claim: int, score: int) -> float:
    """0 when the claim fits the measured level, 1 when it is the opposite of it."""
    if claim > 0:
        return max(0.0, min(1.0, (4 - score) / 3))
    # Nitpicking a strength is a far smaller miss than praising a weak spot: it stays coachable.
    return max(0.0, min(1.0, (score - 3) / 8))


def _insight_gap(claimed: Mapping[str, int], round_score: RoundScore, polarity: int) -> float:
    scores = {c.criterion: c.score for c in round_score.criteria}
    if claimed:
        errors = [_claim_error(claim, scores[c]) for c, claim in claimed.items()]
        return round(sum(errors) / len(errors), 2)
    if polarity > 0:  # an overall "it went well" against the measured total
        return round(max(0.0, min(1.0, (75 - round_score.total) / 50)), 2)
    if polarity < 0:
        return round(max(0.0, min(1.0, (round_score.total - 25) / 50)), 2)
    return 0.5  # nothing claimed: neither close to nor far from the scorecard


def _fair_one_side(clauses: Sequence[_Clause], round_score: RoundScore) -> bool:
    """Whether a one-sided review matches a one-sided call."""
    levels = [c.score for c in round_score.criteria if c.assessed]
    praised = any(c.polarity > 0 for c in clauses)
    criticised = any(c.polarity < 0 for c in clauses)
    if not levels or praised == criticised:
        return False
    return max(levels) <= 2 if criticised else min(levels) >= 4


def _weakest(round_score: RoundScore) -> CriterionScore | None:
    weak = [c for c in round_score.criteria if c.assessed and c.score <= 3]
    return min(weak, key=lambda c: (c.score, -c.weight)) if weak else None


@dataclass(frozen=True, slots=True)
class _Reading:
    markers: int
    changes: bool
    good: int
    bad: int
    claimed: dict[str, int]
    gap: float
    overclaims: list[str]
    weakest_named: CriterionScore | None
    fair_one_side: bool  # only praise of an all-strong call, or only criticism of an all-weak one
    blind_spots: tuple[int, ...]  # levels of the praised criteria that scored 1 or 2


def _levels(reading: _Reading, weakest: CriterionScore | None) -> dict[str, int]:
    """Specificity, balance and accuracy levels, anchored like the self-assessment rubric."""
    r = reading
    if r.markers == 0:
        specificity = 2 if r.claimed else 1
    elif r.markers == 1:
        specificity = 3
    else:
        specificity = 5 if r.changes else 4
    mapped_sides = set(r.claimed.values())
    if not (r.good and r.bad):
        # One-sided is fair when the call itself was: all weak, or all strong.
        balance = 3 if r.fair_one_side else 1
    else:
        balance = 5 if mapped_sides == {1, -1} else 4 if r.claimed or r.markers >= 2 else 3
    if not r.claimed:
        # Praise and criticism of the same skill cancel out; a specific, two-sided review
        # that names no single skill is neither right nor wrong about the scorecard.
        nuanced = r.good and r.bad and r.markers >= 2
        accuracy = 1 if r.gap >= 0.6 else 3 if nuanced else 2
    elif r.gap <= 0.35:
        accuracy = 5 if weakest is None or r.weakest_named else 4
    else:
        accuracy = 3 if r.gap <= 0.55 else 2 if r.gap <= 0.75 else 1
    if r.blind_spots:
        accuracy = min(accuracy, *r.blind_spots)  # praised what scored 1 or 2: a blind spot
    return {"specificity": specificity, "balance": balance, "accuracy": accuracy}


def _reason(reading: _Reading, round_score: RoundScore, texts: Mapping[str, str]) -> str:
    r = reading
    names = {c.criterion: c for c in round_score.criteria}
    first = render(texts["specific"], markers=r.markers) if r.markers else texts["vague"]
    if r.good and r.bad:
        sides = render(texts["balanced"], good=r.good, bad=r.bad)
    else:
        sides = (
            texts["only_good"] if r.good else texts["only_bad"] if r.bad else texts["no_judgement"]
        )
    if not r.claimed:
        fit = texts["no_claims"]
    else:
        misses = [
            render(
                texts["praised" if claim > 0 else "criticised"],
                name=names[c].name,
                score=names[c].score,
            )
            for c, claim in r.claimed.items()
            if _claim_error(claim, names[c].score) >= 0.5
        ]
        key = "differs" if misses else "matches"
        fit = render(texts[key], gap=f"{r.gap:.2f}", mismatches=", ".join(misses))
    line = f"{first}; {sides}; {fit}"
    if r.weakest_named:
        line += render(texts["weakest"], name=r.weakest_named.name)
    if r.overclaims:
        line += render(texts["overclaiming"], word=r.overclaims[0])
    return line + "."


def score_self_assessment(
    text: str,
    round_score: RoundScore,
    rubric: Rubric,
    turns: Sequence[Turn],
    *,
    round_rubric: Rubric | None = None,
) -> SelfAssessmentScore:
    """Score a self-assessment against the round it judges.

    `rubric` is the round's role-play rubric, or the self-assessment rubric (its weights then
    combine the specificity, balance and accuracy levels; pass the round's rubric as
    `round_rubric` so claims land on the right criteria).
    """
    roleplay = rubric if rubric.kind == "roleplay" else round_rubric
    texts: dict[str, str] = reason_texts(
        roleplay.language if roleplay else detect_language([text or ""])
    )["self_assessment"]
    if not text or not text.strip():
        return SelfAssessmentScore(1, False, False, False, insight_gap=1.0, reason=texts["empty"])
    if detect_injection(text):
        return SelfAssessmentScore(
            1,
            False,
            False,
            False,
            insight_gap=1.0,
            reason=texts["injection"],
            flags=("prompt-injection",),
        )
    language = detect_language([text])
    tokens = _tokens(text)
    parts = [part for part in _clause_breaks(language).split(text) if part.strip()]
    clauses = [_read_clause(part, language) for part in parts]
    by_measure: dict[str, int] = {}
    for clause in clauses:
        for measure, sign in clause.measures.items():
            by_measure[measure] = by_measure.get(measure, 0) + sign
    claimed = _claims(
        {m: (v > 0) - (v < 0) for m, v in by_measure.items() if v}, round_score, roleplay
    )
    overall = sum(c.polarity for c in clauses)
    weakest = _weakest(round_score)
    reading = _Reading(
        markers=_moments(text, tokens, turns, language),
        changes=bool(_has(tokens, _lexicon(language)["change"])),
        good=sum(c.polarity > 0 for c in clauses),
        bad=sum(c.polarity < 0 for c in clauses),
        claimed=claimed,
        gap=_insight_gap(claimed, round_score, (overall > 0) - (overall < 0)),
        overclaims=_overclaims(tokens, language),
        weakest_named=weakest if weakest and claimed.get(weakest.criterion) == -1 else None,
        fair_one_side=_fair_one_side(clauses, round_score),
        blind_spots=tuple(
            c.score for c in round_score.criteria if claimed.get(c.criterion) == 1 and c.score <= 2
        ),
    )
    levels = _levels(reading, weakest)
    weights = dict(_WEIGHTS)
    if rubric.kind != "roleplay":
        for criterion in rubric.criteria:
            weights[criterion.measure] = weights.get(criterion.measure, 0.0) * criterion.weight
    total_weight = sum(weights.get(m, 0.0) for m in levels)
    mean = sum(level * weights.get(m, 0.0) for m, level in levels.items()) / total_weight
    # Claims that contradict the scorecard are the opposite of self-insight, however well put.
    score = min(math.floor(mean + 0.5), levels["accuracy"] + 1)
    if len(reading.blind_spots) >= 2:
        score = 1  # praise spread over the weak spots: as telling as "Excellent."
    if reading.overclaims and not (reading.good and reading.bad and round_score.total >= 75):
        score -= 1
    if _has(tokens, _lexicon(language)["misconceptions"]):
        score = min(score, 2)  # "I should have pitched more": the lesson taken the wrong way
    return SelfAssessmentScore(
        score=max(1, min(5, score)),
        specific=reading.markers > 0,
        balanced=bool(reading.good and reading.bad),
        overclaiming=bool(reading.overclaims),
        claimed=claimed,
        insight_gap=reading.gap,
        reason=_reason(reading, round_score, texts),
    )
