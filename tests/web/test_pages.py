"""Page tests over ASGI: which template renders with which context, per role and per step."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PASSWORD,
    add_user,
    create_interview,
    csrf_of,
    sign_in,
)

MANAGER = "maria@example.com"
REP = "rob@example.com"


# TestClient's responses carry the rendered template and its context as extra attributes.
def template(response: Any) -> str:
    name: str = response.template.name
    return name


def context(response: Any) -> dict[str, Any]:
    found: dict[str, Any] = response.context
    return found


def as_manager(site: TestClient) -> None:
    add_user(site, "Maria Lind", MANAGER, "manager")
    sign_in(site, MANAGER, PASSWORD)


def say(site: TestClient, api: str, csrf: str, text: str) -> str:
    """Post a candidate message through the API the chat script uses; returns the reply."""
    reply = site.post(f"{api}/say", json={"text": text}, headers={"X-CSRF-Token": csrf})
    assert reply.status_code == 200, reply.text
    done = [b for b in reply.text.split("\n\n") if b.startswith("event: done")]
    assert done, reply.text
    data: dict[str, Any] = json.loads(done[0].split("data: ", 1)[1])
    return str(data["turn"]["text"])


def play_candidate(site: TestClient, invite: str) -> None:
    """Take an interview through both calls with the scripted prospect."""
    page = site.get(invite)
    csrf = context(page)["csrf_token"]
    api = f"/api/candidate/{context(page)['state'].interview_id}"
    assert site.post(f"{invite}/start", data={"csrf_token": csrf}).status_code == 303
    say(site, api, csrf, "Hi Dana, thanks for taking my call. What made you download the paper?")
    say(site, api, csrf, "How do new customers find you today?")
    assert site.post(f"{invite}/end", data={"csrf_token": csrf, "round": "1"}).status_code == 303
    answer = "I asked open questions early, but I should have followed up on the board's goals."
    response = site.post(f"{invite}/self-assessment", data={"csrf_token": csrf, "text": answer})
    assert response.status_code == 303
    response = site.post(
        f"{invite}/feedback-reply", data={"csrf_token": csrf, "text": "Fair, I'll dig deeper."}
    )
    assert response.status_code == 303
    say(site, api, csrf, "What goals did the board set for marketing?")
    assert site.post(f"{invite}/end", data={"csrf_token": csrf, "round": "2"}).status_code == 303


# --------------------------------------------------------------------------- sign-in


def test_signed_out_visitors_are_sent_to_sign_in(site: TestClient) -> None:
    assert site.get("/").headers["location"] == "/login"
    response = site.get("/interviews?status=finished")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Finterviews%3Fstatus%3Dfinished"
    page = site.get("/login")
    assert template(page) == "login.html" and context(page)["user"] is None


def test_a_wrong_password_shows_the_form_again_with_a_plain_message(site: TestClient) -> None:
    form = {"email": ADMIN_EMAIL, "password": "wrong-password"}
    response = site.post("/login", data={**form, "csrf_token": csrf_of(site, "/login")})
    assert response.status_code == 401
    assert template(response) == "login.html"
    assert "Wrong e-mail or password" in context(response)["error"]
    assert context(response)["email"] == ADMIN_EMAIL


def test_sign_in_follows_a_local_next_but_not_another_site(site: TestClient) -> None:
    form = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    ok = site.post(
        "/login",
        data={**form, "next": "/practice/history", "csrf_token": csrf_of(site, "/login")},
    )
    assert ok.headers["location"] == "/practice/history"
    site.cookies.clear()
    evil = site.post(
        "/login",
        data={**form, "next": "//evil.example/", "csrf_token": csrf_of(site, "/login")},
    )
    assert evil.headers["location"] == "/interviews"


def test_sign_out_ends_the_session(site: TestClient) -> None:
    sign_in(site, ADMIN_EMAIL, ADMIN_PASSWORD)
    csrf = csrf_of(site, "/interviews")
    assert site.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert site.get("/interviews").status_code == 303


def test_a_form_without_its_csrf_token_is_refused(site: TestClient) -> None:
    as_manager(site)
    response = site.post("/interviews/new", data={"scenario": "x", "candidate_name": "Eve"})
    assert response.status_code == 403
    assert template(response) == "error.html"


# --------------------------------------------------------------------------- manager


def test_a_rep_cannot_open_the_interview_list(site: TestClient) -> None:
    add_user(site, "Rob Stone", REP, "rep")
    sign_in(site, REP, PASSWORD)
    response = site.get("/interviews")
    assert response.status_code == 403
    assert template(response) == "error.html"


def test_creating_an_interview_shows_its_invite_link_once(site: TestClient) -> None:
    as_manager(site)
    interview_id, invite = create_interview(site)
    assert invite.startswith("/i/") and len(invite) > 30
    listing = site.get("/interviews")
    assert template(listing) == "manager/list.html"
    rows = context(listing)["rows"]
    assert [r.id for r in rows] == [interview_id]
    assert rows[0].status == "invited"
    assert invite.removeprefix("/i/") not in listing.text  # the token is not shown again


def test_a_bad_interview_form_is_shown_again_with_the_values_kept(site: TestClient) -> None:
    as_manager(site)
    csrf = csrf_of(site, "/interviews/new")
    response = site.post(
        "/interviews/new",
        data={
            "scenario": "roberge-inbound-whitepaper",
            "candidate_name": "   ",
            "candidate_email": "x@example.com",
            "csrf_token": csrf,
        },
    )
    # Post/redirect/get: the form comes back on a GET, with the error and the values kept,
    # so Back and reload never ask to send the form again.
    assert response.status_code == 303
    assert response.headers["location"] == "/interviews/new"
    shown = site.get("/interviews/new")
    assert template(shown) == "manager/new.html"
    assert context(shown)["form"]["candidate_email"] == "x@example.com"
    assert "name is empty" in context(shown)["error"]
    again = site.get("/interviews/new")  # shown once: a reload starts afresh
    assert context(again)["error"] is None


def test_the_list_filters_and_sorts_on_the_server(site: TestClient) -> None:
    as_manager(site)
    create_interview(site, "Zoe Able")
    create_interview(site, "Adam Baker")
    by_name = site.get("/interviews?sort=candidate&dir=asc")
    assert [r.candidate_name for r in context(by_name)["rows"]] == ["Adam Baker", "Zoe Able"]
    assert context(by_name)["sort"] == "candidate"
    found = site.get("/interviews?q=zoe")
    assert [r.candidate_name for r in context(found)["rows"]] == ["Zoe Able"]
    assert context(found)["filtered"] is True
    none = site.get("/interviews?status=finished")
    assert context(none)["rows"] == []


def test_candidate_names_are_escaped(site: TestClient) -> None:
    as_manager(site)
    create_interview(site, "<script>alert(1)</script>")
    listing = site.get("/interviews")
    assert "<script>alert(1)</script>" not in listing.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing.text


def test_an_unstarted_interview_has_a_report_page_without_scores(site: TestClient) -> None:
    as_manager(site)
    interview_id, _ = create_interview(site)
    response = site.get(f"/interviews/{interview_id}")
    assert template(response) == "manager/report.html"
    assert "page" not in context(response)
    assert "has not started yet" in response.text


def test_an_unknown_interview_is_the_404_page(site: TestClient) -> None:
    as_manager(site)
    response = site.get("/interviews/no-such-id")
    assert response.status_code == 404
    assert template(response) == "error.html"
    assert context(response)["status"] == 404


def test_erasing_a_candidate_removes_the_interview_and_its_invite(site: TestClient) -> None:
    as_manager(site)
    interview_id, invite = create_interview(site)
    csrf = csrf_of(site, f"/interviews/{interview_id}")
    assert "Erase candidate data" in site.get(f"/interviews/{interview_id}").text
    response = site.post(f"/interviews/{interview_id}/erase", data={"csrf_token": csrf})
    assert response.status_code == 303 and response.headers["location"] == "/interviews"
    assert site.get(f"/interviews/{interview_id}").status_code == 404
    assert interview_id not in site.get("/interviews/export.csv").text
    site.cookies.clear()
    assert site.get(invite).status_code == 404


# --------------------------------------------------------------------------- candidate


def test_the_invite_link_renders_the_step_the_status_says(site: TestClient) -> None:
    as_manager(site)
    _, invite = create_interview(site)
    site.cookies.clear()
    briefing = site.get(invite)
    assert template(briefing) == "candidate/briefing.html"
    assert context(briefing)["step"] == "briefing"
    assert "180 days" in briefing.text  # the privacy notice says how long data is kept
    csrf = context(briefing)["csrf_token"]
    assert site.post(f"{invite}/start", data={"csrf_token": csrf}).status_code == 303
    call = site.get(invite)
    assert template(call) == "candidate/call.html"
    chat = context(call)["chat"]
    assert chat.turns[0].speaker == "prospect" and chat.turns_left == 20
    assert chat.send_url.startswith("/api/candidate/")
    again = site.get(invite)  # a refresh resumes the same call
    assert template(again) == "candidate/call.html" and context(again)["chat"].turns == chat.turns


def test_an_unknown_invite_is_a_plain_404(site: TestClient) -> None:
    response = site.get("/i/not-a-real-token")
    assert response.status_code == 404
    assert template(response) == "error.html"


def test_the_whole_candidate_flow_never_shows_scores(site: TestClient) -> None:
    as_manager(site)
    interview_id, invite = create_interview(site)
    manager_cookies = dict(site.cookies)
    site.cookies.clear()
    play_candidate(site, invite)
    thanks = site.get(invite)
    assert template(thanks) == "candidate/thanks.html"
    for key in ("page", "report", "score"):
        assert key not in context(thanks)

    site.cookies.clear()
    site.cookies.update(manager_cookies)
    report = site.get(f"/interviews/{interview_id}")
    # Which engine (and model) played the prospect is recorded and shown.
    iv = context(report)["iv"]
    assert (iv.engine_name, iv.engine_version, iv.engine_model) == ("scripted", "scripted-2", "")
    assert "Prospect played by the scripted prospect (scripted-2)" in report.text
    page = context(report)["page"]
    assert [c.id for c in page.criteria] == [
        "opening",
        "goal-discovery",
        "open-questions",
        "listening",
        "preparation",
    ]
    assert all(c.cells[0] and c.cells[1] for c in page.criteria)
    assert page.chart is not None and "<svg" in str(page.chart)
    assert page.self_score is not None and page.application is not None
    assert [r.number for r in page.rounds] == [1, 2]
    assert all(t.annotation for t in page.rounds[0].turns if t.speaker == "candidate")


def test_a_call_in_play_shows_its_transcript_and_no_scores(site: TestClient) -> None:
    as_manager(site)
    interview_id, invite = create_interview(site)
    manager_cookies = dict(site.cookies)
    site.cookies.clear()
    page = site.get(invite)
    csrf = context(page)["csrf_token"]
    assert site.post(f"{invite}/start", data={"csrf_token": csrf}).status_code == 303
    say(site, f"/api/candidate/{interview_id}", csrf, "What made you download the paper?")
    site.cookies.clear()
    site.cookies.update(manager_cookies)
    report = site.get(f"/interviews/{interview_id}")
    assert "page" not in context(report)
    first, second = context(report)["transcripts"]
    assert [t.speaker for t in first.turns] == ["prospect", "candidate", "prospect"]
    assert first.metrics is None and all(t.annotation is None for t in first.turns)
    assert second.turns == ()
    assert "is on call 1 now" in report.text


def test_the_self_assessment_page_keeps_the_text_after_an_error(site: TestClient) -> None:
    as_manager(site)
    _, invite = create_interview(site)
    site.cookies.clear()
    csrf = context(site.get(invite))["csrf_token"]
    site.post(f"{invite}/start", data={"csrf_token": csrf})
    site.post(f"{invite}/end", data={"csrf_token": csrf, "round": "1"})
    page = site.get(invite)
    assert template(page) == "candidate/self_assessment.html"
    empty = site.post(f"{invite}/self-assessment", data={"csrf_token": csrf, "text": "   "})
    assert empty.status_code == 303  # post/redirect/get, the error carried to the page
    shown = site.get(invite)
    assert template(shown) == "candidate/self_assessment.html"
    assert "empty" in context(shown)["error"]

    long = "I asked about goals. " * 120  # 2,520 characters, past the 2,000 limit
    site.post(f"{invite}/self-assessment", data={"csrf_token": csrf, "text": long})
    shown = site.get(invite)
    assert "too long" in context(shown)["error"]
    assert context(shown)["text"] == long  # nothing typed is lost
    assert 'data-limit="2000"' in shown.text and "maxlength" not in shown.text


def test_a_word_or_two_gets_a_gentle_prompt_once(site: TestClient) -> None:
    as_manager(site)
    _, invite = create_interview(site)
    site.cookies.clear()
    csrf = context(site.get(invite))["csrf_token"]
    site.post(f"{invite}/start", data={"csrf_token": csrf})
    site.post(f"{invite}/end", data={"csrf_token": csrf, "round": "1"})
    brief = site.post(f"{invite}/self-assessment", data={"csrf_token": csrf, "text": "ok"})
    assert brief.status_code == 303
    shown = site.get(invite)
    assert template(shown) == "candidate/self_assessment.html"  # not taken yet
    assert context(shown)["nudge"] is True and context(shown)["text"] == "ok"
    assert "Just a word or two?" in shown.text and 'name="brief_ok"' in shown.text
    taken = site.post(
        f"{invite}/self-assessment", data={"csrf_token": csrf, "text": "ok", "brief_ok": "1"}
    )
    assert taken.status_code == 303
    assert template(site.get(invite)) == "candidate/coaching.html"


# --------------------------------------------------------------------------- review


def test_override_keeps_the_original_and_says_who_and_when(site: TestClient) -> None:
    as_manager(site)
    interview_id, invite = create_interview(site)
    manager_cookies = dict(site.cookies)
    site.cookies.clear()
    play_candidate(site, invite)
    site.cookies.clear()
    site.cookies.update(manager_cookies)
    csrf = csrf_of(site, f"/interviews/{interview_id}")
    before_page = context(site.get(f"/interviews/{interview_id}"))["page"]
    before = before_page.criteria[0].cells[0]
    assert before_page.totals == before_page.scored_totals
    new = 5 if before.score != 5 else 1
    response = site.post(
        f"/interviews/{interview_id}/overrides",
        data={
            "criterion": "opening",
            "round": "1",
            "score": str(new),
            "comment": "Warm, short opening.",
            "csrf_token": csrf,
        },
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("#criterion-opening")
    shown = site.get(f"/interviews/{interview_id}?saved=1")
    page = context(shown)["page"]
    cell = page.criteria[0].cells[0]
    assert cell.score == new and cell.computed == before.computed
    (note,) = cell.overrides
    assert (note.original_score, note.new_score, note.by) == (before.computed, new, MANAGER)
    assert note.comment == "Warm, short opening."
    # The call total counts the override; the scorer's total stays beside it.
    assert page.scored_totals == before_page.totals
    assert page.totals[0] != before_page.totals[0] and page.totals[1] == before_page.totals[1]
    assert f"Scored {before_page.totals[0]} before overrides" in shown.text
    listed = context(site.get("/interviews"))["rows"]
    assert [r.round1_total for r in listed if r.id == interview_id] == [page.totals[0]]

    exported = site.get(f"/interviews/{interview_id}/export.json")
    assert exported.headers["content-disposition"].startswith("attachment")
    session = exported.json()
    assert session["scenario"] == "roberge-inbound-whitepaper" and len(session["rounds"]) == 2
    csv_text = site.get("/interviews/export.csv").text
    assert interview_id in csv_text and "round1_opening" in csv_text.splitlines()[0]


def test_compare_puts_candidates_side_by_side(site: TestClient) -> None:
    as_manager(site)
    manager_cookies = dict(site.cookies)
    ids = []
    for name in ("Alex Morgan", "Sam Lee"):
        interview_id, invite = create_interview(site, name)
        ids.append(interview_id)
        site.cookies.clear()
        play_candidate(site, invite)
        site.cookies.clear()
        site.cookies.update(manager_cookies)
    response = site.get(f"/interviews/compare?ids={ids[0]}&ids={ids[1]}")
    assert template(response) == "manager/compare.html"
    columns, rows = context(response)["columns"], context(response)["rows"]
    assert [c.candidate_name for c in columns] == ["Alex Morgan", "Sam Lee"]
    assert len(rows) == 5 and all(len(r.cells) == 2 for r in rows)
    for row in rows:
        latest = [c.second if c.second is not None else c.first for c in row.cells]
        if len(set(latest)) > 1:
            assert [c.best for c in row.cells] == [x == max(latest) for x in latest]
        else:
            assert not any(c.best for c in row.cells)  # a tie marks nobody
    one = site.get(f"/interviews/compare?ids={ids[0]}")
    # One candidate: the page asks for a second one instead of failing.
    assert one.status_code == 200
    assert template(one) == "manager/compare_pick.html"
    assert [o.id for o in context(one)["others"]] == [ids[1]]
    none = site.get("/interviews/compare")
    assert none.status_code == 303 and none.headers["location"] == "/interviews"

    # An override shows in the compare cell, with the original, who and when.
    level = rows[0].cells[1].second
    new = 1 if level != 1 else 5
    csrf = csrf_of(site, f"/interviews/{ids[1]}")
    form = {"criterion": "opening", "round": "2", "score": str(new), "comment": "Too long."}
    saved = site.post(f"/interviews/{ids[1]}/overrides", data={**form, "csrf_token": csrf})
    assert saved.status_code == 303
    compared = site.get(f"/interviews/compare?ids={ids[0]}&ids={ids[1]}")
    columns, rows = context(compared)["columns"], context(compared)["rows"]
    cell = rows[0].cells[1]
    assert cell.second == new
    ((override),) = cell.overrides
    assert (override.original_score, override.user_email) == (level, MANAGER)
    assert f"Call 2: {level} → {new} by {MANAGER}" in compared.text
    report = context(site.get(f"/interviews/{ids[1]}"))["page"]
    assert columns[1].round2_total == report.totals[1] != report.scored_totals[1]
    assert columns[1].applied == report.application.applied


# --------------------------------------------------------------------------- practice


def start_practice(site: TestClient, scenario: str) -> str:
    csrf = csrf_of(site, "/practice")
    response = site.post(f"/practice/{scenario}/start", data={"csrf_token": csrf})
    assert response.status_code == 303
    return str(response.headers["location"])


def test_a_rep_plays_gets_a_scorecard_goes_again_and_sees_progress(site: TestClient) -> None:
    add_user(site, "Rob Stone", REP, "rep")
    sign_in(site, REP, PASSWORD)
    library = site.get("/practice")
    assert template(library) == "practice/library.html"
    kinds = {s.kind for s in context(library)["scenarios"]}
    assert kinds == {"interview", "practice"}

    for attempt_number in (1, 2):
        attempt = start_practice(site, "roberge-inbound-whitepaper")
        play = site.get(attempt)
        assert template(play) == "practice/play.html"
        assert context(play)["attempt_number"] == attempt_number
        csrf = context(play)["csrf_token"]
        attempt_id = attempt.rsplit("/", 1)[1]
        say(site, f"/api/practice/{attempt_id}", csrf, "What made you download the paper?")
        end = site.post(f"{attempt}/end", data={"csrf_token": csrf, "round": "1"})
        assert end.status_code == 303
        card = site.get(attempt)
        assert template(card) == "practice/scorecard.html"
        assert context(card)["coaching"] is not None
        assert len(context(card)["criteria"]) == 5
    assert context(card)["previous_total"] is not None

    history = site.get("/practice/history")
    (group,) = context(history)["groups"]
    assert len(group.attempts) == 2 and "<polyline" in str(group.chart)


def test_a_rep_cannot_open_another_reps_attempt(site: TestClient) -> None:
    add_user(site, "Rob Stone", REP, "rep")
    add_user(site, "Ria Fast", "ria@example.com", "rep")
    sign_in(site, REP, PASSWORD)
    attempt = start_practice(site, "roberge-inbound-whitepaper")
    sign_in(site, "ria@example.com", PASSWORD)
    assert site.get(attempt).status_code == 404
    assert context(site.get("/practice/history"))["groups"] == []


# --------------------------------------------------------------------------- admin


def test_the_admin_creates_and_disables_accounts(site: TestClient) -> None:
    add_user(site, "Rob Stone", REP, "rep")
    sign_in(site, ADMIN_EMAIL, ADMIN_PASSWORD)
    page = site.get("/admin/users")
    assert template(page) == "admin/users.html"
    rob = next(u for u in context(page)["users"] if u.email == REP)
    csrf = context(page)["csrf_token"]
    assert site.post(f"/admin/users/{rob.id}/disable", data={"csrf_token": csrf}).status_code == 303
    after = site.get("/admin/users?done=disabled")
    assert context(after)["saved"] == "The account is disabled."
    assert not next(u for u in context(after)["users"] if u.email == REP).active
    duplicate = site.post(
        "/admin/users",
        data={"name": "X", "email": REP, "role": "rep", "password": PASSWORD, "csrf_token": csrf},
    )
    assert duplicate.status_code == 303  # post/redirect/get, with the error and the values
    shown = site.get("/admin/users")
    assert "already exists" in context(shown)["error"]
    assert context(shown)["form"] == {"name": "X", "email": REP, "role": "rep"}
