"""Reading a candidate turn the way the scripted prospect hears it: small lexical heuristics.

English and Swedish keyword lists live side by side; nothing here guesses the language of the
text. The scenario's declared language only picks the stemmer.
These heuristics belong to the prospect alone: the scorer has its own annotator, so that the
engine and the scorer can never agree by sharing a bug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from app.roleplay.times import Slot, find_slot
from app.textfold import fold_lookalikes, hidden_payloads

QuestionKind = Literal["open", "closed"]

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# "what's" -> "what is", but "HubSpot's" stays possessive: only these words take "'s" = "is".
_IS_WORDS = _wordset("what that it he she there here who where how when why")
_CONTRACTIONS = {
    "n't": ("not",),
    "'re": ("are",),
    "'ve": ("have",),
    "'m": ("am",),
    "'ll": ("will",),
    "'d": ("would",),
}
_IRREGULAR = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "let's": ("let", "us"),
    "shan't": ("shall", "not"),
}

_FILLERS = _wordset(
    """so and but okay ok great well right now then also thanks thank alright awesome cool
    perfect sure yes yeah hi hello hey just quickly first oh um uh erm er eh mm mhm hm och så
    sa men okej bra jaha då också tack perfekt toppen precis ja nej hej"""
)
_OPEN_STARTERS = _wordset(
    """what whats how why which who whom whose where when describe explain vad hur varför
    vilka vilken vilket när var vem vems vart berätta beskriv förklara utveckla varfor nar"""
)
# A question is open when it asks with one of these, wherever it stands ("Since ..., what").
_WH_WORDS = _wordset(
    "what how why which who whom whose where when vad hur varför varfor vilka vilken vilket när vem"
)
_EXCLAIMING = _wordset("a an en ett")  # "What a week!" is not a question
_CLOSED_STARTERS = _wordset(
    """do does did is are was were have has had can could will would should shall may might
    am any anything har hade är kan kunde ska skulle vill ville måste brukar finns fanns gör
    gjorde blir blev får fick tycker tror vet känner behöver använder jobbar arbetar funkar
    fungerar hinner planerar ser säljer testade provade stämmer"""
)
# Typed chat often drops the "?": "do you have a CRM", "har ni nåt crm".
_ASKED_OF = _wordset("you it that there this your we they he she ni du det den de han hon er")
_ABOUT_PROSPECT = _wordset("you your yours yourself yourselves du dig din ditt dina ni er ert era")

# Curiosity that is phrased as a request ("tell me about ...") counts as an open question.
_ASKING = re.compile(
    r"\b(?:tell me|walk me through|help me understand|talk me through|i am curious|"
    r"i was wondering|i wonder|curious (?:about|to|what|how|why|whether)|say more|"
    r"i would (?:love|like) to (?:know|hear|understand|learn)|i want to understand|"
    r"(?:can|could|would) you (?:tell|share|walk|describe|explain|talk|help me|elaborate)|"
    r"(?:do|would) you mind (?:me asking|telling|sharing|explaining|walking)|"
    r"(?:can|could|may) i ask (?:you )?(?:what|how|why|who|where|when|which)|"
    r"jag undrar|nyfiken på|hjälp mig (?:att )?förstå|berätta (?:gärna|mer)|utveckla gärna|"
    r"jag skulle vilja (?:veta|höra|förstå)|gärna höra|får jag fråga|"
    r"(?:kan|skulle) du (?:kunna )?(?:berätta|beskriva|förklara|dela|gå igenom|utveckla))\b"
)
# A broad question about the buyer's company, answered from the persona's situation.
_BROAD = re.compile(
    r"\b(?:business|company|yourself|your role|organi[sz]ation|firm|what do you do|"
    r"what does \w+ do|företag\w*|bolag\w*|verksamhet\w*|din roll|dig själv|vad gör ni|"
    r"vad gör du|vad jobbar du med)\b"
)
# A tag at the end turns a statement into a leading yes/no question: "..., isn't it?"
_TAGGED = re.compile(
    r"(?:\b(?:right|correct|is not it|are not you|do not you|would not you|would not you agree|"
    r"have not you|does not it|was not it|yeah|eller hur|stämmer inte det|inte sant)|"
    r"\b(?:väl)\b.*)\s*$"
)

# Talking about the seller instead of the buyer ("show up and throw up").
_PITCH = re.compile(
    r"(?<!can )(?<!could )(?<!how )(?<!may )\bwe (?:help|helped|have helped|work with|"
    r"worked with|have worked with|offer|provide|specialize|specialise|serve|enable|deliver|"
    r"are the (?:leading|leader|best|largest|number one|top)|are a leading|"
    r"are an industry|(?:basically |literally |actually )?(?:invented|pioneered|"
    r"wrote the book|built|created|launched))\b"
    r"|\bwe have (?:a|an) (?:\w+ )?(?:team|tool|feature|platform|product|plan|offer)\b"
    # "for our software" is the buyer's own step ("you filled in the form for our ..."), not a pitch
    r"|(?<!for )(?<!about )(?<!on )(?<!in )(?<!at )\bour (?:\w+ ){0,2}"
    r"(?:platform|product|products|software|tool|tools|solution|solutions|"
    r"customers|clients|company|service|services|offering|features?|technology|suite|crm|"
    r"system|plan|plans|partners|agency|methodology|hub|automation)\b"
    r"|\bhubspot (?:is|has|can|helps|offers|provides|gives|will|lets|was founded|does|"
    r"brings|saves|makes|handles|customers)\b"
    r"|\b(?:switching|switch|moving|move|migrating) to hubspot\b"
    r"|\b(?:at|på) hubspot (?:\w+ )?(?:we|vi)\b"
    r"|\b(?:the platform|the tool|plattformen|verktyget) (?:saves|gives|does|helps|handles|"
    r"brings|sparar|ger|gör|hjälper|sköter|samlar)\b"
    r"|\bi (?:have|had) (?:been|worked|spent \w+ years) (?:at|with|for|in)\b"
    r"|\bi (?:graduated|studied|started my career|am (?:\w+ )?passionate)\b"
    r"|\b(?:my background|about myself|a bit about me|lite om mig själv|om mig själv|"
    r"min bakgrund)\b"
    r"|\blet me tell you (?:about|what|how|a bit)\b"
    r"|\b(?:share my screen|show you (?:the|our) (?:platform|product|tool|demo|dashboard)|"
    r"dela min skärm|visa (?:dig|er) (?:plattformen|verktyget|produkten))\b"
    r"|\b(?:this is the|here is the|over here is the) (?:\w+ )?(?:dashboard|builder|"
    r"report|feature|screen)\b"
    r"|\b(?:best in class|industry leading|all in one|world class|cutting edge|"
    r"state of the art|market leader|market leading)\b"
    r"|\bvi (?:hjälper|har hjälpt|hjälpte|jobbar med|arbetar med|erbjuder|levererar|"
    r"är ledande|är marknadsledande|är bäst|är världens|byggde|uppfann|skapade|"
    r"har ett \w*(?:team|verktyg|erbjudande))\b"
    r"|\b(?:vår|vårt|våra) (?:\w+ )?(?:plattform|produkt|produkter|mjukvara|verktyg|lösning|"
    r"lösningar|kunder|tjänst|tjänster|företag|system|funktioner|erbjudande|byrå|hub)\b"
    r"|\bjag har (?:jobbat|arbetat|varit) (?:på|hos|med|i)\b"
    r"|\bhubspot (?:är|har|kan|hjälper|erbjuder|gör|samlar|sparar|ger)\b"
    r"|\blåt mig berätta (?:om|hur|vad|lite)\b"
    r"|\b(?:marknadsledande|världsledande|bäst i klassen|allt i ett)\b"
)

_MEETING = re.compile(
    r"\bnext steps?\b"
    r"|\b(?:schedule|book|set up|setup|arrange|organise|organize|put|find|grab|lock in)\b"
    r"[^.?!]{0,30}\b(?:meeting|call|demo|time|chat|session|appointment|follow up|minutes|"
    r"half an hour|calendar)\b"
    r"|\b(?:meet|get together|catch up|talk|speak) (?:again|next week|later this|tomorrow|"
    r"on (?:monday|tuesday|wednesday|thursday|friday))\b"
    r"|\bopen to (?:a|an|another) (?:meeting|call|demo|conversation)\b"
    r"|\b(?:send|sending) (?:you )?(?:an? )?(?:calendar )?invite\b"
    r"|\b(?:put|pencil|get) (?:something|some time|a time|us|it) (?:in|down)\b"
    r"|\bfollow up (?:call|meeting)\b"
    r"|\bnästa steg\b"
    r"|\b(?:boka|bokar|sätta upp|sätter upp|planera in|hitta|ordna|lägga in|lägger in)\b"
    r"[^.?!]{0,30}\b(?:möte|mötet|tid|samtal|demo|genomgång|uppföljning|halvtimme|timme|"
    r"minuter)\b"
    r"|\b(?:ses|träffas|höras) (?:igen|nästa|på|i|snart)\b"
    r"|\b(?:skicka|skickar) (?:en )?(?:kalender)?inbjudan\b"
)

# A day or clock time in a sentence that offers it, not one that tells what happened then.
_OFFERS_TIME = re.compile(
    r"\b(?:could|can|shall|should|would|will|how about|what about|does|do|is|are|works?|"
    r"suit|suits|free|available|let us|book|meet|call|pencil|put|schedule|set up|grab|"
    r"then|kan|ska|skulle|passar|funkar|fungerar|går det|bokar|boka|ses|hörs|träffas|"
    r"vad sägs om|hur låter)\b"
)
_TELLS_PAST = re.compile(r"\b(?:did|was|were|last|happened|förra|gjorde|hände|var det)\b")

# The phone call itself: "Is now a good time?", "Can you hear me?" get a plain yes.
_AVAILABILITY = re.compile(
    r"\b(?:good time|bad time|right time|few minutes|a minute|a moment|two minutes|"
    r"couple of minutes|quick chat|hear me|okay to talk|ok to talk|free to talk|speak now|"
    r"talk now|got a (?:minute|second|sec)|"
    r"bra tid|passar det|några minuter|en minut|ett par minuter|hör du mig|har du tid|"
    r"prata nu|kan du prata)\b"
)
# Words of a business conversation: a question with one of them and no fact behind it gets
# "I'd have to check"; a question with none of them is off topic and gets "not sure what you
# mean". Matched as word beginnings.
_BUSINESS = re.compile(
    r"\b(?:market|sale|sell|customer|client|lead|pipeline|tool|software|crm|platform|system|"
    r"e-?mail|campaign|webinar|event|agenc|vendor|supplier|budget|price|pricing|cost|revenue|"
    r"team|staff|hir|linkedin|social|ads|advert|seo|search|website|site|content|blog|"
    r"newsletter|automat|data|report|forecast|deal|quote|contract|trial|product|service|"
    r"support|ticket|process|strateg|goal|target|growth|grow|competit|booking|appointment|"
    r"nps|churn|conver|ship|payment|freemium|onboard|patient|clinic|showroom|rep|"
    r"salesforce|hubspot|mailchimp|analytic|metric|kpi|roi|funnel|traffic|brand|"
    r"partner|integrat|app|license|licence|subscription|plan|tech|stack|business|company|"
    r"marknad|sälj|kund|verktyg|mejl|kampanj|webbinar|byrå|leverantör|pris|kostnad|intäkt|"
    r"personal|anställ|annons|webbplats|hemsida|innehåll|blogg|nyhetsbrev|rapport|prognos|"
    r"affär|avtal|produkt|tjänst|strategi|mål|tillväxt|konkurrent|bokning|företag|bolag)",
)
# Small talk that has nothing to do with the call: "How's the weather?", "Do you like pizza?"
_SMALL_TALK = re.compile(
    r"\b(?:weather|rain\w*|sunny|game|match|football|soccer|basketball|hockey|baseball|"
    r"sports?|team won|movie|film|music|song|band|pizza|food|lunch|dinner|restaurant|"
    r"holiday|vacation|weekend|pet|dog|cat|cats|dogs|favou?rite|capital of|election|"
    r"star sign|horoscope|square root|plus|minus|times table|tall|moon|planet|"
    r"väder|vädret|regn\w*|matchen|fotboll|hockey|film|musik|pizza|mat|lunch|middag|"
    r"semester|helg\w*|husdjur|hund\w*|katt\w*|favorit\w*|huvudstad\w*|valet|"
    r"stjärntecken|roten ur|månen)\b"
)
# Questions of a kind every buyer has an answer to, whatever words the scenario lists:
# about goals, about what set this off, about who decides. Each leads to the fact whose own
# phrases name that kind (see _ANCHORS in the scripted prospect).
_KINDS_OF_QUESTION = {
    "goal": re.compile(
        r"\b(?:aim\w*|goals?|targets?|objectives?|success\w*|great year|good year|"
        r"good quarter|where (?:would|do) you (?:like|want)|hoping|ambitions?|deliver|"
        r"trying to (?:hit|reach|get|move|achieve)|look like|kpis?|metrics?|outcomes?|"
        r"mål\w*|siktar|sikta|lyckat|framgång\w*|bra år|leverera|vill ni nå|vart vill|"
        r"hoppas)\b"
    ),
    "trigger": re.compile(
        r"\b(?:what prompted|what made you|why now|why are you looking|driving|drove|"
        r"what triggered|what caught|why did you (?:download|ask|request|reach out|sign up|"
        r"attend|join|look)|what got you|vad fick|varför tittar|varför nu|vad driver|"
        r"drivkraft\w*|vad väckte|vad ledde)\b"
    ),
    "decision": re.compile(
        r"\b(?:who else|decid\w*|decision\w*|sign(?:s|ed)? off|approv\w*|need to see|"
        r"finance|cfo|buy in|budget holder|vem mer|beslut\w*|godkän\w*|behöva se|"
        r"ekonomichef\w*|skriva under)\b"
    ),
}
_PROPER_NOUN = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÅÄÖ][a-zåäöé]{2,}")

# Attempts to step outside the role play: tested on the raw text and on the flattened words.
_INJECTION_RAW = re.compile(
    r"^\s*(?:system|assistant|user|developer|sys)\s*:|<\|im_start\|>|<\|system\|>|\[/?inst\]|"
    r"\[system\]|</s>|###\s*(?:instruction|system)|^\s*#+\s*(?:system|developer|instructions?)\b|"
    r"[\"']role[\"']\s*:\s*[\"'](?:system|developer|assistant)|^\s*role\s*:\s*(?:system|developer)\b|"
    # The tags the LLM prompt wraps candidate text in.
    r"<\s*/?\s*candidate[\s_-]*message\b",
    re.IGNORECASE | re.MULTILINE,
)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|"
    r"programming|persona)\b"
    r"|\b(?:ignore|disregard|forget|override|bypass)\b.{0,20}\b(?:your|all|previous|prior|"
    r"above|earlier) (?:rules|guidelines|guardrails|role|character)\b|\bnew instructions\b"
    r"|\b(?:switch|swap|reverse|trade) (?:roles|places)\b"
    r"|\byou (?:be|play) the (?:salesperson|seller|sales rep|candidate|interviewer)\b"
    r"|\bgive me (?:a )?(?:5 5|5 out of 5|five out of five|10 10|full marks|top marks|"
    r"(?:a )?perfect score|the (?:highest|top|maximum) score)\b"
    r"|\b(?:note|message) (?:to|for) the (?:grader|scorer|evaluator|ai|model)\b"
    r"|\bdear (?:grader|scorer|evaluator)\b"
    r"|\b(?:decode|decrypt) (?:this|it|that|the following)\b.{0,40}\b(?:do what it says|"
    r"follow|obey|execute)\b"
    r"|\bforget everything (?:you|above|before)\b|\b(?:rules|guidelines) above\b"
    r"|\byou are (?:now )?(?:a |an |my )?(?:helpful |friendly |general |ai )?(?:assistant|"
    r"ai|chatbot|bot|language model|llm|gpt|chatgpt)\b"
    r"|\b(?:act|behave|respond) as (?:a|an|my) (?:assistant|ai|chatbot|evaluator|grader|"
    r"judge|coach|interviewer)\b"
    r"|\bpretend (?:to be|you are|that you)\b|\bfrom now on you\b"
    r"|\b(?:my|the candidate|the candidates) (?:score|scores|grade|grades)\b"
    r"|\bhow am i (?:scoring|being scored|rated|graded)\b|\b(?:am i passing|did i pass)\b"
    r"|\b(?:print|show|reveal|repeat|output|display|dump|give me|read out|list)\b.{0,30}\b(?:"
    r"system prompt|your prompt|the prompt|your instructions|the instructions|"
    r"initial instructions|hidden facts?|facts list|fact list|list of facts|all the facts|"
    r"the rubric|your rubric|scoring criteria)\b"
    r"|\b(?:what is|what are|tell me)\b.{0,30}\b(?:system prompt|your prompt|"
    r"initial instructions|original instructions|scoring criteria)\b"
    r"|\b(?:(?:the|your|this|my) rubric|system prompt|jailbreak|developer mode|dan mode|"
    r"prompt injection|"
    r"hidden facts?)\b"
    r"|\bare you (?:an? )?(?:ai|bot|robot|language model|llm|chatbot|real person|human)\b"
    r"|\bbreak (?:character|role)\b|\bout of character\b|\bstop (?:the )?role ?play\b"
    r"|\b(?:role ?play|simulation) is over\b|\bas an ai\b"
    r"|\b(?:ignorera|glöm|strunta i|bortse från)\b.{0,40}\b(?:instruktion\w*|prompt\w*|"
    r"regler\w*|roll\w*|manus\w*)"
    r"|\bglöm allt\b"
    r"|\bdu är (?:nu )?(?:en )?(?:hjälpsam )?(?:assistent|ai|chattbot|bot|språkmodell)\b"
    r"|\b(?:mitt|mina) (?:betyg|poäng)\b"
    r"|\b(?:visa|skriv ut|avslöja|upprepa|berätta|lista|ge mig|läs upp)\b.{0,30}\b(?:"
    r"prompt\w*|instruktion\w*|dolda fakta|faktalista\w*|bedömningsmall\w*|"
    r"bedömningskriteri\w*|manus\w*)"
    r"|\b(?:systemprompt\w*|bedömningsmall\w*|bryt rollen|kliv ur rollen|dolda fakta|"
    r"låtsas att du|låtsas vara)"
    r"|\bär du en (?:ai|bot|robot|människa|språkmodell)\b|\bsom en ai\b"
    r"|\brollspel\w* är (?:slut|över)\b"
    r"|\b(?:byt|byter|byta|växla) roller\w*\b|\bnya instruktioner\b"
    r"|\bge mig (?:full pott|högsta (?:betyg|poäng)|fem av fem|5 av 5|5 5|toppbetyg|maxpoäng)\b"
    r"|\b(?:bedömaren|rättaren) (?:ska|måste|bör)\b"
    r"|\b(?:avkoda|dekryptera) (?:det här|detta|följande)\b.{0,40}\b(?:gör som|följ)\b"
)


def words_of(text: str) -> list[str]:
    """Lower-case words with English contractions spelled out ("don't" -> "do", "not")."""
    out: list[str] = []
    for raw in _WORD.findall(text.lower().replace("’", "'")):
        if "'" not in raw:
            out.append(raw)
        elif raw in _IRREGULAR:
            out.extend(_IRREGULAR[raw])
        elif raw.endswith("'s"):
            out.append(raw[:-2])
            if raw[:-2] in _IS_WORDS:
                out.append("is")
        else:
            for ending, spelled in _CONTRACTIONS.items():
                if raw.endswith(ending):
                    out.append(raw[: -len(ending)])
                    out.extend(spelled)
                    break
            else:
                out.append(raw.split("'")[0])
    return out


# Longest first, so "-arna" wins over "-a"; equally long endings cannot both match.
_SV_SUFFIXES = sorted(
    _wordset("arnas ernas ornas heten arna erna orna ande ende aste ade are ast het ar er or en")
    | _wordset("et at ad na es a e s"),
    key=lambda suffix: (-len(suffix), suffix),
)


@lru_cache(maxsize=16384)
def stem(word: str, language: str) -> str:
    """A light suffix-stripping stem, so "goals"/"goal" and "målen"/"mål" meet."""
    if language == "sv":
        for suffix in _SV_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


Phrase = frozenset[str]


def compile_phrase(phrase: str, language: str) -> Phrase:
    """The stems of a scenario phrase such as "what made you download"."""
    return frozenset(stem(w, language) for w in words_of(phrase))


# Stems of 4+ letters may match a longer word ("budget" ~ "budgeting") or a slightly
# shorter one ("write" ~ "writ", from "writing"), but not a different word that merely
# starts the same way ("time" !~ "timeline", "lead" !~ "leadership").
_MIN_PREFIX = 4  # shorter stems must match exactly: "seo", "ceo", "you"
_LONGER_BY = 4
_SHORTER_BY = 2


class WordIndex:
    """The stems of some text, and their prefixes that may stand for them."""

    __slots__ = ("exact", "prefixes")

    def __init__(self, stems: Iterable[str]) -> None:
        self.exact = frozenset(stems)
        self.prefixes = frozenset(
            s[:k] for s in self.exact for k in range(max(_MIN_PREFIX, len(s) - _LONGER_BY), len(s))
        )


class Vocabulary:
    """Every word a scenario's phrases use; finds the ones a text contains, in one pass."""

    __slots__ = ("_by_prefix", "_long", "_words")

    @property
    def words(self) -> frozenset[str]:
        """Every stem of every phrase."""
        return self._words

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._words: frozenset[str] = frozenset().union(*phrases)
        self._long = frozenset(w for w in self._words if len(w) >= _MIN_PREFIX)
        by_prefix: dict[str, set[str]] = {}
        for word in self._long:
            for k in range(max(_MIN_PREFIX, len(word) - _SHORTER_BY), len(word)):
                by_prefix.setdefault(word[:k], set()).add(word)
        self._by_prefix = {k: frozenset(v) for k, v in by_prefix.items()}

    def found_in(self, index: WordIndex) -> frozenset[str]:
        """Vocabulary words in the text, exactly or by a close prefix (see _LONGER_BY)."""
        found = (self._words & index.exact) | (self._long & index.prefixes)
        longer = [self._by_prefix[s] for s in index.exact if s in self._by_prefix]
        return found.union(*longer)


