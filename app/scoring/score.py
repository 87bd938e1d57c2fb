"""Round scoring: a 1-5 level per rubric criterion, with the evidence turns and a measured reason.

Each `Criterion.measure` has one small judge below. A judge reads the turn annotations and the
round metrics, and returns a behaviour-anchored level, the turns that drove it (good or bad)
and a one-line reason in the rubric's language. Injection turns are stripped to their word
count first, so whatever they say earns nothing.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from app.catalog.models import Criterion, Rubric, Scenario
from app.language.detect import detect_language
from app.language.questions import read_questions
from app.language.registry import language as language_of
from app.language.registry import on_install
from app.language.text import split_sentences
from app.roleplay.transcript import Turn
from app.scoring.annotate import annotate_round
from app.scoring.metrics import (
    asks,
    challenge_turn,
    counted_facts,
    first_question,
    measure_round,
    strip_injections,
)
from app.scoring.models import (
    CriterionScore,
    GamingFlag,
    RoundMetrics,
    RoundScore,
    TurnAnnotation,
)
from app.scoring.substance import TERM_LIST, engaged
from app.scoring.thresholds import THRESHOLDS

__all__ = ["THRESHOLDS", "score_round"]

_TERM_LIST = TERM_LIST
_CUT_SHORT = ("\u2014", "\u2013", "--")  # a prospect turn ending in a dash was cut off mid-sentence
_DIGIT = re.compile(r"\d")


class _Counted(string.Formatter):
    """str.format, plus "{n:turn|turns}": the number with the noun that agrees with it."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return f"{value} {one if value == 1 else many}"
        return str(super().format_field(value, format_spec))


_COUNTED = _Counted()


def render(template: str, **fields: object) -> str:
    """Fill a reason template; "{n:turn|turns}" gives "1 turn" or "3 turns"."""
    return _COUNTED.format(template, **fields)


def reason_texts(language: str) -> dict[str, Any]:
    """The reason templates of a rubric language (the default language's when not present)."""
    return dict(language_of(language).texts.reasons)


def mentions(text: str, phrases: Sequence[str], language: str) -> bool:
    """Whether `text` contains any of `phrases` as whole words, ignoring case and accents the
    language folds (speech to text and hasty typing drop them)."""
    lang = language_of(language)
    return _phrases_pattern(tuple(phrases), language).search(lang.fold(text.lower())) is not None


@lru_cache(maxsize=256)
def _phrases_pattern(phrases: tuple[str, ...], language: str) -> re.Pattern[str]:
    """One compiled alternation per word list: the lists are few and read on every round."""
    lang = language_of(language)
    longest_first = sorted({lang.fold(p.lower()) for p in phrases if p}, key=len, reverse=True)
    if not longest_first:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")


on_install(_phrases_pattern.cache_clear)


def _words(language: str, key: str) -> list[str]:
    words: list[str] = getattr(language_of(language).reading.score, key)
    return words


@dataclass(frozen=True, slots=True)
class Judgement:
    """What one judge found: a level, the turns that drove it, and why."""

    level: int
    evidence: tuple[int, ...]
    reason: str
    assessed: bool = True
    # Where inside its level the measurement sits, -0.5 (barely earned) .. +0.5 (nearly the
    # next one): what makes `raw` continuous, so a partial change between rounds shows.
    nudge: float = 0.0


@dataclass(frozen=True, slots=True)
class _Round:
    t: Mapping[str, Any]  # the criterion's thresholds (THRESHOLDS names what each measure has)
    notes: tuple[TurnAnnotation, ...]
    metrics: RoundMetrics
    texts: Mapping[int, str]
    scenario: Scenario | None
    language: str  # of the call: picks the word lists
    reasons: Mapping[str, Any]  # of the rubric: the reason templates
    mine: list[TurnAnnotation]  # the candidate's turns
    replies: Mapping[int, TurnAnnotation]  # candidate turn index -> the prospect turn after it

    def say(self, measure: str, key: str, **fields: object) -> str:
        template: str = self.reasons[measure][key]
        return render(template, **fields)

    def text(self, index: int) -> str:
        return self.texts.get(index, "")

    def reply(self, turn: TurnAnnotation) -> TurnAnnotation | None:
        """The prospect turn right after a candidate turn, if any."""
        return self.replies.get(turn.index)

    def taken_up(self, turn: TurnAnnotation) -> bool:
        """Whether the prospect took up the turn's question (a fact or a substantive answer)."""
        return asks(turn) and not turn.offtopic and engaged(self.reply(turn))

    def prospect_focused(self) -> list[TurnAnnotation]:
        """Open questions about the prospect's world that the prospect took up."""
        return [
            a
            for a in self.mine
            if a.question == "open"
            and not a.prompt
            and not a.pitch
            and not _barrage(a, self.t)
            and self.taken_up(a)
        ]

    def depth(self) -> list[TurnAnnotation]:
        """Follow-ups on the prospect's last answer that drew out more."""
        return [a for a in self.mine if a.follow_up and self.taken_up(a)]


