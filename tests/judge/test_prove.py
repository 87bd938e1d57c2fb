"""Which opinions stand: quotes proven at their line, and no higher level without proof."""

from __future__ import annotations

from app.catalog.loader import Catalog
from app.judge.build import round_input
from app.judge.models import Opinion, Quote
from app.judge.parse import read_answer
from app.judge.prove import EVIDENCE_WEIGHT, check_anchor, check_quotes, needed_weight, prove
from app.report import score_session
from app.session_file import SessionFile
from tests.judge.helpers import answer, golden_report, golden_review, golden_round


def test_a_quote_must_be_in_the_line_it_names(catalog: Catalog) -> None:
    judge_input, _, _ = golden_round(catalog, "star-01")
    lines = {line.number: line for line in judge_input.lines}
    said = lines[2].text
    real = Opinion("opening", 2, (Quote(2, said[:40]),))
    assert check_quotes(real, lines).stands
    moved = Opinion("opening", 2, (Quote(3, said[:40]),))  # the prospect's line after it
    assert check_quotes(moved, lines).problem == "quote-not-found"
    invented = Opinion("opening", 2, (Quote(2, "I asked about their budget and timeline"),))
    assert check_quotes(invented, lines).problem == "quote-not-found"
    nowhere = Opinion("opening", 2, (Quote(99, said[:40]),))
    assert check_quotes(nowhere, lines).detail == "no line 99"
    one_real_one_not = Opinion("opening", 2, (Quote(2, said[:40]), Quote(2, "never said this")))
    assert check_quotes(one_real_one_not, lines).problem == "quote-not-found"


def test_a_level_at_or_below_the_rules_needs_only_proven_quotes(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "pitcher-01")
    levels = {c: 1 for c in reading.levels}
    opinions = prove(read_answer(answer(judge_input, levels), judge_input), judge_input, reading)
    assert all(o.stands for o in opinions)


def test_a_higher_level_on_words_the_rules_give_no_weight_is_unproven(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "pitcher-01")
    lines = {line.number: line for line in judge_input.lines}
    greeting = Opinion("goal-discovery", 4, (Quote(2, "Hi Dana, this is Chris from HubSpot"),))
    found = check_anchor(check_quotes(greeting, lines), reading, lines)
    assert found.problem == "unproven"
    assert "moves" in found.detail
    prospect_only = Opinion("listening", 3, (Quote(3, "That's a lot."),))
    found = check_anchor(check_quotes(prospect_only, lines), reading, lines)
    assert (found.problem, found.detail) == ("unproven", "no words of the candidate quoted")


def test_a_higher_level_on_words_the_rules_value_stands(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "star-01")
    lines = {line.number: line for line in judge_input.lines}
    questions = tuple(
        Quote(line.number, line.text)
        for line in judge_input.lines
        if line.speaker == "candidate" and "?" in line.text
    )
    rule = reading.levels["open-questions"]
    one_up = Opinion("open-questions", rule + 1, questions)
    assert check_anchor(check_quotes(one_up, lines), reading, lines).stands
    # Two levels up needs a level and a quarter of weight: the same words carry it or not, as the
    # rules value them, never by the judge's say-so.
    changed = check_anchor(Opinion("open-questions", rule + 2, questions), reading, lines)
    assert changed.stands == (reading.raws["open-questions"] - 1.0 > needed_weight(2))


def test_the_weight_needed_grows_a_level_per_level_beyond_the_first() -> None:
    assert needed_weight(1) == EVIDENCE_WEIGHT
    assert needed_weight(2) == EVIDENCE_WEIGHT + 1
    assert needed_weight(4) == EVIDENCE_WEIGHT + 3


def test_words_aimed_at_the_scorer_never_carry_a_higher_level(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "injector-01")
    lines = {line.number: line for line in judge_input.lines}
    attack = min(reading.aimed_at_scorer)
    quote = (Quote(attack, lines[attack].text[:60]),)
    up = check_anchor(check_quotes(Opinion("listening", 5, quote), lines), reading, lines)
    assert (up.problem, up.detail) == ("aimed-at-scorer", f"line {attack}")
    # Quoting the attempt to explain a low level is what a good judge does.
    down = check_anchor(check_quotes(Opinion("listening", 1, quote), lines), reading, lines)
    assert down.stands


def test_a_review_that_addresses_the_scorer_cannot_lift_its_level(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_review(catalog, "injector-01")
    review = judge_input.review_line
    assert review is not None and review in reading.aimed_at_scorer
    lines = {line.number: line for line in judge_input.lines}
    text = lines[review].text
    rule = next(iter(reading.levels.values()))
    up = Opinion("specificity", min(5, rule + 2), (Quote(review, text[:50]),))
    assert check_anchor(check_quotes(up, lines), reading, lines).problem == "aimed-at-scorer"


def test_every_criterion_is_proven_independently(catalog: Catalog) -> None:
    judge_input, reading, _ = golden_round(catalog, "star-01")
    levels = dict(reading.levels)
    quotes = {"opening": [(2, "words that were never said on this call")]}
    opinions = prove(
        read_answer(answer(judge_input, levels, quotes), judge_input), judge_input, reading
    )
    problems = {o.criterion: o.problem for o in opinions}
    assert problems.pop("opening") == "quote-not-found"
    assert set(problems.values()) == {None}


def test_a_higher_level_on_a_rhetorical_question_is_unproven(catalog: Catalog) -> None:
    """ "Did you know that our platform ...?" asks nothing: quoting it proves no level above the
    rules', however much the rest of its line is worth."""
    session, _ = golden_report(catalog, "star-01")
    data = session.model_dump()
    turns = data["rounds"][0]["turns"]
    first = next(i for i, t in enumerate(turns) if t["speaker"] == "candidate")
    claim = "Did you know that our platform triples the leads of companies like yours?"
    turns[first]["text"] = f"{claim} {turns[first]['text']}"
    gamed = SessionFile.model_validate(data)
    report = score_session(gamed, catalog)
    found = report.rounds[0]
    scenario = catalog.scenarios.get(gamed.scenario)
    judge_input, reading = round_input("round1", report.rubric, found.turns, found.score, scenario)
    lines = {line.number: line for line in judge_input.lines}
    criterion, rule = min(reading.levels.items(), key=lambda item: item[1])
    assert rule < 5
    number = first + 1  # lines are numbered from 1
    claimed = Opinion(criterion, 5, (Quote(number, claim),))
    up = check_anchor(check_quotes(claimed, lines), reading, lines)
    assert up.problem == "unproven" and "answered at once" in up.detail
    # The real question after it, quoted alone, is weighed as before.
    asked = Opinion(criterion, rule + 1, (Quote(number, "I wanted to follow"),))
    assert "answered at once" not in check_anchor(check_quotes(asked, lines), reading, lines).detail
    # Quoting the claim to explain a low level is what a good judge does.
    down = check_anchor(
        check_quotes(Opinion(criterion, 1, (Quote(number, claim),)), lines), reading, lines
    )
    assert down.stands
