"""A small scenario for the LLM tests, independent of the shipped catalog's wording."""

from __future__ import annotations

from typing import Any

from app.catalog.models import Scenario
from app.roleplay.transcript import Speaker, Turn, make_turns


def make_scenario(**overrides: Any) -> Scenario:
    """A valid inbound-lead scenario; keyword arguments replace top-level fields."""
    data: dict[str, Any] = {
        "id": "test-inbound",
        "title": "Test: inbound lead",
        "language": "en",
        "summary": "A marketing lead downloaded a whitepaper.",
        "brief": "Call Dana back about the whitepaper she downloaded.",
        "persona": {
            "name": "Dana Whitfield",
            "title": "VP of Marketing",
            "company": "Sentrylane",
            "situation": "A 40-person security software company whose board wants more pipeline.",
            "temperament": "Busy and direct; warms up to good questions.",
        },
        "opening": ["Dana Whitfield speaking."],
        "facts": [
            {
                "id": "goals",
                "topic": "her goals for the year",
                "reveal": ["We want to double qualified leads, from sixty a month to 120."],
                "asked_by": ["goals"],
            },
            {
                "id": "lead-sources",
                "topic": "where leads come from",
                "reveal": ["Trade shows and cold outbound; a lead costs us about $400 now."],
                "asked_by": ["leads come from"],
            },
        ],
        "challenge": {
            "questions": ["How does SEO actually work?"],
            "after_candidate_turns": 3,
            "key_points": [{"id": "search", "text": "Search engines rank", "signals": ["rank"]}],
            "satisfied": ["That makes sense."],
            "unsatisfied": ["That sounds like fluff."],
        },
        "objections": [
            {
                "id": "agency",
                "lines": ["We already pay an agency for our content marketing."],
                "after_candidate_turns": 2,
                "handled_by": ["agency"],
                "softened": ["Fair enough, the agency has been slow."],
            }
        ],
        "reactions": {
            "monologue_words": 30,
            "patience": 2,
            "cool": ["Okay."],
            "exit": ["I have to jump into another meeting, thanks."],
            "accept_meeting": ["Sure, send me an invite."],
            "decline_meeting": ["Not yet."],
            "closed_yes": ["Yes."],
            "unknown": ["Not sure."],
            "stay_in_role": ["Sorry, what? I have a few minutes, what did you want to ask?"],
            "nudge": ["Okay, and?"],
        },
        "limits": {"max_candidate_turns": 6},
        "rubric": "roberge-curiosity",
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def round_of(*lines: str, prospect_first: bool = True) -> tuple[Turn, ...]:
    """Turns alternating prospect and candidate, starting with the prospect by default."""
    speakers: tuple[Speaker, Speaker] = (
        ("prospect", "candidate") if prospect_first else ("candidate", "prospect")
    )
    return make_turns([(speakers[i % 2], line) for i, line in enumerate(lines)])
