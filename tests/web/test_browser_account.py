"""Browser tests of the password pages: an admin resets a manager's password, the manager is
made to choose a new one at sign-in, and a rep changes theirs. Screenshots at 1280 and 390 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from tests.web.browser import add_account, live_server
from tests.web.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD
from tests.web.test_browser import no_script_errors, open_page, shot

expect.set_options(timeout=15_000)
pytestmark = pytest.mark.browser

MANAGER = "maria@example.com"
REP = "rob@example.com"
WIDTHS = {1280: {"width": 1280, "height": 860}, 390: {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn with a manager and a rep."""
    with live_server(tmp_path_factory.mktemp("browser-account") / "data") as url:
        add_account(url, "Maria Lind", MANAGER, "manager")
        add_account(url, "Rob Stone", REP, "rep")
        yield url


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def accept(dialog: Dialog) -> None:
    dialog.accept()


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_a_reset_password_must_be_replaced_at_sign_in(
    base: str, browser: Browser, contexts: list[BrowserContext], width: int
) -> None:
    admin = open_page(browser, contexts, WIDTHS[width])
    admin.on("dialog", accept)  # "Reset Maria's password?"
    sign_in(admin, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin.goto(f"{base}/admin/users")
    row = admin.get_by_role("row").filter(has_text=MANAGER)
    row.get_by_role("button", name="Reset password").click()
    shown = admin.get_by_role("textbox", name="Temporary password")
    expect(shown).to_be_visible()
    expect(row.get_by_text("Must set a password")).to_be_visible()
    temporary = shown.input_value()
    assert len(temporary) >= 16
    shot(admin, f"admin-users-reset-{width}")
    no_script_errors(admin)

    maria = open_page(browser, contexts, WIDTHS[width])
    sign_in(maria, base, MANAGER, temporary)
    expect(maria.get_by_role("heading", name="Choose a new password")).to_be_visible()
    maria.goto(f"{base}/interviews")  # nothing else opens until she has
    expect(maria).to_have_url(f"{base}/account/password")
    maria.get_by_label("Temporary password").fill(temporary)
    maria.get_by_label("New password", exact=True).fill("password12")
    maria.get_by_label("New password again").fill("password12")
    maria.get_by_role("button", name="Change password").click()
    expect(maria.get_by_role("alert")).to_contain_text("harder to guess")
    shot(maria, f"account-password-forced-{width}")
    # Chromium logs the refused form's 422 as a failed resource; that one was expected.
    maria.script_errors.clear()  # type: ignore[attr-defined]

    chosen = f"quiet harbour lanterns {width}"
    maria.get_by_label("Temporary password").fill(temporary)
    maria.get_by_label("New password", exact=True).fill(chosen)
    maria.get_by_label("New password again").fill(chosen)
    maria.get_by_role("button", name="Change password").click()
    expect(maria.get_by_role("status")).to_contain_text("Your password was changed")
    maria.get_by_role("link", name="Continue").click()
    expect(maria.get_by_role("heading", name="Interviews")).to_be_visible()
    no_script_errors(maria)


def test_a_rep_changes_their_password_from_the_header(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    for width, viewport in WIDTHS.items():
        page = open_page(browser, contexts, viewport)
        sign_in(page, base, REP, PASSWORD)
        page.get_by_role("link", name="Password").click()
        expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
        shot(page, f"account-password-{width}")
        no_script_errors(page)
    chosen = "copper kettle sunrise 19"
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(chosen)
    page.get_by_label("New password again").fill(chosen)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("other browsers were signed out")
    shot(page, "account-password-changed-390")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, REP, chosen)
    expect(page.get_by_role("heading", name="Practice")).to_be_visible()
