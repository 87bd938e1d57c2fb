"""Stems: Snowball's (snowballstemmer) or a light stemmer that cuts the inflections a
language's folder lists; which one a language uses is its data (language.yaml, `stemmer`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import snowballstemmer

from app.language.schema import Stemmer


class Stems:
    """A language's stemmer, built from its `stemmer` settings."""

    def __init__(self, spec: Stemmer, fold: Callable[[str], str]) -> None:
        self._fold = fold
        self._snowball = snowballstemmer.stemmer(spec.snowball) if spec.snowball else None
        self._rewrites = [(re.compile(r.pattern), r.replace, r.min_length) for r in spec.rewrite]
        self._suffixes = [
            (ending, added) for ending, _, added in (s.partition("=") for s in spec.suffixes)
        ]
        self._keep = tuple(spec.keep)
        self._min = spec.min_stem
        self._fold_first = spec.fold_first

    def __call__(self, word: str) -> str:
        """The stem of one lower-case word."""
        if self._snowball is not None:
            return self._fold(self._snowball.stemWord(word))
        if self._fold_first:
            word = self._fold(word)
        for pattern, replacement, min_length in self._rewrites:
            if len(word) >= min_length:
                word = pattern.sub(replacement, word)
        if self._keep and word.endswith(self._keep):
            return word
        for ending, added in self._suffixes:
            if word.endswith(ending) and len(word) - len(ending) >= self._min:
                return word[: -len(ending)] + added
        return word
