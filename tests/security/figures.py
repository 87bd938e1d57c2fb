"""The figures in docs/security.md, counted from the tests themselves.

    python -m tests.security.figures      # prints the table in Markdown

tests/security/test_figures.py fails when the table in docs/security.md no longer matches, so
the page cannot drift from the suite. Counts come from the corpus file, the test modules'
constants and, for tests outside tests/security, from their source (an AST walk).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from tests.security import (
    corpus,
    test_fuzz_domain,
    test_fuzz_pages,
    test_hostile_input,
    test_judge_injection,
)
from tests.security import test_nothing_lost as lost

TESTS = Path(__file__).resolve().parents[1]
# The injection test tries each role-play attack at the end of, in the middle of and glued onto
# a good and a poor round; each self-assessment attack before, after and instead of an answer.
PLACEMENTS = 3
LOST = "Committed turns, answers or accounts lost"
ROUNDS = 2


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    what: str
    tried: int
    where: str


def literal_length(path: Path, name: str) -> int:
    """Elements of the list or tuple literal assigned to `name` anywhere in a test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id == name:
            assert isinstance(value, ast.List | ast.Tuple), f"{name} in {path} is not a literal"
            return len(value.elts)
    raise LookupError(f"no {name} in {path}")


def parametrized_cases(path: Path, function: str) -> int:
    """How many cases a test's @pytest.mark.parametrize list gives it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef) and node.name == function:
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and len(decorator.args) == 2:
                    cases = decorator.args[1]
                    assert isinstance(cases, ast.List)
                    return len(cases.elts)
    raise LookupError(f"no parametrized {function} in {path}")


def source_count(path: Path, pattern: str) -> int:
    """How often the regular expression `pattern` matches a test file's source."""
    return len(re.findall(pattern, path.read_text(encoding="utf-8")))


def rows() -> list[Row]:
    """Every figure, counted."""
    attacks, benign = corpus.attacks(), corpus.benign()
    roleplay = corpus.attacks("roleplay")
    swedish = sum(e.language == "sv" for e in attacks)
    elsewhere = (
        literal_length(TESTS / "llm" / "test_injection.py", "ATTACKS")
        + literal_length(TESTS / "roleplay" / "test_stay_in_role.py", "ATTEMPTS_EN")
        + literal_length(TESTS / "roleplay" / "test_stay_in_role.py", "ATTEMPTS_SV")
    )
    scorer_tries = ROUNDS * PLACEMENTS * (len(roleplay) + len(attacks))
    judge_tries = scorer_tries * len(test_judge_injection.MODES)
    hostile = test_hostile_input
    markup = len(hostile.MARKUP) + len(hostile.FORMULAS)
    odd_text = len(hostile.UNICODE) + len(hostile.bad_messages(2000))
    odd_text += len(hostile.INVISIBLE_ANSWERS)
    oversized = len(hostile.OVERSIZED_PATHS) + 2  # plus one chunked body, one lying length
    fuzz_api = TESTS / "api" / "test_fuzz_api.py"
    pages = test_fuzz_pages
    page_examples = _examples(pages.test_no_page_gives_a_server_error) + _examples(
        pages.test_sign_out_never_gives_a_server_error
    )
    domain = test_fuzz_domain
    domain_examples = sum(
        _examples(test)
        for test in (
            domain.test_the_loader_reports_catalog_errors_and_never_crashes,
            domain.test_the_loader_survives_arbitrary_bytes,
            domain.test_score_round_never_crashes_and_stays_in_range,
            domain.test_score_self_assessment_never_crashes_and_stays_in_range,
            domain.test_score_session_never_crashes,
        )
    )
    llm_api_faults = literal_length(TESTS / "api" / "test_llm_engine_api.py", "faults")
    engine_faults = parametrized_cases(
        TESTS / "llm" / "test_engine.py", "test_every_fault_becomes_llm_unavailable"
    )
    flow_faults = source_count(TESTS / "test_flows.py", r"\bfail=True")
    kills = len(lost.KILL_POINTS) + source_count(
        TESTS / "api" / "test_crash_recovery.py", r"server\.kill\(\)"
    )
    return [
        Row(
            f"Prompt-injection attacks ({len(attacks) - swedish} English, {swedish} Swedish)",
            len(attacks),
            "tests/security/injection_corpus.yaml",
        ),
        Row(
            "… tried on the scripted prospect and on the LLM prompt over HTTP",
            2 * len(roleplay),
            "test_injection.py",
        ),
        Row(
            "… tried on the scorer (3 placements × good and poor round)",
            scorer_tries,
            "test_injection.py",
        ),
        Row(
            "… tried on the LLM judge, the stub playing a gullible judge four ways",
            judge_tries,
            "test_judge_injection.py",
        ),
        Row(
            "… tried through the API and the reviewer's report page",
            len(attacks),
            "test_injection_report.py",
        ),
        Row("Benign look-alikes (must not be flagged)", len(benign), "injection_corpus.yaml"),
        Row(
            "Further injection attempts in the engine and prompt tests",
            elsewhere,
            "tests/llm, tests/roleplay",
        ),
        Row("Hostile markup and spreadsheet formulas", markup, "test_hostile_input.py"),
        Row(
            "Odd or empty text (unicode, RTL, zero-width, NUL, too long, wrong type)",
            odd_text,
            "test_hostile_input.py",
        ),
        Row("Oversized or malformed request bodies", oversized, "test_hostile_input.py"),
        Row(
            "Generated requests to every page route and to sign-out",
            page_examples,
            "test_fuzz_pages.py",
        ),
        Row("Generated catalog files and scorer inputs", domain_examples, "test_fuzz_domain.py"),
        Row(
            "API operations fuzzed by schemathesis (all but sign-out, which the page fuzz covers)",
            _api_operations(),
            fuzz_api.name,
        ),
        Row(
            "Server processes killed with SIGKILL",
            kills,
            "test_nothing_lost.py, test_crash_recovery.py",
        ),
        Row(
            "LLM faults (5xx, garbage, dropped stream, timeout, refused)",
            len(lost.OUTAGES) + llm_api_faults + engine_faults,
            "test_nothing_lost.py, test_llm_engine_api.py, test_engine.py",
        ),
        Row("Engine failures mid-reply (fake engine)", flow_faults, "tests/test_flows.py"),
        Row("Simultaneous duplicate requests", 3 * lost.CONCURRENT, "test_nothing_lost.py"),
        *account_rows(),
    ]


