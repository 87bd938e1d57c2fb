"""A real language model plays the prospect, end to end: `python -m bench.real_model`.

Starts the Coachable service (uvicorn, its own SQLite) with the LLM engine pointed at an
OpenAI-compatible server (`make real-model` starts llama.cpp's on loopback with a small GGUF
model from PyPI), and plays complete two-round interviews over HTTP as candidates would:
streamed replies, the model's stop sequences, the end of the call, the service's timeouts and
error handling. Then it replays each prospect reply's prompt straight against the model server
to time the model itself. Writes transcripts and a table to --out and prints the table:

  first word (service)   from a message's first byte to the first word on screen (pacing off)
  first token (model)    from the request to the model's first token; tokens/s after that
  broke persona          replies the output guard caught (speaking as the salesperson, stage
                         directions, leaked instructions) and stored replies that still do
  the director's line    stored replies that are the scripted director's own line (the guard
                         replaced the model's); the checks below judge the model's own replies
  facts volunteered      hidden facts a stored reply reveals that no question asked for
  facts withheld         hidden facts a question asked for that the stored reply did not give
  repeated               stored replies said word for word earlier in the same call
  over length            stored replies past the guard's sentence or word limit

Point it at any other endpoint (Ollama, vLLM, a hosted API) with --base-url and --model to judge
a stronger model by the same numbers. Nothing here runs in the default test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import yaml
from openai import AsyncOpenAI

from app.catalog.loader import load_catalog
from app.catalog.models import Scenario
from app.llm.engine import STOP_SEQUENCES
from app.llm.guard import Guard, Limits, Verdict
from app.llm.prompt import PROMPT_VERSION, build_messages, direct
from app.llm.reply import revealed_facts
from app.roleplay.scripted import asked_facts
from app.roleplay.transcript import Turn
from bench.clients import BenchError, Candidate, Reviewer, Said, http_client
from bench.server import Service

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = yaml.safe_load((Path(__file__).parent / "real_model.yaml").read_text(encoding="utf-8"))
SCENARIO_ID = "roberge-inbound-whitepaper"
_METRIC = re.compile(r'^coachable_(llm_guard|llm_errors)_total\{(?:event|kind)="([^"]+)"\} (\S+)$')


@dataclass
class Reply:
    """One prospect reply as the candidate saw it."""

    round: int
    said: str  # the candidate's message it answers
    text: str
    first_word: float | None
    ended_call: bool
    scripted: bool = False  # the director's own line: the guard replaced the model's
    volunteered: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    repeated: bool = False
    over_length: bool = False
    breaks_persona: list[str] = field(default_factory=list)


@dataclass
class Interview:
    """One complete two-round interview."""

    name: str
    interview_id: str
    replies: list[Reply] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rounds: list[list[dict[str, str]]] = field(default_factory=list)


async def _metrics(http: httpx.AsyncClient) -> Counter[str]:
    """The service's guard and LLM-error counters."""
    text = (await http.get("/metrics")).text
    found: Counter[str] = Counter()
    for line in text.splitlines():
        match = _METRIC.match(line)
        if match:
            found[f"{match.group(1)}:{match.group(2)}"] = int(float(match.group(3)))
    return found


async def _play(
    reviewer: Reviewer, http: httpx.AsyncClient, name: str, script: dict[str, Any]
) -> Interview:
    """Both rounds of one interview; every fault is counted, none stops the run."""
    candidate: Candidate = await reviewer.new_candidate(http, name)
    interview = Interview(name, candidate.interview_id)
    for number, key in ((1, "round_1"), (2, "round_2")):
        if number == 2:
            await candidate.post("/self-assessment", {"text": script["self_assessment"]})
        await candidate.post("/start", {"round": number})
        ended = False
        for line in script[key]:
            try:
                said = await candidate.say(line)
            except (BenchError, httpx.HTTPError) as exc:
                interview.errors.append(f"round {number}: {type(exc).__name__} {exc}")
                # The message is stored; get its reply before the next one, as a browser would.
                said = await _ask_again(candidate)
                if said is None:
                    continue
            interview.replies.append(Reply(number, line, "", said.first_token, said.round_over))
            if said.round_over:
                ended = True
                break
        if not ended:
            await candidate.post("/end-round", {"round": number})
    export = await reviewer.export(candidate.interview_id)
    interview.rounds = [r["turns"] for r in export["rounds"]]
    _attach_texts(interview)
    return interview


