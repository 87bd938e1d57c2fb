"""Queries for the LLM judge's stored opinions (one row per interview part)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.tables import JudgeResult


async def results(db: AsyncSession, interview_id: str) -> Sequence[JudgeResult]:
    """Every stored judgement of an interview."""
    query = select(JudgeResult).where(JudgeResult.interview_id == interview_id)
    return (await db.scalars(query)).all()


async def put_result(db: AsyncSession, result: JudgeResult) -> bool:
    """Store one judgement, replacing a stale one of the same part (held to another scorer
    version); returns False, storing nothing, when a current one is stored already. Two
    processes inserting the same part at once: the second gets an IntegrityError."""
    found = await db.get(JudgeResult, (result.interview_id, result.part))
    if found is not None:
        if found.scorer_version == result.scorer_version:
            return False
        await db.delete(found)
        await db.flush()
    db.add(result)
    await db.flush()
    return True


async def delete_failed(db: AsyncSession, interview_id: str) -> int:
    """Forget the judgements that failed, so they are asked for again; returns how many."""
    found = await db.execute(
        delete(JudgeResult).where(
            JudgeResult.interview_id == interview_id, JudgeResult.failed.is_(True)
        )
    )
    return int(getattr(found, "rowcount", 0) or 0)