def _barrage(turn: TurnAnnotation, t: Mapping[str, Any]) -> bool:
    """Too many questions, or too many things asked about, for one answer to answer."""
    questions: int = t["barrage_questions"]
    facts: int = t["checklist_facts"]
    return turn.questions >= questions or len(counted_facts(turn)) >= facts


def _step(value: float, table: Sequence[tuple[float, int]], below: int) -> int:
    """The level of the first (threshold, level) row that `value` reaches, else `below`."""
    return next((level for threshold, level in table if value >= threshold), below)


def _clamp(level: float) -> int:
    return max(1, min(5, math.floor(level + 0.5)))


def _position(value: float, table: Sequence[tuple[float, int]]) -> float:
    """Where `value` sits inside its band of a step table, as a nudge from -0.5 to +0.5."""
    bounds = [threshold for threshold, _ in table]
    upper = bounds[0] + (bounds[0] - bounds[1] if len(bounds) > 1 else bounds[0])
    for lower in [*bounds, 0.0]:
        if value >= lower:
            span = upper - lower
            return max(0.0, min(1.0, (value - lower) / span)) - 0.5 if span > 0 else 0.0
        upper = lower
    return -0.5


def raw_level(level: int, nudge: float) -> float:
    """The unrounded level: `level` moved by the nudge, still rounding back to `level`."""
    return round(max(1.0, min(5.0, level + max(-0.5, min(0.49, nudge)))), 2)


def _first(turns: Sequence[TurnAnnotation]) -> tuple[int, ...]:
    return (turns[0].index,) if turns else ()


def _indexes(*groups: Sequence[TurnAnnotation]) -> tuple[int, ...]:
    return tuple(sorted({a.index for group in groups for a in group}))


# --------------------------------------------------------------------------- the judges


def _opening(r: _Round) -> Judgement:
    mine = r.mine
    words = r.metrics.words_before_first_question
    opened_with = first_question(r.notes)
    first_q = next((i for i, a in enumerate(mine) if a is opened_with), None)
    opener = mine[: first_q + 1] if first_q is not None else mine[:2]
    pitched = [a for a in opener if a.pitch or a.self_talk]
    pitch_note = r.reasons["opening"]["pitch"] if pitched else ""
    t = r.t
    if first_q is None:
        level = 1 if pitched or words > t["long_preamble_words"] else 2
        reason = r.say("opening", "no_question", turns=len(mine), words=words, pitch=pitch_note)
        return Judgement(level, _indexes(pitched) or _first(mine), reason)
    asked = mine[first_q]
    # "Can I have thirty seconds to tell you why I called?": a short reason the prospect agreed
    # to hear is part of a permission-based opener, not a pitch sprung on them.
    permitted = mentions(r.text(asked.index), _words(r.language, "permission"), r.language)
    level = 5 - min(first_q, 2) - _step(words, t["preamble"], 0)
    level -= _first_question_cost(r, mine[first_q:], reach=3 if permitted else 2)
    # A good first question followed straight away by a pitch only postpones the pitch.
    early_pitch = [a for a in mine[first_q + 1 : 2] if a.pitch or a.self_talk]
    if early_pitch:
        brief = permitted and all(a.words <= t["permitted_reason_words"] for a in early_pitch)
        level -= 1 if brief else 2
        pitch_note = r.reasons["opening"]["pitch"]
    if asked.plugs and not pitched:
        level -= 1  # a line about the company before the question: a brief reason plus a plug
    if pitched:
        # A one-line plug leading into a question in the same breath is a weaker start, not a
        # "show up and throw up".
        plug = (
            first_q == 0
            and words <= t["plug_words"]
            and mine[0].words <= words + t["plug_tail_words"]
        )
        level = min(level, 3 if plug else 2 if words <= t["long_preamble_words"] else 1)
    if words > t["overview_words"]:  # a company overview of two minutes or more
        level = 1
    reason = r.say(
        "opening",
        "question",
        ordinal=asked.index + 1,  # as the transcript numbers turns (#1 is the opening line)
        words=words,
        qtype=r.reasons["qtype"][asked.question or "open"],
        pitch=pitch_note,
    )
    # Fewer words before the first question sit higher inside the level; a level already below
    # the floor has nowhere higher to sit.
    nudge = -_position(words, (*t["preamble"], (0.0, 0))) if level >= 1 else -0.5
    return Judgement(_clamp(level), _indexes(pitched, [asked], early_pitch), reason, nudge=nudge)


