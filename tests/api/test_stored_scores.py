"""Frozen, auditable scores through the API and the `rescore` command, on SQLite and PostgreSQL:
a report reads what was stored, re-scoring is explicit, an override recomputes what it drives."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, select, update

from app import flows
from app.catalog.models import Rubric, Scenario
from app.cli import main
from app.db.tables import Interview, Scorecard
from app.roleplay.transcript import Turn
from app.scoring.models import RoundScore
from app.scoring.score import score_round, weighted_total
from app.scoring.version import SCORER_VERSION
from app.services import Services
from tests.api.helpers import finished_interview, sign_in_admin
from tests.conftest import DATABASES

NEXT_VERSION = f"{SCORER_VERSION}-next"  # what a deploy of a changed scorer would bump to


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    """Run every test here on SQLite and on PostgreSQL."""
    kind: str = request.param
    return kind


class ChangedScorer:
    """A scorer deployed later: every criterion one level lower than today's (at least 1).
    Counts its calls, so a test can tell that reading a report scores nothing."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self,
        rubric: Rubric,
        turns: Sequence[Turn],
        scenario: Scenario | None = None,
        *,
        language: str | None = None,
    ) -> RoundScore:
        """Today's scorecard with every level lowered by one."""
        self.calls += 1
        score = score_round(rubric, turns, scenario, language=language)
        criteria = tuple(
            replace(c, score=max(1, c.score - 1), raw=max(1.0, c.raw - 1)) for c in score.criteria
        )
        return replace(score, criteria=criteria, total=weighted_total(criteria))


def deploy_changed_scorer(monkeypatch: pytest.MonkeyPatch) -> ChangedScorer:
    """Swap in the changed scorer and bump the scorer version, as a deploy would."""
    scorer = ChangedScorer()
    monkeypatch.setattr("app.report.score_round", scorer)
    monkeypatch.setattr("app.scoring.version.SCORER_VERSION", NEXT_VERSION)
    return scorer


async def everything(client: httpx.AsyncClient, ids: list[str]) -> dict[str, Any]:
    """What a reviewer can read about some interviews: reports, list, compare, CSV, export."""
    return {
        "reports": [(await client.get(f"/api/interviews/{i}/report")).json() for i in ids],
        "list": (await client.get("/api/interviews")).json(),
        "compare": (
            await client.get("/api/interviews/compare", params=[("ids", i) for i in ids])
        ).json(),
        "csv": (await client.get("/api/interviews/export.csv")).text,
        "exports": [(await client.get(f"/api/interviews/{i}/export")).json() for i in ids],
    }


def csv_rows(text: str) -> dict[str, dict[str, str]]:
    """The CSV export by interview id."""
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


