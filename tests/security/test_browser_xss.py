"""In a real browser, markup typed by a candidate (or as a candidate's name) never runs: not in
the chat as it streams, not after a reload, not on the reviewer's list or report."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.web.browser import add_account, live_server, new_invite
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

MANAGER = "maria@example.com"
NAME = "<img src=x onerror=\"window.__pwned='name'\">Eve"
PAYLOADS = [
    "<script>window.__pwned = 'script'</script> What are your goals?",
    "<img src=x onerror=\"window.__pwned='img'\"> How do you find customers?",
    "<a href=\"javascript:window.__pwned='link'\">click</a> {{ 7*7 }}",
    "<svg onload=\"window.__pwned='svg'\"></svg> Who decides?",
]


def watched(browser: Browser) -> tuple[Page, list[str]]:
    """A page in a fresh context; dialogs (alert, confirm) are recorded and dismissed."""
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    seen: list[str] = []

    def record(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return page, seen


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    """No payload set its marker and no dialog opened."""
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []


def test_markup_never_runs_in_the_chat_or_the_report(browser: Browser, tmp_path: Path) -> None:
    with live_server(tmp_path / "data") as base:
        add_account(base, "Maria Lind", MANAGER, "manager")
        invite = new_invite(base, MANAGER, NAME)

        candidate, dialogs = watched(browser)
        candidate.goto(invite)
        candidate.get_by_role("button", name="Start call 1").click()
        expect(candidate.locator(".msg.prospect")).to_have_count(1)
        for i, text in enumerate(PAYLOADS):
            box = candidate.get_by_label("Your message")
            box.fill(text)
            box.press("Enter")
            expect(candidate.locator(".msg.prospect")).to_have_count(i + 2)
            expect(candidate.locator(".msg.pending")).to_have_count(0)
        # Shown as typed, as text.
        for text in PAYLOADS:
            expect(candidate.locator(".msg.candidate").filter(has_text=text)).to_have_count(1)
        assert_nothing_ran(candidate, dialogs)
        candidate.reload()  # now rendered by the server instead of the chat script
        expect(candidate.locator(".msg.candidate")).to_have_count(len(PAYLOADS))
        assert_nothing_ran(candidate, dialogs)

        reviewer, seen = watched(browser)
        reviewer.goto(f"{base}/login")
        reviewer.get_by_label("E-mail").fill(MANAGER)
        reviewer.get_by_label("Password").fill(PASSWORD)
        reviewer.get_by_role("button", name="Sign in").click()
        reviewer.wait_for_url(lambda url: "/login" not in url)
        reviewer.goto(f"{base}/interviews")
        expect(reviewer.get_by_text(NAME)).to_be_visible()
        assert_nothing_ran(reviewer, seen)
        reviewer.get_by_text(NAME).click()
        expect(reviewer.locator(".transcript .candidate")).to_have_count(len(PAYLOADS))
        expect(reviewer.get_by_text(PAYLOADS[0])).to_be_visible()
        reviewer.get_by_text(PAYLOADS[2]).hover()
        assert_nothing_ran(reviewer, seen)
