"""The FastAPI application: create_app() wires settings, database, catalog, engines and routers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib.util
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.bodylimit import BodyLimit
from app.config import Settings
from app.db.session import BUSY_DETAIL, DatabaseBusy, is_lock_error
from app.errors import INTERNAL_DETAIL, install_error_handlers, respond
from app.language.detect import warm_up
from app.logs import install_log_redaction, redact_path
from app.metrics import install_metrics
from app.proxy import ClientAddress, trusted_networks
from app.services import Engines, Services, build_engines, build_judge

log = logging.getLogger("coachable")

STATIC_DIR = Path(__file__).parent / "web" / "static"
HOUSEKEEPING_SECONDS = 3600

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Invite links carry the token in the path: never leak it to another site.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_HEADERS_LOWER = {name.lower(): value for name, value in SECURITY_HEADERS.items()}
# Only when the cookies are secure, that is when the site is served over HTTPS: a browser that
# has seen it never tries plain HTTP on this host for a year.
HSTS = "max-age=31536000"


class SecurityHeaders:
    """Pure ASGI middleware: the security headers (and no-store outside /static) on every
    response, set as it starts, so streamed replies pass through untouched."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = {**_HEADERS_LOWER, **({"strict-transport-security": HSTS} if hsts else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers a response does not set itself."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith("/static")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if not cacheable:
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _install_busy_handler(app: FastAPI) -> None:
    """A database lock that outlasted the busy timeout is a 503 with Retry-After, never a 500."""

    async def on_database_error(request: Request, exc: Exception) -> Response:
        if not is_lock_error(exc):
            path = redact_path(request.url.path)
            log.error("database error on %s %s", request.method, path, exc_info=exc)
            return respond(request, 500, "internal", INTERNAL_DETAIL, reason="internal")
        response = respond(request, 503, "busy", BUSY_DETAIL, reason="busy")
        response.headers["Retry-After"] = "1"
        return response

    app.add_exception_handler(OperationalError, on_database_error)
    app.add_exception_handler(DatabaseBusy, on_database_error)


async def build_services(settings: Settings, engines: Engines | None = None) -> Services:
    """Open the database, load the catalog (a bad file stops start-up) and build the engines."""
    from app.catalog.loader import load_catalog
    from app.db.session import make_engine, make_sessionmaker

    catalog = load_catalog()
    db_engine = make_engine(settings.database_url)
    return Services(
        settings=settings,
        db_engine=db_engine,
        sessions=make_sessionmaker(db_engine),
        catalog=catalog,
        engines=engines or build_engines(settings),
        secret_key=settings.resolved_secret_key(),
        judge=build_judge(settings),
    )


async def start_services(svc: Services) -> None:
    """Migrate, create the first admin, and apply the retention period once."""
    from app.accounts import ensure_first_admin
    from app.db.session import upgrade_database
    from app.flows import purge_expired

    if svc.settings.migrate_on_start:
        await upgrade_database(svc.db_engine)
    password = await ensure_first_admin(svc)
    if password:
        log.warning(
            "First start: sign in at %s/login as %s with the one-time password %s "
            "(set COACHABLE_ADMIN_PASSWORD to choose it; change it after signing in)",
            svc.settings.base_url.rstrip("/"),
            svc.settings.admin_email,
            password,
        )
    await purge_expired(svc)


def settle_heap() -> None:
    """Move everything start-up made (catalog, lexicons, mappers, routes) out of the collector's
    sight: a full collection over that heap stopped every request for 120-140 ms under load;
    after this it walks only what requests create."""
    gc.collect()
    gc.freeze()


async def _housekeeping(svc: Services) -> None:
    from app.flows import purge_expired

    while True:
        await asyncio.sleep(HOUSEKEEPING_SECONDS)
        try:
            await purge_expired(svc)
        except Exception:  # keep the loop alive; the next hour tries again
            log.exception("retention clean-up failed")


async def close_engines(engines: Engines) -> None:
    """Close the LLM engine's HTTP client, if there is one (the scripted engine holds nothing)."""
    aclose = getattr(engines.llm, "aclose", None)
    if aclose is not None:
        await aclose()


def _include_routers(app: FastAPI) -> None:
    from app.api import router as api_router

    app.include_router(api_router)
    # The pages live in app.web (another engineer's package); include them once they exist.
    if importlib.util.find_spec("app.web.routes") is not None:
        from app.web.routes import router as pages_router

        app.include_router(pages_router)
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def create_app(
    settings: Settings | None = None,
    *,
    engines: Engines | None = None,
    services: Services | None = None,
) -> FastAPI:
    """The application; tests pass their own settings, engines or a whole Services."""
    # Without arguments this is a server process (uvicorn's factory), which owns its heap.
    server_process = settings is None and services is None
    settings = settings or (services.settings if services else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc = services or await build_services(settings, engines)
        app.state.services = svc
        await start_services(svc)
        if server_process:
            # The language detector's model, loaded now so that no candidate waits for it.
            await asyncio.to_thread(warm_up)
            settle_heap()
        task = asyncio.create_task(_housekeeping(svc))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if services is None:
                if svc.judge is not None:
                    await svc.judge.aclose()  # before the database: a judgement may be storing
                await svc.db_engine.dispose()
                await close_engines(svc.engines)

    app = FastAPI(
        title="Coachable",
        version="0.1.0",
        summary="Sales role-play interviews: an AI prospect, evidence-based scores, coaching.",
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        # Swagger UI and ReDoc load from a CDN, which the CSP and the no-CDN rule forbid.
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    _install_busy_handler(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, hsts=settings.cookie_secure)
    # It changes the scope in place: the layers inside and uvicorn's access log all see the
    # client's own address.
    app.add_middleware(ClientAddress, trusted=trusted_networks(settings.trusted_proxies))
    install_log_redaction()
    _include_routers(app)
    install_metrics(app, token=settings.metrics_token)
    return app


def serve(host: str | None = None, port: int | None = None) -> None:
    """Serve the app with uvicorn on the settings' host and port (or these); invite links point
    here unless COACHABLE_BASE_URL says else."""
    import os

    import uvicorn

    settings = Settings()
    host, port = host or settings.host, port or settings.port
    # The server process builds its own Settings (uvicorn's factory): it reads them from here.
    os.environ["COACHABLE_HOST"], os.environ["COACHABLE_PORT"] = host, str(port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    print(f"Coachable on http://{shown}:{port}/  (first start: the admin password is in the log)")
    # The app reads X-Forwarded-For itself (app/proxy.py, COACHABLE_TRUSTED_PROXIES): uvicorn's
    # own reading, with FORWARDED_ALLOW_IPS='*', believes the entry the client wrote.
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, proxy_headers=False)


def main() -> None:
    """Serve on COACHABLE_HOST:COACHABLE_PORT (default 127.0.0.1:8000)."""
    serve()


if __name__ == "__main__":
    main()
