"""Small hand-made scenarios, so the engine's tests do not move when the catalog content does."""

from __future__ import annotations

from typing import Any

from app.catalog.models import Scenario
from app.roleplay.engine import ProspectReply
from app.roleplay.scripted import reply
from app.roleplay.transcript import Turn


def _english() -> dict[str, Any]:
    return {
        "id": "test-call",
        "title": "Test call",
        "summary": "A test prospect.",
        "brief": "Call Alex.",
        "rubric": "test-rubric",
        "persona": {
            "name": "Alex Morgan",
            "title": "Head of Growth",
            "company": "Acme",
            "situation": "Acme wants more demo requests.",
            "temperament": "Busy.",
        },
        "opening": ["Alex here.", "Acme, Alex speaking."],
        "facts": [
            {
                "id": "goals",
                "topic": "goals",
                "value": 3,
                "reveal": [
                    "We want to double demo requests this year. That is my number.",
                    "Doubling demo requests is the goal. The board watches it monthly.",
                ],
                "asked_by": ["goals", "goal", "trying to achieve", "targets"],
            },
            {
                "id": "budget",
                "topic": "budget",
                "reveal": ["About fifty thousand for new tools.", "Fifty thousand, roughly."],
                "asked_by": ["budget", "spend"],
            },
            {
                "id": "team",
                "topic": "team",
                "reveal": ["Three marketers and a designer.", "It's four of us."],
                "asked_by": ["team", "how many people"],
            },
            {
                "id": "blog",
                "topic": "the blog they tried",
                "value": 2,
                "reveal": ["We ran a blog for a year and stopped.", "The blog died last spring."],
                "asked_by": ["blog", "content", "what have you tried"],
            },
            {
                "id": "download",
                "topic": "why they downloaded",
                "reveal": ["The board asked for more pipeline.", "Pressure from the board."],
                "asked_by": ["what made you download", "whitepaper"],
            },
        ],
        "challenge": {
            "after_candidate_turns": 3,
            "questions": ["How does SEO actually work?", "Explain SEO to me, would you?"],
            "key_points": [
                {"id": "keywords", "text": "Relevance.", "signals": ["keywords", "relevant"]},
                {"id": "answers", "text": "Answers.", "signals": ["answer questions"]},
                {"id": "links", "text": "Links.", "signals": ["links", "authority"]},
                {"id": "time", "text": "Time.", "signals": ["months", "over time"]},
            ],
            "satisfied": ["That makes sense.", "Clear, thanks."],
            "unsatisfied": ["Hm, vague.", "I'm none the wiser."],
        },
        "reactions": {
            "monologue_words": 40,
            "patience": 3,
            "cool": ["Okay.", "Right.", "Sure, sure."],
            "exit": ["I have to run.", "Let's leave it there."],
            "accept_meeting": ["Sure, Thursday works.", "Yes, send an invite."],
            "decline_meeting": ["Not yet.", "Let's not book anything."],
            "closed_yes": ["Yes.", "Correct.", "More or less."],
            "unknown": ["No idea.", "I'd have to check."],
            "stay_in_role": ["Sorry, what?", "I'm not following. Why did you call?"],
            "nudge": ["Okay. And?", "Mm-hm.", "Go on."],
        },
        "limits": {"max_candidate_turns": 8},
    }


OBJECTIONS: dict[str, dict[str, Any]] = {
    "tried": {
        "id": "tried",
        "when": "after_turns",
        "after_candidate_turns": 5,
        "lines": ["We tried this before.", "Been there, done that.", "It didn't work last time."],
        "handled_by": ["what happened", "tell me more", "makes sense"],
        "softened": ["Well, we never had a plan, honestly."],
    },
    "busy": {
        "id": "busy",
        "when": "opening",
        "lines": ["I only have two minutes."],
        "handled_by": ["understand", "quick question"],
        "softened": ["Okay, go ahead."],
    },
    "heard-it": {
        "id": "heard-it",
        "when": "on_pitch",
        "lines": ["Every vendor says that."],
        "handled_by": ["fair"],
        "softened": ["Fine."],
    },
    "send-info": {
        "id": "send-info",
        "when": "on_meeting_request",
        "lines": ["Just send me some info."],
        "handled_by": ["what would be most useful", "happy to"],
        "softened": ["Okay, thirty minutes on Thursday."],
    },
}


def _swedish() -> dict[str, Any]:
    data = _english()
    data.update(
        id="test-call-sv",
        language="sv",
        opening=["Alex här."],
        facts=[
            {
                "id": "goals",
                "topic": "mål",
                "reveal": ["Vi vill fördubbla antalet demoförfrågningar i år."],
                "asked_by": ["mål", "målsättning", "vad vill ni uppnå"],
            },
            {
                "id": "blog",
                "topic": "bloggen",
                "reveal": ["Vi hade en blogg i ett år och slutade."],
                "asked_by": ["blogg", "vad har ni testat"],
            },
            {
                "id": "download",
                "topic": "varför",
                "reveal": ["Styrelsen vill ha mer pipeline."],
                "asked_by": ["laddade ner", "whitepaper"],
            },
        ],
        reactions={
            "monologue_words": 40,
            "patience": 2,
            "cool": ["Okej.", "Jaha."],
            "exit": ["Jag måste sluta nu."],
            "accept_meeting": ["Visst, torsdag går bra."],
            "decline_meeting": ["Inte än."],
            "closed_yes": ["Ja.", "Stämmer."],
            "unknown": ["Ingen aning."],
            "stay_in_role": ["Förlåt, vad menar du?", "Jag hänger inte med. Varför ringde du?"],
            "nudge": ["Okej. Och?", "Mm."],
        },
    )
    return data


def make_scenario(language: str = "en", *objections: str, **changes: Any) -> Scenario:
    """A test scenario with the named objections from OBJECTIONS and top-level changes."""
    data = _swedish() if language == "sv" else _english()
    data["objections"] = [OBJECTIONS[name] for name in objections]
    data.update(changes)
    return Scenario.model_validate(data)


def talk(scenario: Scenario, *said: str) -> list[ProspectReply]:
    """Play the candidate's lines against the scripted prospect; its reply to each one."""
    turns = [Turn(0, "prospect", reply(scenario, []).text)]
    replies = []
    for text in said:
        turns.append(Turn(len(turns), "candidate", text))
        answer = reply(scenario, turns)
        replies.append(answer)
        turns.append(Turn(len(turns), "prospect", answer.text))
    return replies
