"""E-mail: invitations and reminders composed from templates, sent over SMTP when configured.

Without COACHABLE_SMTP_HOST nothing is sent and the manager copies the links (the pages say
so). `compose_invite` is pure; `send_messages` is the only code that talks to a mail server.
"""

from app.mail.compose import InviteMail, compose_invite
from app.mail.smtp import send_messages

__all__ = ["InviteMail", "compose_invite", "send_messages"]
