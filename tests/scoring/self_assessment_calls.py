"""Four role-play rounds for the self-assessment tests, scored by the real scorer: a strong and a
weak call in English (Dana, Sentrylane) and in Swedish (Karin, Nätvakt)."""

from __future__ import annotations

from dataclasses import dataclass

from app.catalog.loader import Catalog
from app.catalog.models import Rubric
from app.roleplay.transcript import Turn, make_turns
from app.scoring.models import RoundScore
from app.scoring.score import score_round

STRONG_EN = [
    ("prospect", "Dana Whitfield speaking."),
    (
        "candidate",
        "Hi Dana, it's Sam at HubSpot. You downloaded our inbound paper this morning. "
        "What prompted the download?",
    ),
    (
        "prospect",
        "Honestly? Pressure from the board. They want marketing to bring in pipeline on its "
        "own, and I wanted to understand what inbound actually involves before I plan next year.",
    ),
    ("candidate", "Pipeline on its own. What target did the board set for marketing?"),
    (
        "prospect",
        "My number is a hundred and twenty qualified leads a month by year end; we're at about "
        "sixty. And the board wants 40% of pipeline to come from marketing.",
    ),
    ("candidate", "Sixty to a hundred and twenty. Where do the sixty come from today?"),
    (
        "prospect",
        "Trade shows and outbound, mostly. It works, but a lead costs us about $400 now; two "
        "years ago it was under $200. Quick question before we go further. How does SEO actually "
        "work? Why would writing blog posts get us found?",
    ),
    (
        "candidate",
        "Google ranks the pages that best match the words people search for, so a post that "
        "answers the questions your buyers ask can show up when they search. Links from other "
        "sites build authority, it takes months and compounds, and a form on the post turns "
        "readers into leads. What have you tried so far?",
    ),
    (
        "prospect",
        "We tried a blog. Eleven posts, then the engineer writing them got busy with a release "
        "and nobody picked it up.",
    ),
    ("candidate", "Eleven posts and then it stopped. Who were those posts written for?"),
    (
        "prospect",
        "Other security people, really. Not the IT managers who buy from us. I hadn't thought "
        "of it like that.",
    ),
    (
        "candidate",
        "And when those IT managers search today, where do they end up?",
    ),
    (
        "prospect",
        "Hookline Security shows up first on Google for phishing simulation software. We're on "
        "page three. Our reps keep hearing we found Hookline online.",
    ),
    (
        "candidate",
        "Would it help to spend thirty minutes next week on what a hundred and twenty leads a "
        "month could look like?",
    ),
    ("prospect", "Yes, I'd like that."),
]

WEAK_EN = [
    ("prospect", "Dana Whitfield speaking."),
    (
        "candidate",
        "Hi Dana, this is Chris from HubSpot. HubSpot is the leading CRM platform, with the "
        "Marketing Hub, the Sales Hub and the Service Hub all in one place, and our customers "
        "see more traffic and more leads within months. Our onboarding team sets everything up "
        "for you, and pricing starts low. I'd love to show you a demo this week.",
    ),
    ("prospect", "Okay. I'm busy, what can I do for you?"),
    (
        "candidate",
        "I just want to make sure you know about our AI features, our dashboards and our "
        "attribution reporting, which thousands of marketing teams use every day. Our platform "
        "really is the best on the market. Can we book a demo on Thursday?",
    ),
    (
        "prospect",
        "Before we go on, help me understand something. How does SEO actually work? Why would "
        "writing blog posts get us found?",
    ),
    (
        "candidate",
        "SEO is guaranteed to work with HubSpot, our tools handle it all for you, so you don't "
        "need to worry about it. We have thousands of happy customers. Shall we say Thursday at "
        "ten for the demo?",
    ),
    ("prospect", "Send me an email. I have to go."),
]

