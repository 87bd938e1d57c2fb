"""Scoring the answer to "How did you do?": specific, balanced, and true of what happened.

A review is read as claims about events of the call ("I talked too much", "I found out her
goals", "my SEO answer only covered keywords"). Each claim is checked against the call itself:
the turn annotations and measurements of the round (who talked most, how many turns pitched,
which questions were open, which built on an answer, what the prospect revealed, which points
the answer to the hard question made). The criterion levels are only a second opinion: where
the call leaves an event unclear (a middling level, a measure near its line, or the measure and
the level pulling apart), a claim about it is neither right nor wrong, so a candidate is never
marked down for disagreeing with the scorer where the scorer itself is unsure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.catalog.models import Rubric
from app.language.detect import detect_language
from app.language.injection import detect_injection
from app.language.registry import language as language_of
from app.language.registry import languages, on_install
from app.language.text import content_stems, normalise
from app.language.text import tokens as words_of
from app.roleplay.transcript import Turn
from app.scoring.models import CriterionScore, RoundScore, SelfAssessmentScore
from app.scoring.score import reason_texts, render

_TOKEN = re.compile(r"[\w/'-]+")
_QUOTE = re.compile(r"[\"“”«»]([^\"“”«»]{2,}?)[\"“”«»]|(?<!\w)'([^']{2,}?)'(?!\w)")
_SCOPE = 4  # a negator reaches this many words ahead ("didn't really listen well")
_SURE = 0.3  # a claim whose agreement with the call is below this is neither right nor wrong
# How much each part weighs in the 1-5 score (times the self-assessment rubric's own weights):
# seeing what really happened matters most, then pointing at it, then weighing both sides.
_WEIGHTS = {"accuracy": 0.5, "specificity": 0.3, "balance": 0.2}
# Which rubric measure an event of the call belongs to (for the criterion claims and levels).
_MEASURE = {
    "talk": "listening",
    "listening": "listening",
    "follow-up": "listening",
    "recap": "listening",
    "pitch": "opening",
    "opening": "opening",
    "questions": "questioning",
    "asking": "questioning",
    "stacked": "questioning",
    "discovery": "discovery",
    "challenge": "preparation",
    "next-step": "next-step",
    "objection": "objection",
}
# Which round criteria a measure lands on when only criterion ids are known.
_ALIASES = {
    "opening": ("opening", "open-call", "intro"),
    "discovery": ("discover", "explore", "goal", "needs"),
    "questioning": ("question",),
    "listening": ("listen",),
    "preparation": ("prepar", "challenge", "knowledge"),
    "objection": ("objection", "acknowledge"),
    "next-step": ("next-step", "close", "closing"),
}
# Events where praise of the topic itself is never a true insight in this interview: praising
# the pitch ("I led with a clear value proposition") is wrong whether or not there was one.
_PRAISE_IS_WRONG = frozenset({"pitch"})
# The events that can be the call's weak spot; the worst of them is its biggest gap.
_CORE = frozenset(
    {
        "talk",
        "listening",
        "follow-up",
        "pitch",
        "opening",
        "questions",
        "discovery",
        "challenge",
        "objection",
        "next-step",
    }
)


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "review_ids.yaml").read_text(encoding="utf-8")
    )
    return data


def _lexicon(language: str) -> dict[str, Any]:
    """The review words of a language (languages/<code>/review.yaml)."""
    return _review_words(language_of(language).code)


@cache
def _review_words(code: str) -> dict[str, Any]:
    return language_of(code).review.model_dump()


def _forget_review_words() -> None:
    """Empty what was read with the languages installed before."""
    for cached in (_review_words, _clause_breaks, _table, _vocabulary):
        cached.cache_clear()


on_install(_forget_review_words)


def _language(text: str, fallback: str | None) -> str:
    """The review's language; the round's where the review is too short to tell."""
    return detect_language([text], fallback)


def _tokens(text: str) -> list[str]:
    # Folded, so a review typed without its accents still reads.
    found = (w.strip("'-") for w in _TOKEN.findall(text.lower().replace("\u2019", "'")))
    folding = languages().folding
    return [w.translate(folding) for w in found if w]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(_tokens(phrase))


def _has(tokens: Sequence[str], phrases: Iterable[str]) -> list[str]:
    joined = f" {' '.join(tokens)} "
    return [p for p in phrases if f" {' '.join(_tokens(p))} " in joined]


# --------------------------------------------------------------------------- reading claims


@cache
def _clause_breaks(language: str) -> re.Pattern[str]:
    """Punctuation, and the words that start a new claim ("..., but I talked too much")."""
    words = "|".join(re.escape(w) for w in _lexicon(language)["clause_breaks"])
    return re.compile(rf"[.!?;:\n]+|(?<!\S)(?=(?:{words})\b(?!['’]))", re.IGNORECASE)


@cache
def _table(language: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """Phrase -> (kind, event) for every word list; the longest phrase wins where they overlap.

    Kinds: good, bad, lacks (an omission: "forgot to"), wishes ("should have"), negators,
    faults and virtues (with their event), topics (with their event), facts ("fact:<kind>" for
    what the prospect revealed, "point:<kind>" for a part of the answer to the hard question),
    context (a word after which a topic only says when: "before the SEO question") and
    universal ("every", "all").
    """
    lex = _lexicon(language)
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for group, prefix in (("facts", "fact"), ("points", "point")):
        for name, phrases in lex[group].items():
            for phrase in phrases:
                table[_phrase_key(phrase)] = ("facts", f"{prefix}:{name}")
    for kind in ("topics", "faults", "virtues"):
        for event, phrases in lex[kind].items():
            for phrase in phrases:
                table[_phrase_key(phrase)] = (kind, event)
    # Overclaiming is praise too; the plain lists come after it and win on a clash.
    for phrase in lex["overclaiming"]:
        table[_phrase_key(phrase)] = ("good", "")
    for kind in ("good", "bad", "lacks", "wishes", "negators", "context", "universal"):
        for phrase in lex[kind]:
            table[_phrase_key(phrase)] = (kind, "")
    for kind in ("faults", "virtues"):  # a fault or virtue is never a plain word of praise
        for event, phrases in lex[kind].items():
            for phrase in phrases:
                table[_phrase_key(phrase)] = (kind, event)
    return table


def _scan(
    tokens: Sequence[str], table: Mapping[tuple[str, ...], tuple[str, str]]
) -> list[tuple[int, str, str, str]]:
    """Longest-first phrase hits as (position, kind, event, phrase); a hit uses its words up."""
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
    claims: dict[str, int]  # event or fact -> +1 (went well / came out) or -1
    praised_topics: frozenset[str]  # events praised through their topic words alone
    mentioned: frozenset[str]  # every event the clause speaks of, whatever its verdict
    universal: bool  # says it of every moment ("I acknowledged every answer")
    verdict: bool  # a verdict on the whole call ("It went well.")
    mixed: bool  # praise and criticism in one breath ("Pretty good, maybe rushed the ask")
    hedged: bool  # softened ("maybe I talked a bit long"): owning it only half
    relative: bool  # compared with the rest of the call ("the weakest part was the opening")
    wish: bool  # what should have happened ("I should have asked"), not what did
    torn: frozenset[str]  # events it says both things of ("talked too much, didn't talk too much")


@dataclass(slots=True)
class _Hit:
    end: int
    sign: int
    event: str = ""  # the event of a fault or virtue, "" for plain praise or criticism
    kind: str = ""  # the word list it came from; "!" appended once negated


def _polarity_hits(
    scanned: Sequence[tuple[int, str, str, str]], after_verb: bool, wish: bool = False
) -> tuple[list[_Hit], bool]:
    """The signed words of a clause (negations applied), and whether it is a wish."""
    hits: list[_Hit] = []
    negated_at: int | None = None
    lacking = False
    for position, kind, event, phrase in scanned:
        if kind in ("topics", "facts", "context", "universal"):
            continue
        if negated_at is not None and (kind == "negators" or position - negated_at > _SCOPE):
            hits.append(_Hit(negated_at, -1, kind="negators"))  # "I didn't ask": criticism
            negated_at = None
        if kind == "negators":
            last = hits[-1] if hits else None
            if after_verb and last and last.kind != "negators" and position - last.end <= 1:
                # Swedish "jag pitchade inte": the negation flips the word before it.
                last.sign, last.end, last.kind = -last.sign, position + 1, last.kind + "!"
            else:
                negated_at = position
            continue
        sign = 1 if kind in ("good", "virtues") else -1
        if kind == "virtues" and (wish or lacking):
            sign = -1  # "should have asked more open questions": the virtue was missing
        if negated_at is not None:
            sign, negated_at, kind = -sign, None, kind + "!"
        if kind == "faults!" and wish:
            sign = -1  # "I should have asked, not presented": still the fault that happened
        wish = wish or kind == "wishes"
        lacking = lacking or kind == "lacks"
        own = event if kind.rstrip("!") in ("faults", "virtues") else ""
        hits.append(_Hit(position + len(phrase.split()), sign, own, kind))
    if negated_at is not None:
        hits.append(_Hit(negated_at, -1, kind="negators"))
    return hits, wish


def _read_clause(text: str, language: str, wished: bool = False) -> _Clause:
    """Read one claim; `wished` carries a wish over from the clause before ("next time I'd
    open with a question and let her talk")."""
    lex = _lexicon(language)
    tokens = _tokens(text)
    scanned = _scan(tokens, _table(language))
    hits, wish = _polarity_hits(scanned, bool(lex.get("negation_after_verb")), wished)
    total = sum(h.sign for h in hits)
    polarity = (total > 0) - (total < 0)
    plain = sum(h.sign for h in hits if not h.event)  # praise or criticism besides the events
    # Where the clause first denies or misses something ("never asked", "forgot to"). A
    # negation after the finding is what was found: "I found out there's no writer".
    denied = min(
        (h.end for h in hits if h.kind.endswith("!") or h.kind in ("negators", "lacks")),
        default=len(tokens) + 1,
    )
    found_at = min((p for p, k, e, _ in scanned if k == "topics" and e == "discovery"), default=-1)
    if 0 <= found_at < denied:
        denied = len(tokens) + 1
    claims: dict[str, int] = {}
    praised: set[str] = set()
    context_at = -10
    for position, kind, event, _ in scanned:
        if kind == "context":
            context_at = position
        elif position - context_at <= 3:
            continue  # "before the SEO question" says when, not how it went
        elif kind == "facts":
            if denied <= position + 1:
                claims[event] = -1  # "I never found out her goals"
            elif not wish and polarity >= 0:
                # A fact named without a verdict ("she gave me the target") says it came out;
                # a wish or a criticism of something else says nothing about whether it did.
                claims[event] = 1
        elif kind == "topics" and plain:
            # A topic takes the clause's own praise or criticism, not that of a fault or
            # virtue beside it ("I asked a lot of yes/no questions" says nothing of how many).
            claims.setdefault(event, (plain > 0) - (plain < 0))
            if plain > 0:
                praised.add(event)
    if any(event.startswith("fact:") for event in claims):
        # "I never found out who decides" is about who decides, not discovery as a whole.
        claims.pop("discovery", None)
        praised.discard("discovery")
    for event in {h.event for h in hits if h.event}:
        value = sum(h.sign for h in hits if h.event == event)
        if value > 0 and plain < 0:
            value = -1  # "my follow-ups were weak"
        if value:
            claims[event] = (value > 0) - (value < 0)
            praised.discard(event)
    mentioned = {event for _, kind, event, _ in scanned if event}
    verdict = not claims and bool(polarity) and bool(_has(tokens, lex["verdicts"]))
    return _Clause(
        polarity=polarity,
        claims=claims,
        praised_topics=frozenset(praised),
        mentioned=frozenset(mentioned),
        universal=any(kind == "universal" for _, kind, _, _ in scanned),
        verdict=verdict,
        mixed=any(h.sign > 0 for h in hits) and any(h.sign < 0 for h in hits),
        hedged=bool(_has(tokens, lex["hedges"])),
        relative=bool(_has(tokens, lex["relative"])),
        wish=wish,
        torn=frozenset(
            e
            for e in {h.event for h in hits if h.event}
            if {h.sign for h in hits if h.event == e} == {1, -1}
        ),
    )


def _overclaims(tokens: Sequence[str], language: str) -> list[str]:
    lex = _lexicon(language)
    # The word list's own spelling rides along, to quote it unfolded, accents and all.
    table = {_phrase_key(p): ("over", p) for p in lex["overclaiming"]}
    table.update({_phrase_key(p): ("negators", "") for p in lex["negators"]})
    found: list[str] = []
    negated_at = -_SCOPE - 1
    for position, kind, spelled, _ in _scan(tokens, table):
        if kind == "negators":
            negated_at = position
        elif position - negated_at > 2:  # "it wasn't perfect" is not overclaiming
            found.append(spelled)
    return found


# --------------------------------------------------------------------------- pointing at moments


def _heard(turns: Sequence[Turn], speaker: str | None = None) -> str:
    return " ".join(normalise(t.text) for t in turns if speaker is None or t.speaker == speaker)


def _quotes(text: str, turns: Sequence[Turn]) -> int:
    """Quotes of the call: words the call holds, as said or nearly ('"more" in numbers'); a
    quote the call does not hold points at nothing. Without the turns, any quote of two words."""
    said_words = _tokens(_heard(turns))
    said, vocabulary = f" {' '.join(said_words)} ", set(said_words)
    quoted = 0
    for match in _QUOTE.finditer(text):
        words = _tokens(match[1] or match[2])
        if not turns:
            quoted += len(words) >= 2
        elif words and f" {' '.join(words)} " in said:
            quoted += 1
        elif len(words) >= 2 and sum(w in vocabulary for w in words) >= 0.7 * len(words):
            quoted += 1  # reworded from memory, but from this call
    return quoted


def _echoes(text: str, turns: Sequence[Turn], language: str) -> set[str]:
    """Words of substance the text shares with what the prospect said ("the trade shows")."""
    heard = set(words_of(_heard(turns, "prospect")))
    said = content_stems(words_of(normalise(text, language)), language)
    return (said & content_stems(heard, language)) - _vocabulary(language)


@cache
def _vocabulary(language: str) -> frozenset[str]:
    """Stems of the review words themselves, which echo nothing particular to the call."""
    lex = _lexicon(language)
    keys = ("good", "bad", "lacks", "wishes", "overclaiming", "moments", "change")
    phrases = [p for key in keys for p in lex[key]]
    phrases += [
        p for group in ("topics", "faults", "virtues") for ps in lex[group].values() for p in ps
    ]
    return frozenset(content_stems(words_of(normalise(" ".join(phrases), language)), language))


def _moments(text: str, tokens: Sequence[str], turns: Sequence[Turn], language: str) -> int:
    """How many concrete pointers at the call the text holds (quotes, moments, counts, echoes)."""
    lex = _lexicon(language)
    markers = len(_has(tokens, lex["moments"])) + _quotes(text, turns)
    counts, countables = set(lex["counts"]), set(lex["countables"])
    markers += sum(
        1
        for i, token in enumerate(tokens)
        if (token in counts or token.isdigit()) and countables & set(tokens[i + 1 : i + 3])
    )
    markers += min(3, len(_echoes(text, turns, language)) // 2)
    return markers


# --------------------------------------------------------------------------- what the call shows


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, value))