def _first_question_cost(r: _Round, onwards: Sequence[TurnAnnotation], reach: int = 2) -> int:
    """Levels the first question loses: leading, yes/no, or not about the prospect's reasons."""
    asked = onwards[0]
    if asked.question == "leading":
        return 2
    if asked.question == "closed":
        # "Is now a good time?" followed straight away by an open question is a fine opener.
        return 1 if any(a.question == "open" for a in onwards[1:reach]) else 2
    about_them = bool(asked.facts) or mentions(
        r.text(asked.index), _words(r.language, "goals"), r.language
    )
    # Three questions in the first breath: the prospect picks one and the rest are lost.
    return (0 if about_them else 1) + asked.stacked


def _interrogation(r: _Round) -> bool:
    """Rapid-fire short questions that never build on the answers."""
    mine = r.mine
    words = sorted(a.words for a in mine)
    median = words[len(words) // 2] if words else 0
    rate = r.metrics.follow_ups / max(1, len(mine) - 1)
    t = r.t
    return bool(
        r.metrics.questions >= t["interrogation_questions"]
        and rate < t["interrogation_follow_rate"]
        and median <= t["interrogation_turn_words"]
    )


def _learned(r: _Round, values: Mapping[str, int]) -> dict[str, float]:
    """Hidden facts the candidate learned, with the credit each earns: given away in answer to a
    credited question (whatever its form: the prospect said it), or asked about by one the
    prospect took up. One question gets one answer, so a turn's own asking counts one fact."""
    credit: dict[str, float] = {}
    for a in r.mine:
        if not asks(a):
            continue
        reply = r.reply(a)
        weight = r.t["fact_credit"].get(a.question or "", 0.0)
        for fact in reply.revealed if reply else ():
            revealed = r.t["revealed_credit"][a.question or "closed"]
            credit[fact] = max(credit.get(fact, 0.0), revealed)
        if engaged(reply) and not _barrage(a, r.t):
            asked = sorted(counted_facts(a), key=lambda f: -values.get(f, 0))[:1]
            for fact in asked:
                credit[fact] = max(credit.get(fact, 0.0), weight)
    return {f: w for f, w in credit.items() if f in values}


def _discovery(r: _Round) -> Judgement:
    focused = r.prospect_focused()
    goals = [
        a for a in focused if mentions(r.text(a.index), _words(r.language, "goals"), r.language)
    ]
    depth = len(r.depth())
    level = _discovery_by_questions(r, len(focused), len(goals), depth)
    # Where inside whatever level the round reaches: more asked and dug, more learned, higher.
    t = r.t
    dug = min(1.0, (len(focused) + depth) / t["dug_full"])
    nudge = dug - 0.5
    facts = r.scenario.facts if r.scenario else ()
    asked = dict(open=len(focused), goals=len(goals), depth=depth)
    if facts:
        values = {f.id: f.value for f in facts}
        credit = _learned(r, values)
        share = sum(values[f] * w for f, w in credit.items()) / sum(values.values())
        top = max(values.values())
        # The facts worth most are the goal and why it matters now: the picture starts there.
        goal_facts = {f for f, v in values.items() if v == top}
        goals_learned = sum(credit.get(f, 0.0) >= t["learned"] for f in goal_facts)
        (full, _), (several, _), (some, _) = t["fact_share"]
        if share >= full and goals_learned == len(goal_facts) and depth >= t["depth_for_five"]:
            by_facts = 5
        elif share >= several and goals_learned and depth >= t["depth_for_four"]:
            by_facts = 4
        elif share >= some or goals_learned:
            by_facts = 3
        else:
            by_facts = 2 if share > 0 or focused else 1
        nudge = (min(1.0, share / full) + dug) / 2 - 0.5
        # Both must be earned (halfway, rounding down), but the fact lists miss rewordings and
        # a live prospect's own words: good questions the prospect took up lose one level at most.
        level = max((by_facts + level) // 2, level - 1)
        reason = r.say(
            "discovery",
            "facts",
            found=sum(w >= t["learned"] for w in credit.values()),
            total=len(values),
            **asked,
        )
    else:
        reason = r.say("discovery", "no_facts", **asked)
    if _interrogation(r) and level > t["interrogation_cap"]:
        level = t["interrogation_cap"]  # a checklist of questions uncovers facts, not the picture
    # Facts about lead sources and tools are not goals: without questions about what the
    # prospect is trying to achieve, discovery stays shallow however much else was asked.
    caps = t["goal_cap"]
    cap = caps[min(len(goals), len(caps) - 1)]
    level = min(level, cap)
    earned = [a for a in r.mine if asks(a) and (counted_facts(a) or r.taken_up(a))]
    evidence = _indexes(earned) or _indexes([a for a in r.mine if a.pitch])
    return Judgement(level, evidence or _first(r.mine), reason, nudge=nudge)


def _discovery_by_questions(r: _Round, focused: int, goals: int, depth: int) -> int:
    """The level earned by open questions about the prospect that the prospect took up, and
    how far they dug."""
    if focused == 0:
        return 2 if any(r.taken_up(a) and not a.pitch for a in r.mine) else 1
    five, four = r.t["questions_for_five"], r.t["questions_for_four"]
    if focused >= five["open"] and depth >= five["depth"] and goals >= five["goals"]:
        return 5
    if focused >= four["open"] and (depth >= four["depth"] or goals >= four["goals"]):
        return 4
    return 3 if focused >= r.t["questions_for_three"]["open"] else 2


def _questioning(r: _Round) -> Judgement:
    m, mine = r.metrics, r.mine
    asking = [a for a in mine if asks(a)]
    if not asking:
        return Judgement(1, _first(mine), r.say("questioning", "none", turns=len(mine)))
    # A turn that only checks in ("Does that make sense?") asks nothing to be open about; one
    # that asks again what was already answered asks, and earns nothing.
    exploring = [a for a in asking if a.questions] or asking
    # A turn aimed at the machine, or asking again what was asked, earns nothing and still
    # counts as a turn that asked: dropping a closed question never lifts the open share.
    exploring += [a for a in mine if a.uncredited == "repeat" or a.injection]
    # Open in form is not enough: an open question counts when it got the prospect talking. A
    # yes/no question that checks what was just heard is what level 5 keeps closed questions for.
    opened = [a for a in exploring if a.question == "open" and r.taken_up(a)]
    checking = [a for a in exploring if a.question == "closed" and a.follow_up]
    share = len(opened) / max(1, len(exploring) - len(checking))
    t = r.t
    level = _step(share, t["open_share"], 1)
    if level == 1 and sum(r.taken_up(a) for a in asking) >= t["many_answered"]:
        level = 2  # many real questions that got answers, mostly closed ones
    leading = sum(a.question == "leading" for a in exploring)
    if leading:
        level = min(level, 4)  # level 5 asks neutral questions
        if leading / len(exploring) >= t["leading_share"]:
            level -= 1
    stacked = [a for a in mine if a.stacked and (asks(a) or a.injection)]
    if stacked:
        level = min(level, 4)  # level 5 asks one question at a time
        if len(stacked) >= 2:
            level = min(level, 3)  # "sometimes stacks two or three together"
        if len(stacked) / len(asking) >= t["stacked_share"]:
            level -= 1
    if len(opened) < t["open_for_five"]:
        level = min(level, 4)  # one or two good questions are not a habit of asking them
    if _interrogation(r):
        # Open in form, but a checklist that never lets the prospect talk.
        level = min(level, t["interrogation_cap"])
    few = len(mine) >= t["few_turns"] and len(exploring) / len(mine) < t["few_questions"]
    if few:
        level = min(level, t["few_cap"])
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
    good = [a for a in opened if not a.stacked]
    bad = [a for a in asking if a not in good]
    level = _clamp(level)
    evidence = _indexes(good if level >= 3 else bad) or _indexes(asking)
    return Judgement(level, evidence, reason, nudge=share - 0.5)


def _listening(r: _Round) -> Judgement:
    m, mine = r.metrics, r.mine
    # Follow-ups that pick up the prospect's own words and that the prospect took further.
    built = r.depth()
    follow_rate = len(built) / max(1, len(mine) - 1)  # the first turn follows up on nothing
    # Answering the prospect's own question at some length is not talking over them; a pitch
    # in answer to it, or a lecture, still is.
    answers = _answers_to_the_prospect(r)
    talk = [a for a in mine if a.index not in answers] or mine
    mean_words = sum(a.words for a in talk) / len(talk)
    talk_share = _talk_share(r, answers)
    # A pitch cut into short turns between "Mm-hm"s is still one monologue.
    runs = _runs(r, answers)
    longest = max(talk, key=lambda a: a.words)
    longest_run = max((sum(a.words for a in run) for run in runs), default=longest.words)
    t = r.t
    limit = r.scenario.reactions.monologue_words if r.scenario else t["monologue_words"]
    asking = [a for a in mine if asks(a)]
    open_share = m.open_questions / len(asking) if asking else 0.0
    interrogation = _interrogation(r)
    cuts = [
        a
        for a in r.notes
        if a.speaker == "prospect" and r.text(a.index).rstrip().endswith(_CUT_SHORT)
    ]
    pitches = [a for a in mine if a.pitch or a.self_talk]
    # Asking again what the prospect already answered, or going past a concern they raised,
    # is not hearing them.
    ignored = _ignored_objections(r) + [a for a in mine if a.uncredited == "repeat"]
    summed_up = [a for a in mine if a.recap]
    # Follow-ups on the prospect's words lift the level; who does the talking sets how far,
    # and pitching, monologues and a checklist of questions pull it down to the rubric's 1-2.
    if not built:
        level = 2 if talk_share > t["prospect_mostly"] else 3  # "lets the prospect talk"
    else:
        level = _step(follow_rate, t["follow_rate"], 3)
    # Where inside whatever level the round reaches: more follow-ups, higher.
    nudge = min(1.0, follow_rate / t["follow_rate"][0][0]) - 0.5
    if level >= 5 and not (summed_up and talk_share <= t["prospect_mostly"]):
        level = 4  # level 5: the prospect talks most, and what was heard is summed up
    if level >= 4 and not (
        len(built) >= t["follow_ups_for_four"] and talk_share <= t["talks_less"]
    ):
        level = 3  # level 4: talks less than the prospect, follows up on several
    if talk_share > t["talks_more"]:
        level = min(level, 2)  # talks more than the prospect
    if open_share < t["open_share_min"]:
        level = min(level, 3)  # yes/no questions do not let the prospect talk
    if pitches or longest_run >= limit:
        level -= t["pitch_penalty"]
    if interrogation:
        level = min(
            level, 1 if not built and len(asking) >= t["interrogation_questions_floor"] else 2
        )
    if len(pitches) >= t["pitch_share"] * len(mine) or longest_run >= 2 * limit:
        level = 1
    if talk_share > t["talks_most"] or mean_words > t["mean_words"] or cuts:
        level -= 1
    if ignored:
        level = min(level, 3 if len(ignored) == 1 else 2)  # went past what the prospect said
    drew = [a for a in asking if r.taken_up(a)]
    if len(mine) >= t["few_turns"] and len(drew) / len(mine) < t["few_questions"]:
        # Hardly a question in the call that got the prospect talking: nothing was listened to.
        level = min(level, 2 if drew else 1)
    if m.leading_questions >= t["leading_limit"]:
        level -= 1  # putting words in the prospect's mouth is steering, not listening
    if m.injection_turns:
        level -= 1  # talking to the machine instead of the prospect
    if (
        m.stacked_turns >= t["stacked_turns"]
        and m.stacked_turns / max(1, len(asking)) >= t["stacked_share"]
    ):
        level -= 1  # three questions at once: the prospect answers one, the rest go unheard
    extra = r.reasons["listening"]["interrogation"] if interrogation else ""
    if cuts:
        extra += r.say("listening", "cut_short", cuts=len(cuts))
    if ignored:
        extra += r.say("listening", "ignored", times=len(ignored))
    if summed_up:
        extra += r.reasons["listening"]["summed_up"]
    reason = r.say(
        "listening",
        "line",
        follow_ups=len(built),
        turns=len(mine),
        mean=round(mean_words),
        longest=longest.words,
        share=round(100 * talk_share),
        extra=extra,
    )
    level = _clamp(level)
    bad = [a for a in talk if a.monologue or a.words >= limit] + pitches + ignored
    if interrogation:
        bad += [a for a in asking if not a.follow_up]
    evidence = _indexes(built + summed_up if level >= 3 else bad) or _indexes(built or bad)
    return Judgement(level, evidence or (longest.index,), reason, nudge=nudge)


def _runs(r: _Round, answers: set[int]) -> list[list[TurnAnnotation]]:
    """The candidate's stretches of talk: turns joined across the prospect's backchannels
    ("Mm-hm.", "Okay."), answers to the prospect's own questions left out."""
    runs: list[list[TurnAnnotation]] = []
    current: list[TurnAnnotation] = []
    for note in r.notes:
        if note.speaker == "candidate":
            if note.index in answers:
                current = []
                continue
            current.append(note)
            if len(current) == 1:
                runs.append(current)
        elif not _backchannel(r, note):
            current = []
    return runs


def _backchannel(r: _Round, note: TurnAnnotation) -> bool:
    """A prospect turn that only keeps the line open: a word or two, nothing new, no question."""
    short = note.words <= r.t["backchannel_words"]
    return short and note.new_words <= 1 and "?" not in r.text(note.index)


def _ignored_objections(r: _Round) -> list[TurnAnnotation]:
    """Candidate turns that went straight past a concern the prospect raised: no word of it
    acknowledged and nothing asked about it."""
    ignored = []
    for note in r.notes:
        if note.speaker != "prospect" or not note.objection:
            continue
        reply = next((a for a in r.mine if a.index > note.index), None)
        if reply is not None and reply.objection != note.objection and not reply.follow_up:
            ignored.append(reply)
    return ignored


def _answers_to_the_prospect(r: _Round) -> set[int]:
    """Candidate turns that plainly answer a question the prospect just asked (no pitch, no
    lecture)."""
    answers: set[int] = set()
    previous: TurnAnnotation | None = None
    for note in r.notes:
        if note.speaker == "candidate" and previous is not None and previous.speaker == "prospect":
            asked = "?" in r.text(previous.index)
            plain = not (note.pitch or note.self_talk) and note.words <= r.t["lecture_words"]
            if asked and plain:
                answers.add(note.index)
        previous = note
    return answers


def _talk_share(r: _Round, answers: set[int]) -> float:
    """The candidate's share of the words, answers to the prospect's questions left out."""
    mine = sum(a.words for a in r.mine if a.index not in answers)
    theirs = sum(a.words for a in r.notes if a.speaker == "prospect")
    return mine / (mine + theirs) if mine + theirs else 0.0


def _preparation(r: _Round) -> Judgement:
    mine = r.mine
    asked_at = challenge_turn(r.notes)
    if asked_at is None:
        return Judgement(3, (mine[-1].index,), r.say("preparation", "not_asked"), assessed=False)
    after = [a for a in mine if a.index > asked_at]
    if not after:
        return Judgement(1, (asked_at,), r.say("preparation", "unanswered"))
    answer = after[0]
    # Handing the call back means asking about the prospect, not "what do you think?".
    returned = [a for a in after[:2] if a.question == "open" and not a.prompt]
    coverage = _explained(r, answer, r.metrics.challenge_coverage)
    # Most of the ideas explains it; half explains part; a few is a vague line ("it helps you
    # get found"); none at all is no answer.
    t = r.t
    level = 3 if coverage is None else _step(coverage, t["coverage"], 1)
    text = r.text(answer.index)
    if _buzzwords(text, t["buzzword_share"]):
        level = 1  # a string of terms with nothing said about how they work: a bluff
    elif _explaining_words(r, text) < t["thin_words"]:
        level -= 1  # too thin to explain how it works ("Tell me more." tacked on adds nothing)
    elif mentions(text, _words(r.language, "unsure"), r.language):
        level -= 1  # "links help too, I think. I'm not an expert": a guess, not an explanation
    elif answer.words > t["lecture_words"]:
        # Right, but a lecture: the prospect asked a question, not for a class.
        level = min(level, t["lecture_cap"])
    elif returned and (coverage is None or coverage >= t["covered_for_five"]):
        level += 1
    back = r.reasons["preparation"]["returned" if returned else "not_returned"]
    if coverage is None:
        reason = r.say("preparation", "answered_unknown", words=answer.words, returned=back)
    else:
        reason = r.say(
            "preparation",
            "answered",
            words=answer.words,
            covered=_share_words(r, coverage),
            returned=back,
        )
    nudge = 0.0 if coverage is None else _position(coverage, t["coverage"])
    return Judgement(_clamp(level), _indexes([answer], returned[:1]), reason, nudge=nudge)


def _explaining_words(r: _Round, text: str) -> int:
    """The words of an answer's statements: its questions explain nothing."""
    product = tuple(r.scenario.product) if r.scenario else ()
    sentences = read_questions(text, r.language, product).sentences
    return sum(len(s.words) for s in sentences if s.kind == "statement")


def _buzzwords(text: str, mostly: float) -> bool:
    """Whether an answer is mostly (this share of its characters) a list of terms (five or more
    short items in a row), with little said about how they work."""
    listed = sum(len(m.group(0)) for m in _TERM_LIST.finditer(text))
    return listed >= mostly * len(text)


def _share_words(r: _Round, share: float) -> str:
    """A share in plain words ("most", "about half") rather than a percentage."""
    words: list[list[Any]] = r.reasons["shares"]
    return next((str(w) for threshold, w in words if share >= threshold), str(words[-1][1]))


def _explained(r: _Round, answer: TurnAnnotation, coverage: float | None) -> float | None:
    """The challenge coverage, or the share of the general SEO ideas the answer explains when
    that is higher: a scenario's key-point words miss answers worded another way."""
    if answer.injection:
        return coverage
    ideas = r.scenario.challenge.ideas if r.scenario and r.scenario.challenge else []
    if not ideas:
        return coverage
    # Statements explain; key words inside a question or a list of terms explain nothing.
    said = _TERM_LIST.sub(" ", r.text(answer.index))
    product = tuple(r.scenario.product) if r.scenario else ()
    text = " ".join(s for s in split_sentences(said, r.language, product) if "?" not in s)
    general = sum(mentions(text, idea, r.language) for idea in ideas) / len(ideas)
    return general if coverage is None else max(coverage, general)


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
    mean = sum(levels) / len(levels)
    return Judgement(_clamp(mean), evidence, reason, nudge=mean - _clamp(mean))


def _next_step(r: _Round) -> Judgement:
    mine = r.mine
    phrases, proposals = _words(r.language, "next_step"), _words(r.language, "proposal")
    concrete_words = _words(r.language, "concrete")
    best: tuple[int, TurnAnnotation, bool, int, int] | None = None
    for position, a in enumerate(mine):
        text = r.text(a.index)
        concrete = mentions(text, concrete_words, r.language) or bool(_DIGIT.search(text))
        # "Does Thursday at ten work?" proposes a meeting without naming one.
        proposes = mentions(text, phrases, r.language) or concrete
        if not proposes or not (asks(a) or mentions(text, proposals, r.language)):
            continue
        before = mine[:position]
        open_before = sum(b.question == "open" for b in before)
        facts_before = len({f for b in before for f in counted_facts(b)})
        earned = open_before >= r.t["earned_open"]  # the prospect has said what they need
        kind = ("earned_" if earned else "") + ("concrete" if concrete else "vague")
        level = r.t["levels"][kind.replace("earned_vague", "earned")]
        if best is None or level >= best[0]:
            best = (level, a, concrete, open_before, facts_before)
    if best is None:
        none = r.t["levels"]["none"]
        return Judgement(none, (mine[-1].index,), r.say("next-step", "none", turns=len(mine)))
    level, turn, concrete, open_before, facts_before = best
    reason = r.say(
        "next-step",
        "asked",
        concrete=r.reasons["next-step"]["concrete" if concrete else "vague"],
        turn=turn.index + 1,  # as the transcript numbers turns (#1 is the opening line)
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


def _judge(rubric: Rubric, criterion: Criterion, round_: _Round) -> Judgement:
    """The criterion's level: its one measure judged by its thresholds, or the weighted mean of
    the measures it composes (each with its own thresholds)."""
    found: list[tuple[Judgement, float]] = []
    for part in criterion.parts:
        judge = _JUDGES.get(part.measure)
        if judge is None:
            raise ValueError(
                f"rubric {rubric.id!r}: criterion {criterion.id!r} has measure "
                f"{part.measure!r}, which scores self-assessments, not rounds"
            )
        thresholds = {**rubric.thresholds, **criterion.thresholds, **part.thresholds}
        found.append((judge(replace(round_, t=thresholds)), part.weight))
    if len(found) == 1:
        return found[0][0]
    counted = [(j, w) for j, w in found if j.assessed] or found
    total = sum(w for _, w in counted)
    raw = sum(raw_level(j.level, j.nudge) * w for j, w in counted) / total
    level = _clamp(raw)
    return Judgement(
        level,
        tuple(sorted({i for j, _ in counted for i in j.evidence})),
        " ".join(j.reason for j, _ in counted),
        assessed=any(j.assessed for j, _ in found),
        nudge=raw - level,
    )


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
        t={},
        notes=notes,
        metrics=metrics,
        texts={t.index: t.text for t in turns},
        scenario=scenario,
        language=call_language,
        reasons=reason_texts(rubric.language),
        mine=[a for a in notes if a.speaker == "candidate"],
        replies={
            a.index: b
            for a, b in itertools.pairwise(notes)
            if a.speaker == "candidate" and b.speaker == "prospect"
        },
    )
    silent = not round_.mine
    criteria = []
    for criterion in rubric.criteria:
        if silent:
            found = Judgement(1, (), round_.reasons["silent"])
        else:
            found = _judge(rubric, criterion, round_)
        criteria.append(
            CriterionScore(
                criterion=criterion.id,
                name=criterion.name,
                score=found.level,
                evidence=found.evidence,
                reason=found.reason,
                weight=criterion.weight,
                assessed=found.assessed,
                raw=raw_level(found.level, found.nudge),
            )
        )
    gaming = gaming_flags(annotations)
    flags = [g.kind for g in gaming]
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
        gaming=gaming,
        product=tuple(scenario.product) if scenario else (),
    )


# How many turns of a kind make a pattern worth a reviewer's eye: once can be a slip of the
# tongue ("Tell me more." after a pitch), a habit is a tactic. Text aimed at the machine, a
# pasted script and stage directions are never slips.
_PATTERNS: tuple[tuple[str, Callable[[TurnAnnotation], bool], int], ...] = (
    ("prompt-injection", lambda a: a.injection and not a.pasted, 1),
    ("pasted-dialogue", lambda a: a.pasted, 1),
    ("stage-directions", lambda a: a.directions > 0, 1),
    ("hollow-questions", lambda a: a.uncredited == "hollow", 2),
    ("questions-tacked-onto-pitches", lambda a: a.uncredited == "pitch", 3),
    ("repeated-questions", lambda a: a.uncredited == "repeat", 2),
    ("echoed-lines", lambda a: a.uncredited == "echo" or a.parroted > 0, 2),
    ("self-answered-questions", lambda a: a.uncredited == "answered", 2),
    ("topic-lists", lambda a: a.uncredited in ("list", "intent"), 2),
)


def gaming_flags(annotations: Sequence[TurnAnnotation]) -> tuple[GamingFlag, ...]:
    """The gaming patterns a round shows, each with its turns (candidate turns only)."""
    mine = [a for a in annotations if a.speaker == "candidate"]
    found = []
    for kind, shows, enough in _PATTERNS:
        turns = tuple(a.index for a in mine if shows(a))
        if len(turns) >= enough:
            found.append(GamingFlag(kind, turns))
    return tuple(found)


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
    return detect_language(texts, fallback)


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
