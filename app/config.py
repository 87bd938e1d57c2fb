"""One Settings object, read from the environment (prefix COACHABLE_)."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "secret_key"


class Settings(BaseSettings):
    """Deployment settings; every field can be set as COACHABLE_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="COACHABLE_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = Field(default="", description="Defaults to SQLite in data_dir.")
    base_url: str = Field(default="http://127.0.0.1:8000", description="Used in invite links.")

    engine: Literal["scripted", "llm"] | None = Field(
        default=None, description="None: llm when llm_base_url and llm_model are set."
    )
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = Field(default=30.0, gt=0)
    llm_retries: int = Field(default=2, ge=0, le=10)
    llm_fallback_to_scripted: bool = False

    # The optional LLM judge (app.judge): a second opinion beside the rule-based scores, for
    # rubrics that allow it (`judge: {enabled: true}` in the rubric file). Off by default.
    judge_enabled: bool = False
    judge_base_url: str | None = Field(default=None, description="Default: llm_base_url.")
    judge_model: str | None = Field(default=None, description="Default: llm_model.")
    judge_api_key: str | None = Field(default=None, description="Default: llm_api_key.")
    judge_runs: int = Field(
        default=1, ge=1, le=9, description="Calls per judgement; the median level is kept."
    )
    judge_temperature: float | None = Field(
        default=0.0, ge=0, le=2, description="None: leave it to the server."
    )
    judge_timeout: float = Field(default=60.0, gt=0)
    judge_retries: int = Field(default=1, ge=0, le=10)
    judge_max_tokens: int = Field(default=1500, ge=200, le=16000)
    judge_structured: Literal["json_schema", "json_object+schema", "json_object", "none"] = Field(
        default="json_schema",
        description="Structured output to ask for first; refusals step down the list.",
    )

    secret_key: str = Field(default="", description="Generated and kept in data_dir if unset.")
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    retention_days: int = Field(default=180, ge=1)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    max_message_chars: int = Field(default=2000, ge=50, le=20000)
    max_body_bytes: int = Field(
        default=256 * 1024, ge=64 * 1024, description="Larger request bodies get a 413."
    )
    messages_per_minute: int = Field(default=20, ge=1)
    sign_in_attempts: int = Field(default=5, ge=1, description="Failures per e-mail per window.")
    sign_in_attempts_per_ip: int = Field(default=30, ge=1)
    token_attempts_per_ip: int = Field(default=30, ge=1, description="Bad invite tokens per IP.")
    rate_window_minutes: int = Field(default=15, ge=1)

    admin_email: str = "admin@coachable.local"
    admin_password: str | None = None
    cookie_secure: bool = False
    migrate_on_start: bool = True

    @field_validator("judge_temperature", mode="before")
    @classmethod
    def _no_temperature(cls, value: object) -> object:
        # COACHABLE_JUDGE_TEMPERATURE=none leaves the temperature to the server.
        if isinstance(value, str) and value.strip().lower() in ("", "none", "null"):
            return None
        return value

    @model_validator(mode="after")
    def _defaults_from_data_dir(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'coachable.db'}"
        if self.secret_key and len(self.secret_key) < 32:
            raise ValueError("COACHABLE_SECRET_KEY must be at least 32 characters")
        if self.judge_enabled and not self.judge_model_name:
            raise ValueError(
                "COACHABLE_JUDGE_ENABLED needs COACHABLE_JUDGE_MODEL (or COACHABLE_LLM_MODEL)"
            )
        return self

    @property
    def judge_model_name(self) -> str | None:
        """The judge's model: its own setting, else the prospect's."""
        return self.judge_model or self.llm_model

    @property
    def judge_url(self) -> str | None:
        """The judge's endpoint: its own setting, else the prospect's (None: OpenAI)."""
        return self.judge_base_url or self.llm_base_url

    @property
    def engine_name(self) -> Literal["scripted", "llm"]:
        """The deployment's default prospect engine."""
        if self.engine is not None:
            return self.engine
        return "llm" if self.llm_base_url and self.llm_model else "scripted"

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is SQLite (WAL pragmas, file in data_dir)."""
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in data_dir (never a default)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / SECRET_FILE
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: of several processes starting at once, exactly one writes the key and
            # the others read it, so CSRF tokens and sessions agree across processes.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _read_key(path)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48))
        return _read_key(path)


def _read_key(path: Path) -> str:
    # A process that lost the race may look before the winner has written: wait briefly.
    for _ in range(50):
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty; delete it or set COACHABLE_SECRET_KEY")
