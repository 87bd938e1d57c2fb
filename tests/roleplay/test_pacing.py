"""Replies paced like a person, on a fake clock: the waits asked for, never real time."""

from __future__ import annotations

from collections.abc import AsyncIterator

from app.config import Settings
from app.roleplay.pacing import Pace, paced


class FakeClock:
    """A clock that moves only when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def _words(*words: str) -> AsyncIterator[str]:
    for word in words:
        yield word


async def _play(pace: Pace | None, clock: FakeClock, *words: str, heard: str = "") -> list[str]:
    return [
        w async for w in paced(_words(*words), str, pace, heard, sleep=clock.sleep, clock=clock)
    ]


async def test_a_pause_then_words_at_a_speaking_pace() -> None:
    clock = FakeClock()
    out = await _play(Pace(pause=0.5, chars_per_second=10), clock, "Hello ", "there, ", "Sam.")
    assert out == ["Hello ", "there, ", "Sam."]
    # 0.5 s to think, then "Hello " (6 chars) takes 0.6 s and "there, " (7 chars) 0.7 s.
    assert [round(s, 3) for s in clock.sleeps] == [0.5, 0.6, 0.7]


async def test_a_long_message_takes_longer_to_read_up_to_a_limit() -> None:
    pace = Pace(pause=0.5, pause_per_heard_char=0.01, longest_pause=1.5)
    assert pace.first_word_after("short") == 0.55
    assert pace.first_word_after("x" * 1000) == 1.5


async def test_a_slow_source_is_not_slowed_further() -> None:
    clock = FakeClock()

    async def slow() -> AsyncIterator[str]:
        for word in ("one ", "two "):
            clock.now += 5  # the model takes longer than a person would
            yield word

    out = [w async for w in paced(slow(), str, Pace(), sleep=clock.sleep, clock=clock)]
    assert out == ["one ", "two "]
    assert clock.sleeps == []


async def test_pacing_off_passes_pieces_straight_through() -> None:
    clock = FakeClock()
    assert await _play(None, clock, "a ", "b") == ["a ", "b"]
    assert clock.sleeps == []


def test_pacing_is_a_setting() -> None:
    assert Settings(reply_pacing=False).reply_pace is None
    pace = Settings(
        reply_pacing=True, reply_pause_seconds=0.3, reply_chars_per_second=30
    ).reply_pace
    assert pace is not None and (pace.pause, pace.chars_per_second) == (0.3, 30)
