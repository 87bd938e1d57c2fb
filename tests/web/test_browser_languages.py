"""Browser tests: a Swedish or German candidate reads the chat's and the pages' refusals in
the interview's language, with the language model's prospect behind the local OpenAI-compatible
stub over real HTTP; a link that no longer works says so in the interview's language, and an
unknown one in the language the browser asks for (English when it asks for none).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.llm.openai_stub import OpenAIStub
from tests.web.browser import SCREENSHOTS, add_account, live_server
from tests.web.browser import new_invite as invite_over_http
from tests.web.conftest import PASSWORD

expect.set_options(timeout=15_000)

pytestmark = pytest.mark.browser

MANAGER = "maria@example.com"
DESKTOP = {"width": 1280, "height": 860}
LIMIT = 60  # characters a message or an answer may have on this server
SV = "roberge-inbound-whitepaper-sv"
DE = "roberge-inbound-whitepaper-de"


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    """The local OpenAI-compatible server playing the prospect; it hangs 3 s on a "hang"."""
    with OpenAIStub(hang_seconds=3.0) as server:
        yield server


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The served app's data folder (its SQLite file: pages.db)."""
    return tmp_path_factory.mktemp("languages") / "data"


@pytest.fixture(scope="module")
def base(data_dir: Path, stub: OpenAIStub) -> Iterator[str]:
    """The app under uvicorn, its prospect the language model behind the stub, with a manager."""
    llm = {
        "engine": "llm",
        "llm_base_url": stub.base_url,
        "llm_model": "stub-model",
        "llm_retries": 0,
        "llm_timeout": 1.0,
        # The stub says the queued line whatever was asked (see tests/api/helpers.llm_settings).
        "llm_prompt_version": "prospect-v1",
        "max_message_chars": LIMIT,
    }
    with live_server(data_dir, **llm) as url:
        add_account(url, "Maria Lind", MANAGER, "manager")
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context whose browser speaks English (the interview's language must
    win), that says yes to "End the call?" and collects script errors."""
    context: BrowserContext = browser.new_context(viewport=DESKTOP, locale="en-US")  # type: ignore[arg-type]
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("dialog", lambda dialog: dialog.accept())
    opened.script_errors = errors  # type: ignore[attr-defined]
    yield opened
    context.close()


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot for people to look at."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def start_call(page: Page, base: str, scenario: str, start: str, candidate: str) -> None:
    """Open a new invite of this scenario and start call 1 with the briefing's button."""
    page.goto(invite_over_http(base, MANAGER, candidate, scenario))
    page.get_by_role("button", name=start).click()
    expect(page.locator("[data-chat][data-ready]")).to_have_count(1)


def type_and_send(page: Page, label: str, text: str) -> None:
    """Type into the message box and press Enter."""
    box = page.get_by_label(label)
    box.fill(text)
    box.press("Enter")


def disable_length_check(page: Page, box: str) -> None:
    """Let the page send a text past the limit, as a page whose own check did not run."""
    page.locator(box).evaluate("box => { box.setCustomValidity = function () {}; }")


def test_a_swedish_candidate_reads_the_prospects_failure_and_retries_in_swedish(
    base: str, stub: OpenAIStub, page: Page
) -> None:
    start_call(page, base, SV, "Starta samtal 1", "Sara Svensson")
    banner = page.locator("[data-error]")
    question = "Vad fick er att ladda ner whitepapret?"

    stub.queue_fault("error-500")
    type_and_send(page, "Ditt meddelande", question)
    expect(banner).to_be_visible()
    expect(banner.locator("[data-error-text]")).to_have_text(
        "Samtalet bröts: AI-tjänsten svarade med ett fel. Ditt meddelande är sparat. Försök igen."
    )
    # The transcript is whole: the opening line and the message, which is stored.
    expect(page.locator(".msg.prospect")).to_have_count(1)
    expect(page.locator(".msg.candidate .bubble")).to_have_text([question])
    expect(page.locator("[data-turns-left]")).to_have_text(str(20 - 1))
    shot(page, "candidate-sv-prospect-failed")

    # Retry fails again, the model silent past the timeout: the banner says so, in Swedish.
    stub.queue_fault("hang")
    retry = page.get_by_role("button", name="Försök igen")
    retry.click()
    expect(banner.locator("[data-error-text]")).to_have_text(
        "Det blev tyst i luren: AI-modellen svarade inte i tid. "
        "Ditt meddelande är sparat. Försök igen."
    )
    expect(page.locator(".msg.candidate")).to_have_count(1)

    # Retry once more: the prospect answers, and nothing was lost or stored twice.
    stub.queue("Vi vill fördubbla antalet leads i år.")
    retry.click()
    expect(banner).to_be_hidden()
    expect(page.locator(".msg.prospect .bubble").last).to_have_text(
        "Vi vill fördubbla antalet leads i år."
    )
    expect(page.locator(".msg.candidate .bubble")).to_have_text([question])
    page.reload()  # what the server stored, not only what the page drew
    expect(page.locator(".msg .bubble")).to_have_count(3)
    expect(page.locator(".msg.candidate .bubble")).to_have_text([question])
    assert page.script_errors == []  # type: ignore[attr-defined]