def _measure_of(criterion: str, rubric: Rubric | None) -> str | None:
    if rubric is not None:
        found = rubric.criterion(criterion)
        if found is not None:
            return found.main_measure
    return next((m for m, keys in _ALIASES.items() if any(k in criterion for k in keys)), None)


def _by_measure(round_score: RoundScore, rubric: Rubric | None) -> dict[str, CriterionScore]:
    found: dict[str, CriterionScore] = {}
    for score in round_score.criteria:
        measure = _measure_of(score.criterion, rubric)
        if measure is not None:
            found.setdefault(measure, score)
    return found


def _level(score: CriterionScore | None) -> float | None:
    """A criterion level as a witness: +1 at the top, -1 at the bottom, 0 for a middling 3."""
    if score is None or not score.assessed:
        return None
    return _clamp(((score.raw or float(score.score)) - 3) / 1.5)


def _blend(measured: float | None, level: float | None) -> float | None:
    """The call's own measure first, the criterion level as a second opinion."""
    if measured is None:
        return 0.8 * level if level is not None else None
    if level is None:
        return measured
    blended = 0.6 * measured + 0.4 * level
    # The call and the scorecard pull apart: unclear, so neither side of a claim is wrong.
    return blended * 0.5 if measured * level < 0 else blended


def _came_out(round_score: RoundScore, answered_weight: float = 0.3) -> dict[str, float]:
    """How surely each fact the call touched came out: 1 the prospect gave it away in the
    scenario's terms, `answered_weight` a question about it drew an answer of substance (in the
    prospect's own words, which the scenario's phrasing may miss), -0.5 it drew nothing."""
    found: dict[str, float] = {}
    notes = round_score.turns
    for i, note in enumerate(notes):
        if note.speaker == "prospect":
            found.update({f: 1.0 for f in note.revealed})
        elif note.question is not None and note.facts:
            reply = next((n for n in notes[i + 1 :] if n.speaker == "prospect"), None)
            answered = reply is not None and reply.telling > 0
            for fact in note.facts:
                found[fact] = max(found.get(fact, -1.0), answered_weight if answered else -0.5)
    return found


