"""A language's reading data compiled for use: the Lexicon of patterns and word sets.

Patterns run on normalised text (lower case, straight quotes). `{name}` in a pattern is replaced
by the word list `words.name` (as an alternation, longest first, "_" for a space), by the piece
`fragments.name`, or, for `{product}`, by the scenario's product words. The code never names a
language's words itself: everything here comes from languages/<code>/reading.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.language.schema import SEARCHED, LanguageInfo, LexiconData, Pattern, joined

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PRODUCT = "product"


class PatternError(ValueError):
    """A pattern that names an unknown placeholder or does not compile."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything language-specific the turn reader needs (see app/language/schema.py)."""

    code: str
    filler: re.Pattern[str]
    fronting: frozenset[str]
    about_prospect: re.Pattern[str]
    courtesy: re.Pattern[str]
    rhetorical: re.Pattern[str]
    answer_lead: re.Pattern[str]
    open_prompt: re.Pattern[str]
    prompt_yes_no: re.Pattern[str]
    wh_question: re.Pattern[str]
    wh_statement: re.Pattern[str]
    wh_strict: re.Pattern[str]
    closed_start: re.Pattern[str]
    closed_loose: re.Pattern[str]
    proposal: re.Pattern[str]
    negative_start: re.Pattern[str]
    assumptive: re.Pattern[str]
    fronted_question: re.Pattern[str]
    leading: re.Pattern[str]
    tag: re.Pattern[str]
    choice: re.Pattern[str]
    choice_tail: re.Pattern[str]
    filler_tail: re.Pattern[str]
    filler_tail_words: tuple[str, ...]
    tag_ends: frozenset[str]
    claim_tag: re.Pattern[str]
    clause_question: re.Pattern[str]
    inline_question: re.Pattern[str]
    no_split_after: frozenset[str]
    verb_subject: re.Pattern[str] | None
    finite_clause: re.Pattern[str] | None
    subordinator: re.Pattern[str] | None
    blank: re.Pattern[str]
    subjects: frozenset[str]
    addressee: frozenset[str]
    speaker: frozenset[str]
    verbs: frozenset[str]
    stopwords: frozenset[str]
    generic: frozenset[str]
    function_words: frozenset[str]
    seller: re.Pattern[str]
    selling: re.Pattern[str]
    self_talk: re.Pattern[str]
    seller_anchors: frozenset[str]
    selling_anchors: frozenset[str]
    self_talk_anchors: frozenset[str]
    context: re.Pattern[str]
    elaboration: re.Pattern[str]
    open_tail: re.Pattern[str]
    wh_in_situ: re.Pattern[str]
    refers_back: re.Pattern[str]
    anaphora: re.Pattern[str]
    challenge_ask: re.Pattern[str]
    broad: re.Pattern[str]
    meeting: re.Pattern[str]
    it: frozenset[str]
    product_pronouns: frozenset[str]
    pointers: frozenset[str]
    reply_stopwords: frozenset[str]
    second_person: frozenset[str]
    hedge_subjects: frozenset[str]


# --------------------------------------------------------------------------- helpers


def accept_unaccented(pattern: str, letters: Mapping[str, str]) -> str:
    """Let each accented letter of `letters` in a pattern also match its plain letter."""
    if not letters:
        return pattern
    return "".join(f"[{ch}{letters[ch]}]" if ch in letters else ch for ch in pattern)


def unaccented_words(words: Iterable[str], letters: Mapping[str, str]) -> list[str]:
    """The words, and each also spelled with its accented letters plain."""
    found = list(words)
    if not letters:
        return found
    table = str.maketrans(dict(letters))
    return found + [w.translate(table) for w in found]


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


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of the words, longest first, where "_" stands for a space."""
    return "|".join(w.replace("_", r"\s+") for w in sorted(words, key=len, reverse=True))


def product_pattern(product: Iterable[str]) -> str:
    """The scenario's product words as a group (a group that matches nothing when there are
    none, so a pattern naming the product simply never matches that part)."""
    words = [re.escape(w.lower()).replace(r"\ ", r"\s+") for w in product]
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" if words else "(?!x)x"


class Expander:
    """Fills a language's placeholders: its word lists, its fragments and the product."""

    def __init__(self, data: LexiconData, product: tuple[str, ...]) -> None:
        self.words = data.words
        self.fragments = data.fragments
        self.product = product

    def words_of(self, text: str) -> list[str]:
        """The space-separated words, "{product}" ("{product}'s") standing for each product
        word (with the same ending)."""
        found: list[str] = []
        for word in text.split():
            if "{" + PRODUCT + "}" in word:
                found += [word.replace("{" + PRODUCT + "}", p.lower()) for p in self.product]
            else:
                found.append(word)
        return found

    def pattern(self, pattern: Pattern, where: str = "", depth: int = 0) -> str:
        """The pattern with its placeholders filled in (PatternError for an unknown one)."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == PRODUCT:
                return product_pattern(self.product)
            if name in self.words:
                return words_pattern(self.words_of(self.words[name]))
            if name in self.fragments and depth < 4:
                return self.pattern(self.fragments[name], where, depth + 1)
            raise PatternError(f"{where}: unknown placeholder {{{name}}}")

        return _PLACEHOLDER.sub(fill, joined(pattern))


def compile_lexicon(info: LanguageInfo, data: LexiconData, product: tuple[str, ...]) -> Lexicon:
    """The Lexicon of a language for a call whose product is named by `product`."""
    fill = Expander(data, product)
    letters = info.unaccented

    def compiled(name: str, pattern: Pattern | None) -> re.Pattern[str] | None:
        if pattern is None:
            return None
        text = accept_unaccented(fill.pattern(pattern, f"patterns.{name}"), letters)
        if name in SEARCHED:
            text = one_boundary(text)
        try:
            return re.compile(text)
        except re.error as bad:
            raise PatternError(f"patterns.{name}: {bad}") from None

    def word_set(text: str) -> frozenset[str]:
        return frozenset(unaccented_words(fill.words_of(text), letters))

    patterns = {
        name: compiled(name, getattr(data.patterns, name))
        for name in type(data.patterns).model_fields
    }
    sets = {name: word_set(getattr(data.sets, name)) for name in type(data.sets).model_fields}
    filler_tail_words = tuple(data.sets.filler_tail_words.split())
    sets.pop("filler_tail_words")
    return Lexicon(code=info.code, filler_tail_words=filler_tail_words, **patterns, **sets)  # type: ignore[arg-type]
