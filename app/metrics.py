"""Prometheus metrics: request latency by route, prospect replies served, LLM errors; /metrics.

Counters live in the process that serves the request. Behind a load balancer, scrape every
replica (Prometheus adds an `instance` label per target). To run several uvicorn workers in one
container, set PROMETHEUS_MULTIPROC_DIR to an empty, writable folder before the process starts:
prometheus_client then keeps the values in files there and /metrics adds up every worker.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match

from app.errors import respond

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Reply latency spans an instant scripted answer and a slow remote model.
REPLY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
REQUEST_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)

REPLIES = Counter(
    "coachable_replies", "Prospect replies served (stored and sent in full).", ["engine"]
)
REPLY_SECONDS = Histogram(
    "coachable_reply_seconds",
    "Time to produce one complete prospect reply.",
    ["engine"],
    buckets=REPLY_BUCKETS,
)
LLM_ERRORS = Counter(
    "coachable_llm_errors", "Prospect replies the LLM could not give, by kind.", ["kind"]
)
LLM_GUARD = Counter(
    "coachable_llm_guard",
    "What the output guard caught in model replies (as-candidate, stage-direction, "
    "leaked-instructions, too-long, cut-off) and did (regenerated, fallback).",
    ["event"],
)
REQUEST_SECONDS = Histogram(
    "coachable_http_request_seconds",
    "HTTP requests by route template, until the last byte of the response body.",
    ["method", "route", "status"],
    buckets=REQUEST_BUCKETS,
)


def record_reply(engine: str, seconds: float) -> None:
    """Count one complete prospect reply from `engine` and the time it took."""
    REPLIES.labels(engine=engine).inc()
    REPLY_SECONDS.labels(engine=engine).observe(seconds)


def record_llm_error(kind: str) -> None:
    """Count one failed LLM reply (LLMUnavailable.reason: timeout, unreachable, ...)."""
    LLM_ERRORS.labels(kind=kind).inc()


def record_guard(event: str) -> None:
    """Count one thing the output guard caught in a model reply, or did about it."""
    LLM_GUARD.labels(event=event).inc()


def _route_template(app: ASGIApp, scope: Scope) -> str:
    """The matched route's path template, so ids and invite tokens never become labels."""
    # FastAPI leaves the matched route in the (shared) scope; others are matched again here.
    matched = scope.get("route")
    if matched is not None:
        return str(getattr(matched, "path", "other"))
    for route in getattr(app, "routes", ()):
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return str(getattr(route, "path", "other"))
    return "unmatched"


class MetricsMiddleware:
    """Pure ASGI middleware (streams pass straight through) timing requests to the last byte."""

    def __init__(self, app: ASGIApp, router: ASGIApp) -> None:
        self.app = app
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time one HTTP request; other ASGI traffic (lifespan) passes untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def timed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            REQUEST_SECONDS.labels(
                method=scope["method"],
                route=_route_template(self.router, scope),
                status=str(status),
            ).observe(time.perf_counter() - started)


def metrics_text() -> tuple[bytes, str]:
    """The metrics in Prometheus text format (summed over workers in multiprocess mode)."""
    # prometheus_client's own switch for multiprocess mode, not one of Coachable's settings.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def metrics_endpoint(token: str | None) -> Callable[[Request], Awaitable[Response]]:
    """GET /metrics: Prometheus text, for whoever sends `Authorization: Bearer <token>`;
    404 when no token is configured (the counters reveal traffic and routes)."""

    async def endpoint(request: Request) -> Response:
        if token is None:
            return respond(request, 404, "not-found", "Not Found")
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(sent.encode(), token.encode()):
            response = respond(request, 401, "unauthenticated", "Send the metrics token.")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        body, content_type = metrics_text()
        return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})

    return endpoint


def install_metrics(app: FastAPI, token: str | None = None) -> None:
    """Time every request and serve GET /metrics behind `token` (kept out of the OpenAPI
    schema); idempotent."""
    if any(getattr(m, "cls", None) is MetricsMiddleware for m in app.user_middleware):
        return
    app.add_middleware(MetricsMiddleware, router=app.router)
    app.add_route("/metrics", metrics_endpoint(token), methods=["GET"], include_in_schema=False)
