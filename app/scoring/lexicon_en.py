"""English words and patterns for turn annotation."""

from __future__ import annotations

import re

from app.scoring.lexicon import Lexicon, one_boundary, word_set, words_pattern

_AUX = words_pattern(
    "do does did is are was were am can could would will have has had should shall may might must"
)
_NEG_AUX = words_pattern(
    "don't doesn't didn't isn't aren't wasn't weren't can't couldn't wouldn't won't haven't "
    "hasn't hadn't shouldn't ain't"
)
_SUBJECT = words_pattern(
    "you your ya u it this that these those there they we i he she the a an any anyone anybody "
    "anything someone somebody something everyone everybody our their his her my people folks "
    "most all"
)
_FIRST_PERSON = words_pattern(
    "we we're we've we'll we'd i i'm i've i'll i'd our ours my us hubspot"
)
_WH = words_pattern("what how why when where who whom whose which")
# Verbs that follow a wh-word as its subject: "what made you ...", "who owns ...".
_WH_VERBS = words_pattern(
    "made makes led leads brought brings prompted prompts got gets drove drives happened happens "
    "keeps kept caught catches interested interests excites excited worries worried stops stopped "
    "matters mattered changed changes triggered sparked motivated motivates prevents prevented "
    "holds held comes came goes went works worked needs needed stands stood concerns frustrates "
    "counts defines determines decides decided owns sets else about exactly specifically kind type "
    "sort part percentage share tools channels role"
)
_FILLER = words_pattern(
    "um umm uh uhh uhm erm er ah ahh hmm hm mm mhm oh so and but ok okay alright all_right right "
    "well yeah yes yep yup no nope sure great cool perfect awesome nice good excellent wonderful "
    "fantastic got_it gotcha i_see i_hear_you understood interesting thanks thank_you "
    "fair_enough makes_sense that_makes_sense like also now hey hi hello anyway then just "
    "actually basically you_know i_mean listen look see lovely brilliant amazing wow true "
    "totally absolutely definitely exactly of_course no_worries no_problem hang_on hold_on "
    "wait quick_question"
)
_PROMPT_VERBS = (
    r"tell|walk\s+me|talk\s+me\s+through|talk\s+(?:to\s+me\s+)?about|take\s+me\s+through|"
    r"run\s+me\s+through|describe|explain|elaborate|help\s+me\s+understand|paint|expand|"
    r"say\s+more|go\s+(?:through|over)|outline|break\s+(?:it\s+)?down|fill\s+me\s+in|"
    r"share\s+(?:more|a\s+bit|a\s+little|how|what|why|about|your\s+(?:thoughts|perspective|"
    r"view|experience|take)|some\s+(?:context|background))|give\s+me\s+(?:a\s+sense|an\s+idea|"
    r"a\s+picture|an\s+overview|a\s+feel|some\s+(?:context|background)|a\s+rundown|"
    r"a\s+quick\s+overview|the\s+background)"
)

_COURTESY = (
    # Small talk only when nothing follows but a time or a name: "how are you handling it" asks.
    r"(?:how\s+(?:are|r)\s+(?:you|ya|u|things)|how(?:'s|\s+is)\s+(?:it\s+going|everything|life|"
    r"things|your\s+(?:day|week|morning|afternoon|monday|friday))|how\s+have\s+you\s+been|"
    r"how\s+(?:are\s+)?you\s+doing|how\s+do\s+you\s+do)(?:\s+(?:doing|today|going|keeping|"
    r"so\s+far|this\s+(?:morning|afternoon|week)))*(?:\s+(?!\w+ing\b)\w+)?\s*$|"
    r"is\s+(?:now|this|it)\s+(?:still\s+)?(?:a\s+)?(?:good|bad|ok|okay|convenient|fine|alright)"
    r"(?:\s+time)?|is\s+now\s+(?:ok|okay|good|alright)|(?:can|could|would)\s+you\s+(?:please\s+)?"
    r"(?:repeat|say\s+that\s+again)|come\s+again|pardon|did\s+i\s+catch\s+"
    r"you|have\s+i\s+caught\s+you|(?:do|would)\s+you\s+have\s+(?:a|one|two|five|ten|\d+|a\s+few|a\s+"
    r"couple(?:\s+of)?|some|got\s+a)\s+(?:quick\s+)?(?:minutes?|moments?|seconds?|secs?|mins?)|"
    r"(?:have\s+you\s+)?got\s+(?:a|a\s+few|a\s+couple(?:\s+of)?|five|two)\s+(?:minutes?|moments?|"
    r"seconds?|secs?|mins?)|can\s+you\s+hear\s+me|(?:can|could|may)\s+i\s+(?:ask|grab|have|get|"
    r"take)\s+(?:you\s+)?(?:a|a\s+few|some|a\s+couple(?:\s+of)?|two|five|ten)\s+(?:quick\s+)?"
    r"(?:questions?|minutes?|moments?)|(?:do|would)\s+you\s+mind\s+if\s+i|mind\s+if\s+i|(?:is|would)"
    r"\s+(?:it|that)\s+be\s+(?:ok|okay|alright|all\s+right|fine)|is\s+it\s+(?:ok|okay|alright|all\s+"
    r"right|fine)\s+(?:if|to)|does\s+that\s+(?:make\s+sense|sound\s+(?:good|ok|okay|fair|right)|"
    r"work(?:\s+for\s+you)?)|how\s+(?:does|do|did)\s+(?:that|this|it)\s+sound|how'?s\s+that\s+"
    r"sound|makes?\s+sense|sounds?\s+(?:good|ok|okay|fair|great)|is\s+that\s+(?:ok|"
    r"okay|alright|fine)|are\s+you\s+(?:still\s+)?there|you\s+there|am\s+i\s+speaking\s+(?:to|with)|"
    r"is\s+this\s+\w+(?:\s+\w+)?\s+speaking|can\s+i\s+call\s+you\s+\w+|(?:ok|okay|fair|alright)$"
)
_RHETORICAL = (
    r"(?:and\s+)?guess\s+what|want\s+to\s+(?:know|hear)\s+(?:the\s+best\s+part|why|what|how|a\s+"
    r"secret|something)|you\s+know\s+what|know\s+what|how\s+(?:cool|great|awesome|amazing)\s+is\s+"
    r"that|isn't\s+that\s+(?:great|amazing|cool|awesome|incredible|something)|who\s+(?:doesn't|"
    r"wouldn't|does\s+not|would\s+not)|the\s+(?:result|best\s+part|answer|kicker|bottom\s+line|"
    r"secret)|what(?:'s|\s+is)\s+the\s+(?:catch|secret|result|best\s+part|kicker)|"
    r"and\s+the\s+best\s+part|ready\s+for\s+this|can\s+you\s+believe"
)
_ANSWER_LEAD = (
    r"(?:because|simple|easy|well\s*,|it\s+means|that\s+means|this\s+means|the\s+answer|here'?s\s+"
    r"(?:how|why|what|the\s+thing)|let\s+me\s+(?:tell|explain|show)|i'?ll\s+tell\s+you|that'?s\s+"
    r"(?:where|why|how)\s+(?:we|hubspot|our)|exactly|yes|yep|nope|of\s+course|absolutely|"
    r"(?:we|hubspot|our\s+\w+)\s+(?:help|helps|can|do|does|make|makes|let|lets|will)\b)"
)


