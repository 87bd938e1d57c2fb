"""The coach's phrases (languages/<code>/texts.yaml, `coaching`), per rubric language."""

from __future__ import annotations

from typing import Any

from app.language.registry import language


def messages(code: str) -> dict[str, Any]:
    """The coach's own phrases for a rubric language (the default language's when not present)."""
    return dict(language(code).texts.coaching)
