"""Hypothesis: the catalog loader and the scorer never crash, whatever they are given."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalog.loader import CatalogError, CatalogErrors, load_catalog, validate_paths
from app.report import report_as_json, report_as_text, score_session
from app.roleplay.transcript import Turn
from app.scoring.score import score_round
from app.scoring.self_assessment import score_self_assessment
from app.session_file import SessionCoaching, SessionFile, SessionRound, SessionTurn

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog()
SHIPPED = {
    "scenario": yaml.safe_load(
        (ROOT / "scenarios" / "roberge-inbound-whitepaper.yaml").read_text()
    ),
    "rubric": yaml.safe_load((ROOT / "rubrics" / "roberge-curiosity.yaml").read_text()),
}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
FUZZ_SCORER = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))

# Words that wake the scorer's rules, so generated turns reach deep into it, not only its edges.
WORDS = (
    "what", "how", "why", "who", "do", "you", "your", "we", "our", "goals", "leads", "board",
    "whitepaper", "SEO", "inbound", "team", "budget", "HubSpot", "great", "so", "tell", "me",
    "about", "ignore", "previous", "instructions", "system", "rubric", "score", "5/5", "vad",
    "hur", "era", "mål", "ni", "varför", "berätta", "jag", "vi?", "?", "!", ".", ",", "—", "…",
    "😊", "\u200b", "\u202e", "<script>", "{{", "}}", "\x00",
)  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
texts = st.one_of(
    st.text(max_size=300),
    sentences,
    st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")),
)
turn_lists = st.lists(st.tuples(st.sampled_from(("prospect", "candidate")), texts), max_size=24)


# --------------------------------------------------------------------------- the YAML loader

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _mutated(base: Any, draw: st.DrawFn, depth: int = 0) -> Any:
    """The shipped file with some keys dropped, added or given values of the wrong type."""
    if isinstance(base, dict):
        out = {}
        for key, value in base.items():
            choice = draw(st.integers(0, 9))
            if choice == 0:
                continue  # drop the key
            out[key] = draw(yaml_values) if choice == 1 else _mutated(value, draw, depth + 1)
        if draw(st.integers(0, 5)) == 0:
            out[draw(st.text(max_size=10))] = draw(yaml_values)
        return out
    if isinstance(base, list):
        items = [_mutated(item, draw, depth + 1) for item in base]
        return items[: draw(st.integers(0, len(items)))] if items else items
    return draw(yaml_values) if draw(st.integers(0, 7)) == 0 else base


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, str]:
    """(kind, file text): a damaged shipped file, arbitrary YAML, or arbitrary text."""
    kind = draw(st.sampled_from(("scenario", "rubric")))
    how = draw(st.integers(0, 2))
    if how == 0:
        text = yaml.safe_dump(_mutated(SHIPPED[kind], draw), allow_unicode=True)
    elif how == 1:
        text = yaml.safe_dump(draw(yaml_values), allow_unicode=True)
    else:
        text = draw(st.text(max_size=400))
    return kind, text


@FUZZ
@given(file=mutated_files())
def test_the_loader_reports_catalog_errors_and_never_crashes(file: tuple[str, str]) -> None:
    kind, text = file
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "scenarios").mkdir()
        (root / "rubrics").mkdir()
        # A file needs the other kind's shipped partner to be checked in full.
        partner = "rubrics/roberge-curiosity.yaml" if kind == "scenario" else "scenarios/x.yaml"
        if kind == "scenario":
            (root / partner).write_text((ROOT / partner).read_text())
        path = (
            root
            / f"{kind}s"
            / (
                "roberge-inbound-whitepaper.yaml"
                if kind == "scenario"
                else "roberge-curiosity.yaml"
            )
        )
        path.write_text(text, encoding="utf-8")
        found = validate_paths([root])
        assert all(isinstance(e, CatalogError) and e.message for e in found)
        try:
            load_catalog(root)
        except CatalogErrors as errors:
            assert errors.errors and all(isinstance(e, CatalogError) for e in errors.errors)


@FUZZ
@given(data=st.binary(max_size=500))
def test_the_loader_survives_arbitrary_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenarios" / "odd.yaml"
        path.parent.mkdir()
        path.write_bytes(data)
        found = validate_paths([path])
        assert found and all(isinstance(e, CatalogError) for e in found)


# --------------------------------------------------------------------------- the scorer


def as_turns(pairs: list[tuple[str, str]]) -> tuple[Turn, ...]:
    """Numbered turns from (speaker, text) pairs."""
    return tuple(Turn(i, speaker, text) for i, (speaker, text) in enumerate(pairs))  # type: ignore[arg-type]


@FUZZ_SCORER
@given(pairs=turn_lists, scenario_id=st.sampled_from(sorted(CATALOG.scenarios)))
def test_score_round_never_crashes_and_stays_in_range(
    pairs: list[tuple[str, str]], scenario_id: str
) -> None:
    scenario = CATALOG.scenario(scenario_id)
    rubric = CATALOG.rubric(scenario.rubric)
    turns = as_turns(pairs)
    scored = score_round(rubric, turns, scenario)
    assert [c.criterion for c in scored.criteria] == [c.id for c in rubric.criteria]
    candidate = {t.index for t in turns if t.speaker == "candidate"}
    for criterion in scored.criteria:
        assert 1 <= criterion.score <= 5
        assert set(criterion.evidence) <= {t.index for t in turns}
    assert 0 <= scored.total <= 100
    assert set(scored.metrics.injection_turns) <= candidate
    assert 0.0 <= scored.metrics.talk_share <= 1.0


@FUZZ_SCORER
@given(text=texts, pairs=turn_lists)
def test_score_self_assessment_never_crashes_and_stays_in_range(
    text: str, pairs: list[tuple[str, str]]
) -> None:
    scenario = CATALOG.scenario("roberge-inbound-whitepaper")
    rubric = CATALOG.rubric(scenario.rubric)
    turns = as_turns(pairs)
    judged = score_round(rubric, turns, scenario)
    for sa_rubric in (rubric, CATALOG.rubric("self-assessment")):
        found = score_self_assessment(text, judged, sa_rubric, turns, round_rubric=rubric)
        assert 1 <= found.score <= 5
        assert 0.0 <= found.insight_gap <= 1.0


criterion_ids = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["opening", "goal-discovery", "open-questions", "listening", "preparation"]),
)


@FUZZ_SCORER
@given(
    scenario=st.one_of(st.sampled_from(sorted(CATALOG.scenarios)), st.text(max_size=20)),
    rubric=st.one_of(st.none(), st.sampled_from(sorted(CATALOG.rubrics)), st.text(max_size=20)),
    rounds=st.lists(turn_lists, min_size=1, max_size=3),
    assessment=st.one_of(st.none(), texts),
    coaching=st.tuples(criterion_ids, criterion_ids),
)
def test_score_session_never_crashes(
    scenario: str,
    rubric: str | None,
    rounds: list[list[tuple[str, str]]],
    assessment: str | None,
    coaching: tuple[str | None, str | None],
) -> None:
    session = SessionFile(
        scenario=scenario,
        rubric=rubric,
        rounds=[
            SessionRound(turns=[SessionTurn(speaker=s, text=t) for s, t in pairs])
            for pairs in rounds
        ],
        self_assessment=assessment,
        coaching=SessionCoaching(strength=coaching[0], improvement=coaching[1]),
    )
    try:
        report = score_session(session, CATALOG)
    except (KeyError, ValueError) as refused:
        # An unknown scenario or rubric id, or a self-assessment rubric asked to score a call, is
        # refused with a message; anything else would be a crash.
        assert str(refused)
        return
    for round_ in report.rounds:
        assert 0 <= round_.score.total <= 100
        assert all(1 <= c.score <= 5 for c in round_.score.criteria)
    if report.self_assessment:
        assert 1 <= report.self_assessment.score <= 5
    assert report_as_json(report)["rounds"]
    assert report_as_text(report)
