"""`coachable db upgrade|purge`: apply migrations or the retention period from the shell."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from app.config import Settings


def main(argv: Sequence[str] | None = None) -> int:
    """Run a database command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="coachable db", description=__doc__)
    parser.add_argument("command", choices=["upgrade", "purge"])
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "upgrade":
        from app.db.session import upgrade_database_url

        upgrade_database_url(settings.database_url)
        print(f"database at head: {_safe_url(settings.database_url)}")
        return 0
    deleted = asyncio.run(_purge(settings))
    print(f"deleted {deleted} interviews older than {settings.retention_days} days")
    return 0


async def _purge(settings: Settings) -> int:
    from app.db.session import upgrade_database
    from app.flows import purge_expired
    from app.main import build_services

    svc = await build_services(settings)
    try:
        await upgrade_database(svc.db_engine)
        return await purge_expired(svc)
    finally:
        await svc.db_engine.dispose()


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"
