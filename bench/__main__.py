"""`python -m bench [--quick] [--runs N]`: the benchmark suite; prints tables, writes JSON."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import signal
import statistics
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.clients import (
    LINES,
    Reviewer,
    direct_first_token,
    gather_limited,
    http_client,
    run_load,
)
from bench.core import core_figures, score_session_ms
from bench.server import LLMStubProcess, PostgresDatabase, Service, rss_kb
from bench.stats import summary_ms

RESULTS_DIR = Path("bench-results")


@dataclass(frozen=True)
class Plan:
    """How much load, for how long."""

    levels: tuple[int, ...]  # concurrent interviews, scripted engine
    seconds: float  # per load level
    interval: float  # between one candidate's messages
    llm_levels: tuple[int, ...]
    llm_delay: float  # the stub's own wait before its first token
    report_repeats: int
    finished: int  # interviews played to the end for the memory run
    core_repeats: int


FULL = Plan((1, 50, 200), 20.0, 2.0, (1, 50), 0.2, 30, 600, 50)
QUICK = Plan((1, 4), 1.5, 0.5, (1, 3), 0.05, 5, 4, 5)


@contextlib.asynccontextmanager
async def peak_rss(pid: int, into: list[int]) -> AsyncIterator[None]:
    """Sample a process's RSS every 0.2 s while the block runs; append the peak to `into`."""
    peak = rss_kb(pid)

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, rss_kb(pid))
            await asyncio.sleep(0.2)

    task = asyncio.create_task(sample())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        into.append(max(peak, rss_kb(pid)))


async def load_levels(
    service: Service, levels: tuple[int, ...], plan: Plan, runs: int, peaks: list[int]
) -> list[dict[str, Any]]:
    """Each load level `runs` times; per level the median of each figure over the runs."""
    rows = []
    for level in levels:
        per_run = []
        for run in range(runs):
            async with peak_rss(service.pid, peaks):
                result = await run_load(
                    service.url, level, plan.seconds, plan.interval, run + 1, service.pid
                )
                cpu = result.server_cpu_seconds
            per_run.append(
                {
                    **summary_ms(result.seconds),
                    "errors": len(result.errors),
                    "server_cpu_ms_per_message": round(1000 * cpu / max(1, len(result.seconds)), 2),
                    "_r": result,
                }
            )
        rows.append(_median_row(level, per_run))
    return rows


def _median_row(level: int, per_run: list[dict[str, Any]]) -> dict[str, Any]:
    row: dict[str, Any] = {"interviews": level, "runs": len(per_run)}
    for key in (
        "count",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "errors",
        "server_cpu_ms_per_message",
        "after_stored_p50_ms",
        "after_stored_p95_ms",
    ):
        if key in per_run[0]:
            row[key] = round(statistics.median(r[key] for r in per_run), 2)
    row["error_samples"] = sorted({e for r in per_run for e in r["_r"].errors})[:5]
    return row


async def scripted_section(
    plan: Plan, runs: int, database_url: str = "", workers: int = 1
) -> dict[str, Any]:
    """Scripted engine load at each level on one database."""
    with Service(database_url, workers) as service:
        idle = rss_kb(service.pid)
        peaks: list[int] = []
        rows = await load_levels(service, plan.levels, plan, runs, peaks)
    level = max(plan.levels)
    # Interviews live in the database, not in the process: this is what in-flight requests,
    # connections and caches cost at the largest level.
    return {
        "levels": rows,
        "memory": {
            "interviews": level,
            "rss_kb_idle": idle,
            "rss_kb_peak_active": peaks[-1],
            "kb_per_active_interview": round((peaks[-1] - idle) / level, 1),
        },
    }


async def llm_section(plan: Plan, runs: int) -> dict[str, Any]:
    """Time to first token through the service, over the stub's own first-token delay."""
    replies = 2 * sum(plan.llm_levels) * (int(plan.seconds / plan.interval) + 2) * runs + 100
    with LLMStubProcess(plan.llm_delay, replies) as stub:
        env = {
            "COACHABLE_ENGINE": "llm",
            "COACHABLE_LLM_BASE_URL": stub.base_url,
            "COACHABLE_LLM_MODEL": "stub-model",
            "COACHABLE_LLM_RETRIES": "0",
            # prospect-v1: the stub says the same kind of line whatever was asked, which the
            # director of prospect-v2 would (rightly) reject and replace; the section measures
            # the service's own time on the LLM path, not the stub's acting.
            "COACHABLE_LLM_PROMPT_VERSION": "prospect-v1",
        }
        direct: list[float] = []
        with Service(**env) as service:
            rows = []
            for level in plan.llm_levels:
                per_run = []
                for run in range(runs):
                    # The stub's own cost over its delay (HTTP, JSON, threads), asked directly by
                    # a probe that talks at the candidates' pace during the same run: not the
                    # service's, so it is taken off the figures below.
                    probes = int(plan.seconds / plan.interval)
                    result, probed = await asyncio.gather(
                        run_load(service.url, level, plan.seconds, plan.interval, run + 1),
                        direct_first_token(stub.base_url, probes, plan.interval),
                    )
                    own_times = [t - plan.llm_delay for t in probed]
                    direct += own_times
                    own = statistics.median(own_times)
                    # From the message's first byte, as the candidate waits for the prospect.
                    overhead = [t - plan.llm_delay - own for t in result.first_tokens]
                    # From the message's `message` event (stored): what the service adds around
                    # the model call alone.
                    after_stored = summary_ms(
                        [t - plan.llm_delay - own for t in result.reply_first_tokens]
                    )
                    per_run.append(
                        {
                            **summary_ms(overhead),
                            "after_stored_p50_ms": after_stored["p50_ms"],
                            "after_stored_p95_ms": after_stored["p95_ms"],
                            "errors": len(result.errors),
                            "_r": result,
                        }
                    )
                rows.append(_median_row(level, per_run))
    return {
        "stub_first_token_delay_ms": plan.llm_delay * 1000,
        "stub_own_overhead_ms": summary_ms(direct),
        "overhead": rows,
    }


