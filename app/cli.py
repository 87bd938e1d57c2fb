"""The `coachable` command: the catalog, an interview in the terminal, scoring, the service."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
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
    catalog_root,
    languages_folder,
    load_catalog,
    validate_paths,
)
from app.catalog.models import Scenario
from app.coaching.models import CoachingPoint
from app.config import Settings
from app.judge.evaluation import EvalItem, Tally, evaluate_item, merge_tally, read_out
from app.judge.evaluation import as_json as evaluation_json
from app.language.registry import language
from app.language.schema import FILES as LANGUAGE_FILES
from app.llm import make_client
from app.llm.judge import JUDGE_PROMPT_VERSION, RESPONSE_FORMATS, LLMJudge
from app.report import report_as_json, report_as_text, score_session
from app.services import Engines, Services, build_engines
from app.session_file import SessionFile

if TYPE_CHECKING:
    from app.flows import Rescored

END_COMMAND = "/end"


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
        line: str = language(self.language).texts.cli[key]
        return line.format(end=END_COMMAND, **values)

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
    return catalog_root()


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
    """Check scenario, rubric and language files (default: the whole catalog); print a count or
    the errors."""
    root = _catalog_root()
    defaults = [root / "scenarios", root / "rubrics", languages_folder(root)]
    targets = [Path(p) for p in paths] or defaults
    errors = validate_paths(targets)
    for error in errors:
        term.error(str(error))
    if errors:
        return 1
    files = [f for f in _yaml_files(targets) if f.name not in LANGUAGE_FILES]
    rubrics = sum(1 for f in files if _is_rubric(f))
    languages = {f.parent for f in _yaml_files(targets) if f.name in LANGUAGE_FILES}
    term.say(f"ok: {len(files) - rubrics} scenarios, {rubrics} rubrics, {len(languages)} languages")
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

# The terminal is one more door into the flows the web uses: the interview lives in a database
# of its own for as long as the command runs (SQLite in a temporary folder), a local hiring
# manager invites the person at the keyboard, and every step goes through app/flows.
_LOCAL_EMAIL = "terminal@coachable.local"
_CANDIDATE = ("Terminal candidate", "candidate@coachable.local")
_LOCAL_ADDRESS = "127.0.0.1"


@dataclass
class _Play:
    """The interview being played: its services, its id and the scenario."""

    svc: Services
    interview_id: str
    scenario: Scenario


async def _open_play(engines: Engines, scenario: Scenario, folder: Path) -> _Play:
    """Services on a database in `folder`, and an interview of `scenario` to play."""
    from app import flows
    from app.accounts import create_user
    from app.db.session import upgrade_database
    from app.main import build_services

    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'play.db'}",
        secret_key=secrets.token_urlsafe(48),
        messages_per_minute=1000,
    )
    svc = await build_services(settings, engines)
    await upgrade_database(svc.db_engine)
    manager = await create_user(svc, _LOCAL_EMAIL, "Terminal", "manager", secrets.token_urlsafe(24))
    created = await flows.create_interview(svc, manager, scenario.id, *_CANDIDATE)
    state = await flows.open_invite(svc, created.invite_token, _LOCAL_ADDRESS)
    return _Play(svc, state.interview_id, scenario)


async def _prospect_replies(play: _Play, term: Terminal, line: str | None) -> bool | None:
    """Store the candidate's line (None: ask again for the reply to the last one) and stream the
    prospect's answer; True when the call ended with it, None if the candidate gives up."""
    from app import flows
    from app.errors import EngineUnavailable

    name = play.scenario.persona.name
    while True:
        term.write(f"{name}: ")
        try:
            events = (
                flows.say(play.svc, play.interview_id, line)
                if line is not None
                else flows.stream_prospect_reply(play.svc, play.interview_id)
            )
            async for event in events:
                if isinstance(event, flows.ReplyDelta):
                    term.write(event.text)
                elif isinstance(event, flows.ReplyRestart):
                    term.say()
                    term.say(f"({event.reason})")
                    term.write(f"{name}: ")
                elif isinstance(event, flows.ReplyDone):
                    term.say()
                    return event.round_over
        except EngineUnavailable as exc:
            term.say()
            term.say(f"({exc.detail})")
            again = term.ask(term.text("retry"))
            if again is None or again == END_COMMAND:
                return None
            line = None  # the message is stored: ask for the reply to it again
            continue
        return False


