"""Replies paced like a person: a short pause before the first word, then words at a speaking pace.

A reply that is ready at once (the scripted prospect) would otherwise arrive in 30 ms, which
reads as a machine. The pacer only ever waits: a model slower than a person is passed through
as it streams, a faster one is held back to the human schedule.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
# Looked up per call, so tests of the flows can swap in a fake clock.
_sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
_clock: Callable[[], float] = time.monotonic


@dataclass(frozen=True, slots=True)
class Pace:
    """How a person answers: thinking time, then characters per second (about 200 words/min)."""

    pause: float = 0.8
    chars_per_second: float = 20.0
    pause_per_heard_char: float = 0.004  # reading a long message takes a moment longer
    longest_pause: float = 2.0

    def first_word_after(self, heard: str) -> float:
        """Seconds before the first word, given the message being answered."""
        return min(self.longest_pause, self.pause + self.pause_per_heard_char * len(heard))


async def paced(
    pieces: AsyncIterator[T],
    text_of: Callable[[T], str],
    pace: Pace | None,
    heard: str = "",
    *,
    sleep: Callable[[float], Awaitable[object]] | None = None,
    clock: Callable[[], float] | None = None,
) -> AsyncIterator[T]:
    """Yield `pieces` no sooner than a person would say them; `pace=None` passes them through."""
    sleep = sleep or _sleep
    clock = clock or _clock
    if pace is None:
        async for piece in pieces:
            yield piece
        return
    start = clock() + pace.first_word_after(heard)
    said = 0
    async for piece in pieces:
        wait = start + said / pace.chars_per_second - clock()
        if wait > 0:
            await sleep(wait)
        said += len(text_of(piece))
        yield piece
