"""Hostile input: markup stays text on every page, odd unicode survives, limits answer plainly."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import httpx
from fastapi import FastAPI

from app import accounts
from app.services import Services
from tests.api.helpers import CandidateClient, sign_in_admin

SCENARIO = "roberge-inbound-whitepaper"

# Markup a candidate (or a reviewer typing a candidate's name) might send.
MARKUP = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 1">',
    '"><svg onload=alert(1)>',
    "'><iframe src=//evil.example></iframe>",
    '<a href="javascript:window.__pwned=1">my portfolio</a>',
    "</textarea><script>alert(document.cookie)</script>",
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
    "[click for the rubric](javascript:alert(1))",
    "![tracking pixel](https://evil.example/p.png)",
    "**bold** _claims_ <b>and</b> `code`",
    "{{ 7 * 7 }} {{ config }} {{ request.app.state.services.secret_key }}",
    "{% for x in range(3) %}LOOP{% endfor %}",
    "${7*7} #{7*7} <%= 7*7 %>",
]
# Spreadsheet formula starters (OWASP's list).
FORMULAS = ['=HYPERLINK("//evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1"]
UNICODE = [
    "Hej Åsa! Vad är målet för Q3? 😊🚀👩🏽‍💼",
    "مرحبا، ما هي أهدافكم لهذا العام؟",
    "שלום, מה המטרות שלכם השנה?",
    "Goals\u202e?sraey siht\u202c and next year?",
    "zero\u200bwidth\u200djoiner\ufeff text",
    "e\u0301 vs é, ﬁnance, Ｆｕｌｌ width",
    "x" * 1500,
    "Line one\nline two\ttabbed",
]


INVISIBLE_ANSWERS = ("/self-assessment", "/feedback-reply")
# Oversized bodies go to these; then one chunked body and one lying Content-Length.
OVERSIZED_PATHS = ("/api/interviews", "/api/auth/sign-in", "/login", "/api/candidate/x/messages")


def bad_messages(limit: int) -> list[tuple[Any, int]]:
    """Message bodies that must be refused, with the status each gets."""
    return [
        ({"text": ""}, 422),
        ({"text": " \n\t "}, 422),
        ({"text": "\u200b\u200d\ufeff"}, 422),
        ({"text": "\u202e\u202c"}, 422),
        ({"text": "\x00"}, 422),
        ({"text": "y" * (limit + 1)}, 422),
        ({"text": None}, 422),
        ({"text": 42}, 422),
        ({}, 422),
        ([], 422),
        ({"text": "hi", "client_message_id": "x" * 65}, 422),
    ]


_URL_ATTRS = {"href", "src", "action", "formaction", "data", "srcset", "poster", "content"}


class _Markup(HTMLParser):
    """Collects what makes a page active: scripts, event handlers, script URLs, other hosts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in_script = True
            if not (values.get("src") or "").startswith("/static/"):
                self.problems.append(f"script without a local src: {attrs}")
        if tag in ("iframe", "object", "embed", "base") or (
            tag == "meta" and "http-equiv" in values
        ):
            self.problems.append(f"<{tag}> on the page")
        for name, value in attrs:
            plain = re.sub(r"\s", "", value or "").lower()
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in _URL_ATTRS and (
                plain.startswith(("javascript:", "vbscript:", "data:text"))
                or "evil.example" in plain
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")
        self.text.append(data)


def assert_inert(html: str, shown: list[str], where: str) -> None:
    """The page runs nothing it was sent and shows each of `shown` as plain text."""
    parser = _Markup()
    parser.feed(html)
    assert parser.problems == [], where
    text = "".join(parser.text)
    flat = " ".join(text.split())
    for value in shown:
        assert " ".join(value.split()) in flat, (where, value)


async def finished_interview(
    client: httpx.AsyncClient, name: str, lines: list[str], assessment: str
) -> tuple[str, str]:
    """An interview with `name` whose candidate said `lines` in both calls; returns (id, token)."""
    created = (
        await client.post("/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": name})
    ).json()
    interview_id, token = created["interview"]["id"], created["invite_token"]
    candidate = CandidateClient(client, interview_id, token)
    for number in (1, 2):
        assert (await candidate.post("/start", {"round": number})).status_code == 200
        for i, line in enumerate(lines):
            sent = await candidate.post("/messages", {"text": line, "client_message_id": f"{i}"})
            assert sent.status_code == 201, sent.text
            done = (await candidate.post("/reply")).text
            if '"round_over": true' in done:
                break
        await candidate.post("/end-round", {"round": number})
        if number == 1:
            assert (
                await candidate.post("/self-assessment", {"text": assessment})
            ).status_code == 200
            assert (
                await candidate.post("/feedback-reply", {"text": assessment})
            ).status_code == 200
    return interview_id, token


