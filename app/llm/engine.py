"""The LLM prospect: any OpenAI-compatible chat model playing the scenario's buyer.

How the flows use it, like any ProspectEngine: show each piece `stream` yields through
`clean_reply` (the end-of-call marker arrives as a piece of its own and cleans to ""), join the
raw pieces, and pass the joined text to `finish`, whose ProspectReply.text is the clean reply to
store. If `stream` raises LLMUnavailable after some pieces, discard them and offer a retry.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Sequence
from contextlib import aclosing

from openai import APIConnectionError, APIStatusError, APITimeoutError, AsyncOpenAI, OpenAIError
from openai.types.chat import ChatCompletionMessageParam

from app.catalog.models import Scenario
from app.llm.errors import LLMUnavailable, Reason, unavailable
from app.llm.guard import CUT_OFF, Guard, Limits, Verdict
from app.llm.prompt import PROMPT_VERSION, build_messages, direct
from app.llm.reply import END_CALL_MARKER, clean_reply, describe_reply, split_marker
from app.metrics import record_guard
from app.roleplay.engine import ProspectReply
from app.roleplay.transcript import Turn

logger = logging.getLogger(__name__)


class LLMEngine:
    """Plays the prospect through an OpenAI-compatible chat model, streaming its replies."""

    name = "llm"

    def __init__(
        self,
        client: AsyncOpenAI,
        model: str,
        *,
        temperature: float = 0.7,
        max_tokens: int = 120,
        prompt_version: str = PROMPT_VERSION,
        regenerations: int = 1,
        limits: Limits | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.version = prompt_version
        self.regenerations = regenerations
        self.limits = limits or Limits()
        # What the output guard caught since start: problems, "regenerated", "fallback".
        self.guard_counts: Counter[str] = Counter()

    async def stream(self, scenario: Scenario, turns: Sequence[Turn]) -> AsyncIterator[str]:
        """Yield the prospect's next reply in pieces; the end-of-call marker comes alone, last.

        The model's text goes through the output guard sentence by sentence as it streams. With
        a director (prospect-v2) the whole reply is also checked against the call (Guard.after)
        before any of it is shown, and its words then go out at once (the flows pace them like
        a person); prospect-v1 streams each checked sentence as it comes. A reply the guard
        leaves nothing of is asked for again (cooler), then, with a director, replaced by the
        director's own line.
        """
        direction = direct(scenario, turns) if self.version == "prospect-v2" else None
        guard = Guard(scenario, self.limits)
        earlier = [t.text for t in turns if t.speaker == "prospect"]
        ended = False
        for attempt in range(1 + self.regenerations):
            verdict = Verdict()
            marker = _Marker()
            temperature = self.temperature if attempt == 0 else min(self.temperature, 0.3)
            messages = build_messages(scenario, turns, self.version, direction)
            # aclosing: if the reader stops early (a browser tab closed, or the guard has heard
            # enough), the HTTP stream closes now, not whenever the garbage collector gets to it.
            async with (
                aclosing(self._deltas(messages, temperature)) as deltas,
                aclosing(guard.filter(marker.cut(deltas), verdict)) as checked,
            ):
                if direction is None:
                    async for piece in checked:
                        for word in _CHUNK.findall(piece):
                            yield word
                    text = verdict.shown
                else:
                    text = "".join([piece async for piece in checked])
                    if text.strip():
                        verdict.problems += guard.after(text, earlier, direction)
            self._count(verdict.problems)
            ended = marker.seen
            if direction is None and text.strip():
                break
            if text.strip() and not set(verdict.problems) & _REJECTED:
                for word in _CHUNK.findall(text):
                    yield word
                break
            if not verdict.problems:
                raise self._fail("empty")  # the model said nothing: not the guard's doing
            if attempt < self.regenerations:
                self._count(["regenerated"])
        else:
            if direction is None:
                raise self._fail("empty")
            self._count(["fallback"])
            for word in _CHUNK.findall(direction.text):
                yield word
        if ended or (direction is not None and direction.ends_call):
            yield END_CALL_MARKER

    def _count(self, events: Iterable[str]) -> None:
        for event in events:
            self.guard_counts[event] += 1
            record_guard(event)

    async def aclose(self) -> None:
        """Close the HTTP client and its connections (at shutdown, or the end of a CLI run)."""
        await self.client.close()

    def finish(self, scenario: Scenario, turns: Sequence[Turn], text: str) -> ProspectReply:
        """Describe a complete reply: facts revealed, challenge and objections, end of call."""
        return describe_reply(scenario, text)

    def shown(self, text: str) -> str:
        """The text without the model's control markers (the end-of-call marker)."""
        return clean_reply(text)

    async def _deltas(
        self, messages: list[ChatCompletionMessageParam], temperature: float
    ) -> AsyncGenerator[str, None]:
        received = False
        finished = False
        cut_off = False
        try:
            # max_tokens rather than max_completion_tokens: it is the one that vLLM, llama.cpp,
            # Ollama and OpenAI's chat models all accept.
            response = await self.client.chat.completions.create(
                model=self.model,
                messages=messages,
                temperature=temperature,
                max_tokens=self.max_tokens,
                # A small model runs on into the salesperson's lines; these cut it off there.
                stop=list(STOP_SEQUENCES),
                stream=True,
            )
            async with response:
                async for chunk in response:
                    for choice in chunk.choices[:1]:
                        if choice.delta.content:
                            received = True
                            yield choice.delta.content
                        finished = finished or choice.finish_reason is not None
                        cut_off = cut_off or choice.finish_reason == "length"
        except APITimeoutError as exc:
            raise self._fail("timeout", exc) from exc
        except APIConnectionError as exc:
            raise self._fail("dropped" if received else "unreachable", exc) from exc
        except APIStatusError as exc:
            raise self._fail("server-error", exc) from exc
        except (OpenAIError, ValueError) as exc:  # ValueError: JSON that does not parse
            raise self._fail("bad-response", exc) from exc
        if not finished:
            raise self._fail("dropped" if received else "bad-response")
        if cut_off:
            yield CUT_OFF  # the token limit ended it: the guard drops a half sentence

    def _fail(self, reason: Reason, exc: Exception | None = None) -> LLMUnavailable:
        logger.warning("LLM prospect failed (%s) with model %s", reason, self.model, exc_info=exc)
        return unavailable(reason)


# What makes a whole reply unusable (the rest only trims it).
_REJECTED = {"repeated", "off-script"}
STOP_SEQUENCES = ("<candidate_message>", "\nSalesperson:", "\nCandidate:", "\nUser:")
_CHUNK = re.compile(r"\S+\s*|\s+")


class _Marker:
    """Cuts the end-of-call marker out of the model's text, and remembers that it came."""

    def __init__(self) -> None:
        self.seen = False

    async def cut(self, deltas: AsyncIterator[str]) -> AsyncIterator[str]:
        """The text before the marker; a tail that could start it is held back until known."""
        pending = ""
        async for delta in deltas:
            if delta == CUT_OFF:
                yield delta
                continue
            pending += delta
            if END_CALL_MARKER in pending:
                pending, _ = pending.split(END_CALL_MARKER, 1)
                self.seen = True
                if pending:
                    yield pending
                return  # the prospect has hung up; anything after the marker goes unsaid
            shown, pending = split_marker(pending)
            if shown:
                yield shown
        if pending:
            yield pending
