"""What the README promises a new user: how to choose the port, how to turn e-mail on."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")


def test_the_readme_names_the_port_make_run_takes() -> None:
    assert "make run PORT=8080" in README
    assert "PORT   ?= 8000" in MAKEFILE and "--port $(PORT)" in MAKEFILE


def test_the_readme_names_every_smtp_setting() -> None:
    from app.config import Settings

    smtp = [name for name in Settings.model_fields if name.startswith("smtp_")]
    assert smtp and all(f"COACHABLE_{name.upper()}" in README for name in smtp)
