"""The language a candidate's error page speaks: the interview's when the link is known (expired,
withdrawn, a stale form), else the one the browser asks for among those present, else the
default; the staff's pages stay English, and English reads word for word as before."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.errors import Gone, note_reader_language, page_language, respond
from app.language.notices import refusal
from tests.web.conftest import PASSWORD, add_user, csrf_of, sign_in

MANAGER = "maria@example.com"
SV = "roberge-inbound-whitepaper-sv"
DE = "roberge-inbound-whitepaper-de"
EN = "roberge-inbound-whitepaper"


def request_for(path: str, accept_language: str | None = None) -> Request:
    """A bare GET request on this path (with this Accept-Language, if any)."""
    headers = [(b"accept-language", accept_language.encode())] if accept_language else []
    return Request({"type": "http", "method": "GET", "path": path, "headers": headers})


# ------------------------------------------------------------------ the one choice, alone


@pytest.mark.parametrize(
    ("path", "reader", "header", "expected"),
    [
        # The interview's language wins over the browser's.
        ("/i/abc", "sv", "de-DE,de;q=0.9", "sv"),
        ("/i/abc", "de", None, "de"),
        # No interview known: what the browser asks for, among the languages present.
        ("/i/abc", None, "sv-SE, en;q=0.5", "sv"),
        ("/i/abc", None, "fr-FR, de;q=0.7, sv;q=0.3", "de"),
        ("/i/abc/start", None, "de", "de"),
        # Nothing present asked for, or nothing asked: the default.
        ("/i/abc", None, "fr-FR, ja", "en"),
        ("/i/abc", None, None, "en"),
        ("/i/abc", None, "*", "en"),
        # An interview in a language no longer present reads as the browser asks.
        ("/i/abc", "xx", "sv", "sv"),
        ("/i/abc", None, "", "en"),
        # The staff's pages stay in the default language, whoever asks.
        ("/interviews/abc", "sv", "sv", "en"),
        ("/login", None, "de", "en"),
        ("/", None, "sv", "en"),
        # A path that merely starts like the candidate's is not one.
        ("/items", None, "sv", "en"),
    ],
)
def test_the_error_page_language_is_chosen_in_one_place(
    path: str, reader: str | None, header: str | None, expected: str
) -> None:
    assert page_language(request_for(path, header), reader) == expected


def test_a_language_the_route_noted_is_the_pages_when_the_error_knows_none() -> None:
    request = request_for("/i/abc", "sv")
    note_reader_language(request, "de")
    assert page_language(request) == "de"
    assert page_language(request, "sv") == "sv"  # the error's own knowledge comes first
    staff = request_for("/interviews", "sv")
    note_reader_language(staff, "de")
    assert page_language(staff) == "en"


def test_an_invite_refusal_carries_its_readers_language_and_keeps_the_english_detail() -> None:
    gone = refusal(Gone, "invite-expired", language="sv")
    assert gone.language == "sv" and gone.reason == "invite-expired"
    assert gone.detail == "This invite link has expired. Ask the hiring manager for a new one."
    assert gone.status_code == 410 and gone.error == "gone"


def test_a_page_in_another_language_leaves_out_an_english_sentence_it_has_no_words_for() -> None:
    # A framework's own detail (no reason) is English: a Swedish page leaves it out.
    page = respond(request_for("/i/abc", "sv"), 405, "method-not-allowed", "Method Not Allowed")
    body = bytes(page.body).decode()
    assert "Method Not Allowed" not in body and "Det gick inte" in body
    english = respond(request_for("/i/abc"), 405, "method-not-allowed", "Method Not Allowed")
    assert "Method Not Allowed" in bytes(english.body).decode()


# ------------------------------------------------------------------ over the app


def invite(site: TestClient, scenario: str) -> tuple[str, str]:
    """A new invite to this scenario, made by the manager (signed out after); (id, path)."""
    sign_in(site, MANAGER, PASSWORD)
    made = site.post(
        "/interviews/new",
        data={
            "scenario": scenario,
            "candidate_name": "Sam Kandidat",
            "candidate_email": "sam@example.com",
            "csrf_token": csrf_of(site, "/interviews/new"),
        },
    )
    assert made.status_code == 303, made.text
    shown = site.get(made.headers["location"])
    url: str = shown.context["delivery"].invite_url  # type: ignore[attr-defined]
    interview_id: str = shown.context["iv"].id  # type: ignore[attr-defined]
    site.cookies.clear()
    return interview_id, re.sub(r"^https?://[^/]+", "", url)


def expire(data_dir: Path, interview_id: str) -> None:
    """Move the invite's expiry into the past, in the app's own database file."""
    with sqlite3.connect(data_dir / "pages.db") as db:
        changed = db.execute(
            "UPDATE interviews SET invite_expires_at = '2000-01-01 00:00:00.000000' WHERE id = ?",
            (interview_id,),
        ).rowcount
    assert changed == 1


def withdraw(site: TestClient, interview_id: str) -> None:
    """Withdraw the invite as the manager, through the interview page's form."""
    sign_in(site, MANAGER, PASSWORD)
    csrf = csrf_of(site, f"/interviews/{interview_id}")
    assert site.post(f"/interviews/{interview_id}/revoke", data={"csrf_token": csrf}).is_redirect
    site.cookies.clear()


@pytest.fixture
def managed(site: TestClient) -> TestClient:
    """The site with a manager account."""
    add_user(site, "Maria Lind", MANAGER, "manager")
    return site


