"""The transformations themselves: pure, deterministic, and doing what their names say."""

from __future__ import annotations

import copy
from itertools import pairwise

import pytest

from tests.metamorphic.transforms import (
    KINDS,
    Context,
    Kind,
    Turn,
    closed_version,
    is_open_question,
    is_question,
    sentences,
)

ROUND: list[Turn] = [
    {"speaker": "prospect", "text": "Dana speaking."},
    {
        "speaker": "candidate",
        "text": "Hi Dana, Sam from HubSpot. What made you download our inbound guide?",
    },
    {"speaker": "prospect", "text": "The board wants marketing to source its own pipeline."},
    {
        "speaker": "candidate",
        "text": "Its own pipeline. Tell me about the pipeline target. How do you get leads today?",
    },
    {"speaker": "prospect", "text": "Trade shows and four SDRs. Leads cost twice what they did."},
    {
        "speaker": "candidate",
        "text": "We have 200,000 customers. Our platform does SEO, email and social in one place.",
    },
    {"speaker": "prospect", "text": "Okay."},
]
SV_ROUND: list[Turn] = [
    {"speaker": "prospect", "text": "Karin Lindqvist."},
    {
        "speaker": "candidate",
        "text": "Hej Karin, Sara från HubSpot. Vad fick dig att ladda ner guiden?",
    },
    {"speaker": "prospect", "text": "Styrelsen vill att marknad står för pipeline själv."},
    {"speaker": "candidate", "text": "Egen pipeline. Berätta om målet. Hur får ni leads i dag?"},
    {"speaker": "prospect", "text": "Mässor och fyra säljare. Ett lead kostar dubbelt så mycket."},
]
IDS = [k.name for k in KINDS]


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
@pytest.mark.parametrize("turns, language", [(ROUND, "en"), (SV_ROUND, "sv")], ids=["en", "sv"])
def test_pure_and_deterministic(kind: Kind, turns: list[Turn], language: str) -> None:
    """The input is never changed and the same input gives the same output."""
    before = copy.deepcopy(turns)
    context = Context(language, ("her goals",))
    first = kind.apply(turns, context)
    assert turns == before
    assert kind.apply(turns, context) == first
    assert first != turns


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_prospect_lines_are_kept(kind: Kind) -> None:
    """The prospect says what she said (a split turn may add a prospect "Mm." between pieces)."""
    out = kind.apply(ROUND, Context("en"))
    said = [t["text"] for t in out if t["speaker"] == "prospect" and t["text"] != "Mm."]
    assert said == [t["text"] for t in ROUND if t["speaker"] == "prospect"]
    speakers = [t["speaker"] for t in out]
    assert all(a != b for a, b in pairwise(speakers))


def test_question_detection() -> None:
    """Question marks and requests count as questions; wh-words and requests as open ones."""
    assert sentences("Hi Dana. How are you? Great!") == ["Hi Dana.", "How are you?", "Great!"]
    assert is_question("Tell me about the team.", "en")
    assert is_question("And the team, tell me about them.", "en")
    assert is_open_question("So, how do you get leads today?", "en")
    assert not is_open_question("Do you have a blog?", "en")
    assert is_open_question("Berätta om målet.", "sv")
    assert not is_question("We have 200,000 customers.", "en")


@pytest.mark.parametrize(
    "question, language, closed",
    [
        ("How do you get leads today?", "en", "Do you get leads today?"),
        ("What are your goals?", "en", "Are your goals something you have a handle on?"),
        ("Tell me about the sixty leads.", "en", "Are you happy with the sixty leads?"),
        ("How do decisions get made, and when?", "en", "Do decisions get made?"),
        ("Hur får ni leads i dag?", "sv", "Får ni leads i dag?"),
        ("Berätta om de sextio.", "sv", "Är ni nöjda med de sextio?"),
        ("Hur många säljare har ni?", "sv", "Är det prioriterat för er?"),
        ("Vad är det styrelsen vill se?", "sv", "Finns det något styrelsen vill se?"),
        ("Hur ser tidplanen ut i år?", "sv", "Ser tidplanen bra ut i år?"),
        ("Who was writing it?", "en", "Is that a priority for you?"),
    ],
)
def test_closed_version(question: str, language: str, closed: str) -> None:
    """Open questions become yes/no questions, keeping their subject where the grammar allows."""
    assert closed_version(question, language) == closed
    assert not is_open_question(closed, language)
