"""The languages present: one Language per folder under languages/, and what they share.

The active set is loaded from the catalog's languages/ folder on first use (see
app.catalog.loader.load_languages); `install` swaps it (the catalog does when it loads, tests do
to try a folder of their own). A code that is not present reads as the default language, English
when it is there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from app.language.lexicon import Lexicon, compile_lexicon, one_boundary, unaccented_words
from app.language.lexicon import accept_unaccented as _accept
from app.language.schema import LanguageInfo, ReadingFile, ReviewFile, TextsFile, joined
from app.language.stemming import Stems

DEFAULT = "en"


class Language:
    """One language: its data files, and the compiled forms the reader needs."""

    def __init__(
        self,
        info: LanguageInfo,
        reading: ReadingFile,
        review: ReviewFile,
        texts: TextsFile,
        folder: Path | None = None,
    ) -> None:
        self.info = info
        self.reading = reading
        self.review = review
        self.texts = texts
        self.folder = folder
        self._lexicons: dict[tuple[str, ...], Lexicon] = {}
        self._fold = str.maketrans(dict(info.fold))
        self._stemmer = Stems(info.stemmer, self.fold)
        self._stems: dict[str, str] = {}
        # The same stemmer keeping the letters (see `kept_stem`).
        self._keeping = Stems(info.stemmer, str)
        self._kept: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def code(self) -> str:
        """The language's code, e.g. "sv"."""
        return self.info.code

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def lexicon(self, product: Sequence[str] = ()) -> Lexicon:
        """The compiled patterns and word sets, `{product}` read as these product words."""
        key = tuple(sorted({p.lower() for p in product}))
        found = self._lexicons.get(key)
        if found is None:
            found = compile_lexicon(self.info, self.reading.lexicon, key)
            with self._lock:
                if len(self._lexicons) > 32:
                    self._lexicons.clear()
                self._lexicons[key] = found
        return found

    def pattern(self, pattern: str | list[str], flags: int = 0) -> re.Pattern[str]:
        """A pattern of this language compiled as its lexicon's are (accents optional where the
        language says so)."""
        return re.compile(_accept(joined(pattern), self.info.unaccented), flags)

    def words(self, text: str) -> frozenset[str]:
        """A space-separated word list as a set (also spelled without accents, where the
        language says so)."""
        return frozenset(unaccented_words(text.split(), self.info.unaccented))

    def fold(self, word: str) -> str:
        """The word with the letters this language folds (typed without its accents)."""
        return word.translate(self._fold)

    def stem(self, word: str) -> str:
        """The word's stem (see app/language/stemming.py)."""
        found = self._stems.get(word)
        if found is None:
            found = self._stemmer(word)
            if len(self._stems) > 65536:
                self._stems.clear()
            self._stems[word] = found
        return found

    def kept_stem(self, word: str) -> str:
        """The word's stem by the same stemmer, its accented letters kept: for matching text
        written with them, where folding would join words ("\u00e5r" and "\u00e4r", year
        and is)."""
        found = self._kept.get(word)
        if found is None:
            found = self._keeping(word)
            if len(self._kept) > 65536:
                self._kept.clear()
            self._kept[word] = found
        return found