def _pitch(pitch_turns: int, talk_share: float) -> float:
    """+1 no pitch at all, -1 two pitching turns or more."""
    pitched = _clamp(1.0 - pitch_turns * (1.0 if pitch_turns < 2 else 2.0))
    if pitched > 0 and talk_share > 0.62:
        # No turn read as a pitch, yet the candidate held the floor: what it was is unclear.
        return pitched * 0.3
    return pitched


def _events(round_score: RoundScore, rubric: Rubric | None) -> dict[str, float]:
    """For each event, how plainly the good side (+1) or the bad side (-1) of it happened."""
    m = round_score.metrics
    levels = {measure: _level(score) for measure, score in _by_measure(round_score, rubric).items()}
    if not _annotated(round_score):
        # A scorecard without its turns (made by hand, or stored without them): the levels
        # are the only witness left.
        by_level = {event: _blend(None, levels.get(_MEASURE[event])) for event in _CORE}
        return {event: truth for event, truth in by_level.items() if truth is not None}
    turns = max(1, m.candidate_turns)
    # Who talked: the share of the words, and whether one answer became a lecture.
    talk = min(_clamp((0.58 - m.talk_share) / 0.12), _clamp((130 - m.longest_monologue) / 60))
    follow = _clamp((m.follow_ups / turns - 0.25) / 0.15)
    open_share = m.open_questions / m.questions if m.questions else 0.0
    recap = any(a.recap for a in round_score.turns if a.speaker == "candidate")
    found: dict[str, float | None] = {
        "talk": _blend(talk, levels.get("listening")),
        "listening": _blend((talk + follow) / 2, levels.get("listening")),
        "follow-up": _blend(follow, levels.get("listening")),
        "pitch": _pitch(m.pitch_turns, m.talk_share),
        "opening": _blend(_clamp((80 - m.words_before_first_question) / 40), levels.get("opening")),
        "questions": _blend(_clamp((open_share - 0.45) / 0.2), levels.get("questioning")),
        "asking": _clamp((m.questions / turns - 0.5) / 0.25),
        "stacked": _clamp(1.0 - m.stacked_turns),
        # A turn read as a summary may only echo a phrase: it cannot show "I never summed up"
        # wrong, while a call with none at all bears it out.
        "recap": 0.2 if recap else -0.6,
        "next-step": _blend(None, levels.get("next-step")),
        "objection": _blend(None, levels.get("objection")),
    }
    if m.facts_total:
        came_out = _came_out(round_score, answered_weight=0.6)
        share = sum(max(0.0, v) for v in came_out.values()) / m.facts_total
        found["discovery"] = _blend(_clamp((share - 0.4) / 0.25), levels.get("discovery"))
    else:
        found["discovery"] = _blend(None, levels.get("discovery"))
    if m.challenge_asked:
        coverage = m.challenge_coverage
        measured = _clamp((coverage - 0.45) / 0.3) if coverage is not None else None
        found["challenge"] = _blend(measured, levels.get("preparation"))
    return {event: truth for event, truth in found.items() if truth is not None}


