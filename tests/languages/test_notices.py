"""Refusals by reason: every reason Python names has a sentence in every language, English reads
as it did, and a request or a page gets the sentence in the language it asks for."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import pytest

from app.db.session import BUSY_DETAIL
from app.errors import Conflict, EngineUnavailable, InvalidInput
from app.flows.common import clean_text
from app.language.notices import accepted, known, notice, refusal, shown
from app.language.registry import language, languages
from app.llm.errors import Reason, unavailable

APP = Path(__file__).resolve().parents[2] / "app"


def reasons_named_in_python() -> set[str]:
    """Every reason a refusal in app/ names, and the clean_text kinds' two reasons each."""
    named: set[str] = set()
    for path in APP.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        named |= set(re.findall(r'refusal\(\s*\w+,\s*"([a-z-]+)"', source))
        named |= set(re.findall(r'reason="([a-z-]+)"', source))
        for kind in re.findall(r'clean_text\([^)]*?,\s*"([a-z-]+)"\)', source):
            named |= {f"{kind}-empty", f"{kind}-too-long"}
    default = inspect.signature(clean_text).parameters["what"].default
    return named | {f"{default}-empty", f"{default}-too-long"}


def test_every_reason_python_names_has_a_sentence_in_every_language() -> None:
    named = reasons_named_in_python()
    assert {"message-empty", "call-not-running", "prospect-silent", "answer-too-long"} <= named
    named |= {f"prospect-{r}" for r in typing.get_args(Reason)}
    for code in languages().codes:
        said = language(code).texts.errors
        assert named <= set(said), (code, named - set(said))
        assert all(sentence.strip() for sentence in said.values())


def test_english_reads_as_before() -> None:
    with pytest.raises(InvalidInput) as empty:
        clean_text("\u200b ", 100)
    assert empty.value.detail == "The message is empty."
    with pytest.raises(InvalidInput) as long:
        clean_text("x" * 11, 10, "answer")
    assert long.value.detail == "The answer is too long: at most 10 characters."
    assert (long.value.reason, dict(long.value.fields)) == ("answer-too-long", {"limit": 10})
    assert unavailable("timeout").message == (
        "The prospect's line went quiet: the AI model did not answer in time."
    )
    assert notice("busy") == BUSY_DETAIL
    assert refusal(Conflict, "time-up", error="round-over").error == "round-over"


def test_a_refusal_is_shown_in_the_readers_language() -> None:
    long = refusal(InvalidInput, "message-too-long", limit=2000)
    assert long.detail == "The message is too long: at most 2000 characters."
    assert shown(long, "sv") == "Meddelandet är för långt: högst 2000 tecken."
    assert shown(long, "de") == "Die Nachricht ist zu lang: höchstens 2000 Zeichen."
    assert shown(long, "en") == long.detail
    assert shown(long, None) == long.detail  # no language asked: the default's
    assert shown(long, "fi") == long.detail  # not present: the default's
    plain = InvalidInput("Rounds are 1 and 2.")  # no reason: its own words everywhere
    assert shown(plain, "sv") == "Rounds are 1 and 2."
    failed = refusal(EngineUnavailable, "prospect-timeout")
    assert shown(failed, "de").startswith("Die Leitung ist still geworden")


def test_a_placeholder_no_field_fills_stays_as_written() -> None:
    assert notice("message-too-long", "sv") == "Meddelandet är för långt: högst {limit} tecken."
    assert known("message-empty") and not known("no-such-reason")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, None),
        ("", None),
        ("sv", "sv"),
        ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
        ("de-DE", "de"),
        ("fi, de;q=0.5", "de"),  # the first present one
        ("en;q=0.4, sv;q=0.9", "sv"),  # by quality, not order
        ("sv;q=0, de;q=0.1", "de"),  # q=0 means "not this one"
        ("*", None),
        ("fi", None),
        ("SV", "sv"),
        ("sv;q=abc, en", "en"),  # a quality that is not a number counts as 0
    ],
)
def test_accept_language_picks_a_present_language(header: str | None, code: str | None) -> None:
    assert accepted(header) == code
