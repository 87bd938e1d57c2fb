"""The browser-test harness: the real app under uvicorn on loopback, and Debian's chromium."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from app.main import create_app
from tests.web.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, web_settings

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live_server(data_dir: Path, **settings_fields: Any) -> Iterator[str]:
    """Serve create_app() with uvicorn in a thread (settings changed by `settings_fields`);
    yields the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = web_settings(data_dir).model_copy(update={"base_url": base, **settings_fields})
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _csrf(html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', html)
    assert found, "page without a CSRF meta tag"
    return found.group(1)


def sign_in_over_http(http: httpx.Client, email: str, password: str) -> httpx.Response:
    """Post the sign-in form with the token the form page gives."""
    csrf = _csrf(http.get("/login").text)
    return http.post("/login", data={"email": email, "password": password, "csrf_token": csrf})


def add_account(base: str, name: str, email: str, role: str) -> None:
    """Create an account through the admin's form, over plain HTTP."""
    with httpx.Client(base_url=base) as http:
        signed = sign_in_over_http(http, ADMIN_EMAIL, ADMIN_PASSWORD)
        assert signed.status_code == 303
        csrf = _csrf(http.get("/admin/users").text)
        made = http.post(
            "/admin/users",
            data={
                "name": name,
                "email": email,
                "role": role,
                "password": PASSWORD,
                "csrf_token": csrf,
            },
        )
        assert made.status_code == 303, made.text


def new_invite(base: str, email: str, candidate: str) -> str:
    """Create an interview as a manager over plain HTTP; returns its invite URL."""
    with httpx.Client(base_url=base, follow_redirects=True) as http:
        sign_in_over_http(http, email, PASSWORD)
        csrf = _csrf(http.get("/interviews/new").text)
        made = http.post(
            "/interviews/new",
            data={
                "scenario": "roberge-inbound-whitepaper",
                "candidate_name": candidate,
                "candidate_email": "c@example.com",
                "csrf_token": csrf,
            },
        )
        found = re.search(r'id="invite-link"[^>]*value="([^"]+)"', made.text)
        assert found, made.text
        return found.group(1)


def complete_over_http(invite: str, messages: list[str]) -> None:
    """Take an interview through both calls without a browser (to have one to review)."""
    with httpx.Client() as http:
        page = http.get(invite)
        csrf = _csrf(page.text)
        http.post(f"{invite}/start", data={"csrf_token": csrf})
        call = http.get(invite).text
        found = re.search(r'data-send-url="([^"]+)/say"', call)
        assert found, call
        api = invite.split("/i/")[0] + found.group(1)
        headers = {"X-CSRF-Token": csrf}
        for round_number in (1, 2):
            for text in messages:
                http.post(f"{api}/say", json={"text": text}, headers=headers).read()
            http.post(f"{invite}/end", data={"csrf_token": csrf, "round": str(round_number)})
            if round_number == 1:
                http.post(
                    f"{invite}/self-assessment",
                    data={"csrf_token": csrf, "text": "Good questions, but I pitched too soon."},
                )
                http.post(f"{invite}/feedback-reply", data={"csrf_token": csrf, "text": "Noted."})
