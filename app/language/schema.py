"""The language folder's format: languages/<code>/*.yaml validated into frozen pydantic models.

A language is a folder: `language.yaml` (what the language is: its stemmer, its accents),
`reading.yaml` (the words and patterns that read a turn), `review.yaml` (the words that read an
answer to "How did you do?") and `texts.yaml` (everything shown to people). Patterns are regular
expressions on normalised text; `{name}` in a pattern stands for a word list or a fragment of the
same file, and `{product}` for the words the scenario names its product with.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# A pattern may be written as a list of pieces, joined as they are (long patterns read better).
Pattern = str | list[str]
Words = str  # space-separated words; "_" inside a word stands for a space


class Frozen(BaseModel):
    """Base for the language models: immutable, unknown keys are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def joined(pattern: Pattern) -> str:
    """A pattern written as pieces, as one string."""
    return pattern if isinstance(pattern, str) else "".join(pattern)


# --------------------------------------------------------------------------- language.yaml


class Rewrite(Frozen):
    """A spelling a light stemmer rewrites before it strips an ending (British spellings)."""

    pattern: str = Field(description="A regular expression on the word.")
    replace: str = Field(description="What replaces it (\\1 for a group).")
    min_length: int = Field(default=0, ge=0, description="Only in words at least this long.")


class Stemmer(Frozen):
    """How the language's words are reduced to stems."""

    snowball: str | None = Field(
        default=None,
        description="A Snowball algorithm (snowballstemmer's name, e.g. 'german'): the stems "
        "are Snowball's. Leave out for a light stemmer of `suffixes`.",
    )
    suffixes: list[str] = Field(
        default_factory=list,
        description="A light stemmer: the first ending that leaves `min_stem` letters is cut; "
        "'ies=y' cuts 'ies' and adds 'y'. Inflections only.",
    )
    min_stem: int = Field(default=3, ge=1, description="Letters a cut must leave.")
    keep: list[str] = Field(
        default_factory=list, description="A word ending in one of these is never cut ('ss')."
    )
    rewrite: list[Rewrite] = Field(
        default_factory=list, description="Spellings rewritten first (light stemmer only)."
    )
    fold_first: bool = Field(
        default=False, description="Fold the accents before cutting (light stemmer only)."
    )


class LanguageInfo(Frozen):
    """What the language is."""

    code: str = Field(description="ISO 639-1 code; also the folder's name, e.g. 'de'.")
    name: str = Field(description="The language's name in English, for staff pages.")
    native_name: str = Field(description="The language's name in itself, for candidates.")
    stemmer: Stemmer
    compounds: bool = Field(
        default=False,
        description="Words join into compounds: a long phrase word also matches inside a word.",
    )
    fold: dict[str, str] = Field(
        default_factory=dict,
        description="Letters folded before words compare (typed without their accent).",
    )
    unaccented: dict[str, str] = Field(
        default_factory=dict,
        description="Letters every pattern and word set also accepts as this plain letter.",
    )


# --------------------------------------------------------------------------- reading.yaml


