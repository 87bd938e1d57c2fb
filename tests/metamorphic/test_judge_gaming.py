"""The gaming kinds against the LLM judge: a judge fooled by them must not move its levels.

Every raise-nothing transformation over every weak labelled round goes to the stub server,
which plays a gullible judge: it believes exactly the words the transformation added (or
rewrote), rates every criterion 5 and quotes those words at the lines they are on, every one of
them. Its quotes are real, so quote proof alone would let it through; what holds it is the
anchor to the rules: a level above the rules' must rest on words the rules give weight, and the
rules give hollow words none. That is checked wherever the rules themselves hold (the
metamorphic property of the same case and criterion); where the rules are fooled too, the
scorer's own suite fails, and the judge can be fooled no further than they are.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import AsyncIterator, Iterator, Sequence

import pytest

from app.catalog.loader import Catalog
from app.judge.build import round_input
from app.judge.models import Call, JudgeInput, Judgement, RuleReading
from app.judge.parse import read_answer
from app.judge.prove import check_quotes
from app.judge.run import judge_part
from app.llm import make_client
from app.llm.judge import LLMJudge, defuse
from app.report import score_session
from app.session_file import SessionFile
from tests.llm.judge_stub import GullibleJudge
from tests.llm.openai_stub import OpenAIStub
from tests.metamorphic.cases import RAW_TOLERANCE, Case, build_cases, evaluate, suite_sets
from tests.metamorphic.transforms import KINDS, Turn

pytestmark = pytest.mark.metamorphic

CASES = [c for c in build_cases(suite_sets()) if c.kind.family == "raise-nothing"]
GAMING = [k.name for k in KINDS if k.family == "raise-nothing"]


def _inserted(before: str, after: str) -> list[str]:
    """What `after` adds to `before`, word for word: inserted runs and changed words
    ("plenty." -> "plenty?" is the change a judge fooled by question marks would point at)."""
    old, new = before.split(), after.split()
    found: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, _, _, j1, j2 in matcher.get_opcodes():
        if op in ("insert", "replace"):
            found.append(" ".join(new[j1:j2]))
    return [f for f in found if sum(c.isalnum() for c in f) >= 4]


def material(reference: Sequence[Turn], transformed: Sequence[Turn]) -> list[tuple[int, str]]:
    """The words the transformation added, as (line number, text) in the transformed round."""
    said = [t["text"] for t in reference if t["speaker"] == "candidate"]
    found: list[tuple[int, str]] = []
    for index, turn in enumerate(transformed):
        if turn["speaker"] != "candidate":
            continue
        if len(reference) == len(transformed):
            before = reference[index]["text"]
        elif any(turn["text"] in s for s in said):
            continue
        else:  # a turn split into pieces: compare with the turn it came from
            before = max(said, key=lambda s: difflib.SequenceMatcher(None, s, turn["text"]).ratio())
        if before != turn["text"]:
            found += [(index + 1, defuse(text)) for text in _inserted(before, turn["text"])]
    return found


def judge_input_of(
    case: Case, turns: Sequence[Turn], catalog: Catalog
) -> tuple[JudgeInput, RuleReading]:
    """The judge's input and rule reading for one version of the case's round."""
    session: dict[str, object] = {"scenario": case.scenario, "rounds": [{"turns": list(turns)}]}
    if case.rubric:
        session["rubric"] = case.rubric
    report = score_session(SessionFile.model_validate(session), catalog)
    found = report.rounds[0]
    scenario = catalog.scenarios.get(case.scenario)
    return round_input("round1", report.rubric, found.turns, found.score, scenario)


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    """One stub server for the module."""
    with OpenAIStub() as server:
        yield server


@pytest.fixture
async def judge(stub: OpenAIStub) -> AsyncIterator[LLMJudge]:
    """The real judge client pointed at the stub."""
    found = LLMJudge(make_client(stub.base_url, None, timeout=5.0, max_retries=0), "gullible")
    yield found
    await found.aclose()


async def _judged(judge: LLMJudge, judge_input: JudgeInput, reading: RuleReading) -> Judgement:
    return await judge_part(
        judge.ask, judge_input, reading, runs=1, model=judge.model, prompt_version=judge.version
    )


@pytest.mark.parametrize("kind", GAMING)
async def test_a_gaming_kind_never_moves_the_judge(
    kind: str, catalog: Catalog, stub: OpenAIStub, judge: LLMJudge
) -> None:
    cases = [c for c in CASES if c.kind.name == kind]
    checked = 0
    for case in cases:
        gains = evaluate(case).raw_gains()
        held = {c for c, gain in gains.items() if gain <= RAW_TOLERANCE}
        clean_input, clean_reading = judge_input_of(case, case.reference(), catalog)
        honest = dict(clean_reading.levels)
        stub.responder = GullibleJudge(honest=honest)
        clean = await _judged(judge, clean_input, clean_reading)
        judge_input, reading = judge_input_of(case, case.transformed(), catalog)
        added = material(case.reference(), case.transformed())
        assert added, case.id
        fooled = GullibleJudge(fooled_at=added, honest=honest)
        stub.responder = fooled
        gamed = await _judged(judge, judge_input, reading)
        answer = fooled.answers[-1]
        assert {item["level"] for item in answer["criteria"].values()} == {5}, case.id
        # Its quotes are real: quote proof alone would not have stopped it.
        lines = {line.number: line for line in judge_input.lines}
        for opinion in read_answer(Call(text=json.dumps(answer)), judge_input):
            assert check_quotes(opinion, lines).stands, (case.id, opinion)
        for verdict in gamed.verdicts:
            if verdict.criterion not in held:
                continue
            checked += 1
            before = clean.verdict(verdict.criterion)
            assert before is not None and before.judge_level is not None
            assert verdict.judge_level is None or verdict.judge_level <= before.judge_level, (
                case.id,
                verdict,
            )
    assert checked, f"{kind}: the rules held on no criterion, so nothing was checked"
