"""Text plumbing for the annotator: normalising, tokens, light stemming and sentence splitting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from operator import and_, eq

from app.scoring.languages import lexicon
from app.scoring.lexicon import Lexicon, word_set

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Speech-to-text and quick typing drop the apostrophe; these are unambiguous without it.
_BARE_WORDS = word_set(
    "dont doesnt didnt isnt arent wasnt werent cant couldnt wouldnt shouldnt wont havent hasnt "
    "hadnt whats thats theres hows wheres whos youre youve youll im ive weve theyre"
)
_BARE_CONTRACTION = re.compile(r"\b(?:" + "|".join(sorted(_BARE_WORDS)) + r")\b")
# Common slips on the words that decide a question's type.
_TYPOS = {
    "waht": "what", "whta": "what", "wht": "what", "hwo": "how", "whay": "why", "wehn": "when",
    "whne": "when", "wich": "which", "yuo": "you", "yoru": "your", "teh": "the", "vda": "vad",
    "hru": "hur",
}  # fmt: skip
_TYPO = re.compile(r"\b(?:" + "|".join(_TYPOS) + r")\b")
_MARKS = ",.-—–…"
_PUNCTUATION = str.maketrans(dict.fromkeys(",.?!;:-—–", " "))
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})

# A full stop after these is not the end of a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(?:e\.g|i\.e|mr|mrs|ms|dr|vs|etc|approx|inc|ltd|corp|u\.s|u\.k|t\.ex|bl\.a|d\.v\.s|dvs|osv"
    r"|m\.m|ca|s\.k|p\.g\.a|fr\.o\.m|el|resp|jfr)\.",
)
_ABBREVIATED = word_set(
    "e.g. i.e. mr. mrs. ms. dr. vs. etc. approx. inc. ltd. corp. u.s. u.k. t.ex. bl.a. d.v.s. "
    "dvs. osv. m.m. ca. s.k. p.g.a. fr.o.m. el. resp. jfr. (e.g. (i.e. (t.ex."
)
_PERIOD_MARK = "\x00"
# Sentence ends: . ! ? followed by space, a "?" glued to the next word, new lines and semicolons.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=\?)(?=[^\W_])|\s*\n\s*|;\s+")

# A wh-word this many words back can still own the auxiliary that follows ("what kind of
# companies are you ...").
_WH_REACH = 5
_BRITISH_IZE = re.compile(r"is(e|ed|es|ing)$")
_BRITISH_OUR = re.compile(r"our(s?)$")
_BRITISH_TRE = re.compile(r"tre$")
_EN_SUFFIXES = ("ies", "ing", "ed", "es", "s", "ly")
_SV_SUFFIXES = (
    "arnas", "ernas", "ornas", "arna", "erna", "orna", "heten", "heter", "andet", "ande",
    "ende", "ades", "ade", "het", "ens", "ets", "en", "et", "ar", "er", "or", "na", "ad",
    "s", "a", "e",
)  # fmt: skip


def normalise(text: str) -> str:
    """Lower-case `text` and unify quotes, spaces and apostrophe-less contractions ("whats")."""
    norm = text.translate(_QUOTES).lower()
    if "  " in norm or "\t" in norm or "\r" in norm or "\f" in norm or "\v" in norm:
        norm = _SPACES.sub(" ", norm)
    norm = norm.strip()
    words = norm.translate(_PUNCTUATION).split()
    if "'" not in norm and not _BARE_WORDS.isdisjoint(words):
        # Text with no apostrophe at all is speech-to-text or hasty typing: restore them.
        norm = _BARE_CONTRACTION.sub(_restore_apostrophe, norm)
    if not _TYPOS.keys().isdisjoint(words):
        norm = _TYPO.sub(lambda m: _TYPOS[m.group(0)], norm)
    return norm


def _restore_apostrophe(match: re.Match[str]) -> str:
    word = match.group(0)
    cut = -2 if word.endswith(("re", "ve", "ll")) else -1
    return word[:cut] + "'" + word[cut:]


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


def fold(word: str) -> str:
    """Swedish letters folded to plain ones, so "mål" and "mal" compare equal."""
    return word.translate(_FOLD)


@lru_cache(maxsize=8192)
def stem(word: str, language: str) -> str:
    """A light stem: plural, tense and British spellings removed; Swedish folded and de-suffixed."""
    if language == "sv":
        word = fold(word)
        for suffix in _SV_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    word = word.removesuffix("'s").replace("isation", "ization")
    if len(word) > 5:
        word = _BRITISH_IZE.sub(r"iz\1", word)
        word = _BRITISH_OUR.sub(r"or\1", word)
        word = _BRITISH_TRE.sub("ter", word)
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            if suffix == "ies":
                return word[:-3] + "y"
            return word[: -len(suffix)]
    return word


def content_stems(words: Iterable[str], language: str) -> set[str]:
    """Stems of the words that carry meaning (no stop words, no one- or two-letter words)."""
    stop = lexicon(language).stopwords
    return {stem(w, language) for w in words if len(w) > 2 and w not in stop}


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a turn into sentences, and run-on speech-to-text into its separate questions."""
    return split_normalised(normalise(text), lexicon(language))


def split_normalised(norm: str, lex: Lexicon) -> list[str]:
    """`split_sentences` for text that is already normalised."""
    return [piece for piece, _ in split_marked(norm, lex)]


def split_marked(norm: str, lex: Lexicon) -> list[tuple[str, bool]]:
    """Sentences of normalised text, each marked True when it continues the one before it
    (a question cut out of a longer sentence: "since it isn't working, | what's stopping you?")."""
    if "." in norm and not _ABBREVIATED.isdisjoint(norm.split()):
        norm = _ABBREVIATIONS.sub(lambda m: m.group(0)[:-1] + _PERIOD_MARK, norm)
    pieces: list[tuple[str, bool]] = []
    for part in _SENTENCE_END.split(norm):
        part = part.replace(_PERIOD_MARK, ".").strip(" ,-–—")
        if part:
            clauses = _split_clauses(part, lex)
            pieces.extend((clause, i > 0) for i, clause in enumerate(clauses))
    return pieces


def _split_clauses(sentence: str, lex: Lexicon) -> list[str]:
    """Cut a sentence before each question that starts inside it."""
    cuts = []
    if "," in sentence or ":" in sentence or " -" in sentence or "—" in sentence:
        cuts = [m.end() for m in lex.clause_question.finditer(sentence)]
    for match in lex.inline_question.finditer(sentence):
        preceding = sentence[: match.start()].split()
        if not preceding:
            continue
        previous = preceding[-1].strip(",.:")
        if previous in lex.no_split_after and not (
            previous == "you" and len(preceding) > 1 and preceding[-2] == "thank"
        ):
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
            # "..., varför skulle ni vänta": the verb belongs to the wh-word before it.
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
    return [p for p in (part.strip(" ,:;-–—") for part in parts) if p]
