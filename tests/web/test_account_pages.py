"""Passwords on the pages: changing one's own, an admin's reset of another user's, and the
change a temporary password forces at the next sign-in (the first admin's included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from app.main import create_app
from tests.web.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    BASE_URL,
    PASSWORD,
    add_user,
    csrf_of,
    sign_in,
    web_settings,
)

MANAGER = "maria@example.com"
NEW_PASSWORD = "plum orchard lantern 77"


def context(response: Any) -> dict[str, Any]:
    found: dict[str, Any] = response.context
    return found


def change(site: TestClient, current: str, new: str, repeat: str | None = None) -> Any:
    """Post the change-password form."""
    form = {
        "current_password": current,
        "new_password": new,
        "repeat_password": new if repeat is None else repeat,
        "csrf_token": csrf_of(site, "/account/password"),
    }
    return site.post("/account/password", data=form)


def user_id(site: TestClient, email: str) -> int:
    """An account's id, from the admin's users page (the admin is signed in)."""
    users = context(site.get("/admin/users"))["users"]
    found: int = next(u.id for u in users if u.email == email)
    return found


def test_changing_ones_password(site: TestClient) -> None:
    add_user(site, "Maria Lind", MANAGER, "manager")
    sign_in(site, MANAGER, PASSWORD)
    page = site.get("/account/password")
    assert page.status_code == 200
    assert page.template.name == "account/password.html"  # type: ignore[attr-defined]

    wrong = change(site, "not-my-password", NEW_PASSWORD)
    assert wrong.status_code == 403 and "not right" in context(wrong)["error"]
    mismatch = change(site, PASSWORD, NEW_PASSWORD, repeat=NEW_PASSWORD + "x")
    assert mismatch.status_code == 422 and "same" in context(mismatch)["error"]
    weak = change(site, PASSWORD, "password12")
    assert weak.status_code == 422 and "harder to guess" in context(weak)["error"]
    same = change(site, PASSWORD, PASSWORD)
    assert same.status_code == 422

    done = change(site, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 303 and done.headers["location"] == "/account/password?done=1"
    assert "was changed" in context(site.get(done.headers["location"]))["saved"]
    sign_in(site, MANAGER, NEW_PASSWORD)
    site.cookies.clear()
    old = site.post(
        "/login",
        data={"email": MANAGER, "password": PASSWORD, "csrf_token": csrf_of(site, "/login")},
    )
    assert old.status_code == 401


def test_an_admin_resets_a_password_and_the_user_must_choose_a_new_one(
    site: TestClient,
) -> None:
    add_user(site, "Maria Lind", MANAGER, "manager")
    sign_in(site, MANAGER, PASSWORD)
    maria = dict(site.cookies.items())

    sign_in(site, ADMIN_EMAIL, ADMIN_PASSWORD)
    target = user_id(site, MANAGER)
    reset = site.post(
        f"/admin/users/{target}/reset-password", data={"csrf_token": csrf_of(site, "/admin/users")}
    )
    # Post/redirect/get: a reload never resets the password again.
    assert reset.status_code == 303, reset.text
    shown = site.get(reset.headers["location"])
    temporary = context(shown)["reset"]["password"]
    assert len(temporary) >= 16 and temporary in shown.text
    assert context(site.get("/admin/users"))["reset"] is None  # shown once
    own = site.post(
        f"/admin/users/{user_id(site, ADMIN_EMAIL)}/reset-password",
        data={"csrf_token": csrf_of(site, "/admin/users")},
    )
    assert own.status_code == 409

    # Maria's browser was signed out; her old password is gone.
    site.cookies.clear()
    site.cookies.update(maria)
    assert site.get("/interviews").headers["location"].startswith("/login")
    site.cookies.clear()
    form = {"email": MANAGER, "password": PASSWORD, "csrf_token": csrf_of(site, "/login")}
    assert site.post("/login", data=form).status_code == 401

    form = {"email": MANAGER, "password": temporary, "csrf_token": csrf_of(site, "/login")}
    signed = site.post("/login", data={**form, "next": "/interviews"})
    assert signed.headers["location"] == "/account/password"
    for path in ("/", "/interviews", "/practice", "/login"):
        assert site.get(path).headers["location"] == "/account/password", path
    api = site.get("/api/interviews")
    assert api.status_code == 403 and api.json()["error"] == "password-change-required"
    page = site.get("/account/password")
    assert page.status_code == 200 and context(page)["forced"] is True
    assert change(site, temporary, NEW_PASSWORD).status_code == 303
    assert site.get("/interviews").status_code == 200


def test_the_first_admin_must_change_the_configured_password(tmp_path: Path) -> None:
    settings = web_settings(tmp_path / "data").model_copy(update={"admin_password_temporary": True})
    with TestClient(create_app(settings), base_url=BASE_URL, follow_redirects=False) as site:
        form = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        signed = site.post("/login", data={**form, "csrf_token": csrf_of(site, "/login")})
        assert signed.headers["location"] == "/account/password"
        assert site.get("/admin/users").headers["location"] == "/account/password"
        assert change(site, ADMIN_PASSWORD, NEW_PASSWORD).status_code == 303
        assert site.get("/admin/users").status_code == 200


def test_the_api_resets_and_forces_the_change_too(site: TestClient) -> None:
    add_user(site, "Maria Lind", MANAGER, "manager")
    admin = site.post("/api/auth/sign-in", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    headers = {"X-CSRF-Token": admin.json()["csrf_token"]}
    target = next(
        u["id"]
        for u in site.get("/api/admin/users", headers=headers).json()
        if u["email"] == MANAGER
    )
    reset = site.post(f"/api/admin/users/{target}/password-reset", headers=headers)
    assert reset.status_code == 200, reset.text
    temporary = reset.json()["temporary_password"]
    assert reset.json()["user"]["must_change_password"] is True

    site.cookies.clear()
    signed = site.post("/api/auth/sign-in", json={"email": MANAGER, "password": temporary})
    assert signed.json()["user"]["must_change_password"] is True, signed.text
    headers = {"X-CSRF-Token": signed.json()["csrf_token"]}
    refused = site.get("/api/interviews", headers=headers)
    assert refused.status_code == 403 and refused.json()["error"] == "password-change-required"
    assert site.get("/api/auth/me", headers=headers).status_code == 200
    body = {"current_password": temporary, "new_password": NEW_PASSWORD}
    assert site.post("/api/auth/password", json=body, headers=headers).status_code == 204
    assert site.get("/api/interviews", headers=headers).status_code == 200