async def _ask_again(candidate: Candidate) -> Said | None:
    """POST /reply until the stored message has its reply (or give up after three tries)."""
    for _ in range(3):
        started = time.perf_counter()
        try:
            response = await candidate.http.post(
                candidate.base + "/reply", headers=candidate.headers
            )
        except httpx.HTTPError:
            continue
        if response.status_code == 200 and "event: done" in response.text:
            done = json.loads(response.text.split("event: done\ndata: ", 1)[1].split("\n")[0])
            return Said(time.perf_counter() - started, None, done["round_over"])
    return None


def _attach_texts(interview: Interview) -> None:
    """The stored reply texts, matched to the replies in order (the export is the truth)."""
    stored = [
        (number, turn["text"])
        for number, turns in enumerate(interview.rounds, start=1)
        for turn in turns[1:]  # the opening line is the scenario's own
        if turn["speaker"] == "prospect"
    ]
    for reply, (number, text) in zip(interview.replies, stored, strict=False):
        reply.text = text
        reply.round = number


def _check_replies(scenario: Scenario, interview: Interview) -> None:
    """Repeats on every stored reply; facts and length on the model's own replies."""
    limits = Limits()
    replies = iter(interview.replies)  # in the order of the stored replies (_attach_texts)
    for turns in interview.rounds:
        known: set[str] = set()
        for before, turn in pairwise(turns):
            if turn["speaker"] != "prospect":
                continue
            reply = next(replies, None)
            if reply is None:
                return
            reply.repeated = _said_twice(turns, turn)
            reply.scripted = turn["text"] == _director_line(scenario, turns, turn)
            facts = revealed_facts(scenario, turn["text"])
            if not reply.scripted:  # a scenario line the scripted prospect chose: nothing to judge
                asked = asked_facts(scenario, before["text"])
                reply.volunteered = sorted(facts - asked - known)
                reply.withheld = sorted(asked - facts - known)
                words = len(turn["text"].split())
                sentences = len(re.findall(r"[.!?…]+(?=\s|$)", turn["text"]))
                reply.over_length = words > limits.words or sentences > limits.sentences
            known |= facts


def _director_line(scenario: Scenario, turns: list[dict[str, str]], turn: dict[str, str]) -> str:
    """What the director (the scripted prospect) said at this point of the round."""
    position = turns.index(turn)
    before = [
        Turn(i, "prospect" if t["speaker"] == "prospect" else "candidate", t["text"])
        for i, t in enumerate(turns[:position])
    ]
    return direct(scenario, before).text


def _said_twice(turns: list[dict[str, str]], turn: dict[str, str]) -> bool:
    position = turns.index(turn)
    return any(t["speaker"] == "prospect" and t["text"] == turn["text"] for t in turns[:position])


async def _persona_breaks(guard: Guard, text: str) -> list[str]:
    """What the guard would still object to in a stored reply (it should be nothing)."""
    verdict = Verdict()

    async def source() -> Any:
        yield text

    async for _ in guard.filter(source(), verdict):
        pass
    return [p for p in verdict.problems if p in ("as-candidate", "leaked-instructions")]


