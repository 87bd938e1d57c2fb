"""Fixtures for the LLM tests: the stub server and an SDK client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from openai import AsyncOpenAI

from app.llm import make_client
from tests.llm.openai_stub import OpenAIStub


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """A running stub server; its queue is empty and it has seen no requests."""
    with OpenAIStub(hang_seconds=5.0) as stub:
        yield stub


@pytest.fixture
async def llm_client(openai_stub: OpenAIStub) -> AsyncIterator[AsyncOpenAI]:
    """The real SDK client against the stub: short timeout, no retries, so faults show at once."""
    client = make_client(openai_stub.base_url, "test-key", timeout=1.0, max_retries=0)
    yield client
    await client.close()