class Sets(Frozen):
    """Word sets the turn reader looks words up in."""

    fronting: Words = Field(description="Fillers that are fronted adverbials with no comma.")
    tag_ends: Words = Field(description="The words a question tag can end with.")
    no_split_after: Words = Field(
        description="Words after which a wh-word is embedded, not a new question."
    )
    subjects: Words = Field(description="Subject pronouns: a sentence with one has a clause.")
    addressee: Words = Field(description="The words that speak to the prospect ('you', 'your').")
    speaker: Words = Field(description="First words of a sentence about the seller ('i'm', 'we').")
    verbs: Words = Field(description="Common verbs and auxiliaries (clauses, not fragments).")
    stopwords: Words = Field(description="Function words, ignored when comparing content.")
    generic: Words = Field(description="Discovery words every checklist uses (no listening).")
    function_words: Words = Field(description="Frequent words of the language.")
    seller_anchors: Words = Field(description="Every match of `seller` holds one of these.")
    selling_anchors: Words = Field(description="Every match of `selling` holds one (or a digit).")
    self_talk_anchors: Words = Field(description="Every match of `self_talk` holds one of these.")
    filler_tail_words: Words = Field(description="The words `filler_tail` can end with.")
    it: Words = Field(description="Pronouns that stand for a thing just named ('it', 'that').")
    product_pronouns: Words = Field(
        description="Pronouns that go on talking about the product after a sales sentence."
    )
    pointers: Words = Field(
        description="Words that point at what was just said ('that', 'those'): a short question "
        "with one is about the sentence before it."
    )
    reply_stopwords: Words = Field(
        description="Function words left out when a model's reply is compared with a scenario's "
        "lines (apostrophes are dropped first)."
    )
    second_person: Words = Field(description="'you', 'your': a question about the buyer.")
    hedge_subjects: Words = Field(
        description="'I' in a tag ('..., I guess'): a hedge, a question only with a '?'."
    )


class Patterns(Frozen):
    """The turn reader's patterns (matched at a sentence's start unless said otherwise)."""

    filler: Pattern = Field(description="A run of fillers and discourse markers to skip.")
    about_prospect: Pattern = Field(description="A claim about what the prospect needs.")
    courtesy: Pattern = Field(description="Small talk and permission questions.")
    rhetorical: Pattern = Field(description="Questions the seller answers themselves.")
    answer_lead: Pattern = Field(description="A sentence that answers the question before it.")
    open_prompt: Pattern = Field(description="'tell me', 'walk me through', 'i'm curious'.")
    prompt_yes_no: Pattern = Field(description="What after a prompt makes it yes/no ('if').")
    wh_question: Pattern = Field(description="A wh-word that starts a question.")
    wh_statement: Pattern = Field(description="A wh-word that starts a statement.")
    wh_strict: Pattern = Field(description="A wh-question that needs no '?' to be one.")
    closed_start: Pattern = Field(description="Verb or auxiliary first: a yes/no question.")
    closed_loose: Pattern = Field(description="Verb first: a yes/no question when '?' ends it.")
    proposal: Pattern = Field(description="Suggestions phrased with a wh-word ('how about').")
    negative_start: Pattern = Field(description="'don't you', 'isn't it': pushes an answer.")
    assumptive: Pattern = Field(description="'so we're agreed ...': leading, '?' or not.")
    fronted_question: Pattern = Field(description="Verb and 'you' after a fronted adverb.")
    leading: Pattern = Field(description="Searched in a question: loaded premises.")
    tag: Pattern = Field(description="Searched at the end: ', right?'.")
    choice: Pattern = Field(description="Searched: an either/or choice in a wh-question.")
    choice_tail: Pattern = Field(description="Searched at the end: a trailing 'or?'.")
    filler_tail: Pattern = Field(description="A trailing 'you know?' that asks nothing.")
    claim_tag: Pattern = Field(description="A particle that makes a claim a leading question.")
    clause_question: Pattern = Field(description="A clause break followed by a question.")
    inline_question: Pattern = Field(description="A question starting mid-sentence.")
    verb_subject: Pattern | None = Field(
        default=None, description="A verb-first question inside run-on text (with the next two)."
    )
    finite_clause: Pattern | None = Field(default=None, description="A subject and its verb.")
    subordinator: Pattern | None = Field(default=None, description="A subordinate clause's start.")
    blank: Pattern = Field(description="A fill-in-the-blank question end ('the reason is?').")
    seller: Pattern = Field(description="Searched: the seller's company or product.")
    selling: Pattern = Field(description="Searched: claims and sales language.")
    self_talk: Pattern = Field(description="Searched: the candidate's own background.")
    context: Pattern = Field(description="Searched: why we call ('you downloaded our ...').")
    elaboration: Pattern = Field(description="A question rephrasing the one before ('or ...').")
    open_tail: Pattern = Field(description="Options left open at the end ('... or so').")
    wh_in_situ: Pattern = Field(description="A wh-word at the end of a '?' sentence.")
    refers_back: Pattern = Field(description="Searched: points back at the prospect's words.")
    anaphora: Pattern = Field(description="Searched: in a question, points at the last answer.")
    challenge_ask: Pattern = Field(description="Searched: asks how or why something works.")
    broad: Pattern = Field(
        description="Searched: the buyer's company as a whole ('your business')."
    )
    meeting: Pattern = Field(description="Searched: asks for a meeting or a next step.")


