"""The service under test as a real uvicorn process, its memory, and a PostgreSQL bench database."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ADMIN_EMAIL = "bench@example.com"
ADMIN_PASSWORD = "bench-password-" + secrets.token_hex(8)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def process_tree(pid: int) -> list[int]:
    """A process and its descendants (uvicorn's workers, when it runs several)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except (
            OSError
        ):  # the thread ended while we looked (aiosqlite and anyio threads come and go)
            continue
        for child in children:
            found += process_tree(int(child))
    return found


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its workers in KB (VmRSS from /proc)."""
    total = 0
    for member in process_tree(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process and its workers have used so far (/proc stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for member in process_tree(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Poll `url` until it answers 200; fail if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode} during start-up")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


class Service:
    """`uvicorn app.main:create_app` on a free loopback port with its own data folder."""

    def __init__(self, database_url: str = "", workers: int = 1, **env: str) -> None:
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._data = tempfile.TemporaryDirectory(prefix="coachable-bench-")
        self.env = {
            **os.environ,
            "COACHABLE_DATA_DIR": self._data.name,
            "COACHABLE_DATABASE_URL": database_url,
            "COACHABLE_ADMIN_EMAIL": ADMIN_EMAIL,
            "COACHABLE_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "COACHABLE_ADMIN_PASSWORD_TEMPORARY": "false",
            "COACHABLE_ENGINE": "scripted",
            # Benchmarks measure the service, not the human pace it shows replies at.
            "COACHABLE_REPLY_PACING": "false",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.process is not None, "start() the service first"
        return self.process.pid

    def start(self) -> Service:
        """Start uvicorn (no access log; `workers` processes) and wait for /healthz."""
        command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--log-level", "warning", "--no-access-log"]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        wait_until_up(self.url + "/healthz", self.process)
        return self

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove its data folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._data.cleanup()

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class LLMStubProcess:
    """tests/llm/openai_stub.py in its own process, waiting `delay` s before each first token."""

    def __init__(self, delay: float, replies: int) -> None:
        self.delay = delay
        self.replies = replies
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def start(self) -> LLMStubProcess:
        """Start the stub and read its base URL from its first line of output."""
        command = [sys.executable, "-m", "bench.llm_stub", str(self.delay), str(self.replies)]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE)
        assert self.process.stdout is not None
        self.base_url = self.process.stdout.readline().decode().strip()
        if not self.base_url.startswith("http"):
            raise RuntimeError("the LLM stub did not start")
        wait_until_up(self.base_url + "/models", self.process)
        return self

    def stop(self) -> None:
        """Stop the stub."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self) -> LLMStubProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class PostgresDatabase:
    """A fresh database on the server at COACHABLE_TEST_POSTGRES_URL, dropped afterwards."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"coachable_bench_{secrets.token_hex(4)}"
        self.url = server_url.rsplit("/", 1)[0] + f"/{self.name}"

    async def _admin(self, sql: str) -> None:
        import asyncpg

        connection = await asyncpg.connect(
            self.server_url.replace("postgresql+asyncpg", "postgresql")
        )
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    async def create(self) -> str:
        """Create the database; returns its SQLAlchemy URL."""
        await self._admin(f'CREATE DATABASE "{self.name}"')
        return self.url

    async def drop(self) -> None:
        """Drop the database, closing any connection left to it."""
        await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