def _annotated(round_score: RoundScore) -> bool:
    """Whether the scorecard holds its turns (a hand-made or stripped one does not)."""
    return any(a.speaker == "candidate" for a in round_score.turns)


def _fact_truth(
    fact: str, round_score: RoundScore, prospect_said: Sequence[str], language: str
) -> float | None:
    """+1 when the prospect revealed that kind of thing, -1 when it never came up."""
    if not _annotated(round_score):
        return None
    ids: list[str] = _data()["fact_ids"].get(fact, [fact])
    came_out = _came_out(round_score)
    found = [v for fact_id, v in came_out.items() if any(key in fact_id for key in ids)]
    truth = max(found, default=-1.0)
    # Said in passing without being the scenario's fact ("events eat most of my budget").
    if truth < 0.2 and _has(prospect_said, _lexicon(language)["facts"].get(fact, [])):
        return 0.2
    return truth


def _point_truth(point: str, round_score: RoundScore) -> float | None:
    """+1 when the answer to the hard question made that point, -1 when it did not."""
    if not round_score.metrics.challenge_asked or not _annotated(round_score):
        return None
    ids: list[str] = _data()["point_ids"].get(point, [point])
    made = {p for a in round_score.turns if a.speaker == "candidate" for p in a.challenge_points}
    return 1.0 if any(key in found for found in made for key in ids) else -1.0