async def test_markup_is_inert_on_every_page_that_shows_user_text(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    ids = []
    for i in range(0, len(MARKUP), 3):
        batch = MARKUP[i : i + 3]
        name = batch[0][:200]
        interview_id, token = await finished_interview(client, name, batch, " ".join(batch))
        ids.append(interview_id)
        report = await client.get(f"/interviews/{interview_id}")
        assert report.status_code == 200
        title = re.search(r"<title>(.*?)</title>", report.text, re.S)
        assert title and "<" not in title.group(1), title
        assert_inert(report.text, [*batch, name], f"report page {batch}")
        candidate_page = await client.get(f"/i/{token}")
        assert_inert(candidate_page.text, [], f"candidate page {batch}")
    await accounts.create_user(services, "odd@example.com", MARKUP[1], "manager", "password-12345")
    listing = await client.get("/interviews")
    assert_inert(listing.text, [MARKUP[i][:200] for i in range(0, len(MARKUP), 3)], "list")
    compared = await client.get("/interviews/compare", params=[("ids", i) for i in ids])
    assert compared.status_code == 200
    assert_inert(compared.text, [], "compare")
    users = await client.get("/admin/users")
    assert_inert(users.text, [MARKUP[1]], "admin users")
    exported = await client.get(f"/interviews/{ids[0]}/export.json")
    # A download, never a page: the browser saves it instead of rendering the markup inside.
    assert exported.headers["content-type"].startswith("application/json")
    assert exported.headers["content-disposition"].startswith("attachment")


async def test_the_candidates_own_call_page_shows_markup_as_text(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_admin(client)
    created = (
        await client.post("/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "C"})
    ).json()
    token = created["invite_token"]
    candidate = CandidateClient(client, created["interview"]["id"], token)
    await candidate.post("/start", {"round": 1})
    for i, line in enumerate(MARKUP[:5]):
        await candidate.post("/messages", {"text": line, "client_message_id": str(i)})
        await candidate.post("/reply")
    page = await client.get(f"/i/{token}")
    assert page.status_code == 200
    assert_inert(page.text, MARKUP[:5], "call page")


async def test_csv_cells_never_start_a_formula(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    for name in FORMULAS:
        body = {"scenario_id": SCENARIO, "candidate_name": name, "candidate_email": "a@b.example"}
        response = await client.post("/api/interviews", json=body)
        assert response.status_code == 201, response.text
    for path in ("/api/interviews/export.csv", "/interviews/export.csv"):
        exported = await client.get(path)
        assert exported.status_code == 200, path
        rows = list(csv.reader(io.StringIO(exported.text)))
        cells = [cell for row in rows[1:] for cell in row]
        assert len(rows) - 1 == len(FORMULAS), path
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], path
        names = {row[rows[0].index("candidate_name")] for row in rows[1:]}
        assert names == {"'" + n.strip() for n in FORMULAS}, path


async def test_unicode_survives_the_round_trip_and_the_pages(client: httpx.AsyncClient) -> None:
    await sign_in_admin(client)
    interview_id, _ = await finished_interview(client, "Åsa Öberg 🚀 עברית", UNICODE, UNICODE[0])
    report = (await client.get(f"/api/interviews/{interview_id}/report")).json()["report"]
    said = [t["text"] for t in report["rounds"][0]["turns"] if t["speaker"] == "candidate"]
    # Stored as typed (NFC-normalised, nothing else), whatever the script or direction.
    expected = [unicodedata.normalize("NFC", u).strip() for u in UNICODE]
    assert said == expected[: len(said)] and len(said) >= 4
    page = await client.get(f"/interviews/{interview_id}")
    assert page.status_code == 200
    assert_inert(page.text, ["Åsa Öberg 🚀 עברית", *said[:3]], "unicode report")
    listing = await client.get("/api/interviews", params={"q": "öberg 🚀"})
    assert [i["id"] for i in listing.json()] == [interview_id]


async def test_empty_invisible_and_oversized_input_get_a_clear_4xx(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    created = (
        await client.post("/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "E"})
    ).json()
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    await candidate.post("/start", {"round": 1})
    limit = services.settings.max_message_chars
    for body, status in bad_messages(limit):
        response = await candidate.post("/messages", body)
        assert response.status_code == status, (body, response.text)
        assert set(response.json()) == {"error", "detail"}
        assert "Traceback" not in response.text
    for path in INVISIBLE_ANSWERS:
        response = await candidate.post(path, {"text": "\u200b "})
        assert 400 <= response.status_code < 500 and set(response.json()) == {"error", "detail"}
    named = await client.post(
        "/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": " "}
    )
    assert named.status_code == 422 and set(named.json()) == {"error", "detail"}
    # Nothing above was stored.
    turns = (await candidate.get()).json()["turns"]
    assert [t["speaker"] for t in turns] == ["prospect"]


async def test_oversized_bodies_are_refused_before_they_are_read(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    limit = services.settings.max_body_bytes
    huge = b'{"text": "' + b"a" * (limit + 10) + b'"}'
    for path in OVERSIZED_PATHS:
        response = await client.post(
            path, content=huge, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413, (path, response.status_code)
        if path.startswith("/api"):
            assert response.json() == {"error": "too-large", "detail": "The request is too large."}

    async def chunks() -> Any:
        for _ in range(limit // 1024 + 2):
            yield b"a" * 1024

    # No Content-Length (chunked): counted as it arrives.
    streamed = await client.post("/api/interviews", content=chunks())
    assert streamed.status_code == 413 and streamed.json()["error"] == "too-large"
    lying = await client.post("/api/interviews", content=b"{}", headers={"Content-Length": "12x"})
    assert lying.status_code == 400 and set(lying.json()) == {"error", "detail"}


async def test_messages_are_rate_limited_per_interview(
    client: httpx.AsyncClient, app: FastAPI, services: Services
) -> None:
    # A limit below the round's turn limit, so the rate limit is what stops the candidate.
    app.state.services = replace(
        services, settings=services.settings.model_copy(update={"messages_per_minute": 3})
    )
    await sign_in_admin(client)
    created = (
        await client.post("/api/interviews", json={"scenario_id": SCENARIO, "candidate_name": "R"})
    ).json()
    candidate = CandidateClient(client, created["interview"]["id"], created["invite_token"])
    await candidate.post("/start", {"round": 1})
    statuses = []
    for i in range(5):
        sent = await candidate.post(
            "/messages", {"text": f"Question {i}?", "client_message_id": str(i)}
        )
        statuses.append(sent.status_code)
        if sent.status_code == 201:
            await candidate.post("/reply")
        else:
            assert sent.json()["error"] == "rate-limited"
    assert statuses == [201, 201, 201, 429, 429]


async def test_security_headers_on_pages_api_and_errors(client: httpx.AsyncClient) -> None:
    for path in ("/login", "/api/openapi.json", "/no-such-page", "/api/no-such", "/healthz"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        parts = (part.strip().partition(" ") for part in csp.split(";") if part.strip())
        directives = {name: value for name, _, value in parts}
        assert "'unsafe-inline'" not in directives.get("script-src", directives["default-src"])
        assert "'unsafe-eval'" not in csp
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] in ("no-referrer", "same-origin")
        assert response.headers["x-frame-options"] == "DENY"