async def rescore_command(
    args: list[str], database_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> int:
    """Run `coachable rescore ...` against the test database (in a thread: it runs its own loop)."""
    monkeypatch.setenv("COACHABLE_DATABASE_URL", database_url)
    monkeypatch.setenv("COACHABLE_DATA_DIR", str(data_dir))
    return await asyncio.to_thread(main, ["rescore", *args])


async def test_a_report_stays_as_stored_until_rescore_applies(
    client: httpx.AsyncClient,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    await sign_in_admin(client)
    ids = [await finished_interview(client, "Ada"), await finished_interview(client, "Bo")]
    before = await everything(client, ids)
    report = before["reports"][0]
    assert report["scorer_versions"] == dict.fromkeys(
        ("round1", "round2", "self_assessment", "application"), SCORER_VERSION
    )
    assert before["exports"][0]["scores"]["effective"]["totals"] == report["effective"]["totals"]

    scorer = deploy_changed_scorer(monkeypatch)
    assert await everything(client, ids) == before
    assert scorer.calls == 0  # reading a report scores nothing

    url = services.settings.database_url
    assert await rescore_command([], url, tmp_path, monkeypatch) == 0
    dry_run = capsys.readouterr().out
    assert await everything(client, ids) == before  # without --apply nothing changes
    first_round = report["report"]["rounds"][0]
    lowered = [c for c, v in first_round["criteria"].items() if v["score"] > 1]
    assert f"{ids[0]} Ada (scored with {SCORER_VERSION}):" in dry_run
    for criterion in lowered:
        level = first_round["criteria"][criterion]["score"]
        assert f"  round 1 {criterion}: {level} -> {level - 1}\n" in dry_run
    assert f"  round 1 total: {first_round['total']} -> " in dry_run
    assert f"2 of 2 scored interviews change with scorer {NEXT_VERSION}; nothing stored" in dry_run

    assert (
        await rescore_command(["--apply", f"--interview={ids[0]}"], url, tmp_path, monkeypatch) == 0
    )
    assert (
        f"1 of 1 scored interviews change with scorer {NEXT_VERSION}; stored."
        in capsys.readouterr().out
    )
    after = await everything(client, ids)
    rescored = after["reports"][0]
    assert rescored["scorer_versions"] == dict.fromkeys(report["scorer_versions"], NEXT_VERSION)
    for criterion, value in rescored["report"]["rounds"][0]["criteria"].items():
        assert value["score"] == max(1, first_round["criteria"][criterion]["score"] - 1)
    listed = {i["id"]: i for i in after["list"]}
    assert listed[ids[0]]["round1_total"] == rescored["report"]["rounds"][0]["total"]
    assert csv_rows(after["csv"])[ids[0]]["scorer_version"] == NEXT_VERSION
    # The other interview was not asked for: it stays as it was stored.
    assert after["reports"][1] == before["reports"][1]
    assert csv_rows(after["csv"])[ids[1]] == csv_rows(before["csv"])[ids[1]]
    # The coaching the candidate was given does not change with a new scorer.
    assert rescored["report"]["coaching"] == report["report"]["coaching"]

    assert await rescore_command([f"--interview={ids[0]}"], url, tmp_path, monkeypatch) == 0
    assert "0 of 1 scored interviews change" in capsys.readouterr().out


async def test_an_override_recomputes_totals_applied_list_compare_and_csv(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_admin(client)
    ids = [await finished_interview(client, "Ada"), await finished_interview(client, "Bo")]
    before = await everything(client, ids)
    report = before["reports"][0]
    application = report["report"]["application"]
    coached = application["coached"]
    scored_second = report["report"]["rounds"][1]
    # Down to 1 takes any application away; up to 5 gives one where there was none.
    new_level = 1 if application["applied"] > 0 else 5
    body = {
        "round": 2,
        "criterion": coached,
        "score": new_level,
        "comment": "Missed the follow-up.",
    }
    made = await client.post(f"/api/interviews/{ids[0]}/overrides", json=body)
    assert made.status_code == 201, made.text

    after = await everything(client, ids)
    changed = after["reports"][0]
    criteria = scored_second["criteria"]
    counted = [
        (new_level if c == coached else v["score"], v["weight"])
        for c, v in criteria.items()
        if v["assessed"] or c == coached
    ]
    mean = sum(level * weight for level, weight in counted) / sum(w for _, w in counted)
    total = round((mean - 1) * 25)
    assert total != scored_second["total"]
    assert changed["effective"]["totals"] == {"1": report["effective"]["totals"]["1"], "2": total}
    applied = changed["effective"]["application"]["applied"]
    assert applied != application["applied"]
    assert changed["effective"]["application"]["total_after"] == total
    coached_change = changed["effective"]["application"]["changes"][0]
    assert (coached_change["criterion"], coached_change["after"]) == (coached, new_level)
    # The scorer's own figures stay beside them, with who changed what and when.
    assert changed["report"] == report["report"]
    (override,) = changed["overrides"]
    assert override["original_score"] == criteria[coached]["score"]
    assert override["new_score"] == new_level and override["user_email"] == "admin@example.com"
    assert override["created_at"]

    listed = {i["id"]: i for i in after["list"]}[ids[0]]
    assert listed["round2_total"] == total
    assert listed["criterion_scores"]["2"][coached] == new_level
    compared = after["compare"]["reports"][0]
    assert compared["effective"] == changed["effective"]
    assert compared["effective_scores"]["2"][coached] == new_level
    row = csv_rows(after["csv"])[ids[0]]
    assert row["round2_total"] == str(total) and row[f"round2_{coached}"] == str(new_level)
    assert row["coaching_applied"] == f"{applied:.2f}"
    assert row["scored_round2_total"] == str(scored_second["total"])
    assert row["scored_coaching_applied"] == f"{application['applied']:.2f}"
    assert row["overridden"] == "yes"
    assert (
        f"call 2 {coached} {override['original_score']}->{new_level} by admin@example.com"
        in (row["overrides"])
    )
    assert after["exports"][0]["scores"]["effective"] == changed["effective"]
    # The other candidate is untouched.
    assert after["reports"][1] == before["reports"][1]


async def test_an_interview_that_ended_before_scores_were_stored_is_scored_once(
    client: httpx.AsyncClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in_admin(client)
    interview_id = await finished_interview(client)
    stored = (await client.get(f"/api/interviews/{interview_id}/report")).json()
    # As a row from before the migration: no scorecards, and totals from the old cache.
    async with services.sessions.begin() as db:
        await db.execute(delete(Scorecard).where(Scorecard.interview_id == interview_id))
        await db.execute(
            update(Interview)
            .where(Interview.id == interview_id)
            .values(round1_total=99, round2_total=99, criterion_scores={})
        )
    scorer = deploy_changed_scorer(monkeypatch)

    listed = (await client.get("/api/interviews")).json()  # the first read scores and stores
    assert scorer.calls == 2
    report = (await client.get(f"/api/interviews/{interview_id}/report")).json()
    assert scorer.calls == 2  # once, then read from storage
    assert report["scorer_versions"] == dict.fromkeys(stored["scorer_versions"], NEXT_VERSION)
    assert listed[0]["round1_total"] == report["effective"]["totals"]["1"] != 99
    # The coaching the candidate was given was kept; the rest is the scorer deployed now.
    assert report["report"]["coaching"] == stored["report"]["coaching"]
    async with services.sessions() as db:
        parts = (await db.scalars(select(Scorecard.part))).all()
    assert sorted(parts) == ["application", "round1", "round2", "self_assessment"]


async def test_a_round_in_play_has_no_report_yet(
    client: httpx.AsyncClient, services: Services
) -> None:
    await sign_in_admin(client)
    interview_id = await finished_interview(client)
    created = (
        await client.post(
            "/api/interviews",
            json={"scenario_id": "roberge-inbound-whitepaper", "candidate_name": "C"},
        )
    ).json()
    other = created["interview"]["id"]
    headers = {"Authorization": f"Bearer {created['invite_token']}"}
    started = await client.post(f"/api/candidate/{other}/start", json={"round": 1}, headers=headers)
    assert started.status_code == 200
    early = await client.get(f"/api/interviews/{other}/report")
    assert early.status_code == 409 and early.json()["error"] == "not-scored"
    results = await flows.rescore(services)
    assert [r.interview_id for r in results] == [interview_id]  # nothing of the other to redo


async def test_rescore_keeps_what_it_cannot_score_again_and_goes_on(
    client: httpx.AsyncClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in_admin(client)
    broken, fine = await finished_interview(client, "Ada"), await finished_interview(client, "Bo")
    before = (await client.get(f"/api/interviews/{broken}/report")).json()
    # As if a new rubric no longer had the criterion the candidate was coached on.
    coaching = before["interview"]["coaching"]
    coaching["improvement"]["criterion"] = "retired-criterion"
    async with services.sessions.begin() as db:
        await db.execute(update(Interview).where(Interview.id == broken).values(coaching=coaching))
    deploy_changed_scorer(monkeypatch)

    results = {r.interview_id: r for r in await flows.rescore(services, apply=True)}
    assert "retired-criterion" in (results[broken].problem or "")
    assert not results[broken].stored
    assert results[fine].stored and results[fine].problem is None
    after = (await client.get(f"/api/interviews/{broken}/report")).json()
    assert after["report"]["rounds"] == before["report"]["rounds"]
    assert after["scorer_versions"] == before["scorer_versions"]
