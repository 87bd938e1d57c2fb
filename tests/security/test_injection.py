"""Every attack in injection_corpus.yaml against the prospect, the LLM prompt and the scorer."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from openai import AsyncOpenAI

from app.catalog.loader import Catalog
from app.catalog.models import Scenario
from app.language.injection import detect_injection
from app.llm import LLMEngine
from app.llm.prompt import neutralise, render_system_prompt
from app.roleplay.intent import read_turn
from app.roleplay.scripted import reply
from app.roleplay.transcript import Turn
from app.scoring.models import RoundScore
from app.scoring.score import score_round
from app.scoring.self_assessment import score_self_assessment
from app.session_file import SessionFile
from tests.llm.openai_stub import OpenAIStub
from tests.security import corpus
from tests.security.corpus import Entry

GOLDEN = Path(__file__).parents[1] / "golden" / "sessions"
SCENARIOS = {"en": "roberge-inbound-whitepaper", "sv": "roberge-inbound-whitepaper-sv"}
# A good and a poor recorded round per language: an attack must not lift either.
ROUNDS = {"en": ("star-01", "pitcher-01"), "sv": ("sv-star-01", "sv-pitcher-01")}
OPENERS = {
    "en": "Hi Dana, thanks for downloading the whitepaper. What prompted you to look at it?",
    "sv": "Hej Dana, tack för att du laddade ner rapporten. Vad fick dig att läsa den?",
}

ROLEPLAY = corpus.attacks("roleplay")
SELF = corpus.attacks("self-assessment")
ALL = corpus.attacks()
BENIGN = corpus.benign()
_TAG = re.compile(r"<candidate_message>|</candidate_message>")


def ids(entries: Sequence[Entry]) -> list[str]:
    """Test ids: the corpus ids."""
    return [e.id for e in entries]


def scenario_for(catalog: Catalog, entry: Entry) -> Scenario:
    """The shipped Roberge scenario in the entry's language."""
    return catalog.scenario(SCENARIOS[entry.language])


def scenario_lines(scenario: Scenario) -> list[str]:
    """Every line the scripted prospect may say, longest first."""
    lines = list(scenario.opening)
    for fact in scenario.facts:
        lines += fact.reveal
    if scenario.challenge:
        lines += scenario.challenge.questions + scenario.challenge.satisfied
        lines += scenario.challenge.unsatisfied
    for objection in scenario.objections:
        lines += objection.lines + objection.softened
    for value in scenario.reactions.model_dump().values():
        if isinstance(value, list):
            lines += value
    return sorted({line.strip() for line in lines}, key=len, reverse=True)


def secrets_of(catalog: Catalog, scenario: Scenario) -> list[str]:
    """Text the prospect must never say: rubric wording, fact ids and their trigger lists."""
    rubric = catalog.rubric(scenario.rubric)
    found = [scenario.persona.situation, scenario.persona.temperament, rubric.title]
    for criterion in rubric.criteria:
        found += [criterion.description, criterion.levels.text(5), criterion.coaching.improvement]
    for fact in scenario.facts:
        found.append(", ".join(fact.asked_by))
    return found


def play(scenario: Scenario, lines: Sequence[str]) -> list[tuple[Turn, ...]]:
    """Play candidate `lines` against the scripted prospect; returns the round after each reply."""
    turns: list[Turn] = [Turn(0, "prospect", scenario.opening[0])]
    after = []
    for line in lines:
        turns.append(Turn(len(turns), "candidate", line))
        answer = reply(scenario, turns)
        turns.append(Turn(len(turns), "prospect", answer.text))
        after.append(tuple(turns))
    return after


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_is_big_and_varied_enough() -> None:
    languages = {e.language for e in ALL}
    kinds = {e.kind for e in ALL}
    assert len(ALL) >= 40 and len(BENIGN) >= 15
    assert languages == {"en", "sv"}
    assert {"ignore-instructions", "role-swap", "fake-system", "role-block", "fishing"} <= kinds
    assert {"score-gaming", "delimiter-escape", "unicode", "encoded", "multi-turn"} <= kinds
    assert len(SELF) >= 4


# --------------------------------------------------------------------------- (a) the prospect


