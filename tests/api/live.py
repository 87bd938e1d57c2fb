"""A real uvicorn process serving the app, for tests that need real HTTP or a real crash."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A real uvicorn process serving the app on a SQLite file."""

    def __init__(
        self,
        data_dir: Path,
        llm_url: str | None = None,
        *,
        serve: bool = False,
        log: Path | None = None,
        **env: str,
    ) -> None:
        # serve: run `coachable serve` (python -m app.main), as the image does, instead of
        # uvicorn's own command line; log: where its output goes.
        self.serve = serve
        self.log = log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "COACHABLE_DATA_DIR": str(data_dir),
            "COACHABLE_DATABASE_URL": "",
            "COACHABLE_ADMIN_EMAIL": ADMIN_EMAIL,
            "COACHABLE_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "COACHABLE_ADMIN_PASSWORD_TEMPORARY": "false",
            "COACHABLE_ENGINE": "scripted",
            **env,
        }
        if llm_url:
            self.env |= {
                "COACHABLE_LLM_BASE_URL": llm_url,
                "COACHABLE_LLM_MODEL": "stub-model",
                "COACHABLE_LLM_RETRIES": "0",
                "COACHABLE_ENGINE": "llm",
                # The stub says its queued line whatever was asked: prospect-v1 streams it as
                # is (prospect-v2's director would replace it; see tests/llm/test_directed.py).
                "COACHABLE_LLM_PROMPT_VERSION": "prospect-v1",
            }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start uvicorn and wait until /healthz answers."""
        if self.serve:
            command = [sys.executable, "-m", "app.main"]
            self.env |= {"COACHABLE_HOST": "127.0.0.1", "COACHABLE_PORT": str(self.port)}
        else:
            command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
            command += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        output = self.log.open("ab") if self.log else None
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        if output:
            output.close()  # the child has its own copy
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

    def sign_in(self, client: httpx.Client) -> None:
        """Sign the client in as the first admin and set its CSRF header."""
        signed = client.post(
            self.url + "/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        signed.raise_for_status()
        client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]

    def stop(self) -> None:
        """Stop the process if it still runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
