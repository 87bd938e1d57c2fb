"""SIGKILL the server mid-reply, start it again: no committed turn is lost and the call resumes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import SCENARIO, events
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.llm.openai_stub import OpenAIStub

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A real uvicorn process serving the app on a SQLite file."""

    def __init__(self, data_dir: Path, llm_url: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "COACHABLE_DATA_DIR": str(data_dir),
            "COACHABLE_DATABASE_URL": "",
            "COACHABLE_ADMIN_EMAIL": ADMIN_EMAIL,
            "COACHABLE_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "COACHABLE_LLM_BASE_URL": llm_url,
            "COACHABLE_LLM_MODEL": "stub-model",
            "COACHABLE_LLM_RETRIES": "0",
            "COACHABLE_ENGINE": "llm",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start uvicorn and wait until /healthz answers."""
        command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        for _ in range(200):
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.process.poll() is None, "the server exited during start-up"
            time.sleep(0.05)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, like a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the process if it still runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    """A slow stub: each word takes a while, so the kill lands mid-reply."""
    with OpenAIStub(chunk_delay=0.3, hang_seconds=3.0) as server:
        yield server


@pytest.fixture
def server(tmp_path: Path, stub: OpenAIStub) -> Iterator[Server]:
    """The server under test (stopped at the end whatever happened)."""
    running = Server(tmp_path / "data", stub.base_url)
    yield running
    running.stop()


def test_sigkill_mid_reply_loses_nothing(server: Server, stub: OpenAIStub) -> None:
    server.start()
    with httpx.Client(base_url=server.url, timeout=10) as manager:
        signed = manager.post(
            "/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        manager.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
        created = manager.post(
            "/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "Ada"}
        ).json()
    base = f"/api/candidate/{created['interview']['id']}"
    auth = {"Authorization": f"Bearer {created['invite_token']}"}

    with httpx.Client(base_url=server.url, timeout=10, headers=auth) as candidate:
        candidate.post(base + "/start", json={"round": 1}).raise_for_status()
        sent = candidate.post(base + "/messages", json={"text": "What are your goals?"})
        assert sent.status_code == 201
        stub.queue("Our goal this year is to double the number of inbound leads we get.")
        with candidate.stream("POST", base + "/reply") as reply:
            first = next(reply.iter_text())
            assert "event: delta" in first
            server.kill()

    server.start()
    with httpx.Client(base_url=server.url, timeout=10, headers=auth) as candidate:
        state = candidate.get(base).json()
        assert [t["speaker"] for t in state["turns"]] == ["prospect", "candidate"]
        assert state["turns"][1]["text"] == "What are your goals?"
        assert state["awaiting_reply"] is True
        stub.queue("Growth, mostly.")
        resumed = events(candidate.post(base + "/reply").text)
        assert resumed[-1][0] == "done"
        turns = candidate.get(base).json()["turns"]
        assert [t["text"] for t in turns[1:]] == ["What are your goals?", "Growth, mostly."]
