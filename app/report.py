"""The session report: every round scored, the self-assessment, the coaching and its application."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.catalog.loader import Catalog
from app.catalog.models import Rubric, Scenario
from app.coaching.coach import coach_on, pick_coaching, pick_improvement, pick_strength
from app.coaching.compare import compare_rounds
from app.coaching.models import Application, Coaching, CoachingPoint
from app.language.registry import language as language_of
from app.roleplay.transcript import Turn
from app.scoring.models import RoundScore, SelfAssessmentScore
from app.scoring.score import round_language, score_round
from app.scoring.self_assessment import score_self_assessment
from app.session_file import SessionFile

DEFAULT_RUBRIC = "roberge-curiosity"
SELF_ASSESSMENT_RUBRIC = "self-assessment"


@dataclass(frozen=True, slots=True)
class RoundReport:
    """One round: its turns and its scorecard."""

    turns: tuple[Turn, ...]
    score: RoundScore


@dataclass(frozen=True, slots=True)
class SessionReport:
    """A whole session, scored."""

    scenario: str
    scenario_known: bool
    rubric: Rubric
    language: str
    rounds: tuple[RoundReport, ...]
    self_assessment: SelfAssessmentScore | None
    coaching: Coaching
    application: Application | None
    feedback_reply: str | None = None


def _rubric_for(
    session: SessionFile, scenario: Scenario | None, language: str, catalog: Catalog
) -> Rubric:
    if session.rubric:
        return catalog.rubric(session.rubric)
    rubric = catalog.rubric(scenario.rubric if scenario else DEFAULT_RUBRIC)
    # A call plainly held in another language is scored with that language's twin rubric.
    if rubric.language != language:
        base = rubric.id.removesuffix(f"-{rubric.language}")
        for twin in (f"{base}-{language}", base):
            if twin in catalog.rubrics and catalog.rubrics[twin].language == language:
                return catalog.rubrics[twin]
    return rubric


def _context(
    session: SessionFile, catalog: Catalog
) -> tuple[Scenario | None, list[tuple[Turn, ...]], str, Rubric]:
    """The scenario, each round's turns, the call's language and the rubric of a session."""
    scenario = catalog.scenarios.get(session.scenario)
    rounds_turns = [r.as_turns() for r in session.rounds]
    everything = tuple(t for turns in rounds_turns for t in turns)
    language = round_language(everything, scenario.language if scenario else "en")
    return scenario, rounds_turns, language, _rubric_for(session, scenario, language, catalog)


def score_session(session: SessionFile, catalog: Catalog) -> SessionReport:
    """Score every round of a session file, its self-assessment, coaching and application."""
    scenario, rounds_turns, language, rubric = _context(session, catalog)
    scores = [score_round(rubric, turns, scenario, language=language) for turns in rounds_turns]
    first, first_turns = scores[0], rounds_turns[0]
    self_assessment = None
    if session.self_assessment is not None:
        self_assessment = score_self_assessment(
            session.self_assessment,
            first,
            catalog.rubrics.get(SELF_ASSESSMENT_RUBRIC, rubric),
            first_turns,
            round_rubric=rubric,
        )
    coaching = _coaching(session, rubric, first, first_turns)
    application = None
    if len(scores) >= 2:
        application = compare_rounds(
            first, scores[1], coaching.improvement.criterion, rubric=rubric
        )
    return SessionReport(
        scenario=session.scenario,
        scenario_known=scenario is not None,
        rubric=rubric,
        language=language,
        rounds=tuple(RoundReport(t, s) for t, s in zip(rounds_turns, scores, strict=True)),
        self_assessment=self_assessment,
        coaching=coaching,
        application=application,
        feedback_reply=session.feedback_reply,
    )


def score_ended_round(session: SessionFile, catalog: Catalog, number: int) -> RoundScore:
    """Score round `number` as score_session does when it is the session's last round: the
    moment it ends, from rounds 1..number only (the scorecard is then stored, never redone)."""
    played = session.model_copy(update={"rounds": session.rounds[:number]})
    scenario, rounds_turns, language, rubric = _context(played, catalog)
    return score_round(rubric, rounds_turns[number - 1], scenario, language=language)


def score_stored_self_assessment(
    session: SessionFile, catalog: Catalog, first: RoundScore
) -> SelfAssessmentScore | None:
    """The session's self-assessment scored against round 1's stored scorecard (None if absent)."""
    if session.self_assessment is None:
        return None
    rubric = catalog.rubric(first.rubric)
    return score_self_assessment(
        session.self_assessment,
        first,
        catalog.rubrics.get(SELF_ASSESSMENT_RUBRIC, rubric),
        session.rounds[0].as_turns(),
        round_rubric=rubric,
    )


def coaching_for_stored(session: SessionFile, catalog: Catalog, first: RoundScore) -> Coaching:
    """The coaching on round 1's stored scorecard (on the criteria the session names, if any)."""
    return _coaching(session, catalog.rubric(first.rubric), first, session.rounds[0].as_turns())


