"""Database engines and sessions: SQLite in WAL mode, or PostgreSQL through asyncpg."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.ext.asyncio.session import _AsyncSessionContextManager

from app.db.sqlite_inline import InlineConnection
from app.errors import AppError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x636F6163  # any fixed number: "coac"
BUSY_TIMEOUT_MS = 5000
# Execution option marking the connections of read-only sessions (see _sqlite_begin).
READ_ONLY = "coachable_read_only"


BUSY_DETAIL = "The service is busy. Try again in a moment."


class DatabaseBusy(AppError):
    """The database stayed locked by other writers for the whole busy timeout: retry soon."""

    status_code = 503
    error = "busy"


def is_lock_error(exc: BaseException) -> bool:
    """Whether an error means "another writer holds the database" (SQLite), not a fault."""
    if isinstance(exc, DatabaseBusy):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _sqlite_begin), so the driver must not.
    dbapi_connection.isolation_level = None
    # WAL lets readers and one writer work at once; busy_timeout waits instead of failing
    # when another process holds the write lock.
    cursor = dbapi_connection.cursor()
    # busy_timeout first: switching a new file to WAL needs a lock another process may hold.
    # (0 on sqlite+inline connections: their cursors wait in asyncio instead.)
    if isinstance(dbapi_connection, InlineConnection):
        dbapi_connection.lock_wait = BUSY_TIMEOUT_MS / 1000
        cursor.execute("PRAGMA busy_timeout=0")
    else:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's own lower() folds ASCII only: a search for a name in lower case would never
    # find it capitalised when its first letter is accented.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _switch_to_wal(cursor: Any) -> None:
    # Several processes opening a brand-new file race to switch it to WAL, and SQLite does not
    # run the busy handler for that switch: retry it for as long as busy_timeout would wait.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)  # first connection only: the mode is stored in the file


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        # A reader sees one WAL snapshot and never waits for, nor blocks, a writer.
        connection.exec_driver_sql("BEGIN")
        return
    # IMMEDIATE takes the write lock up front: a deferred transaction that reads, then writes,
    # fails with "database is locked" when another process wrote in between, and busy_timeout
    # cannot help it. Every write transaction here is short.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> AsyncEngine:
    """An async engine for the URL; SQLite gets its folder created and the pragmas set.

    Every SQLite URL (`sqlite://`, `sqlite+aiosqlite://`) runs on sqlite+inline: the standard
    driver on the event loop, without aiosqlite's thread (see app/db/sqlite_inline.py).
    """
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = create_async_engine(make_url(url).set(drivername="sqlite+inline"))
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(url, pool_pre_ping=True)


def _private_file(path: Path) -> None:
    """Create the database file (and a missing folder) readable by this user only: it holds
    candidates' personal data. SQLite gives its -wal and -shm files the database's mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:  # made before this rule, or by another tool
        for existing in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            if existing.exists():
                existing.chmod(0o600)


class _WriteTransaction(_AsyncSessionContextManager[AsyncSession]):
    """`sessions.begin()`: a transaction that commits, entered through the process's gate."""

    __slots__ = ("gate",)

    def __init__(self, session: AsyncSession, gate: asyncio.Lock | None) -> None:
        super().__init__(session)
        self.gate = gate

    async def __aenter__(self) -> AsyncSession:
        if self.gate is None:
            return await super().__aenter__()
        try:
            async with asyncio.timeout(BUSY_TIMEOUT_MS / 1000):
                await self.gate.acquire()
        except TimeoutError:
            await self.async_session.close()
            raise DatabaseBusy(BUSY_DETAIL) from None
        try:
            return await super().__aenter__()
        except BaseException:
            self.gate.release()
            await self.async_session.close()
            raise

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        try:
            await super().__aexit__(type_, value, traceback)
        finally:
            if self.gate is not None:
                self.gate.release()


class Sessions(async_sessionmaker[AsyncSession]):
    """`sessions()` for reading, `sessions.begin()` for a transaction that writes and commits.

    On SQLite, reads begin a deferred transaction (never waiting for the write lock), and the
    writers of one process queue in asyncio for the single write lock instead of meeting it
    in SQLite's sleep-and-retry busy handler; busy_timeout still covers other processes.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        sqlite = engine.dialect.name == "sqlite"
        reader = engine.execution_options(**{READ_ONLY: True}) if sqlite else engine
        super().__init__(reader, expire_on_commit=False)
        self.writer = engine
        self.gate = asyncio.Lock() if sqlite else None

    def begin(self) -> _AsyncSessionContextManager[AsyncSession]:
        """A session in a transaction that commits on success (the write lock on SQLite)."""
        return _WriteTransaction(self(bind=self.writer), self.gate)


def make_sessionmaker(engine: AsyncEngine) -> Sessions:
    """Sessions that keep loaded values readable after commit (see Sessions)."""
    return Sessions(engine)


def _alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        # Several app processes may start at once; one migrates while the others wait, then
        # find the schema at head. (On SQLite, BEGIN IMMEDIATE already serialises them.)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    command.upgrade(_alembic_config(connection), "head")


async def upgrade_database(engine: AsyncEngine) -> None:
    """Apply every Alembic migration up to head (idempotent)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def upgrade_database_url(url: str) -> None:
    """Apply migrations to the database at `url` (for the `coachable db upgrade` command)."""

    async def run() -> None:
        engine = make_engine(url)
        try:
            await upgrade_database(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
