"""The session file accepts the interchange shape and the names other tools give the sides."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.session_file import SessionFile


def test_minimal_file_reads_as_numbered_turns() -> None:
    session = SessionFile.model_validate(
        {
            "scenario": "roberge-inbound-whitepaper",
            "rounds": [
                {
                    "turns": [
                        {"speaker": "prospect", "text": "Dana speaking."},
                        {"speaker": "candidate", "text": "Hi Dana."},
                    ]
                }
            ],
        }
    )
    turns = session.rounds[0].as_turns()
    assert [(t.index, t.speaker) for t in turns] == [(0, "prospect"), (1, "candidate")]
    assert session.rubric is None and session.coaching is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Salesperson", "candidate"),
        ("rep", "candidate"),
        ("Sales_Rep", "candidate"),
        ("Account Executive", "candidate"),
        ("Buyer", "prospect"),
        ("Interviewer", "prospect"),
        ("kund", "prospect"),
    ],
)
def test_other_tools_names_for_the_sides(given: str, expected: str) -> None:
    session = SessionFile.model_validate(
        {"scenario": "call", "rounds": [{"turns": [{"speaker": given, "content": "Hello"}]}]}
    )
    assert session.rounds[0].as_turns()[0].speaker == expected
    assert session.model_dump()["rounds"][0]["turns"][0] == {"speaker": expected, "text": "Hello"}


def test_unknown_speaker_and_missing_round_are_errors() -> None:
    with pytest.raises(ValidationError, match="speaker"):
        SessionFile.model_validate(
            {"scenario": "x", "rounds": [{"turns": [{"speaker": "bob", "text": "hi"}]}]}
        )
    with pytest.raises(ValidationError, match="rounds"):
        SessionFile.model_validate({"scenario": "x", "rounds": []})


def test_a_bare_list_of_turns_is_round_one_of_an_unknown_scenario() -> None:
    session = SessionFile.model_validate({"turns": [{"speaker": "seller", "text": "Hi there."}]})
    assert session.scenario == "unknown"
    assert session.rounds[0].as_turns()[0].speaker == "candidate"
