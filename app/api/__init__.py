"""The JSON API (everything the pages do), described by OpenAPI at /api/openapi.json."""

from fastapi import APIRouter

from app.api import accounts, candidate, health, interviews, practice

router = APIRouter()
for module in (health, accounts, interviews, candidate, practice):
    router.include_router(module.router)
router.include_router(accounts.protected)
