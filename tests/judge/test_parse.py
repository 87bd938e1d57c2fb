"""The judge's answer is read field by field; what cannot be read is a problem, not a guess."""

from __future__ import annotations

import json

from app.catalog.loader import Catalog
from app.judge.models import Call
from app.judge.parse import MAX_REASON_CHARS, read_answer
from tests.judge.helpers import golden_round


def _read(catalog: Catalog, text: str, finish: str = "stop") -> dict[str, tuple[object, ...]]:
    judge_input, _, _ = golden_round(catalog, "star-01")
    opinions = read_answer(Call(text=text, finish_reason=finish), judge_input)
    return {o.criterion: (o.level, o.problem, len(o.quotes)) for o in opinions}


def test_a_well_formed_answer_in_a_code_fence_after_a_sentence(catalog: Catalog) -> None:
    body = {
        "criteria": [
            {
                "criterion": "opening",
                "level": 4,
                "quotes": [{"line": 2, "text": "Hi"}],
                "reason": "x",
            }
        ]
    }
    text = "Here is my judgement:\n```json\n" + json.dumps(body) + "\n```"
    read = _read(catalog, text)
    assert read["opening"] == (4, None, 1)
    assert read["listening"] == (None, "missing", 0)


def test_other_shapes_and_field_names_models_use(catalog: Catalog) -> None:
    body = {
        "opening": {"score": "5", "evidence": [{"turn": "#2", "quote": "Hi"}], "reason": "x"},
        "Listening": {"level": 2.0, "quotes": {"line": 3, "text": "yes"}, "reason": "y"},
    }
    read = _read(catalog, json.dumps(body))
    assert read["opening"] == (5, None, 1)
    assert read["listening"] == (2, None, 1)


def test_levels_outside_one_to_five_or_not_whole_are_problems(catalog: Catalog) -> None:
    items = [
        {"criterion": "opening", "level": 6, "quotes": [{"line": 2, "text": "Hi"}]},
        {"criterion": "listening", "level": 3.5, "quotes": [{"line": 2, "text": "Hi"}]},
        {"criterion": "preparation", "level": True, "quotes": [{"line": 2, "text": "Hi"}]},
        {"criterion": "goal-discovery", "level": 3, "quotes": []},
        {"criterion": "open-questions", "level": 3, "quotes": ["What prompted you"]},
    ]
    read = _read(catalog, json.dumps({"criteria": items}))
    assert read["opening"][1] == read["listening"][1] == read["preparation"][1] == "bad-level"
    assert read["goal-discovery"][1] == "no-quote"
    assert read["open-questions"][1] == "quote-not-found"  # a quote with no line to check it at


def test_malformed_and_truncated_answers(catalog: Catalog) -> None:
    assert {p for _, p, _ in _read(catalog, "I think the call went well.").values()} == {
        "malformed"
    }
    cut = '{"criteria": [{"criterion": "opening", "level": 4, "quotes": [{"line": 2, "te'
    assert {p for _, p, _ in _read(catalog, cut, "length").values()} == {"truncated"}
    assert {p for _, p, _ in _read(catalog, "").values()} == {"malformed"}


def test_a_failed_call_is_unavailable_for_every_criterion(catalog: Catalog) -> None:
    judge_input, _, _ = golden_round(catalog, "star-01")
    opinions = read_answer(Call(failure="timeout"), judge_input)
    assert {(o.problem, o.detail) for o in opinions} == {("unavailable", "timeout")}
    assert len(opinions) == len(judge_input.criteria)


def test_the_reason_is_one_line_and_bounded(catalog: Catalog) -> None:
    judge_input, _, _ = golden_round(catalog, "star-01")
    item = {
        "criterion": "opening",
        "level": 3,
        "quotes": [{"line": 2, "text": "Hi"}],
        "reason": "Long\nreason " * 100,
    }
    (opinion, *_) = read_answer(Call(text=json.dumps({"criteria": [item]})), judge_input)
    assert "\n" not in opinion.reason and len(opinion.reason) <= MAX_REASON_CHARS
