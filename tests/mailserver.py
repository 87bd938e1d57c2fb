"""A real SMTP server for tests: aiosmtpd on loopback, in-process, keeping what it receives."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.web.browser import free_port


@dataclass
class Inbox:
    """What the server has taken, in order."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # addresses answered with 550

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to one address."""
        return [m for m in self.messages if address in str(m["To"])]


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.inbox.refuse:
            return "550 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.content if isinstance(envelope.content, bytes) else b""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.inbox.messages.append(parsed)
        return "250 Message accepted"


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    """An SMTP server on a free loopback port for the duration of the block."""
    inbox = Inbox("127.0.0.1", free_port())
    controller = Controller(_Handler(inbox), hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def smtp_settings(inbox: Inbox) -> dict[str, Any]:
    """Settings fields that send through the test server (no TLS on loopback)."""
    return {
        "smtp_host": inbox.host,
        "smtp_port": inbox.port,
        "smtp_security": "none",
        "smtp_from": "Hiring at Acme <hiring@acme.example>",
        "smtp_timeout": 10.0,
    }


def body(message: EmailMessage, subtype: str) -> str:
    """The text/plain or text/html part of a message."""
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    content: str = part.get_content()  # type: ignore[attr-defined]
    return content