def test_a_german_candidate_reads_a_dropped_reply_in_german(
    base: str, stub: OpenAIStub, page: Page
) -> None:
    start_call(page, base, DE, "Gespräch 1 starten", "Dora Deutsch")
    stub.queue_fault("drop", text="Unser Ziel ist")
    type_and_send(page, "Ihre Nachricht", "Was hat Sie zum Download bewogen?")
    text = page.locator("[data-error] [data-error-text]")
    expect(text).to_have_text(
        "Die Verbindung ist mitten im Satz abgebrochen: Die Antwort des KI-Modells wurde "
        "abgeschnitten. Ihre Nachricht ist gespeichert. Versuchen Sie es noch einmal."
    )
    expect(page.locator(".msg.candidate")).to_have_count(1)
    shot(page, "candidate-de-prospect-failed")
    stub.queue("Wir wollen die Zahl der Leads verdoppeln.")
    page.get_by_role("button", name="Erneut versuchen").click()
    expect(page.locator("[data-error]")).to_be_hidden()
    expect(page.locator(".msg.prospect .bubble").last).to_have_text(
        "Wir wollen die Zahl der Leads verdoppeln."
    )


def test_an_english_candidate_reads_the_same_words_as_before(
    base: str, stub: OpenAIStub, page: Page
) -> None:
    start_call(page, base, "roberge-inbound-whitepaper", "Start call 1", "Ella English")
    stub.queue_fault("garbage")
    type_and_send(page, "Your message", "What made you download the whitepaper?")
    expect(page.locator("[data-error] [data-error-text]")).to_have_text(
        "The prospect's line crackled: the AI model sent an unreadable reply. "
        "Your message is saved. Try again."
    )


def test_a_swedish_message_empty_or_too_long_is_refused_in_swedish(
    base: str, stub: OpenAIStub, page: Page
) -> None:
    start_call(page, base, SV, "Starta samtal 1", "Sune Svensson")
    asked = len(stub.requests)
    banner = page.locator("[data-error] [data-error-text]")
    box = page.get_by_label("Ditt meddelande")
    # Only a zero-width space: blank on screen, so as empty as nothing.
    type_and_send(page, "Ditt meddelande", "\u200b")
    expect(banner).to_have_text("Meddelandet är tomt.")
    expect(page.locator(".msg.candidate")).to_have_count(0)
    shot(page, "candidate-sv-message-empty")

    # The page holds back a message past the limit itself (the counter says by how much); a
    # page whose check did not run (an old tab after the limit was lowered) meets the server's.
    disable_length_check(page, "#message")
    long = "Berätta om era mål för i år och vad som står i vägen för dem just nu, tack."
    assert len(long) > LIMIT
    type_and_send(page, "Ditt meddelande", long)
    expect(banner).to_have_text(f"Meddelandet är för långt: högst {LIMIT} tecken.")
    expect(box).to_have_value(long)  # kept, to shorten
    expect(page.locator(".msg.candidate")).to_have_count(0)
    shot(page, "candidate-sv-message-too-long")
    assert len(stub.requests) == asked  # nothing refused ever reached the model
    assert page.script_errors == []  # type: ignore[attr-defined]


def test_a_german_answer_too_long_or_empty_is_refused_in_german(
    base: str, stub: OpenAIStub, page: Page
) -> None:
    start_call(page, base, DE, "Gespräch 1 starten", "Dieter Deutsch")
    page.get_by_role("button", name="Gespräch beenden").click()
    box = page.get_by_label("Ihre Einschätzung")
    error = page.locator("form .banner.error")

    box.fill("   ")  # passes the form's `required`, but says nothing
    page.get_by_role("button", name="Antwort senden").click()
    expect(error).to_contain_text("Die Antwort ist leer.")
    shot(page, "candidate-de-answer-empty")

    disable_length_check(page, "#self-assessment")  # as in the Swedish test above
    answer = "Ich habe zu früh über das Produkt gesprochen und zu wenig nach ihren Zielen gefragt."
    assert len(answer) > LIMIT
    box.fill(answer)
    page.get_by_role("button", name="Antwort senden").click()
    expect(error).to_contain_text(f"Die Antwort ist zu lang: höchstens {LIMIT} Zeichen.")
    expect(box).to_have_value(answer)
    shot(page, "candidate-de-answer-too-long")
    assert page.script_errors == []  # type: ignore[attr-defined]


