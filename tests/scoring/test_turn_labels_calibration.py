"""Turn labels an interviewer would give: the question the prospect is left to answer, and sales
claims that make a turn a pitch even when a question follows."""

from __future__ import annotations

import pytest

from app.scoring.annotate import classify_question, is_pitch

# The scenarios these lines come from sell HubSpot: talk about it is talk about the seller.
HUBSPOT = ("HubSpot",)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # One open question narrowed into a yes/no one: the prospect answers the yes/no.
        ("How big is the team roughly, is it more than five people?", "en", "closed"),
        ("What do you use for email today? Is it Mailchimp?", "en", "closed"),
        ("Hur många leads får ni i månaden, är det fler än hundra?", "sv", "closed"),
        ("Vad kör ni för CRM i dag, är det Salesforce eller något eget?", "sv", "closed"),
        # Mostly open, or an invitation the yes/no only narrows: still open.
        (
            "What made you look at inbound, and what would success look like, and is there a date?",
            "en",
            "open",
        ),
        ("Walk me through how a lead reaches sales. Is there a handover meeting?", "en", "open"),
        ("Berätta hur en lead når säljarna. Finns det ett överlämningsmöte?", "sv", "open"),
        # A feeling or a cost put in the prospect's mouth is leading, not a yes/no question.
        ("I bet the CFO is asking about it every week?", "en", "leading"),
        ("That has to hurt when the renewals come up?", "en", "leading"),
        ("And that slows the whole team down, I'd guess?", "en", "leading"),
        ("I guess my real question is whether you'd take a demo?", "en", "closed"),
        # Invitations after the context, and "berätta om" + a noun (about, not whether).
        ("Thanks for picking up, and I am curious what made you grab the guide.", "en", "open"),
        (
            "Tack för att du svarar, och jag är nyfiken på vad som låg bakom nedladdningen.",
            "sv",
            "open",
        ),
        ("Berätta om de tre säljarna.", "sv", "open"),
        ("Berätta om ni redan har en budget.", "sv", "closed"),
    ],
)
def test_the_question_left_to_answer_labels_the_turn(
    text: str, language: str, expected: str
) -> None:
    assert classify_question(text, language, HUBSPOT)[0] == expected


@pytest.mark.parametrize(
    ("text", "language", "pitch"),
    [
        (
            "We work with plenty of fintech firms like yours and they typically see results "
            "within a quarter. How are you generating demand now?",
            "en",
            True,
        ),
        (
            "Our clients reduce their cost per lead by a third in the first year. "
            "Where are you at?",
            "en",
            True,
        ),
        (
            "There's an introductory offer on the Starter plan this month. Shall I send it over?",
            "en",
            True,
        ),
        ("We recently launched a chatbot that writes your landing pages for you.", "en", True),
        (
            "Vi jobbar med många bolag i er bransch och de brukar se resultat inom ett kvartal. "
            "Hur jobbar ni med leads i dag?",
            "sv",
            True,
        ),
        ("Vi har precis lanserat en AI-assistent som skriver blogginlägg åt er.", "sv", True),
        # The prospect's own wish for results is not a sales claim.
        ("You'd want to see results before the board meeting, right?", "en", False),
        ("Ni vill se resultat före styrelsemötet, antar jag?", "sv", False),
        ("How soon would you need to see results?", "en", False),
    ],
)
def test_sales_claims_make_a_pitch_even_before_a_question(
    text: str, language: str, pitch: bool
) -> None:
    assert is_pitch(text, language, HUBSPOT) is pitch
