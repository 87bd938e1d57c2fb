"""The reviewer's report with the LLM judge on, in Debian's chromium: both opinions per
criterion, the combination rule, and a disagreement of two levels highlighted with both
reasons. The judge is the stub server playing a strict judge."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.judge.helpers import judged_catalog
from tests.llm.judge_stub import GullibleJudge
from tests.llm.openai_stub import OpenAIStub
from tests.web.browser import (
    SCREENSHOTS,
    add_account,
    complete_over_http,
    live_server,
    new_invite,
    sign_in_over_http,
)
from tests.web.conftest import PASSWORD
from tests.web.test_browser import DESKTOP, PHONE, open_page, shot, sign_in

expect.set_options(timeout=15_000)
pytestmark = pytest.mark.browser

MANAGER = "maria@example.com"
STRICT = {"opening": 1, "goal-discovery": 1, "open-questions": 1, "listening": 2, "preparation": 1}
STRICT |= {"specificity": 2, "balance": 2, "accuracy": 2}
MESSAGES = [
    "Hi Dana, thanks for downloading our whitepaper. What prompted you to look at it?",
    "What goals has the board set for marketing this year?",
    "How do leads come in today, and what does a lead cost you?",
    "You mentioned trade shows getting expensive. What have you tried instead?",
]


@pytest.fixture(scope="module")
def judged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with the judge on, a manager, and one interview the judge has read."""
    root = tmp_path_factory.mktemp("judge-browser")
    with (
        pytest.MonkeyPatch.context() as patch,
        OpenAIStub(responder=GullibleJudge(honest=STRICT)) as stub,
    ):
        patch.setenv("COACHABLE_CATALOG_DIR", str(judged_catalog(root / "catalog")))
        settings = {
            "judge_enabled": True,
            "judge_base_url": stub.base_url,
            "judge_model": "stub-judge",
            "judge_retries": 0,
        }
        with live_server(root / "data", **settings) as base:
            add_account(base, "Maria Lind", MANAGER, "manager")
            invite = new_invite(base, MANAGER, "Jamie Judge")
            complete_over_http(invite, MESSAGES)
            yield base, _judged_interview(base)


def _judged_interview(base: str) -> str:
    """The interview's id, once the judge has answered for all three parts."""
    with httpx.Client(base_url=base) as http:
        sign_in_over_http(http, MANAGER, PASSWORD)
        listed = http.get("/interviews").text
        found = re.search(r'href="/interviews/([A-Za-z0-9_-]{10,})"', listed)
        assert found, listed
        interview_id = found.group(1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report = http.get(f"/api/interviews/{interview_id}/report").json()
            parts = report["judge"]["parts"]
            if len(parts) == 3 and all(parts.values()):
                return interview_id
            time.sleep(0.2)
    raise AssertionError(f"the judge did not answer: {parts}")


def test_the_report_shows_both_opinions_and_highlights_disagreements(
    judged_site: tuple[str, str], browser: Browser, contexts: list[BrowserContext]
) -> None:
    base, interview_id = judged_site
    page = open_page(browser, contexts, DESKTOP)
    sign_in(page, base, MANAGER)
    page.goto(f"{base}/interviews/{interview_id}")
    judge = page.locator("#judge")
    expect(
        judge.get_by_role("heading", name="Second opinion from a language model")
    ).to_be_visible()
    expect(judge).to_contain_text("by at most one level")
    expect(judge.locator("tbody tr[data-judge-status=judged]")).to_have_count(3)
    expect(judge.locator("tbody")).to_contain_text("stub-judge")
    flagged = page.locator("#judge-disagreements")
    expect(flagged).to_be_visible()
    expect(flagged).to_contain_text("disagreement")
    first = page.locator(".judge-disagreements li").first
    expect(first).to_contain_text("Rules:")
    expect(first).to_contain_text("Judge:")
    note = page.locator("#criterion-goal-discovery .judge-note").first
    expect(note).to_contain_text("judge 1")
    expect(note).to_contain_text("combined")
    quoted = note.locator(".evidence a").first
    target = quoted.get_attribute("href")
    assert target and target.startswith("#r1-t")
    quoted.click()
    expect(page.locator(f"li{target}")).to_be_visible()
    shot(page, "manager-report-judge")
    page.locator("#criterion-goal-discovery").screenshot(
        path=str(SCREENSHOTS / "manager-report-judge-criterion.png")
    )
    page.locator("#judge").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "manager-report-judge-card.png"))


def test_the_judge_reads_well_on_a_phone(
    judged_site: tuple[str, str], browser: Browser, contexts: list[BrowserContext]
) -> None:
    base, interview_id = judged_site
    page = open_page(browser, contexts, PHONE)
    sign_in(page, base, MANAGER)
    page.goto(f"{base}/interviews/{interview_id}#judge")
    expect(page.locator("#judge-disagreements")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the judge's card makes the page scroll sideways"
    shot(page, "phone-manager-report-judge")
