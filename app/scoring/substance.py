"""Substance: which of a turn's questions earn credit, and what the prospect said in reply.

A question earns credit for what it asks about, not for how it looks. "Tell me more." has no
topic of its own: right after a substantive answer it is good listening (in moderation), tacked
onto a pitch it is part of the pitch. Asking the same thing again, parroting the prospect's last
line back, listing topics, or announcing an intention to be curious asks nothing new. What the
prospect revealed in reply (the scenario's hidden facts, and words the call had not heard yet)
is measured on the prospect's turns, so the scorer can weigh it against the questions' form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from app.language.questions import REAL_QUESTIONS, Sentence, TurnQuestions
from app.language.registry import language as language_of
from app.language.registry import on_install
from app.language.schema import joined
from app.language.text import content_stems
from app.scoring.models import QuestionType, TurnAnnotation

Uncredited = Literal[
    "", "hollow", "pitch", "repeat", "echo", "intent", "list", "pasted", "answered"
]

# A prospect turn with this many words the call had not heard yet is a substantive answer; a
# terse one needs a number or a word of the prospect's world among fewer new words.
SUBSTANTIVE_ANSWER = 6
_TERSE_ANSWER = 2
# Generic invitations ("Tell me more.") that count as listening in one round, and never twice in
# a row: beyond that they are a habit, not attention.
_PROMPTS_PER_ROUND = 2
# ... and only as (nearly) the whole turn: appended to a turn that says more, it adds nothing.
_PROMPT_WORDS = 15
# An open question holding this share of the prospect's last line is that line handed back.
_ECHO_SHARE = 0.6
# ... and a sentence of it with this many topic words ("The board?" picks up one word of many).
_ECHO_LINE = 2
# Two questions this alike (shared topic words over all their topic words) ask the same thing.
_SAME_QUESTION = 0.6
# Five or more short items in a row: a list of terms, which names things without explaining them.
TERM_LIST = re.compile(r"(?:[^,.;:!?]{1,30},){4,}[^,.;:!?]{1,30}")
# A comma list of this many short items is a checklist of topics, not a question.
_LIST_ITEMS = 3
# A Swedish world word this long is recognised inside a compound.
_COMPOUND_PART = 5
# A pasted dialogue has at least this many labelled lines.
_DIALOGUE_LINES = 3
# A summary needs this many of the prospect's own words; one that does not say it is one,
# this many, gathered from this many of their answers.
_RECAP_ECHOES = 2
_SUMMARY_ECHOES, _SUMMARY_ANSWERS = 4, 3
# A guess this many sentences after a question answers it for the prospect.
_GUESS_REACH = 2
# Without a scenario, this many words from the prospect give the call a topic of its own.
_CONTEXT_WORDS = 10
# A question frame of this many words used more than this often is a formula.
_FRAME_WORDS, _FRAME_USES = 4, 2
# A question this short with "that", "it" or "those" in it is about what was just said.
_SHORT_POINTER = 6
# Without a scenario, this many words from the prospect give the call a topic of its own.
_CONTEXT_WORDS = 10
# A question frame of this many words used more than this often is a formula.
_FRAME_WORDS, _FRAME_USES = 4, 2
# A question this short with "that" or "those" in it points back at the last answer.
_POINTER_WORDS = 9
# A question this long that starts "who", "when" or "how many" has a topic of its own.
_ASKS_ITSELF = 4


@dataclass(frozen=True, slots=True)
class SubstanceWords:
    """One language's words for telling substance from form."""

    hollow: frozenset[str]  # stems that give a question no topic of its own
    intent: re.Pattern[str]  # "i want to understand ...": an intention, not a question
    recap: re.Pattern[str]  # "so what i'm hearing is": a summary of what was heard
    speaker: re.Pattern[str]  # "Dana:", "Me:" at the start of a line: a scripted dialogue
    list_item: re.Pattern[str]  # one short item of a comma list
    asks_itself: re.Pattern[str]  # "who", "when", "how many": a wh-word that names a topic
    number: re.Pattern[str]  # a word that is a number ("40", "forty", "half")
    refers_back: re.Pattern[str]  # "you mentioned", "so you're": restates what was said
    why: tuple[tuple[str], ...]  # "why": a short question starting so asks about the answer
    anaphora: re.Pattern[str]  # "what did that lead to": points back at what was said
    pronouns: frozenset[str]  # "that", "it": words that stand for something said
    greetings: frozenset[str]  # "hi": the name after it is a greeting, not a topic
    enumerators: frozenset[str]  # "one", "first", "step": labels of a list, not of a speaker
    adding: tuple[tuple[str], ...]  # "and": a fragment starting so adds to the last answer
    guess: re.Pattern[str]  # "probably", "I'd bet": the seller answering their own question
    options: re.Pattern[str]  # "1) ... 2) ...": a menu to pick from, which leads the answer
    direction: re.Pattern[str]  # "[pauses]", "*nods*": written, never said