def _growth(checkpoints: list[tuple[int, int]]) -> float:
    """KB of RSS added per finished interview between the first and last checkpoint."""
    (first_n, first_kb), (last_n, last_kb) = checkpoints[0], checkpoints[-1]
    return round((last_kb - first_kb) / (last_n - first_n), 2) if last_n > first_n else 0.0


async def report_and_memory_section(plan: Plan) -> dict[str, Any]:
    """GET report timings, score_session in-process, and RSS over many finished interviews."""
    with Service() as service:
        async with http_client(service.url, 24) as http:
            reviewer = Reviewer(http)
            await reviewer.sign_in()
            lines = LINES[:6]
            before = rss_kb(service.pid)

            candidate = await reviewer.new_candidate(http, "Report")
            await candidate.finish_interview(lines)
            timings = []
            for _ in range(plan.report_repeats + 1):
                started = time.perf_counter()
                await reviewer.report(candidate.interview_id)
                timings.append(time.perf_counter() - started)
            report = summary_ms(timings[1:])
            session = await reviewer.export(candidate.interview_id)

            checkpoints: list[tuple[int, int]] = [(0, rss_kb(service.pid))]
            batch = max(1, plan.finished // 6)
            done = 0
            while done < plan.finished:
                size = min(batch, plan.finished - done)

                async def play(i: int) -> None:
                    c = await reviewer.new_candidate(http, f"Long run {i}")
                    await c.finish_interview(lines[:4])

                await gather_limited([lambda i=i: play(i) for i in range(done, done + size)], 20)
                done += size
                checkpoints.append((done, rss_kb(service.pid)))
    return {
        "report_get": report,
        "score_session_ms": score_session_ms(session, plan.core_repeats),
        "session_turns": [len(r["turns"]) for r in session["rounds"]],
        "rss_kb_at_start": before,
        "rss_kb_by_finished_interviews": checkpoints,
        # The first batch warms caches and the allocator; growth is measured after it, and
        # over the second half alone (flat memory shows as ~0 there).
        "growth_kb_per_finished_interview": _growth(checkpoints[1:]),
        "growth_kb_per_finished_interview_second_half": _growth(
            checkpoints[len(checkpoints) // 2 :]
        ),
    }


async def postgres_section(plan: Plan, runs: int, workers: int = 1) -> dict[str, Any]:
    """The scripted load levels on a fresh PostgreSQL database (dropped afterwards)."""
    server = os.environ.get("COACHABLE_TEST_POSTGRES_URL", "")
    if not server:
        return {"skipped": "COACHABLE_TEST_POSTGRES_URL is not set"}
    database = PostgresDatabase(server)
    url = await database.create()
    try:
        return await scripted_section(plan, runs, url, workers)
    finally:
        await database.drop()


def _fmt(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def print_table(title: str, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """A plain text table."""
    print(f"\n{title}")
    cells = [keys] + [[_fmt(r.get(k, "")) for k in keys] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(keys))]
    for line in cells:
        print("  " + "  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)))


def _usable(name: str, section: dict[str, Any]) -> bool:
    """Whether a section has numbers; prints why not."""
    for why in ("skipped", "failed"):
        if why in section:
            print(f"\n{name}: {why} ({section[why]})")
            return False
    return True


def print_results(results: dict[str, Any]) -> None:
    """Everything measured, as tables."""
    load = ["interviews", "runs", "count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors"]
    for db in ("sqlite", "postgres"):
        title = f"scripted engine on {db}: message -> complete reply"
        if _usable(title, section := results["scripted"][db]):
            print_table(title, section["levels"], [*load, "server_cpu_ms_per_message"])
    title = "LLM path: first token through the service minus the stub's own time"
    if _usable(title, llm := results["llm"]):
        own = llm["stub_own_overhead_ms"]["p50_ms"]
        title += f" ({llm['stub_first_token_delay_ms']:.0f} ms delay + {own} ms)"
        print_table(title, llm["overhead"], [*load, "after_stored_p50_ms", "after_stored_p95_ms"])
    title = "full report of a two-round interview (GET)"
    if _usable(title, report := results["report"]):
        print_table(title, [report["report_get"]], load[2:6])
        print(f"  score_session in-process: {report['score_session_ms']} ms (median)")
        checkpoints = ", ".join(f"{n}: {kb}" for n, kb in report["rss_kb_by_finished_interviews"])
        print("\nmemory over finished interviews (server RSS, SQLite)")
        print(f"  KB after N finished interviews: {checkpoints}")
        growth = report["growth_kb_per_finished_interview"]
        late = report["growth_kb_per_finished_interview_second_half"]
        print(f"  growth per finished interview: {growth} KB (second half: {late} KB)")
    sqlite = results["scripted"]["sqlite"]
    if "memory" in sqlite:
        memory = sqlite["memory"]
        print(f"\nmemory with {memory['interviews']} active interviews (server RSS, SQLite)")
        print(f"  idle {memory['rss_kb_idle']} KB, peak {memory['rss_kb_peak_active']} KB:")
        print(f"  {memory['kb_per_active_interview']} KB per active interview")
    if _usable("core (in-process)", core := results["core"]):
        print("\ncore (in-process, median)")
        print(f"  score_round, 40 turns: {core['score_round_40_turns_ms']} ms")
        reply = f"{core['scripted_reply_ms']} ms (p95 {core['scripted_reply_p95_ms']})"
        print(f"  scripted reply: {reply}")


def _clean(value: Any) -> Any:
    """Drop the raw per-run results (keys starting with _) before writing JSON."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


SECTIONS = ("core", "scripted/sqlite", "scripted/postgres", "llm", "report")


async def run(
    plan: Plan,
    runs: int,
    postgres: bool,
    save: Callable[[dict[str, Any]], None],
    only: frozenset[str] = frozenset(SECTIONS),
    workers: int = 1,
) -> dict[str, Any]:
    """The sections asked for, one after the other (never two loads at once); saved after each."""
    sections: list[tuple[str, Callable[[], Any]]] = [
        ("core", lambda: asyncio.to_thread(core_figures, plan.core_repeats)),
        ("scripted/sqlite", lambda: scripted_section(plan, runs, workers=workers)),
        ("scripted/postgres", lambda: postgres_section(plan, runs, workers)),
        ("llm", lambda: llm_section(plan, runs)),
        ("report", lambda: report_and_memory_section(plan)),
    ]
    results: dict[str, Any] = {"scripted": {}}
    for name, section in sections:
        if name not in only:
            value: Any = {"skipped": "not asked for (--only)"}
        elif name == "scripted/postgres" and not postgres:
            value = {"skipped": "not asked for (--postgres)"}
        else:
            print(f"... {name}", flush=True)
            try:
                value = await section()
            except Exception as exc:  # one broken section must not lose the others' numbers
                value = {"failed": f"{type(exc).__name__}: {exc}"}
                print(f"    failed: {value['failed']}", flush=True)
        if name.startswith("scripted/"):
            results["scripted"][name.split("/")[1]] = value
        else:
            results[name] = value
        save(results)
    return results


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Parse the options, run, print, write bench-results/<time>.json."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short smoke run (~15 s)")
    parser.add_argument("--runs", type=int, default=1, help="repeat each load level; medians")
    parser.add_argument(
        "--postgres",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also on PostgreSQL (default: yes when COACHABLE_TEST_POSTGRES_URL is set, "
        "except with --quick)",
    )
    parser.add_argument("--out", type=Path, help="JSON file (default: bench-results/<time>.json)")
    parser.add_argument(
        "--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="run these sections"
    )
    parser.add_argument(
        "--levels", help="scripted load levels, comma-separated (default: 1,50,200)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes for the scripted runs"
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    if args.levels:
        plan = replace(plan, levels=tuple(int(n) for n in args.levels.split(",")))
    postgres = args.postgres if args.postgres is not None else not args.quick
    started = datetime.now(UTC)
    out = args.out or RESULTS_DIR / f"{started:%Y%m%dT%H%M%SZ}{'-quick' if args.quick else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "started": started.isoformat(timespec="seconds"),
        "quick": args.quick,
        "runs": args.runs,
        "workers": args.workers,
        "plan": asdict(plan),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }

    def save(results: dict[str, Any]) -> None:
        meta["seconds"] = round((datetime.now(UTC) - started).total_seconds(), 1)
        data = {**_clean(results), "meta": meta}
        out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    # SIGTERM (timeout, CI) unwinds like Ctrl-C: servers stopped, the bench database dropped.
    signal.signal(signal.SIGTERM, _interrupt)
    runs = max(1, args.runs)
    only = frozenset(args.only)
    results = _clean(asyncio.run(run(plan, runs, postgres, save, only, max(1, args.workers))))
    print_results(results)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
