"""A cap on request body size, so nobody can make the server read megabytes it will refuse."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import respond

DETAIL = "The request is too large."


class BodyLimit:
    """ASGI middleware: 413 in the one error format for bodies over `limit` bytes.

    A declared Content-Length over the limit is refused before anything is read; a chunked body
    is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 413 / 400 for an oversized or unreadable length."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            status = 0
            if not declared.isdigit():
                status = 400
            elif int(declared) > self.limit:
                status = 413
            if status:
                detail = DETAIL if status == 413 else "Content-Length is not a number."
                error = "too-large" if status == 413 else "bad-request"
                response = respond(Request(scope), status, error, detail)
                await response(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Raised inside the route's body parsing, so the error handlers answer it.
                    raise HTTPException(413, DETAIL)
            return message

        await self.app(scope, counted, send)
