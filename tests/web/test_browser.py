"""Browser tests: Debian's chromium drives the real app through every main page.

One server and one browser for the whole module; each test gets fresh browser contexts
(cookie jars), so a manager and a candidate can act side by side.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Page,
    Route,
    expect,
)

from app.scoring.version import SCORER_VERSION
from tests.web.browser import (
    SCREENSHOTS,
    add_account,
    complete_over_http,
    live_server,
    new_invite,
)
from tests.web.conftest import PASSWORD

# The machine is shared: give the page time under load rather than fail on a slow second.
expect.set_options(timeout=15_000)

pytestmark = pytest.mark.browser

MANAGER = "maria@example.com"
REP = "rob@example.com"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn with a manager and a rep account."""
    with live_server(tmp_path_factory.mktemp("browser") / "data") as url:
        add_account(url, "Maria Lind", MANAGER, "manager")
        add_account(url, "Rob Stone", REP, "rep")
        yield url


def open_page(browser: Browser, contexts: list[BrowserContext], viewport: dict[str, int]) -> Page:
    """A page in a fresh context (its own cookies) that fails the test on script errors."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
    contexts.append(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_default_timeout(15_000)
    page.script_errors = errors  # type: ignore[attr-defined]
    # "End call", "Withdraw" and "Erase" ask once: keep what was asked, and say yes unless a
    # test queued a False in page.dialog_answers.
    asked: list[str] = []
    answers: list[bool] = []
    page.asked = asked  # type: ignore[attr-defined]
    page.dialog_answers = answers  # type: ignore[attr-defined]

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        if answers and not answers.pop(0):
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    return page


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot for people to look at."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_script_errors(page: Page) -> None:
    errors: list[str] = page.script_errors  # type: ignore[attr-defined]
    assert errors == []


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def chat_ready(page: Page) -> None:
    """Wait until the chat script has started (a key pressed earlier would be lost)."""
    expect(page.locator("[data-chat][data-ready]")).to_have_count(1)


def send(page: Page, text: str) -> None:
    """Type a message and press Enter; wait until the prospect's reply has arrived."""
    chat_ready(page)
    prospect = page.locator(".msg.prospect")
    before = prospect.count()
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".msg.candidate").last).to_have_text(f"You{text}")
    expect(prospect).to_have_count(before + 1)
    expect(page.locator(".msg.pending")).to_have_count(0)
    expect(prospect.last.locator(".bubble")).not_to_be_empty()


# --------------------------------------------------------------------------- candidate