@cache
def substance_words(code: str) -> SubstanceWords:
    """The substance word lists of a language (the default language when it is not present)."""
    lang = language_of(code)
    data = lang.reading.substance
    hollow = frozenset(lang.stem(w) for w in data.hollow.split() if "{" not in w)

    def pattern(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return lang.pattern("|".join(patterns), flags)

    joining = "|".join(rf"\b{re.escape(w)}\b" for w in data.conjunctions.split())
    lexicon = lang.lexicon()
    return SubstanceWords(
        hollow=hollow,
        intent=pattern(data.intent),
        recap=pattern(data.recap),
        speaker=re.compile(joined(data.speaker), re.MULTILINE),
        list_item=re.compile(rf"(?:^|,|{joining})\s*(?:\w+\s+){{0,2}}\w+\s*(?=,)"),
        asks_itself=re.compile(r"\b(?:" + joined(data.asks_itself) + ")"),
        why=tuple((w,) for w in data.why.split()),
        anaphora=lexicon.anaphora,
        refers_back=lexicon.refers_back,
        pronouns=frozenset(data.pronouns.split()),
        greetings=frozenset(data.greetings.split()),
        enumerators=frozenset(data.enumerators.split()),
        adding=tuple((w,) for w in data.adding.split()),
        guess=pattern(data.guess),
        options=re.compile(
            r"(?:(?:^|\s|\()(?:[a-d1-6])[).:]\s.*){2}|(?:\d+\s*[-\u2013]\s*\d+.*){2}",
            re.IGNORECASE,
        ),
        direction=re.compile(
            r"\[[^\]]{1,120}\]|\*[^*]{1,80}\*|<[^>]{1,80}>|\([^()]{0,60}?\b(?:"
            + joined(data.acting)
            + r")\b[^()]{0,60}\)",
            re.IGNORECASE,
        ),
        number=re.compile(
            r"[\d.,%$k]*\d[\d.,%$k]*|(?:"
            + "|".join(data.numbers.split())
            + r")|\w*(?:"
            + ("|".join(data.number_parts.split()) or "(?!x)x")
            + r")\w*"
        ),
    )


on_install(substance_words.cache_clear)


def topic(
    words: Sequence[str],
    language: str,
    names: frozenset[str] = frozenset(),
    product: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The stems a sentence is about: content words that are not hollow, not names and not the
    seller's product (`product`: its stems). A question about people, time, place or amounts
    ("Who else would sign off on it?") is about that even when its other words are hollow."""
    data = substance_words(language)
    if words[:1] and words[0] in data.greetings:
        words = words[2:]  # "hi Dana, ...": greeting the prospect is not asking about them
    found = {
        s
        for s in content_stems(words, language)
        if s not in data.hollow and s not in names and s not in product
    }
    wh = data.asks_itself.search(" ".join(words[:3])) if len(words) >= _ASKS_ITSELF else None
    if wh:
        found.add("@" + wh.group(0).split()[0])
    return frozenset(found)


def pasted_dialogue(text: str, language: str) -> bool:
    """Whether a turn holds a scripted exchange between two speakers ("Me: ... Dana: ...")."""
    data = substance_words(language)
    labels = [m.group("who").strip().lower() for m in data.speaker.finditer(text)]
    labels = [label for label in labels if label not in data.enumerators]
    # "One: ... Two: ..." lists points; a dialogue has turns by two speakers, one of them twice.
    return len(labels) >= _DIALOGUE_LINES and len(set(labels)) >= 2


def parrots(
    words: Sequence[str], heard: Heard, language: str, names: frozenset[str] = frozenset()
) -> bool:
    """Whether a statement only hands the prospect's last line back ("Busy. You're busy.",
    "Blogged for six months, got nothing out of it."): most of that line, nothing of its own."""
    said = topic(words, language, names, heard.product)
    return bool(said) and said <= heard.last and len(said) >= _ECHO_SHARE * len(heard.last)


def is_recap(text: str, words: Sequence[str], heard: Heard, language: str) -> bool:
    """Whether a sentence sums up what the prospect said: in the prospect's own words, not in
    facts they never mentioned; announced ("so what I'm hearing is ...") or not ("So: the board
    wants 40%, you're at 15, and nobody writes."), when it gathers several of their answers."""
    said = topic(words, language, product=heard.product)
    echoed = said & heard.told
    if len(echoed) < _RECAP_ECHOES or len(echoed) < len(said) / 2:
        return False
    if echoed <= heard.last:
        return False  # the last line handed back is an echo, not a summary of what was heard
    if substance_words(language).recap.search(text) is not None:
        return True
    answers = sum(1 for answer in heard.answers if not answer.isdisjoint(echoed))
    return len(echoed) >= _SUMMARY_ECHOES and answers >= _SUMMARY_ANSWERS


def strip_directions(text: str, language: str) -> tuple[str, int]:
    """The turn without stage directions and notes ("[pauses]", "*nods*", "[open question]"),
    which are written, never said; and how many there were."""
    found = substance_words(language).direction.findall(text)
    if not found:
        return text, 0
    return substance_words(language).direction.sub(" ", text), len(found)


@dataclass(slots=True)
class Heard:
    """What the call has said so far, as the crediting of the next question needs it."""

    last: frozenset[str] = frozenset()  # topic stems of the prospect's last turn
    last_lines: tuple[frozenset[str], ...] = ()  # ... sentence by sentence
    substantive: bool = False  # the last prospect turn told something new
    seen: set[str] = field(default_factory=set)  # every content stem said so far, either side
    told: set[str] = field(default_factory=set)  # topic stems the prospect has said
    answers: list[frozenset[str]] = field(default_factory=list)  # ... turn by turn
    last_revealed: frozenset[str] = frozenset()  # hidden facts the last prospect turn gave away
    # Words any conversation about this prospect shares (the generic words of discovery, the
    # scenario's most used keywords): sharing them with an answer is no sign of following it.
    common: frozenset[str] = frozenset()
    frames: dict[str, int] = field(default_factory=dict)  # question frames and how often used
    world: frozenset[str] = frozenset()  # the scenario's words for the prospect's world
    product: frozenset[str] = frozenset()  # stems of the words that name the seller's product
    said: set[str] = field(default_factory=set)  # topic stems the candidate has said
    asked: list[frozenset[str]] = field(default_factory=list)  # topics of the turn's questions
    # Topics of the questions put so far: asking one again earns nothing.
    put: list[frozenset[str]] = field(default_factory=list)
    prompts: int = 0  # generic invitations credited so far
    prompted_last: bool = False  # the previous candidate turn was a credited invitation


@dataclass(frozen=True, slots=True)
class Credit:
    """The questions of one candidate turn that earn credit."""

    label: QuestionType | None  # the type of the question the prospect is left to answer
    questions: int  # credited questions put to the prospect
    sentences: tuple[int, ...]  # indexes of the credited question sentences
    uncredited: Uncredited  # why the turn's questions earn nothing ("" when some do)
    prompt: bool  # the credited question is a generic invitation after a substantive answer
    anchored: bool  # a credited question picks up a word of the prospect's last answer
    topics: frozenset[str]  # what the credited questions ask about
    listed: bool  # a question lists three or more topics at once
    offtopic: bool = False  # every credited question is about nothing the call or world touched


def _as_type(kind: str) -> QuestionType:
    return "open" if kind == "open" else "leading" if kind == "leading" else "closed"


def _label(kinds: Sequence[str]) -> QuestionType | None:
    """The type most of the credited questions have; on a tie the last one put."""
    if not kinds:
        return None
    substantive = [k for k in kinds if k != "fragment"] or list(kinds)
    types = [_as_type(k) for k in substantive]
    return max(types, key=lambda t: (types.count(t), max(i for i, x in enumerate(types) if x == t)))


def _points(sentence: Sentence, words: SubstanceWords) -> bool:
    """Whether a short question points back at what was said ("what did that lead to", "why
    did you stop?") rather than picking a noun ("this year", "those leads")."""
    if len(sentence.words) > _POINTER_WORDS:
        return False
    if len(sentence.words) <= _SHORT_POINTER and not words.pronouns.isdisjoint(sentence.words):
        return True  # "How much of that is travel?": too short to carry a topic of its own
    return sentence.words[:1] in words.why or words.anaphora.search(sentence.text) is not None


def _formula(sentence: Sentence, about: frozenset[str], heard: Heard) -> bool:
    """Whether the question is a frame used for the third time or more ("You mentioned X, tell
    me more about that."): a habit of sounding attentive, not a follow-up on what was said."""
    frame = " ".join(w for w in sentence.words if not any(w.startswith(t) for t in about))
    if len(frame.split()) < _FRAME_WORDS:
        return False
    heard.frames[frame] = heard.frames.get(frame, 0) + 1
    return heard.frames[frame] > _FRAME_USES


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two questions ask the same thing, judged by their own words (which hidden fact
    a question touches is too coarse: "What happened?" and "What prompted the download?" can
    both touch why the prospect is looking)."""
    a = frozenset(w for w in a if not w.startswith("#"))
    b = frozenset(w for w in b if not w.startswith("#"))
    return bool(a) and bool(b) and (a == b or len(a & b) / len(a | b) >= _SAME_QUESTION)


def _echoes(kind: str, about: frozenset[str], heard: Heard) -> bool:
    """A question made of the prospect's last words: most of that turn or of one of its
    sentences ("So, how does SEO actually work?" after the prospect asked it), or a yes/no
    question that only repeats what was just said."""
    about = frozenset(w for w in about if not w.startswith("#"))  # the words, not the facts
    last = heard.last
    if not about or not about <= last:
        return False
    share = len(about) / len(last)
    if share >= _ECHO_SHARE or (kind != "open" and len(about) >= 2 and share >= 0.5):
        return True
    return any(
        len(line) >= _ECHO_LINE and about <= line and len(about) / len(line) >= _ECHO_SHARE
        for line in heard.last_lines
    )


def engaged(reply: TurnAnnotation | None) -> bool:
    """Whether a prospect turn took up the question before it: a hidden fact, a long new
    answer, or a short one with a number or a word of the prospect's own world in it ("Under
    two thousand an opportunity."). "Okay. Send it over." takes up nothing; nor does a reply that
    opens with a question of the prospect's own and tells little ("More about what?")."""
    if reply is None or reply.speaker != "prospect" or reply.asks_back:
        return False
    if reply.challenge_asked and not reply.revealed and not reply.telling:
        return False  # the prospect moved on to the hard question of their own
    if reply.revealed or reply.new_words >= SUBSTANTIVE_ANSWER:
        return True
    return reply.new_words >= _TERSE_ANSWER and reply.telling > 0


def _listed(sentence: Sentence, words: SubstanceWords) -> bool:
    return len(words.list_item.findall(sentence.text)) >= _LIST_ITEMS - 1


def _sums_up_nothing(
    sentence: Sentence,
    before: Sentence | None,
    real: frozenset[str],
    heard: Heard,
    language: str,
    names: frozenset[str],
) -> bool:
    """ "So if I understand you correctly, this really matters to you, is that right?": a check
    on a summary (in the question or in the sentence before it) of nothing the prospect said."""
    recap = substance_words(language).recap
    if recap.search(sentence.text):
        return not real & heard.told
    if before is not None and before.kind == "statement" and recap.search(before.text):
        return not (real | topic(before.words, language, names, heard.product)) & heard.told
    return False


def credit_questions(
    reading: TurnQuestions,
    selling: Sequence[bool],
    pitch: bool,
    heard: Heard,
    language: str,
    names: frozenset[str],
    facts: Sequence[frozenset[str]] = (),
) -> Credit:
    """Decide which questions of a candidate turn earn credit (and update `heard`). `facts`
    holds, per sentence, the scenario's hidden facts it asks about: a topic in itself."""
    words = substance_words(language)
    sentences = reading.sentences
    asked = reading.asked or tuple(s.kind in REAL_QUESTIONS for s in sentences)
    fragments = sum(
        1 for s, put in zip(sentences, asked, strict=True) if put and s.kind == "fragment"
    )
    kept: list[int] = []
    topics: set[str] = set()
    reasons: list[Uncredited] = []
    invitations: list[int] = []  # hollow open questions that may still count as listening
    anchored = listed = False
    offtopic = True
    for i, (sentence, put) in enumerate(zip(sentences, asked, strict=True)):
        if not put:
            continue
        about = topic(sentence.words, language, names, heard.product)
        if i < len(facts):
            about |= {"#" + f for f in facts[i]}
        sold_before = any(selling[:i]) or pitch
        # "Why did you stop?", "How is that going to hit your pipeline?": a short question that
        # points back (or asks why) right after an answer is about that answer.
        pointing = _points(sentence, words)
        lead: frozenset[str] = frozenset()
        before = sentences[i - 1] if i else None
        real = frozenset(w for w in about if not w.startswith("#"))
        if (
            before is not None
            and before.kind == "statement"
            and not selling[i - 1]
            and (pointing or not real or words.refers_back.search(before.text) is not None)
        ):
            # "You mentioned the blog. How did that go?": the sentence before gives the topic of
            # a question that has none of its own, when it picks up the prospect's words (the
            # seller's own views are no topic), or when it says it refers back ("You mentioned
            # two flat quarters. What changed?"); "Sixty today. When does your fiscal year end?"
            # acknowledges one thing and asks about another.
            lead = topic(before.words, language, names, heard.product) & heard.last
            if not words.refers_back.search(before.text) and parrots(
                before.words, heard, language, names
            ):
                lead = frozenset()  # "Busy. You're busy.": the words handed back, no question
        # A follow-up picks up something particular the prospect said (not the words every
        # conversation about them uses), digs further into what the last answer revealed, or
        # points straight back at it ("How is that going to hit your pipeline?", "And the
        # board?"). "And where do your leads come from?" after an answer that happened to say
        # "leads" is the next item on a checklist.
        adding = sentence.kind == "fragment" and sentence.words[:1] in words.adding
        particular = ((about | lead) & heard.told) - heard.common
        digging = i < len(facts) and not facts[i].isdisjoint(heard.last_revealed)
        follows = (
            bool(particular)
            or digging
            or ((pointing or adding) and heard.substantive and not sold_before)
        ) and not _formula(sentence, about | lead, heard)
        reason: Uncredited = ""
        guessed = any(
            words.guess.search(after.text) for after in sentences[i + 1 : i + 1 + _GUESS_REACH]
        )
        if guessed:
            reason = "answered"  # "Why did you download it? Probably because ...": not put to them
        elif sentence.kind == "fragment" and fragments >= 2:
            reason = "list"  # "Goals? Budget? Team?"
        elif _sums_up_nothing(sentence, before, real, heard, language, names):
            reason = "hollow"
        elif words.intent.search(sentence.text) and (pitch or _listed(sentence, words)):
            reason = "intent"  # "I want to understand your goals, challenges, budget ..."
        elif not about and not lead and sentence.kind == "open":
            # "Tell me more.", "What do you think?": open in form, about nothing in particular,
            # and part of the pitch when the turn sells. A yes/no question about nothing ("Want
            # a demo?") stays what it is, a closed one.
            selling_turn = pitch or any(selling)
            reason = "pitch" if selling_turn else "hollow"
            if not selling_turn:
                invitations.append(i)
        elif _echoes(sentence.kind, about, heard):
            reason = "echo"  # the prospect's own words handed back with a question mark
        elif any(
            _alike(about | lead, before) and not (particular - before) for before in heard.put
        ):
            # Asks again what was already asked; a follow-up that brings in something new the
            # prospect said is not the same question.
            reason = "repeat"
        if reason:
            reasons.append(reason)
            continue
        kept.append(i)
        topics |= about | lead
        anchored = anchored or follows
        # A question about nothing the prospect's world or this call has touched ("What does
        # your office layout look like?") asks, but what follows is not its answer.
        related = about | lead
        # (Without the scenario's words, only once the prospect has said enough to go by.)
        judged = bool(heard.world) or len(heard.told) >= _CONTEXT_WORDS
        offtopic = (
            offtopic
            and judged
            and bool(real)
            and not (
                any(w.startswith("#") for w in related)
                or (related & (heard.common | heard.world | heard.told | heard.said))
            )
        )
        listed = listed or _listed(sentence, words)
    # "Tell me more." as (nearly) the whole turn, right after a substantive answer, is listening:
    # in moderation, and never as a habit.
    prompt = (
        not kept
        and bool(invitations)
        and len(reading.words) <= _PROMPT_WORDS
        and heard.substantive
        and not heard.prompted_last
        and heard.prompts < _PROMPTS_PER_ROUND
    )
    if prompt:
        kept, reasons, anchored = invitations[:1], [], True
    # "1) leads, 2) cost or 3) brand?": a menu of the seller's categories steers the answer.
    label = _label(
        ["leading" if words.options.search(sentences[i].text) else sentences[i].kind for i in kept]
    )
    if not kept and any(s.kind == "courtesy" for s in sentences):
        label = "closed"  # small talk ("Is now a good time?"): a yes/no, whatever else was said
    prompts = language_of(language).lexicon().open_prompt
    if label == "closed" and any(
        sentences[i].kind == "open" and prompts.search(sentences[i].text) for i in kept
    ):
        label = "open"  # "Help me understand what it means to the board. Is there a number?"
    if topics:
        heard.asked.append(frozenset(topics))
    heard.prompts += prompt
    heard.prompted_last = prompt
    return Credit(
        offtopic=offtopic and bool(kept) and not prompt,
        label=label,
        questions=len(kept),
        sentences=tuple(kept),
        uncredited="" if kept or not reasons else reasons[0],
        prompt=prompt,
        anchored=anchored,
        topics=frozenset(topics),
        listed=listed,
    )


def hear_prospect(
    heard: Heard,
    sentences: Sequence[tuple[str, Sequence[str]]],
    language: str,
    names: frozenset[str],
    world: frozenset[str],
    asking: Sequence[bool] = (),
) -> tuple[int, int]:
    """Take in a prospect turn (its sentences as (text, words)). Returns how many words of it
    the call had not heard before (questions left out), and how many of those tell something:
    numbers and words of the prospect's world (`world`: the scenario's own words for it).
    `asking` marks, per sentence, questions put without a "?" ("Explain how SEO works.")."""
    told: set[str] = set()
    everything: set[str] = set()
    numbers = 0
    counting = substance_words(language).number
    for i, (text, words) in enumerate(sentences):
        stems = content_stems(words, language) - names
        everything |= stems
        if "?" not in text and not (i < len(asking) and asking[i]):
            told |= stems
            numbers += sum(1 for w in words if counting.fullmatch(w))
    new = told - heard.seen
    heard.seen |= everything
    heard.last = topic([w for _, ws in sentences for w in ws], language, names, heard.product)
    heard.last_lines = tuple(topic(ws, language, names, heard.product) for _, ws in sentences if ws)
    heard.told |= heard.last
    heard.answers.append(heard.last)
    if world:
        telling = numbers + sum(1 for stem_ in new if _of_world(stem_, world, language))
    else:
        # Without a scenario there are no world words to go by: new words of substance tell,
        # from the second on ("Dana speaking." tells nothing).
        hollow = substance_words(language).hollow | heard.product
        telling = numbers + max(0, sum(1 for stem_ in new if stem_ not in hollow) - 1)
    heard.substantive = len(new) >= SUBSTANTIVE_ANSWER or (
        len(new) >= _TERSE_ANSWER and telling > 0
    )
    heard.put += heard.asked
    heard.asked.clear()
    return len(new), telling


def _of_world(stem_: str, world: frozenset[str], language: str) -> bool:
    """A word of the prospect's world; in a language of compounds also inside a longer word
    (the event budget written as one word)."""
    if stem_ in world:
        return True
    compounds = language_of(language).info.compounds
    return compounds and any(len(w) >= _COMPOUND_PART and w in stem_ for w in world)


def hear_candidate(heard: Heard, words: Iterable[str], language: str) -> None:
    """Take in a candidate turn: its words are no longer news when the prospect repeats them."""
    said = content_stems(words, language)
    heard.seen |= said
    heard.said |= said
