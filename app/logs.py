"""Keeping secrets out of logs: invite tokens are in the candidate's page paths (/i/<token>)."""

from __future__ import annotations

import logging
import re

_INVITE_PATH = re.compile(r"^/i/[^/?#]+")
REDACTED = "/i/[redacted]"


def redact_path(path: str) -> str:
    """A request path fit for a log: an invite token becomes "[redacted]"."""
    return _INVITE_PATH.sub(REDACTED, path)


class RedactInviteTokens(logging.Filter):
    """Rewrites the path in uvicorn's access-log records (args: client, method, path, ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact, never drop."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2]), *args[3:])
        return True


def install_log_redaction() -> None:
    """Add the filter to uvicorn's access logger (once); the app's own logs use redact_path."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactInviteTokens) for f in access.filters):
        access.addFilter(RedactInviteTokens())