def test_candidate_takes_the_whole_interview(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    invite = new_invite(base, MANAGER, "Alex Morgan")
    page = open_page(browser, contexts, DESKTOP)
    page.goto(invite)
    expect(page.get_by_role("heading", name="Privacy")).to_be_visible()
    shot(page, "candidate-1-briefing")
    page.get_by_role("button", name="Start call 1").click()

    expect(page.locator(".msg.prospect")).to_have_count(1)  # the prospect's opening
    expect(page.locator("[data-turns-left]").first).to_have_text("20")
    send(page, "Hi Dana, thanks for picking up. What made you download the whitepaper?")
    expect(page.locator("[data-turns-left]").first).to_have_text("19")
    live = page.locator("[data-status]")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("Dana Whitfield:")
    send(page, "How do new customers find Sentrylane today?")
    shot(page, "candidate-2-call")

    page.reload()  # a refresh mid-call resumes with everything said so far
    expect(page.locator(".msg")).to_have_count(5)
    expect(page.locator("[data-turns-left]").first).to_have_text("18")
    send(page, "What would a good year look like for your team?")

    page.get_by_role("button", name="End call").click()
    expect(page.get_by_role("heading", name="How did you do?")).to_be_visible()
    shot(page, "candidate-3-how-did-you-do")
    page.get_by_label("Your assessment").fill(
        "I asked open questions about her goals, but I didn't follow up on the board's push."
    )
    page.get_by_role("button", name="Send my answer").click()

    expect(page.get_by_text("Keep doing", exact=True)).to_be_visible()
    expect(page.get_by_text("Next time", exact=True)).to_be_visible()
    expect(page.locator(".quote").first).not_to_be_empty()  # quotes the candidate's words
    expect(page.locator(".score-pill, .stat, .chart")).to_have_count(0)  # never any scores
    shot(page, "candidate-4-feedback")
    page.get_by_label("Your thoughts on this feedback").fill("Fair point. I'll dig deeper.")
    page.get_by_role("button", name="Start call 2").click()

    expect(page.get_by_text("Call 2 of 2")).to_be_visible()
    send(page, "Last time you mentioned the board. What exactly did they ask of marketing?")
    page.get_by_role("button", name="End call").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    shot(page, "candidate-5-thank-you")
    page.reload()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    no_script_errors(page)


def test_the_prospect_is_seen_typing_then_its_reply_streams_in(
    tmp_path: Path, browser: Browser, contexts: list[BrowserContext]
) -> None:
    # Pacing on, as in production: a pause long enough to see the prospect typing.
    paced = {"reply_pacing": True, "reply_pause_seconds": 2.0, "reply_chars_per_second": 60.0}
    with live_server(tmp_path / "data", **paced) as url:
        add_account(url, "Maria Lind", MANAGER, "manager")
        page = open_page(browser, contexts, DESKTOP)
        page.goto(new_invite(url, MANAGER, "Tess Typing"))
        page.get_by_role("button", name="Start call 1").click()
        chat_ready(page)
        box = page.get_by_label("Your message")
        box.fill("Hi Dana, what made you download the whitepaper?")
        box.press("Enter")
        typing = page.locator(".msg.pending .typing")
        expect(typing).to_be_visible()
        expect(page.locator("[data-status]")).to_have_text("Dana Whitfield is typing")
        shot(page, "candidate-typing")
        expect(page.locator(".msg.pending")).to_have_count(0)
        expect(page.locator(".typing")).to_have_count(0)
        expect(page.locator(".msg.prospect").last.locator(".bubble")).to_contain_text("board")
        no_script_errors(page)


def test_a_failed_reply_shows_an_error_and_retry_keeps_the_message(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    invite = new_invite(base, MANAGER, "Robin Retry")
    page = open_page(browser, contexts, DESKTOP)
    faults: list[str] = []

    def flaky(route: Route) -> None:
        if not faults:
            route.continue_()
            return
        fault = faults.pop(0)
        response = route.fetch()  # the server stores the message (and its reply)
        if fault == "drop":  # the connection drops before the browser hears anything
            route.abort("connectionreset")
            return
        # The browser hears that the message is saved, then that the prospect failed.
        stored = response.text().split("\n\n")[0]
        error = {"error": "engine-unavailable", "detail": "The prospect is away.", "retry": True}
        route.fulfill(
            status=200,
            headers={"content-type": "text/event-stream"},
            body=f"{stored}\n\nevent: error\ndata: {json.dumps(error)}\n\n",
        )

    # Routed before any navigation, so no request can slip past it while a page loads.
    page.route("**/say", flaky)
    page.goto(invite)
    page.get_by_role("button", name="Start call 1").click()
    chat_ready(page)
    banner = page.locator("[data-error]")
    box = page.get_by_label("Your message")

    faults.append("reply-fails")
    box.fill("What prompted you to look at inbound marketing?")
    box.press("Enter")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Your message is saved")
    expect(page.locator(".msg.candidate")).to_have_count(1)  # still on screen
    expect(page.locator("[data-turns-left]").first).to_have_text("19")
    shot(page, "candidate-error-retry")
    page.get_by_role("button", name="Retry").click()  # asks for the reply again
    expect(banner).to_be_hidden()
    expect(page.locator(".msg.prospect")).to_have_count(2)
    expect(page.locator(".msg.prospect").last.locator(".bubble")).not_to_be_empty()

    # The connection drops before the browser hears anything: the text goes back in the box,
    # and Retry sends it again, which the server (having stored it) does not store twice.
    faults.append("drop")
    text = "How are leads coming in today?"
    box.fill(text)
    box.press("Enter")
    expect(banner).to_contain_text("may not have been sent")
    expect(box).to_have_value(text)
    page.get_by_role("button", name="Retry").click()
    expect(banner).to_be_hidden()
    expect(page.locator(".msg.candidate")).to_have_count(2)
    expect(page.locator(".msg.prospect")).to_have_count(3)
    expect(page.locator("[data-turns-left]").first).to_have_text("18")

    # A message stored while no reply came (another tab, a crash): on load the page asks for
    # the reply by itself.
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    api = base + (page.locator("[data-chat]").get_attribute("data-reply-url") or "")
    stored = page.request.post(
        api.removesuffix("/reply") + "/messages",
        data={"text": "What would a good quarter look like?"},
        headers={"X-CSRF-Token": csrf},
    )
    assert stored.status == 201, stored.text()
    page.reload()
    expect(page.locator(".msg.candidate")).to_have_count(3)
    expect(page.locator(".msg.prospect")).to_have_count(4)
    expect(page.locator(".msg.pending")).to_have_count(0)
    expect(page.locator("[data-error]")).to_be_hidden()
    errors: list[str] = page.script_errors  # type: ignore[attr-defined]
    assert all("ERR_CONNECTION_RESET" in e for e in errors), errors  # only the reset we made


def test_keyboard_only_on_a_phone(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    invite = new_invite(base, MANAGER, "Kim Keys")
    page = open_page(browser, contexts, PHONE)
    page.goto(invite)
    shot(page, "phone-briefing")
    page.get_by_role("button", name="Start call 1").focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("Your message")
    expect(box).to_be_focused()  # the message box takes focus when the call opens
    page.keyboard.type("Hi Dana.")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("What made you download the whitepaper?")
    assert box.input_value() == "Hi Dana.\nWhat made you download the whitepaper?"
    expect(page.locator(".msg.candidate")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(page.locator(".msg.prospect")).to_have_count(2)
    expect(page.locator(".msg.pending")).to_have_count(0)
    expect(box).to_be_focused()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing sticks out sideways
    shot(page, "phone-call")
    no_script_errors(page)


# --------------------------------------------------------------------------- manager


def test_manager_creates_reviews_overrides_exports_and_compares(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    messages = ["Hi Dana, what made you download the whitepaper?", "How do leads come in today?"]
    complete_over_http(new_invite(base, MANAGER, "Sam Lee"), messages)
    complete_over_http(new_invite(base, MANAGER, "Jo Park"), messages[:1])

    page = open_page(browser, contexts, DESKTOP)
    sign_in(page, base, MANAGER)
    expect(page.get_by_role("heading", name="Interviews")).to_be_visible()
    expect(page.locator(".user")).to_contain_text("Maria Lind")

    page.get_by_role("link", name="New interview").click()
    page.get_by_label("Candidate name").fill("Casey New")
    page.get_by_label("Candidate e-mail").fill("casey@example.com")
    page.get_by_role("button", name="Create interview").click()
    link = page.get_by_label("Invite link")
    expect(link).to_have_value(f"{base}/i/" + link.input_value().rsplit("/", 1)[1])
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    shot(page, "manager-invite-link")

    page.get_by_role("navigation").get_by_role("link", name="Interviews").click()
    page.get_by_label("Status").select_option("finished")  # filters on change, no click
    page.wait_for_url("**status=finished**")
    page.get_by_role("link", name="Candidate").click()
    page.wait_for_url("**sort=candidate**")
    names = page.locator("tbody tr td:nth-child(2) strong").all_inner_texts()
    assert {"Jo Park", "Sam Lee"} <= set(names) and "Casey New" not in names
    assert names == sorted(names)
    expect(page.locator("tbody .badge", has_text="Completed")).to_have_count(len(names))
    page.goto(f"{base}/interviews")
    shot(page, "manager-interview-list")

    page.get_by_role("link", name="Sam Lee").click()
    expect(page.get_by_role("heading", name="Scores per criterion")).to_be_visible()
    expect(page.locator("svg.chart-rounds")).to_be_visible()
    expect(page.locator(".transcript .badge").first).to_be_visible()
    evidence = page.locator(".evidence a").first
    target = evidence.get_attribute("href")
    assert target and target.startswith("#r")
    evidence.click()
    expect(page.locator(f"li{target}")).to_have_class("candidate highlight")
    shot(page, "manager-report")

    opening = page.locator("#criterion-opening")
    scored_level = opening.locator(".score-pill").first.inner_text()
    scored_total = page.locator("#total-1 .value").inner_text()
    expect(page.locator("#total-1 .scored")).to_have_count(0)
    new_level = "1" if scored_level == "5" else "5"
    opening.locator("summary").click()
    opening.get_by_label("New score").select_option(new_level)
    opening.get_by_label("Comment").fill("Warm, short opening; the scorer missed it.")
    opening.get_by_role("button", name="Save override").click()
    expect(page.get_by_text("Override saved.")).to_be_visible()
    note = page.locator("#criterion-opening .override-note")
    expect(note).to_contain_text(f"from {scored_level} to {new_level} by maria@example.com")
    expect(note).to_contain_text("the scorer missed it")
    # The call total counts the override, and the scorer's own total stays beside it.
    expect(page.locator("#total-1 .scored")).to_have_text(f"Scored {scored_total} before overrides")
    assert page.locator("#total-1 .value").inner_text() != scored_total
    expect(page.locator(".scored-with")).to_contain_text(f"scorer version {SCORER_VERSION}")
    page.locator("#total-1").scroll_into_view_if_needed()
    shot(page, "manager-report-overridden")

    with page.expect_download() as got:
        page.get_by_role("link", name="Export session JSON").click()
    session = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert session["scenario"] == "roberge-inbound-whitepaper" and len(session["rounds"]) == 2
    with page.expect_download() as got:
        page.get_by_role("link", name="CSV of all").click()
    csv_text = Path(got.value.path()).read_text(encoding="utf-8")
    assert "Sam Lee" in csv_text and "Jo Park" in csv_text

    page.get_by_role("navigation").get_by_role("link", name="Interviews").click()
    page.get_by_label("Compare Sam Lee").check()
    page.get_by_label("Compare Jo Park").check()
    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("heading", name="Compare candidates")).to_be_visible()
    expect(page.locator("table.compare thead th")).to_have_count(3)
    shot(page, "manager-compare")
    no_script_errors(page)


def test_manager_report_on_a_phone(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    complete_over_http(new_invite(base, MANAGER, "Pat Phone"), ["What are your goals?"])
    page = open_page(browser, contexts, PHONE)
    sign_in(page, base, MANAGER)
    page.get_by_role("link", name="Pat Phone").click()
    expect(page.locator("svg.chart-rounds")).to_be_visible()
    shot(page, "phone-manager-report")


# --------------------------------------------------------------------------- practice


def test_rep_practises_goes_again_and_sees_progress(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    page = open_page(browser, contexts, DESKTOP)
    sign_in(page, base, REP)
    expect(page.get_by_role("heading", name="Practice", exact=True)).to_be_visible()
    shot(page, "practice-library")
    page.get_by_role("button", name="Play Inbound lead: the whitepaper download").click()

    expect(page.get_by_text("attempt 1")).to_be_visible()
    send(page, "Hi Dana, what made you download our whitepaper?")
    shot(page, "practice-play")
    page.get_by_role("button", name="End call").click()
    expect(page.get_by_role("heading", name="Your scorecard")).to_be_visible()
    expect(page.get_by_text("The one thing to work on")).to_be_visible()
    shot(page, "practice-scorecard")

    page.get_by_role("button", name="Go again").first.click()
    expect(page.get_by_text("attempt 2")).to_be_visible()
    send(page, "Hi Dana. What goals has the board set for marketing this year?")
    send(page, "What happens if pipeline doesn't grow?")
    page.get_by_role("button", name="End call").click()
    expect(page.get_by_text("Since last attempt")).to_be_visible()

    page.get_by_role("link", name="See your progress").click()
    expect(page.locator("svg.chart-progress")).to_be_visible()
    expect(page.locator("svg.chart-progress polyline").first).to_be_attached()
    expect(page.locator("table tbody tr")).to_have_count(2)
    shot(page, "practice-history")
    no_script_errors(page)


def test_sign_in_and_error_pages(
    base: str, browser: Browser, contexts: list[BrowserContext]
) -> None:
    page = open_page(browser, contexts, DESKTOP)
    page.goto(f"{base}/login")
    shot(page, "sign-in")
    page.get_by_label("E-mail").fill(MANAGER)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong e-mail or password")
    page.goto(f"{base}/no-such-page")
    expect(page.get_by_role("heading", name="We can't find that page")).to_be_visible()
    shot(page, "not-found")
