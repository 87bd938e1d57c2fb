"""Pitch and self-talk: is a turn mostly about the seller's side?"""

from __future__ import annotations

import pytest

from app.scoring.annotate import is_pitch, is_self_talk

# The scenarios these lines come from sell HubSpot: talk about it is talk about the seller.
HUBSPOT = ("HubSpot",)

ENGLISH: list[tuple[str, bool]] = [
    # pitches
    ("We help companies like yours grow with inbound marketing.", True),
    ("HubSpot is the leading all-in-one CRM platform with over 100,000 customers.", True),
    (
        "Our platform lets you manage email, social and your website in one place, and our "
        "customers typically see three times more leads. What are your goals?",
        True,
    ),
    ("We're the market leader and our onboarding is the best in the industry. Want a demo?", True),
    ("Let me share my screen and show you the platform.", True),
    ("This is the dashboard, and over here is the workflow builder.", True),
    ("Our SEO tool handles all of that for you, so you don't need to worry about it.", True),
    ("We basically invented inbound marketing, we literally wrote the book on it.", True),
    (
        "We understand your goals, your challenges and your pain points, and our platform is "
        "built around them.",
        True,
    ),
    ("Our platform saves teams hours every week, and you'd want that too, wouldn't you?", True),
    ("The best thing about our platform is you'd never lose a lead again, would you?", True),
    ("Cool. Our blog and SEO tools make that really easy.", True),
    ("You can see our drag-and-drop editor. It's really intuitive, just pull things in.", True),
    (
        "so yeah you downloaded the white paper and honestly hubspot is the best at that we "
        "literally wrote the book on inbound",
        True,
    ),
    ("Want to know the best part? Our customers see 50% more traffic within three months.", True),
    ("I've been in sales for ten years and I was the top rep at my last company.", True),
    (
        "I've been in SaaS marketing for a decade, I ran demand gen at two security companies "
        "and I know this space inside out. So what's your biggest challenge?",
        True,
    ),
    # not pitches
    ("What made you download the whitepaper?", False),
    ("Hi Dana, this is Tom from HubSpot. What caught your eye in the whitepaper?", False),
    (
        "Hi Dana, I'm calling because you downloaded our whitepaper on inbound. Is now a good "
        "time?",
        False,
    ),
    ("Hey Dana, Jordan with HubSpot here. Got a minute?", False),
    (
        "You filled in the pricing form for our service software yesterday, so I'm following up.",
        False,
    ),
    ("We help B2B companies with inbound. What are your goals for this year?", False),
    (
        "Search engines rank the pages that best answer what people search for, and other sites "
        "linking to you tells Google you are trustworthy.",
        False,
    ),
    ("So you'd agree HubSpot is the logical choice here?", False),
    ("Why wouldn't you want to triple your leads?", False),
    ("You mentioned the board wants more pipeline. How did they arrive at that number?", False),
    ("That makes sense.", False),
    ("Would you be open to a demo next week?", False),
]

SWEDISH: list[tuple[str, bool]] = [
    ("Vi hjälper bolag som ert att växa med inbound.", True),
    ("HubSpot är marknadsledande med över hundratusen kunder.", True),
    (
        "Vår plattform samlar mejl, sociala medier och webben på ett ställe, och våra kunder "
        "får tre gånger fler leads. Vad har ni för mål?",
        True,
    ),
    ("Vårt SEO-verktyg sköter det mesta åt er, så ni behöver inte vara experter.", True),
    ("Vi förstår era mål, era utmaningar och vår plattform löser dem.", True),
    ("Plattformen sparar flera timmar i veckan, och det vill du väl ha för ditt team också?", True),
    ("Jag har jobbat med försäljning i tio år och jag brinner för att hjälpa företag.", True),
    ("Vårt SEO-verktyg sköter det mesta åt er. Det ger rekommendationer för varje sida.", True),
    ("Vad fick dig att ladda ner vitboken?", False),
    (
        "Hej Anna, Erik från HubSpot. Jag ringer för att du laddade ner vår vitbok. Passar det?",
        False,
    ),
    ("Vi hjälper B2B-bolag med inbound. Vad har ni för mål i år?", False),
    (
        "Google visar den sida som bäst svarar på det någon söker efter, och länkar från andra "
        "seriösa sajter gör att Google litar på er.",
        False,
    ),
    ("Varför skulle du inte vilja tredubbla era leads?", False),
    ("Det låter vettigt.", False),
]


@pytest.mark.parametrize(("text", "pitch"), ENGLISH)
def test_english_pitch(text: str, pitch: bool) -> None:
    assert is_pitch(text, "en", HUBSPOT) is pitch


@pytest.mark.parametrize(("text", "pitch"), SWEDISH)
def test_swedish_pitch(text: str, pitch: bool) -> None:
    assert is_pitch(text, "sv", HUBSPOT) is pitch


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("I've been in sales for ten years and I love helping companies grow.", "en", True),
        ("My background is in B2B SaaS; I worked at Salesforce for five years.", "en", True),
        ("We help companies like yours grow with inbound.", "en", False),
        ("I'm Tom from HubSpot. What are your goals?", "en", False),
        ("Jag har jobbat med försäljning i tio år och jag brinner för att sälja.", "sv", True),
        ("Min bakgrund är inom SaaS, innan jag började här jobbade jag på en byrå.", "sv", True),
        ("Vi hjälper bolag som ert att växa.", "sv", False),
    ],
)
def test_self_talk(text: str, language: str, expected: bool) -> None:
    assert is_self_talk(text, language, HUBSPOT) is expected


def test_one_product_word_in_a_real_question_is_not_a_pitch() -> None:
    assert not is_pitch("How are you using our free tools today?", "en", HUBSPOT)
    assert not is_pitch("Hur använder ni våra gratisverktyg idag?", "sv", HUBSPOT)


def test_a_long_pitch_with_a_question_tacked_on_is_still_a_pitch() -> None:
    text = (
        "HubSpot brings your whole funnel into one platform with a free CRM and powerful "
        "automation, and our customers love it. What are your goals for this year?"
    )
    assert is_pitch(text, "en", HUBSPOT)