async def _play_round(play: _Play, number: int, term: Terminal) -> int:
    """One call through the flows: the prospect opens, the candidate types, until /end, a
    hang-up or the turn limit; how many lines the candidate said."""
    from app import flows

    state = await flows.start_round(play.svc, play.interview_id, number)
    term.say(f"{play.scenario.persona.name}: {state.turns[-1].text}")
    said = 0
    ended: bool | None = False
    while not ended:
        if said >= play.scenario.limits.max_candidate_turns:
            term.say(term.text("last_turn"))
            break
        line = term.ask(term.text("you"))
        if line is None or line == END_COMMAND:
            break
        if not line:
            continue
        said += 1
        ended = await _prospect_replies(play, term, line)
        if ended is None:
            break
    if ended:
        term.say(term.text("hung_up", name=play.scenario.persona.name))
    else:
        await flows.end_round(play.svc, play.interview_id, number)
    return said


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


async def play_interview(
    engines: Engines, scenario: Scenario, catalog: Catalog, term: Terminal
) -> SessionFile | None:
    """The whole interview in the terminal, through the same flows as the web; the session,
    or None if round 1 had no candidate."""
    from app import flows

    with tempfile.TemporaryDirectory(prefix="coachable-play-") as folder:
        play = await _open_play(engines, scenario, Path(folder))
        try:
            _briefing(scenario, term)
            term.say(term.text("round_1"))
            if not await _play_round(play, 1, term):
                term.say(term.text("nothing_to_score"))
                return None
            term.say()
            answer = term.ask(term.text("how_did_you_do")) or ""
            coaching = await flows.submit_self_assessment(play.svc, play.interview_id, answer)
            term.say()
            term.say(term.text("coaching"))
            _show_point("strength", coaching.strength, term)
            _show_point("improvement", coaching.improvement, term)
            term.say()
            reply = term.ask(term.text("feedback_reply"))
            if reply:
                await flows.submit_feedback_reply(play.svc, play.interview_id, reply)
            term.say()
            term.say(term.text("round_2"))
            await _play_round(play, 2, term)
            return await _played_session(play)
        finally:
            await play.svc.db_engine.dispose()


async def _played_session(play: _Play) -> SessionFile:
    """The played interview as a session file (the turns of each round that had a candidate)."""
    from app import flows
    from app.accounts import UserView, list_users

    manager: UserView = next(u for u in await list_users(play.svc) if u.email == _LOCAL_EMAIL)
    data = await flows.export_session(play.svc, play.interview_id, manager)
    data.pop("scores", None)
    session = SessionFile.model_validate(data)
    rounds = [r for r in session.rounds if any(t.speaker == "candidate" for t in r.turns)]
    return session.model_copy(update={"rounds": rounds or session.rounds[:1]})


def _engines(args: argparse.Namespace) -> Engines:
    """The deployment's engines, as the service builds them, with the command line's choices
    laid over the settings."""
    chosen = {
        "engine": args.engine,
        "llm_model": args.model,
        "llm_base_url": args.base_url,
        "llm_api_key": args.api_key,
    }
    settings = Settings(**{k: v for k, v in chosen.items() if v is not None})
    if settings.engine_name == "llm" and not settings.llm_model:
        raise UsageError("--engine llm needs --model or COACHABLE_LLM_MODEL")
    return build_engines(settings)


async def _play_and_close(
    engines: Engines, scenario: Scenario, catalog: Catalog, term: Terminal
) -> SessionFile | None:
    from app.main import close_engines

    try:
        return await play_interview(engines, scenario, catalog, term)
    finally:
        await close_engines(engines)


def run_play(args: argparse.Namespace, catalog: Catalog, term: Terminal) -> int:
    """Play a scenario in the terminal, print the final report, optionally save the session."""
    scenario = catalog.scenario(args.scenario)
    term.language = scenario.language
    engines = _engines(args)
    session = asyncio.run(_play_and_close(engines, scenario, catalog, term))
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


def run_serve(host: str | None, port: int | None) -> int:
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

    validate = commands.add_parser("validate", help="check scenario, rubric and language files")
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: all)"
    )

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the catalog formats and the rubric thresholds"
    )
    schema.add_argument("kind", nargs="?", choices=["scenario", "rubric", "language", "thresholds"])

    commands.add_parser("scenarios", help="list the scenarios")

    play = commands.add_parser("play", help="play an interview in the terminal")
    play.add_argument("scenario", metavar="SCENARIO", help="a scenario id (see `scenarios`)")
    play.add_argument("--engine", choices=["scripted", "llm"], help="default: from the settings")
    play.add_argument("--base-url", help="OpenAI-compatible URL (COACHABLE_LLM_BASE_URL)")
    play.add_argument("--model", help="model name (COACHABLE_LLM_MODEL)")
    play.add_argument("--api-key", help="API key (COACHABLE_LLM_API_KEY)")
    play.add_argument("--save", metavar="FILE", help="write the session JSON here at the end")

    serve = commands.add_parser("serve", help="run the web service")
    serve.add_argument("--host", help="default: COACHABLE_HOST, else 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: COACHABLE_PORT, else 8000")

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
