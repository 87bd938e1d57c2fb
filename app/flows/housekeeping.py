"""Privacy and upkeep: erasure on request, the retention period, the health check."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from app.accounts import UserView
from app.db import interviews as repo
from app.db import users as user_repo
from app.db.tables import utcnow
from app.flows.common import check_viewer, load_interview
from app.services import Services

log = logging.getLogger("coachable")


async def erase_interview(svc: Services, interview_id: str, viewer: UserView) -> None:
    """Erase an interview, everything the candidate said and its scores, on request."""
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        check_viewer(row, viewer)
        await repo.delete_interview(db, row.id)


async def purge_expired(svc: Services, now: datetime | None = None) -> int:
    """Delete candidate interviews older than the retention period; returns how many."""
    before = (now or utcnow()) - timedelta(days=svc.settings.retention_days)
    async with svc.sessions.begin() as db:
        ids = await repo.ids_created_before(db, "interview", before)
        for interview_id in ids:
            await repo.delete_interview(db, interview_id)
        await user_repo.delete_expired_sessions(db, now or utcnow())
        await user_repo.delete_old_rate_events(db, (now or utcnow()) - timedelta(days=1))
    if ids:
        log.info("retention: deleted %d interviews older than %s", len(ids), before.date())
    return len(ids)


async def check_database(svc: Services) -> None:
    """Raise if the database does not answer (health check)."""
    async with svc.sessions() as db:
        await user_repo.ping(db)