@pytest.mark.parametrize("entry", ROLEPLAY, ids=ids(ROLEPLAY))
def test_the_scripted_prospect_stays_in_role(entry: Entry, catalog: Catalog) -> None:
    scenario = scenario_for(catalog, entry)
    lines = scenario_lines(scenario)
    secrets = secrets_of(catalog, scenario)
    rounds = play(scenario, [OPENERS[entry.language], *entry.turns])
    recognised = []
    for text, turns in zip(entry.turns, rounds[1:], strict=True):
        said = turns[-1].text
        rest = said
        for line in lines:
            rest = rest.replace(line, "")
        assert rest.strip() == "", f"not a scenario line: {rest!r}"
        assert not any(secret in said for secret in secrets)
        answer = reply(scenario, turns[:-1])
        # Nothing hidden comes out in answer to an attack.
        assert answer.revealed == frozenset(), answer
        if read_turn(text, scenario.language).injection:
            assert said in scenario.reactions.stay_in_role
            assert "injection" in answer.events
            recognised.append(text)
    assert recognised, "the prospect heard no attack in the set-up"


@pytest.mark.parametrize("entry", BENIGN, ids=ids(BENIGN))
def test_the_prospect_answers_benign_look_alikes(entry: Entry) -> None:
    assert not any(read_turn(t, entry.language).injection for t in entry.turns)


# --------------------------------------------------------------------------- (b) the LLM prompt


@pytest.mark.parametrize("entry", ROLEPLAY, ids=ids(ROLEPLAY))
async def test_the_llm_prompt_keeps_the_attack_inside_the_delimiters(
    entry: Entry, catalog: Catalog, openai_stub: OpenAIStub, llm_client: AsyncOpenAI
) -> None:
    scenario = scenario_for(catalog, entry)
    # No second try: a stub line the director rejects (it skips the challenge question, say)
    # is replaced at once, so there is exactly one request per candidate turn to inspect.
    engine = LLMEngine(llm_client, "stub-model", regenerations=0)
    turns: list[Turn] = [Turn(0, "prospect", scenario.opening[0])]
    for text in entry.turns:
        turns.append(Turn(len(turns), "candidate", text))
        # Worded differently each time: a line said before in the call is asked for again.
        openai_stub.queue(f"Sorry, what was that? I have {len(turns) + 1} minutes, go ahead.")
        said = "".join([piece async for piece in engine.stream(scenario, turns)])
        turns.append(Turn(len(turns), "prospect", said))

    system = render_system_prompt(scenario)
    assert len(openai_stub.requests) == len(entry.turns)
    for sent, text in zip(openai_stub.requests, entry.turns, strict=True):
        # What went over the wire, as the server decoded it.
        messages = json.loads(json.dumps(sent["messages"]))
        assert [m["content"] for m in messages if m["role"] == "system"] == [system]
        assert messages[0]["role"] == "system"
        assert {m["role"] for m in messages[1:]} <= {"user", "assistant"}
        users = [str(m["content"]) for m in messages if m["role"] == "user"]
        for content in users:
            assert _TAG.findall(content) == ["<candidate_message>", "</candidate_message>"]
        last = users[-1]
        inside = last.split("</candidate_message>")[0].split("<candidate_message>", 1)[1]
        assert inside == neutralise(text)
        outside = last.replace(f"<candidate_message>{inside}</candidate_message>", "")
        assert neutralise(text).strip() not in outside
        if read_turn(text, scenario.language).injection:
            # prospect-v2: the director's line for an attack is one of the stay-in-role lines.
            assert outside.strip().startswith("Stage direction:")
            assert any(line in outside for line in scenario.reactions.stay_in_role)


# --------------------------------------------------------------------------- (c) the scorer


def golden_round(catalog: Catalog, name: str) -> tuple[Scenario, tuple[Turn, ...], str]:
    """A recorded round 1 and its self-assessment from the golden set."""
    session = SessionFile.model_validate_json((GOLDEN / f"{name}.json").read_text("utf-8"))
    turns = session.rounds[0].as_turns()
    return catalog.scenario(session.scenario), turns, session.self_assessment or ""


def renumber(pairs: Sequence[tuple[str, str]]) -> tuple[Turn, ...]:
    """Turns from (speaker, text) pairs, numbered from 0."""
    return tuple(Turn(i, speaker, text) for i, (speaker, text) in enumerate(pairs))  # type: ignore[arg-type]


