"""Text plumbing for the reader: normalising, tokens, stems and sentence splitting.

Spelling fixes (contractions typed without the apostrophe, common slips, abbreviations) come
from every language present, since how people type does not depend on the language they type
in; stems come from the language's Snowball stemmer (snowballstemmer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import and_, eq

from app.language.lexicon import Lexicon
from app.language.registry import language, languages

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
     "\u00a0": " "}
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v]+")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_MARKS = ",.-\u2014\u2013\u2026"
_PUNCTUATION = str.maketrans(dict.fromkeys(",.?!;:-\u2014\u2013", " "))
_PERIOD_MARK = "\x00"
# Sentence ends: . ! ? followed by space, a "?" glued to the next word, new lines and semicolons.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=\?)(?=[^\W_])|\s*\n\s*|;\s+")
# A wh-word this many words back can still own the auxiliary that follows ("what kind of
# companies are you ...").
_WH_REACH = 5


def normalise(text: str, code: str | None = None) -> str:
    """Lower-case `text` and unify quotes, spaces, apostrophe-less contractions and slips: the
    language's own (`code`), or every language's when the language does not matter."""
    norm = text.translate(_QUOTES).lower()
    if "  " in norm or "\t" in norm or "\r" in norm or "\f" in norm or "\v" in norm:
        norm = _SPACES.sub(" ", norm)
    norm = norm.strip()
    spelling = languages().spelling_of(code)
    words = norm.translate(_PUNCTUATION).split()
    contractions, typos, _ = spelling.patterns
    if "'" not in norm and not spelling.contractions.keys().isdisjoint(words):
        # Text with no apostrophe at all is speech-to-text or hasty typing: restore them.
        norm = contractions.sub(lambda m: spelling.contractions[m.group(0)], norm)
    if not spelling.typos.keys().isdisjoint(words):
        norm = typos.sub(lambda m: spelling.typos[m.group(0)], norm)
    return norm


def drop_restarts(norm: str) -> str:
    """Collapse spoken restarts ("is that -- is that something", "how, how are you") to one."""
    keys = norm.translate(_PUNCTUATION).split()
    gap_two = list(map(eq, keys, keys[2:]))
    if not any(map(eq, keys, keys[1:])) and not any(map(and_, gap_two, gap_two[1:])):
        return norm
    words = [w for w in norm.split() if w.strip(_MARKS)]
    keys = [w.strip(_MARKS) for w in words]
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if keys[i : i + size] == keys[i + size : i + 2 * size]:
                i += size  # say it once: keep the second, finished attempt
                break
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept)


def tokens(text: str) -> list[str]:
    """The word tokens of already normalised text (keeps contractions like "don't")."""
    return _TOKEN.findall(text)


def fold(word: str, code: str) -> str:
    """The word with the letters the language folds ("mal" for "mal" typed with its accent)."""
    return language(code).fold(word)


def stem(word: str, code: str) -> str:
    """The word's stem in the language (Snowball), folded."""
    return language(code).stem(word)


def content_stems(words: Iterable[str], code: str) -> set[str]:
    """Stems of the words that carry meaning (no stop words, no one- or two-letter words)."""
    lang = language(code)
    stop = lang.lexicon().stopwords
    return {lang.stem(w) for w in words if len(w) > 2 and w not in stop}


def split_sentences(text: str, code: str = "en", product: tuple[str, ...] = ()) -> list[str]:
    """Split a turn into sentences, and run-on speech-to-text into its separate questions
    (`product`: the words that name the seller's product in this call)."""
    return split_normalised(normalise(text, code), language(code).lexicon(product))


def split_normalised(norm: str, lex: Lexicon) -> list[str]:
    """`split_sentences` for text that is already normalised."""
    return [piece for piece, _ in split_marked(norm, lex)]


