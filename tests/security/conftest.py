"""Fixtures for the security tests: the shipped catalog and the OpenAI-compatible stub."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from openai import AsyncOpenAI

from app.llm import make_client
from tests.llm.openai_stub import OpenAIStub


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """A running stub server on loopback that records every request body."""
    with OpenAIStub(hang_seconds=2.0) as stub:
        yield stub


@pytest.fixture
async def llm_client(openai_stub: OpenAIStub) -> AsyncIterator[AsyncOpenAI]:
    """The real SDK client against the stub, over real HTTP."""
    client = make_client(openai_stub.base_url, "test-key", timeout=2.0, max_retries=0)
    yield client
    await client.close()
