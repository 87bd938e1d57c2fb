"""The judge's side of the model: its prompt, its structured output, one call at a time.

Candidate text is data, never instructions: the call goes into the request as numbered lines
between two marker lines that carry a random token drawn for that one request, and every text
is defused first (marker look-alikes taken apart, one line per turn), so nothing a candidate
types can close the data early, even if they guessed the format.

Temperature 0 and structured output are asked for where the server allows them: a server that
refuses either (400/422) is asked again without it, and the refusal is remembered.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import unicodedata
from typing import Any, Literal

from openai import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncOpenAI,
    OpenAIError,
)
from openai.types.chat import (
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)

from app.judge.models import Call, JudgeInput
from app.llm.prompt import template

logger = logging.getLogger(__name__)

JUDGE_PROMPT_VERSION = "judge-v1"
_SYSTEM_TEMPLATE = "judge_v1_system.j2"
_USER_TEMPLATE = "judge_v1_user.j2"

# json_schema: OpenAI's structured outputs (also vLLM, llama.cpp's server, Ollama).
# json_object+schema: {"type": "json_object", "schema": ...} (llama-cpp-python, Anyscale).
# json_object: any JSON at all. none: ask in words only.
ResponseFormat = Literal["json_schema", "json_object+schema", "json_object", "none"]
RESPONSE_FORMATS: tuple[ResponseFormat, ...] = (
    "json_schema",
    "json_object+schema",
    "json_object",
    "none",
)
_REFUSALS = (400, 422, 500)
# Bounds of a grammar-constrained answer: a quote is a few words, a reason one sentence.
MAX_QUOTES = 3
MAX_QUOTE_CHARS = 200
MAX_REASON_CHARS = 240
_MARKER_LOOKALIKE = re.compile(r"<{2,}|>{2,}|\u2039{2,}|\u203a{2,}")


def defuse(text: str) -> str:
    """A text from the call made safe to place between the markers: one line, no look-alikes."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )
    # Runs of angle brackets could imitate a marker; one line per turn keeps "[7] Prospect:"
    # typed inside a message from passing for a line of its own.
    return _MARKER_LOOKALIKE.sub(lambda m: "‹" * len(m.group(0)), " ".join(folded.split()))


def new_token(texts: tuple[str, ...]) -> str:
    """A random token for this request's markers, found in none of the call's texts."""
    while True:
        token = secrets.token_hex(8).upper()
        if not any(token in text.upper() for text in texts):
            return token


def markers(token: str) -> tuple[str, str]:
    """The opening and closing marker lines for a token."""
    return f"<<<CALL {token}>>>", f"<<<END OF CALL {token}>>>"


def render_messages(judge_input: JudgeInput, token: str) -> list[ChatCompletionMessageParam]:
    """The system and user messages of one judge request, with this request's markers."""
    open_marker, close_marker = markers(token)
    review = judge_input.review_line
    system = template(_SYSTEM_TEMPLATE, judge_input.language).render(
        open_marker=open_marker, close_marker=close_marker, review=review
    )
    lines = [
        {"number": line.number, "speaker": line.speaker, "text": defuse(line.text)}
        for line in judge_input.lines
    ]
    user = template(_USER_TEMPLATE, judge_input.language).render(
        title=judge_input.rubric_title,
        criteria=judge_input.criteria,
        facts=judge_input.facts,
        lines=lines,
        review=review,
        open_marker=open_marker,
        close_marker=close_marker,
    )
    return [
        ChatCompletionSystemMessageParam(role="system", content=system.strip()),
        ChatCompletionUserMessageParam(role="user", content=user.strip()),
    ]


def output_schema(judge_input: JudgeInput, *, bounded: bool = False) -> dict[str, Any]:
    """The JSON Schema of the answer: one entry per criterion, by id, each with its evidence
    first, then the reason, then the level (so a model constrained to it quotes before it
    decides). Strict-mode compatible: every field required, nothing else allowed. `bounded`
    caps the lengths too, for servers that turn the schema into a grammar (a small local model
    otherwise quotes on until the token limit)."""
    text: dict[str, Any] = {"type": "string"}
    quotes: dict[str, Any] = {"type": "array", "minItems": 1}
    reason: dict[str, Any] = {"type": "string"}
    if bounded:
        text["maxLength"] = MAX_QUOTE_CHARS
        quotes["maxItems"] = MAX_QUOTES
        reason["maxLength"] = MAX_REASON_CHARS
    quotes["items"] = {
        "type": "object",
        "properties": {"line": {"type": "integer"}, "text": text},
        "required": ["line", "text"],
        "additionalProperties": False,
    }
    opinion = {
        "type": "object",
        "properties": {
            "quotes": quotes,
            "reason": reason,
            "level": {"type": "integer", "enum": [1, 2, 3, 4, 5]},
        },
        "required": ["quotes", "reason", "level"],
        "additionalProperties": False,
    }
    ids = [c.id for c in judge_input.criteria]
    return {
        "type": "object",
        "properties": {
            "criteria": {
                "type": "object",
                "properties": {criterion: opinion for criterion in ids},
                "required": ids,
                "additionalProperties": False,
            }
        },
        "required": ["criteria"],
        "additionalProperties": False,
    }


