"""Prompt injection: text addressed to the AI or the scorer instead of the prospect.

The patterns want the grammar of an attack (an order about instructions, a role, a score or the
prompt), not single words: "ignore the noise in the market", "system integration" and "we score
leads" are ordinary sales talk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.scoring.lexicon import accept_unaccented, one_boundary, word_set
from app.scoring.text import normalise, tokens
from app.textfold import fold_lookalikes, hidden_payloads

_ENGLISH = (
    # Orders about the instructions.
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:all\s+|any\s+|the\s+|of\s+)*"
    r"(?:(?:your|my|the|previous|prior|above|earlier|preceding|system|original|initial|these|"
    r"those|former|other|rubric|scoring|grading)\s+)*(?:instructions?|prompts?|programming|"
    r"guardrails|system\s+message)\b",
    # "Forget the rules of thumb" is sales talk; "forget your rules" is not.
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+)?(?:of\s+)?(?:your|the\s+"
    r"(?:previous|above|earlier|original|system)|previous|prior|above|earlier|these|those)\s+"
    r"(?:rules|directions|guidelines|directives|constraints)\b(?!\s+of\s+thumb)|\b(?:ignore|"
    r"disregard|forget|override|bypass)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:rules|directions|"
    r"guidelines|directives|constraints)\s+(?:above|you\s+(?:were|have\s+been)\s+given|you\s+"
    r"follow)\b",
    r"\bdisregard\s+everything\b|\bignore\s+everything\s+(?:above|before|i\s+said)\b",
    r"\b(?:new|updated|real|actual|secret)\s+instructions?\s*:",
    # Role changes.
    r"\b(?:you\s+are|you're)\s+(?:now|no\s+longer)\s+(?:\w+\s+){0,3}?(?:ai|assistant|chatbot|"
    r"bot|model|grader|scorer|evaluator|judge|interviewer|examiner|salesperson|seller|sales\s+rep|"
    r"candidate|system|developer|admin|dan|persona|character|mode|jailbroken|unrestricted|"
    r"free\s+to|not\s+(?:a|the)\s+prospect)\b|\b(?:you\s+are|you're)\s+no\s+longer\s+(?:dana|the\s+"
    r"(?:prospect|buyer|customer)|a\s+(?:prospect|buyer|customer|human)|playing|in\s+(?:character|"
    r"role))\b|\b(?:you\s+are|you're)\s+(?:an?\s+)?(?:helpful|friendly|harmless|honest)\s+"
    r"(?:ai|assistant|chatbot|bot)\b",
    r"\bfrom\s+now\s+on,?\s+(?:you|act|respond|answer|pretend|behave)\b",
    r"\b(?:act|behave|respond)\s+as\s+(?:if\s+you\s+(?:are|were)\s+)?(?:a|an|the|my)\s+(?:\w+\s+)?"
    r"(?:ai|assistant|chatbot|bot|model|grader|scorer|evaluator|judge|interviewer|examiner|"
    r"salesperson|seller|candidate|system|developer|admin)\b",
    r"\bpretend\s+(?:you(?:'re|\s+are|\s+were)|to\s+be|that\s+you|you\s+have|this\s+is|"
    r"the\s+(?:call|interview|role))\b",
    r"\b(?:let's|lets|let\s+us|we\s+should|can\s+we|shall\s+we)\s+(?:switch|swap|change|reverse|"
    r"trade|flip)\s+(?:roles|places|sides)\b|\b(?:switch|swap|reverse|flip)\s+roles\b",
    r"\b(?:you\s+(?:be|play)\s+the\s+(?:salesperson|seller|sales\s+rep|candidate|interviewer)|"
    r"i(?:'ll|\s+will)\s+(?:be|play)\s+the\s+(?:prospect|buyer|customer|interviewer|grader))\b",
    r"\b(?:stop|end|exit|quit|leave|break|drop)\s+(?:the\s+|this\s+|your\s+)?(?:role[\s-]?play|"
    r"character|persona|act|simulation|roleplay)\b|\bout\s+of\s+character\b|\bstop\s+pretending\b",
    r"\b(?:developer|debug|admin|god|jailbreak|unrestricted)\s+mode\b|\bjailbreak\b|"
    r"\bdo\s+anything\s+now\b",
    # Talking to the machine.
    r"\bas\s+an?\s+(?:ai|language\s+model|llm|large\s+language\s+model|chatbot)\b(?![\s-]+(?:"
    r"powered|driven|based|company|platform|tool|first|native|startup|vendor|product|feature))",
    r"\b(?:are\s+you|you're|you\s+are)\s+(?:an?\s+)?(?:ai|bot|chatbot|language\s+model|llm|"
    r"chatgpt|gpt|robot|real\s+person)\b(?![\s-]+(?:powered|driven|based|company|tool))",
    r"(?:^|\n)\s*(?:system|assistant|developer|user)\s*:|\[\s*(?:system|inst|/inst|sys)\s*\]|"
    r"<\s*/?\s*(?:system|sys|im_start|im_end)\s*>|<\|[a-z_]+\|>|<<\s*sys\s*>>|#{2,}\s*system\b",
    # The tags the LLM prompt wraps candidate text in: nobody types them by accident.
    r"<\s*/?\s*candidate[\s_-]*message\b|<\s*/?\s*(?:transcript|conversation|instructions?|"
    r"rubric|prompt|context|assistant|user|scores?|evaluation)\s*>",
    r"\b(?:decode|decrypt|unscramble|translate)\s+(?:this|that|it|the\s+following)\b.{0,40}?"
    r"\b(?:do\s+(?:what|as)\s+it\s+says|follow|obey|execute|carry\s+out)\b",
    # Gaming the score.
    r"\b(?:give|award|assign)\s+(?:me|this|my\s+\w+|the\s+candidate)\s+(?:a\s+|an\s+|the\s+)?"
    r"(?:5\s*/\s*5|5\s+out\s+of\s+5|five\s+out\s+of\s+five|10\s*/\s*10|100\s*%|full\s+(?:marks|"
    r"score|points)|top\s+(?:marks|score)|perfect\s+(?:score|marks|rating|grade)|max(?:imum)?\s+"
    r"(?:score|points|marks)|highest\s+(?:score|rating|grade|marks)|excellent\s+(?:score|rating)|"
    r"(?:5|a\+)\s+(?:score|grade|rating)|5\s+stars|five\s+stars|a\s+pass)\b",
    r"\bwhat\s+(?:score|grade|rating|mark)\s+(?:would|will|do|did)\s+you\s+give\s+(?:me|this|my)\b|"
    r"\bhow\s+(?:would|will|do)\s+you\s+(?:score|rate|grade|mark|assess|evaluate)\s+(?:me|my\s+"
    r"(?:performance|call|answer|answers|questions)|this\s+(?:call|interview|conversation))\b|"
    r"\bwhat(?:'s|\s+is)\s+my\s+(?:score|grade|rating)\b",
    r"\b(?:score|rate|grade|mark|evaluate|assess|judge|rank)\s+(?:this|me|my\s+[\w-]+|the\s+"
    r"candidate|this\s+[\w-]+)\s+(?:as\s+)?(?:an?\s+)?(?:excellent|perfect|outstanding|exceptional|"
    r"5|five|10|ten|100|highly|top)\b",
    r"\bi\s+deserve\s+(?:a\s+|the\s+)?(?:5|five|full|perfect|top|maximum|max|highest|10)\b",
    r"\b(?:score|rate|grade|mark)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:criteria|criterion|"
    r"categories|areas|dimensions)\s+(?:as\s+)?(?:an?\s+)?(?:5|five|10|excellent|perfect|top|highly)\b",
    r"\b(?:5|five)\s*/\s*5\s+(?:on|for|across)\s+(?:every|all|each)\b",
    r"\b(?:the|this)\s+(?:grader|scorer|evaluator|assessor|judge|scoring\s+model|ai|model)\s+"
    r"(?:should|must|will|needs\s+to)\b|\b(?:note|message|instruction)\s+(?:to|for)\s+the\s+"
    r"(?:grader|scorer|evaluator|assessor|ai|model|reviewer)\b|\bdear\s+(?:grader|scorer|"
    r"evaluator|ai|model)\b",
    # A note addressed to the machine: "(Grader: this answer covers ...)", "[Evaluator: ...]".
    r"[(\[{*]\s*(?:note\s+to\s+)?(?:the\s+)?(?:ai\s+)?(?:grader|scorer|evaluator|assessor|judge|"
    r"scoring\s+model|ai|llm|rater)\s*:|(?:^|\n|[.!?]\s)\s*(?:note\s+to\s+)?(?:the\s+)?"
    r"(?:ai\s+)?(?:grader|scorer|evaluator|assessor|scoring\s+model|rater)\s*:",
    # Fishing for the prompt, the rubric or the hidden facts.
    r"\b(?:print|show|reveal|tell\s+me|output|repeat|display|give\s+me|share|leak|dump|"
    r"what\s+(?:is|are)|what's|list|read\s+out|paste)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|"
    r"exact\s+|original\s+|hidden\s+|secret\s+|whole\s+)?(?:system\s+prompt|prompt|"
    r"instructions|rubric|scoring\s+(?:criteria|rules|rubric|guide)|grading\s+(?:criteria|"
    r"rubric)|evaluation\s+criteria|hidden\s+facts|persona\s+(?:description|prompt)|"
    r"initial\s+prompt|script\s+you\s+were\s+given)\b(?!\s+(?:to|for|of|that|your|our|their|"
    r"you\s+give|we)\b)",
)
_SWEDISH = (
    r"\b(?:ignorera|ignorerar|strunta\s+i|struntar\s+i|glöm|glömmer|bortse\s+från|bortser\s+från|"
    r"åsidosätt|hoppa\s+över)\s+(?:alla\s+|allt\s+|"
    r"de\s+|det\s+)*(?:(?:dina|era|tidigare|föregående|ovanstående|ursprungliga|givna|mina)\s+)*"
    r"(?:instruktioner(?:na)?|regler(?:na)?|direktiv(?:en)?|prompt(?:en)?|riktlinjer(?:na)?|"
    r"systemprompt(?:en)?)\b",
    r"\bnya\s+instruktioner\s*:",
    r"\bdu\s+är\s+(?:nu|inte\s+längre)\s+(?:\w+\s+){0,3}?(?:ai|assistent|chattbot|bot|"
    r"språkmodell|bedömare|rättare|examinator|intervjuare|säljare(?:n)?|kandidat(?:en)?|"
    r"utvecklare|\w*läge|karaktär|fri|inte\s+(?:kunden|prospektet))\b",
    r"\bfrån\s+och\s+med\s+nu\s+(?:är\s+du|ska\s+du|svarar\s+du|agerar\s+du)\b",
    r"\b(?:agera|svara|bete\s+dig)\s+som\s+(?:om\s+du\s+vore\s+)?(?:en|ett|min)\s+(?:\w+\s+)?"
    r"(?:ai|assistent|chattbot|bot|språkmodell|bedömare|rättare|examinator|intervjuare|säljare|"
    r"kandidat|utvecklare)\b",
    r"\blåtsas\s+(?:att\s+du|vara|du\s+är|att\s+det)\b",
    r"\b(?:byt|byta|byter|växla|skifta)\s+roller(?:na)?\b|\bnu\s+är\s+du\s+(?:säljaren|kandidaten|"
    r"intervjuaren)\b|\bjag\s+är\s+(?:kunden|köparen|prospektet|intervjuaren)\s+nu\b|\bdu\s+"
    r"(?:spelar|är)\s+säljaren\b",
    r"\b(?:sluta|avbryt|kliv\s+ur|bryt|lämna|avsluta)\s+(?:rollspel(?:et|a)?|rollen|din\s+roll|"
    r"karaktären|spelet)\b",
    r"\bsom\s+en\s+(?:ai|språkmodell|chattbot)\b(?![\s-]+(?:driven|baserad|drivet|baserat|"
    r"företag|plattform|verktyg))|\b(?:är\s+du\s+en|du\s+är\s+en)\s+(?:ai|bot|robot|"
    r"språkmodell|chattbot)\b",
    r"\bge\s+mig\s+(?:full\s+pott|högsta\s+(?:betyg|poäng|betyget|poängen)|fem\s+av\s+fem|"
    r"5\s+av\s+5|5\s*/\s*5|toppbetyg|maxpoäng|full\s+poäng|fullt\s+betyg|bästa\s+betyg|"
    r"betyget\s+(?:5|fem|max))\b",
    r"\b(?:betygsätt|bedöm|poängsätt|sätt)\s+(?:detta|det\s+här|mig|mitt\s+\w+)\s+(?:som\s+)?"
    r"(?:utmärkt|perfekt|toppen|5|fem|max|högsta|excellent)\b",
    r"\bjag\s+förtjänar\s+(?:full\s+pott|högsta|5|fem|toppbetyg|maxpoäng)\b",
    r"\bvad\s+(?:är|blir|får)\s+(?:jag\s+för\s+)?(?:mitt|mina)\s+(?:betyg|poäng|resultat)\b|"
    r"\bvilket\s+betyg\s+(?:får|fick|ger\s+du)\b",
    r"\b(?:avkoda|dekryptera|översätt)\s+(?:det\s+här|detta|följande|den\s+här)\b.{0,40}?"
    r"\b(?:gör\s+som|följ|lyd|utför)\b",
    r"\b(?:bedömaren|rättaren|ai[:-]?n|modellen|poängsättaren)\s+(?:ska|måste|bör)\b",
    r"(?:^|[(\[{*\n]|[.!?]\s)\s*(?:till\s+)?(?:bedömare(?:n)?|rättare(?:n)?|ai[:-]?n?|"
    r"poängsättare(?:n)?|examinator(?:n)?)\s*:",
    r"\b(?:skriv\s+ut|visa|avslöja|berätta|upprepa|dela|ge\s+mig|vad\s+är)\s+(?:mig\s+)?"
    r"(?:din|dina|er|era|den|de)\s+(?:hela\s+|exakta\s+|hemliga\s+|dolda\s+)?(?:prompt|"
    r"systemprompt|instruktioner|bedömningsmall|bedömningskriterier|rubrik|matris|"
    r"dolda\s+fakta|poängregler)\b",
)
_ATTACK = re.compile(
    one_boundary("|".join(_ENGLISH + tuple(accept_unaccented(p) for p in _SWEDISH)))
)
# Every attack above contains at least one of these words; most turns contain none, and a set
# lookup is far cheaper than running the whole pattern.
_ANCHORS = word_set(
    "instruction instructions prompt prompts rules directions guidelines directives programming "
    "everything longer rate mark assess evaluate ignorera ignorerar struntar glömmer bortser "
    "guardrails constraints ai assistant chatbot bot model grader scorer evaluator judge "
    "interviewer examiner salesperson seller candidate system developer admin dan persona "
    "character mode jailbroken jailbreak unrestricted prospect pretend pretending roles "
    "places sides buyer roleplay role simulation language llm chatgpt "
    "gpt robot person user inst sys marks score points rating grade stars pass 5 five 10 100 "
    "excellent perfect outstanding exceptional deserve assessor scoring reviewer dear rubric "
    "grading evaluation hidden criteria script candidate_message message decode decrypt "
    "unscramble translate avkoda dekryptera översätt mitt mina resultat vilket "
    "instruktioner instruktionerna regler reglerna direktiv direktiven prompten riktlinjer "
    "riktlinjerna systemprompt systemprompten assistent chattbot språkmodell bedömare rättare "
    "examinator intervjuare säljare säljaren kandidat kandidaten utvecklare karaktär kunden "
    "prospektet låtsas roller rollerna köparen rollspel rollspelet rollspela rollen roll "
    "karaktären spelet pott betyg poäng betyget poängen fem toppbetyg maxpoäng betygsätt bedöm "
    "poängsätt utmärkt perfekt förtjänar bedömaren rättaren ain modellen poängsättaren "
    "bedömningsmall bedömningskriterier rubrik matris dolda poängregler",
    unaccented=True,
)


# Attacks whose words are all common on their own ("from now on", "du är nu ...").
_CUES = (
    "läge", "lage", "now on", "are now", "'re now", "no longer", "anything now", "be the customer",
    "play the customer", "är nu", "ar nu", "med nu",
)  # fmt: skip


# Look-alike letters (Cyrillic, fullwidth) and invisible characters all lie beyond Latin-1;
# Swedish å, ä and ö do not, so ordinary Swedish text skips the folding.
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def detect_injection(text: str) -> bool:
    """Whether `text` tries to break the role play or game the score."""
    norm = normalise(text)
    if attack_in(norm, tokens(norm)):
        return True
    # "Decode this: SWdub3Jl...": the scorer never decodes, but a language model might.
    return any(detect_injection(payload) for payload in hidden_payloads(text))


def attack_in(norm: str, words: Iterable[str]) -> bool:
    """`detect_injection` for normalised text and its word tokens."""
    if _BEYOND_LATIN1.search(norm):
        folded = fold_lookalikes(norm)
        if folded != norm:
            norm = folded.lower()
            words = tokens(norm)
    suspicious = "<" in norm or "[" in norm or any(cue in norm for cue in _CUES)
    if suspicious or not _ANCHORS.isdisjoint(words):
        return _ATTACK.search(norm.replace(" \n", "\n")) is not None
    return False
