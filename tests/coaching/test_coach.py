"""One strength and one improvement, each quoting a line that shows it, in plain words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from app.catalog.loader import Catalog
from app.catalog.models import Rubric
from app.coaching.coach import coach_on, pick_coaching
from app.coaching.models import Coaching
from app.coaching.phrases import messages
from app.coaching.reading import read_lines
from app.report import score_session
from app.roleplay.transcript import make_turns
from app.session_file import SessionFile
from tests.coaching.scorecards import ScriptLine, scorecard, scripted

TURNS = make_turns(
    [
        ("prospect", "Dana speaking."),
        (
            "candidate",
            "Hi Dana, this is Sam. HubSpot is the leading inbound marketing platform, trusted "
            "by thousands of companies around the world. What made you download the guide?",
        ),
        ("prospect", "The board wants more pipeline from marketing."),
        ("candidate", "You mentioned the board. What number did they give you?"),
        ("prospect", "Double the leads."),
        ("candidate", "Is that this year?"),
    ]
)

# A round as the annotator reads it: a pitch before the first question, a follow-up, a yes/no
# question answered with a "Yes.", and an answer to the hard question handed back with a question.
CALL: list[ScriptLine] = [
    ("prospect", "Dana speaking."),
    (
        "candidate",
        "Hi Dana, this is Sam from HubSpot. HubSpot is the leading inbound marketing platform, "
        "trusted by thousands of companies around the world. What made you download the guide?",
        {"question": "open", "questions": 1, "pitch": True},
    ),
    (
        "prospect",
        "The board wants marketing to bring in its own pipeline now that trade shows got cut.",
        {"new_words": 12, "telling": 3, "revealed": ("why-downloaded",)},
    ),
    (
        "candidate",
        "You mentioned the board. What number did they give you?",
        {"question": "open", "questions": 1, "follow_up": True},
    ),
    (
        "prospect",
        "Double the qualified leads, sixty to a hundred and twenty a month.",
        {"new_words": 10, "telling": 4, "revealed": ("goal-number",)},
    ),
    ("candidate", "Do you have a blog?", {"question": "closed", "questions": 1}),
    ("prospect", "Yes.", {"new_words": 0}),
    (
        "candidate",
        "Okay. Who writes for it today?",
        {"question": "open", "questions": 1, "follow_up": True},
    ),
    (
        "prospect",
        "Nobody since our developer left. How does SEO actually work, by the way?",
        {"new_words": 8, "telling": 2, "challenge_asked": True},
    ),
    (
        "candidate",
        "Search engines rank the pages that best answer what people type, and links from other "
        "sites count as votes of trust. It takes a few months. What do your buyers ask most?",
        {"question": "open", "questions": 1, "challenge_points": ("relevance", "links")},
    ),
    ("prospect", "Mostly how long an audit takes.", {"new_words": 6, "telling": 2}),
]

# Words a candidate should never read: ids, weights, scorer jargon.
JARGON = re.compile(
    r"hidden fact|key point|weight|challenge|criteri|\d+ ?%|\bturn \d|dolda fakta|"
    r"nyckelpunkt|utmaning|kriteri|[a-z]+-[a-z]+-?[a-z]*\b(?<!e-mail)",
    re.IGNORECASE,
)


def coached(
    rubric: Rubric,
    levels: dict[str, int],
    script: Sequence[ScriptLine],
    strength: str,
    improvement: str,
) -> Coaching:
    """Coaching on two named criteria of a scripted round."""
    card, turns = scripted(rubric, levels, script)
    return coach_on(rubric, card, turns, strength, improvement)


# --------------------------------------------------------------------------- picking criteria


def test_best_and_worst_criteria_with_quotes(rubric: Rubric) -> None:
    levels = {"opening": 2, "listening": 5, "goal-discovery": 4}
    coaching = pick_coaching(rubric, *scripted(rubric, levels, CALL))
    strength, improvement = coaching.strength, coaching.improvement
    assert (strength.criterion, improvement.criterion) == ("listening", "opening")
    assert strength.name == "Listening" and improvement.name == "Opening"
    # The follow-up that drew the longer answer, and the pitch before the first question.
    assert strength.quote == "What number did they give you?" and strength.turn == 3
    assert improvement.turn == 1
    assert improvement.quote.startswith("HubSpot is the leading inbound marketing platform")
    opening = rubric.criterion("opening")
    assert opening is not None and improvement.message.endswith(opening.coaching.improvement)


def test_strength_ties_go_to_weight_then_evidence_then_rubric_order(rubric: Rubric) -> None:
    everything_four = {c.id: 4 for c in rubric.criteria}
    assert pick_coaching(rubric, scorecard(rubric, everything_four), TURNS).strength.criterion == (
        "goal-discovery"
    )
    no_discovery = {**everything_four, "goal-discovery": 3}
    more_evidence = scorecard(rubric, no_discovery, evidence={"listening": (1, 3, 5)})
    assert pick_coaching(rubric, more_evidence, TURNS).strength.criterion == "listening"
    assert pick_coaching(rubric, scorecard(rubric, no_discovery), TURNS).strength.criterion == (
        "opening"
    )


def test_improvement_ties_go_to_weight_then_earlier_in_the_call(rubric: Rubric) -> None:
    levels = {"opening": 2, "listening": 2, "goal-discovery": 5, "preparation": 4}
    late_opening = scorecard(rubric, levels, evidence={"opening": (5,), "listening": (3,)})
    early_opening = scorecard(rubric, levels, evidence={"opening": (1,), "listening": (3,)})
    assert pick_coaching(rubric, early_opening, TURNS).improvement.criterion == "opening"
    assert pick_coaching(rubric, late_opening, TURNS).improvement.criterion == "listening"
    heavy = scorecard(rubric, {**levels, "goal-discovery": 2, "open-questions": 5})
    assert pick_coaching(rubric, heavy, TURNS).improvement.criterion == "goal-discovery"


@pytest.mark.parametrize(
    ("raw", "improvement"),
    [
        ({"opening": 2.4, "listening": 1.6}, "listening"),
        ({"opening": 1.6, "listening": 2.4}, "opening"),
    ],
)
def test_equal_levels_are_split_by_the_unrounded_ones(
    rubric: Rubric, raw: dict[str, float], improvement: str
) -> None:
    levels = {"opening": 2, "listening": 2, "goal-discovery": 5, "preparation": 4}
    card = scorecard(rubric, levels, evidence={"opening": (1,), "listening": (3,)}, raw=raw)
    assert pick_coaching(rubric, card, TURNS).improvement.criterion == improvement


def test_strength_and_improvement_always_differ(rubric: Rubric) -> None:
    flat = scorecard(rubric, {c.id: 3 for c in rubric.criteria})
    coaching = pick_coaching(rubric, flat, TURNS)
    assert coaching.strength.criterion != coaching.improvement.criterion


def test_unassessed_criterion_is_not_coached(rubric: Rubric) -> None:
    levels = {c.id: 4 for c in rubric.criteria} | {"preparation": 3}
    card = scorecard(rubric, levels, unassessed=("preparation",))
    coaching = pick_coaching(rubric, card, TURNS)
    assert "preparation" not in (coaching.strength.criterion, coaching.improvement.criterion)


def test_unknown_criterion_is_a_clear_error(rubric: Rubric) -> None:
    with pytest.raises(ValueError, match="no criterion 'charm'"):
        coach_on(rubric, scorecard(rubric, {}), TURNS, "charm", "opening")


# --------------------------------------------------------------------------- quotes


def test_the_two_points_never_quote_the_same_line(rubric: Rubric) -> None:
    # The opening's only question is also the open question that drew the longest answer: the
    # improvement keeps it and the strength quotes its next best line, in another turn.
    longer = ("prospect", CALL[2][1], {"new_words": 30, "telling": 3})
    script: list[ScriptLine] = [*CALL[:2], longer, *CALL[3:]]
    card, turns = scripted(rubric, {"open-questions": 4, "opening": 2}, script)
    coaching = coach_on(rubric, card, turns, "open-questions", "opening")
    assert coaching.improvement.turn == 1
    assert coaching.strength.turn not in (None, 1)
    assert coaching.strength.quote != coaching.improvement.quote


def test_a_closed_question_is_quoted_for_closed_questions(rubric: Rubric) -> None:
    point = coached(rubric, {"open-questions": 2}, CALL, "listening", "open-questions")
    improvement = point.improvement
    assert improvement.quote == "Do you have a blog?"
    assert improvement.message.startswith(
        "This could be answered with a yes or a no, and that is about all you got."
    )
    assert "Wouldn't you agree" not in improvement.message


def test_leading_questions_get_advice_about_leading_questions(catalog: Catalog) -> None:
    rubric = catalog.rubric("objection-handling")
    script: list[ScriptLine] = [
        ("prospect", "Marcus here."),
        ("candidate", "Hi Marcus, it's Sam. Do you have a minute?", {"question": "closed"}),
        ("prospect", "Honestly, just send me an email.", {"objection": "send-info"}),
        (
            "candidate",
            "Sure. Do you track deals in a CRM today?",
            {"question": "closed", "questions": 1},
        ),
        ("prospect", "Spreadsheets.", {"new_words": 1}),
        (
            "candidate",
            "Is it working for the team?",
            {"question": "closed", "questions": 1},
        ),
        ("prospect", "Not really.", {"new_words": 2}),
    ]
    closed = coached(rubric, {"questions": 2}, script, "next-step", "questions").improvement
    # The rubric's own advice says to drop "Wouldn't you agree": never when it was not said.
    assert "Wouldn't you agree" not in closed.message
    assert closed.message.startswith("This could be answered with a yes or a no")
    leading_turn = ("candidate", "Wouldn't you agree spreadsheets are holding you back?")
    script[5] = (*leading_turn, {"question": "leading", "questions": 1})
    leading = coached(rubric, {"questions": 2}, script, "next-step", "questions").improvement
    assert leading.quote == "Wouldn't you agree spreadsheets are holding you back?"
    assert leading.message.startswith("This question suggested its own answer")


def test_stacked_questions_are_quoted_together_and_counted(rubric: Rubric) -> None:
    script: list[ScriptLine] = [
        *CALL[:5],
        (
            "candidate",
            "Who writes your content? What tools do you use? And what is the budget?",
            {"question": "open", "questions": 3, "stacked": True},
        ),
        ("prospect", "Me, WordPress, and not much.", {"new_words": 5, "telling": 1}),
        (
            "candidate",
            "Which of those worries you most? And who signs off?",
            {"question": "open", "questions": 2, "stacked": True},
        ),
        ("prospect", "Budget.", {"new_words": 1}),
    ]
    improvement = coached(rubric, {"open-questions": 2}, script, "listening", "open-questions")
    point = improvement.improvement
    assert point.turn == 5
    assert point.quote == "Who writes your content? What tools do you use? And what is the budget?"
    assert point.message.startswith("Here you asked 3 questions in one breath")


def test_preparation_says_it_was_handed_back_only_when_it_was(rubric: Rubric) -> None:
    handed = coached(rubric, {"preparation": 4}, CALL, "preparation", "opening").strength
    assert handed.quote.startswith("Search engines rank the pages")
    assert "handed the conversation back" in handed.message
    kept = [
        *CALL[:9],
        (
            "candidate",
            "Great question! Search engines rank the pages that best answer what people type, "
            "and links from other sites count as votes of trust. It takes a few months.",
            {"challenge_points": ("relevance", "links")},
        ),
        CALL[10],
    ]
    strength = coached(rubric, {"preparation": 4}, kept, "preparation", "opening").strength
    assert strength.quote.startswith("Search engines rank the pages")
    assert "handed" not in strength.message
    improvement = coached(rubric, {"preparation": 3}, kept, "opening", "preparation")
    assert improvement.improvement.message.startswith(
        "Your answer explained part of what the prospect asked, but not all of it, and you did "
        "not hand the conversation back with a question."
    )


def test_praise_for_an_objection_needs_an_objection_acknowledged(catalog: Catalog) -> None:
    rubric = catalog.rubric("objection-handling")
    script: list[ScriptLine] = [
        ("prospect", "Marcus here."),
        ("candidate", "Hi Marcus, it's Sam from Acme. Got a minute?", {"question": "closed"}),
        ("prospect", "Honestly, just send me an email.", {"objection": "send-info"}),
        (
            "candidate",
            "Our CRM saves reps an hour a day and every broker in town uses it.",
            {"pitch": True},
        ),
        ("prospect", "Fine.", {"new_words": 0}),
    ]
    ignored = coached(rubric, {"acknowledge": 3}, script, "acknowledge", "next-step")
    assert "acknowledged" not in ignored.strength.message
    script[3] = (
        "candidate",
        "Totally fair, you're busy. What would make an email worth opening for you?",
        {"question": "open", "questions": 1, "objection": "send-info"},
    )
    heard = coached(rubric, {"acknowledge": 5}, script, "acknowledge", "next-step")
    assert heard.strength.message.startswith(
        "When the prospect pushed back, you acknowledged it and asked about it"
    )


def test_the_words_beside_a_speech_are_the_quoted_turns_own(rubric: Rubric) -> None:
    speech = " ".join(["We help companies like yours grow with content and automation."] * 8)
    script: list[ScriptLine] = [
        *CALL[:5],
        ("candidate", speech, {"pitch": True, "monologue": True}),
        ("prospect", "Okay.", {"new_words": 0}),
    ]
    card, turns = scripted(rubric, {"listening": 2}, script)
    point = coach_on(rubric, card, turns, "opening", "listening").improvement
    assert point.turn == 5
    assert point.message.startswith(f"Here you talked for {len(speech.split())} words in one go")


def test_speech_to_text_quote_keeps_the_candidates_spelling() -> None:
    text = "hi dana its kim from hubspot you downloaded our white paper so um what made you grab it"
    lines = read_lines(1, text, "en")
    assert [line.text for line in lines if line.asks] == ["what made you grab it"]
    assert all(line.text in text for line in lines)


def test_a_long_quote_is_shortened() -> None:
    rambling = "So I think that " + "we could maybe help with that and " * 8 + "more."
    (line,) = read_lines(1, rambling, "en")
    assert line.text == rambling
    coaching_quote = " ".join(rambling.split()[:25]) + " …"
    assert len(coaching_quote.split()) == 26  # what the point shows: 25 words and an ellipsis


# --------------------------------------------------------------------------- framing


def test_a_weak_best_criterion_is_not_praised(rubric: Rubric) -> None:
    levels = {c.id: 1 for c in rubric.criteria} | {"listening": 2}
    strength = pick_coaching(rubric, *scripted(rubric, levels, CALL)).strength
    listening = rubric.criterion("listening")
    assert strength.criterion == "listening" and listening is not None
    assert listening.coaching.strength not in strength.message
    assert "Nothing stood out as a strength yet" in strength.message


def test_an_all_five_round_still_gets_an_improvement_framed_as_polish(rubric: Rubric) -> None:
    fives = {c.id: 5 for c in rubric.criteria}
    raw = {"opening": 5.0, "goal-discovery": 4.9, "open-questions": 4.6, "listening": 5.0}
    card, turns = scripted(rubric, fives, CALL, raw={**raw, "preparation": 4.8})
    coaching = pick_coaching(rubric, card, turns)
    # The most room left, measured on the unrounded levels.
    assert coaching.improvement.criterion == "open-questions"
    assert "from good to great" in coaching.improvement.message
    assert coaching.improvement.quote == "Do you have a blog?"
    assert coaching.strength.criterion in ("opening", "listening")


def test_a_weak_improvement_is_not_called_polish(rubric: Rubric) -> None:
    card, turns = scripted(rubric, {c.id: 4 for c in rubric.criteria} | {"opening": 2}, CALL)
    improvement = pick_coaching(rubric, card, turns).improvement
    assert improvement.criterion == "opening"
    assert "good to great" not in improvement.message


def test_round_without_candidate_turns_still_coaches(rubric: Rubric) -> None:
    card = scorecard(
        rubric,
        {c.id: 1 for c in rubric.criteria},
        evidence=dict.fromkeys((c.id for c in rubric.criteria), ()),
    )
    coaching = pick_coaching(rubric, card, make_turns([("prospect", "Hello?")]))
    for point in (coaching.strength, coaching.improvement):
        assert point.quote == "" and point.turn is None
        assert "no candidate turns" in point.message
    assert coaching.strength.criterion != coaching.improvement.criterion


def test_swedish_coaching(catalog: Catalog) -> None:
    rubric = catalog.rubric("roberge-curiosity-sv")
    script: list[ScriptLine] = [
        ("prospect", "Karin här."),
        (
            "candidate",
            "Hej Karin, Sara från HubSpot. Har du hunnit läsa guiden?",
            {"question": "closed", "questions": 1},
        ),
        ("prospect", "Ja.", {"new_words": 0}),
        (
            "candidate",
            "Vad fick dig att ladda ner den?",
            {"question": "open", "questions": 1},
        ),
        (
            "prospect",
            "Styrelsen vill att marknad tar fram egen pipeline nu när mässorna dras ner.",
            {"new_words": 11, "telling": 3},
        ),
    ]
    coaching = coached(rubric, {"open-questions": 2}, script, "opening", "open-questions")
    assert coaching.improvement.quote == "Har du hunnit läsa guiden?"
    assert coaching.improvement.message.startswith("Den här gick att svara ja eller nej på")
    empty = scorecard(
        rubric,
        {c.id: 1 for c in rubric.criteria},
        evidence=dict.fromkeys((c.id for c in rubric.criteria), ()),
    )
    assert "inga repliker" in pick_coaching(rubric, empty, ()).improvement.message


# --------------------------------------------------------------------------- plain words

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
LABELLED = sorted((GOLDEN / "dev" / "sessions").glob("*.json")) + sorted(
    (GOLDEN / "blind" / "sessions").glob("*.json")
)


def test_the_coachs_own_phrases_are_plain_words() -> None:
    for language in ("en", "sv"):
        texts = messages(language)
        phrases = yaml.safe_dump({k: v for k, v in texts.items() if k != "summary"})
        for measure in ("opening", "discovery", "questioning", "listening", "preparation"):
            for side in ("strength", "improvement"):
                for key, phrase in texts[measure][side].items():
                    for text in phrase.values():
                        assert not JARGON.search(text.replace("yes/no", "")), (key, text)
        assert "{" not in phrases.replace("{words", "").replace("{questions", "").replace(
            "{level", ""
        ).replace("{seen", "").replace("{advice", "")


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.stem)
def test_labelled_sessions_get_coaching_a_person_would_write(catalog: Catalog, path: Path) -> None:
    session = SessionFile.model_validate_json(path.read_text(encoding="utf-8"))
    report = score_session(session, catalog)
    strength, improvement = report.coaching.strength, report.coaching.improvement
    assert improvement.quote and strength.quote != improvement.quote
    spoken = {t.index: t.text for t in report.rounds[0].turns if t.speaker == "candidate"}
    for point in (strength, improvement):
        if point.quote:
            assert point.turn in spoken
            assert point.quote.removesuffix(" …") in spoken[point.turn]
        rubric_ids = {c.id for c in report.rubric.criteria} - {"listening", "opening"}
        assert not any(i in point.message for i in rubric_ids), point.message
        assert "%" not in point.message and "hidden fact" not in point.message
