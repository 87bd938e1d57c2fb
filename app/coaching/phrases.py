"""The coach's phrases (messages.yaml), per rubric language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml


@cache
def messages(language: str) -> dict[str, Any]:
    """The coach's own phrases for a rubric language (English when unknown)."""
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "messages.yaml").read_text(encoding="utf-8")
    )
    return dict(data.get(language, data["en"]))