def _searched(pattern: str) -> re.Pattern[str]:
    """Compile a pattern that is searched through whole sentences (see one_boundary)."""
    return _c(one_boundary(pattern))


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


ENGLISH = Lexicon(
    code="en",
    filler=_c(rf"(?:(?:{_FILLER})\b[\s,.!-]*)+"),
    fronting=frozenset(),
    about_prospect=_c(
        r"\byou(?:'d|'re|\s+would|\s+are)?\s+(?:\w+\s+)?(?:need|want|agree|should|must|have\s+to|"
        r"like|love|see|feel|think|know|deserve)\b"
    ),
    courtesy=_c(rf"(?:{_COURTESY})\b"),
    rhetorical=_c(rf"(?:{_RHETORICAL})\b"),
    answer_lead=_c(_ANSWER_LEAD),
    open_prompt=_c(
        rf"(?:(?:can|could|would|will)\s+(?:you|ya|u)\s+(?:please\s+)?(?:{_PROMPT_VERBS})\b|"
        rf"(?:would|do)\s+you\s+mind\s+(?:telling|walking|sharing|explaining|describing|talking|"
        rf"running|taking|going|giving|expanding)|please\s+(?:{_PROMPT_VERBS})\b|"
        rf"tell\s+me|walk\s+me|talk\s+me|take\s+me\s+through|run\s+me\s+through|describe|explain|"
        rf"elaborate|help\s+me\s+(?:understand|see|get|picture)|share\s+(?:with\s+me|a\s+bit|a\s+"
        rf"little|more|about|what|how|why)|give\s+me\s+(?:a\s+sense|an\s+idea|a\s+picture|an\s+"
        rf"overview|a\s+feel|some\s+(?:context|background|colou?r)|a\s+rundown|the\s+background|a\s+"
        rf"quick\s+overview)|paint\s+(?:me\s+)?a\s+picture|say\s+more|expand\s+on|go\s+on|"
        rf"fill\s+me\s+in|break\s+(?:it\s+)?down|i'?d\s+(?:love|like|rather|be\s+keen|be\s+interested)\s+"
        rf"(?:to\s+)?(?:hear|know|understand|learn|get\s+a\s+sense|find\s+out|dig|unpack|explore|get\s+"
        rf"your\s+take)|i\s+would\s+(?:love|like)\s+to\s+(?:hear|know|understand|learn|find\s+out)|"
        rf"i'?m\s+(?:curious|interested\s+in|interested\s+to|wondering|keen\s+to)|i\s+(?:wonder|was\s+"
        rf"wondering|am\s+wondering|am\s+curious|was\s+curious)|curious,?\s+(?:about|what|how|why|to|where|who|when)|keen\s+to\s+(?:hear|understand|know|learn)|"
        rf"(?:would\s+)?love\s+to\s+(?:hear|know|understand|learn)|talk\s+to\s+me\s+about|"
        rf"i\s+want\s+to\s+(?:understand|hear|learn)|i'?d\s+be\s+curious|what\s+about|how\s+about\s+"
        rf"you(?:rself)?\b|(?:(?:do|would)\s+you\s+mind\s+(?:me\s+|if\s+i\s+)?ask(?:ing)?|(?:can|"
        rf"could|may|might)\s+i\s+ask(?:\s+you)?|mind\s+if\s+i\s+ask|if\s+i\s+(?:may|can)\s+ask)"
        rf"(?:\s+\w+){{0,2}}?\s+(?={_WH}\b))"
    ),
    prompt_yes_no=_c(r"(?:\w+\s+){0,4}?(?:if|whether)\b"),
    wh_question=_c(rf"(?:{_WH})(?:'s|'re|'d|'ll)?\b"),
    wh_statement=_c(
        rf"(?:{_WH})\s+(?:(?:many|much)\s+(?:\w+\s+)?)?(?:{_FIRST_PERSON})\b|what\s+a\b|"
        r"how\s+(?:great|nice|cool|interesting|exciting|awesome|fantastic|wonderful|lovely|fun|"
        r"funny|true|kind|brilliant|amazing)\b(?!\s+(?:is|was|would|are|do|does))"
    ),
    wh_strict=_c(
        rf"(?:what|how|why|when|where|who)(?:'s|'re|'d)\b|"
        rf"(?:what|how|why|when|where|who)\s+(?!(?:we|i|our|my|us|you|your|they|their|it|he|"
        rf"she|this|that|these|those|hubspot|a|an)\b)(?:(?:\w+\s+){{0,3}}?(?:{_AUX})\b|"
        rf"(?:{_WH_VERBS})\b)|how\s+(?:many|much|long|often|soon|far|big|quickly|fast|important|"
        rf"well|come|so|exactly)\b|why\s+not\b|who\s+(?!(?:we|i|you|they|it|he|she)\b)\w+|"
        rf"which\s+(?:one|ones|of)\b"
    ),
    closed_start=_c(
        rf"(?:{_AUX})\s+(?:not\s+)?(?:{_SUBJECT})\b|any\s+(?:chance|idea|plans?)\b|"
        # Speech drops the auxiliary: "you still on salesforce", "you guys using a crm".
        r"(?:you|ya|u)(?:\s+guys)?\s+(?:still\s+|already\s+|currently\s+|ever\s+)?(?:on|using|"
        r"running|familiar|happy|open|free|looking|thinking|planning)\b(?:\s+\S+){0,5}$"
    ),
    closed_loose=_c(rf"(?:{_AUX}|any|anything|anyone|anybody)\b"),
    proposal=_c(
        r"how\s+about\b(?!\s+you(?:rself)?\b)|why\s+don'?t\s+(?:we|i)\b|what\s+if\s+(?:we|i)\b|"
        r"shall\s+we\b|what\s+say\s+we\b"
    ),
    negative_start=_c(rf"(?:{_NEG_AUX})\s+(?:{_SUBJECT})\b"),
    assumptive=_c(
        r"(?:so\s+)?we(?:'re|\s+are)\s+(?:all\s+|both\s+)?(?:agreed|aligned|on\s+the\s+same\s+page)\b|"
        r"(?:so\s+)?we\s+(?:both\s+|all\s+)?agree\s+(?:that|on)\b|so\s+you'?d\s+(?:want|need|agree|"
        r"like)\b(?=.*\b(?:sooner|right|now|asap|quickly|fix|solve)\b)"
    ),
    fronted_question=_c(r"(?!x)x"),
    leading=_searched(
        r"\b(?:don'?t|do\s+not)\s+you\s+(?:think|agree|feel|believe|want|need|see|find)\b|"
        r"\bwouldn'?t\s+(?:you|it|that)\b|\b(?:would|do|don'?t)\s+you\s+(?:not\s+)?agree\b|"
        r"\bisn'?t\s+(?:it|that)\s+(?:true|fair|obvious|clear|right|time)\b|\bsurely\b|"
        r"\byou'?d\s+(?:agree|say)\b|\byou\s+would\s+agree\b|\bwe\s+(?:can|could|'?d\s+both)\s+agree\b|"
        r"\bhow\s+(?:great|amazing|awesome|nice|cool|good|much\s+better)\s+would\s+(?:it|that)\s+be\b|"
        r"\bi'?m\s+(?:sure|certain)\s+you\b|\b(?:obviously|clearly|of\s+course)\s+you\b|"
        r"\byou\s+must\s+(?:be|have|want|feel|agree|see)\b|\bwhat\s+if\s+you\s+could\b|"
        r"\bimagine\s+(?:if|being\s+able|how|what)\b|\bby\s+not\s+(?:using|having|investing|"
        r"switching|adopting|doing|getting|moving)\b|\bwithout\s+(?:using|adopting|switching\s+to|"
        r"investing\s+in)\s+(?:inbound|hubspot|our|a\s+proper|proper)\b|\bhow\s+much\s+(?:\w+\s+){0,3}"
        r"(?:are|is|have)\s+(?:you|your\s+\w+)\s+(?:been\s+)?(?:losing|wasting|leaving|missing|"
        r"throwing|burning|lost|wasted|missed)\b|\bwhy\s+(?:haven'?t|wouldn'?t|don'?t|aren'?t|"
        r"won'?t|isn'?t|hasn'?t)\s+(?:you|your)\s+\w+\s+\w+|\bright\s+way\s+to\s+go\b|"
        r"\bwho\s+wouldn'?t\s+want\b|\bthe\s+(?:obvious|best|smart)\s+(?:choice|move|option)\b|"
        r"\b(?:money|cash|budget)\s+(?:you're|you\s+are|your\s+\w+\s+(?:is|are))\s+(?:wasting|"
        r"burning|losing|throwing)\b|"
        # Premises the seller slips in: "since it clearly isn't working", "burning money".
        r"\b(?:clearly|obviously)\b|\b(?:wasting|burning|throwing\s+away|bleeding|losing|"
        r"leaving)\s+(?:\w+\s+)?(?:money|cash)\b|\bcan\s+you\s+(?:really\s+)?afford\s+to\s+"
        r"(?:keep|wait|ignore|lose|miss)\b|\bhow\s+much\s+longer\b|\bcost(?:ing|s)?\s+(?:you\s+)?"
        r"(?:\w+\s+){0,2}?(?:to\s+wait|by\s+waiting|to\s+do\s+nothing|every\s+(?:day|week|month))\b|"
        r"\bcost\s+of\s+(?:waiting|inaction|doing\s+nothing)\b|"
        # Loaded premises and assumed feelings: "given how much you're losing, why would you
        # wait?", "I imagine that's frustrating?", "that must be a pain".
        r"\bgiven\s+how\s+(?:much|many|bad|badly|long)\b|\bwhy\s+would\s+(?:you|anyone)\s+"
        r"(?:wait|hold\s+off|delay|put\s+(?:it|this)\s+off|not)\b|\bevery\s+(?:day|week|month|quarter)"
        r"\s+(?:that\s+)?you\s+(?:don't|do\s+not|wait|delay|put)\b|\bsooner\s+rather\s+than\s+later\b|"
        r"\bi\s+(?:imagine|bet|assume)\s+(?:that's|that\s+is|that\s+was|it's|it\s+is|that\s+must|"
        r"you're|you\s+are|you've|you'd)\b|\b(?:that|it|this)\s+must\s+(?:be|have\s+been)\s+(?:a\s+|so\s+"
        r"|really\s+)?(?:pain|painful|frustrating|annoying|hard|tough|costly|expensive|stressful|"
        r"exhausting|difficult|a\s+nightmare|awful|draining)\b|\bisn'?t\s+that\s+so\b|"
        # A feeling or a cost put in the prospect's mouth, asked with a "?": "I imagine that put
        # you in a tough spot?", "that's got to sting?", "and that's costing you deals, I'd guess?"
        r"\bi(?:'d)?\s+(?:imagine|bet|assume)\b|\b(?:that|it|this)(?:'s|\s+is|\s+has)?\s+"
        r"(?:got\s+to|gotta|has\s+to|must)\s+(?:be|have|sting|hurt|feel|cost|make|put|drive|"
        r"keep|hurt|eat)\b|,\s*i'?d\s+(?:guess|imagine|say|think)\s*$"
    ),
    tag=_c(
        r"(?:,\s*(?:right|correct|yeah|yes|no|agreed|true|fair|huh|eh|yeah\s+right|am\s+i\s+right|"
        r"i\s+(?:imagine|guess|suppose|bet|assume|take\s+it)|i'm\s+sure|i'd\s+think|"
        r"(?:would|will|do|does|did|are|is|can|could|have|has)\s+(?:you|it|they|we|he|she))|"
        rf"(?:,\s*|\s)(?:(?:{_NEG_AUX})\s+(?:you|it|they|we|he|she|i|that|there|this)(?:\s+"
        rf"(?:think|agree|say|so|right|true))?|is\s+it\s+not|am\s+i\s+right)|"
        r"(?<!that's)(?<!thats)(?<!you're)(?<!all)(?<!it's)(?<!exactly)(?<!is)(?<!that)(?<!just)"
        r"(?<!do\sit)(?<!get\sit)(?<!got\sit)(?<!done)(?<!quite)\s+right|\s+yeah)\s*[?.!]*$"
    ),
    choice=_c(
        r"(?:^which\b.*|[,:]\s*(?:\w+\s+){0,5}?|\b(?:is\s+it|more|rather)\s+(?:\w+\s+){0,4}?)"
        r"\w+(?:\s+\w+)?\s+or\s+(?!not\b|so\b|something\b|anything\b|whatever\b|what\b|otherwise\b|"
        r"how\b|why\b|who\b|where\b|when\b|is\b|are\b|do\b|does\b|did\b|would\b|will\b|can\b|"
        r"has\b|have\b|had\b|was\b|were\b|could\b|should\b)\w+"
    ),
    choice_tail=_c(r"\bor\s+(?:not|what)?\s*\?+$"),
    filler_tail=_c(r",?\s*(?:you\s+know|know\s+what\s+i\s+mean|if\s+that\s+makes\s+sense)\s*\?*$"),
    filler_tail_words=("know", "mean", "sense"),
    claim_tag=_c(r"(?!x)x"),
    tag_ends=word_set(
        "right correct yeah yes no agreed true fair huh eh it you they we he she that so not "
        "think agree say imagine guess suppose bet assume sure"
    ),
    clause_question=_c(
        rf"(?:[,:]|(?<=\s)[-–—]+)\s*(?=(?:(?:and|so|but|then|also|now|ok|okay|well)\s+)?"
        # After a comma "which" and "who" start relative clauses ("our tool, which is free").
        rf"(?:(?:what|how|why|when|where)(?:'s|'re)?\s+(?!(?:we|i|our|my|us|hubspot|a)\b)"
        rf"(?:(?:\w+\s+){{0,3}}?(?:{_AUX})\b|(?:{_WH_VERBS})\b|\w+\s*\?)|who\s+else\b|"
        rf"(?:what|how|why|when|where|who)(?:'s|'re)\b|how\s+(?:many|much|long|often|soon|come|so)\b|"
        rf"(?:{_AUX})\s+(?:{_SUBJECT})\b(?!(?:\s+(?:think|reckon|say|suppose|agree))?\s*[?.!]*$)|"
        rf"(?:{_NEG_AUX})\s+(?:you|it|that|we|they)\b(?!\s*[?.!]*$)|tell\s+me\b|walk\s+me\b|"
        rf"talk\s+me\b|i(?:'?d|\s+would)\s+(?:really\s+)?(?:love|like|rather|be\s+curious)\s+(?:to\s+)?"
        rf"(?:hear|know|understand|learn)\b|i(?:'?m|\s+am)\s+(?:really\s+|just\s+)?curious\b|"
        rf"help\s+me\s+understand\b|(?:can|could|would)\s+you\s+(?:{_PROMPT_VERBS})\b))"
    ),
    inline_question=_c(
        r"(?<=\s)(?:(?:what|how|why|when|where|who)(?:'s|'re)\s|(?:what|how|why|when|where|who)\s+"
        r"(?!(?:we|i|our|my|us|you|your|they|it|he|she|this|that|hubspot|a|an)\b)(?:(?:\w+\s+){0,2}?"
        r"(?:is|are|do|does|did|would|will|can|could|should|has|have)\s+(?:you|your|the|it|that|this|"
        r"they|we|there)\b|(?:made|led|brought|prompted|got|drove|happened|happens|keeps|caught)\s+"
        r"(?:you|your)\b)|who\s+(?:would|will|is|does|else|owns|decides|makes|writes)\b|"
        r"(?:would|does|is|could|will)\s+(?:it|that|this)\s+(?:make|sound|work|help|be)\b|"
        r"(?:can|could|may|shall|should)\s+(?:i|we)\s+(?!know\b)\w+|"
        r"how\s+(?:many|much|long|often)\s+(?:\w+\s+){0,3}?(?:do|does|did|are|is|"
        r"would|will|can|have)\s+(?:you|your|the|they|we)\b|(?:do|does|did|are|have|has|can|could|"
        r"would|will|should)\s+you\b(?!\s*(?:know|see|mean)\b)(?!\s*[?.!]*$))"
    ),
    verb_subject=None,
    finite_clause=None,
    subordinator=None,
    blank=_c(r"\b(?:is|are|was|were|would\s+be|will\s+be)$"),
    no_split_after=word_set(
        "know knows knew see sees saw understand understood hear heard learn learned wonder "
        "wondering curious tell telling ask asking asked explain explaining show showing about on "
        "of to is was that's thats exactly matter matters care imagine decide figure out "
        "discuss like love for from at in into by with you me us them him her if whether what "
        "how why when where who which regardless no remember guess sure unsure idea question "
        "realize realise notice noticed shows showed find found determine depends depend upon "
        "clear unclear than as or describe describing share sharing depending based i we they "
        "it he she your our their my do does did are can could would will should have has "
        "just really"
    ),
    subjects=word_set("you i we they he she it there someone anyone people"),
    verbs=word_set(
        "is are was were am be been being do does did have has had can could would will should "
        "shall may might must use uses used using want wants need needs think know get gets go "
        "goes make makes run runs work works see look feel plan plans handle generate measure "
        "track sell buy grow hire manage spend say said mean like love hope expect try help take "
        "come bring own decide set report happen happens matter matters cost costs"
    ),
    stopwords=word_set(
        "a an the and or but so if then than that this these those there here it its it's is are "
        "was were be been being am do does did doing done have has had having can could would "
        "will shall should may might must to of in on at by for from with about into over under "
        "up down out off as not no yes yeah i me my mine we us our ours you your yours he him his "
        "she her they them their what which who whom whose when where why how all any some each "
        "every more most much many few very just really also too only even still now then again "
        "well okay ok um uh like oh hey hi hello thanks thank please sure right great good cool "
        "get got go going know think thing things lot bit kind sort something anything tell "
        "say said mean let let's i'm i've i'd i'll you're you've you'd you'll we're we've we'll "
        "don't doesn't didn't isn't aren't wasn't can't won't wouldn't that's what's there's "
        "it's how's who's one would could make made take want"
    ),
    generic=word_set(
        "goal challenge priority problem pain point business company team process plan year "
        "quarter month week today time current work look help call whitepaper role day "
        "marketing sale success main biggest top typical"
    ),
    function_words=word_set(
        "the and you your is are what how do does we our to of in that it for with this have "
        "about can would why when who which i me my be was were not but so if they their there "
        "at on"
    ),
    seller=_searched(
        r"\b(?:we|we've|we're|we'll|we'd)\s+(?:also\s+|actually\s+|really\s+)?(?:help|helped|helps|"
        r"offer|offered|provide|provided|work\s+with|specialize|specialise|serve|built|build|sell|"
        r"enable|empower|deliver|partner|integrate|launched|released|guarantee|support|automate|"
        r"have\s+(?:a|an|the|over|more|thousands|hundreds|customers|clients|tools?|features?|"
        r"integrations?)|are\s+(?:the|a|an|known|trusted|rated|leading|number|#)|(?<=we're\s)"
        r"(?:the|a|an|known|trusted|rated|leading)|were\s+(?:founded|named|rated|recognized|"
        r"recognised)|can\s+(?:help|show|offer|give|provide|get\s+you|double|increase|boost|"
        r"improve|automate|integrate|save|make))\b|\bour\s+(?:[\w-]+[\s-]+){0,3}?(?:platform|product|products|"
        r"software|tool|tools|solution|solutions|crm|customers|clients|users|features?|pricing|"
        r"plans|company|services?|suite|hub|system|technology|tech|app|integrations?|offering|"
        r"methodology|results|partners?|onboarding|experts?|consultants?|academy|certification|"
        r"templates?|dashboards?|automation|workflows?|analytics|packages?|tiers?|editor|hubs?|"
        r"modules?|own\s+marketing|starter|professional|enterprise|support|service|engineers|reps|"
        r"customer\s+success)\b|\bhubspot(?:'s)?\s+(?:is|has|"
        r"helps|offers|provides|lets|allows|enables|does|can|will|gives|makes|integrates|includes|"
        r"comes|tools?|platform|crm|software|customers|users|marketing\s+hub|sales\s+hub|academy)\b|"
        r"\b(?:using|through|via)\s+hubspot\b|\bwith\s+"
        r"hubspot(?:'s)?,?\s+(?:you|your|teams|companies|platform|tools?|crm)\b|"
        r"\bhubspot\s+(?!\w+ing\b)\w+s\b|\bwe\s+do\s+(?:marketing|sales|service|software|crm|"
        r"inbound|everything|it\s+all|all\s+of)\b|"
        r"\b(?:hubspot|our)\s+(?:customers|users|clients)\b|\bat\s+hubspot\b|\bthe\s+platform\s+"
        r"(?:is|has|does|was|lets|gives|includes)\b|\b(?:we|we've)\s+(?:\w+ly\s+)?(?:invented|"
        r"pioneered|created|coined|wrote|founded|developed|designed)\b|\b(?:this|here)\s+is\s+"
        r"(?:the|our)\s+(?:\w+\s+)?(?:dashboard|builder|tool|platform|feature|module|editor|"
        r"report|view|screen|inbox|app)\b|\bover\s+here\s+(?:is|you)\b|\b(?:show|walk)\s+you\s+"
        r"(?:through\s+)?(?:the|our|a\s+demo|how\s+(?:our|the|hubspot))\b|\bshare\s+my\s+screen\b|"
        r"\b(?:it|this|that|the\s+(?:platform|tool|"
        r"software|product|system|crm|app))\s+(?:lets|allows|enables|helps|gives|will\s+help|can\s+"
        r"help|automates|integrates)\s+(?:you|your)\b|\b(?:companies|businesses|teams|customers|"
        r"clients|firms|organi[sz]ations)\s+(?:just\s+)?like\s+(?:yours|you)\b|"
        r"\b(?:companies|customers|clients|teams|businesses)\s+we\s+(?:work\s+with|talk\s+to|help|serve)\b|"
        r"\b(?:let\s+me|i'?ll|i\s+want\s+to|allow\s+me\s+to)\s+(?:first\s+)?(?:tell|give)\s+you\s+(?:a\s+"
        r"(?:bit|little)|some\s+background|an\s+overview|a\s+quick\s+overview)\s+(?:about|on|of)\s+"
        r"(?:hubspot|us|our|the\s+company|who\s+we\s+are|what\s+we\s+do)\b|"
        # Company news: "we just raised a series c", "we're growing fast", "we doubled revenue".
        r"\b(?:we|we've|we're)\s+(?:just\s+|recently\s+|also\s+)?(?:raised|closed\s+(?:a|our)|grew|"
        r"doubled|tripled|expanded|acquired|won|growing|hiring|opened)\b|\bseries\s+[a-f]\b|"
        r"\bfunding\s+round\b|"
        # A feature tour: "the dashboard updates in real time", "you can filter by rep".
        r"\bthe\s+(?:dashboard|platform|editor|builder|module|app|reporting|workflows?|"
        r"integrations?|chatbot|templates?)\s+(?!\w+ing\b|(?:is|was|has|does|seems|looks|sounds)\b)"
        r"(?:also\s+)?\w+s\b|\byou\s+(?:can|could|'ll\s+be"
        r"\s+able\s+to)\s+(?:also\s+|even\s+|easily\s+|then\s+)?(?:filter|export|drag|build|set\s+up|"
        r"automate|schedule|customi[sz]e|create|track|integrate|sync|import|personali[sz]e|segment|"
        r"trigger|embed|publish|plug)\b|\byou(?:'d|'ll|\s+would|\s+will)\s+(?:also\s+)?(?:get|have|"
        r"see)\s+(?:a|an|the|our|full|real[- ]time|instant|automatic|unlimited)\s+"
        r"(?!(?:calendar\s+)?invite\b)\w+|\b(?:with|using|through|via|thanks\s+to)\s+our\s+[\w-]+|"
        r"\byou(?:'d|'ll|\s+would|\s+will)\s+(?:also\s+)?get\s+[^,.?]*,[^,.?]*,|\bwith\s+(?:marketing|"
        r"sales|service|content|operations)\s+hub\b|"
        # A rhetorical set-up about us: "what makes us different?", "why choose us?".
        r"\bwhat\s+(?:makes|sets)\s+us\s+(?:different|special|unique|better|apart)\b|"
        r"\bwhy\s+(?:choose|pick|go\s+with)\s+us\b|"
        # Case stories: "a client of ours", "we had a customer who ...".
        r"\b(?:a|one|another)\s+(?:client|customer)\s+of\s+(?:ours|mine)\b|\bwe\s+(?:had|have|"
        r"worked\s+with)\s+(?:a|one)\s+(?:client|customer|company)\s+(?:who|that|which|in|like)\b|"
        # Running down the competition.
        r"\bunlike\s+(?:salesforce|mailchimp|marketo|pipedrive|zoho|the\s+others|other\s+(?:tools|"
        r"vendors|platforms|crms)|most\s+(?:tools|vendors|platforms|crms)|our\s+competitors|them)\b|"
        r"\b(?:salesforce|mailchimp|marketo|pipedrive|zoho|competitors|other\s+(?:tools|vendors|"
        r"platforms))\s+(?:is|are)\s+(?:so\s+|really\s+|just\s+)?(?:clunky|outdated|overpriced|"
        r"bloated|expensive|complicated|a\s+nightmare|old|slow|terrible|awful)\b|"
        r"\b(?:salesforce|mailchimp|marketo|pipedrive|zoho|competitors|other\s+(?:tools|vendors|"
        r"platforms))\s+(?:is|are)\s+(?:really\s+|honestly\s+|basically\s+)?(?:just|only)\b|"
        r"\byou(?:'ll|\s+will)?\s+outgrow\b"
    ),
    selling=_searched(
        r"\b(?:leading|market[- ]leading|industry[- ]leading|world[- ]class|best[- ]in[- ]class|"
        r"award[- ]winning|all[- ]in[- ]one|number\s+one|top[- ]rated|cutting[- ]edge|"
        r"state[- ]of[- ]the[- ]art|game[- ]chang(?:er|ing)|seamless(?:ly)?|powerful|robust|"
        r"easy[- ]to[- ]use|user[- ]friendly|turnkey|revolutionary|unique|proven|"
        r"best[- ]of[- ]breed|market\s+leaders?|industry\s+leaders?|free\s+(?:crm|tools?|plan|"
        r"version|forever)|(?:is|are|we're)\s+the\s+best|(?:great|perfect|ideal)\s+fit|(?:makes?|made)\s+"
        r"(?:it|that|this|everything)\s+(?:\w+\s+)?(?:easy|simple|effortless|painless)|(?:it's|it\s+is)\s+"
        r"(?:really|super|so|very|incredibly)\s+(?:easy|simple|intuitive|powerful))\b|"
        r"\b(?:\d[\d,.]*\s*(?:k|\+)?|thousand|hundred|"
        r"million|thousands\s+of|hundreds\s+of|millions\s+of|tons\s+of|lots\s+of|a\s+lot\s+of)\s*"
        r"(?:customers|"
        r"clients|companies|businesses|users)\b|\bbest\s+(?:\w+\s+){0,3}in\s+the\s+(?:industry|"
        r"market|business|world)\b|"
        r"\b(?:roi|return\s+on\s+investment|case\s+stud(?:y|ies)|free\s+trial|discount|"
        r"testimonials?|success\s+stor(?:y|ies))\b|\b(?:double|triple|increase|boost|grow|improve|"
        r"skyrocket|transform|supercharge|maximi[sz]e|10x|2x|3x)\s+(?:your|their)\s+\w+|"
        r"#1|\b\d+(?:\.\d+)?\s*(?:%|percent|x|times|fold)\s+(?:more|higher|faster|better|increase|"
        r"growth|lift|roi)\b|\bour\s+customers\s+(?:see|get|typically|usually|have|report|love|"
        r"achieve|saw|grew|rave)\b|"
        r"(?<!your\s)(?<!their\s)\b(?:customers|clients|users)\s+(?:typically\s+|usually\s+|"
        r"often\s+)?(?:see|saw|get|report|"
        r"achieve|save|double|triple)\s+(?:\w+\s+)?(?:\d|more|higher|twice|double|triple|up\s+to)|"
        r"\b\d+(?:\.\d+)?x\b|(?:(?<=helped\s)|(?<=\bhelp\s)|(?<=serve\s)|(?<=served\s)|(?<=with\s)|"
        r"(?<=\bby\s))(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?(?:\d[\d,.]*\+?|\w+\s+(?:hundred|"
        r"thousand|million)|hundreds|thousands|millions)\s+(?:of\s+)?[\w-]+s\b|"
        r"\b\d[\d,.]*\+?\s+(?:integrations|"
        r"templates|apps|features|partners|countries|employees|reviews|five[- ]star)\b|"
        r"\b(?:drop|drops|fall|falls|cut|cuts|reduce|reduces|rise|rises|"
        r"grow|grows|increase|increases|go\s+up|goes\s+up|go\s+down|goes\s+down)\s+by\s+(?:a\s+third|"
        r"half|a\s+quarter|\d+|\w+\s+percent)|\bout\s+of\s+the\s+box\b|"
        r"\bevery\s+major\s+(?:crm|platform|tool|system|app|integration|cms)s?\b|"
        r"\b(?:cuts?|slash(?:es|ed)?|halve[sd]?)\s+(?:\w+\s+){0,4}?in\s+half\b|"
        r"\bplug[- ]and[- ]play\b|\bin\s+good\s+hands\b|\bno[- ]code\b|\bthe\s+best\s+part\b|"
        r"\bin\s+under\s+(?:a|an|\d+|one|two|five|ten)\s+(?:minute|minutes|hour|hours|day|days|"
        r"seconds?)\b|"
        # Results, offers and launches: "they usually see results in six months", "cut their
        # cost per lead by half", "a special offer that saves you 20%", "we just launched".
        r"\b(?:they|customers|clients|companies|businesses|teams|users|you'll|you\s+will)\s+"
        r"(?:\w+\s+)?(?:see|saw|get|got)\s+(?:real\s+|great\s+|strong\s+)?results\b|"
        r"\b(?:cuts?|slash(?:es|ed)?|halve[sd]?|reduced?|reduces|lowers?|lowered)\s+(?:\w+\s+){0,5}?"
        r"by\s+(?:half|a\s+third|a\s+quarter|\d+\s*(?:%|percent))|"
        r"\b(?:special|exclusive|limited[- ]time|introductory)\s+(?:offer|deal|price|pricing|"
        r"discount|package)\b|\bsaves?\s+you\b|\bwould\s+solve\b|"
        r"\bwe\s+(?:just\s+|recently\s+)?(?:launched|released|shipped|rolled\s+out)\b"
    ),
    self_talk=_searched(
        r"\bi'?ve\s+(?:always\s+)?(?:been\s+(?:in|a|an|the|at|with|on|selling|working|doing)|worked|"
        r"sold|managed|led|carried|exceeded|hit|closed|spent|built)\b|\bi\s+have\s+(?:\w+\s+)?years?\b|"
        r"\bfor\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s+years\b|"
        r"\bi\s+(?:ran|led|managed|built|sold|founded|started|grew)\s+(?:\w+\s+){0,3}?(?:at|for|"
        r"team|teams|sales|marketing|demand|a|an|the|my)\b|\bi\s+know\s+(?:this|the)\s+(?:space|"
        r"industry|market|business)\b|\babout\s+(?:myself|me\s+first)\b|"
        r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s+years?\s+"
        r"(?:of\s+)?(?:experience|in\s+sales|selling|in\s+the\s+industry)\b|\bmy\s+(?:background|"
        r"career|experience|track\s+record|resume|cv|previous\s+(?:role|job)|last\s+(?:role|job)|"
        r"quota|numbers)\b|\bbefore\s+(?:joining|hubspot|this|that)\b.*\bi\b|\bi\s+(?:worked|was)\s+"
        r"(?:at|for|a|an|the\s+top)\b|\bi'?m\s+(?:passionate|a\s+(?:top|high|strong|natural|"
        r"proven|great)|known\s+for|really\s+good\s+at)\b|\bi\s+(?:love|enjoy)\s+(?:selling|sales|"
        r"helping|working|building)\b|\bi\s+(?:studied|graduated|majored)\b|\bi\s+started\s+(?:my\s+"
        r"career|out|in)\b|\bi\s+(?:exceeded|crushed|hit|beat|smashed)\s+(?:my\s+)?(?:quota|"
        r"target)|\bpresident'?s\s+club\b|\b(?:background|bit|little)\s+(?:on|about)\s+(?:me|myself)\b|"
        r"\bi\s+used\s+to\s+(?:run|work|be|sell|lead|manage|head|own)\b|\bi\s+lived\s+this\b|"
        r"\bi'?ve\s+(?:personally\s+)?(?:closed|sold|hit|exceeded|won)\b"
    ),
    seller_anchors=word_set(
        "we we've we're we'll we'd our hubspot hubspot's lets allows enables helps gives help "
        "automates integrates like platform here show walk share dashboard builder editor module "
        "feature inbox screen raised closed grew doubled tripled expanded acquired won growing "
        "hiring opened series funding the can could you'd you'll would will with using through "
        "via thanks us what why ours mine had have worked unlike salesforce mailchimp marketo get "
        "pipedrive zoho competitors other outgrow companies customers clients teams businesses "
        "let allow"
    ),
    selling_anchors=word_set(
        "leading market industry world best award all number top cutting state game seamless "
        "seamlessly powerful robust easy user turnkey revolutionary unique proven breed "
        "customers clients companies businesses users roi return case free discount testimonial "
        "testimonials success stories story double triple increase boost grow improve skyrocket "
        "transform supercharge maximize maximise percent times fold our leader leaders thousand "
        "hundred million over more than nearly almost trusted used drop drops fall falls cut "
        "cuts reduce reduces rise rises grows increases go goes average out every plug no in "
        "see saw get report achieve save cut slash slashes slashed halves halved good "
        "they special exclusive limited introductory offer deal saves would we launched "
        "released shipped rolled reduced lower lowers lowered results"
    ),
    self_talk_anchors=word_set("i i've i'm my years year president's presidents about"),
    context=_searched(
        r"\b(?:you|you've)\s+(?:just\s+|recently\s+|also\s+)?(?:downloaded|filled|signed|visited|"
        r"requested|registered|attended|reached|contacted|asked|checked|came|looked|read|watched|"
        r"were\s+looking|booked|started|opened|clicked|grabbed|took)\b|\bi(?:'m|\s+am)\s+calling\s+"
        r"(?:because|about|since|regarding|to\s+follow)|\bi\s+(?:saw|noticed|see)\s+(?:that\s+)?you\b|"
        r"\bfollowing\s+up\s+on\b|\b(?:check|confirm|verify|ask|find\s+out|double[- ]check)\s+"
        r"(?:that\s+|this\s+|it\s+)?(?:with|from)\s+(?:our|my)\b"
    ),
    elaboration=_c(r"(?:or|like|say|e\.?g|for\s+example|for\s+instance|i\s+mean)\b[\s,]*"),
    open_tail=_c(r"\b(?:or|etc)(?:\s+(?:something|what|anything|whatever|so|else))?\W*$"),
    wh_in_situ=_c(
        r"\b(?:what|how|why|which|who|where|when)(?:\s+(?!(?:it|that|this|you|we|they|i)\b)\w+)?"
        r"\s*\?*$"
    ),
    refers_back=_searched(
        r"\byou\s+(?:mentioned|said|told|talked|spoke|brought|raised|noted|described|referred|were\s+"
        r"saying|just\s+said|alluded)\b|\b(?:earlier|before)\s+you\b|\bgoing\s+back\s+to\b|"
        r"\bwhen\s+you\s+say\b|\bwhat\s+do\s+you\s+mean\b|\bwhy\s+is\s+that\b|\bhow\s+(?:so|come)\b|"
        r"\bsay\s+more\b|\btell\s+me\s+more\b|\bexpand\s+on\b|\belaborate\b|\bwhat\s+(?:makes|made)"
        r"\s+(?:that|it|this)\b|\bwhy\s+(?:that|this|those)\b|\bwhat\s+happened\b|"
        r"\bwhat\s+does\s+(?:that|this)\s+(?:look|mean)\b|\bwhat'?s\s+behind\s+(?:that|this)\b|"
        r"\bwhat\s+(?:did|do)\s+you\s+mean\b|\bsounds\s+like\b|\bif\s+i\s+heard\s+you\b|"
        r"\bso\s+(?:you're|you\s+are|it\s+sounds)\b"
    ),
    anaphora=_searched(
        # "that" is a pointer unless it starts a clause ("what is it that you ...").
        r"\b(?:those|these|them)\b|\bthat\b(?!\s+(?:you|we|i|they|he|she|it|your|our|the|a|an|is|"
        r"was|would|will|can|could|might|should|has|have|had|makes?|made|way|much|many|right|ok|"
        r"okay|sounds?|something|work|works)\b)|\b(?:about|of|to|with|behind|on|from|for|by|into|"
        r"after|around|affect|affects|mean|means|change|changes|changed|fix|solve|handle|handling)"
        r"\s+(?:it|this)\b(?!\s+(?:year|quarter|month|week|morning|afternoon|call|time|is|was)\b)|"
        r"\b(?:getting|get|got|go|going)\s+there\b|\bwhat\s+happened\s+(?:then|next|after)\b|"
        r"\bwhat\s+did\s+(?:that|it)\s+lead\s+to\b"
    ),
    challenge_topic=_searched(
        r"\b(?:seo|search\s+engines?|google|inbound|organic\s+(?:traffic|search|results)|rankings?|"
        r"rank|content\s+marketing|blog(?:ging)?|keywords?)\b"
    ),
    challenge_ask=_searched(
        r"\bhow\s+(?:does|do|would|will|can|exactly|is|are|did)\b|\bwhy\s+(?:does|do|would|should|"
        r"is|are)\b|\bwhat\s+(?:is|does|exactly|actually)\b|\bwhat'?s\b|\bexplain\b|"
        r"\bwalk\s+me\s+through\b|\bhow\s+it\s+works\b"
    ),
)
