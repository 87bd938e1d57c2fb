"""The `coachable` command: the catalog, an interview in the terminal, scoring, the service."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

import yaml
from pydantic import ValidationError

from app.catalog.loader import (
    FOLDERS,
    REPO_ROOT,
    Catalog,
    CatalogErrors,
    UnknownItem,
    catalog_json_schema,
    load_catalog,
    validate_paths,
)
from app.catalog.models import Rubric, Scenario
from app.coaching.coach import pick_coaching
from app.coaching.models import Coaching, CoachingPoint
from app.config import Settings
from app.judge.evaluation import EvalItem, Tally, evaluate_item, merge_tally, read_out
from app.judge.evaluation import as_json as evaluation_json
from app.llm import LLMEngine, LLMUnavailable, clean_reply, make_client
from app.llm.judge import JUDGE_PROMPT_VERSION, RESPONSE_FORMATS, LLMJudge
from app.report import report_as_json, report_as_text, score_session
from app.roleplay.engine import ProspectEngine, ProspectReply
from app.roleplay.scripted import ScriptedEngine
from app.roleplay.transcript import Turn, candidate_turns
from app.scoring.score import score_round
from app.session_file import SessionCoaching, SessionFile, SessionRound, SessionTurn

if TYPE_CHECKING:
    from app.flows import Rescored

END_COMMAND = "/end"


@cache
def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(
        (Path(__file__).parent / "cli_texts.yaml").read_text(encoding="utf-8")
    )
    return data


class Terminal:
    """Line-based input and output; works the same on a TTY and on piped stdin."""

    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        # Piped answers are not echoed by a terminal, so echo them to keep the output readable.
        self.echo = not stdin.isatty()
        self.language = "en"

    def text(self, key: str, **values: str) -> str:
        """A line of the interview in the scenario's language, with its placeholders filled."""
        texts = _texts()
        return texts.get(self.language, texts["en"])[key].format(end=END_COMMAND, **values)

    def say(self, text: str = "") -> None:
        """Print a line."""
        print(text, file=self.stdout, flush=True)

    def error(self, text: str) -> None:
        """Print a line to stderr."""
        print(text, file=self.stderr, flush=True)

    def write(self, text: str) -> None:
        """Print without a newline, at once (for streamed replies)."""
        self.stdout.write(text)
        self.stdout.flush()

    def ask(self, prompt: str) -> str | None:
        """Read one line after a prompt; None at the end of input."""
        if not self.echo and self.stdin is sys.stdin and self.stdout is sys.stdout:
            # At a real terminal, input() gives line editing and history (with readline).
            try:
                return input(prompt).strip()
            except EOFError:
                self.say()
                return None
        self.write(prompt)
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        if self.echo:
            self.say(line.rstrip("\n"))
        return line.strip()


# --------------------------------------------------------------------------- validate, schema


def _catalog_root() -> Path:
    return Path(os.environ.get("COACHABLE_CATALOG_DIR") or REPO_ROOT)


def _yaml_files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"})
        else:
            found.append(path)
    return found


def _is_rubric(path: Path) -> bool:
    if path.parent.name in FOLDERS:
        return FOLDERS[path.parent.name] == "rubric"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "criteria" in data


def run_validate(paths: Sequence[str], term: Terminal) -> int:
    """Check scenario and rubric files (default: the whole catalog); print a count or the errors."""
    root = _catalog_root()
    targets = [Path(p) for p in paths] or [root / "scenarios", root / "rubrics"]
    errors = validate_paths(targets)
    for error in errors:
        term.error(str(error))
    if errors:
        return 1
    files = _yaml_files(targets)
    rubrics = sum(1 for f in files if _is_rubric(f))
    term.say(f"ok: {len(files) - rubrics} scenarios, {rubrics} rubrics")
    return 0


def run_schema(kind: str | None, term: Terminal) -> int:
    """Print the JSON Schema of scenario and rubric files, or of one of them."""
    schema = catalog_json_schema()
    term.say(json.dumps(schema[kind] if kind else schema, indent=2, ensure_ascii=False))
    return 0