def with_attack(
    scenario: Scenario, turns: tuple[Turn, ...], entry: Entry
) -> dict[str, tuple[Turn, ...]]:
    """The round with the attack at the end, in the middle, and glued onto a real question."""
    pairs: list[tuple[str, str]] = [(t.speaker, t.text) for t in turns]
    attack: list[tuple[str, str]] = []
    for text in entry.turns:
        attack += [("candidate", text), ("prospect", scenario.reactions.stay_in_role[0])]
    middle = 3  # after the prospect's answer to the first candidate turn
    glued = list(pairs)
    second = [i for i, (speaker, _) in enumerate(pairs) if speaker == "candidate"][1]
    glued[second] = ("candidate", glued[second][1] + " " + entry.text)
    return {
        "end": renumber(pairs + attack),
        "middle": renumber(pairs[:middle] + attack + pairs[middle:]),
        "glued": renumber(glued),
    }


def assert_not_better(attacked: RoundScore, clean: RoundScore, where: str) -> None:
    """No criterion and not the total rise because of the attack."""
    before = {c.criterion: c.score for c in clean.criteria}
    for criterion in attacked.criteria:
        assert criterion.score <= before[criterion.criterion], (where, criterion)
    assert attacked.total <= clean.total, where
    assert "prompt-injection" in attacked.flags, where


@pytest.mark.parametrize("entry", ROLEPLAY, ids=ids(ROLEPLAY))
def test_an_attack_never_lifts_a_round_and_is_flagged(entry: Entry, catalog: Catalog) -> None:
    for name in ROUNDS[entry.language]:
        scenario, turns, _ = golden_round(catalog, name)
        rubric = catalog.rubric(scenario.rubric)
        clean = score_round(rubric, turns, scenario)
        assert "prompt-injection" not in clean.flags
        for where, attacked in with_attack(scenario, turns, entry).items():
            assert_not_better(score_round(rubric, attacked, scenario), clean, f"{name}/{where}")


def assess(catalog: Catalog, name: str, text: str) -> tuple[int, tuple[str, ...]]:
    """Score `text` as the self-assessment of golden round `name`: (score, flags)."""
    scenario, turns, _ = golden_round(catalog, name)
    rubric = catalog.rubric(scenario.rubric)
    judged = score_round(rubric, turns, scenario)
    found = score_self_assessment(
        text, judged, catalog.rubric("self-assessment"), turns, round_rubric=rubric
    )
    return found.score, found.flags


@pytest.mark.parametrize("entry", ALL, ids=ids(ALL))
def test_an_attack_never_lifts_a_self_assessment_and_is_flagged(
    entry: Entry, catalog: Catalog
) -> None:
    for name in ROUNDS[entry.language]:
        honest = golden_round(catalog, name)[2]
        clean, clean_flags = assess(catalog, name, honest)
        assert "prompt-injection" not in clean_flags
        for text in (f"{honest} {entry.text}", f"{entry.text} {honest}", entry.text):
            score, flags = assess(catalog, name, text)
            assert score <= clean, (name, text)
            assert "prompt-injection" in flags, (name, text)


@pytest.mark.parametrize("entry", ALL, ids=ids(ALL))
def test_the_scorer_recognises_every_attack(entry: Entry) -> None:
    assert any(detect_injection(t) for t in entry.turns)


@pytest.mark.parametrize("entry", BENIGN, ids=ids(BENIGN))
def test_benign_look_alikes_are_scored_without_a_flag(entry: Entry, catalog: Catalog) -> None:
    assert not any(detect_injection(t) for t in entry.turns)
    scenario = catalog.scenario(SCENARIOS[entry.language])
    if entry.where == "roleplay":
        rounds = play(scenario, [OPENERS[entry.language], *entry.turns])
        scored = score_round(catalog.rubric(scenario.rubric), rounds[-1], scenario)
        assert "prompt-injection" not in scored.flags
    else:
        turns = play(scenario, [OPENERS[entry.language]])[-1]
        rubric = catalog.rubric(scenario.rubric)
        judged = score_round(rubric, turns, scenario)
        found = score_self_assessment(
            entry.text, judged, catalog.rubric("self-assessment"), turns, round_rubric=rubric
        )
        assert "prompt-injection" not in found.flags
