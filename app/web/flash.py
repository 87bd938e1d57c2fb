"""Post/redirect/get without losing what the post had to say.

A form that creates something answers with a redirect, so a reload or Back never posts it
again. What the next page must show (an error and the typed values, or the invite links that
are shown once and never stored) travels in a short-lived cookie, HMAC-signed with the
service's key and bound to the browser's credential (its session or invite token), so it cannot
be forged, nor replayed by another browser.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import zlib
from typing import Any

from fastapi import Request, Response

from app.services import Services

FLASH_COOKIE = "coachable_flash"
LINKS_COOKIE = "coachable_links"
FLASH_SECONDS = 600
# The links of a bulk invite are shown again on a reload for this long, then only their
# hashes remain (a new link replaces a lost one).
LINKS_SECONDS = 900
# What a browser keeps of one cookie, less room for its name and attributes.
MAX_COOKIE_VALUE = 3800


def _signature(svc: Services, name: str, credential: str, payload: str) -> str:
    message = f"flash:{name}:{credential}:{payload}".encode()
    return hmac.new(svc.secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def seal(svc: Services, name: str, credential: str, payload: str) -> str:
    """A cookie value: the payload and its signature for this credential."""
    return f"{payload}.{_signature(svc, name, credential, payload)}"


def unseal(svc: Services, name: str, credential: str, value: str | None) -> str | None:
    """The payload of a sealed value, if this credential sealed it; else None."""
    if not value or "." not in value:
        return None
    payload, _, signature = value.rpartition(".")
    expected = _signature(svc, name, credential, payload)
    return payload if hmac.compare_digest(signature.encode(), expected.encode()) else None


def _cookie(response: Response, svc: Services, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=svc.settings.cookie_secure,
        samesite="lax",
        path="/",
    )


def _encode(data: dict[str, Any]) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def put_flash(response: Response, svc: Services, credential: str, data: dict[str, Any]) -> Response:
    """Carry `data` (JSON) to the next page this browser opens; returns the response. Typed
    text too long for a cookie is left out (`text_dropped` says so), the rest still goes."""
    value = seal(svc, FLASH_COOKIE, credential, _encode(data))
    if len(value) > MAX_COOKIE_VALUE and "text" in data:
        trimmed = {k: v for k, v in data.items() if k != "text"} | {"text_dropped": True}
        value = seal(svc, FLASH_COOKIE, credential, _encode(trimmed))
    _cookie(response, svc, FLASH_COOKIE, value, FLASH_SECONDS)
    return response


def _decode(svc: Services, credential: str, value: str | None) -> dict[str, Any] | None:
    payload = unseal(svc, FLASH_COOKIE, credential, value)
    if payload is None:
        return None
    try:
        packed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        data = json.loads(zlib.decompress(packed))
    except (ValueError, zlib.error):
        return None
    return data if isinstance(data, dict) else None


def read_flash(request: Request, svc: Services, credential: str) -> dict[str, Any] | None:
    """What the last post left for this page, if this browser's credential sealed it."""
    return _decode(svc, credential, request.cookies.get(FLASH_COOKIE))


def clear_flash(request: Request, response: Response) -> Response:
    """Remove the flash once a page has shown it (a reload then shows the page afresh)."""
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax")
    return response


def put_links(response: Response, svc: Services, credential: str, entries: list[str]) -> None:
    """Keep the invite links just made (their tokens), for the page that shows them."""
    # Tokens and ids are URL-safe base64: joined with "~" they need no quoting in a cookie,
    # which keeps a batch of 50 well inside the 4 kB a browser keeps.
    value = seal(svc, LINKS_COOKIE, credential, "~".join(entries))
    _cookie(response, svc, LINKS_COOKIE, value, LINKS_SECONDS)


def read_links(request: Request, svc: Services, credential: str) -> list[str]:
    """The entries put_links kept for this browser (empty when gone or not its own)."""
    payload = unseal(svc, LINKS_COOKIE, credential, request.cookies.get(LINKS_COOKIE))
    return payload.split("~") if payload else []