def _overall(round_score: RoundScore) -> float:
    """How well the call went as a whole: +1 a strong call, -1 a weak one."""
    return _clamp((round_score.total - 50) / 25)


# --------------------------------------------------------------------------- judging

# How much a self-critical claim the call contradicts costs, by what it is about. Denying what
# plainly happened ("I never learned her goals" when she told you) is a real miss; holding a
# strength to a higher bar ("my SEO answer stopped at ranking") is coachable.
_SELF_CRITICAL_MISS = {"fact": 1.0, "discovery": 1.0, "asking": 1.0, "talk": 1.0, "point": 0.5}


@dataclass(frozen=True, slots=True)
class _Verdict:
    event: str
    sign: int  # what the review claims
    truth: float  # what the call shows
    hedged: bool = False  # "maybe a little informal": a softened self-criticism

    @property
    def agreement(self) -> float:
        return self.sign * self.truth

    @property
    def miss(self) -> float:
        """How wrong the claim is: 0 when the call bears it out or leaves it open."""
        if self.agreement > -_SURE:
            return 0.0
        if self.sign > 0:
            return min(1.0, -self.agreement)
        kind = self.event.split(":")[0]
        softened = 0.5 if self.hedged else 1.0
        return min(1.0, -self.agreement) * _SELF_CRITICAL_MISS.get(kind, 0.3) * softened


