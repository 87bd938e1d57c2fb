"""Reading the judge's answer: the structured output, checked field by field.

The answer asked for is one JSON object, one entry per criterion id:

    {"criteria": {"<id>": {"quotes": [{"line": <number>, "text": "<exact words>"}],
                           "reason": "<one sentence>", "level": 1-5}}}

Models wrap JSON in code fences, add a sentence before it, give a list of entries that each
name their "criterion", or name fields a little differently ("turn" for "line", "quote" for
"text"); those are forgiven. Anything that changes the meaning
is not: a level that is not a whole number from 1 to 5, no quote, a quote without a line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from app.judge.models import Call, JudgeInput, Opinion, Problem, Quote

MAX_REASON_CHARS = 300
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_LINE_KEYS = ("line", "turn", "number", "line_number", "turn_number")
_TEXT_KEYS = ("text", "quote", "words")


def _decode(text: str) -> Any:
    """The first JSON value in `text` (inside a code fence if there is one), or None."""
    fenced = _FENCE.search(text)
    candidates = [fenced.group(1)] if fenced else []
    candidates.append(text)
    decoder = json.JSONDecoder()
    for candidate in candidates:
        for start, char in enumerate(candidate):
            if char not in "{[":
                continue
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                continue
            return value
    return None


def _items(data: Any) -> dict[str, Mapping[str, Any]] | None:
    """The opinions by criterion id (lower case), from a list or an object keyed by id."""
    if isinstance(data, dict):
        data = data.get("criteria", data.get("scores", data))
    items: dict[str, Mapping[str, Any]] = {}
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and isinstance(item.get("criterion", item.get("id")), str):
                items.setdefault(str(item.get("criterion", item.get("id"))).strip().lower(), item)
    elif isinstance(data, dict):
        for key, item in data.items():
            if isinstance(item, dict):
                items.setdefault(str(key).strip().lower(), item)
    else:
        return None
    return items


def _level(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if isinstance(value, float) and value.is_integer():
        return _level(int(value))
    if isinstance(value, str) and value.strip().isdigit():
        return _level(int(value.strip()))
    return None


def _line(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = value.strip().lstrip("#[").rstrip("]")
        return int(digits) if digits.isdigit() else None
    return None


def _quotes(value: Any) -> tuple[list[Quote], bool]:
    """The quotes, and whether any of them named no readable line (which makes it unprovable)."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return [], False
    quotes: list[Quote] = []
    unnumbered = False
    for item in value:
        if not isinstance(item, dict):
            unnumbered = unnumbered or isinstance(item, str)
            continue
        line = next((_line(item[k]) for k in _LINE_KEYS if k in item), None)
        text = next((item[k] for k in _TEXT_KEYS if isinstance(item.get(k), str)), "")
        if not text.strip():
            continue
        if line is None:
            unnumbered = True
            continue
        quotes.append(Quote(line, text.strip()))
    return quotes, unnumbered


def _reason(value: Any) -> str:
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    return text[: MAX_REASON_CHARS - 1] + "…" if len(text) > MAX_REASON_CHARS else text


def read_opinion(criterion: str, item: Mapping[str, Any]) -> Opinion:
    """One criterion's opinion from its JSON object, with the first problem found in it."""
    level = _level(item.get("level", item.get("score")))
    quotes, unnumbered = _quotes(item.get("quotes", item.get("evidence")))
    reason = _reason(item.get("reason", item.get("explanation")))
    opinion = Opinion(criterion, level, tuple(quotes), reason)
    if level is None:
        raw = item.get("level", item.get("score"))
        return _with(opinion, "bad-level", f"level {json.dumps(raw)[:40]}")
    if unnumbered:
        return _with(opinion, "quote-not-found", "a quote names no line")
    if not quotes:
        return _with(opinion, "no-quote")
    return opinion


def _with(opinion: Opinion, problem: Problem, detail: str = "") -> Opinion:
    return Opinion(
        opinion.criterion, opinion.level, opinion.quotes, opinion.reason, problem, detail
    )


def read_answer(call: Call, judge_input: JudgeInput) -> tuple[Opinion, ...]:
    """The opinion on every criterion of the input, read from one call's answer."""
    ids = [c.id for c in judge_input.criteria]
    if call.failure:
        return tuple(Opinion(c, None, problem="unavailable", detail=call.failure) for c in ids)
    data = _decode(call.text)
    items = _items(data) if data is not None else None
    if items is None:
        problem: Problem = "truncated" if call.finish_reason == "length" else "malformed"
        return tuple(Opinion(c, None, problem=problem) for c in ids)
    opinions = []
    for criterion in ids:
        item = items.get(criterion.lower())
        if item is None:
            missing: Problem = "truncated" if call.finish_reason == "length" else "missing"
            opinions.append(Opinion(criterion, None, problem=missing))
        else:
            opinions.append(read_opinion(criterion, item))
    return tuple(opinions)