STRONG_SV = [
    ("prospect", "Hej, Karin här."),
    (
        "candidate",
        "Hej Karin, det är Lina på HubSpot. Du laddade ner vårt whitepaper om inbound i morse. "
        "Vad fick dig att ladda ner det?",
    ),
    (
        "prospect",
        "På förra styrelsemötet blev det väldigt tydligt att styrelsen vill att marknad ska "
        "skapa egen pipeline, inte bara stå i mässmontrar.",
    ),
    ("candidate", "Egen pipeline. Vilket mål har styrelsen satt för marknad?"),
    (
        "prospect",
        "Målet är att fördubbla antalet kvalificerade leads i år, från ungefär sextio i månaden "
        "till hundratjugo, och att marknad ska stå för 40 procent av den nya pipelinen.",
    ),
    ("candidate", "Sextio till hundratjugo. Var kommer de sextio ifrån i dag?"),
    (
        "prospect",
        "Mässor och uppsökande försäljning, mest. Det fungerar, men ett lead kostar oss runt "
        "4 000 kronor nu. Innan vi går vidare, hjälp mig förstå en sak. Hur fungerar SEO "
        "egentligen? Varför skulle blogginlägg göra att vi blir hittade?",
    ),
    (
        "candidate",
        "Google visar de sidor som är mest relevanta för det folk söker på, så ett inlägg som "
        "svarar på köparnas frågor kan synas när de söker. Länkar från andra sajter ger "
        "auktoritet, det tar månader, och ett formulär på inlägget gör läsare till leads. Vad "
        "har ni provat hittills?",
    ),
    (
        "prospect",
        "Vi startade en blogg för två år sedan. En av våra utvecklare skrev det mesta, elva "
        "inlägg, och sedan tog det bara slut.",
    ),
    ("candidate", "Elva inlägg och sedan stopp. Vem skrevs de för?"),
    (
        "prospect",
        "Andra säkerhetsnördar, faktiskt. Inte it-cheferna som köper av oss. Det har jag inte "
        "tänkt på.",
    ),
    ("candidate", "Och när it-cheferna söker i dag, var hamnar de?"),
    (
        "prospect",
        "Klickskydd ligger först på Google för phishingsimulering. Vi ligger på sidan tre.",
    ),
    (
        "candidate",
        "Skulle det hjälpa att ta en halvtimme nästa vecka och titta på hur hundratjugo leads "
        "i månaden skulle kunna se ut?",
    ),
    ("prospect", "Ja, gärna."),
]

WEAK_SV = [
    ("prospect", "Hej, Karin här."),
    (
        "candidate",
        "Hej Karin, Fredrik från HubSpot här. HubSpot är den ledande plattformen för marknad, "
        "försäljning och kundtjänst, med AI-funktioner, instrumentpaneler och automatisering "
        "som tusentals företag använder. Våra kunder får mer trafik och fler leads inom några "
        "månader. Jag skulle gärna visa en demo den här veckan.",
    ),
    ("prospect", "Okej. Jag har ont om tid, vad gäller det?"),
    (
        "candidate",
        "Jag vill bara se till att du känner till våra rapporter och vår attribution, som är "
        "bäst på marknaden. Kan vi boka en demo på torsdag?",
    ),
    (
        "prospect",
        "Innan vi går vidare, hjälp mig förstå en sak. Hur fungerar SEO egentligen? Varför "
        "skulle blogginlägg göra att vi blir hittade?",
    ),
    (
        "candidate",
        "SEO fungerar garanterat med HubSpot, våra verktyg sköter allt åt er. Vi har tusentals "
        "nöjda kunder. Ska vi säga torsdag klockan tio?",
    ),
    ("prospect", "Skicka ett mejl. Jag måste gå."),
]


@dataclass(frozen=True)
class Call:
    """A scored round with the rubric it was scored against."""

    rubric: Rubric
    turns: tuple[Turn, ...]
    score: RoundScore


def call(catalog: Catalog, lines: list[tuple[str, str]], language: str = "en") -> Call:
    """Score `lines` as one round of the Roberge scenario in `language`."""
    suffix = "-sv" if language == "sv" else ""
    rubric = catalog.rubric(f"roberge-curiosity{suffix}")
    scenario = catalog.scenarios[f"roberge-inbound-whitepaper{suffix}"]
    turns = tuple(make_turns(lines))
    return Call(rubric, turns, score_round(rubric, turns, scenario, language=language))
