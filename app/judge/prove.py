"""Which of the judge's opinions stand: every quote proven, and no higher level without proof.

An opinion is discarded (and counted) when:

1. a quote is not found, after normalising whitespace and case, in the line it names
   (a made-up quote, a paraphrase, or a real one put at the wrong line);
2. it rates a criterion above the rule-based level and quotes a line the rules found addressed
   to the AI or the scorer: such a line is evidence of gaming, never of skill; or words of a
   sentence the rules read as rhetorical ("Did you know that our tool ...?"): it asked nothing;
3. it rates a criterion of a call above the rule-based level, and the candidate's quoted words
   do not carry that much weight in the rules' own reading: taking them out of the call must
   lower the rules' raw level of that criterion by more than EVIDENCE_WEIGHT for the first level
   the judge adds, and by one level more for each further one (a judge that finds 5 where the
   rules find 2 must point at words the rules value at more than two and a quarter levels).

Lower or equal levels need only proven quotes: an attacker wants a higher score, and a judge
that finds less than the rules did is the second opinion a reviewer most needs to see.
Checks 2 and 3 hold the judge to the rule-based scorer's hardened reading, so whatever a
candidate writes to look curious (hollow questions, claims, instructions) can lift the judge's
level no more than it lifts the rules'; the price is that a higher level the rules cannot see
at all is shown to the reviewer as discarded rather than counted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace

from app.judge.models import JudgeInput, Line, Opinion, RuleReading
from app.judge.quotes import Span, find, meaningful, without
from app.language.questions import read_questions
from app.language.text import normalise, tokens
from app.roleplay.transcript import Turn

# The metamorphic suite lets a hollow attack lift a criterion's raw level by at most a quarter
# of a level; words that are worth no more than that to the rules prove no higher level.
EVIDENCE_WEIGHT = 0.25
# What stands in for a candidate turn whose every word was quoted and taken out.
_FILLER = {"en": "Okay.", "sv": "Okej."}


def check_quotes(opinion: Opinion, lines: Mapping[int, Line]) -> Opinion:
    """The opinion, discarded as quote-not-found unless every quote is in the line it names."""
    if not opinion.stands:
        return opinion
    for quote in opinion.quotes:
        line = lines.get(quote.line)
        if line is None:
            return replace(opinion, problem="quote-not-found", detail=f"no line {quote.line}")
        if not meaningful(quote.text):
            detail = f'"{quote.text}" is too short'
            return replace(opinion, problem="quote-not-found", detail=detail)
        if find(quote.text, line.text) is None:
            detail = f'line {quote.line}: "{_shorten(quote.text)}"'
            return replace(opinion, problem="quote-not-found", detail=detail)
    return opinion


def _shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def ablated(
    reading: RuleReading, lines: Mapping[int, Line], opinion: Opinion
) -> tuple[Turn, ...] | None:
    """The round with the candidate's quoted words taken out; None if none were quoted."""
    cut: dict[int, list[Span]] = {}
    for quote in opinion.quotes:
        line = lines.get(quote.line)
        if line is None or line.speaker != "candidate" or line.index is None:
            continue
        spans = find(quote.text, line.text)
        if spans:
            cut.setdefault(line.index, []).extend(spans)
    if not cut:
        return None
    filler = _FILLER.get(reading.language, _FILLER["en"])
    turns = []
    for turn in reading.turns:
        if turn.index in cut:
            left = without(turn.text, cut[turn.index])
            has_words = any(unicodedata.category(c)[0] in "LN" for c in left)
            turns.append(Turn(turn.index, turn.speaker, left if has_words else filler))
        else:
            turns.append(turn)
    return tuple(turns)


def check_anchor(opinion: Opinion, reading: RuleReading, lines: Mapping[int, Line]) -> Opinion:
    """The opinion, discarded when it rates above the rules on words they give no weight."""
    rule = reading.levels.get(opinion.criterion)
    if not opinion.stands or opinion.level is None or rule is None or opinion.level <= rule:
        return opinion
    flagged = sorted({q.line for q in opinion.quotes} & reading.aimed_at_scorer)
    if flagged:
        return replace(opinion, problem="aimed-at-scorer", detail=f"line {flagged[0]}")
    rhetorical = _quotes_rhetorical(opinion, lines, reading.language)
    if rhetorical is not None:
        detail = f"line {rhetorical}: a claim or a question answered at once, not asked"
        return replace(opinion, problem="unproven", detail=detail)
    if reading.rescore is None:
        return opinion
    changed = ablated(reading, lines, opinion)
    if changed is None:
        return replace(opinion, problem="unproven", detail="no words of the candidate quoted")
    before = reading.raws.get(opinion.criterion, float(rule))
    after = reading.rescore(changed).get(opinion.criterion, before)
    if before - after <= needed_weight(opinion.level - rule):
        detail = f"without the quoted words the rules' level moves {after - before:+.2f}"
        return replace(opinion, problem="unproven", detail=detail)
    return opinion


def _quotes_rhetorical(opinion: Opinion, lines: Mapping[int, Line], language: str) -> int | None:
    """The first line where a quote takes in words of a sentence the rules read as rhetorical
    ("Did you know that our tool ...?", "We're the leading platform?", "Guess what?"): asking
    nothing, it is no evidence for a level above the rules'."""
    for quote in opinion.quotes:
        line = lines.get(quote.line)
        if line is None or line.speaker != "candidate":
            continue
        quoted = tokens(normalise(quote.text, language))
        for sentence in read_questions(line.text, language).sentences:
            if sentence.kind == "rhetorical" and _shares_words(quoted, sentence.words):
                return quote.line
    return None


def _shares_words(quoted: Sequence[str], sentence: Sequence[str], run: int = 3) -> bool:
    """Whether a quote takes in a run of `run` words of the sentence (or all of a shorter one,
    or is itself a shorter piece of it)."""

    def runs(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    n = min(run, len(quoted), len(sentence))
    return n > 0 and not runs(quoted, n).isdisjoint(runs(sentence, n))


def needed_weight(lift: int) -> float:
    """How much the quoted words must weigh in the rules to carry a level `lift` above them."""
    return EVIDENCE_WEIGHT + max(0, lift - 1)


def prove(
    opinions: Sequence[Opinion], judge_input: JudgeInput, reading: RuleReading
) -> tuple[Opinion, ...]:
    """Every opinion of one call through the quote check, then the anchor to the rules."""
    lines = {line.number: line for line in judge_input.lines}
    return tuple(check_anchor(check_quotes(opinion, lines), reading, lines) for opinion in opinions)