# Patterns searched through whole sentences rather than matched at their start.
SEARCHED = frozenset(
    {
        "leading",
        "seller",
        "selling",
        "self_talk",
        "context",
        "refers_back",
        "anaphora",
        "challenge_ask",
        "broad",
        "meeting",
    }
)


class LexiconData(Frozen):
    """The turn reader's words and patterns."""

    words: dict[str, Words] = Field(
        default_factory=dict, description="Word lists a pattern names as {name}: an alternation."
    )
    fragments: dict[str, Pattern] = Field(
        default_factory=dict, description="Pieces of patterns a pattern names as {name}."
    )
    sets: Sets
    patterns: Patterns


class SpelledOut(Frozen):
    """Contractions written out in full, for matching words against phrases ("don't" ~ "do not")."""

    words: dict[str, str] = Field(
        default_factory=dict, description="Whole words and what they stand for ('won't')."
    )
    endings: dict[str, str] = Field(
        default_factory=dict, description='Endings and what they stand for ("n\'t": not).'
    )
    only_after: dict[str, Words] = Field(
        default_factory=dict,
        description="Endings spelled out only after these words (elsewhere just dropped: "
        "a possessive).",
    )


class Spelling(Frozen):
    """Spelling as typed, put right before reading (every language's, in every call)."""

    contractions: dict[str, str] = Field(
        default_factory=dict, description="Contractions typed without the apostrophe."
    )
    typos: dict[str, str] = Field(
        default_factory=dict, description="Common slips on the words that decide a question."
    )
    abbreviations: Words = Field(default="", description="Abbreviations, without the last '.'.")
    closings: Words = Field(
        default="", description="Phrases ending in a `no_split_after` word that end a clause."
    )
    spelled_out: SpelledOut = Field(
        default_factory=SpelledOut, description="Contractions in full (this language's only)."
    )


class Seller(Frozen):
    """How the candidate names the company they call from."""

    introduces: Pattern = Field(description="What comes before the candidate's name.")
    calls_from: Pattern = Field(description="What comes between the name and the company.")
    mentions: Pattern = Field(description="Talk about the company; {name} is its name.")
    not_names: Words = Field(default="", description="Words that are never a company.")


class Substance(Frozen):
    """Words for telling a question's substance from its form."""

    hollow: Words = Field(description="Words that give a question no topic of its own.")
    intent: list[str] = Field(description="An announced wish to ask ('I want to understand').")
    guess: list[str] = Field(description="The seller answering their own question.")
    recap: list[str] = Field(description="A summary of what was heard.")
    speaker: Pattern = Field(description="A speaker's label opening a line (a pasted dialogue).")
    why: Words = Field(description="'why': a short question starting so asks about the answer.")
    pronouns: Words = Field(description="Words that stand for something said.")
    greetings: Words = Field(description="The name after one of these is a greeting.")
    enumerators: Words = Field(description="Labels of a list, not of a speaker.")
    adding: Words = Field(description="A fragment starting so adds to the last answer.")
    numbers: Words = Field(description="Words that are numbers.")
    number_parts: Words = Field(default="", description="Number words inside compounds.")
    conjunctions: Words = Field(description="Words that join the items of a list.")
    acting: Pattern = Field(description="Stage directions in parentheses ('nods').")
    asks_itself: Pattern = Field(description="A wh-word that names a topic ('who', 'when').")


