"""Times a meeting is proposed for: "Tuesday at 10", "Thursday afternoon", "tisdag kl 14".

The scripted prospect reads them from the candidate's turns and from its own lines, so that a
proposed time is accepted, countered or declined as that time, and an agreed time is kept.
The words are every language's (languages/<code>/reading.yaml, `times`), read side by side like
the rest of the prospect's ear; a time is said back in the call's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from app.language.lexicon import accept_unaccented, words_pattern
from app.language.registry import language, languages, on_install
from app.language.schema import Day, Part, Relative, joined

_V = TypeVar("_V")


@dataclass(frozen=True, slots=True)
class _Words:
    """Every language's time words, compiled."""

    days: Mapping[str, Day]
    parts: Mapping[str, Part]
    relative: Mapping[str, Relative]
    day: re.Pattern[str]
    part: re.Pattern[str]
    relative_re: re.Pattern[str]
    clock: re.Pattern[str]
    am: re.Pattern[str]
    pm: re.Pattern[str]


def _named(words: Iterable[str], endings: Iterable[str], letters: dict[str, str]) -> str:
    """Words (a group of their own) that may take one of the endings."""
    ending = "|".join(sorted(endings, key=len, reverse=True))
    found = accept_unaccented(words_pattern(w.replace(" ", "_") for w in words), letters)
    return f"({found})" + (f"(?:{ending})?" if ending else "")


@lru_cache(maxsize=1)
def _words() -> _Words:
    found = list(languages().by_code.values())
    days: dict[str, Day] = {}
    parts: dict[str, Part] = {}
    relative: dict[str, Relative] = {}
    day, part, rel, before, after, am, pm = [], [], [], [], [], [], []
    for lang in found:
        times, letters = lang.reading.times, lang.info.unaccented
        days.update(_spellings(times.days, lang.fold))
        parts.update(_spellings(times.parts, lang.fold))
        relative.update(_spellings(times.relative, lang.fold))
        day.append(_named(times.days, times.day_endings.split(), letters))
        part.append(_named(times.parts, times.part_endings.split(), letters))
        rel.append(_named(times.relative, (), letters))
        before.append(accept_unaccented(joined(times.clock_before), letters))
        if joined(times.clock_after):
            after.append(accept_unaccented(joined(times.clock_after), letters))
        am.append(joined(times.am))
        pm.append(joined(times.pm))
    mark = "|".join(p for p in am + pm if p)
    # "at 10", "at 10:30", "10am", "3 pm", "kl 14", "klockan 9", "kl. 10.30", "um 10 Uhr"
    clock = (
        rf"\b(?:{'|'.join(before)})\s+(\d{{1,2}})(?:[:.](\d\d))?(?:\s*({mark}))?"
        rf"|\b(\d{{1,2}})(?:[:.](\d\d))?\s*({mark})"
    )
    if after:
        clock += rf"|\b(\d{{1,2}})(?:[:.](\d\d))?\s*(?:{'|'.join(after)})\b()"
    return _Words(
        days,
        parts,
        relative,
        re.compile(r"\b(?:" + "|".join(day) + r")\b", re.IGNORECASE),
        re.compile(r"\b(?:" + "|".join(part) + r")\b", re.IGNORECASE),
        re.compile(r"\b(?:" + "|".join(rel) + r")\b", re.IGNORECASE),
        re.compile(clock, re.IGNORECASE),
        re.compile("|".join(p for p in am if p) or "(?!x)x", re.IGNORECASE),
        re.compile("|".join(p for p in pm if p) or "(?!x)x", re.IGNORECASE),
    )


def _spellings(names: Mapping[str, _V], fold: Callable[[str], str]) -> dict[str, _V]:
    """The names, also as typed without accents, lower-cased and with single spaces."""
    table: dict[str, _V] = {}
    for name, value in names.items():
        key = " ".join(name.lower().split())
        table[key] = value
        table[fold(key)] = value
    return table


on_install(_words.cache_clear)


_OFFICE_HOURS = range(8, 18)  # a meeting starting in these hours is a normal one


