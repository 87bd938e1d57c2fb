"""The `coachable db` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.cli import _safe_url, main


def test_upgrade_then_purge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COACHABLE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACHABLE_DATABASE_URL", "")
    assert main(["upgrade"]) == 0
    assert (tmp_path / "coachable.db").exists()
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "database at head" in out and "deleted 0 interviews" in out


def test_passwords_are_not_printed() -> None:
    url = "postgresql+asyncpg://app:s3cret@db:5432/coachable"
    assert _safe_url(url) == "postgresql+asyncpg://app:***@db:5432/coachable"
    assert (
        _safe_url("sqlite+aiosqlite:///data/coachable.db")
        == "sqlite+aiosqlite:///data/coachable.db"
    )
