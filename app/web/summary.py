"""The summary at the top of a report: one line per figure, in words and numbers, and where
the candidate stands in the opening. Pure: the figures come in, the lines go out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from app.flows.openings import Standing
from app.flows.views import FlagView
from app.report import gaming_text
from app.scoring.models import RoundScore

Tone = Literal["good", "warn", "bad", "none"]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One figure: what it is, the number, what the number means, and the detail behind it."""

    key: str  # call1 | call2 | applied | self | flags | standing
    label: str
    figure: str
    words: str
    tone: Tone
    detail: str = ""


@cache
def _texts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "summary.yaml").read_text(encoding="utf-8")
    )
    return data


def band(kind: str, value: float) -> tuple[str, Tone]:
    """The words and tone of a figure, from summary.yaml's bands for its kind."""
    for entry in _texts()[kind]:
        if value >= entry["at_least"]:
            return str(entry["words"]), entry["tone"]
    last = _texts()[kind][-1]
    return str(last["words"]), last["tone"]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def flag_text(flag: FlagView, language: str = "en") -> str:
    """A flag in words: where, what, which turns (numbered as the transcript shows them)."""
    where = _texts()["parts"].get(flag.part, flag.part)
    turns = ", ".join(str(t + 1) for t in flag.turns)
    turn_word = "turn" if len(flag.turns) == 1 else "turns"
    return f"{where}: {gaming_text(flag.kind, language)}" + (
        f" ({turn_word} {turns})" if turns else ""
    )


def _extremes(score: RoundScore | None) -> str:
    if score is None:
        return ""
    assessed = [c for c in score.criteria if c.assessed] or list(score.criteria)
    if not assessed:
        return ""
    best = max(assessed, key=lambda c: (c.score, c.weight))
    worst = min(assessed, key=lambda c: (c.score, -c.weight))
    if best.score == worst.score:
        return f"every criterion at {best.score}/5"
    return f"strongest {best.name} {best.score}/5, weakest {worst.name} {worst.score}/5"


def _call_line(number: int, total: int | None, score: RoundScore | None, state: str) -> SummaryLine:
    key, label = f"call{number}", f"Call {number}"
    if total is None:
        return SummaryLine(key, label, "–", state, "none")
    words, tone = band("call_total", total)
    return SummaryLine(key, label, f"{total}/100", words, tone, _extremes(score))


def report_summary(
    *,
    status: str,
    totals: tuple[int | None, int | None],
    rounds: Sequence[RoundScore],
    applied: float | None,
    applied_detail: str,
    self_score: int | None,
    flags: Sequence[FlagView],
    standing: Standing | None,
    language: str = "en",
) -> list[SummaryLine]:
    """The summary lines of a report, from the figures that count (overrides laid on)."""
    first = rounds[0] if rounds else None
    second = rounds[1] if len(rounds) > 1 else None
    lines = [
        _call_line(1, totals[0], first, "not played yet" if status == "invited" else "in play"),
        _call_line(2, totals[1], second, "in play" if status == "round2" else "not played yet"),
    ]
    if totals[0] is not None and totals[1] is not None:
        change = totals[1] - totals[0]
        call2 = lines[1]
        lines[1] = SummaryLine(
            call2.key,
            call2.label,
            call2.figure,
            f"{call2.words}, {change:+d} on call 1" if change else f"{call2.words}, as call 1",
            call2.tone,
            call2.detail,
        )
    if applied is None:
        lines.append(
            SummaryLine("applied", "Coaching applied", "–", "measured once call 2 is over", "none")
        )
    else:
        words, tone = band("applied", applied)
        lines.append(
            SummaryLine(
                "applied",
                "Coaching applied",
                f"{round(applied * 100)}%",
                words,
                tone,
                applied_detail,
            )
        )
    if self_score is None:
        lines.append(SummaryLine("self", "Self-insight", "–", "not given yet", "none"))
    else:
        words, tone = band("self_insight", self_score)
        lines.append(SummaryLine("self", "Self-insight", f"{self_score}/5", words, tone))
    if flags:
        lines.append(
            SummaryLine(
                "flags",
                "Flags",
                str(len(flags)),
                "read before deciding",
                "bad",
                "; ".join(flag_text(f, language) for f in flags),
            )
        )
    elif totals[0] is not None:
        lines.append(SummaryLine("flags", "Flags", "0", "none raised", "good"))
    else:
        lines.append(SummaryLine("flags", "Flags", "–", "none yet", "none"))
    if standing is not None:
        lines.append(_standing_line(standing))
    return lines


def _standing_line(standing: Standing) -> SummaryLine:
    waiting = standing.invited - standing.ranked
    detail = f"in {standing.opening_title}, by call 2, then coaching applied, then call 1"
    if waiting:
        detail += f"; {waiting} of {standing.invited} not finished yet"
    if standing.rank is None:
        return SummaryLine(
            "standing",
            "Standing",
            "–",
            f"ranked once both calls are over ({standing.ranked} ranked so far)",
            "none",
            detail,
        )
    top = standing.rank <= max(1, standing.ranked // 4)
    return SummaryLine(
        "standing",
        "Standing",
        f"{ordinal(standing.rank)} of {standing.ranked}",
        "top of the opening" if standing.rank == 1 else ("in the top quarter" if top else "ranked"),
        "good" if top else "none",
        detail,
    )
