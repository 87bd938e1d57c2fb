"""Swedish words and patterns for turn annotation (they also match text typed without å, ä, ö)."""

from __future__ import annotations

import re

from app.scoring.lexicon import (
    Lexicon,
    accept_unaccented,
    one_boundary,
    word_set,
    words_pattern,
)

# Verbs that open a yes/no question ("har ni", "använder ni"); Swedish statements put the
# subject or an adverbial first, so a verb followed by its subject means a question.
_VERB_FIRST = words_pattern(
    "har hade är var blir blev kan kunde ska skall skulle vill ville måste bör borde får fick "
    "brukar brukade behöver behövde använder använde tycker tyckte tror trodde vet visste finns "
    "fanns gör gjorde går gick kommer kom ser såg tar tog jobbar jobbade arbetar arbetade "
    "planerar planerade känner kände hinner hann menar låter passar stämmer gillar hör minns "
    "förstår säljer sålde mäter följer når nådde satsar investerar funkar fungerar fungerade "
    "lyckas lyckades märker upplever saknar önskar hoppas räknar sätter sköter hanterar driver "
    "ligger står sitter verkar pratar pratade testar testade provar provade köper köpte vinner "
    "förlorar tappar ökar minskar växer genererar anställer rekryterar äger leder ansvarar "
    "bestämmer beslutar väljer valde började börjar slutar väntar tänker tänkte mår hjälper "
    "spelar handlar kostar finns fick"
)
_SUBJECT = words_pattern(
    "du ni det den man vi jag de dom han hon någon något några ert er era din dina ditt alla "
    "folk teamet bolaget företaget budgeten ledningen styrelsen säljteamet"
)
# Subjects that make a verb-first sentence a question to the prospect ("har ni", "är det").
_YOU = words_pattern(
    "du ni det den man de dom han hon någon något några ert er era din dina ditt alla folk teamet "
    "bolaget företaget budgeten ledningen styrelsen säljteamet"
)
_FIRST_PERSON = words_pattern("vi jag vår vårt våra min mitt mina oss hubspot")
# The same without "vår", which typed without å is "var" (was, where).
_OWN = words_pattern("vi jag vårt våra min mitt mina oss hubspot") + r"|v\u00e5r"
# "Vilken klok fråga!", "Vilket spännande mål!": praise, not a question (without a "?").
_PRAISE = words_pattern(
    "klok kloka klokt bra spännande intressant intressanta härlig härligt härliga fin fint fina "
    "kul rolig roligt roliga grym grymt grymma fantastisk fantastiskt fantastiska smart smarta "
    "skön skönt sköna underbar underbart underbara otrolig otroligt otroliga trevlig trevligt "
    "trevliga toppen"
)
_WH = words_pattern(
    "vad hur varför varifrån vart vilka vilken vilket när vem vems var hurdan hurudan hurdana"
)
_WH_VERBS = words_pattern(
    "fick gjorde får gör ledde lockade väckte fångade hände händer driver styr hindrar stoppar "
    "betyder innebär krävs kostar motiverade motiverar oroar frustrerar saknas fattas mer annat "
    "exakt konkret typ slags sorts för"
)
_FILLER = words_pattern(
    "öh öhm eh ehm hm hmm mm mhm alltså asså så och men ok okej okejdå ja jaha jo joo nej "
    "bra precis absolut toppen perfekt kul intressant tack hej hejsan hallå nu då typ liksom "
    "nämligen förresten aha ah jamen ja_men nä visst_ja jättebra super härligt spännande "
    "förstår_jag jag_förstår juste just_det sen sedan faktiskt egentligen ärligt_talat oj åh "
    "ingen_fara inga_problem"
)
_PROMPT_VERBS = (
    "berätta|beskriva|förklara|gå igenom|ta mig igenom|utveckla|säga mer|dela med dig|dela lite|"
    "dela mer|dela hur|dela vad|"
    "ge mig en bild|måla upp|prata om|visa mig hur"
).replace(" ", r"\s+")


def _searched(pattern: str) -> re.Pattern[str]:
    """Compile a pattern that is searched through whole sentences (see one_boundary)."""
    return _c(one_boundary(pattern))


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(accept_unaccented(pattern))


