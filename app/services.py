"""The composition spot: what a running service holds (settings, database, catalog, engines)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.config import Settings
from app.roleplay.engine import ProspectEngine

if TYPE_CHECKING:
    from app.catalog.loader import Catalog
    from app.catalog.models import Scenario
    from app.judge.models import Call, JudgeInput

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


class JudgeModel(Protocol):
    """What the judge needs from a model (app.llm.judge.LLMJudge in the service)."""

    model: str
    version: str

    async def ask(self, judge_input: JudgeInput) -> Call:
        """One judgement request; failures come back in Call.failure."""
        ...

    async def aclose(self) -> None:
        """Close the connections."""
        ...


@dataclass
class JudgeService:
    """The deployment's LLM judge and the judgements this process is working on.

    Judging runs after the step that made it due has committed, in the background, so no
    candidate waits on the judge; what it finds is stored, and any process can show it.
    """

    llm: JudgeModel
    runs: int
    tasks: dict[str, asyncio.Task[object]] = field(default_factory=dict)

    def start(self, key: str, work: Callable[[], Coroutine[Any, Any, object]]) -> None:
        """Run `work` in the background unless work for the same key is running already."""
        running = self.tasks.get(key)
        if running is not None and not running.done():
            return
        task = asyncio.get_running_loop().create_task(work())
        self.tasks[key] = task
        task.add_done_callback(lambda done: self._finished(key, done))

    def _finished(self, key: str, task: asyncio.Task[object]) -> None:
        if self.tasks.get(key) is task:
            del self.tasks[key]
        if not task.cancelled() and task.exception() is not None:
            log.error("the LLM judge failed on %s", key, exc_info=task.exception())

    async def drain(self) -> None:
        """Wait until every background judgement has finished (tests, shutdown)."""
        while self.tasks:
            await asyncio.gather(*self.tasks.values(), return_exceptions=True)

    async def aclose(self) -> None:
        """Stop what is running and close the model's connections."""
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        await self.llm.aclose()


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
    judge: JudgeService | None = None  # None: the deployment has the LLM judge off


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


def build_judge(settings: Settings) -> JudgeService | None:
    """The LLM judge when the deployment turns it on (COACHABLE_JUDGE_ENABLED), else None."""
    model = settings.judge_model_name
    if not settings.judge_enabled or not model:
        return None
    from app.llm import make_client
    from app.llm.judge import LLMJudge

    client = make_client(
        base_url=settings.judge_url,
        api_key=settings.judge_api_key or settings.llm_api_key,
        timeout=settings.judge_timeout,
        max_retries=settings.judge_retries,
    )
    judge = LLMJudge(
        client,
        model,
        temperature=settings.judge_temperature,
        max_tokens=settings.judge_max_tokens,
        structured=settings.judge_structured,
    )
    return JudgeService(llm=judge, runs=settings.judge_runs)
