"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from app import flows
from app.api.schemas import Health
from app.auth import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz(svc: ServicesDep) -> Health:
    """The service is up and its database answers."""
    await flows.check_database(svc)
    return Health(status="ok", database="ok", engine=svc.engines.default.name)
