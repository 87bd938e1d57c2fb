"""The judge's deployment settings: off by default, and refused when on without a model."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import Settings
from app.services import build_judge


def test_the_judge_is_off_by_default(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llm_base_url="http://x/v1", llm_model="m")
    assert not settings.judge_enabled
    assert build_judge(settings) is None


def test_the_judge_needs_a_model(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="COACHABLE_JUDGE_MODEL"):
        Settings(data_dir=tmp_path, judge_enabled=True)


async def test_the_judge_falls_back_on_the_prospect_s_endpoint(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        llm_base_url="http://llm.example/v1",
        llm_model="prospect-model",
        judge_enabled=True,
        judge_runs=3,
        judge_structured="json_object",
    )
    judge = build_judge(settings)
    assert judge is not None
    try:
        assert judge.runs == 3
        assert judge.llm.model == "prospect-model"
        assert str(judge.llm.client.base_url) == "http://llm.example/v1/"  # type: ignore[attr-defined]
        assert judge.llm.structured == "json_object"  # type: ignore[attr-defined]
    finally:
        await judge.aclose()


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COACHABLE_JUDGE_ENABLED", "true")
    monkeypatch.setenv("COACHABLE_JUDGE_MODEL", "qwen2.5-7b-instruct")
    monkeypatch.setenv("COACHABLE_JUDGE_BASE_URL", "http://vllm:8000/v1")
    monkeypatch.setenv("COACHABLE_JUDGE_RUNS", "5")
    monkeypatch.setenv("COACHABLE_JUDGE_TEMPERATURE", "none")
    settings = Settings(data_dir=tmp_path)
    assert settings.judge_temperature is None
    assert (settings.judge_model_name, settings.judge_url, settings.judge_runs) == (
        "qwen2.5-7b-instruct",
        "http://vllm:8000/v1",
        5,
    )
