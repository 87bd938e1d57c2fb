"""The shipped deployment (deploy/): HTTPS in the compose stack, one rule for client addresses,
invite tokens kept out of nginx's log, /metrics closed, and deploy/.env never committed."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.proxy import trusted_networks

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NGINX = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
TOKEN = "Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkwYWJjZGVm"


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return data


def server_blocks() -> list[str]:
    """The text of each `server { ... }` block in nginx.conf."""
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"\bserver\s*\{|\{|\}", NGINX):
        if match.group(0) != "}" and match.group(0).startswith("server") and depth == 1:
            start = match.start()
        if match.group(0) == "}":
            depth -= 1
            if depth == 1 and start is not None:
                blocks.append(NGINX[start : match.end()])
                start = None
        else:
            depth += 1
    return blocks


def test_deploy_env_and_certificates_are_never_committed() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for path in ("deploy/.env", "deploy/certs/cert.pem", "deploy/certs/key.pem"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        assert ignored.returncode == 0, path


def test_the_stack_serves_https_with_a_mounted_certificate() -> None:
    proxy = compose()["services"]["proxy"]
    assert "443:443" in proxy["ports"]
    assert any(v.startswith("./certs:/etc/nginx/certs") for v in proxy["volumes"])
    https = [b for b in server_blocks() if re.search(r"listen 443 ssl", b)]
    assert len(https) == 1
    assert "ssl_certificate /etc/nginx/certs/cert.pem;" in https[0]
    assert "ssl_certificate_key /etc/nginx/certs/key.pem;" in https[0]
    plain = [b for b in server_blocks() if re.search(r"listen 80;", b)]
    assert len(plain) == 1 and "return 301 https://$host$request_uri;" in plain[0]
    app_env = compose()["x-app-env"]
    assert app_env["COACHABLE_COOKIE_SECURE"] == "true"  # only behind the HTTPS above
    assert app_env["COACHABLE_BASE_URL"].startswith("${COACHABLE_BASE_URL:-https://")


def test_the_app_believes_only_the_proxy_and_nginx_overwrites_the_header() -> None:
    app_env = compose()["x-app-env"]
    assert "FORWARDED_ALLOW_IPS" not in app_env
    trusted = trusted_networks(app_env["COACHABLE_TRUSTED_PROXIES"])
    proxy_ip = compose()["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    subnet = compose()["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert [str(n) for n in trusted] == [f"{proxy_ip}/32"]
    assert trusted[0].subnet_of(trusted_networks(subnet)[0])  # type: ignore[arg-type]
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX
    assert "$proxy_add_x_forwarded_for" not in NGINX


def test_nginx_logs_paths_without_invite_tokens() -> None:
    found = re.search(r"map \$request_uri \$redacted_uri \{(.*?)\n\s*\}", NGINX, re.S)
    assert found, "no redaction map"
    rules = re.findall(r'"?(~[^"\s]+)"?\s+"?([^";]+)"?;', found.group(1))
    assert rules, found.group(1)

    def nginx_map(uri: str) -> str:
        for pattern, replacement in rules:
            python = pattern[1:].replace("(?<", "(?P<")
            hit = re.match(python, uri)
            if hit:
                groups = hit.groupdict()
                for name, value in groups.items():
                    replacement = replacement.replace("${" + name + "}", value)
                return replacement
        return uri

    assert nginx_map(f"/i/{TOKEN}") == "/i/[redacted]"
    assert nginx_map(f"/i/{TOKEN}/start") == "/i/[redacted]/start"
    assert nginx_map("/interviews/abc?x=1") == "/interviews/abc?x=1"
    log_format = re.search(r"log_format redacted (.*?);", NGINX, re.S)
    assert log_format and "$redacted_uri" in log_format.group(1)
    assert not re.search(r"\$request\b|\$request_uri|\$uri\b", log_format.group(1))
    for line in re.findall(r"^\s*access_log .*;$", NGINX, re.M):
        assert line.strip().endswith(" redacted;") or "off;" in line, line


def test_metrics_are_not_published_through_the_proxy() -> None:
    assert "location = /metrics { return 404; }" in NGINX


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_self_signed_certificate_script(tmp_path: Path) -> None:
    script = DEPLOY / "self-signed-cert.sh"
    subprocess.run(["sh", str(script), "coachable.test", str(tmp_path)], check=True)
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    text = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-noout", "-subject", "-ext", "subjectAltName"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "coachable.test" in text and "DNS:coachable.test" in text
    # A second run keeps the certificate it made (a mounted real one is never overwritten).
    before = cert.read_bytes()
    subprocess.run(["sh", str(script), "coachable.test", str(tmp_path)], check=True)
    assert cert.read_bytes() == before