def phrase_in(phrase: Phrase, found: frozenset[str]) -> bool:
    """Whether every word of the phrase was found (in any order)."""
    return bool(phrase) and phrase <= found


_FUNCTION_WORDS = _wordset(
    """what is are was were you your yours do does did the a an of for to in on at this that
    these how why who when where which i we our me my it and or with about have has had be can
    vad är var du ni er ert era din ditt dina i på för att och det som en ett hur varför vem
    när har hade jag vi vår med om till av den de"""
)
_FUNCTION_STEMS = frozenset(stem(w, lang) for w in _FUNCTION_WORDS for lang in ("en", "sv"))


def is_function_word(stemmed: str) -> bool:
    """Whether a stem is a function word ("what", "your", "vad") rather than content."""
    return stemmed in _FUNCTION_STEMS


def specificity(phrase: Phrase) -> tuple[int, int]:
    """How specific a phrase is: its content words, then their letters ("this year" < "budget")."""
    content = [w for w in phrase if w not in _FUNCTION_STEMS]
    return len(content), sum(len(w) for w in content)


def _question_kind(
    words: Sequence[str], flat: str, ends_with_mark: bool, names: frozenset[str]
) -> QuestionKind | None:
    """Open, closed, or not a question at all, for one sentence."""
    rest = [w for w in words if w not in _FILLERS and w not in names]
    first, second = [*rest, "", ""][:2]
    if ends_with_mark and _TAGGED.search(flat):
        return "closed"  # leading: the prospect can only agree or not
    if _ASKING.search(flat):
        return "open"
    if first == "var" and second in _ASKED_OF:
        return "closed"  # Swedish "Var det du ...?" is "Was it you ...?", not "where"
    if first in _OPEN_STARTERS and second not in _EXCLAIMING:
        return "open"
    if first in _CLOSED_STARTERS and (ends_with_mark or second in _ASKED_OF):
        return "closed"
    if not ends_with_mark:
        return None
    # "So the board wants more pipeline?": a statement asked back is a yes/no question,
    # unless it asks "what/how/why" further on ("Since ..., what stops you?").
    return "open" if any(w in _WH_WORDS for w in rest) else "closed"


