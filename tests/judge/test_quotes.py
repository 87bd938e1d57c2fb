"""Quotes are found after normalising whitespace and case, and nothing else is forgiven."""

from __future__ import annotations

import pytest

from app.judge.quotes import find, meaningful, normalise, pieces, without

TEXT = "Hi Dana,  thanks for\ncalling back. What prompted you to download  the whitepaper?"


def test_normalising_folds_case_whitespace_and_typography() -> None:
    assert normalise("  Don’t\tSTOP –  now ") == "don't stop - now"


@pytest.mark.parametrize(
    "quote",
    [
        "what prompted you to download the whitepaper?",
        "WHAT   PROMPTED you to\ndownload",
        '"What prompted you to download the whitepaper?"',
        "thanks for calling back. What prompted",
        "Hi Dana ... download the whitepaper",
        "…thanks for calling back…",
    ],
)
def test_a_quote_is_found_whatever_its_spacing_case_or_ellipses(quote: str) -> None:
    assert find(quote, TEXT) is not None


@pytest.mark.parametrize(
    "quote",
    [
        "What made you download the whitepaper?",  # a paraphrase is not a quote
        "download the whitepaper ... Hi Dana",  # pieces out of order
        "What prompted you to read the report?",
        "",
    ],
)
def test_a_paraphrase_or_a_reordering_is_not_found(quote: str) -> None:
    assert find(quote, TEXT) is None


def test_spans_point_into_the_original_text() -> None:
    text = "So,  Tell me MORE. What else?"
    spans = find("tell me more.", text)
    assert spans is not None
    ((begin, end),) = spans
    assert text[begin:end] == "Tell me MORE."


def test_taking_spans_out_leaves_tidy_text() -> None:
    text = "Great question. Tell me more. What are your goals?"
    spans = find("Tell me more.", text)
    assert spans is not None
    assert without(text, spans) == "Great question. What are your goals?"


def test_too_short_a_quote_proves_nothing() -> None:
    assert not meaningful("ok")
    assert not meaningful(" ... ")
    assert meaningful("Budget?")
    assert pieces("a ... b") == ["a", "b"]
