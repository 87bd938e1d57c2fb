"""The report's summary lines: words and numbers for each figure, and the standing."""

from __future__ import annotations

from app.flows import FlagView, Standing
from app.web.summary import band, flag_text, ordinal, report_summary


def lines_by_key(**figures: object) -> dict[str, tuple[str, str, str]]:
    defaults: dict[str, object] = {
        "status": "finished",
        "totals": (48, 72),
        "rounds": (),
        "applied": 0.75,
        "applied_detail": "Listening 2 → 4.",
        "self_score": 2,
        "flags": (),
        "standing": None,
    }
    lines = report_summary(**{**defaults, **figures})  # type: ignore[arg-type]
    return {line.key: (line.figure, line.words, line.detail) for line in lines}


def test_each_figure_is_a_number_and_words() -> None:
    lines = lines_by_key()
    assert lines["call1"][:2] == ("48/100", "fair")
    assert lines["call2"][:2] == ("72/100", "good, +24 on call 1")
    assert lines["applied"] == ("75%", "applied", "Listening 2 → 4.")
    assert lines["self"][:2] == ("2/5", "misjudged much of the call")
    assert lines["flags"][:2] == ("0", "none raised")
    assert "standing" not in lines  # an interview outside an opening


def test_flags_say_where_what_and_which_turns() -> None:
    flags = (
        FlagView("round1", "pasted-dialogue", (2,)),
        FlagView("round2", "hollow-questions", (1, 5)),
        FlagView("self_assessment", "prompt-injection", ()),
    )
    figure, words, detail = lines_by_key(flags=flags)["flags"]
    assert (figure, words) == ("3", "read before deciding")
    assert detail == (
        "call 1: an invented dialogue pasted into one message (turn 3); "
        'call 2: questions about nothing in particular ("Tell me more." as a habit) (turns 2, 6); '
        "the self-assessment: text aimed at the AI or the scorer instead of the prospect"
    )
    assert flag_text(FlagView("round1", "a-new-kind", ())) == "call 1: a new kind"


def test_an_interview_not_played_yet_says_so() -> None:
    lines = lines_by_key(status="invited", totals=(None, None), applied=None, self_score=None)
    assert lines["call1"][:2] == ("–", "not played yet")
    assert lines["applied"][:2] == ("–", "measured once call 2 is over")
    assert lines["flags"][:2] == ("–", "none yet")


def test_the_standing_says_where_the_candidate_is_in_the_opening() -> None:
    top = Standing("o", "AE Nordics", 1, 8, 10)
    assert lines_by_key(standing=top)["standing"] == (
        "1st of 8",
        "top of the opening",
        "in AE Nordics, by call 2, then coaching applied, then call 1; 2 of 10 not finished yet",
    )
    assert (
        lines_by_key(standing=Standing("o", "AE", 2, 8, 8))["standing"][1] == "in the top quarter"
    )
    assert lines_by_key(standing=Standing("o", "AE", 5, 8, 8))["standing"][:2] == (
        "5th of 8",
        "ranked",
    )
    waiting = lines_by_key(standing=Standing("o", "AE", None, 3, 5))["standing"]
    assert waiting[:2] == ("–", "ranked once both calls are over (3 ranked so far)")


def test_bands_and_ordinals() -> None:
    assert [band("call_total", t)[0] for t in (100, 75, 60, 45, 30, 0)] == [
        "strong",
        "strong",
        "good",
        "fair",
        "weak",
        "poor",
    ]
    assert band("applied", 0.0) == ("not applied", "bad")
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"
    ]  # fmt: skip
