"""A scenario can name the engine it wants; the deployment's default plays the others."""

from __future__ import annotations

from app.catalog.models import Scenario
from app.config import Settings
from app.roleplay.scripted import ScriptedEngine
from app.services import Engines, build_engines


def test_a_scenario_names_its_engine(scenario: Scenario) -> None:
    scripted, llm = ScriptedEngine(), ScriptedEngine()
    llm.name = "llm"  # a stand-in: only which one is chosen matters here
    engines = Engines(default=llm, scripted=scripted, llm=llm)
    assert engines.for_scenario(scenario) is llm
    assert engines.for_scenario(scenario.model_copy(update={"engine": "scripted"})) is scripted
    plain = Engines(default=scripted, scripted=scripted, llm=llm)
    assert plain.for_scenario(scenario.model_copy(update={"engine": "llm"})) is llm


def test_a_scenario_that_wants_a_model_plays_scripted_where_none_is_configured(
    scenario: Scenario,
) -> None:
    engines = build_engines(Settings(engine="scripted"))
    wants_llm = scenario.model_copy(update={"engine": "llm"})
    assert engines.for_scenario(wants_llm) is engines.scripted


def test_the_llm_engine_carries_its_model_and_prompt_settings() -> None:
    settings = Settings(
        llm_base_url="http://127.0.0.1:9/v1",
        llm_model="smollm2",
        llm_prompt_version="prospect-v1",
        llm_max_tokens=99,
    )
    engines = build_engines(settings)
    assert engines.llm is not None and engines.default is engines.llm
    assert (engines.llm.name, engines.llm.model, engines.llm.version) == (
        "llm",
        "smollm2",
        "prospect-v1",
    )
