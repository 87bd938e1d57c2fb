"""The OpenAI-compatible client, built with an explicit timeout and retry count."""

from __future__ import annotations

from openai import AsyncOpenAI

# Local servers (llama.cpp, vLLM, Ollama) ignore the key, but the SDK insists on one.
_UNUSED_KEY = "unused"


def make_client(
    base_url: str | None, api_key: str | None, timeout: float, max_retries: int
) -> AsyncOpenAI:
    """An AsyncOpenAI client for any OpenAI-compatible endpoint (None base_url = OpenAI)."""
    return AsyncOpenAI(
        base_url=base_url or None,
        api_key=api_key or _UNUSED_KEY,
        timeout=timeout,
        max_retries=max_retries,
    )