SWEDISH = Lexicon(
    code="sv",
    filler=_c(rf"(?:(?:{_FILLER})\b[\s,.!-]*)+"),
    # Swedish puts the verb second: "då säger vi" is a statement after a fronted "då".
    fronting=word_set(
        "då nu sen sedan så alltså här där idag faktiskt egentligen", unaccented=True
    ),
    about_prospect=_c(
        r"\b(?:du|ni)\s+(?:\w+\s+){0,2}(?:behöver|vill|vilja|håller|borde|måste|gillar|ser|känner|"
        r"tycker|vet|förtjänar)\b"
    ),
    courtesy=_c(
        # Small talk only when nothing but a time or a name follows ("hur är det med x" asks).
        r"(?:(?:hur\s+mår\s+(?:du|ni)|hur\s+är\s+(?:det|läget)(?:\s+med\s+(?:dig|er))?|hur\s+har\s+"
        r"(?:du|ni)\s+det|läget|allt\s+bra)(?:\s+(?:idag|då|själv))*(?:\s+(?!med\b)\w+)?\s*$|"
        r"passar\s+det|är\s+det\s+(?:ett\s+)?(?:bra|dåligt|ok|okej|"
        r"läge|lämpligt)|har\s+(?:du|ni)\s+(?:en|ett\s+par|några|fem|två|tio|lite)\s+(?:minut|"
        r"minuter|sekund|sekunder|stund|tid)|har\s+(?:du|ni)\s+tid\b(?!\s+att\s+(?:träffas|ses|"
        r"boka))|hör\s+(?:du|ni)\s+mig|(?:får|kan|"
        r"skulle)\s+jag\s+(?:få\s+)?(?:ställa|fråga)\s+(?:dig\s+|er\s+)?(?:några|ett\s+par|en|"
        r"lite)|är\s+det\s+(?:ok|okej|lugnt)\s+(?:om|att)|går\s+det\s+bra\s+(?:om|att)|låter\s+"
        r"(?:det|detta)\s+(?:bra|rimligt|vettigt|okej|ok)|låter\s+bra|känns\s+det\s+(?:bra|okej|"
        r"rimligt)|är\s+det\s+(?:rimligt|vettigt)|hänger\s+(?:du|ni)\s+med|är\s+(?:du|ni)\s+kvar|"
        r"hur\s+låter\s+det|(?:kan|skulle)\s+(?:du|ni)\s+(?:upprepa|ta\s+det\s+igen)|vad\s+sa\s+du|"
        r"stör\s+jag|ringer\s+jag\s+(?:olämpligt|mitt\s+i)|funkar\s+det\s+(?:för\s+(?:dig|er))?$|"
        r"(?:ok|okej)$|pratar\s+jag\s+med|är\s+det\s+\w+\s+jag\s+pratar\s+med)\b"
    ),
    rhetorical=_c(
        r"(?:(?:och\s+)?gissa\s+vad|vill\s+(?:du|ni)\s+(?:veta|höra)\s+(?:det\s+bästa|varför|hur|"
        r"en\s+hemlighet|något)|vet\s+(?:du|ni)\s+vad|hur\s+(?:kul|bra|grymt|häftigt|fantastiskt)\s+"
        r"är\s+inte\s+det|är\s+inte\s+det\s+(?:fantastiskt|grymt|bra|häftigt|otroligt)|vem\s+"
        r"(?:vill|skulle)\s+inte|resultatet|det\s+bästa|och\s+det\s+bästa|visste\s+(?:du|ni)\s+"
        r"(?:att|om\s+att|vi|vår|vårt|våra|de\s+flesta|många))\b"
    ),
    answer_lead=_c(
        r"(?:för\s+att|eftersom|jo|enkelt|svaret|det\s+betyder|det\s+innebär|så\s+här|låt\s+mig\s+"
        r"(?:berätta|förklara|visa)|ja|nej|absolut|precis|(?:vi|hubspot|vår\s+\w+|vårt\s+\w+)\s+"
        r"(?:hjälper|kan|gör|låter|ger)\b)"
    ),
    open_prompt=_c(
        rf"(?:(?:kan|skulle|vill|kunde)\s+(?:du|ni)\s+(?:kunna\s+|snälla\s+|bara\s+)?"
        rf"(?:{_PROMPT_VERBS})\b|berätta|beskriv|förklara|utveckla|gå\s+igenom|ta\s+mig\s+"
        rf"(?:igenom|genom)|hjälp\s+mig\s+(?:att\s+)?förstå|ge\s+mig\s+en\s+bild|måla\s+upp|"
        rf"säg\s+mer|jag\s+(?:skulle\s+vilja|vill\s+gärna|vill|skulle\s+gärna\s+vilja|skulle\s+gärna)\s+"
        rf"(?:höra|förstå|veta|lära\s+mig|få\s+höra|få\s+veta|få\s+en\s+bild)|jag\s+är\s+(?:nyfiken|"
        rf"intresserad|väldigt\s+nyfiken)|nyfiken\s+på|jag\s+undrar|får\s+jag\s+(?:höra|veta)|"
        rf"hur\s+är\s+det\s+med|fortsätt|säg\s+mer|berätta\s+gärna|vad\s+sägs\s+om\s+(?:dig|er)|och\s+du|och\s+ni|"
        rf"(?:får|kan|skulle)\s+jag\s+(?:få\s+)?fråga(?:\s+(?:dig|er))?(?:\s+\w+){{0,2}}?\s+"
        rf"(?=(?:{_WH})\b))"
    ),
    prompt_yes_no=_c(
        # "om de har" is whether, "om de sextio" is about: the pronoun must be followed by a verb.
        r"(?:\w+\s+){0,4}?(?:om\s+(?:ni|du|man|vi|dom|de|hon|han)\s+(?:(?:inte|redan|fortfarande|faktiskt|"
        r"alltid|ofta|någonsin|verkligen)\s+)?\w+(?:r|de|te|t)\b|"
        r"om\s+det\s+(?:är|var|finns|"
        r"fanns|blir|går|funkar|fungerar)\b|huruvida)"
    ),
    wh_question=_c(rf"(?:{_WH}|på\s+vilket\s+sätt)\b"),
    wh_statement=_c(
        rf"(?:{_WH})\s+(?:(?:många|mycket)\s+(?:\w+\s+)?)?(?:{_OWN})\b|"
        r"(?:vad|hur)\s+(?:kul|bra|roligt|spännande|intressant|härligt|skönt|tråkigt|synd|trevligt|"
        r"fint|najs|grymt|jobbigt|tråkigt|fantastiskt|gött|coolt)\b(?!\s+(?:är|var)\b)"
    ),
    wh_strict=_c(
        rf"(?:vad|hur|varför|vilka|vilken|vilket|när|vem|vems|hurdan)\s+(?!(?:{_OWN}|"
        rf"ni|du|man|det|de|dom|den|han|hon|er|ert|era|din|ditt|dina|{_PRAISE})\b)|"
        rf"var\s+(?!(?:{_OWN}|ni|du|det|den|de|dom|han|hon|man|detta)\b)"
    ),
    closed_start=_c(
        rf"(?:{_VERB_FIRST})\s+(?:inte\s+)?(?:{_YOU})\b|"
        rf"(?!(?:hur|när|där|här|efter|under|över|för|mer|eller|andra|bättre|vår|innan|sedan|"
        rf"heller|aldrig|ofta|kanske|gärna|nära|senare|tidigare|vidare|bara|ganska|väldigt|lite|"
        rf"mycket|mindre|större|mer|fler|inför|utanför|enligt|tror|alltid|visst|säkert|sånt|"
        rf"varför|vilka|vilket|vilken)\b)\w+(?:ar|er|ir|är|or|ör|ade|de|te|dde)\s+(?:inte\s+)?"
        rf"(?:du|ni|man|dom|de|han|hon)\b"
    ),
    closed_loose=_c(rf"(?:{_VERB_FIRST})\b"),
    proposal=_c(
        r"hur\s+(?:låter|känns)\s+(?:det|\w+dag)|vad\s+sägs\s+om\s+(?!(?:dig|er)\b)|"
        r"varför\s+inte\s+(?:vi|boka|ses)|ska\s+vi\b|hur\s+vore\s+det\s+om\s+vi"
    ),
    negative_start=_c(
        rf"(?:{_VERB_FIRST})\s+(?:{_YOU})\s+inte\b|visst\s+(?:är|var|vill|har|kan|skulle|blir|"
        rf"vore|borde|behöver|finns|gör)\b"
    ),
    assumptive=_c(
        r"(?:så\s+)?(?:vi|ni)\s+är\s+(?:alltså\s+|väl\s+|nog\s+)?(?:överens|eniga|överrens)\b|"
        r"(?:du|ni)\s+håller\s+(?:säkert|nog|väl|ju|förstås)\s+med\b"
    ),
    fronted_question=_c(rf"(?:{_VERB_FIRST})\s+(?:inte\s+)?(?:du|ni)\b"),
    leading=_searched(
        r"\beller\s+hur\b|^visst\b|\bhåller\s+(?:du|ni)\s+(?:inte\s+)?med\b|\binte\s+sant\b|"
        r"\b(?:skulle|vore|blir|är|var)\s+(?:det|inte\s+det)\s+inte\b|\bvore\s+det\s+inte\b|"
        r"\b(?:tycker|tror|känner)\s+(?:du|ni)\s+inte\b|^(?:\S+\s+){1,3}(?:väl|ju)\b|"
        r"\b(?:du|ni|det|man|den|de|dom|hon|han)\s+(?:\w+\s+)?(?:väl|ju)\b|"
        r"\b\w+\s+(?:du|ni|det|man)\s+(?:väl|ju)\b|"
        r"\b(?:du|ni)\s+\w+\s+säkert\b|\b(?:uppenbarligen|självklart|givetvis|helt\s+klart)\b|"
        r"\b(?:slösar|bränner|kastar\s+bort|förlorar|blöder)\s+(?:\w+\s+)?pengar\b|"
        r"\bhur\s+länge\s+(?:till\s+)?(?:har|kan)\s+(?:ni|du)\s+råd\b|"
        r"\bjag\s+är\s+säker\s+på\s+att\s+(?:du|ni)\b|\btänk\s+(?:dig|er)\s+om\b|"
        r"\bhur\s+mycket\s+(?:\w+\s+){0,3}(?:förlorar|tappar|missar|slösar|går\s+(?:ni|du)\s+miste|"
        r"lämnar)\b|\b(?:genom\s+att\s+inte|utan\s+att\s+(?:använda|satsa|ha|byta|investera)|"
        r"på\s+att\s+inte)\b|\bvarför\s+(?:har|skulle|vill|gör|använder)\s+(?:ni|du)\s+inte\b|"
        r"\bvem\s+(?:vill|skulle)\s+inte\b|\bdet\s+självklara\s+valet\b|\bkosta(?:r)?\s+(?:er|dig)\s+"
        r"(?:\w+\s+){0,2}?att\s+(?:vänta|inte\s+göra\s+något)\b|\bkostnaden\s+för\s+att\s+(?:vänta|"
        r"inte\s+göra\s+något)\b|\bmed\s+tanke\s+på\s+(?:hur\s+(?:mycket|många|illa)|att)\b|"
        r"\bvarför\s+skulle\s+(?:ni|du|man)\s+(?:vänta|skjuta|dröja|inte)\b|\bvarje\s+(?:dag|vecka|månad)\s+"
        r"(?:som\s+)?(?:ni|du)\s+(?:inte|väntar)\b|\bdet\s+måste\s+(?:väl\s+)?(?:vara|ha\s+varit)\s+"
        r"(?:\w+\s+)?(?:frustrerande|jobbigt|tungt|dyrt|stressigt|irriterande|svårt|kostsamt)\b|"
        r"\bjag\s+(?:antar|gissar|förmodar)\s+att\s+(?:det|ni|du)\b"
    ),
    tag=_c(
        r"(?:,?\s*(?:eller\s+hur|inte\s+sant|visst|va|eller\s+vad|ju|väl|stämmer\s+inte\s+det|"
        r"håller\s+du\s+med|håller\s+ni\s+med|antar\s+jag|gissar\s+jag|förmodar\s+jag))\s*[?.!]*$"
    ),
    choice=_c(
        r"(?:^vilk(?:en|et|a)\b.*|[,:]\s*(?:\w+\s+){0,5}?|\b(?:är\s+det|mer|hellre)\s+(?:\w+\s+){0,4}?)"
        r"\w+(?:\s+\w+)?\s+eller\s+(?!inte\b|så\b|något\b|nåt\b|vad\b|hur\b|annat\b)\w+"
    ),
    choice_tail=_c(r"\beller\s*\?+$"),
    filler_tail=_c(r",?\s*(?:liksom|typ|du\s+vet|ni\s+vet|fattar\s+du)\s*\?*$"),
    filler_tail_words=("liksom", "typ", "vet", "du"),
    claim_tag=_c(r"\b(?:väl|ju)\b"),
    tag_ends=word_set("hur sant visst va vad ju väl det med jag", unaccented=True),
    clause_question=_c(
        rf"(?:[,:]|(?<=\s)[-–—]+)\s*(?=(?:(?:och|så|men|då|nu|okej|ok)\s+)?(?:jag\s+är\s+"
        rf"(?:väldigt\s+|så\s+|lite\s+)?nyfiken\b|jag\s+skulle\s+(?:gärna\s+)?vilja\s+(?:höra|veta|"
        rf"förstå)\b|(?:{_WH})\s+"
        rf"(?!(?:{_OWN}|som)\b)|(?:{_VERB_FIRST})\s+(?:{_SUBJECT})\b(?!\s*[?.!]*$)|berätta\b|beskriv\b|"
        rf"förklara\b|hjälp\s+mig\b|(?:kan|skulle)\s+(?:du|ni)\s+(?:kunna\s+)?(?:{_PROMPT_VERBS})\b))"
    ),
    inline_question=_c(
        rf"(?<=\s)(?:(?:vad|hur|varför|vilka|vilken|vilket|när|vem)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:{_VERB_FIRST}|\w+(?:ar|er|ir|or|de|te))\s+(?:du|ni|man|det|vi|dom|de)\b|"
        rf"(?:vad|hur|varför|vem)\s+(?:{_VERB_FIRST})\b|(?:vilka|vilken|vilket|hur\s+många|"
        rf"hur\s+mycket)\s+\w+\s+(?:{_VERB_FIRST})\b|"
        rf"(?<=och\s)(?:{_VERB_FIRST})\s+(?:du|ni|det)\b|(?<=men\s)(?:{_VERB_FIRST})\s+"
        rf"(?:du|ni)\b)"
    ),
    verb_subject=_c(rf"(?<=\s)(?:{_VERB_FIRST})\s+(?:du|ni)\b"),
    finite_clause=_c(
        r"\b(?:jag|vi|ni|du|man|de|dom|han|hon)\s+(?:\w+(?:ar|er|ir|är|or|ör|de|te|dde)|kan|ska|"
        r"vill|måste|bör|får|fick|kom|gick|såg|tog|sa)\b"
    ),
    subordinator=_c(r"(?:om|när|eftersom|innan|medan|då|ifall|fast|trots|efter\s+att|så\s+fort)\b"),
    blank=_c(r"\b(?:är|var|blir)$"),
    no_split_after=word_set(
        "vet veta se förstå förstår höra hör undrar undra nyfiken på om berätta fråga frågar "
        "förklara visa är var det att som hur vad varför när vem för med av till i över kring "
        "kolla beror beskriv beskriva lära vilja eller oavsett ingen aning osäker "
        "säker tänka fundera avgöra bestämma ta reda",
        unaccented=True,
    ),
    subjects=word_set("du ni det man vi jag de dom han hon den någon", unaccented=True),
    addressee=word_set("du dig din ditt dina ni er ert era eran", unaccented=True),
    speaker=word_set("jag min mitt mina vår vårt våra låt", unaccented=True),
    verbs=word_set(
        "har hade är ar var blir blev kan kunde ska skulle vill ville måste får fick brukar "
        "behöver använder tycker tror vet finns gör går kommer ser tar jobbar arbetar planerar "
        "säljer mäter funkar fungerar"
    ),
    stopwords=word_set(
        "och att det som en ett den de dom är var har hade inte på i för med till av om så "
        "men eller jag du ni vi han hon man mig dig oss er ert era din ditt dina min mitt "
        "mina vår vårt våra sin sitt sina deras hans hennes här där då nu när vad hur varför "
        "vilka vilken vilket vem kan ska skulle vill måste får fick kommer blir bli vara varit "
        "ha gör göra ju väl också bara mycket mer lite många alla allt något några någon "
        "sådan sådant sådana sånt ja nej okej ok bra precis absolut tack hej alltså typ "
        "liksom själv själva från under över efter innan sedan sen mot utan vid ut upp in "
        "kanske redan än ännu just eftersom både även dessa detta denna säga sa sagt tycker "
        "tror vet berätta lite mer",
        unaccented=True,
    ),
    generic=word_set(
        "mal utmaning prioritering problem affar foretag bolag team process plan ar kvartal "
        "manad vecka idag tid jobb hjalp samtal whitepaper roll dag marknadsforing forsalj "
        "storst viktigast"
    ),
    function_words=word_set(
        "och att det som är inte på för med har ni du vi jag vad hur varför en ett av till om "
        "så men eller kan ska skulle vill era er ert vår våra här där när också bara mycket "
        "ar pa nar"
    ),
    seller=_searched(
        r"\bvi\s+(?:också\s+|faktiskt\s+)?(?:hjälper|har\s+hjälpt|hjälpte|erbjuder|levererar|"
        r"jobbar\s+med|arbetar\s+med|är\s+(?:en|ett|den|det|\w*ledande|kända|bäst|störst)|har\s+"
        r"(?:en|ett|över|fler|mer\s+än|tusentals|hundratals|kunder|verktyg|funktioner)|"
        r"specialiserar|bygger|byggde|säljer|gör\s+det\s+möjligt|kan\s+(?:hjälpa|erbjuda|ge|öka|"
        r"dubbla|fördubbla|visa|automatisera|spara)|integrerar|samarbetar|lanserade|har\s+"
        r"(?:lanserat|byggt|tagit\s+fram))\b|\b(?:vår|vårt|våra)\s+(?:[\w-]+[\s-]+){0,2}?(?:hub|plattform|"
        r"plattformen|produkt|produkter|mjukvara|verktyg|lösning|lösningar|crm|kunder|klienter|"
        r"användare|funktion|funktioner|prissättning|priser|företag|bolag|tjänst|tjänster|system|"
        r"teknik|app|integrationer|erbjudande|metod|metodik|resultat|partner|partners|support|"
        r"onboarding|experter|konsulter|mallar|automatisering)\b|\bhubspot(?:s)?\s+(?:är|har|"
        r"hjälper|erbjuder|ger|gör|kan|låter|integrerar|innehåller|plattform|verktyg|kunder|crm)\b|"
        r"\bmed\s+(?:hubspot|vår|vårt|våra)\b|\b(?:på|hos)\s+hubspot\b|\bhubspot\s+\w*(?:ar|er|"
        r"ir|or|ör|är)\b|\b(?:hubspots|våra)\s+kunder\b|\bplattformen\s+(?:är|har|gör|\w+(?:ar|er))\b|"
        r"\bvi\s+(?:\w+\s+)?(?:uppfann|skapade|grundade|utvecklade|skrev)\b|\b(?:visa|dela)\s+"
        r"(?:dig|er)?\s*(?:min\s+skärm|plattformen|verktyget|hur\s+(?:vår|hubspot))\b|"
        r"\b(?:den|det|plattformen|verktyget|systemet|"
        r"lösningen)\s+(?:låter|hjälper|gör\s+det\s+möjligt\s+för|ger|automatiserar)\s+(?:er|dig)\b|"
        r"\b(?:bolag|företag|kunder|team|verksamheter|organisationer)\s+(?:precis\s+)?(?:som|likt)\s+"
        r"(?:ert|er|era|ditt|din|dig|ni)\b|"
        # Bolagsnyheter: "vi tog nyss in en finansieringsrunda", "vi växer", "vi har anställt".
        r"\bvi\s+(?:har\s+)?(?:nyss\s+|just\s+|precis\s+)?(?:tog\s+(?:nyss\s+)?in|tagit\s+in|växer|vuxit|"
        r"växte|fördubblade|anställer|anställt|rekryterar|expanderar|öppnade|vann|köpte\s+upp)\b|"
        r"\bfinansieringsrunda\w*\b|\briskkapital\b|\bvi\s+är\s+[\w-]*ledare\b|\blåt\s+mig\s+(?:först\s+)?"
        r"berätta\s+(?:lite\s+)?om\s+(?:hubspot|oss|vårt|vår|företaget)\b|"
        # En funktionsvisning: "instrumentpanelen uppdateras", "du kan filtrera".
        r"\b(?:plattformen|verktyget|appen|editorn|modulen|instrumentpanelen|dashboarden|"
        r"rapporterna|arbetsflödena|integrationen|integrationerna|mallarna|chattboten)\s+(?:\w+(?:ar|er|"
        r"ir|or|as|s))\b|\b(?:du|ni)\s+(?:kan|får)\s+(?:också\s+|även\s+|enkelt\s+|sen\s+)?(?:filtrera|"
        r"exportera|dra|bygga|sätta\s+upp|automatisera|schemalägga|anpassa|skapa|spåra|integrera|"
        r"synka|importera|segmentera|publicera)\b|\b(?:med|genom|tack\s+vare)\s+(?:vår|vårt|våra)\s+\w+|"
        r"\bvad\s+(?:gör|skiljer)\s+oss\b|\bvarför\s+välja\s+oss\b|"
        r"\b(?:en|ett)\s+(?:kund|bolag|företag)\s+(?:till\s+oss|som\s+vi\s+(?:hjälpte|jobbade|jobbar))\b|"
        r"\bvi\s+(?:hade|har)\s+en\s+kund\s+(?:som|i|inom)\b|"
        r"\btill\s+skillnad\s+från\s+(?:salesforce|mailchimp|pipedrive|de\s+andra|andra\s+(?:verktyg|"
        r"leverantörer|system)|konkurrenterna)\b|\b(?:salesforce|mailchimp|pipedrive|konkurrenterna|"
        r"andra\s+(?:verktyg|leverantörer|system))\s+är\s+(?:så\s+|väldigt\s+|bara\s+)?(?:krångliga?|"
        r"föråldrade?|dyra?|gamla?|långsamma?|klumpiga?|omoderna?)\b|"
        r"\b(?:salesforce|mailchimp|pipedrive|konkurrenterna)\s+är\s+(?:egentligen\s+|bara\s+)?"
        r"(?:bara|enbart)\b|\b(?:ni|du)\s+växer\s+ur\b"
    ),
    selling=_searched(
        r"\b(?:ledande|marknadsledande|världsledande|branschledande|allt-i-ett|allt\s+i\s+ett|"
        r"nummer\s+ett|bäst\s+i\s+klassen|prisbelönt|prisbelönta|kraftfull|kraftfulla|sömlös|"
        r"sömlöst|användarvänlig|användarvänliga|unik|unika|revolutionerande|banbrytande|"
        r"beprövad|marknadsledare|gratis\s+(?:crm|verktyg|version))\b|\b(?:\d[\d\s,.]*\+?|\w*tusen|"
        r"\w*hundra|tusentals|hundratals|miljontals)\s*(?:kunder|företag|bolag|användare)\b|"
        r"\b(?:branschens|marknadens)\s+(?:bästa|främsta|största)\b|\b(?:roi|avkastning|kundcase|testperiod|rabatt|kundberättelser)\b|"
        r"\b(?:dubbla|öka|fördubbla|tredubbla|förbättra|maximera|lyfta|skala)\s+(?:era|ert|er|din|"
        r"dina|ditt|deras)\s+\w+|\b\d+(?:[,.]\d+)?\s*(?:%|procent|gånger)\s+(?:fler|mer|högre|"
        r"snabbare|bättre|ökning|tillväxt)\b|\bvåra\s+kunder\s+(?:ser|får|brukar|har|ökar|ökade|"
        r"älskar|når)\b|"
        r"(?:(?<=hjälpt\s)|(?<=hjälper\s)|(?<=\bmed\s)|(?<=\bav\s))(?:över\s+|mer\s+än\s+|nästan\s+|"
        r"drygt\s+)?(?:\d[\d\s]*|\w*hundra|\w*tusen|hundratals|tusentals)\s+[\w-]+(?:er|ar|or|na)\b|\b(?:\d+|\w*hundra|\w*tio)\s*(?:%|procent)\s+(?:om\s+året|per\s+år|"
        r"årligen|på\s+ett\s+år)\b|\b\d+(?:[,.]\d+)?x\b|\balla\s+(?:stora|ledande)\b|\bdirekt\s+ur\s+"
        r"lådan\b|\bi\s+genomsnitt\b|\bdet\s+bästa\s+(?:av\s+allt|är)\b|\b(?:kunder|användare)\s+"
        r"(?:brukar\s+|ofta\s+)?(?:ser|får|sparar|fördubblar|ökar)\s+(?:\w+\s+)?(?:\d|mer|fler|dubbelt)|"
        r"\bpå\s+under\s+(?:en|ett|\d+|fem|tio)\s+(?:minut|minuter|timme|timmar|dag|dagar|sekunder)\b|"
        # Resultat, erbjudanden och lanseringar: "brukar se resultat inom ett halvår", "halverar
        # kostnaden", "en introduktionsrabatt som sparar er 20 %", "vi har precis lanserat".
        r"\b(?:de|dom|kunder\w*|bolag\w*|företag\w*|team\w*)\s+(?:\w+\s+)?(?:ser|får|se|såg|fick)"
        r"\s+(?:tydliga\s+|riktiga\s+|bra\s+)?resultat\b|"
        r"\b(?:halverar|halverade|halvera|sänker|sänkte|minskar|minskade)\s+(?:\w+\s+){0,4}?"
        r"(?:kostnad\w*|tid\w*|pris\w*)\b|\b\w*rabatt\w*\b|\bspecialerbjudande\w*\b|"
        r"\bsparar\s+(?:er|dig|ni)\b|\bskulle\s+lösa\b|"
        r"\bvi\s+(?:har\s+)?(?:precis\s+|nyss\s+|just\s+)?(?:lanserat|lanserade|släppt|släppte)\b"
    ),
    self_talk=_searched(
        r"\bjag\s+har\s+(?:jobbat|arbetat|sålt|varit|lett|drivit|byggt|alltid|över|mer\s+än|"
        r"\d+|många|flera|tio|fem|femton)\b|\b(?:\d+|tio|fem|femton|tjugo)\s+års\s+erfarenhet\b|"
        r"\bmin\s+(?:bakgrund|erfarenhet|karriär|tidigare\s+roll|förra\s+roll)\b|\binnan\s+jag\s+"
        r"(?:började|kom|jobbade)\b|\bjag\s+brinner\s+för\b|\bjag\s+älskar\s+(?:att\s+sälja|"
        r"försäljning|att\s+hjälpa)\b|\bjag\s+(?:studerade|pluggade|utbildade)\b|\bjag\s+började\s+"
        r"(?:min\s+karriär|som|på|inom)\b|\bjag\s+jobbade\s+(?:på|med|som|för)\b|\bjag\s+var\s+"
        r"(?:bäst|säljare|chef|ansvarig|top)\b|\bjag\s+(?:slog|nådde|överträffade)\s+(?:min|mina)\s+"
        r"(?:budget|mål|kvot)\b|\blite\s+(?:bakgrund\s+)?om\s+mig\b|\bjag\s+brukade\s+"
        r"(?:jobba|sälja|leda|driva|vara)\b|\bjag\s+har\s+(?:själv\s+)?(?:stängt|vunnit|slagit)\b"
    ),
    seller_anchors=word_set(
        "vi vår vårt våra hubspot hubspots låter hjälper ger automatiserar gör bolag företag "
        "kunder team verksamheter organisationer plattformen visa dela på hos tog tagit växer "
        "vuxit växte fördubblade anställer anställt rekryterar expanderar öppnade vann köpte "
        "finansieringsrunda finansieringsrundan riskkapital verktyget appen editorn modulen "
        "instrumentpanelen dashboarden rapporterna arbetsflödena integrationen integrationerna "
        "mallarna chattboten du ni med genom tack vad varför en ett hade till salesforce "
        "mailchimp pipedrive konkurrenterna andra växer låt",
        unaccented=True,
    ),
    selling_anchors=word_set(
        "ledande marknadsledande världsledande branschledande allt nummer bäst prisbelönt "
        "prisbelönta kraftfull kraftfulla sömlös sömlöst användarvänlig användarvänliga unik "
        "unika revolutionerande banbrytande beprövad kunder företag bolag användare roi "
        "avkastning kundcase testperiod rabatt kundberättelser dubbla öka fördubbla tredubbla "
        "förbättra maximera lyfta skala procent gånger tusentals hundratals miljontals våra "
        "marknadsledare gratis branschens marknadens över mer nästan drygt om alla direkt i "
        "det användare på de dom ser får se såg fick resultat halverar halverade halvera "
        "sänker sänkte minskar minskade specialerbjudande sparar skulle vi lanserat lanserade "
        "släppt släppte introduktionsrabatt kampanjrabatt",
        unaccented=True,
    ),
    self_talk_anchors=word_set("jag min års mig", unaccented=True),
    context=_searched(
        r"\b(?:du|ni)\s+(?:har\s+)?(?:just\s+|nyss\s+)?(?:laddade|laddat|fyllde|fyllt|besökte|"
        r"besökt|anmälde|anmält|registrerade|bokade|begärde|kontaktade|tittade|läste|började|testade|"
        r"provade|var\s+inne|hörde\s+av)\b|\bjag\s+ringer\s+(?:eftersom|för\s+att|angående|med\s+"
        r"anledning)|\bjag\s+(?:såg|märkte|ser)\s+att\s+(?:du|ni)\b"
    ),
    elaboration=_c(r"(?:eller|typ|till\s+exempel|t\.?\s?ex|alltså|jag\s+menar)\b[\s,]*"),
    open_tail=_c(r"\b(?:eller|osv)(?:\s+(?:något|nåt|vad|så|annat))?\W*$"),
    wh_in_situ=_c(
        r"\b(?:vad|hur|varför|vilket|vilken|vilka|vem|när)(?:\s+(?!(?:det|den|du|ni|vi|jag)\b)\w+)?"
        r"\s*\?*$"
    ),
    refers_back=_searched(
        r"\b(?:du|ni)\s+(?:nämnde|sa|sade|berättade|pratade|tog\s+upp|beskrev|var\s+inne\s+på|"
        r"nämner|säger)\b|\btidigare\s+(?:sa|nämnde)\b|\bför\s+att\s+gå\s+tillbaka\s+till\b|"
        r"\bnär\s+(?:du|ni)\s+säger\b|\bvad\s+menar\s+(?:du|ni)\b|\bvarför\s+(?:då|det)\b|"
        r"\bhur\s+(?:så|kommer\s+det\s+sig)\b|\bberätta\s+mer\b|\butveckla\b|\bsäg\s+mer\b|"
        r"\bvad\s+(?:gör|gjorde)\s+(?:att|det)\b|\bvad\s+hände\b|\bhur\s+ser\s+det\s+ut\b|"
        r"\bdet\s+låter\s+som\b|\bså\s+(?:ni|du)\s+(?:har|är|vill|menar)\b|\bom\s+jag\s+förstår\s+"
        r"(?:dig|er)\b"
    ),
    anaphora=_searched(
        r"\b(?:av|med|om|för|på|till|bakom|kring|efter|från|inför)\s+(?:det|detta|dem|dom)\b"
        r"(?!\s+(?:här|första|att|som)\b)|\b(?:betyder|innebär|påverkar|kostar|hände|blev|ledde|"
        r"gör)\s+(?:det|detta)\b(?!\s+(?:att|som)\b)|\bdem\b|\bdit\b|\b(?:det|den|de|dom)\s+där\b|"
        r"\bkom\s+det\s+sig\b|\bvad\s+hände\s+(?:då|sen|sedan|efter)\b"
    ),
    challenge_topic=_searched(
        r"\b(?:seo|sökmotor\w*|google|inbound|organisk\w*\s+(?:trafik|sök)|rankning\w*|ranka\w*|"
        r"innehållsmarknadsföring|content|blogg\w*|sökord\w*)\b"
    ),
    challenge_ask=_searched(
        r"\bhur\s+(?:fungerar|funkar|gör|går|skulle|kan|ska|hänger|ser|menar)\b|\bvarför\b|"
        r"\bvad\s+(?:är|innebär|betyder|exakt)\b|\bförklara\b|\bhur\s+det\s+(?:fungerar|funkar)\b"
    ),
)
