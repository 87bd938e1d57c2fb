"""All page routers in one `router` for create_app to include (static files are mounted there)."""

from __future__ import annotations

from fastapi import APIRouter

from app.web import account, candidate, manager, openings, practice

router = APIRouter(include_in_schema=False)
for module in (account, candidate, manager, openings, practice):
    router.include_router(module.router)