def response_format(kind: ResponseFormat, judge_input: JudgeInput) -> dict[str, Any] | None:
    """The `response_format` request field for a kind of structured output (None: leave out)."""
    if kind == "json_schema":
        schema = output_schema(judge_input)
        return {
            "type": "json_schema",
            "json_schema": {"name": "judgement", "schema": schema, "strict": True},
        }
    if kind == "json_object+schema":
        return {"type": "json_object", "schema": output_schema(judge_input, bounded=True)}
    if kind == "json_object":
        return {"type": "json_object"}
    return None


def _refuses(exc: APIStatusError, *words: str) -> bool:
    text = f"{exc.message} {json.dumps(exc.body) if exc.body is not None else ''}".lower()
    return any(word in text for word in words)


class LLMJudge:
    """Asks an OpenAI-compatible chat model for one judgement at a time."""

    version = JUDGE_PROMPT_VERSION

    def __init__(
        self,
        client: AsyncOpenAI,
        model: str,
        *,
        temperature: float | None = 0.0,
        max_tokens: int = 1500,
        structured: ResponseFormat = "json_schema",
    ) -> None:
        self.client = client
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.structured: ResponseFormat = structured

    async def ask(self, judge_input: JudgeInput) -> Call:
        """One request with fresh markers; a failure comes back as Call.failure, never raised."""
        messages = render_messages(judge_input, new_token(judge_input.texts()))
        started = time.perf_counter()
        while True:
            extra: dict[str, Any] = {}
            if self.temperature is not None:
                extra["temperature"] = self.temperature
            shape = response_format(self.structured, judge_input)
            if shape is not None:
                extra["response_format"] = shape
            try:
                # max_tokens, not max_completion_tokens: the one every server accepts.
                response = await self.client.chat.completions.create(
                    model=self.model, messages=messages, max_tokens=self.max_tokens, **extra
                )
            except APITimeoutError as exc:
                return self._failed("timeout", started, exc)
            except APIConnectionError as exc:
                return self._failed("unreachable", started, exc)
            except APIStatusError as exc:
                # A refusal comes as 400 or 422, and from llama-cpp-python as a 500 that
                # carries its validation error.
                if exc.status_code in _REFUSALS and self._give_up_option(exc):
                    continue
                return self._failed("server-error", started, exc)
            except (OpenAIError, ValueError) as exc:  # ValueError: a body that is not JSON
                return self._failed("bad-response", started, exc)
            break
        seconds = round(time.perf_counter() - started, 3)
        choice = response.choices[0] if response.choices else None
        if choice is None:
            return Call(seconds=seconds, failure="bad-response")
        usage = response.usage
        return Call(
            text=choice.message.content or "",
            finish_reason=choice.finish_reason,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            seconds=seconds,
        )

    def _give_up_option(self, exc: APIStatusError) -> bool:
        """Drop what the server refused (temperature, then structured output step by step)."""
        if self.temperature is not None and _refuses(exc, "temperature"):
            logger.warning("judge model %s refuses temperature; asking without it", self.model)
            self.temperature = None
            return True
        if self.structured != "none" and _refuses(exc, "response_format", "schema", "json"):
            following = RESPONSE_FORMATS[RESPONSE_FORMATS.index(self.structured) + 1]
            logger.warning(
                "judge model %s refuses %s output; asking for %s",
                self.model,
                self.structured,
                following,
            )
            self.structured = following
            return True
        return False

    def _failed(self, reason: str, started: float, exc: Exception) -> Call:
        logger.warning("LLM judge failed (%s) with model %s", reason, self.model, exc_info=exc)
        return Call(seconds=round(time.perf_counter() - started, 3), failure=reason)

    async def aclose(self) -> None:
        """Close the HTTP client and its connections."""
        await self.client.close()
