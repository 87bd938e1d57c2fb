"""`coachable judge-eval` end to end: a labelled set, the stub server as the judge's model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from app.catalog.loader import REPO_ROOT
from app.cli import main
from tests.llm.judge_stub import GullibleJudge
from tests.llm.openai_stub import OpenAIStub

DEV = REPO_ROOT / "tests" / "golden" / "dev"


def small_set(root: Path, name: str, ids: list[str]) -> Path:
    """A labelled set of a few of the dev set's sessions, in a folder called `name`."""
    target = root / name
    (target / "sessions").mkdir(parents=True)
    labels = yaml.safe_load((DEV / "labels.yaml").read_text("utf-8"))
    labels["sessions"] = {k: v for k, v in labels["sessions"].items() if k in ids}
    (target / "labels.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), "utf-8")
    for session in ids:
        shutil.copy(DEV / "sessions" / f"{session}.json", target / "sessions")
    return target


IDS = ["d01-pitch-tornado", "d02-checklist-carla", "d03-quiet-sam"]


def test_judge_eval_prints_agreement_quotes_spread_and_cost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = small_set(tmp_path, "mine", IDS)
    with OpenAIStub(responder=GullibleJudge(honest={"listening": 2})) as stub:
        status = main(
            [
                "judge-eval",
                "--base-url",
                stub.base_url,
                "--model",
                "stub",
                "--runs",
                "2",
                str(labelled),
            ]
        )
        requests = len(stub.requests)
    out, err = capsys.readouterr()
    assert status == 0, err
    # Every labelled round and labelled self-assessment, twice.
    assert requests % 2 == 0 and requests >= 2 * len(IDS)
    assert "judge-eval: model stub at" in out and "2 run(s) per item" in out
    header = next(line for line in out.splitlines() if line.startswith("criterion"))
    assert "Spearman rules/judge/comb" in header and "exact" in header and "within one" in header
    assert "listening" in out and "all criteria" in out
    assert "quote-failure rate 0%" in out
    assert "spread over 2 runs" in out
    assert f"cost: {requests} calls (0 failed)" in out and "tokens" in out
    assert "judge-eval: mine 1/3 d01-pitch-tornado" in err  # progress goes to stderr


def test_judge_eval_as_json_and_a_frozen_split_names_no_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frozen = small_set(tmp_path, "test-mine", IDS[:1])
    with OpenAIStub(responder=GullibleJudge()) as stub:
        status = main(
            [
                "judge-eval",
                "--base-url",
                stub.base_url,
                "--model",
                "stub",
                "--format",
                "json",
                str(frozen),
            ]
        )
    out, err = capsys.readouterr()
    assert status == 0, err
    data = json.loads(out)["test-mine"]
    assert data["model"] == "stub" and data["prompt_version"] == "judge-v1"
    assert data["cost"]["calls"] >= 1 and data["quotes"]["not_found"] == 0
    assert {row["criterion"] for row in data["criteria"]} >= {"listening", "all criteria"}
    assert "d01" not in err and "(frozen)" in err


def test_judge_eval_refuses_what_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["judge-eval", "--base-url", "http://x/v1", "--model", "m", str(tmp_path)]) == 2
    assert "not a labelled set" in capsys.readouterr().err
    labelled = small_set(tmp_path, "mine", IDS[:1])
    assert (
        main(
            [
                "judge-eval",
                "--base-url",
                "http://x/v1",
                "--model",
                "m",
                "--runs",
                "0",
                str(labelled),
            ]
        )
        == 2
    )
    assert "--runs must be 1 or more" in capsys.readouterr().err


def test_a_model_that_cannot_be_reached_is_counted_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = small_set(tmp_path, "mine", IDS[:1])
    with OpenAIStub() as stub:
        for _ in range(10):
            stub.queue_fault("error-500")
        status = main(["judge-eval", "--base-url", stub.base_url, "--model", "m", str(labelled)])
    out, _ = capsys.readouterr()
    assert status == 0
    assert "failed)" in out and "unavailable" in out