@dataclass(frozen=True, slots=True)
class _Reading:
    markers: int
    changes: bool
    good: int
    bad: int
    verdicts: tuple[_Verdict, ...]
    claims: dict[str, int]  # every claim, checked or not: event or fact -> +1 / -1
    contradictions: int  # events it praises and criticises alike
    unchecked: int  # claims about events the call cannot check (a next step nobody measured)
    overall: int  # the review's verdict on the call as a whole
    overall_truth: float
    overclaims: list[str]
    misconceived: bool
    weak_spots: tuple[str, ...]  # the call's plain weak spots, worst first
    owned_spot: str | None  # the weak spot it owns, truly and without hedging

    @property
    def weakest_named(self) -> bool:
        return self.owned_spot is not None

    token_criticism: bool  # every criticism softened, none of it borne out ("maybe a bit long")
    mattered: bool  # says which thing mattered most, or why

    @property
    def confirmed(self) -> list[_Verdict]:
        return [v for v in self.verdicts if v.agreement >= _SURE]

    @property
    def contradicted(self) -> list[_Verdict]:
        return [v for v in self.verdicts if v.miss > 0]

    @property
    def right(self) -> float:
        return sum(min(1.0, v.agreement) for v in self.confirmed)

    @property
    def wrong(self) -> float:
        return sum(v.miss for v in self.verdicts)


def _weak_spots(events: Mapping[str, float]) -> tuple[str, ...]:
    ranked = sorted((truth, event) for event, truth in events.items())
    return tuple(event for truth, event in ranked if event in _CORE and truth <= -0.5)


# Which claims speak to which weak spot ("I stacked my questions" owns poor questioning).
_NEAR = {
    "talk": {"listening", "pitch"},
    "listening": {"talk", "follow-up"},
    "follow-up": {"listening"},
    "pitch": {"opening", "talk"},
    "opening": {"pitch"},
    "questions": {"asking", "stacked"},
    "discovery": {"asking"},
}


def _related(event: str, spot: str) -> bool:
    kind = event.split(":")[0]
    return (
        event == spot
        or event in _NEAR.get(spot, set())
        or (kind == "fact" and spot == "discovery")
        or (kind == "point" and spot == "challenge")
    )


def _fair_one_side(r: _Reading) -> bool:
    """Whether a one-sided review matches a one-sided call."""
    if bool(r.good) == bool(r.bad):
        return False
    if r.bad:
        small = all(v.miss < 0.3 for v in r.verdicts)
        return small and (r.overall_truth <= -0.3 or r.weakest_named)
    return r.overall_truth >= 0.5 and not r.weak_spots


def _levels(r: _Reading) -> dict[str, int]:
    """Specificity, balance and accuracy levels, anchored like the self-assessment rubric."""
    if r.markers == 0:
        specificity = 2 if r.verdicts or r.unchecked else 1
    elif r.markers == 1:
        specificity = 3
    else:
        specificity = 5 if r.changes or r.mattered else 4
    if r.good and r.bad:
        # Both sides seen, and neither side is something the call plainly contradicts.
        sides = {v.sign for v in r.verdicts if v.miss == 0}
        both = sides == {1, -1}
        balance = 5 if both and (r.mattered or r.weakest_named) else 4 if both else 3
    else:
        balance = 2 if _fair_one_side(r) else 1
    checked = r.right + r.wrong
    verdict = r.overall * r.overall_truth
    if checked < _SURE:
        # Nothing the call can confirm or refute but the verdict on the whole call.
        accuracy = 3 if verdict >= 0.4 else 1 if verdict <= -0.4 else 2
    else:
        share = r.right / checked
        if share >= 0.85:
            accuracy = 5 if not r.weak_spots or r.weakest_named else 4
        else:
            accuracy = 3 if share >= 0.5 else 2 if share >= 0.3 else 1
        if verdict <= -0.75:
            accuracy = 1  # "it went really well" of a call that plainly did not
        elif verdict <= -0.5:
            accuracy -= 1
    if r.weak_spots and not r.weakest_named:
        accuracy = min(accuracy, 3)  # misses the biggest gap
    return {"specificity": specificity, "balance": balance, "accuracy": max(1, accuracy)}


