"""SQLite for the async engine without a thread: `sqlite+inline://`.

aiosqlite hands every execute, fetch and close to a thread of its own and back, which costs
more CPU than SQLite takes to answer our queries and, worse, lets other requests run between
the statements of a write transaction while it holds the write lock. Here the standard sqlite3
driver runs on the event loop itself: a query on these small indexed tables takes tens of
microseconds, and a WAL commit with synchronous=NORMAL writes without fsync (only the
checkpoint every thousand pages syncs, a few milliseconds now and then). The one real wait,
another process holding the write lock, is waited for with asyncio.sleep: busy_timeout is 0
on these connections, so SQLite never sleeps on the loop.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.util.concurrency import await_

_FIRST_PAUSE, _LONGEST_PAUSE = 0.001, 0.05


def is_locked(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the lock (SQLITE_BUSY)."""
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY or "locked" in str(exc)


async def _at_once() -> None:
    """Nothing to wait for. AsyncConnection.execute insists that a statement awaits something,
    and awaiting this switches greenlets (a microsecond) without yielding to the loop."""


class _Cursor(sqlite3.Cursor):
    """A cursor that waits for another process's write lock without blocking the loop."""

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        await_(_at_once())
        try:
            super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            if not is_locked(exc):
                raise
            self._retry(sql, parameters)
        return self

    async def _async_soft_close(self) -> None:
        """AsyncResult asks async cursors to let go early; this one reads rows in place."""

    def _retry(self, sql: str, parameters: Any) -> None:
        # A statement refused with SQLITE_BUSY did nothing: running it again is what SQLite's
        # own busy handler does, only here the pause lets the loop serve others meanwhile.
        connection: InlineConnection = self.connection  # type: ignore[assignment]
        deadline = time.monotonic() + connection.lock_wait
        pause = _FIRST_PAUSE
        while True:
            await_(asyncio.sleep(pause))
            try:
                super().execute(sql, parameters)
                return
            except sqlite3.OperationalError as exc:
                if not is_locked(exc) or time.monotonic() + pause > deadline:
                    raise
            pause = min(pause * 2, _LONGEST_PAUSE)


class InlineConnection(sqlite3.Connection):
    """A sqlite3 connection whose cursors are _Cursor."""

    # Seconds a statement waits for another process's write lock before "database is locked"
    # (the owner of the connection sets it, as it would set busy_timeout).
    lock_wait = 5.0

    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)


class _DBAPI:
    """The sqlite3 module, with connections whose cursors wait asynchronously (see _Cursor)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(sqlite3, name)

    @staticmethod
    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("timeout", 0)  # busy_timeout 0: waiting is _Cursor's job
        return sqlite3.connect(*args, factory=InlineConnection, **kwargs)


class SQLiteDialect_inline(SQLiteDialect_pysqlite):
    """pysqlite, declared async so AsyncEngine takes it; its calls never yield to the loop
    except to wait for another process's lock."""

    driver = "inline"
    is_async = True
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> Any:
        return _DBAPI()

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        # A checkout that must wait for a connection waits in asyncio, never blocking the loop.
        if cls._is_url_file_db(url):
            return pool.AsyncAdaptedQueuePool
        return pool.StaticPool


registry.register("sqlite.inline", __name__, "SQLiteDialect_inline")