def stored_report(
    session: SessionFile,
    catalog: Catalog,
    rounds: Sequence[RoundScore],
    self_assessment: SelfAssessmentScore | None,
    coaching: Coaching,
    application: Application | None,
) -> SessionReport:
    """A SessionReport from scores stored earlier: nothing is scored again."""
    return SessionReport(
        scenario=session.scenario,
        scenario_known=session.scenario in catalog.scenarios,
        rubric=catalog.rubric(rounds[0].rubric),
        # The language the last round was scored in: score_session's, over every round.
        language=rounds[-1].language,
        rounds=tuple(
            RoundReport(r.as_turns(), s) for r, s in zip(session.rounds, rounds, strict=False)
        ),
        self_assessment=self_assessment,
        coaching=coaching,
        application=application,
        feedback_reply=session.feedback_reply,
    )


def _coaching(
    session: SessionFile, rubric: Rubric, first: RoundScore, turns: Sequence[Turn]
) -> Coaching:
    given = session.coaching
    if given is None or not (given.strength or given.improvement):
        return pick_coaching(rubric, first, turns)
    strength = given.strength or pick_strength(first, exclude=given.improvement).criterion
    improvement = given.improvement or pick_improvement(first, exclude=strength).criterion
    return coach_on(rubric, first, turns, strength, improvement)


# --------------------------------------------------------------------------- JSON


def _point_json(point: CoachingPoint) -> dict[str, Any]:
    return {
        "criterion": point.criterion,
        "name": point.name,
        "quote": point.quote,
        "turn": point.turn,
        "message": point.message,
    }


def _round_json(round_: RoundReport) -> dict[str, Any]:
    score, m = round_.score, round_.score.metrics
    notes = {a.index: a for a in score.turns}
    turns = []
    for turn in round_.turns:
        entry: dict[str, Any] = {"index": turn.index, "speaker": turn.speaker, "text": turn.text}
        note = notes.get(turn.index)
        if turn.speaker == "candidate" and note is not None:
            entry.update(
                question=note.question,
                questions=note.questions,
                pitch=note.pitch or note.self_talk,
                follow_up=note.follow_up,
                stacked=note.stacked,
                facts=list(note.facts),
                challenge_points=list(note.challenge_points),
                injection=note.injection,
                words=note.words,
                form=note.form,
                uncredited=note.uncredited,
                prompt=note.prompt,
                topics=list(note.topics),
                recap=note.recap,
            )
        elif note is not None:
            entry.update(
                words=note.words,
                challenge=note.challenge_asked,
                objection=note.objection,
                revealed=list(note.revealed),
                new_words=note.new_words,
                telling=note.telling,
            )
        turns.append(entry)
    return {
        "total": score.total,
        "language": score.language,
        "criteria": {
            c.criterion: {
                "name": c.name,
                "score": c.score,
                "raw": c.raw,
                "evidence": list(c.evidence),
                "reason": c.reason,
                "weight": c.weight,
                "assessed": c.assessed,
            }
            for c in score.criteria
        },
        "turns": turns,
        "metrics": {
            "candidate_turns": m.candidate_turns,
            "prospect_turns": m.prospect_turns,
            "talk_share": m.talk_share,
            "longest_monologue": m.longest_monologue,
            "words_before_first_question": m.words_before_first_question,
            "questions": m.questions,
            "open_questions": m.open_questions,
            "closed_questions": m.closed_questions,
            "leading_questions": m.leading_questions,
            "stacked_turns": m.stacked_turns,
            "pitch_turns": m.pitch_turns,
            "follow_ups": m.follow_ups,
            "facts_uncovered": list(m.facts_uncovered),
            "facts_total": m.facts_total,
            "challenge_asked": m.challenge_asked,
            "challenge_coverage": m.challenge_coverage,
            "injection_turns": list(m.injection_turns),
        },
        "flags": list(score.flags),
        "gaming": [{"kind": g.kind, "turns": list(g.turns)} for g in score.gaming],
    }


