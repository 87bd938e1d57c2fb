"""The composition spot: what a running service holds (settings, database, catalog, engines)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.config import Settings
from app.roleplay.engine import ProspectEngine

if TYPE_CHECKING:
    from app.catalog.loader import Catalog
    from app.catalog.models import Scenario

log = logging.getLogger("coachable")


@dataclass(frozen=True)
class Engines:
    """The deployment's prospect engines and the choice between them."""

    default: ProspectEngine
    scripted: ProspectEngine
    llm: ProspectEngine | None = None
    fallback_to_scripted: bool = False

    def for_scenario(self, scenario: Scenario) -> ProspectEngine:
        """The engine a scenario plays with (a scenario may override the deployment's)."""
        if scenario.engine == "scripted":
            return self.scripted
        if scenario.engine == "llm" and self.llm is not None:
            return self.llm
        return self.default


@dataclass(frozen=True)
class Services:
    """Everything a flow needs; built once per process by create_app, swapped in tests."""

    settings: Settings
    db_engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    catalog: Catalog
    engines: Engines
    secret_key: str
    extras: dict[str, Any] = field(default_factory=dict)


def build_engines(settings: Settings) -> Engines:
    """The scripted engine, plus the LLM engine when a base URL and model are configured."""
    from app.roleplay.scripted import ScriptedEngine

    scripted: ProspectEngine = ScriptedEngine()
    llm: ProspectEngine | None = None
    if settings.llm_base_url and settings.llm_model:
        from app.llm import LLMEngine, make_client

        client = make_client(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_retries,
        )
        llm = LLMEngine(
            client=client,
            model=settings.llm_model,
            prompt_version=settings.llm_prompt_version,
            max_tokens=settings.llm_max_tokens,
        )
    default = llm if settings.engine_name == "llm" and llm is not None else scripted
    if settings.engine_name == "llm" and llm is None:
        log.warning("engine=llm but llm_base_url/llm_model are not set: using the scripted engine")
    return Engines(
        default=default,
        scripted=scripted,
        llm=llm,
        fallback_to_scripted=settings.llm_fallback_to_scripted,
    )
