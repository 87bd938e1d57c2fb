"""Running the judge n times on one part: ask, read, prove, summarise.

`ask` is whatever sends one request to a model (app.llm.judge.LLMJudge.ask in the service and
the CLI, a plain function in tests); this module never talks to a network itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.judge.combine import summarise
from app.judge.models import Call, JudgeInput, Judgement, RuleReading, Run
from app.judge.parse import read_answer
from app.judge.prove import prove

Ask = Callable[[JudgeInput], Awaitable[Call]]


def read_run(call: Call, judge_input: JudgeInput, reading: RuleReading) -> Run:
    """One call's answer read and proven."""
    return Run(call, prove(read_answer(call, judge_input), judge_input, reading))


async def ask_runs(ask: Ask, judge_input: JudgeInput, reading: RuleReading, runs: int) -> list[Run]:
    """Ask the judge `runs` times, one call after another, each answer read and proven."""
    return [read_run(await ask(judge_input), judge_input, reading) for _ in range(max(1, runs))]


async def judge_part(
    ask: Ask,
    judge_input: JudgeInput,
    reading: RuleReading,
    *,
    runs: int,
    model: str,
    prompt_version: str,
) -> Judgement:
    """Ask the judge `runs` times and keep what stands."""
    done = await ask_runs(ask, judge_input, reading, runs)
    return summarise(judge_input, reading, done, model=model, prompt_version=prompt_version)
