"""The prospect's reply as Server-Sent Events: delta, restart, then done or error."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi.responses import StreamingResponse
from sqlalchemy.exc import OperationalError

from app.api.schemas import TurnOut
from app.db.session import BUSY_DETAIL, DatabaseBusy, is_lock_error
from app.errors import AppError, EngineUnavailable
from app.flows import ReplyDelta, ReplyDone, ReplyEvent, ReplyRestart, stream_prospect_reply
from app.services import Services

SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def sse(event: str, data: dict[str, Any]) -> str:
    """One Server-Sent Event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _encode(event: ReplyEvent) -> str:
    if isinstance(event, ReplyDelta):
        return sse("delta", {"text": event.text})
    if isinstance(event, ReplyRestart):
        return sse("restart", {"detail": event.reason})
    done: ReplyDone = event
    turn = TurnOut.of(done.turn).model_dump(mode="json")
    return sse("done", {"turn": turn, "round_over": done.round_over, "status": done.status})


def _error(exc: AppError) -> str:
    retry = isinstance(exc, EngineUnavailable | DatabaseBusy)
    return sse("error", {"error": exc.error, "detail": exc.detail, "retry": retry})


async def reply_stream(svc: Services, interview_id: str) -> StreamingResponse:
    """Stream the reply; state errors before the first event answer as plain JSON errors."""
    events = aiter(stream_prospect_reply(svc, interview_id))
    try:
        first = await anext(events)
    except EngineUnavailable as exc:
        return _response(_once(_error(exc)))

    async def body() -> AsyncIterator[str]:
        yield _encode(first)
        try:
            async for event in events:
                yield _encode(event)
        except AppError as exc:
            yield _error(exc)
        except OperationalError as exc:
            # The reply could not be stored (the database stayed locked): nothing was lost,
            # asking again answers the same message.
            if not is_lock_error(exc):
                raise
            yield _error(DatabaseBusy(BUSY_DETAIL))

    return _response(body())


def _response(body: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream", headers=SSE_HEADERS)


async def _once(text: str) -> AsyncIterator[str]:
    yield text


REPLY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "description": (
            "Server-Sent Events: `delta` {text}, optionally `restart` {detail}, then `done` "
            "{turn, round_over, status} or `error` {error, detail, retry}."
        ),
    }
}