def report_as_json(report: SessionReport) -> dict[str, Any]:
    """The report as plain JSON-ready values (the shape the CLI prints and the API returns)."""
    sa = report.self_assessment
    app = report.application
    return {
        "scenario": report.scenario,
        "scenario_known": report.scenario_known,
        "rubric": report.rubric.id,
        "language": report.language,
        "rounds": [_round_json(r) for r in report.rounds],
        "self_assessment": {
            "score": sa.score if sa else None,
            "specific": sa.specific if sa else None,
            "balanced": sa.balanced if sa else None,
            "overclaiming": sa.overclaiming if sa else None,
            "insight_gap": sa.insight_gap if sa else None,
            "claimed": dict(sa.claimed) if sa else {},
            "reason": sa.reason if sa else None,
            "flags": list(sa.flags) if sa else [],
        },
        "coaching": {
            "strength": _point_json(report.coaching.strength),
            "improvement": _point_json(report.coaching.improvement),
        },
        "application": {
            "applied": app.applied if app else None,
            "coached": report.coaching.improvement.criterion,
            "over_correction": list(app.over_correction) if app else [],
            "verdict": app.verdict if app else None,
            "rose": list(app.rose) if app else [],
            "fell": list(app.fell) if app else [],
            "summary": app.summary if app else None,
            "total_before": app.total_before if app else None,
            "total_after": app.total_after if app else None,
            "changes": [
                {
                    "criterion": c.criterion,
                    "before": c.before,
                    "after": c.after,
                    "delta": c.delta,
                    "raw_before": c.raw_before,
                    "raw_after": c.raw_after,
                }
                for c in ((app.coached, *app.others) if app else ())
            ],
        },
        "feedback_reply": report.feedback_reply,
    }


# --------------------------------------------------------------------------- text


def _labels(language: str) -> dict[str, Any]:
    return dict(language_of(language).texts.report)


def gaming_text(kind: str, language: str = "en") -> str:
    """A flag's kind in plain words (the language's `report.gaming` texts; else the kind)."""
    return str(_labels(language)["gaming"].get(kind, kind.replace("-", " ")))


def _round_text(number: int, round_: RoundReport, label: dict[str, Any]) -> list[str]:
    score, m = round_.score, round_.score.metrics
    lines = [label["round"].format(number=number, total=score.total)]
    width = max((len(c.name) for c in score.criteria), default=0)
    for c in score.criteria:
        # Numbered as the web transcript shows them (#1 is the first line); JSON keeps indexes.
        turns = ", ".join(f"#{i + 1}" for i in c.evidence) or "-"
        mark = f"{c.score}/5" if c.assessed else f"({label['not_assessed']})"
        lines.append(f"  {c.name:<{width}}  {mark}  [{label['turns']} {turns}]  {c.reason}")
    metrics = label["metrics"].format(
        share=round(100 * m.talk_share),
        longest=m.longest_monologue,
        questions=m.questions,
        open=m.open_questions,
        closed=m.closed_questions,
        leading=m.leading_questions,
        follow_ups=m.follow_ups,
        stacked=m.stacked_turns,
        pitches=m.pitch_turns,
    )
    if m.facts_total:
        metrics += label["facts"].format(found=len(m.facts_uncovered), total=m.facts_total)
    if m.challenge_coverage is not None:
        metrics += label["challenge"].format(covered=round(100 * m.challenge_coverage))
    lines.append(f"  {metrics}")
    shown = {g.kind for g in score.gaming}
    if others := [f for f in score.flags if f not in shown]:
        lines.append("  " + label["flags"].format(flags=", ".join(others)))
    for g in score.gaming:
        turns = ", ".join(f"#{i + 1}" for i in g.turns)
        kind = label["gaming"].get(g.kind, g.kind.replace("-", " "))
        lines.append("  " + label["gaming_line"].format(kind=kind, turns=turns))
    return lines


def _point_text(title: str, point: CoachingPoint, label: dict[str, Any]) -> list[str]:
    where = (
        f" ({label['turn'].format(turn=f'#{point.turn + 1}')})" if point.turn is not None else ""
    )
    lines = [f"{title}: {point.name}{where}"]
    if point.quote:
        lines.append(f'  "{point.quote}"')
    lines.append(f"  {point.message}")
    return lines


def report_as_text(report: SessionReport) -> str:
    """The report as a plain terminal read-out."""
    label = _labels(report.rubric.language)
    lines = [
        label["heading"].format(
            scenario=report.scenario, rubric=report.rubric.id, language=report.language
        )
    ]
    if not report.scenario_known:
        lines.append(label["unknown_scenario"].format(scenario=report.scenario))
    for number, round_ in enumerate(report.rounds, start=1):
        lines += ["", *_round_text(number, round_, label)]
    lines.append("")
    sa = report.self_assessment
    if sa is None:
        lines.append(label["no_self_assessment"])
    else:
        lines.append(label["self_assessment"].format(score=sa.score, gap=f"{sa.insight_gap:.2f}"))
        lines.append(f"  {sa.reason}")
    lines += ["", *_point_text(label["strength"], report.coaching.strength, label)]
    lines += _point_text(label["improvement"], report.coaching.improvement, label)
    lines.append("")
    if report.application is None:
        lines.append(label["no_application"])
    else:
        app = report.application
        lines.append(label["application"].format(applied=f"{app.applied:.2f}"))
        lines.append(f"  {app.summary}")
    return "\n".join(lines) + "\n"
