"""What each round measure needs from a rubric: its level thresholds, by name.

A rubric states every one of them (per criterion, or once for the whole rubric in its
`thresholds`); the values live in rubrics/*.yaml, never in the scorer. Kinds: "number", "table"
(rows of [value reached, level], best first), "credit" (a value per question type: open, closed,
leading), "counts" (a mapping of names to numbers), "levels" (a list of levels).
"""

from __future__ import annotations

_INTERROGATION = {
    "interrogation_questions": (
        "number",
        "Questions in a round that can make it an interrogation.",
    ),
    "interrogation_follow_rate": ("number", "... when fewer than this share of turns follow up."),
    "interrogation_turn_words": ("number", "... and the median turn is at most this long."),
}
THRESHOLDS: dict[str, dict[str, tuple[str, str]]] = {
    "opening": {
        "preamble": ("table", "Levels lost to the words before the first question."),
        "permitted_reason_words": ("number", "A reason the prospect agreed to hear, in words."),
        "plug_words": ("number", "A one-line plug before the first question, in words."),
        "plug_tail_words": ("number", "... and the turn ends this soon after the question."),
        "long_preamble_words": ("number", "Words of statements that make a pitched start a 1."),
        "overview_words": ("number", "A company overview this long is a 1 whatever follows."),
    },
    "discovery": {
        **_INTERROGATION,
        "fact_share": ("table", "Levels for the weighted share of the hidden facts learned."),
        "fact_credit": ("credit", "What asking about a fact earns, by the question's type."),
        "revealed_credit": ("credit", "What a fact given away earns, by the question's type."),
        "learned": ("number", "Credit from which a fact counts as learned."),
        "barrage_questions": (
            "number",
            "Questions in one turn from which only what the answer gives away is learned.",
        ),
        "checklist_facts": ("number", "... or hidden facts asked about in one turn."),
        "goal_cap": ("levels", "The level reachable with 0, 1, 2+ questions about goals."),
        "dug_full": ("number", "Open questions plus follow-ups that fill the level."),
        "questions_for_five": ("counts", "Open questions, follow-ups, goal questions for 5."),
        "questions_for_four": ("counts", "Open questions, and follow-ups or goal questions for 4."),
        "questions_for_three": ("counts", "Open questions for 3."),
        "depth_for_five": ("number", "Follow-ups the full picture of facts needs for 5."),
        "depth_for_four": ("number", "Follow-ups several facts need for 4."),
        "interrogation_cap": ("number", "The highest level of an interrogation."),
    },
    "questioning": {
        **_INTERROGATION,
        "open_share": ("table", "Levels for the share of open questions the prospect took up."),
        "many_answered": ("number", "Answered questions that lift 'no real questions' to 2."),
        "leading_share": ("number", "A share of leading questions that costs a level."),
        "stacked_share": ("number", "A share of stacked turns that costs a level."),
        "open_for_five": ("number", "Open questions taken up that level 5 needs."),
        "few_questions": ("number", "A share of asking turns below which the call is a speech."),
        "few_turns": ("number", "Turns from which `few_questions` applies."),
        "few_cap": ("number", "The highest level of a call with few questions."),
        "interrogation_cap": ("number", "The highest level of an interrogation."),
    },
    "listening": {
        **_INTERROGATION,
        "follow_rate": ("table", "Levels for the share of turns that follow up."),
        "prospect_mostly": ("number", "Talk share at most this: the prospect talks most (5)."),
        "talks_less": ("number", "Talk share at most this: talks less than the prospect (4)."),
        "talks_more": ("number", "Talk share above this: talks more than the prospect (2)."),
        "talks_most": ("number", "Talk share above this costs a level."),
        "follow_ups_for_four": ("number", "Follow-ups that level 4 needs."),
        "open_share_min": ("number", "Below this share of open questions, at most 3."),
        "pitch_penalty": ("number", "Levels a pitch or a monologue costs."),
        "pitch_share": ("number", "A share of pitching turns that makes listening a 1."),
        "mean_words": ("number", "Average turn length above which a level is lost."),
        "backchannel_words": ("number", "A prospect turn this short keeps the line open."),
        "lecture_words": ("number", "An answer to the prospect longer than this is a lecture."),
        "monologue_words": ("number", "A monologue, when the scenario does not say."),
        "few_questions": ("number", "A share of turns that drew the prospect out, below: 2."),
        "few_turns": ("number", "Turns from which `few_questions` applies."),
        "leading_limit": ("number", "Leading questions that cost a level."),
        "stacked_turns": ("number", "Stacked turns that cost a level ..."),
        "stacked_share": ("number", "... when they are this share of the asking turns."),
        "interrogation_questions_floor": ("number", "An interrogation this long is a 1."),
    },
    "preparation": {
        "coverage": ("table", "Levels for the share of the challenge's main points explained."),
        "thin_words": (
            "number",
            "An answer with fewer words of statements cannot explain: a level lost.",
        ),
        "lecture_words": ("number", "An answer longer than this is a lecture (at most 4)."),
        "lecture_cap": ("number", "The highest level of a lecture."),
        "covered_for_five": ("number", "The share of the main points level 5 needs."),
        "buzzword_share": ("number", "A share of the answer in lists of terms: a bluff (1)."),
    },
    "objection": {},
    "next-step": {
        "earned_open": ("number", "Open questions before the ask that earn a next step."),
        "levels": ("counts", "Levels: earned_concrete, earned, concrete, vague, none."),
    },
}


KINDS: dict[str, str] = {
    "number": "a number",
    "table": "a list of [value, level] rows, best first",
    "credit": "a mapping of open, closed and leading to numbers",
    "counts": "a mapping of names to numbers",
    "levels": "a list of levels",
}


def check(kind: str, value: object) -> bool:
    """Whether a threshold's value has the shape its kind needs."""
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "table":
        return isinstance(value, list) and all(
            isinstance(row, list) and len(row) == 2 and all(isinstance(x, int | float) for x in row)
            for row in value
        )
    if kind == "credit":
        return isinstance(value, dict) and {"open", "closed", "leading"} <= set(value)
    if kind == "counts":
        return isinstance(value, dict)
    if kind == "levels":
        return isinstance(value, list) and all(isinstance(x, int) for x in value)
    return False
