"""The client address behind a proxy, and what reaches the access log.

The live tests run `coachable serve` as the image does, with the environment the old compose
file set (FORWARDED_ALLOW_IPS='*'), and play nginx: requests come from loopback (the trusted
proxy) with an X-Forwarded-For that the client chose and nginx appended to.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.logs import redact_path
from app.proxy import client_address, trusted_networks
from tests.api.live import Server
from tests.conftest import ADMIN_EMAIL

TRIES = 40
REAL_CLIENT = "198.51.100.7"
LOOPBACK = trusted_networks("127.0.0.1, ::1")
PROXIES = trusted_networks("10.0.0.0/8, 127.0.0.1")


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # Straight from the internet: headers are the client's own words, ignored.
        ("203.0.113.5", "1.2.3.4", "203.0.113.5"),
        # From the proxy: the address it saw is the rightmost entry it did not add itself.
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        ("10.0.0.2", "1.1.1.1,2.2.2.2 , 203.0.113.5", "203.0.113.5"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "10.0.0.7, 10.0.0.9", "10.0.0.7"),
        ("10.0.0.2", "not an address, 203.0.113.5", "203.0.113.5"),
        ("10.0.0.2", "203.0.113.5, garbage", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_rightmost_untrusted_hop(
    peer: str, forwarded: str, expected: str
) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


def test_a_wildcard_is_not_a_proxy_list() -> None:
    with pytest.raises(ValueError, match="proxy"):
        trusted_networks("*")


def test_paths_lose_their_invite_tokens() -> None:
    token = "Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkwYWJjZGVm"
    assert redact_path(f"/i/{token}") == "/i/[redacted]"
    assert redact_path(f"/i/{token}/self-assessment?x=1") == "/i/[redacted]/self-assessment?x=1"
    assert redact_path("/interviews/abc") == "/interviews/abc"
    assert redact_path("/api/invite") == "/api/invite"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    """`coachable serve` with its access log in a file, behind a pretend nginx on loopback."""
    server = Server(
        tmp_path / "data", serve=True, log=tmp_path / "server.log", FORWARDED_ALLOW_IPS="*"
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _spoofed(i: int) -> dict[str, str]:
    """What nginx forwards when the client sent its own X-Forwarded-For."""
    return {"X-Forwarded-For": f"198.18.{i // 250}.{i % 250 + 1}, {REAL_CLIENT}"}


def test_spoofed_forwarded_headers_do_not_reset_the_limits(served: Server) -> None:
    statuses: dict[str, list[int]] = {"sign-in": [], "invite": []}
    with httpx.Client(base_url=served.url, timeout=20) as http:
        for i in range(TRIES):
            body = {"email": ADMIN_EMAIL, "password": f"guess-number-{i}"}
            answer = http.post("/api/auth/sign-in", json=body, headers=_spoofed(i))
            statuses["sign-in"].append(answer.status_code)
            guess = http.get(f"/i/guess-{i}", headers=_spoofed(i))
            statuses["invite"].append(guess.status_code)
    checked = {kind: codes.count(401) + codes.count(404) for kind, codes in statuses.items()}
    print(f"checked before the limit, of {TRIES}: {checked}")
    assert statuses["sign-in"] == [401] * 5 + [429] * (TRIES - 5)
    assert statuses["invite"] == [404] * 30 + [429] * (TRIES - 30)


def test_invite_tokens_never_reach_the_access_log(served: Server, tmp_path: Path) -> None:
    with httpx.Client(base_url=served.url, timeout=20) as http:
        served.sign_in(http)
        body = {"scenario_id": "roberge-inbound-whitepaper", "candidate_name": "Ada"}
        token = http.post("/api/interviews", json=body).json()["invite_token"]
    with httpx.Client(base_url=served.url, timeout=20) as candidate:
        page = candidate.get(f"/i/{token}")
        assert page.status_code == 200
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert csrf
        started = candidate.post(f"/i/{token}/start", data={"csrf_token": csrf.group(1)})
        assert started.status_code == 303
        assert candidate.get(f"/i/{token}-wrong").status_code == 404
    served.stop()
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert '"GET /i/[redacted] HTTP/1.1" 200' in log, log[-2000:]
    assert '"POST /i/[redacted]/start HTTP/1.1" 303' in log
    assert token not in log


def test_the_access_log_filter_keeps_other_paths(caplog: pytest.LogCaptureFixture) -> None:
    from app.logs import install_log_redaction

    install_log_redaction()
    install_log_redaction()  # once is enough; twice changes nothing
    access = logging.getLogger("uvicorn.access")
    assert sum(type(f).__name__ == "RedactInviteTokens" for f in access.filters) == 1
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        args = ("127.0.0.1:5000", "GET", "/i/secret-token-value", "1.1", 200)
        access.info('%s - "%s %s HTTP/%s" %d', *args)
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/healthz", "1.1", 200)
    assert [r.getMessage() for r in caplog.records] == [
        '127.0.0.1:5000 - "GET /i/[redacted] HTTP/1.1" 200',
        '127.0.0.1:5000 - "GET /healthz HTTP/1.1" 200',
    ]
