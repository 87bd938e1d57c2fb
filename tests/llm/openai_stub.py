"""A small OpenAI-compatible chat server on loopback, for tests and benchmarks.

Queue replies (or faults) and point any OpenAI client at `stub.base_url`; every request body is
recorded so a test can assert what was sent.

    with OpenAIStub() as stub:
        stub.queue("Dana speaking.")
        stub.queue_fault("drop", text="Well, our main goal this year is")
        stub.queue('{"criteria": [', finish_reason="length")  # an answer cut off at the limit
        stub.queue_error(422, "response_format: type json_schema is not supported")
        ... AsyncOpenAI(base_url=stub.base_url, api_key="x") ...
        assert stub.requests[0]["messages"][0]["role"] == "system"

A `responder` answers when the queue is empty; tests/llm/judge_stub.py has one that reads judge
requests the way a gullible model would. Non-streamed answers report token usage (words as
tokens), so cost can be measured.

Runs `http.server` in a thread, so it works the same from sync tests, async tests and scripts.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Fault = Literal["error-500", "hang", "garbage", "drop", "status"]
Responder = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class StubReply:
    """One scripted answer: text, an optional fault, and a delay before the first byte."""

    text: str = ""
    fault: Fault | None = None
    delay: float = 0.0
    finish_reason: str = "stop"
    status: int = 200  # with fault "status": the HTTP status of the error


class OpenAIStub:
    """An OpenAI-compatible `/v1/chat/completions` server with queued replies and faults."""

    def __init__(
        self,
        *,
        default_reply: str = "I see. Tell me more.",
        responder: Responder | None = None,
        chunk_delay: float = 0.0,
        chunk_chars: int | None = None,
        hang_seconds: float = 30.0,
    ) -> None:
        self.default_reply = default_reply
        self.responder = responder  # used when the queue is empty, e.g. by benchmarks
        self.chunk_delay = chunk_delay
        self.chunk_chars = chunk_chars  # stream fixed-size pieces instead of words
        self.hang_seconds = hang_seconds
        self._queue: deque[StubReply] = deque()
        self._requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> OpenAIStub:
        """Listen on 127.0.0.1 on a free port and serve in a background thread."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        server.block_on_close = False  # a handler sleeping in a "hang" fault must not block stop()
        self._server = server
        # A short poll interval so stop() returns at once rather than after half a second.
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.02,), name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wake any handler that is hanging on purpose."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The URL to give an OpenAI client, ending in /v1."""
        assert self._server is not None, "start() the stub first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    # ------------------------------------------------------------------ scripting

    def queue(self, text: str, *, delay: float = 0.0, finish_reason: str = "stop") -> None:
        """Answer the next request with `text`, after `delay` seconds ("length": cut off)."""
        with self._lock:
            self._queue.append(StubReply(text, None, delay, finish_reason))

    def queue_error(self, status: int, message: str) -> None:
        """Refuse the next request with an OpenAI-style error body and this HTTP status."""
        with self._lock:
            self._queue.append(StubReply(message, "status", status=status))

    def queue_fault(self, fault: Fault, *, text: str = "", delay: float = 0.0) -> None:
        """Fail the next request: a 500, a hang, a garbage body, or a stream cut after `text`."""
        with self._lock:
            self._queue.append(StubReply(text, fault, delay))

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request body received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def _next(self, body: dict[str, Any]) -> StubReply:
        with self._lock:
            self._requests.append(body)
            if self._queue:
                return self._queue.popleft()
        text = self.responder(body) if self.responder else self.default_reply
        return StubReply(text)

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


def _pieces(text: str, size: int | None) -> list[str]:
    """Split a reply into deltas: words, as a model streams tokens, or `size` characters."""
    if size:
        return [text[i : i + size] for i in range(0, len(text), size)] or [text]
    return re.findall(r"\s*\S+", text) or [text]


def _chunk(model: str, delta: dict[str, str], finish: str | None) -> bytes:
    body = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def _words(body: dict[str, Any]) -> int:
    messages = body.get("messages") or []
    return sum(len(str(m.get("content") or "").split()) for m in messages if isinstance(m, dict))


def _completion(
    model: str, text: str, finish_reason: str = "stop", prompt_tokens: int = 0
) -> bytes:
    completion_tokens = len(text.split())
    body = {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
    return json.dumps(body).encode()


def _handler_for(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive and chunked streams, like a real server
        # Small streamed writes must leave at once, not wait for the client's delayed ACK.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: test output is for test failures."""

        def do_GET(self) -> None:
            """GET /v1/models lists one model, for clients that check before chatting."""
            if self.path.rstrip("/") != "/v1/models":
                self._send_json(404, {"error": {"message": "not found", "type": "not_found"}})
                return
            models = {"object": "list", "data": [{"id": "stub", "object": "model", "created": 0}]}
            self._send_json(200, models)

        def do_POST(self) -> None:
            """POST /v1/chat/completions, streamed or not, with the next scripted reply."""
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_json(404, {"error": {"message": "not found", "type": "not_found"}})
                return
            body: dict[str, Any] = json.loads(raw or b"{}")
            reply = stub._next(body)
            if reply.delay:
                stub._wait(reply.delay)
            model = str(body.get("model", "stub"))
            streaming = bool(body.get("stream"))
            if reply.fault == "error-500":
                error = {"message": "stub: internal error", "type": "server_error"}
                self._send_json(500, {"error": error})
            elif reply.fault == "status":
                error = {"message": reply.text, "type": "invalid_request_error"}
                self._send_json(reply.status, {"error": error})
            elif reply.fault == "hang":
                stub._wait(stub.hang_seconds)
                self.close_connection = True
            elif reply.fault == "garbage":
                self._send_garbage(streaming)
            elif streaming:
                self._stream(model, reply.text, drop=reply.fault == "drop")
            elif reply.fault == "drop":
                self._start(200, "application/json", len(_completion(model, reply.text)) + 100)
                self.wfile.write(_completion(model, reply.text)[:20])
                self._cut()
            else:
                payload = _completion(model, reply.text, reply.finish_reason, _words(body))
                self._start(200, "application/json", len(payload))
                self.wfile.write(payload)

        def _start(self, status: int, content_type: str, length: int | None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length is None:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(length))
            self.end_headers()

        def _send_json(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self._start(status, "application/json", len(payload))
            self.wfile.write(payload)

        def _send_garbage(self, streaming: bool) -> None:
            if streaming:
                self._start(200, "text/event-stream", None)
                self._write_chunk(b"data: {this is not json\n\n")
                self._write_chunk(b"")
            else:
                payload = b"<html>definitely not an API</html>"
                self._start(200, "application/json", len(payload))
                self.wfile.write(payload)

        def _stream(self, model: str, text: str, *, drop: bool) -> None:
            self._start(200, "text/event-stream", None)
            self._write_chunk(_chunk(model, {"role": "assistant", "content": ""}, None))
            for piece in _pieces(text, stub.chunk_chars):
                if stub.chunk_delay:
                    stub._wait(stub.chunk_delay)
                self._write_chunk(_chunk(model, {"content": piece}, None))
            if drop:
                self._cut()
                return
            self._write_chunk(_chunk(model, {}, "stop"))
            self._write_chunk(b"data: [DONE]\n\n")
            self._write_chunk(b"")

        def _write_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _cut(self) -> None:
            # Close mid-body, as a crashed or restarted inference server would.
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True

    return Handler
