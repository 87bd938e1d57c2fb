"""Sending over SMTP with the standard library's client, one connection per batch."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from app.config import Settings

log = logging.getLogger("coachable")


async def send_messages(settings: Settings, messages: Sequence[EmailMessage]) -> list[str | None]:
    """Send messages over one SMTP connection; per message None (taken) or why it was not.
    A server that cannot be reached at all fails every message with the same reason."""
    if not messages:
        return []
    return await asyncio.to_thread(_send_blocking, settings, list(messages))


def _connect(settings: Settings) -> smtplib.SMTP:
    host, port, timeout = settings.smtp_host or "", settings.smtp_port, settings.smtp_timeout
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.smtp_security == "tls":
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
        if settings.smtp_security == "starttls":
            client.starttls(context=context)
    if settings.smtp_username:
        client.login(settings.smtp_username, settings.smtp_password or "")
    return client


def _send_blocking(settings: Settings, messages: list[EmailMessage]) -> list[str | None]:
    try:
        client = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        reason = _reason(exc)
        log.warning("mail server %s:%s: %s", settings.smtp_host, settings.smtp_port, reason)
        return [reason] * len(messages)
    results: list[str | None] = []
    with client:
        for message in messages:
            try:
                refused = client.send_message(message)
            except (OSError, smtplib.SMTPException) as exc:
                results.append(_reason(exc))
                log.warning("mail to one recipient not sent: %s", _reason(exc))
                continue
            results.append("the mail server refused the address" if refused else None)
    return results


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error or "")
        return f"the mail server answered {exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = [
            f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
            for code, text in exc.recipients.values()
        ]
        return "the mail server refused the address" + (f" ({answers[0]})" if answers else "")
    if isinstance(exc, TimeoutError):
        return "the mail server did not answer in time"
    if isinstance(exc, OSError):
        return f"the mail server could not be reached ({exc.strerror or exc})"
    return str(exc) or type(exc).__name__