def split_marked(norm: str, lex: Lexicon) -> list[tuple[str, bool]]:
    """Sentences of normalised text, each marked True when it continues the one before it
    (a question cut out of a longer sentence: "since it isn't working, | what's stopping you?")."""
    spelling = languages().spelling_of(lex.code)
    if "." in norm and spelling.abbreviations:
        _, _, abbreviated = spelling.patterns
        norm = _mark_abbreviations(norm, abbreviated)
    pieces: list[tuple[str, bool]] = []
    for part in _SENTENCE_END.split(norm):
        part = part.replace(_PERIOD_MARK, ".").strip(" ,-\u2013\u2014")
        if part:
            clauses = _split_clauses(part, lex)
            pieces.extend((clause, i > 0) for i, clause in enumerate(clauses))
    return pieces


def _mark_abbreviations(norm: str, abbreviated: re.Pattern[str]) -> str:
    """Hide the full stop of each abbreviation ("e.g.") so it ends no sentence."""
    out: list[str] = []
    at = 0
    for match in abbreviated.finditer(norm):
        end = match.end()
        if end < len(norm) and norm[end] == ".":
            out.append(norm[at:end] + _PERIOD_MARK)
            at = end + 1
    out.append(norm[at:])
    return "".join(out)


def _closes(preceding: list[str], code: str) -> bool:
    """Whether the words before a question end in a closing phrase ("thank you")."""
    return any(
        tuple(w.strip(",.:") for w in preceding[-len(c) :]) == c
        for c in languages().spelling_of(code).closings
        if len(preceding) >= len(c)
    )


def _split_clauses(sentence: str, lex: Lexicon) -> list[str]:
    """Cut a sentence before each question that starts inside it."""
    cuts = []
    if "," in sentence or ":" in sentence or " -" in sentence or "\u2014" in sentence:
        cuts = [m.end() for m in lex.clause_question.finditer(sentence)]
    for match in lex.inline_question.finditer(sentence):
        preceding = sentence[: match.start()].split()
        if not preceding:
            continue
        previous = preceding[-1].strip(",.:")
        if previous in lex.no_split_after and not _closes(preceding, lex.code):
            continue
        clause = sentence[max((c for c in cuts if c < match.start()), default=0) : match.start()]
        clause = clause.lstrip(" ,")
        fillers = lex.filler.match(clause)
        if fillers:
            clause = clause[fillers.end() :]
        owned = not lex.wh_question.match(match.group(0)) and len(clause.split()) <= _WH_REACH
        if owned and lex.wh_question.match(clause):
            continue  # "what kind of companies | are you selling to": the wh-question's own verb
        cuts.append(match.start())
    if lex.verb_subject and lex.finite_clause and lex.subordinator:
        for match in lex.verb_subject.finditer(sentence):
            before = sentence[: match.start()]
            # "..., why would you wait" in a verb-second language: the verb belongs to the
            # wh-word before it.
            asked_before = lex.wh_question.match(before.split()[-1]) if before.split() else None
            if (
                lex.finite_clause.search(before)
                and not lex.subordinator.match(before)
                and not asked_before
            ):
                cuts.append(match.start())
    if not cuts:
        return [sentence]
    parts, start = [], 0
    for cut in sorted(set(cuts)):
        parts.append(sentence[start:cut])
        start = cut
    parts.append(sentence[start:])
    return [p for p in (part.strip(" ,:;-\u2013\u2014") for part in parts) if p]


def spelled_out(words: Iterable[str], code: str) -> list[str]:
    """Word tokens with the language's contractions written out ("don't" -> "do", "not"); an
    apostrophe ending the language does not list is dropped with what follows it."""
    spelling = language(code).reading.spelling.spelled_out
    out: list[str] = []
    for word in words:
        if "'" not in word:
            out.append(word)
            continue
        whole = spelling.words.get(word)
        if whole is not None:
            out.extend(whole.split())
            continue
        for ending, meaning in spelling.endings.items():
            if word.endswith(ending):
                host = word[: -len(ending)]
                out.append(host)
                hosts = spelling.only_after.get(ending)
                if hosts is None or host in hosts.split():
                    out.extend(meaning.split())
                break
        else:
            out.append(word.split("'")[0])
    return out