async def _model_timing(
    base_url: str, model: str, scenario: Scenario, interviews: list[Interview], version: str
) -> tuple[list[float], list[float]]:
    """Each reply's prompt replayed straight at the model: first-token seconds, tokens/s."""
    client = AsyncOpenAI(base_url=base_url, api_key="unused", timeout=120, max_retries=0)
    firsts: list[float] = []
    rates: list[float] = []
    try:
        for interview in interviews:
            for stored in interview.rounds:
                turns = [
                    Turn(i, "prospect" if t["speaker"] == "prospect" else "candidate", t["text"])
                    for i, t in enumerate(stored)
                ]
                for i, turn in enumerate(turns):
                    if turn.speaker != "candidate":
                        continue
                    messages = build_messages(scenario, turns[: i + 1], version)
                    started = time.perf_counter()
                    first: float | None = None
                    tokens = 0
                    # The request the service makes: the same limit and stop sequences.
                    stream = await client.chat.completions.create(
                        model=model,
                        messages=messages,
                        max_tokens=160,
                        stop=list(STOP_SEQUENCES),
                        stream=True,
                    )
                    async for chunk in stream:
                        if chunk.choices and chunk.choices[0].delta.content:
                            tokens += 1
                            if first is None:
                                first = time.perf_counter() - started
                    total = time.perf_counter() - started
                    if first is not None:
                        firsts.append(first)
                        if tokens > 1 and total > first:
                            rates.append((tokens - 1) / (total - first))
    finally:
        await client.close()
    return firsts, rates


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:.2f}{unit}"


def _pair(summary: dict[str, Any], *keys: str) -> str:
    return " / ".join(str(summary[k]) for k in keys)