class ScoreWords(Frozen):
    """Phrases the round scorer looks for, as whole words."""

    goals: list[str] = Field(description="A question about goals or problems.")
    permission: list[str] = Field(description="Asking for a moment before the reason.")
    next_step: list[str] = Field(description="A next step: a meeting, a demo, a call.")
    proposal: list[str] = Field(description="Proposing something.")
    concrete: list[str] = Field(description="A concrete time.")
    unsure: list[str] = Field(description="An answer that says it may be wrong.")


class Speakers(Frozen):
    """How other tools name the two sides of a transcript."""

    candidate: list[str] = Field(default_factory=list)
    prospect: list[str] = Field(default_factory=list)


class Injection(Frozen):
    """Text addressed to the AI or the scorer instead of the prospect."""

    patterns: list[Pattern] = Field(description="The grammar of an attack.")
    anchors: Words = Field(description="Every attack holds one of these words.")
    cues: list[str] = Field(
        default_factory=list, description="Attacks made of common words hold one of these."
    )
    role_breaks: list[Pattern] = Field(
        default_factory=list,
        description="Attempts to step out of the role play the prospect answers in role.",
    )


class QuestionKinds(Frozen):
    """One entry per kind of question every buyer can answer, whatever the scenario lists."""

    goal: Pattern = Field(description="A question about goals.")
    trigger: Pattern = Field(description="A question about what set the buying off.")
    decision: Pattern = Field(description="A question about who decides.")


class KindAnchors(Frozen):
    """The words by which a scenario's own phrases mark its goal, trigger and decision facts."""

    goal: Words
    trigger: Words
    decision: Words


class ProspectEar(Frozen):
    """How the scripted prospect hears a turn beyond what it asks and claims. The patterns of
    every language present are looked for in every call (candidates mix languages)."""

    availability: Pattern = Field(description="About the call itself: 'Is now a good time?'.")
    business: Pattern = Field(
        description="Beginnings of the words of a business conversation (at a word's start)."
    )
    small_talk: Pattern = Field(description="Small talk: the weather, sport, food.")
    kinds: QuestionKinds
    anchors: KindAnchors
    sends: Pattern = Field(
        description="An offer to send material: a promise, not a pitch, when it is all the "
        "selling the turn does."
    )
    offers_time: Pattern = Field(description="A sentence that offers a time for a meeting.")
    tells_past: Pattern = Field(description="A sentence that tells what happened at a time.")
    stopwords: Words = Field(description="Words too common to tell one fact from another.")
    function_words: Words = Field(
        description="Words that name no topic of a phrase: it is as specific as its others."
    )
    inflections: list[str] = Field(
        default_factory=list,
        description="Endings the prospect reads as another before stemming ('ied=y'), so a "
        "phrase and a turn meet in either inflection; the scorer's stems are not changed.",
    )


Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Part = Literal["morning", "afternoon", "evening"]
Relative = Literal["tomorrow", "next week"]


class TimeNames(Frozen):
    """How the prospect says a time."""

    days: dict[Day, str]
    parts: dict[Part, str]
    relative: dict[Relative, str]
    clock: str = Field(description="A clock time, '{clock}' the time ('at {clock}').")
    minutes_after: str = Field(default=":", description="Between hours and minutes.")
    twelve_hour: bool = Field(
        default=False, description="Twelve-hour times, with am/pm outside office hours."
    )
    am: str = ""
    pm: str = ""


