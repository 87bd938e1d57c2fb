"""The scripted prospect on the scenario files the project ships."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.catalog.models import Scenario
from tests.roleplay.factories import talk

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def _load(path: Path) -> Scenario:
    return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_fact_comes_out_when_asked_by_its_own_words(path: Path) -> None:
    scenario = _load(path)
    ask = "Berätta: {}?" if scenario.language == "sv" else "Tell me: {}?"
    for fact in scenario.facts:
        phrase = max(fact.asked_by, key=len)
        [answer] = talk(scenario, ask.format(phrase))
        assert fact.id in answer.revealed, (fact.id, phrase, answer)


def _roberge() -> Scenario:
    return _load(Path(__file__).parents[2] / "scenarios" / "roberge-inbound-whitepaper.yaml")


def test_a_curious_call_goes_well() -> None:
    replies = talk(
        _roberge(),
        "Hi Dana, it's Sam from HubSpot. I saw you downloaded our whitepaper on inbound "
        "marketing this morning. What prompted you to download it?",
        "That makes sense. What are the board's goals for marketing this year?",
        "How do you get leads today?",
        "Search engines rank pages by how relevant they are to what buyers search for. If your "
        "content answers the questions buyers ask, other sites link to it, and over months it "
        "compounds. Does that help?",
        "Who's on your marketing team today?",
        "What have you tried so far with content?",
        "That makes sense. What happened with it?",
        "Who else would be involved in a decision like this?",
        "Would it make sense to book thirty minutes next week to look at a plan?",
        "Happy to. What would be most useful for you to see?",
    )
    events = [e for r in replies for e in r.events]
    revealed = {f for r in replies for f in r.revealed}
    assert not any(r.ends_call for r in replies)
    assert {"challenge", "challenge-satisfied", "meeting-accepted"} <= set(events)
    assert "cooled" not in events
    assert len(revealed) >= 5


def test_show_up_and_throw_up_ends_early() -> None:
    replies = talk(
        _roberge(),
        "Hi Dana, I've been at HubSpot for five years and we help companies like yours grow.",
        "Our platform brings together marketing, sales and service in one place.",
        "Our customers typically double their leads in the first year with our software.",
    )
    assert replies[-1].ends_call
    assert all("cooled" in r.events for r in replies)
    assert not any(r.revealed for r in replies)
