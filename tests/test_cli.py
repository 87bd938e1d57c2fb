"""The `coachable` command end to end, through main() with captured input and output."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.catalog.loader import REPO_ROOT
from app.cli import main
from app.config import Settings
from app.llm import END_CALL_MARKER
from tests.llm.openai_stub import OpenAIStub

SCENARIO = "roberge-inbound-whitepaper"

ROUND_ONE = [
    "Hi Dana, this is Sam from HubSpot. What prompted you to download the whitepaper?",
    "That makes sense. What goals has the board set for you this year?",
    "Where do your leads come from today?",
    "Search engines rank pages that answer the questions your buyers type, so you publish "
    "helpful content and get found. What would doubling the leads mean for you?",
    "/end",
]
ROUND_TWO = [
    "Hi Dana, Sam from HubSpot. What made you look at inbound right now?",
    "What would success look like for you by December?",
    "/end",
]
SELF_ASSESSMENT = "I asked open questions about her goals, but I never asked for a next step."
FEEDBACK_REPLY = "Thanks, that is fair. I will open with a question next time."


def piped(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    """Feed these lines to the command's stdin, as `printf ... | coachable play` would."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))


def interview_input() -> list[str]:
    """A whole two-round interview, typed line by line."""
    return [*ROUND_ONE, SELF_ASSESSMENT, FEEDBACK_REPLY, *ROUND_TWO]