def _table(label: str, summary: dict[str, Any]) -> str:
    s = summary
    rows = [
        ("model", label),
        ("prompt", s["prompt_version"]),
        ("interviews completed (two rounds each)", f"{s['completed']}/{s['interviews']}"),
        ("prospect replies", str(s["replies"])),
        ("calls the prospect ended", str(s["calls_ended_by_prospect"])),
        ("unhandled errors / LLM errors the service handled", f"{s['errors']} / {s['llm_errors']}"),
        ("first word through the service, median", _fmt(s["first_word_s"], " s")),
        ("first token from the model, median", _fmt(s["first_token_s"], " s")),
        ("tokens per second, median", _fmt(s["tokens_per_s"])),
        ("guard: broke persona (as the salesperson, leaked instructions)", str(s["guard_persona"])),
        ("guard: repeated / off the director's script",
         _pair(s, "guard_repeated", "guard_off_script")),
        ("guard: stage directions cut / runaway stopped / cut-off dropped",
         _pair(s, "stage", "too_long", "cut_off")),
        ("guard: asked for again / replaced by the director's line",
         _pair(s, "regenerated", "fallback")),
        ("stored replies that are the director's own line", str(s["director_lines"])),
        ("model replies that still break persona", str(s["stored_breaking_persona"])),
        ("model replies: hidden facts revealed unasked", str(s["facts_volunteered"])),
        ("model replies: hidden facts asked for but not given", str(s["facts_withheld"])),
        ("stored replies repeated word for word in a call", str(s["repeated"])),
        ("model replies over the length limit", str(s["over_length"])),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    lines = [f"| {'what':<{width}} | value |", f"| {'-' * width} | ---: |"]
    lines += [f"| {name:<{width}} | {value} |" for name, value in rows]
    return "\n".join(lines)


def _transcript(interview: Interview, prospect: str) -> str:
    out = [f"# {interview.name} ({interview.interview_id})", ""]
    for number, turns in enumerate(interview.rounds, start=1):
        out += [f"## Round {number}", ""]
        for turn in turns:
            who = prospect if turn["speaker"] == "prospect" else "Candidate"
            out.append(f"**{who}:** {turn['text']}  ")
        out.append("")
    if interview.errors:
        out += ["## Errors", "", *[f"- {e}" for e in interview.errors], ""]
    return "\n".join(out)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Play the interviews, measure, write the results; returns the summary."""
    catalog = load_catalog(ROOT)
    scenario = catalog.scenario(SCENARIO_ID)
    env = {
        "COACHABLE_ENGINE": "llm",
        "COACHABLE_LLM_BASE_URL": args.base_url,
        "COACHABLE_LLM_MODEL": args.model,
        "COACHABLE_LLM_TIMEOUT": str(args.timeout),
        "COACHABLE_LLM_RETRIES": "1",
        "COACHABLE_LLM_PROMPT_VERSION": args.prompt_version,
    }
    interviews: list[Interview] = []
    with Service(**env) as service:
        async with http_client(service.url, 4) as http:
            # A reply may be asked for twice, each a slow stream on a busy CPU.
            http.timeout = httpx.Timeout(args.timeout * 10)
            reviewer = Reviewer(http)
            await reviewer.sign_in()
            before = await _metrics(http)
            for i, script in enumerate(SCRIPTS["interviews"][: args.interviews]):
                print(f"interview {i + 1}: {script['name']} ...", flush=True)
                interviews.append(await _play(reviewer, http, script["name"], script))
            counted = await _metrics(http) - before
    guard = Guard(scenario, Limits())
    for interview in interviews:
        _check_replies(scenario, interview)
        for reply in interview.replies:
            if not reply.scripted:
                reply.breaks_persona = await _persona_breaks(guard, reply.text)
    print("timing the model directly ...", flush=True)
    firsts, rates = await _model_timing(
        args.base_url, args.model, scenario, interviews, args.prompt_version
    )
    replies = [r for i in interviews for r in i.replies]
    summary: dict[str, Any] = {
        "prompt_version": args.prompt_version,
        "interviews": len(interviews),
        "completed": sum(len(i.rounds) == 2 and not i.errors for i in interviews),
        "replies": len(replies),
        "calls_ended_by_prospect": sum(r.ended_call for r in replies),
        "errors": sum(len(i.errors) for i in interviews),
        "llm_errors": sum(v for k, v in counted.items() if k.startswith("llm_errors:")),
        "first_word_s": _median([r.first_word for r in replies if r.first_word is not None]),
        "first_token_s": _median(firsts),
        "tokens_per_s": _median(rates),
        "guard": {k.split(":", 1)[1]: v for k, v in counted.items() if k.startswith("llm_guard:")},
        "director_lines": sum(r.scripted for r in replies),
        "facts_volunteered": sum(len(r.volunteered) for r in replies),
        "facts_withheld": sum(len(r.withheld) for r in replies),
        "repeated": sum(r.repeated for r in replies),
        "over_length": sum(r.over_length for r in replies),
        "stored_breaking_persona": sum(bool(r.breaks_persona) for r in replies),
    }
    guard_counts = summary["guard"]
    summary["guard_persona"] = guard_counts.get("as-candidate", 0) + guard_counts.get(
        "leaked-instructions", 0
    )
    summary["guard_repeated"] = guard_counts.get("repeated", 0)
    summary["guard_off_script"] = guard_counts.get("off-script", 0)
    summary["regenerated"] = guard_counts.get("regenerated", 0)
    summary["fallback"] = guard_counts.get("fallback", 0)
    summary["stage"] = guard_counts.get("stage-direction", 0)
    summary["too_long"] = guard_counts.get("too-long", 0)
    summary["cut_off"] = guard_counts.get("cut-off", 0)
    out = Path(args.out)
    (out / "transcripts").mkdir(parents=True, exist_ok=True)
    table = _table(args.label or args.model, summary)
    (out / "table.md").write_text(table + "\n", encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(
            {"summary": summary, "interviews": [asdict(i) for i in interviews]},
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    for n, interview in enumerate(interviews, start=1):
        text = _transcript(interview, scenario.persona.name)
        (out / "transcripts" / f"interview-{n}.md").write_text(text, encoding="utf-8")
    print(table)
    print(f"\ntranscripts and results.json in {out}/")
    return summary


def main(argv: list[str]) -> int:
    """Parse the arguments and run; exit 1 when an interview did not complete."""
    parser = argparse.ArgumentParser(prog="python -m bench.real_model", description=__doc__)
    parser.add_argument("--base-url", required=True, help="the model server, e.g. .../v1")
    parser.add_argument("--model", required=True, help="the model name the server expects")
    parser.add_argument("--label", default="", help="the model's name in the table")
    parser.add_argument("--prompt-version", default=PROMPT_VERSION)
    parser.add_argument("--interviews", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0, help="per model call, seconds")
    parser.add_argument("--out", default=str(ROOT / "bench-results" / "real-model"))
    args = parser.parse_args(argv)
    summary = asyncio.run(run(args))
    return 0 if summary["completed"] == summary["interviews"] and not summary["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