class Times(Frozen):
    """Times a meeting is proposed for: 'Tuesday at 10', 'tisdag kl 14'."""

    days: dict[str, Day] = Field(description="Day names -> the day.")
    day_endings: Words = Field(default="", description="Endings a day name may take.")
    parts: dict[str, Part] = Field(description="Parts of the day -> the part.")
    part_endings: Words = Field(default="", description="Endings a part of the day may take.")
    relative: dict[str, Relative] = Field(description="'tomorrow', 'next week' -> which.")
    clock_before: Pattern = Field(description="What comes before a clock time ('at').")
    clock_after: Pattern = Field(default="", description="What may follow a clock time ('Uhr').")
    am: Pattern = Field(description="A morning hour's mark.")
    pm: Pattern = Field(description="An afternoon hour's mark.")
    say: TimeNames


class GuardWords(Frozen):
    """What a language model playing the prospect gets wrong (every language's, in every call)."""

    narration: Pattern = Field(description="A line narrating instead of speaking ('she says').")
    stage: Pattern = Field(description="Word beginnings of a stage direction in brackets.")
    labels: Pattern = Field(description="Speaker labels before a colon, in lower case.")
    leaks: Pattern = Field(description="Instructions leaking into the reply.")
    greetings: Pattern = Field(description="What the salesperson says before the persona's name.")
    introduces: Pattern = Field(description="What comes before the persona's own name.")
    introduced: Pattern = Field(description="What may follow the persona's name ('speaking').")
    sells: Pattern = Field(description="The salesperson selling; {product} is the scenario's.")


class ReadingFile(Frozen):
    """reading.yaml: how the language is read."""

    lexicon: LexiconData
    spelling: Spelling = Spelling()
    seller: Seller
    substance: Substance
    score: ScoreWords
    speakers: Speakers = Speakers()
    injection: Injection
    prospect: ProspectEar
    times: Times
    guard: GuardWords


# --------------------------------------------------------------------------- review.yaml


class ReviewFile(Frozen):
    """review.yaml: the words that read an answer to "How did you do?"."""

    topics: dict[str, list[str]]
    faults: dict[str, list[str]]
    virtues: dict[str, list[str]]
    facts: dict[str, list[str]]
    points: dict[str, list[str]]
    hedges: list[str]
    relative: list[str]
    verdicts: list[str]
    universal: list[str]
    good: list[str]
    bad: list[str]
    lacks: list[str]
    wishes: list[str]
    context: list[str]
    negators: list[str]
    misconceptions: list[str]
    overclaiming: list[str]
    moments: list[str]
    counts: list[str]
    countables: list[str]
    clause_breaks: list[str]
    joins: list[str]
    change: list[str]
    because: list[str]
    negation_after_verb: bool = Field(
        default=False, description="A negation follows the verb it denies ('pitchade inte')."
    )


# --------------------------------------------------------------------------- texts.yaml


class TextsFile(Frozen):
    """texts.yaml: everything shown to people; every language has the reference's keys."""

    reasons: dict[str, Any] = Field(description="One-line reasons for criterion scores.")
    coaching: dict[str, Any] = Field(description="The coach's phrases.")
    report: dict[str, Any] = Field(description="Labels of the terminal report.")
    cli: dict[str, Any] = Field(description="What `coachable play` says.")
    pages: dict[str, Any] = Field(
        description="The candidate's pages, and the error page (`error:`; the staff's in the "
        "default language)."
    )
    mail: dict[str, Any] = Field(description="The invitation and reminder e-mails to a candidate.")
    prospect: dict[str, Any] = Field(description="The scripted prospect's own words.")
    prompt: dict[str, Any] = Field(
        description="What the language model's prospect prompt says about this language."
    )
    errors: dict[str, str] = Field(
        description="The sentence a person reads for each refusal's reason (an error's stable "
        "code, e.g. message-too-long): the candidate's pages and chat show it in the "
        "interview's language, the API's detail in the default language."
    )


FILES: dict[str, type[BaseModel]] = {
    "language.yaml": LanguageInfo,
    "reading.yaml": ReadingFile,
    "review.yaml": ReviewFile,
    "texts.yaml": TextsFile,
}