def run_scenarios(catalog: Catalog, term: Terminal) -> int:
    """List the scenarios: id, language, kind and title."""
    width = max((len(s) for s in catalog.scenarios), default=0)
    for scenario in sorted(catalog.scenarios.values(), key=lambda s: s.id):
        term.say(
            f"{scenario.id:<{width}}  {scenario.language}  {scenario.kind:<9}  {scenario.title}"
        )
    return 0


# --------------------------------------------------------------------------- score


def _invalid_session(error: ValidationError) -> str:
    problems = [
        f"{'.'.join(str(part) for part in e['loc']) or 'file'}: {e['msg']}"
        for e in error.errors()[:3]
    ]
    return "not a session file (" + "; ".join(problems) + ")"


def run_score(files: Sequence[str], output: str, catalog: Catalog, term: Terminal) -> int:
    """Score session files; print a text report or one JSON line each; bad files go to stderr."""
    failed = False
    for number, name in enumerate(files):
        try:
            raw = term.stdin.read() if name == "-" else Path(name).read_bytes()
            session = SessionFile.model_validate_json(raw)
            report = score_session(session, catalog)
        except OSError as exc:
            problem = f"cannot read the file ({exc.strerror or exc})"
        except ValidationError as exc:
            problem = _invalid_session(exc)
        except (UnknownItem, ValueError) as exc:  # an unknown rubric, a coaching id it lacks
            problem = str(exc)
        else:
            if output == "json":
                # Each line names the file it scored, so lines of many files can be told apart.
                line = {"file": name, **report_as_json(report)}
                term.say(json.dumps(line, ensure_ascii=False))
            else:
                if len(files) > 1:
                    term.say(("\n" if number else "") + f"==> {name} <==")
                term.say(report_as_text(report))
            continue
        term.error(f"coachable: {name}: {problem}")
        failed = True
    return 1 if failed else 0


# --------------------------------------------------------------------------- play


async def _prospect_says(
    engine: ProspectEngine, scenario: Scenario, turns: list[Turn], term: Terminal
) -> ProspectReply | None:
    """Stream the prospect's next line into the terminal; None if the candidate gives up."""
    while True:
        term.write(f"{scenario.persona.name}: ")
        pieces: list[str] = []
        try:
            async for piece in engine.stream(scenario, turns):
                pieces.append(piece)
                term.write(clean_reply(piece))
        except LLMUnavailable as exc:
            term.say()
            term.say(f"({exc.message})")
            again = term.ask(term.text("retry"))
            if again is None or again == END_COMMAND:
                return None
            continue
        term.say()
        reply = engine.finish(scenario, turns, "".join(pieces))
        turns.append(Turn(len(turns), "prospect", reply.text))
        return reply


async def _play_round(engine: ProspectEngine, scenario: Scenario, term: Terminal) -> list[Turn]:
    """One call: the prospect opens, the candidate types, until /end, hang-up or the turn limit."""
    turns: list[Turn] = []
    reply = await _prospect_says(engine, scenario, turns, term)
    while reply is not None and not reply.ends_call:
        if len(candidate_turns(turns)) >= scenario.limits.max_candidate_turns:
            term.say(term.text("last_turn"))
            break
        line = term.ask(term.text("you"))
        if line is None or line == END_COMMAND:
            break
        if not line:
            continue
        turns.append(Turn(len(turns), "candidate", line))
        reply = await _prospect_says(engine, scenario, turns, term)
    if reply is not None and reply.ends_call:
        term.say(term.text("hung_up", name=scenario.persona.name))
    return turns


def _show_point(label: str, point: CoachingPoint, term: Terminal) -> None:
    term.say(f"{term.text(label)}: {point.name}")
    if point.quote:
        term.say(f'  {term.text("you_said")}: "{point.quote}"')
    term.say(f"  {point.message}")


def _briefing(scenario: Scenario, term: Terminal) -> None:
    term.say(scenario.title)
    term.say("=" * len(scenario.title))
    term.say(scenario.brief)
    term.say()
    term.say(term.text("how_to"))
    term.say()


def _session_file(
    scenario: Scenario,
    rubric: Rubric,
    rounds: Sequence[Sequence[Turn]],
    self_assessment: str | None,
    coaching: Coaching,
    feedback_reply: str | None,
) -> SessionFile:
    return SessionFile(
        scenario=scenario.id,
        rubric=rubric.id,
        rounds=[
            SessionRound(turns=[SessionTurn(speaker=t.speaker, text=t.text) for t in turns])
            for turns in rounds
        ],
        self_assessment=self_assessment or None,
        coaching=SessionCoaching(
            strength=coaching.strength.criterion, improvement=coaching.improvement.criterion
        ),
        feedback_reply=feedback_reply or None,
    )