@dataclass(frozen=True, slots=True)
class Reading:
    """What the prospect hears in one candidate turn."""

    words: int
    question: QuestionKind | None  # the most open question in the turn, if any
    about_prospect: bool  # a question that is about the buyer ("you", "ni")
    broad: bool  # an open question about the buyer's company as a whole
    asked: WordIndex  # stems of the question sentences only
    said: WordIndex  # stems of the whole turn
    pitch: bool
    meeting: bool
    injection: bool
    slot: Slot | None = None  # a time the turn offers for a meeting
    availability: bool = False  # asks whether the prospect can talk now
    business: bool = False  # uses words of a business conversation at all
    names: frozenset[str] = frozenset()  # capitalised words, for "Is Denver where you are?"
    asked_words: tuple[str, ...] = ()  # the question sentences' words, in order
    small_talk: bool = False  # a question about the weather, sport, food ...
    kinds: frozenset[str] = frozenset()  # "goal", "trigger", "decision" (see _KINDS_OF_QUESTION)


def read_turn(text: str, language: str, names: Iterable[str] = ()) -> Reading:
    """Read a candidate turn: question kind, pitch, meeting request, injection, word stems."""
    name_set = frozenset(w for n in names for w in words_of(n))
    flats: list[str] = []
    all_terms: list[str] = []
    asked: list[str] = []
    asked_words: list[str] = []
    kinds: set[QuestionKind] = set()
    meeting = pitch = broad = availability = False
    slot: Slot | None = None
    for sentence in _SENTENCE_END.split(text.strip()):
        words = words_of(sentence)
        if not words:
            continue
        flat = " ".join(words)
        # "white paper" also reads as "whitepaper", "web site" as "website".
        terms = words + [a + b for a, b in pairwise(words)]
        all_terms.extend(terms)
        flats.append(flat)
        kind = _question_kind(words, flat, sentence.rstrip().endswith("?"), name_set)
        if kind is not None:
            kinds.add(kind)
            asked.extend(terms)
            asked_words.extend(words)
            broad = broad or (kind == "open" and bool(_BROAD.search(flat)))
        # Sentence by sentence, so "... from HubSpot. Is now a good time?" is no pitch.
        meeting = meeting or bool(_MEETING.search(flat))
        pitch = pitch or bool(_PITCH.search(flat))
        availability = availability or bool(_AVAILABILITY.search(flat))
        offered = find_slot(sentence)
        named = offered is not None and offered.day is not None and offered.hour is not None
        if (
            offered is not None
            and (named or _OFFERS_TIME.search(flat))
            and not _TELLS_PAST.search(flat)
        ):
            slot = slot or offered
            meeting = meeting or offered.hour is not None or offered.day is not None
    flat_all = " ".join(flats)
    question: QuestionKind | None = "open" if "open" in kinds else "closed" if kinds else None
    return Reading(
        words=len(text.split()),
        question=question,
        about_prospect=any(w in _ABOUT_PROSPECT for w in asked),
        broad=broad,
        asked=WordIndex(stem(w, language) for w in asked),
        said=WordIndex(stem(w, language) for w in all_terms),
        pitch=pitch,
        meeting=meeting,
        injection=_attempts_injection(text, flat_all),
        slot=slot if meeting else None,
        availability=availability,
        business=bool(_BUSINESS.search(flat_all)),
        names=frozenset(m.group(0).lower() for m in _PROPER_NOUN.finditer(text)),
        asked_words=tuple(asked_words),
        small_talk=bool(_SMALL_TALK.search(" ".join(asked_words))),
        kinds=frozenset(
            kind
            for kind, pattern in _KINDS_OF_QUESTION.items()
            if pattern.search(" ".join(asked_words))
        ),
    )


def business_word(word: str) -> bool:
    """Whether a word belongs to a business conversation ("webinars", "verktyg")."""
    return bool(_BUSINESS.match(word))


def _attempts_injection(text: str, flat: str) -> bool:
    if _INJECTION_RAW.search(text) or _INJECTION.search(flat):
        return True
    folded = fold_lookalikes(text)
    if folded != text and _attempts_injection(folded, " ".join(words_of(folded))):
        return True
    # A base64 payload is harmless to this engine, but the language model would decode it.
    return any(_attempts_injection(p, " ".join(words_of(p))) for p in hidden_payloads(text))