@dataclass
class Languages:
    """The languages present, and what every call reads with all of them."""

    by_code: dict[str, Language]
    default: str = DEFAULT
    _spellings: dict[str, Spelling] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.by_code and self.default not in self.by_code:
            self.default = next(iter(self.by_code))

    def get(self, code: str | None) -> Language:
        """The language with this code, or the default one."""
        found = self.by_code.get(code or "")
        return found if found is not None else self.by_code[self.default]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes present, in their folders' order."""
        return tuple(self.by_code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.by_code

    # ---------------------------------------------------------------- shared by every call

    def spelling_of(self, code: str | None) -> Spelling:
        """The spelling fixes of one language, or every language's (`code` None)."""
        if code is None:
            return self.spelling
        found = self._spellings.get(code)
        if found is None:
            found = self._spellings[code] = _spelling([self.get(code)])
        return found

    @cached_property
    def spelling(self) -> Spelling:
        """Every language's spelling fixes, for text whose language does not matter."""
        return _spelling(list(self.by_code.values()))

    @cached_property
    def injection(self) -> InjectionPatterns:
        """Every language's attacks, looked for in every call."""
        patterns: list[str] = []
        anchors: set[str] = set()
        cues: list[str] = []
        for lang in self.by_code.values():
            data = lang.reading.injection
            letters = lang.info.unaccented
            patterns += [_accept(joined(p), letters) for p in data.patterns]
            anchors |= lang.words(data.anchors)
            cues += data.cues
        attack = re.compile(one_boundary("|".join(patterns))) if patterns else re.compile("(?!x)x")
        return InjectionPatterns(attack, frozenset(anchors), tuple(cues))

    @cached_property
    def introduction(self) -> re.Pattern[str]:
        """How a candidate names the company they call from, in any language present
        ("... it's Ben from Fieldwise"): group 1 is the company."""
        leads = "|".join(
            _accept(joined(lang.reading.seller.introduces), lang.info.unaccented)
            for lang in self.by_code.values()
        )
        froms = "|".join(
            _accept(joined(lang.reading.seller.calls_from), lang.info.unaccented)
            for lang in self.by_code.values()
        )
        # A capitalised word: A-Z, or a capital of an accented letter a language folds.
        capitals = {
            ch.upper()
            for lang in self.by_code.values()
            for ch in lang.info.fold
            if len(ch.upper()) == 1 and ch.upper() != ch
        }
        capital = "[A-Z" + "".join(sorted(capitals)) + "]"
        return re.compile(
            rf"(?:^|[,.!:;]\s*|\b(?:{leads})\s+){capital}[\w-]+\s+(?:{froms})\s+({capital}[\w&-]+)"
        )

    @cached_property
    def not_names(self) -> frozenset[str]:
        """Words no language takes for a company's name."""
        return frozenset(
            w for lang in self.by_code.values() for w in lang.reading.seller.not_names.split()
        )

    @cached_property
    def folding(self) -> dict[int, str]:
        """Every language's folded letters, as a str.translate table (for text whose language
        does not matter, such as a quote compared with the call)."""
        letters: dict[str, str] = {}
        for lang in self.by_code.values():
            letters.update(lang.info.fold)
        return str.maketrans(letters)

    @cached_property
    def speaker_aliases(self) -> dict[str, str]:
        """How other tools name the two sides of a transcript -> candidate or prospect."""
        aliases: dict[str, str] = {}
        for lang in self.by_code.values():
            aliases.update(dict.fromkeys(lang.reading.speakers.candidate, "candidate"))
            aliases.update(dict.fromkeys(lang.reading.speakers.prospect, "prospect"))
        return aliases


@dataclass(frozen=True)
class Spelling:
    """Spelling fixes from every language present."""

    contractions: Mapping[str, str]
    typos: Mapping[str, str]
    abbreviations: tuple[str, ...]
    closings: tuple[tuple[str, ...], ...]

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """Contractions, typos and abbreviations as patterns."""
        return (
            _alternation(self.contractions),
            _alternation(self.typos),
            _alternation(re.escape(a) for a in self.abbreviations),
        )


@dataclass(frozen=True, slots=True)
class InjectionPatterns:
    """Every language's attack patterns, and the words one of them always holds."""

    attack: re.Pattern[str]
    anchors: frozenset[str]
    cues: tuple[str, ...]


def _spelling(found: Sequence[Language]) -> Spelling:
    """The spelling fixes of these languages together."""
    contractions: dict[str, str] = {}
    typos: dict[str, str] = {}
    abbreviations: list[str] = []
    closings: list[tuple[str, ...]] = []
    for lang in found:
        contractions.update(lang.reading.spelling.contractions)
        typos.update(lang.reading.spelling.typos)
        abbreviations += lang.reading.spelling.abbreviations.split()
        closings += [tuple(c.split("_")) for c in lang.reading.spelling.closings.split()]
    return Spelling(contractions, typos, tuple(abbreviations), tuple(closings))


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    listed = sorted(words, key=len, reverse=True)
    if not listed:
        return re.compile("(?!x)x")
    return re.compile(r"\b(?:" + "|".join(listed) + r")\b")


# --------------------------------------------------------------------------- the active set

_active: Languages | None = None
_loading = threading.Lock()
# What modules cache per language code (compiled word lists, readings): emptied on install.
_caches: list[Callable[[], object]] = []


def on_install(clear: Callable[[], object]) -> None:
    """Have `clear` called whenever another set of languages is installed (for caches that
    hold what was read with the languages before)."""
    _caches.append(clear)


def languages() -> Languages:
    """The languages present (loaded from the catalog's languages/ folder on first use)."""
    global _active
    if _active is None:
        with _loading:
            if _active is None:
                from app.catalog.loader import catalog_root, load_languages

                _active = load_languages(catalog_root())
    return _active


def install(found: Languages) -> None:
    """Make `found` the languages every reader, scorer and page uses from now on."""
    global _active
    if found is _active:
        return
    _active = found
    for clear in _caches:
        clear()


def language(code: str | None) -> Language:
    """The language with this code, or the default language when it is not present."""
    return languages().get(code)