async def play_interview(
    engine: ProspectEngine, scenario: Scenario, catalog: Catalog, term: Terminal
) -> SessionFile | None:
    """The whole interview in the terminal; the session, or None if round 1 had no candidate."""
    rubric = catalog.rubric(scenario.rubric)
    _briefing(scenario, term)
    term.say(term.text("round_1"))
    first = await _play_round(engine, scenario, term)
    if not candidate_turns(first):
        term.say(term.text("nothing_to_score"))
        return None
    term.say()
    self_assessment = term.ask(term.text("how_did_you_do"))
    coaching = pick_coaching(rubric, score_round(rubric, first, scenario), first)
    term.say()
    term.say(term.text("coaching"))
    _show_point("strength", coaching.strength, term)
    _show_point("improvement", coaching.improvement, term)
    term.say()
    feedback_reply = term.ask(term.text("feedback_reply"))
    term.say()
    term.say(term.text("round_2"))
    second = await _play_round(engine, scenario, term)
    rounds = [first, second] if candidate_turns(second) else [first]
    return _session_file(scenario, rubric, rounds, self_assessment, coaching, feedback_reply)


def _make_engine(args: argparse.Namespace, scenario: Scenario) -> ProspectEngine:
    settings = Settings()
    choice = args.engine or scenario.engine or settings.engine_name
    if choice == "scripted":
        return ScriptedEngine()
    model = args.model or settings.llm_model
    if not model:
        raise UsageError("--engine llm needs --model or COACHABLE_LLM_MODEL")
    client = make_client(
        base_url=args.base_url or settings.llm_base_url,
        api_key=args.api_key or settings.llm_api_key,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_retries,
    )
    return LLMEngine(
        client,
        model,
        prompt_version=settings.llm_prompt_version,
        max_tokens=settings.llm_max_tokens,
    )


async def _play_and_close(
    engine: ProspectEngine, scenario: Scenario, catalog: Catalog, term: Terminal
) -> SessionFile | None:
    try:
        return await play_interview(engine, scenario, catalog, term)
    finally:
        if isinstance(engine, LLMEngine):
            await engine.aclose()


def run_play(args: argparse.Namespace, catalog: Catalog, term: Terminal) -> int:
    """Play a scenario in the terminal, print the final report, optionally save the session."""
    scenario = catalog.scenario(args.scenario)
    term.language = scenario.language
    engine = _make_engine(args, scenario)
    session = asyncio.run(_play_and_close(engine, scenario, catalog, term))
    if session is None:
        return 1
    term.say()
    term.say(report_as_text(score_session(session, catalog)))
    if args.save:
        Path(args.save).write_text(
            session.model_dump_json(indent=2, exclude_none=True) + "\n", encoding="utf-8"
        )
        term.say(term.text("saved", path=args.save))
    return 0


# --------------------------------------------------------------------------- judge-eval


