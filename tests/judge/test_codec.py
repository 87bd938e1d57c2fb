"""A judgement survives the trip to the database's JSON and back."""

from __future__ import annotations

import json

from app.catalog.loader import Catalog
from app.judge.codec import judgement_from_json, judgement_to_json
from app.judge.combine import summarise
from app.judge.models import Call
from app.judge.run import read_run
from tests.judge.helpers import answer, golden_review, golden_round


def test_round_and_self_assessment_judgements_round_trip(catalog: Catalog) -> None:
    for judge_input, reading, _ in (
        golden_round(catalog, "star-01"),
        golden_review(catalog, "star-01"),
    ):
        runs = [
            read_run(answer(judge_input, {c: 1 for c in reading.levels}), judge_input, reading),
            read_run(Call(text="{broken"), judge_input, reading),
        ]
        judgement = summarise(judge_input, reading, runs, model="m", prompt_version="judge-v1")
        stored = json.loads(json.dumps(judgement_to_json(judgement)))
        assert judgement_from_json(stored) == judgement
