"""Invitation and reminder e-mails: a plain-text and an HTML body, the expiry, a link only.

The words are the interview's language's (languages/<code>/texts.yaml, `mail`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from app.language.registry import language

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
    language: str = "en"  # the interview's (its scenario's) language


def expiry_text(moment: datetime, code: str = "en") -> str:
    """An expiry people read the same anywhere: '12 December 2026, 23:59 UTC'."""
    texts = language(code).texts.mail
    return str(texts["expires"]).format(
        day=moment.day,
        month=texts["months"][moment.month - 1],
        year=moment.year,
        time=f"{moment:%H:%M}",
    )


def _lines(mail: InviteMail, html: bool) -> dict[str, str]:
    """The e-mail's sentences in its language, with the names filled in (escaped for HTML,
    where the role is also set in bold)."""
    texts = language(mail.language).texts.mail
    role = mail.role or ""

    def fill(key: str, **values: str) -> str:
        if not html:
            return str(texts[key]).format(**values)
        return escape(str(texts[key])).format(**values)

    strong_role = Markup("<strong>{}</strong>").format(role) if html else role
    intro = ("reminds" if mail.reminder else "invites") + ("_for_role" if mail.role else "")
    return {
        "hello": fill("hello", first_name=_first(mail)),
        "intro": fill(intro, inviter=mail.inviter_name, role=strong_role),
        "how": fill("how", minutes=str(mail.minutes)),
        "start_here": fill("start_here"),
        "start": fill("start"),
        "or_open": fill("or_open"),
        "works_until": fill(
            "works_until",
            expires=Markup("<strong>{}</strong>").format(
                expiry_text(mail.expires_at, mail.language)
            )
            if html
            else expiry_text(mail.expires_at, mail.language),
        ),
        "replaces": fill("replaces") if mail.reminder else "",
        "for_you_alone": fill("for_you_alone"),
    }


def subject_of(mail: InviteMail) -> str:
    """The e-mail's subject in its language."""
    texts = language(mail.language).texts.mail
    key = ("reminder_subject" if mail.reminder else "subject") + ("_for_role" if mail.role else "")
    return str(texts[key]).format(role=mail.role or "")


def compose_invite(mail: InviteMail, sender: str, now: datetime) -> EmailMessage:
    """The e-mail for one invitation or reminder, multipart: plain text, then HTML."""
    message = EmailMessage()
    message["Subject"] = subject_of(mail)
    message["From"] = sender
    message["To"] = Address(display_name=mail.candidate_name, addr_spec=mail.candidate_email)
    message["Date"] = format_datetime(now)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    values = {"mail": mail, "lang": mail.language, "subject": subject_of(mail)}
    text = _TEMPLATES.get_template("invite.txt").render(values, t=_lines(mail, html=False))
    html = _TEMPLATES.get_template("invite.html").render(values, t=_lines(mail, html=True))
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _first(mail: InviteMail) -> str:
    parts = mail.candidate_name.split()
    return parts[0] if parts else mail.candidate_name
