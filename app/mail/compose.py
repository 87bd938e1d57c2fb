"""Invitation and reminder e-mails: a plain-text and an HTML body, the expiry, a link only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    # The HTML body escapes every value (names are typed by people); the text body is plain.
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True, slots=True)
class InviteMail:
    """What an invitation or reminder says: who, for what, the link and until when."""

    candidate_name: str
    candidate_email: str
    role: str | None  # the opening's title (None for an interview outside an opening)
    inviter_name: str
    link: str
    expires_at: datetime
    minutes: int  # about how long the whole interview takes
    reminder: bool = False


def expiry_text(moment: datetime) -> str:
    """An expiry people read the same anywhere: '12 December 2026, 23:59 UTC'."""
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def compose_invite(mail: InviteMail, sender: str, now: datetime) -> EmailMessage:
    """The e-mail for one invitation or reminder, multipart: plain text, then HTML."""
    values = {"mail": mail, "expires": expiry_text(mail.expires_at), "first_name": _first(mail)}
    message = EmailMessage()
    subject = "Your role-play interview" + (f" for {mail.role}" if mail.role else "")
    message["Subject"] = (
        f"Reminder: {subject[0].lower()}{subject[1:]}" if mail.reminder else subject
    )
    message["From"] = sender
    message["To"] = Address(display_name=mail.candidate_name, addr_spec=mail.candidate_email)
    message["Date"] = format_datetime(now)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(_TEMPLATES.get_template("invite.txt").render(values))
    message.add_alternative(_TEMPLATES.get_template("invite.html").render(values), subtype="html")
    return message


def _first(mail: InviteMail) -> str:
    parts = mail.candidate_name.split()
    return parts[0] if parts else mail.candidate_name