@dataclass(frozen=True, slots=True)
class Slot:
    """A time named in a line: a day (or "tomorrow", "next week"), a clock time, a part of day."""

    day: Day | None = None
    relative: Relative | None = None
    hour: int | None = None  # 0-23
    minute: int = 0
    part: Part | None = None

    @property
    def part_of_day(self) -> Part | None:
        """The part of the day, named or implied by the hour."""
        if self.part is not None or self.hour is None:
            return self.part
        return "morning" if self.hour < 12 else "afternoon" if self.hour < 18 else "evening"

    @property
    def unusual(self) -> bool:
        """A weekend, or a start outside office hours: a buyer would suggest another time."""
        weekend = self.day in ("sat", "sun")
        late = self.hour is not None and self.hour not in _OFFICE_HOURS
        return weekend or late or self.part == "evening"

    def fits(self, other: Slot) -> bool:
        """Whether two mentions can name the same meeting (nothing either names disagrees)."""
        if self.day and other.day and self.day != other.day:
            return False
        if (self.day and other.relative == "tomorrow") or (
            other.day and self.relative == "tomorrow"
        ):
            return False  # which day "tomorrow" is, nobody on the call can tell
        if self.relative and other.relative and self.relative != other.relative:
            return False
        if self.hour is not None and other.hour is not None:
            return (self.hour, self.minute) == (other.hour, other.minute)
        mine, theirs = self.part_of_day, other.part_of_day
        return mine is None or theirs is None or mine == theirs

    def merged(self, other: Slot) -> Slot:
        """This slot with the details only `other` names (a later, more precise mention)."""
        return Slot(
            self.day or other.day,
            self.relative if self.day or self.relative else other.relative,
            self.hour if self.hour is not None else other.hour,
            self.minute if self.hour is not None else other.minute,
            self.part or other.part,
        )

    def say(self, code: str) -> str:
        """The slot in words, in the language `code`: "Tuesday at 10", "torsdag eftermiddag"."""
        names = language(code).reading.times.say
        words: list[str] = []
        if self.day:
            words.append(names.days[self.day])
        elif self.relative:
            words.append(names.relative[self.relative])
        if self.hour is not None:
            hour, suffix = self.hour, ""
            if names.twelve_hour:
                hour = hour - 12 if hour > 12 else hour
                # Outside office hours "at 7" is ambiguous: say which 7.
                suffix = names.am if self.hour < 8 else names.pm if self.hour >= 18 else ""
            clock = (
                f"{hour}" if not self.minute else f"{hour}{names.minutes_after}{self.minute:02d}"
            )
            words.append(names.clock.format(clock=clock + suffix))
        elif self.part:
            words.append(names.parts[self.part])
        return " ".join(words)


def _hour(raw: str, minute: str | None, meridiem: str | None) -> tuple[int, int]:
    hour = int(raw)
    mark = (meridiem or "").strip()
    words = _words()
    if mark and words.pm.fullmatch(mark) and hour < 12:
        hour += 12
    elif mark and words.am.fullmatch(mark) and hour == 12:
        hour = 0
    elif not mark and 1 <= hour <= 7:
        hour += 12  # "at 3" during the working day is 15:00
    return hour, int(minute or 0)


def _key(match: re.Match[str]) -> str:
    """The name a match found (the first group that took part), as the tables spell it."""
    found = next(g for g in match.groups() if g is not None)
    return " ".join(found.lower().split())


def find_slot(text: str) -> Slot | None:
    """The first time a line names, or None when it names no day, clock time or part of day
    (in any language present)."""
    words = _words()
    day_match = words.day.search(text)
    relative_match = words.relative_re.search(text)
    part_match = words.part.search(text)
    clock = words.clock.search(text)
    if not (day_match or relative_match or part_match or clock):
        return None
    hour: int | None = None
    minute = 0
    if clock:
        groups = clock.groups()
        at = next(i for i in (0, 3, 6) if i < len(groups) and groups[i] is not None)
        raw, mins = groups[at], groups[at + 1]
        mark = groups[at + 2] if at < 6 else None
        if int(raw) <= 23 and int(mins or 0) <= 59:
            hour, minute = _hour(raw, mins, mark)
    if not (day_match or relative_match or part_match) and hour is None:
        return None
    return Slot(
        day=words.days[_key(day_match)] if day_match else None,
        relative=words.relative[_key(relative_match)] if relative_match else None,
        hour=hour,
        minute=minute,
        part=words.parts[_key(part_match)] if part_match else None,
    )


def other_time(slot: Slot) -> Slot:
    """A sensible alternative to an unusual slot: the same working day at ten, else Monday."""
    day: Day | None = slot.day if slot.day not in ("sat", "sun") else "mon"
    return Slot(day=day, relative=None if day else slot.relative, hour=10)
