"""The shape of a language's lexicon: the word lists and patterns the annotator reads.

Patterns run on normalised text (lower case, straight quotes). Each language fills one
`Lexicon` in its own module (lexicon_en.py, lexicon_sv.py); the annotator never names a
language's words itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything language-specific the annotator needs."""

    code: str
    # --- sentence shape (matched at the start of a sentence unless said otherwise)
    filler: re.Pattern[str]  # a run of fillers and discourse markers to skip ("um, so, okay")
    fronting: frozenset[str]  # fillers that are adverbials when no comma follows ("då säger vi")
    about_prospect: re.Pattern[str]  # a claim about what the prospect needs ("you need", "ni vill")
    courtesy: re.Pattern[str]  # small talk and permission questions ("how are you", "is now ok")
    rhetorical: re.Pattern[str]  # questions the seller answers themselves ("guess what")
    answer_lead: re.Pattern[str]  # a sentence that answers the previous question ("because ...")
    open_prompt: re.Pattern[str]  # "tell me", "walk me through", "can you describe", "i'm curious"
    prompt_yes_no: re.Pattern[str]  # what follows a prompt that makes it yes/no ("if", "whether")
    wh_question: re.Pattern[str]  # a wh-word that starts a question ("what", "how many")
    wh_statement: re.Pattern[str]  # a wh-word that starts a statement ("what we do is", "how nice")
    wh_strict: re.Pattern[str]  # a wh-question that needs no "?" to be one (speech-to-text)
    closed_start: re.Pattern[str]  # verb or auxiliary first: a yes/no question even without "?"
    closed_loose: re.Pattern[str]  # verb or auxiliary first: a yes/no question when "?" ends it
    proposal: re.Pattern[str]  # suggestions phrased with a wh-word ("how about", "why don't we")
    negative_start: re.Pattern[str]  # "don't you", "isn't it": pushes an answer
    assumptive: re.Pattern[str]  # "so we're agreed ...", "vi är överens om": leading, "?" or not
    fronted_question: re.Pattern[str]  # verb and "you" after a fronted adverb ("så har ni provat")
    leading: re.Pattern[str]  # searched in a question: "wouldn't you agree", loaded premises
    tag: re.Pattern[str]  # searched at the end: ", right?" ", isn't it?"
    choice: re.Pattern[str]  # searched: an either/or choice inside a wh-question
    choice_tail: re.Pattern[str]  # searched at the end: a trailing "or?" that makes it a choice
    filler_tail: re.Pattern[str]  # a trailing "you know?" that asks nothing
    filler_tail_words: tuple[str, ...]  # the words `filler_tail` can end with
    tag_ends: frozenset[str]  # the words `tag` can end with
    claim_tag: re.Pattern[str]  # a particle that turns a claim into a leading question ("väl")
    # --- splitting run-on text
    clause_question: re.Pattern[str]  # a clause break followed by a question
    inline_question: re.Pattern[str]  # a question starting mid-sentence with no punctuation
    no_split_after: frozenset[str]  # words after which a wh-word is embedded, not a new question
    # Swedish only: a verb-first question inside run-on text ("vi hjälper bolag att växa har ni
    # en budget"), recognised because the text before it already has its own subject and verb.
    verb_subject: re.Pattern[str] | None
    finite_clause: re.Pattern[str] | None
    subordinator: re.Pattern[str] | None
    blank: re.Pattern[str]  # a fill-in-the-blank question end ("and the reason is?")
    # --- words
    subjects: frozenset[str]  # subject pronouns: a sentence with one has a clause, not a fragment
    addressee: frozenset[str]  # the words that speak to the prospect ("you", "your", "ni", "er")
    speaker: frozenset[str]  # first words of a sentence about the seller ("i'm", "we", "vår")
    verbs: frozenset[str]  # common verbs and auxiliaries, for telling fragments from clauses
    stopwords: frozenset[str]  # function words, ignored when comparing content
    generic: frozenset[str]  # discovery words every checklist uses: not evidence of listening
    function_words: frozenset[str]  # frequent words that identify the language
    # --- what the turn is about
    seller: re.Pattern[str]  # the seller's company or product ("we help", "our platform")
    selling: re.Pattern[str]  # claims and sales language ("industry-leading", "3x more leads")
    self_talk: re.Pattern[str]  # the candidate's own background ("i've been in sales for")
    # Every match of the three patterns above contains one of these words (or, for selling, a
    # number); sentences without any are skipped, which keeps annotation fast.
    seller_anchors: frozenset[str]
    selling_anchors: frozenset[str]
    self_talk_anchors: frozenset[str]
    context: re.Pattern[str]  # why we call ("you downloaded our whitepaper"): not selling
    elaboration: re.Pattern[str]  # a question rephrasing the one before ("or ...", "like, ...")
    open_tail: re.Pattern[str]  # options left open at the end ("... or spreadsheets or...")
    wh_in_situ: re.Pattern[str]  # a wh-word at the end of a "?" sentence ("in what way?")
    refers_back: re.Pattern[str]  # points back at the prospect's words ("you mentioned", "why so")
    anaphora: re.Pattern[str]  # in a question, points at the last answer ("how much of that")
    # --- challenge question without a scenario
    challenge_topic: re.Pattern[str]  # SEO, inbound, search engines
    challenge_ask: re.Pattern[str]  # asks how or why it works


_SWEDISH_LETTERS = {"å": "[åa]", "ä": "[äa]", "ö": "[öo]"}


def accept_unaccented(pattern: str) -> str:
    """Let å, ä and ö in a pattern also match a, a and o (Swedish typed without them)."""
    return "".join(_SWEDISH_LETTERS.get(ch, ch) for ch in pattern)


def one_boundary(pattern: str) -> str:
    r"""Rewrite "\bA|\bB|C" as "\b(?:A|B)|C": one word-boundary test per position instead of one
    per alternative, which makes long alternations several times faster in Python's re."""
    alternatives, depth, start, in_class, i = [], 0, 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
        i += 1
    alternatives.append(pattern[start:])
    bounded = [a[2:] for a in alternatives if a.startswith(r"\b")]
    others = [a for a in alternatives if not a.startswith(r"\b")]
    if not bounded:
        return pattern
    return "|".join([r"\b(?:" + "|".join(bounded) + ")", *others])


def word_set(words: str, *, unaccented: bool = False) -> frozenset[str]:
    """The space-separated `words` as a set; with `unaccented`, also spelled without å, ä, ö."""
    split = words.split()
    if unaccented:
        split += [w.replace("å", "a").replace("ä", "a").replace("ö", "o") for w in split]
    return frozenset(split)


def words_pattern(words: str) -> str:
    """An alternation of the space-separated `words`, where "_" stands for a space."""
    return "|".join(w.replace("_", r"\s+") for w in sorted(words.split(), key=len, reverse=True))
