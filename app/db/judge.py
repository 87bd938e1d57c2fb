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


async def add_result(db: AsyncSession, result: JudgeResult) -> None:
    """Store one judgement (a second one for the same part is an IntegrityError)."""
    db.add(result)
    await db.flush()


async def delete_failed(db: AsyncSession, interview_id: str) -> int:
    """Forget the judgements that failed, so they are asked for again; returns how many."""
    found = await db.execute(
        delete(JudgeResult).where(
            JudgeResult.interview_id == interview_id, JudgeResult.failed.is_(True)
        )
    )
    return int(getattr(found, "rowcount", 0) or 0)
