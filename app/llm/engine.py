"""The LLM prospect: any OpenAI-compatible chat model playing the scenario's buyer.

How the flows use it, like any ProspectEngine: show each piece `stream` yields through
`clean_reply` (the end-of-call marker arrives as a piece of its own and cleans to ""), join the
raw pieces, and pass the joined text to `finish`, whose ProspectReply.text is the clean reply to
store. If `stream` raises LLMUnavailable after some pieces, discard them and offer a retry.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import aclosing

from openai import APIConnectionError, APIStatusError, APITimeoutError, AsyncOpenAI, OpenAIError
from openai.types.chat import ChatCompletionMessageParam

from app.catalog.models import Scenario
from app.llm.errors import LLMUnavailable, Reason, unavailable
from app.llm.prompt import PROMPT_VERSION, build_messages
from app.llm.reply import END_CALL_MARKER, clean_reply, describe_reply, split_marker
from app.roleplay.engine import ProspectReply
from app.roleplay.transcript import Turn

logger = logging.getLogger(__name__)


class LLMEngine:
    """Plays the prospect through an OpenAI-compatible chat model, streaming its replies."""

    name = "llm"
    version = PROMPT_VERSION

    def __init__(
        self,
        client: AsyncOpenAI,
        model: str,
        *,
        temperature: float = 0.7,
        max_tokens: int = 300,
    ) -> None:
        self.client = client
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens

    async def stream(self, scenario: Scenario, turns: Sequence[Turn]) -> AsyncIterator[str]:
        """Yield the prospect's next reply in pieces; the end-of-call marker comes alone, last."""
        pending = ""
        spoke = False
        ended = False
        # aclosing: if the reader stops early (a browser tab closed), the HTTP stream closes now,
        # not whenever the garbage collector gets to it.
        async with aclosing(self._deltas(build_messages(scenario, turns))) as deltas:
            async for delta in deltas:
                if ended:
                    continue  # the prospect has hung up; anything after the marker goes unsaid
                pending += delta
                if END_CALL_MARKER in pending:
                    pending, _ = pending.split(END_CALL_MARKER, 1)
                    ended = True
                # Hold back a tail that could start the marker, so it never reaches a screen.
                shown, pending = (pending, "") if ended else split_marker(pending)
                if shown:
                    spoke = spoke or bool(shown.strip())
                    yield shown
        if pending:
            spoke = spoke or bool(pending.strip())
            yield pending
        if not spoke:
            raise self._fail("empty")
        if ended:
            yield END_CALL_MARKER

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
        self, messages: list[ChatCompletionMessageParam]
    ) -> AsyncGenerator[str, None]:
        received = False
        finished = False
        try:
            # max_tokens rather than max_completion_tokens: it is the one that vLLM, llama.cpp,
            # Ollama and OpenAI's chat models all accept.
            response = await self.client.chat.completions.create(
                model=self.model,
                messages=messages,
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                stream=True,
            )
            async with response:
                async for chunk in response:
                    for choice in chunk.choices[:1]:
                        if choice.delta.content:
                            received = True
                            yield choice.delta.content
                        finished = finished or choice.finish_reason is not None
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

    def _fail(self, reason: Reason, exc: Exception | None = None) -> LLMUnavailable:
        logger.warning("LLM prospect failed (%s) with model %s", reason, self.model, exc_info=exc)
        return unavailable(reason)