def _labelled_sets_module() -> ModuleType:
    """tests/labelled_sets.py, the one reader of the labelled-set formats (a source checkout's)."""
    path = REPO_ROOT / "tests" / "labelled_sets.py"
    spec = importlib.util.spec_from_file_location("coachable_labelled_sets", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise UsageError(f"judge-eval reads labelled sets with {path}: run it from the source")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while they are made
    spec.loader.exec_module(module)
    return module


def _eval_items(paths: Sequence[str], limit: int | None) -> list[tuple[str, bool, list[EvalItem]]]:
    """(set name, frozen, items) for each labelled set directory."""
    reader = _labelled_sets_module()
    found = []
    for name in paths:
        path = Path(name)
        if not reader.is_labelled_set(path):
            raise UsageError(f"{name}: not a labelled set (labels.yaml and sessions/ expected)")
        labelled = reader.load_set(path)
        items = [
            EvalItem(
                set=labelled.name,
                id=item.id,
                session=item.session,
                rounds=tuple(dict(r.criteria) for r in item.rounds),
                self_assessment=item.self_assessment,
            )
            for item in labelled.sessions
        ]
        found.append((labelled.name, bool(labelled.frozen), items[:limit] if limit else items))
    return found


async def _judge_eval(
    args: argparse.Namespace,
    sets: Sequence[tuple[str, bool, list[EvalItem]]],
    catalog: Catalog,
    term: Terminal,
) -> list[tuple[str, bool, Tally]]:
    client = make_client(args.base_url, args.api_key, timeout=args.timeout, max_retries=0)
    judge = LLMJudge(
        client,
        args.model,
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        structured=args.structured,
    )
    results = []
    try:
        for name, frozen, items in sets:
            tally = Tally()
            for number, item in enumerate(items, start=1):
                # Frozen test splits never show an item, not even its name.
                shown = "(frozen)" if frozen else item.id
                term.error(f"judge-eval: {name} {number}/{len(items)} {shown}")
                await evaluate_item(
                    item,
                    catalog,
                    judge.ask,
                    args.runs,
                    tally,
                    model=args.model,
                    prompt=judge.version,
                )
            results.append((name, frozen, tally))
    finally:
        await judge.aclose()
    return results


def run_judge_eval(args: argparse.Namespace, catalog: Catalog, term: Terminal) -> int:
    """Run a judge over labelled sets and print its agreement with the labels and its cost."""
    if args.runs < 1:
        raise UsageError("--runs must be 1 or more")
    sets = _eval_items(args.sets, args.limit)
    results = asyncio.run(_judge_eval(args, sets, catalog, term))
    options = {
        "model": args.model,
        "base_url": args.base_url,
        "runs": args.runs,
        "prompt": JUDGE_PROMPT_VERSION,
    }
    if args.output == "json":
        term.say(
            json.dumps(
                {name: evaluation_json(tally, **options) for name, _, tally in results},
                ensure_ascii=False,
            )
        )
        return 0
    everything = Tally()
    for name, frozen, tally in results:
        term.say(f"== {name}{' (frozen test split: aggregates only)' if frozen else ''}")
        term.say(read_out(tally, **options))
        merge_tally(everything, tally)
    if len(results) > 1:
        term.say("== all sets")
        term.say(read_out(everything, **options))
    return 0


# --------------------------------------------------------------------------- serve, db


def run_serve(host: str, port: int) -> int:
    """Serve the web app with uvicorn until interrupted."""
    # Imported here: the web stack is only needed by this command, and the others start faster.
    from app.main import serve

    serve(host, port)
    return 0


def run_db(command: str) -> int:
    """Apply migrations or the retention period (app.db.cli)."""
    from app.db.cli import main as db_main

    return db_main([command])


def run_rescore(apply: bool, interview_id: str | None, term: Terminal) -> int:
    """Score the stored interviews again with the current scorer and print what changes;
    with `apply`, store the new scores (reports show them from then on)."""
    from app.errors import AppError
    from app.scoring.version import SCORER_VERSION

    try:
        results = asyncio.run(_rescore(apply, interview_id))
    except AppError as exc:
        term.error(f"coachable: {exc.detail}")
        return 1
    changed = [r for r in results if r.changes]
    for result in changed:
        scored = ", ".join(result.versions) or "nothing stored yet"
        term.say(f"{result.interview_id} {result.candidate_name} (scored with {scored}):")
        for change in result.changes:
            term.say(f"  {change.what}: {change.old} -> {change.new}")
    for result in results:
        if result.problem:
            term.error(f"{result.interview_id} {result.candidate_name}: kept: {result.problem}")
    outcome = "stored" if apply else "nothing stored; run with --apply to store the new scores"
    term.say(
        f"{len(changed)} of {len(results)} scored interviews change with scorer "
        f"{SCORER_VERSION}; {outcome}."
    )
    restamped = sum(1 for r in results if r.stored and not r.changes)
    if restamped:
        term.say(f"{restamped} more now carry version {SCORER_VERSION}; their scores are the same.")
    return 0


async def _rescore(apply: bool, interview_id: str | None) -> list[Rescored]:
    from app.db.session import upgrade_database
    from app.flows import rescore
    from app.main import build_services

    svc = await build_services(Settings())
    try:
        await upgrade_database(svc.db_engine)
        return await rescore(svc, apply=apply, interview_id=interview_id)
    finally:
        await svc.db_engine.dispose()


# --------------------------------------------------------------------------- main


class UsageError(Exception):
    """A command line that cannot run; the message says what to change."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachable",
        formatter_class=lambda prog: argparse.HelpFormatter(prog, max_help_position=28),
        description="Sales role-play interviews: an AI prospect, curiosity scoring and coaching.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check scenario and rubric files")
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: all)"
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of the catalog formats")
    schema.add_argument("kind", nargs="?", choices=["scenario", "rubric"])

    commands.add_parser("scenarios", help="list the scenarios")

    play = commands.add_parser("play", help="play an interview in the terminal")
    play.add_argument("scenario", metavar="SCENARIO", help="a scenario id (see `scenarios`)")
    play.add_argument("--engine", choices=["scripted", "llm"], help="default: from the settings")
    play.add_argument("--base-url", help="OpenAI-compatible URL (COACHABLE_LLM_BASE_URL)")
    play.add_argument("--model", help="model name (COACHABLE_LLM_MODEL)")
    play.add_argument("--api-key", help="API key (COACHABLE_LLM_API_KEY)")
    play.add_argument("--save", metavar="FILE", help="write the session JSON here at the end")

    serve = commands.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default=os.environ.get("COACHABLE_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("COACHABLE_PORT", "8000")))

    database = commands.add_parser("db", help="database: apply migrations or the retention period")
    database.add_argument("db_command", choices=["upgrade", "purge"], metavar="upgrade|purge")

    rescore = commands.add_parser(
        "rescore", help="score stored interviews again with this scorer; list what changes"
    )
    rescore.add_argument("--apply", action="store_true", help="store the new scores")
    rescore.add_argument(
        "--interview", metavar="ID", help="only this interview (--interview=ID if ID starts with -)"
    )

    score = commands.add_parser("score", help="score session files")
    score.add_argument("files", nargs="+", metavar="FILE", help="session JSON; - reads stdin")
    score.add_argument("--format", choices=["text", "json"], default="text", dest="output")

    judge = commands.add_parser(
        "judge-eval", help="measure an LLM judge on labelled sets (agreement, quotes, cost)"
    )
    judge.add_argument("sets", nargs="+", metavar="SET", help="labelled set directories")
    judge.add_argument("--base-url", required=True, help="OpenAI-compatible URL, e.g. .../v1")
    judge.add_argument("--model", required=True, help="the model name the server knows")
    judge.add_argument("--api-key", help="API key (local servers ignore it)")
    judge.add_argument("--runs", type=int, default=1, help="calls per item (spread; default 1)")
    judge.add_argument("--limit", type=int, help="at most this many sessions per set")
    judge.add_argument("--timeout", type=float, default=300.0, help="seconds per call")
    judge.add_argument("--max-tokens", type=int, default=1500)
    judge.add_argument("--temperature", type=float, default=0.0)
    judge.add_argument("--structured", choices=list(RESPONSE_FORMATS), default="json_schema")
    judge.add_argument("--format", choices=["text", "json"], default="text", dest="output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `coachable` command; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "play" and sys.stdin.isatty():
        import readline  # noqa: F401  (importing it is what turns on line editing for input())

    term = Terminal(sys.stdin, sys.stdout, sys.stderr)
    try:
        if args.command == "validate":
            return run_validate(args.paths, term)
        if args.command == "schema":
            return run_schema(args.kind, term)
        if args.command == "serve":
            return run_serve(args.host, args.port)
        if args.command == "db":
            return run_db(args.db_command)
        if args.command == "rescore":
            return run_rescore(args.apply, args.interview, term)
        catalog = load_catalog()
        if args.command == "scenarios":
            return run_scenarios(catalog, term)
        if args.command == "play":
            return run_play(args, catalog, term)
        if args.command == "judge-eval":
            return run_judge_eval(args, catalog, term)
        return run_score(args.files, args.output, catalog, term)
    except (CatalogErrors, UnknownItem, UsageError) as exc:
        term.error(f"coachable: {exc}")
        return 2 if isinstance(exc, UsageError) else 1
    except KeyboardInterrupt:
        term.say()
        return 130
    except BrokenPipeError:
        # The reader went away (`coachable score *.json | head`): stop quietly, as cat does,
        # and point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