# ---------------------------------------------------------------- links that no longer work


def expire_invite_of(data_dir: Path, candidate: str) -> None:
    """Move this candidate's invite expiry into the past, in the served app's database."""
    with sqlite3.connect(data_dir / "pages.db") as db:
        changed = db.execute(
            "UPDATE interviews SET invite_expires_at = '2000-01-01 00:00:00.000000' "
            "WHERE candidate_name = ?",
            (candidate,),
        ).rowcount
    assert changed == 1


def error_page(page: Page, lang: str, status: int, heading: str) -> None:
    """The error page is up, in this language, with this status and heading."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".error-code")).to_have_text(str(status))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_an_expired_swedish_invite_says_so_in_swedish(
    base: str, data_dir: Path, page: Page
) -> None:
    link = invite_over_http(base, MANAGER, "Stina Svensson", SV)
    page.goto(link)
    expect(page.get_by_role("button", name="Starta samtal 1")).to_be_visible()
    expire_invite_of(data_dir, "Stina Svensson")
    page.reload()  # the browser speaks English; the interview is Swedish
    error_page(page, "sv", 410, "Den här länken är inte längre aktiv")
    expect(page.locator(".error-card")).to_contain_text(
        "Den här inbjudningslänken har gått ut. Be rekryteraren om en ny."
    )
    expect(page.get_by_role("link", name="Till startsidan")).to_be_visible()
    expect(page.locator("footer")).to_have_text("Coachable · rollspelsintervjuer och träning")
    assert page.title() == "Något gick fel · Coachable"
    shot(page, "candidate-sv-invite-expired")
    assert page.script_errors == []  # type: ignore[attr-defined]


def test_a_withdrawn_german_invite_says_so_in_german(base: str, page: Page) -> None:
    link = invite_over_http(base, MANAGER, "Doris Deutsch", DE)
    page.goto(link)
    expect(page.get_by_role("button", name="Gespräch 1 starten")).to_be_visible()
    # The manager withdraws it from the interview's page, in a browser of their own.
    manager = page.context.browser.new_context(viewport=DESKTOP)  # type: ignore[union-attr]
    staff = manager.new_page()
    staff.on("dialog", lambda dialog: dialog.accept())
    staff.goto(f"{base}/login")
    staff.get_by_label("E-mail").fill(MANAGER)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url(lambda url: "/login" not in url)
    staff.goto(f"{base}/interviews")
    staff.get_by_role("link", name="Doris Deutsch").click()
    staff.get_by_role("button", name="Withdraw").click()
    expect(staff.get_by_text("The invite link was withdrawn.")).to_be_visible()
    manager.close()

    # The candidate's start button now meets the withdrawn link, in German.
    page.get_by_role("button", name="Gespräch 1 starten").click()
    error_page(page, "de", 410, "Dieser Link ist nicht mehr aktiv")
    expect(page.locator(".error-card")).to_contain_text(
        "Diese Einladung wurde zurückgezogen. Bitten Sie die Person, die Sie eingeladen hat, "
        "um einen neuen Link."
    )
    expect(page.get_by_role("link", name="Zur Startseite")).to_be_visible()
    shot(page, "candidate-de-invite-withdrawn")
    page.goto(link)  # opening the link again says the same
    error_page(page, "de", 410, "Dieser Link ist nicht mehr aktiv")
    assert page.script_errors == []  # type: ignore[attr-defined]


def test_an_unknown_link_speaks_the_browsers_language(base: str, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base}/i/no-such-invite-token")
    error_page(page, "sv", 404, "Vi hittar inte den sidan")
    expect(
        page.get_by_text("Länken kan vara felskriven, eller så har sidan flyttats.")
    ).to_be_visible()
    assert page.title() == "Sidan hittades inte · Coachable"
    shot(page, "candidate-sv-unknown-link")
    context.close()


def test_an_unknown_link_without_accept_language_is_english(base: str, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")  # type: ignore[arg-type]
    page = context.new_page()
    # The request goes out with no Accept-Language at all (as from a script, or a browser
    # told to send none): nothing asks for a language, so the default's words.
    sent: list[dict[str, str]] = []

    def without_language(route: Route) -> None:
        headers = {k: v for k, v in route.request.headers.items() if k != "accept-language"}
        sent.append(headers)
        route.continue_(headers=headers)

    page.route("**/i/**", without_language)
    page.goto(f"{base}/i/no-such-invite-token")
    assert sent and all("accept-language" not in h for h in sent)
    error_page(page, "en", 404, "We can't find that page")
    expect(
        page.get_by_text("The link may be mistyped, or the page may have moved.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()
    shot(page, "candidate-unknown-link-no-language")
    context.close()