def account_rows() -> list[Row]:
    """The figures of the sign-in, CSRF, proxy and hardening tests (issue 11's attacks)."""
    from app.config import Settings
    from tests.security import test_confusables, test_hardening, test_path_ids, test_throttling
    from tests.security import test_proxy_and_logs as proxy

    defaults = Settings(secret_key="x" * 40)
    here = TESTS / "security"
    lockout = test_throttling.ATTACKERS * defaults.sign_in_attempts
    csrf = source_count(here / "test_csrf_scope.py", r"== 403")
    logged = source_count(here / "test_proxy_and_logs.py", r"candidate\.(?:get|post)\(")
    weak = 2 * len(test_hardening.WEAK_PASSWORDS) + source_count(
        here / "test_hardening.py", r"(?m)\.status_code == 422$"
    )
    ids = _examples(test_path_ids.test_an_id_no_row_can_have_is_not_found)
    disguised = len(test_confusables.HIDDEN) + _examples(
        test_confusables.test_any_unicode_look_alike_is_read_as_its_letter
    )
    deploy = source_count(TESTS / "test_deploy.py", r"(?m)^def test_")
    return [
        Row(
            f"Wrong sign-ins from {test_throttling.ATTACKERS} other addresses before the owner "
            "signs in (never locked out)",
            lockout,
            "test_throttling.py",
        ),
        Row(
            f"Parallel wrong sign-ins at one account (at most {defaults.sign_in_attempts} "
            "passwords checked)",
            test_throttling.PARALLEL,
            "test_throttling.py",
        ),
        Row(
            "Sign-ins and invite guesses with a spoofed X-Forwarded-For",
            2 * proxy.TRIES,
            "test_proxy_and_logs.py",
        ),
        Row("Invite-link requests read back from the access log", logged, "test_proxy_and_logs.py"),
        Row(
            "Forged requests: CSRF token of another credential or kind, sign-in without one",
            csrf,
            "test_csrf_scope.py",
        ),
        Row("Weak, common or blank passwords (creation and change)", weak, "test_hardening.py"),
        Row(
            f"Ids no row can have, over all {len(test_path_ids.ROUTES)} routes with a path id",
            ids,
            "test_path_ids.py",
        ),
        Row("Attacks disguised with Unicode look-alike letters", disguised, "test_confusables.py"),
        Row(
            "Deployment checks (HTTPS, proxy address, nginx log, /metrics, .env, certificate)",
            deploy,
            "tests/test_deploy.py",
        ),
    ]


def _examples(test: object) -> int:
    """The max_examples a Hypothesis test runs with."""
    found: int = test._hypothesis_internal_use_settings.max_examples  # type: ignore[attr-defined]
    return found


def _api_operations() -> int:
    """Operations in the OpenAPI description, less the one the schemathesis run skips."""
    from app.config import Settings
    from app.main import create_app

    spec = create_app(Settings(secret_key="x" * 40)).openapi()
    return sum(len(item) for item in spec["paths"].values()) - 1


def table() -> str:
    """The figures as a Markdown table."""
    lines = ["| Tried | Count | Tests |", "| --- | ---: | --- |"]
    lines += [f"| {r.what} | {r.tried} | {r.where} |" for r in rows()]
    lines.append(f"| **{LOST}** | **0** | every test above fails on a loss |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
