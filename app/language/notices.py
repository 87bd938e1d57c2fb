"""The sentences of refusals: an error's stable reason, read as a sentence in a language.

Python names the reason ("message-too-long", "prospect-timeout"); each language's texts.yaml
says it (`errors:`). An error's `detail` is the default language's sentence, for API clients
and logs; the candidate's pages show the interview's language, and the API answers in the
language a request asks for (the chat asks for the interview's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from app.language.registry import language, languages

if TYPE_CHECKING:
    from app.errors import AppError

E = TypeVar("E", bound="AppError")


class _Kept(dict[str, object]):
    """A placeholder no field fills stays as written, rather than failing the error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def known(reason: str) -> bool:
    """Whether the languages have a sentence for this reason."""
    return reason in language(None).texts.errors


def notice(reason: str, code: str | None = None, fields: Mapping[str, object] | None = None) -> str:
    """The sentence for a reason in the language with this code (the default language's when
    None or not present), its placeholders filled from `fields`."""
    return language(code).texts.errors[reason].format_map(_Kept(fields or {}))


def refusal(
    kind: type[E],
    reason: str,
    *,
    error: str | None = None,
    language: str | None = None,
    **fields: object,
) -> E:
    """An error of this kind for a reason: its detail the default language's sentence;
    `language` is its reader's when the refusal knows it (an invite's interview)."""
    return kind(
        notice(reason, None, fields), error=error, reason=reason, fields=fields, language=language
    )


def shown(exc: AppError, code: str | None) -> str:
    """What a reader of the language with this code sees for the error: its reason's sentence
    in that language, or its detail when it has no reason."""
    if code is None or exc.reason is None or not known(exc.reason):
        return exc.detail
    return notice(exc.reason, code, exc.fields)


def accepted(header: str | None) -> str | None:
    """The present language an Accept-Language header prefers ("sv-SE, en;q=0.5" gives "sv"),
    or None (no header, nothing present asked for, or only "*")."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = tag.strip().split("-")[0].lower()
        if code and quality > 0:
            ranked.append((-quality, i, code))
    present = languages()
    return next((code for _, _, code in sorted(ranked) if code in present), None)
