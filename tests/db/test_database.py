"""The database layer: migrations match the tables, SQLite runs in WAL, retention and erasure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.engine import Connection

from app import flows
from app.accounts import list_users
from app.config import Settings
from app.db.session import MIGRATIONS_DIR, make_engine, upgrade_database, upgrade_database_url
from app.db.tables import Base, Interview, TurnRow, utcnow
from app.errors import NotFound
from app.services import Services
from tests.api.helpers import SCENARIO
from tests.conftest import DATABASES


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    """Run every test here on SQLite and on PostgreSQL."""
    kind: str = request.param
    return kind


def _head() -> str | None:
    """The newest revision in the migrations folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection)
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_build_exactly_the_tables(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade_database(engine)
        await upgrade_database(engine)  # a second start changes nothing
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == _head()
    finally:
        await engine.dispose()


def _migrate(connection: Connection, direction: str, revision: str) -> None:
    from alembic import command

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    getattr(command, direction)(config, revision)


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_the_judge_migration_goes_down_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.run_sync(_migrate, "downgrade", "0005_prospect")
        async with engine.connect() as connection:
            assert "judge_results" not in await connection.run_sync(_tables)
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == "0005_prospect"
        await upgrade_database(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == _head() == "0006_judge"
    finally:
        await engine.dispose()


def test_upgrade_command_works_on_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'new.db'}"
    upgrade_database_url(url)
    assert (tmp_path / "sub" / "new.db").exists()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(services: Services) -> None:
    if not services.settings.is_sqlite:
        pytest.skip("SQLite only")
    async with services.sessions() as db:
        assert (await db.scalar(text("PRAGMA journal_mode"))) == "wal"
        assert (await db.scalar(text("PRAGMA foreign_keys"))) == 1


async def _interview_with_turns(services: Services) -> str:
    owner = (await list_users(services))[0]
    created = await flows.create_interview(services, owner, SCENARIO, "Ada", "ada@example.com")
    await flows.start_round(services, created.interview.id, 1)
    await flows.add_candidate_message(services, created.interview.id, "What are your goals?")
    return created.interview.id


async def _turn_count(services: Services, interview_id: str) -> int:
    async with services.sessions() as db:
        query = select(func.count()).where(TurnRow.interview_id == interview_id)
        return int(await db.scalar(query) or 0)


async def test_retention_deletes_old_candidate_data_only(services: Services) -> None:
    old = await _interview_with_turns(services)
    recent = await _interview_with_turns(services)
    days = services.settings.retention_days
    async with services.sessions.begin() as db:
        await db.execute(
            update(Interview)
            .where(Interview.id == old)
            .values(created_at=utcnow() - timedelta(days=days + 1))
        )
    assert await flows.purge_expired(services) == 1
    assert await _turn_count(services, old) == 0
    assert await _turn_count(services, recent) == 2
    async with services.sessions() as db:
        assert await db.get(Interview, old) is None


async def test_erasure_removes_the_interview_and_its_turns(services: Services) -> None:
    interview_id = await _interview_with_turns(services)
    owner = (await list_users(services))[0]
    await flows.erase_interview(services, interview_id, owner)
    assert await _turn_count(services, interview_id) == 0
    with pytest.raises(NotFound):
        await flows.get_interview(services, interview_id, owner)


def test_settings_refuse_a_short_secret_and_generate_one_once(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 32"):
        Settings(secret_key="short", data_dir=tmp_path)
    settings = Settings(data_dir=tmp_path)
    first = settings.resolved_secret_key()
    assert len(first) >= 32
    assert Settings(data_dir=tmp_path).resolved_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert settings.database_url == f"sqlite:///{tmp_path / 'coachable.db'}"


async def test_processes_starting_together_migrate_once(database_url: str) -> None:
    import asyncio

    engines = [make_engine(database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade_database(engine) for engine in engines))
        async with engines[0].connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        for engine in engines:
            await engine.dispose()
