"""Finding the judge's quotes in the transcript, after normalising whitespace and case.

A quote is proven when every piece of it (a model may shorten a quote with "..." between the
pieces) is found, in order, in the text of the line it names. Typographic quotes, apostrophes
and dashes fold to their plain forms and compatibility characters to their usual ones (NFKC),
so "don’t" and "don't" match; nothing else is forgiven: a paraphrase is not a quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
    }
)
_ELLIPSIS = re.compile(r"\.\.\.+|…|\[\.\.\.\]|\[…\]")
# What a model wraps a quote in, or leaves at its ends when it cuts one short.
_EDGES = " \t\r\n\"'`“”‘’«»,;:"
# A quote needs this many letters or digits to prove anything: "I" or "ok" is found anywhere.
MIN_QUOTE_CHARS = 4

Span = tuple[int, int]


def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    return unicodedata.normalize("NFKC", char).translate(_FOLD).casefold()


@lru_cache(maxsize=4096)
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """The text folded for comparison, and for each folded character its index in `text`."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            if piece == " " and (not out or out[-1] == " "):
                continue  # runs of white space count as one space; none at the start
            out.append(piece)
            where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), tuple(where)


def normalise(text: str) -> str:
    """Text as quotes are compared: folded, lower case, single spaces."""
    return _folded(text)[0]


def pieces(quote: str) -> list[str]:
    """The parts of a quote that must each be found (split at ellipses), normalised."""
    parts = (normalise(part.strip(_EDGES)) for part in _ELLIPSIS.split(quote))
    return [part for part in parts if part]


def meaningful(quote: str) -> bool:
    """Whether a quote is long enough to prove anything."""
    return sum(c.isalnum() for c in "".join(pieces(quote))) >= MIN_QUOTE_CHARS


def find(quote: str, text: str) -> list[Span] | None:
    """Where each piece of `quote` stands in `text` (spans of `text`), or None if one is missing."""
    wanted = pieces(quote)
    if not wanted:
        return None
    folded, where = _folded(text)
    spans: list[Span] = []
    start = 0
    for piece in wanted:
        found = folded.find(piece, start)
        if found < 0:
            return None
        end = found + len(piece)
        spans.append((where[found], where[end - 1] + 1))
        start = end
    return spans


def without(text: str, spans: Sequence[Span]) -> str:
    """`text` with the spans taken out and the white space left behind tidied."""
    kept = []
    position = 0
    for begin, end in sorted(spans):
        if begin > position:
            kept.append(text[position:begin])
        position = max(position, end)
    kept.append(text[position:])
    return " ".join("".join(kept).split())