def _read(
    text: str,
    round_score: RoundScore,
    turns: Sequence[Turn],
    rubric: Rubric | None,
    language: str,
) -> _Reading:
    lex = _lexicon(language)
    tokens = _tokens(text)
    # What the candidate quotes was said in the call; it is a pointer, not a claim.
    unquoted = _QUOTE.sub(" ", text)
    parts = [part for part in _clause_breaks(language).split(unquoted) if part.strip()]
    joins = set(lex["joins"])
    clauses: list[_Clause] = []
    for part in parts:
        # "... and let her talk" goes on with the wish of the clause it joins.
        joined = bool(clauses) and clauses[-1].wish and (_tokens(part)[:1] or [""])[0] in joins
        clauses.append(_read_clause(part, language, wished=joined))
    # A verdict on the whole call comes first ("Excellent.", "Not great.", "I think it went
    # well."); later, "it was vague" is about the moment just named.
    clauses = [replace(c, verdict=c.verdict and i < 2) for i, c in enumerate(clauses)]
    if clauses and not clauses[0].claims and len(_tokens(parts[0])) <= 3:
        clauses[0] = replace(clauses[0], verdict=bool(clauses[0].polarity))
    net: dict[str, int] = {}
    praised: set[str] = set()
    sweeping: set[str] = set()  # claimed of every moment
    relative: set[str] = set()  # claimed against the rest of the call
    hedged: set[str] = set()  # owned only half
    said_of: dict[str, set[int]] = {}  # the signs each event was claimed with
    for i, clause in enumerate(clauses):
        # Parts of an answer count only where the answer to the hard question is in view.
        about_answer = "challenge" in clause.mentioned or (
            i > 0 and "challenge" in clauses[i - 1].mentioned
        )
        for event, sign in clause.claims.items():
            if event.startswith("point:") and not about_answer:
                continue
            net[event] = net.get(event, 0) + sign
            said_of.setdefault(event, set()).add(sign)
            if clause.universal and sign > 0:
                sweeping.add(event)
            if clause.relative:
                relative.add(event)
            if clause.hedged and sign < 0:
                hedged.add(event)
        praised |= clause.praised_topics
        for event in clause.torn:
            said_of[event] = {1, -1}
    events = _events(round_score, rubric)
    core = [t for e, t in events.items() if e in _CORE]
    middle = sum(core) / len(core) if core else 0.0
    prospect_said = _tokens(_heard(turns, "prospect"))
    verdicts: list[_Verdict] = []
    unchecked: set[str] = set()  # claims about events the call cannot check
    for event, value in net.items():
        if not value:
            continue  # praised and criticised alike: nuance, not a claim either way
        sign = (value > 0) - (value < 0)
        truth: float | None
        if event.startswith("fact:"):
            truth = _fact_truth(event[5:], round_score, prospect_said, language)
            if truth is not None and sign < 0 and truth < 1.0:
                truth = min(truth, 0.0)  # only a plain reveal shows "I never learned X" wrong
        elif event.startswith("point:"):
            truth = _point_truth(event[6:], round_score)
        elif sign > 0 and event in _PRAISE_IS_WRONG and event in praised:
            truth = -1.0  # the pitch praised as a strength
        else:
            truth = events.get(event)
            if truth is not None and event == "follow-up":
                # "I followed up on the blog", "I went straight to Hookline": a follow-up is a
                # moment, so either can be true of one turn unless the call has no such turn.
                m = round_score.metrics
                if sign > 0 and m.follow_ups:
                    truth = max(truth, 0.0)
                elif sign < 0 and (m.follow_ups < m.candidate_turns - 1 or not m.candidate_turns):
                    truth = min(truth, 0.0)
            if truth is not None and event in relative:
                # "The weakest part was the opening" of a strong call: weakest of the call,
                # not weak in itself.
                truth = _clamp(truth - middle)
        if truth is None:
            unchecked.add(event)
            continue
        if event in sweeping:
            truth = _clamp(truth - 0.5)  # true of every moment is a taller claim
        verdicts.append(_Verdict(event, sign, truth, hedged=event in hedged))
    overall = sum(c.polarity for c in clauses if c.verdict)
    weak_spots = _weak_spots(events)
    owned = [
        spot
        for spot in weak_spots
        for v in verdicts
        if v.sign < 0 and v.agreement >= _SURE and v.event not in hedged and _related(v.event, spot)
    ]
    return _Reading(
        markers=_moments(text, tokens, turns, language),
        changes=bool(_has(tokens, lex["change"])),
        good=sum(c.polarity > 0 or c.mixed for c in clauses),
        bad=sum(c.polarity < 0 or c.mixed for c in clauses),
        verdicts=tuple(verdicts),
        claims={event: (v > 0) - (v < 0) for event, v in net.items() if v},
        contradictions=sum(len(signs) == 2 for signs in said_of.values()),
        unchecked=len(unchecked),
        overall=(overall > 0) - (overall < 0),
        overall_truth=_overall(round_score),
        overclaims=_overclaims(tokens, language),
        misconceived=bool(_has(tokens, lex["misconceptions"])),
        weak_spots=weak_spots,
        owned_spot=owned[0] if owned else None,
        token_criticism=all(c.hedged for c in clauses if c.polarity < 0 or c.mixed)
        and not any(v.sign < 0 and v.agreement >= _SURE for v in verdicts),
        mattered=bool(_has(tokens, lex["because"])),
    )


def _claimed(
    claims: Mapping[str, int], round_score: RoundScore, rubric: Rubric | None
) -> dict[str, int]:
    """The claims as criterion -> +1 praised / -1 criticised."""
    by_measure = _by_measure(round_score, rubric)
    sums: dict[str, int] = {}
    for event, sign in claims.items():
        kind = event.split(":")[0]
        measure = {"fact": "discovery", "point": "preparation"}.get(kind) or _MEASURE.get(kind)
        score = by_measure.get(measure) if measure else None
        if score is not None:
            sums[score.criterion] = sums.get(score.criterion, 0) + sign
    return {c: (s > 0) - (s < 0) for c, s in sums.items() if s}


