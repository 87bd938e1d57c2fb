"""SQLite locks: reads never wait for the write lock, writers queue, a lock is a 503 not a 500."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.db import session as db_session
from app.db.session import DatabaseBusy, make_engine, make_sessionmaker, upgrade_database
from app.db.tables import RateEvent
from app.services import Services
from tests.api.helpers import CandidateClient, create_interview, events, sign_in_admin


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another process's view: a connection holding SQLite's write lock until the block ends."""
    other = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def _db_path(services: Services) -> Path:
    database = services.db_engine.url.database
    assert database
    return Path(database)


async def test_reads_go_on_while_another_process_holds_the_write_lock(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Were reads to begin IMMEDIATE they would wait for the lock and fail; a deferred BEGIN
    # reads the last committed snapshot at once.
    await services.db_engine.dispose()  # new connections take the short timeout below
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 50)
    with write_lock_held(_db_path(services)):
        async with services.sessions() as db:
            assert await db.scalar(select(func.count()).select_from(RateEvent)) == 0


async def test_writers_of_one_process_queue_instead_of_failing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.db'}")
    try:
        await upgrade_database(engine)
        sessions = make_sessionmaker(engine)

        async def write(n: int) -> None:
            async with sessions.begin() as db:
                db.add(RateEvent(key=f"k{n}"))
                await asyncio.sleep(0)  # hold the transaction across a switch to the others

        await asyncio.gather(*(write(n) for n in range(40)))
        async with sessions() as db:
            assert await db.scalar(select(func.count()).select_from(RateEvent)) == 40
    finally:
        await engine.dispose()


async def test_waiting_for_another_process_s_lock_leaves_the_loop_free(tmp_path: Path) -> None:
    # sqlite+inline runs SQLite on the event loop; a writer that meets another process's lock
    # must wait in asyncio (others go on), then write once the lock is gone.
    path = tmp_path / "other.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        await upgrade_database(engine)
        sessions = make_sessionmaker(engine)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        async def write() -> None:
            async with sessions.begin() as db:
                db.add(RateEvent(key="waited"))

        ticking = asyncio.create_task(ticker())
        with write_lock_held(path):
            writer = asyncio.create_task(write())
            await asyncio.sleep(0.3)
            assert not writer.done() and ticks >= 10  # waiting, and the loop is not blocked
        await asyncio.wait_for(writer, 2)
        ticking.cancel()
        async with sessions() as db:
            assert (await db.scalars(select(RateEvent.key))).all() == ["waited"]
    finally:
        await engine.dispose()


def test_every_sqlite_url_runs_on_the_inline_driver(tmp_path: Path) -> None:
    for scheme in ("sqlite", "sqlite+aiosqlite"):
        engine = make_engine(f"{scheme}:///{tmp_path / 'any.db'}")
        assert engine.dialect.driver == "inline"


async def test_a_write_that_outwaits_the_busy_timeout_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        await upgrade_database(engine)
        sessions = make_sessionmaker(engine)
        async with sessions.begin() as held:
            held.add(RateEvent(key="first"))
            with pytest.raises(DatabaseBusy):  # the in-process queue gives up, too
                async with sessions.begin() as db:
                    db.add(RateEvent(key="second"))
        with write_lock_held(path):
            with pytest.raises(Exception) as raised:
                async with sessions.begin() as db:
                    db.add(RateEvent(key="third"))
            assert db_session.is_lock_error(raised.value)
        async with sessions() as db:
            keys = (await db.scalars(select(RateEvent.key))).all()
        assert keys == ["first"]
    finally:
        await engine.dispose()


async def test_a_locked_database_answers_503_with_retry_after_never_500(
    client: httpx.AsyncClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in_admin(client)
    created = await create_interview(client)
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    assert (await candidate.post("/start", {"round": 1})).status_code == 200
    await services.db_engine.dispose()
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 50)

    with write_lock_held(_db_path(services)):
        # Opening the interview only reads: it works while the lock is held.
        assert (await candidate.get()).status_code == 200
        message = await candidate.post("/messages", {"text": "What made you download it?"})
    assert message.status_code == 503
    assert message.headers["retry-after"] == "1"
    assert message.json()["error"] == "busy"

    # Nothing was stored, so the same message goes through once the lock is gone.
    assert (await candidate.post("/messages", {"text": "What made you download it?"})).is_success
    with write_lock_held(_db_path(services)):
        reply = await candidate.post("/reply")
    assert reply.status_code == 200
    kinds = [kind for kind, _ in events(reply.text)]
    assert kinds[-1] == "error"
    assert events(reply.text)[-1][1] == {
        "error": "busy",
        "detail": db_session.BUSY_DETAIL,
        "retry": True,
    }
    done = await candidate.post("/reply")
    assert [kind for kind, _ in events(done.text)][-1] == "done"
