"""The seller's company learned from the candidate's introduction."""

from __future__ import annotations

import pytest

from app.language.seller import seller_name
from app.roleplay.transcript import make_turns
from app.scoring.annotate import annotate_round


@pytest.mark.parametrize(
    ("intro", "prospect", "expected"),
    [
        ("Hi Priya, it's Ben from Fieldwise, got a minute?", "Yeah, hello?", "fieldwise"),
        ("Hi Dana, Casey with Brightpath. What made you call?", "Dana speaking.", "brightpath"),
        ("Hej Karin, det är Erik från Lagerlund.", "Karin här.", "lagerlund"),
        # Known already, or the prospect's own company.
        ("Hi Dana, this is Sam from HubSpot.", "Dana speaking.", None),
        ("Is this Priya from Acme? Great.", "Acme, Priya speaking.", None),
        ("Hi there, thanks for taking the call.", "Hello?", None),
    ],
)
def test_seller_name_from_the_introduction(intro: str, prospect: str, expected: str | None) -> None:
    # The scenario names its product (HubSpot): that is no newly learned company.
    assert seller_name([intro], [prospect], ("HubSpot",)) == expected


def annotated(pitch: str, language: str = "en") -> bool:
    intro = (
        "Hi Priya, it's Ben from Fieldwise."
        if language == "en"
        else "Hej, det är Erik från Lagerlund."
    )
    turns = make_turns(
        [("prospect", "Hello?"), ("candidate", intro), ("prospect", "Okay."), ("candidate", pitch)]
    )
    return annotate_round(turns, None, language)[3].pitch


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Fieldwise cuts response times in half for plants your size.", "en", True),
        ("Fieldwise integrates with every CMMS out there and takes a day to set up.", "en", True),
        ("Lagerlund hjälper lager att halvera svarstiderna.", "sv", True),
        # Naming the company in a question about the prospect is not selling.
        ("What made you look at tools like Fieldwise?", "en", False),
        ("How do requests reach you today?", "en", False),
    ],
)
def test_the_seller_named_by_company_is_sales_talk(
    text: str, language: str, expected: bool
) -> None:
    assert annotated(text, language) is expected