def session(tmp_path: Path, name: str = "session.json", **fields: object) -> Path:
    """A session file on disk; fields replace the defaults."""
    data: dict[str, object] = {
        "scenario": SCENARIO,
        "rounds": [
            {
                "turns": [
                    {"speaker": "prospect", "text": "Dana Whitfield speaking."},
                    {"speaker": "candidate", "text": ROUND_ONE[0]},
                    {"speaker": "prospect", "text": "Pressure from the board, honestly."},
                    {"speaker": "candidate", "text": ROUND_ONE[1]},
                ]
            },
            {
                "turns": [
                    {"speaker": "prospect", "text": "This is Dana."},
                    {"speaker": "candidate", "text": ROUND_TWO[0]},
                ]
            },
        ],
        "self_assessment": SELF_ASSESSMENT,
        "coaching": {"strength": "goal-discovery", "improvement": "opening"},
        **fields,
    }
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No LLM settings leak in from the environment running the tests."""
    for name in ("ENGINE", "LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY", "LLM_RETRIES"):
        monkeypatch.delenv(f"COACHABLE_{name}", raising=False)


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    """The OpenAI-compatible test server."""
    with OpenAIStub(hang_seconds=5.0) as server:
        yield server


# --------------------------------------------------------------------------- validate, schema


def test_validate_counts_the_shipped_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    scenarios = len(list((REPO_ROOT / "scenarios").glob("*.yaml")))
    rubrics = len(list((REPO_ROOT / "rubrics").glob("*.yaml")))
    languages = len([p for p in (REPO_ROOT / "languages").iterdir() if p.is_dir()])
    assert main(["validate"]) == 0
    expected = f"ok: {scenarios} scenarios, {rubrics} rubrics, {languages} languages\n"
    assert capsys.readouterr().out == expected


def test_validate_reports_every_error_with_path_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    source = (REPO_ROOT / "scenarios" / f"{SCENARIO}.yaml").read_text(encoding="utf-8")
    broken = source.replace("language: en", "language: fr").replace("title:", "titel:", 1)
    (folder / f"{SCENARIO}.yaml").write_text(broken, encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    errors = capsys.readouterr().err.splitlines()
    path = folder / f"{SCENARIO}.yaml"
    assert any(line.startswith(f"{path}: language: ") for line in errors)
    assert any(line.startswith(f"{path}: titel: ") for line in errors)


def test_validate_tells_a_rubric_from_a_scenario_outside_the_catalog_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = tmp_path / "roberge-curiosity.yaml"
    rubric.write_bytes((REPO_ROOT / "rubrics" / "roberge-curiosity.yaml").read_bytes())
    assert main(["validate", str(rubric)]) == 0
    assert capsys.readouterr().out == "ok: 0 scenarios, 1 rubrics, 0 languages\n"


def test_schema_prints_both_formats_or_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert set(both) == {"scenario", "rubric", "language", "thresholds"}
    assert set(both["language"]) == {"language.yaml", "reading.yaml", "review.yaml", "texts.yaml"}
    assert "open_share" in both["thresholds"]["questioning"]
    assert main(["schema", "rubric"]) == 0
    rubric = json.loads(capsys.readouterr().out)
    assert "criteria" in rubric["properties"]
    assert rubric == both["rubric"]


def test_scenarios_lists_id_language_kind_and_title(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    rows = {line.split()[0]: line.split()[1:3] for line in capsys.readouterr().out.splitlines()}
    assert rows[SCENARIO] == ["en", "interview"]
    assert rows[f"{SCENARIO}-sv"] == ["sv", "interview"]


# --------------------------------------------------------------------------- score


def test_score_json_is_one_line_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = session(tmp_path, "a.json"), session(tmp_path, "b.json")
    assert main(["score", str(first), str(second), "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    report, other = json.loads(lines[0]), json.loads(lines[1])
    # Each line names the file it scored; the same session scores the same.
    assert (report.pop("file"), other.pop("file")) == (str(first), str(second))
    assert report == other
    assert report["scenario"] == SCENARIO
    assert report["rubric"] == "roberge-curiosity"
    round_one = report["rounds"][0]
    criteria = round_one["criteria"]
    assert set(criteria) == {
        "opening",
        "goal-discovery",
        "open-questions",
        "listening",
        "preparation",
    }
    assert all(1 <= c["score"] <= 5 and isinstance(c["evidence"], list) for c in criteria.values())
    assert 0 <= round_one["total"] <= 100
    assert {"talk_share", "questions", "facts_uncovered"} <= set(round_one["metrics"])
    assert 1 <= report["self_assessment"]["score"] <= 5
    assert "insight_gap" in report["self_assessment"]
    assert report["coaching"]["strength"]["criterion"] == "goal-discovery"
    assert report["coaching"]["improvement"]["criterion"] == "opening"
    assert 0 <= report["application"]["applied"] <= 1


def test_score_keeps_unicode_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    swedish = session(
        tmp_path,
        scenario=f"{SCENARIO}-sv",
        rounds=[
            {
                "turns": [
                    {"speaker": "prospect", "text": "Dana här."},
                    {
                        "speaker": "candidate",
                        "text": "Hej Dana! Vad fick dig att ladda ner rapporten?",
                    },
                ]
            }
        ],
        coaching=None,
    )
    assert main(["score", str(swedish), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\\u" not in out
    assert json.loads(out)["rubric"] == "roberge-curiosity-sv"


def test_score_text_names_each_file_when_there_are_several(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = session(tmp_path, "a.json"), session(tmp_path, "b.json")
    assert main(["score", str(first)]) == 0
    single = capsys.readouterr().out
    assert main(["score", str(first), str(second)]) == 0
    several = capsys.readouterr().out
    assert single.strip()
    assert several.startswith(f"==> {first} <==\n{single}")
    assert f"\n==> {second} <==\n" in several


def test_score_reads_stdin_for_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = session(tmp_path)
    assert main(["score", str(path), "--format", "json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    piped(monkeypatch, [path.read_text(encoding="utf-8")])
    assert main(["score", "-", "--format", "json"]) == 0
    from_stdin = json.loads(capsys.readouterr().out)
    assert (from_file.pop("file"), from_stdin.pop("file")) == (str(path), "-")
    assert from_stdin == from_file


def test_a_broken_catalog_is_reported_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("scenarios", "rubrics"):
        (tmp_path / folder).mkdir()
    (tmp_path / "rubrics" / "empty.yaml").write_text("", encoding="utf-8")
    monkeypatch.setenv("COACHABLE_CATALOG_DIR", str(tmp_path))
    assert main(["scenarios"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coachable: 1 problem in the catalog:")
    assert "empty.yaml" in err
    assert main(["validate"]) == 1
    assert "empty.yaml" in capsys.readouterr().err


def test_a_bad_file_is_named_on_stderr_and_the_rest_still_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = session(tmp_path, "good.json")
    not_json = tmp_path / "broken.json"
    not_json.write_text("{not json", encoding="utf-8")
    unknown = session(tmp_path, "unknown.json", rubric="no-such-rubric")
    missing = tmp_path / "missing.json"
    files = [str(not_json), str(good), str(unknown), str(missing)]
    assert main(["score", *files, "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    errors = captured.err.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"coachable: {not_json}: not a session file")
    assert errors[1].startswith(f"coachable: {unknown}: unknown rubric 'no-such-rubric'")
    assert errors[2].startswith(f"coachable: {missing}: cannot read the file")


# --------------------------------------------------------------------------- play


def test_play_runs_a_whole_interview_from_piped_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_llm_env: None,
) -> None:
    saved = tmp_path / "played.json"
    piped(monkeypatch, interview_input())
    assert main(["play", SCENARIO, "--engine", "scripted", "--save", str(saved)]) == 0
    out = capsys.readouterr().out
    for step in ("Round 1", "How did you do?", "Strength:", "To work on:", "Round 2", ROUND_TWO[1]):
        assert step in out
    assert out.index("Round 1") < out.index("How did you do?") < out.index("Round 2")
    assert "I've heard a lot about inbound" in out  # the scripted prospect revealed a fact
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [t["speaker"] for t in data["rounds"][0]["turns"]][:2] == ["prospect", "candidate"]
    assert len(data["rounds"]) == 2
    assert (data["self_assessment"], data["feedback_reply"]) == (SELF_ASSESSMENT, FEEDBACK_REPLY)
    assert set(data["coaching"]) == {"strength", "improvement"}
    # The saved session scores exactly as the report printed at the end of the interview.
    assert main(["score", str(saved)]) == 0
    assert capsys.readouterr().out.strip() in out


def test_play_speaks_the_scenario_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_llm_env: None
) -> None:
    lines = ["Hej Dana, vad fick dig att ladda ner rapporten?", "/end", "Bra frågor.", "Tack."]
    piped(monkeypatch, [*lines, "Vad är era mål i år?", "/end"])
    assert main(["play", f"{SCENARIO}-sv", "--engine", "scripted"]) == 0
    out = capsys.readouterr().out
    for step in ("Omgång 1", "Hur tycker du att det gick?", "Styrka:", "Att utveckla:", "Omgång 2"):
        assert step in out


def test_play_with_the_llm_engine_streams_from_the_server(
    stub: OpenAIStub,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_llm_env: None,
) -> None:
    stub.queue("Honestly? Pressure from the board to bring in pipeline.")
    stub.queue(f"Double our qualified leads. Sorry, I have to run. {END_CALL_MARKER}")
    stub.queue("We want to double leads, sixty to a hundred and twenty a month.")
    piped(monkeypatch, [*ROUND_ONE[:2], SELF_ASSESSMENT, FEEDBACK_REPLY, ROUND_TWO[1], "/end"])
    args = ["play", SCENARIO, "--engine", "llm", "--base-url", stub.base_url, "--model", "tiny"]
    assert main(args) == 0
    out = capsys.readouterr().out
    # The call opens with the scenario's own line, as on the web; the model answers the rest.
    assert "Dana Whitfield: Dana Whitfield speaking." in out
    assert "Dana Whitfield: Honestly? Pressure from the board" in out
    assert "Dana Whitfield ended the call." in out
    assert END_CALL_MARKER not in out
    requests = stub.requests
    assert len(requests) == 3
    assert {r["model"] for r in requests} == {"tiny"}
    assert f"<candidate_message>{ROUND_ONE[0]}</candidate_message>" in str(
        requests[0]["messages"][-1]["content"]
    )
    # Round 2 starts a fresh call: nothing of round 1 is in the request.
    assert ROUND_ONE[0] not in str(requests[2]["messages"])


def test_play_offers_a_retry_when_the_llm_fails(
    stub: OpenAIStub,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_llm_env: None,
) -> None:
    monkeypatch.setenv("COACHABLE_LLM_RETRIES", "0")
    stub.queue_fault("error-500")
    # A reply that tells what the director has the prospect tell (prospect-v2), so it is kept.
    stub.queue("Honestly? Pressure from the board to bring in pipeline.")
    piped(monkeypatch, [ROUND_ONE[0], "", "/end", SELF_ASSESSMENT, "", "/end"])
    args = ["play", SCENARIO, "--engine", "llm", "--base-url", stub.base_url, "--model", "m"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "the AI model service returned an error" in out
    assert "Press Enter to try again" in out
    # The message was stored before the model failed: the retry asks for the reply again.
    assert "Dana Whitfield: Honestly? Pressure from the board to bring in pipeline." in out
    assert len(stub.requests) == 2
    assert "500" not in out


def test_play_with_llm_needs_a_model(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_llm_env: None
) -> None:
    assert main(["play", SCENARIO, "--engine", "llm"]) == 2
    assert "--model or COACHABLE_LLM_MODEL" in capsys.readouterr().err


def test_play_names_an_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "roberge-inbound"]) == 1
    assert "unknown scenario 'roberge-inbound'" in capsys.readouterr().err


# --------------------------------------------------------------------------- serve, db


def test_serve_runs_the_app_factory_with_uvicorn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.delenv("COACHABLE_BASE_URL", raising=False)
    monkeypatch.delenv("COACHABLE_HOST", raising=False)
    monkeypatch.delenv("COACHABLE_PORT", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "9123"]) == 0
    assert calls == [
        (
            ("app.main:create_app",),
            # The app reads X-Forwarded-For itself, from COACHABLE_TRUSTED_PROXIES only.
            {"factory": True, "host": "0.0.0.0", "port": 9123, "proxy_headers": False},
        )
    ]
    assert "http://127.0.0.1:9123/" in capsys.readouterr().out
    # The server process reads its host and port, and so its invite links, from the settings.
    assert Settings().base_url == "http://127.0.0.1:9123"


def test_db_upgrade_creates_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COACHABLE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COACHABLE_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert "database at head" in capsys.readouterr().out
    assert (tmp_path / "coachable.db").stat().st_size > 0