def heading(html: str) -> str:
    found = re.search(r"<h1>([^<]*)</h1>", html)
    assert found, html
    return found.group(1).replace("&#39;", "'")


def test_an_expired_swedish_invite_says_so_in_swedish(managed: TestClient, tmp_path: Path) -> None:
    interview_id, path = invite(managed, SV)
    expire(tmp_path / "data", interview_id)
    page = managed.get(path, headers={"accept-language": "en-US"})
    assert page.status_code == 410
    assert '<html lang="sv">' in page.text
    assert heading(page.text) == "Den här länken är inte längre aktiv"
    assert "Den här inbjudningslänken har gått ut. Be rekryteraren om en ny." in page.text
    assert "Till startsidan" in page.text and "Hoppa till innehållet" in page.text


def test_a_withdrawn_german_invite_says_so_in_german(managed: TestClient) -> None:
    interview_id, path = invite(managed, DE)
    withdraw(managed, interview_id)
    page = managed.get(path, headers={"accept-language": "sv"})
    assert page.status_code == 410
    assert '<html lang="de">' in page.text
    assert heading(page.text) == "Dieser Link ist nicht mehr aktiv"
    assert "Diese Einladung wurde zurückgezogen." in page.text


def test_an_english_invite_reads_word_for_word_as_before(
    managed: TestClient, tmp_path: Path
) -> None:
    interview_id, path = invite(managed, EN)
    expire(tmp_path / "data", interview_id)
    page = managed.get(path, headers={"accept-language": "sv"})  # the interview's language wins
    assert page.status_code == 410 and '<html lang="en">' in page.text
    assert heading(page.text) == "This link is no longer active"
    assert "This invite link has expired. Ask the hiring manager for a new one." in page.text
    assert "<title>Something went wrong · Coachable</title>" in page.text


@pytest.mark.parametrize(
    ("header", "lang", "title"),
    [
        ("sv-SE,sv;q=0.9,en;q=0.5", "sv", "Vi hittar inte den sidan"),
        ("de", "de", "Diese Seite können wir nicht finden"),
        (None, "en", "We can't find that page"),
        ("fr", "en", "We can't find that page"),
    ],
)
def test_an_unknown_link_speaks_the_browsers_language(
    site: TestClient, header: str | None, lang: str, title: str
) -> None:
    headers = {"accept-language": header} if header else {}
    page = site.get("/i/not-a-real-token", headers=headers)
    assert page.status_code == 404
    assert f'<html lang="{lang}">' in page.text
    assert heading(page.text) == title


def test_a_stale_candidate_form_is_refused_in_the_interviews_language(
    managed: TestClient,
) -> None:
    _, path = invite(managed, SV)
    managed.get(path)  # the candidate opens the link: the invite cookie is set
    refused = managed.post(f"{path}/start", data={"csrf_token": "stale"})
    assert refused.status_code == 403 and '<html lang="sv">' in refused.text
    assert heading(refused.text) == "Du har inte tillgång till den här sidan"
    assert "Formuläret har gått ut eller kom från en annan webbplats." in refused.text
    # Nothing happened: the briefing is still the step.
    assert managed.get(path).context["step"] == "briefing"  # type: ignore[attr-defined]


def test_a_refusal_after_the_link_opened_speaks_the_interviews_language(
    managed: TestClient,
) -> None:
    _, path = invite(managed, DE)
    csrf = csrf_of(managed, path)
    # Answering "How did you do?" before call 1: the flow refuses (wrong step), knowing
    # nothing of languages; the page still speaks the interview's.
    refused = managed.post(
        f"{path}/self-assessment",
        data={"csrf_token": csrf, "text": "Ich habe gut zugehört und viel gefragt."},
        headers={"accept-language": "sv"},
    )
    assert refused.status_code == 409 and '<html lang="de">' in refused.text
    assert heading(refused.text) == "Das hat nicht geklappt"
    assert "Die Selbsteinschätzung ist gerade nicht geöffnet." in refused.text


def test_a_stale_english_form_reads_as_before(managed: TestClient) -> None:
    _, path = invite(managed, EN)
    managed.get(path)
    refused = managed.post(f"{path}/start", data={"csrf_token": "stale"})
    assert refused.status_code == 403
    assert (
        "The form expired or came from another site. Reload the page and try again." in refused.text
    )


def test_staff_pages_stay_english_whatever_the_browser_asks(managed: TestClient) -> None:
    page = managed.get("/no-such-page", headers={"accept-language": "sv"})
    assert page.status_code == 404 and '<html lang="en">' in page.text
    assert heading(page.text) == "We can't find that page"


def test_the_api_answers_an_expired_invite_in_the_language_asked_for(
    managed: TestClient, tmp_path: Path
) -> None:
    interview_id, path = invite(managed, SV)
    token = path.rsplit("/", 1)[1]
    expire(tmp_path / "data", interview_id)
    asked = {"authorization": f"Bearer {token}"}
    swedish = managed.get(
        f"/api/candidate/{interview_id}", headers={**asked, "accept-language": "sv"}
    )
    assert swedish.status_code == 410
    assert swedish.json() == {
        "error": "gone",
        "detail": "Den här inbjudningslänken har gått ut. Be rekryteraren om en ny.",
    }
    plain = managed.get(f"/api/candidate/{interview_id}", headers=asked)
    assert plain.json()["detail"] == (
        "This invite link has expired. Ask the hiring manager for a new one."
    )
