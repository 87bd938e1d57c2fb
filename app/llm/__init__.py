"""The LLM prospect and the LLM judge: the only package that imports `openai`."""

from app.llm.client import make_client
from app.llm.engine import LLMEngine
from app.llm.errors import LLMUnavailable
from app.llm.prompt import PROMPT_VERSION, build_messages, render_system_prompt
from app.llm.reply import END_CALL_MARKER, clean_reply

__all__ = [
    "END_CALL_MARKER",
    "PROMPT_VERSION",
    "LLMEngine",
    "LLMUnavailable",
    "build_messages",
    "clean_reply",
    "make_client",
    "render_system_prompt",
]
