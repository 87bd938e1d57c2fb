"""One Settings object, read from the environment (prefix COACHABLE_)."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.proxy import trusted_networks
from app.roleplay.pacing import Pace

SECRET_FILE = "secret_key"


class Settings(BaseSettings):
    """Deployment settings; every field can be set as COACHABLE_<NAME> in the environment."""

    # An empty variable (`COACHABLE_METRICS_TOKEN=` in an env file) means "not set".
    model_config = SettingsConfigDict(
        env_prefix="COACHABLE_", extra="ignore", env_ignore_empty=True
    )

    data_dir: Path = Path("data")
    catalog_dir: Path | None = Field(
        default=None,
        description="A folder with scenarios/, rubrics/ and languages/; None: the repository's.",
    )
    host: str = Field(default="127.0.0.1", description="What `coachable serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str = Field(default="", description="Defaults to SQLite in data_dir.")
    base_url: str = Field(
        default="", description="Used in invite links; defaults to http://<host>:<port>."
    )

    engine: Literal["scripted", "llm"] | None = Field(
        default=None, description="None: llm when llm_base_url and llm_model are set."
    )
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = Field(default=30.0, gt=0)
    llm_retries: int = Field(default=2, ge=0, le=10)
    llm_fallback_to_scripted: bool = False
    llm_prompt_version: Literal["prospect-v1", "prospect-v2"] = Field(
        default="prospect-v2", description="The prompt template the LLM prospect plays with."
    )
    # About 90 words: past the guard's limit for a spoken reply (70), so a reply that runs on
    # is stopped by the guard at a sentence, and the model never spends long on it.
    llm_max_tokens: int = Field(default=120, ge=16, le=4096)

    reply_pacing: bool = Field(
        default=True,
        description="Stream replies at a person's pace (a pause, then words); off in tests.",
    )
    reply_pause_seconds: float = Field(default=0.8, ge=0, le=5)
    reply_chars_per_second: float = Field(default=20.0, gt=0, le=10000)

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
    sign_in_attempts: int = Field(
        default=5, ge=1, description="Sign-in failures per account from one client per window."
    )
    sign_in_attempts_per_ip: int = Field(
        default=30, ge=1, description="Sign-in failures per client, all accounts, per window."
    )
    sign_in_slowdown_after: int = Field(
        default=10, ge=1, description="Failures per account, all clients, before sign-ins wait."
    )
    sign_in_slowdown_seconds: float = Field(
        default=2.0, ge=0, le=30, description="The wait before a slowed-down account's check."
    )
    token_attempts_per_ip: int = Field(default=30, ge=1, description="Bad invite tokens per IP.")
    rate_window_minutes: int = Field(default=15, ge=1)

    trusted_proxies: str = Field(
        default="127.0.0.1, ::1",
        description="Reverse proxies (addresses or networks, comma-separated) whose "
        "X-Forwarded-For is believed; see app/proxy.py.",
    )

    smtp_host: str | None = Field(
        default=None, description="Invites and reminders are e-mailed through it when set."
    )
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls (port 587), tls (implicit TLS, port 465) or none (a local relay).",
    )
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = Field(
        default=None, description="The sender, e.g. 'Hiring at Acme <hiring@acme.example>'."
    )
    smtp_timeout: float = Field(default=15.0, gt=0, le=120)

    admin_email: str = "admin@coachable.local"
    admin_password: str | None = None
    admin_password_temporary: bool = Field(
        default=True,
        description="The first admin must replace COACHABLE_ADMIN_PASSWORD at first sign-in "
        "(a generated one always).",
    )
    cookie_secure: bool = False
    migrate_on_start: bool = True
    metrics_token: str | None = Field(
        default=None,
        min_length=32,
        description="GET /metrics needs `Authorization: Bearer <token>`; unset, it is off (404).",
    )

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
        if not self.base_url:
            shown = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
            self.base_url = f"http://{shown}:{self.port}"
        if self.secret_key and len(self.secret_key) < 32:
            raise ValueError("COACHABLE_SECRET_KEY must be at least 32 characters")
        if self.judge_enabled and not self.judge_model_name:
            raise ValueError(
                "COACHABLE_JUDGE_ENABLED needs COACHABLE_JUDGE_MODEL (or COACHABLE_LLM_MODEL)"
            )
        trusted_networks(self.trusted_proxies)  # a bad list stops start-up, with its reason
        if self.smtp_host and not self.smtp_from:
            raise ValueError("COACHABLE_SMTP_FROM must be set with COACHABLE_SMTP_HOST")
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
    def sends_email(self) -> bool:
        """Whether invites and reminders go out by e-mail (else the manager copies links)."""
        return bool(self.smtp_host)

    @property
    def reply_pace(self) -> Pace | None:
        """The human pace replies stream at, or None when pacing is off."""
        if not self.reply_pacing:
            return None
        return Pace(pause=self.reply_pause_seconds, chars_per_second=self.reply_chars_per_second)

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is SQLite (WAL pragmas, file in data_dir)."""
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in data_dir (never a default)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / SECRET_FILE
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
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
