"""Invitation e-mails: composed from templates, sent over SMTP to a real (local) server."""

from __future__ import annotations

from datetime import UTC, datetime

from app.config import Settings
from app.mail import InviteMail, compose_invite, send_messages
from tests.mailserver import body, smtp_server, smtp_settings
from tests.web.browser import free_port

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def mail(**fields: object) -> InviteMail:
    values: dict[str, object] = {
        "candidate_name": "Ada <b>Lovelace</b>",
        "candidate_email": "ada@example.com",
        "role": "AE & SDR",
        "inviter_name": "Hana Berg",
        "link": "https://hire.example/i/abc_DEF-123",
        "expires_at": datetime(2026, 3, 16, 23, 59, 59, tzinfo=UTC),
        "minutes": 40,
    }
    return InviteMail(**{**values, **fields})  # type: ignore[arg-type]


def test_an_invite_has_a_text_and_an_html_body_the_expiry_and_a_link_only() -> None:
    message = compose_invite(mail(), "Hiring <hiring@acme.example>", NOW)
    assert message["Subject"] == "Your role-play interview for AE & SDR"
    assert message["Message-ID"].endswith("@acme.example>")
    text, html = body(message, "plain"), body(message, "html")
    assert "Hello Ada," in text and "The link works until 16 March 2026, 23:59 UTC." in text
    assert "https://hire.example/i/abc_DEF-123" in text
    # Typed names are escaped in the HTML; nothing loads from elsewhere.
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" not in html  # first name only in the greeting
    assert "Hello Ada," in html and "AE &amp; SDR" in html
    assert "<img" not in html and "<script" not in html
    assert not [p for p in message.walk() if p.get_content_disposition() == "attachment"]


def test_a_reminder_says_the_old_link_is_replaced() -> None:
    message = compose_invite(mail(reminder=True, role=None), "hiring@acme.example", NOW)
    assert message["Subject"] == "Reminder: your role-play interview"
    assert "replaces the link in our earlier e-mail" in body(message, "plain")
    assert "role play, and it is still waiting" in body(message, "plain")


def test_an_invite_is_in_the_interviews_language() -> None:
    message = compose_invite(
        mail(language="sv", inviter_name="Hana <i>Berg</i>"), "h@x.example", NOW
    )
    assert message["Subject"] == "Din rollspelsintervju för AE & SDR"
    text, html = body(message, "plain"), body(message, "html")
    assert "Hej Ada," in text and "Länken fungerar till 16 mars 2026 kl. 23:59 UTC." in text
    assert '<html lang="sv">' in html and "<strong>AE &amp; SDR</strong>" in html
    assert "Hana &lt;i&gt;Berg&lt;/i&gt;" in html and "Starta intervjun" in html
    german = compose_invite(mail(language="de", reminder=True, role=None), "h@x.example", NOW)
    assert "Hello" not in body(german, "plain") and "Guten Tag Ada" in body(german, "plain")


async def test_messages_go_over_one_connection_and_refusals_are_named() -> None:
    with smtp_server() as inbox:
        inbox.refuse.add("nobody@example.com")
        settings = Settings(**smtp_settings(inbox))
        sender = settings.smtp_from or ""
        results = await send_messages(
            settings,
            [
                compose_invite(mail(), sender, NOW),
                compose_invite(mail(candidate_email="nobody@example.com"), sender, NOW),
            ],
        )
        assert results[0] is None
        assert results[1] is not None and "550" in results[1]
        assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["ada@example.com"]


async def test_an_unreachable_server_fails_every_message_with_its_reason() -> None:
    settings = Settings(
        smtp_host="127.0.0.1", smtp_port=free_port(), smtp_security="none",
        smtp_from="hiring@acme.example", smtp_timeout=2,
    )  # fmt: skip
    results = await send_messages(settings, [compose_invite(mail(), "h@acme.example", NOW)] * 2)
    assert len(results) == 2 and all(r and "could not be reached" in r for r in results)


def test_smtp_needs_a_sender() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="COACHABLE_SMTP_FROM"):
        Settings(smtp_host="mail.example")
