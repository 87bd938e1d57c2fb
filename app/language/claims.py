"""Pitch and self-talk: is the turn mostly about the seller's side rather than the prospect's?

A keyword is not enough: "we help companies like yours — what are your goals?" is an intro and a
question, while "we understand your goals, your challenges and our platform solves them" is a
pitch dressed in discovery words. So every sentence is put on one side — seller (company,
product, claims, the candidate's own background), prospect (real questions, talk about "you")
or neutral — and the turn is a pitch when the seller's side holds most of its words.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.language.questions import ASKING, TurnQuestions, ends_in_tag, read_questions
from app.language.registry import language

# A turn that asks a real question is a pitch only with this much selling around it.
_PITCH_SENTENCES_WITH_QUESTION = 2
_PITCH_WORDS_WITH_QUESTION = 25
_SHARE_WITH_QUESTION = 0.5
_SHARE_WITHOUT_QUESTION = 0.4


@dataclass(frozen=True, slots=True)
class Sides:
    """How a turn's words split between the seller's side and the prospect's."""

    total: int
    seller: int
    seller_sentences: int  # seller-side sentences, a sentence with several claims counting more
    own: int  # the candidate's own background (part of the seller's side)
    own_sentences: int
    asks: bool  # asks at least one real, non-fragment question
    selling: tuple[bool, ...]  # per sentence: talks about the seller's side at all
    claimed: bool = False  # a sales claim: results, customers, offers, "the best", not context


def weigh_sides(reading: TurnQuestions, code: str, product: tuple[str, ...] = ()) -> Sides:
    """Put each sentence on the seller's side, the prospect's or neither, and add up the words."""
    lex = language(code).lexicon(product)
    total = seller = seller_sentences = own = own_sentences = 0
    claimed = False
    selling: list[bool] = []
    asks = False  # a real question about the prospect's side
    previous_sold = False
    answered = _ends_selling(reading)
    for sentence in reading.sentences:
        words = len(sentence.words)
        total += words
        about_us, claims, background = sentence.about_us, sentence.claims, sentence.background
        selling.append(bool(about_us or claims))
        hits = about_us + claims + background
        if not hits and previous_sold and sentence.kind == "statement":
            # "Our SEO tool handles it. It scans your pages ...": "it" is still the product.
            hits = int(not lex.product_pronouns.isdisjoint(sentence.words[:2]))
        previous_sold = False
        # A real question about the prospect may carry one product word; a claim with a tag
        # ("our platform saves hours, wouldn't you agree?") or a rhetorical question is a pitch.
        pushing = sentence.kind == "rhetorical" or (
            sentence.kind == "leading"
            and (ends_in_tag(sentence.text, lex) or lex.claim_tag.search(sentence.text) is not None)
        )
        if sentence.kind in ASKING and hits < (1 if pushing else 2):
            # "What does that mean for you? Fewer tools and more leads, because HubSpot ...": a
            # question the seller answers at once does not hand the prospect the turn.
            asks = asks or not answered
            continue
        # A long run-on sentence full of selling weighs like several sentences.
        weight = min(hits, 3)
        if background and background >= about_us + claims:
            own += words
            own_sentences += weight
        if hits:
            seller += words
            seller_sentences += weight
            claimed = claimed or claims > 0
            previous_sold = background < hits
    return Sides(total, seller, seller_sentences, own, own_sentences, asks, tuple(selling), claimed)


def _ends_selling(reading: TurnQuestions) -> bool:
    """Whether the turn closes on a sales statement after its questions."""
    last = reading.sentences[-1] if reading.sentences else None
    return last is not None and last.kind == "statement" and bool(last.about_us or last.claims)


def _mostly(part: int, sentences: int, sides: Sides) -> bool:
    if part == 0 or sides.total == 0:
        return False
    share = part / sides.total
    if not sides.asks:
        return share >= _SHARE_WITHOUT_QUESTION
    # "We help companies like yours and they see results in six months. What ...?" sells before
    # it asks: a sales claim about the seller outweighs a question, however short the claim.
    return share >= _SHARE_WITH_QUESTION and (
        sentences >= _PITCH_SENTENCES_WITH_QUESTION
        or part >= _PITCH_WORDS_WITH_QUESTION
        or sides.claimed
    )


def pitch_from(sides: Sides) -> bool:
    """Whether the weighed turn is a pitch."""
    return _mostly(sides.seller, sides.seller_sentences, sides)


def self_talk_from(sides: Sides) -> bool:
    """Whether the weighed turn is mostly the candidate's own background."""
    return _mostly(sides.own, sides.own_sentences, sides)


def is_pitch(text: str, code: str, product: tuple[str, ...] = ()) -> bool:
    """Whether the turn is mostly about the seller, the company, the product or the candidate."""
    return pitch_from(weigh_sides(read_questions(text, code, product), code, product))


def is_self_talk(text: str, code: str, product: tuple[str, ...] = ()) -> bool:
    """Whether the turn is mostly about the candidate's own background."""
    return self_talk_from(weigh_sides(read_questions(text, code, product), code, product))