def _insight_gap(r: _Reading) -> float:
    checked = r.right + r.wrong
    if checked >= _SURE:
        return round(r.wrong / checked, 2)
    if r.overall:
        return round((1 - r.overall * r.overall_truth) / 2, 2)
    return 0.5  # nothing claimed: neither close to nor far from the call


def _score(r: _Reading, levels: Mapping[str, int], weights: Mapping[str, float]) -> int:
    """The 1-5 score: the levels' weighted mean, held down where the review says nothing true."""
    total_weight = sum(weights.get(m, 0.0) for m in levels)
    mean = sum(level * weights.get(m, 0.0) for m, level in levels.items()) / total_weight
    score = math.floor(mean + 0.5)
    # Claims the call contradicts are the opposite of self-insight, however well put.
    score = min(score, levels["accuracy"] + (1 if r.right > r.wrong else 0))
    if r.markers == 0:
        if not r.verdicts and not r.unchecked:
            score = min(score, 2 if r.good and r.bad else 1)  # "Excellent." / "Went fine."
        # General statements without a moment from the call: middling at best, and poor
        # unless they own a weakness the call does not contradict.
        owned = any(v.sign < 0 and v.miss == 0 for v in r.verdicts)
        score = min(score, 3 if owned else 2)
    if not r.bad or (r.token_criticism and r.good >= 3 * r.bad):
        score = min(score, 2)  # only praise, or praise with a token "maybe a bit long"
    if r.overclaims and not (r.good and r.bad and r.overall_truth >= 0.5):
        score -= 1
    if r.misconceived:
        score = min(score, 2)  # "I should have pitched more": the lesson taken the wrong way
    if r.contradictions >= 2:
        score = min(score, 2)  # says both things of the same moments: no reading of the call
    return max(1, min(5, score))


# --------------------------------------------------------------------------- reasons


def _event_name(event: str, truth: float, texts: Mapping[str, Any]) -> str:
    """What the call showed about an event, in plain words."""
    if event.startswith("fact:"):
        fact = texts["facts"].get(event[5:], texts["facts"]["other"])
        return render(texts["fact_came_out" if truth > 0 else "fact_never_came_out"], fact=fact)
    if event.startswith("point:"):
        point = texts["points"].get(event[6:], texts["points"]["other"])
        return render(texts["point_made" if truth > 0 else "point_missed"], point=point)
    side = "good" if truth > 0 else "bad"
    return str(texts["events"][event][side])


def _reason(r: _Reading, texts: Mapping[str, Any]) -> str:
    first = render(texts["specific"], markers=r.markers) if r.markers else texts["vague"]
    if r.good and r.bad:
        sides = texts["balanced"]
    elif r.good:
        sides = texts["only_good"]
    else:
        sides = texts["only_bad"] if r.bad else texts["no_judgement"]
    wrong = sorted(r.contradicted, key=lambda v: -v.miss)
    # The weak spot it owns gets its own words below; show another true claim here.
    right = [
        v
        for v in sorted(r.confirmed, key=lambda v: -v.agreement)
        if not (r.owned_spot and _related(v.event, r.owned_spot))
    ]
    if wrong:
        fit = render(texts["differs"], shown=_event_name(wrong[0].event, wrong[0].truth, texts))
    elif right:
        fit = render(texts["matches"], shown=_event_name(right[0].event, right[0].truth, texts))
    elif r.confirmed:
        fit = texts["matches_plain"]
    elif r.overall and r.overall * r.overall_truth <= -0.4:
        fit = texts["verdict_differs"]
    else:
        fit = texts["no_claims"]
    line = f"{first}; {sides}; {fit}"
    if r.owned_spot:
        line += render(texts["weakest"], shown=_event_name(r.owned_spot, -1.0, texts))
    if r.misconceived:
        line += texts["misconception"]
    if r.overclaims:
        line += render(texts["overclaiming"], word=r.overclaims[0])
    return line + "."


# --------------------------------------------------------------------------- scoring


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
    texts: dict[str, Any] = reason_texts(
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
    language = _language(text, roleplay.language if roleplay else None)
    reading = _read(text, round_score, turns, roleplay, language)
    levels = _levels(reading)
    weights = dict(_WEIGHTS)
    if rubric.kind != "roleplay":
        for criterion in rubric.criteria:
            measure = criterion.main_measure
            weights[measure] = weights.get(measure, 0.0) * criterion.weight
    return SelfAssessmentScore(
        score=_score(reading, levels, weights),
        specific=reading.markers > 0,
        balanced=bool(reading.good and reading.bad),
        overclaiming=bool(reading.overclaims),
        claimed=_claimed(reading.claims, round_score, roleplay),
        insight_gap=_insight_gap(reading),
        reason=_reason(reading, texts),
    )
