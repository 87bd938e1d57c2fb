"""The prospect's reply as Server-Sent Events: (message,) delta, restart, then done or error."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi.responses import StreamingResponse

from app.api.schemas import TurnOut
from app.db.session import BUSY_DETAIL, DatabaseBusy, is_lock_error
from app.errors import AppError, EngineUnavailable
from app.flows import MessageStored, ReplyDelta, ReplyDone, ReplyRestart, SayEvent
from app.language.notices import shown

SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

# What the flow produced, an error it raised, or the end of its events.
_Item = SayEvent | Exception | None


def sse(event: str, data: dict[str, Any]) -> str:
    """One Server-Sent Event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _encode(event: SayEvent) -> str:
    if isinstance(event, MessageStored):
        return sse("message", {"turn": TurnOut.of(event.turn).model_dump(mode="json")})
    if isinstance(event, ReplyDelta):
        return sse("delta", {"text": event.text})
    if isinstance(event, ReplyRestart):
        return sse("restart", {"detail": event.reason})
    done: ReplyDone = event
    turn = TurnOut.of(done.turn).model_dump(mode="json")
    return sse("done", {"turn": turn, "round_over": done.round_over, "status": done.status})


def _error(exc: AppError, language: str | None) -> str:
    retry = isinstance(exc, EngineUnavailable | DatabaseBusy)
    return sse("error", {"error": exc.error, "detail": shown(exc, language), "retry": retry})


async def _produce(events: AsyncIterator[SayEvent], queue: asyncio.Queue[_Item]) -> None:
    """Run the flow, handing each event (then an error or the end) to the response."""
    try:
        async for event in events:
            queue.put_nowait(event)
    except Exception as exc:  # the response turns it into an error event or a JSON error
        queue.put_nowait(exc)
        return
    queue.put_nowait(None)


async def event_stream(
    events: AsyncIterator[SayEvent], language: str | None = None
) -> StreamingResponse:
    """Stream a flow's events; errors before the first event answer as plain JSON errors.
    An error event's detail is in `language` (the one the request asked for) where it can be.

    Events that are ready together go out in one write: a scripted reply is ready word by word
    at once, and forty small writes cost far more than one. A model's tokens still leave the
    moment each arrives.
    """
    queue: asyncio.Queue[_Item] = asyncio.Queue()
    producer = asyncio.create_task(_produce(events, queue))
    try:
        first = await queue.get()
    except BaseException:
        producer.cancel()
        raise
    if isinstance(first, EngineUnavailable):
        return _response(_once(_error(first, language)))
    if isinstance(first, Exception):
        raise first
    return _response(_body(first, queue, producer, language))


async def _batches(first: _Item, queue: asyncio.Queue[_Item]) -> AsyncIterator[list[_Item]]:
    """The items in groups of those ready at the same moment; the end is last in its group."""
    batch = [first]
    while True:
        while not queue.empty():
            batch.append(queue.get_nowait())
        yield batch
        if batch[-1] is None or isinstance(batch[-1], Exception):
            return
        batch = [await queue.get()]


async def _body(
    first: _Item, queue: asyncio.Queue[_Item], producer: asyncio.Task[None], language: str | None
) -> AsyncIterator[str]:
    try:
        async for batch in _batches(first, queue):
            events = [i for i in batch if i is not None and not isinstance(i, Exception)]
            if events:
                yield "".join(_encode(e) for e in events)
            if isinstance(end := batch[-1], Exception):
                yield _failure(end, language)
    finally:
        producer.cancel()  # the candidate left: a reply not yet stored is not stored


def _failure(exc: Exception, language: str | None) -> str:
    """The error event for a failure after the stream began (anything else is a fault)."""
    if isinstance(exc, AppError):
        return _error(exc, language)
    if is_lock_error(exc):
        # The reply could not be stored: nothing was lost, asking again answers the message.
        return _error(DatabaseBusy(BUSY_DETAIL, reason="busy"), language)
    raise exc


def _response(body: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream", headers=SSE_HEADERS)


async def _once(text: str) -> AsyncIterator[str]:
    yield text


_REPLY_EVENTS = (
    "`delta` {text}, optionally `restart` {detail}, then `done` {turn, round_over, status} "
    "or `error` {error, detail, retry}."
)


def _sse_responses(description: str) -> dict[int | str, dict[str, Any]]:
    content = {"text/event-stream": {"schema": {"type": "string"}}}
    return {200: {"content": content, "description": description}}


REPLY_RESPONSES = _sse_responses("Server-Sent Events: " + _REPLY_EVENTS)
SAY_RESPONSES = _sse_responses(
    "Server-Sent Events: `message` {turn} once the message is stored, then " + _REPLY_EVENTS
)
