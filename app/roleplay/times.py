"""Times a meeting is proposed for: "Tuesday at 10", "Thursday afternoon", "tisdag kl 14".

The scripted prospect reads them from the candidate's turns and from its own lines, so that a
proposed time is accepted, countered or declined as that time, and an agreed time is kept.
English and Swedish words live side by side, like the rest of the prospect's ear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Part = Literal["morning", "afternoon", "evening"]

_DAYS: dict[str, Day] = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
    "friday": "fri", "saturday": "sat", "sunday": "sun",
    "måndag": "mon", "tisdag": "tue", "onsdag": "wed", "torsdag": "thu",
    "fredag": "fri", "lördag": "sat", "söndag": "sun",
}  # fmt: skip
_DAY_NAMES: dict[str, dict[Day, str]] = {
    "en": {
        "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
        "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
    },
    "sv": {
        "mon": "måndag", "tue": "tisdag", "wed": "onsdag", "thu": "torsdag",
        "fri": "fredag", "sat": "lördag", "sun": "söndag",
    },
}  # fmt: skip
_PARTS: dict[str, Part] = {
    "morning": "morning", "afternoon": "afternoon", "evening": "evening",
    "förmiddag": "morning", "morgon": "morning", "eftermiddag": "afternoon",
    "kväll": "evening",
}  # fmt: skip
_PART_NAMES: dict[str, dict[Part, str]] = {
    "en": {"morning": "morning", "afternoon": "afternoon", "evening": "evening"},
    "sv": {"morning": "förmiddag", "afternoon": "eftermiddag", "evening": "kväll"},
}
_RELATIVE = {
    "tomorrow": "tomorrow", "next week": "next week", "i morgon": "tomorrow",
    "imorgon": "tomorrow", "nästa vecka": "next week",
}  # fmt: skip
_RELATIVE_NAMES = {
    "en": {"tomorrow": "tomorrow", "next week": "next week"},
    "sv": {"tomorrow": "i morgon", "next week": "nästa vecka"},
}

_DAY_RE = re.compile(r"\b(" + "|".join(_DAYS) + r")(?:s|en|ar)?\b", re.IGNORECASE)
_PART_RE = re.compile(r"\b(" + "|".join(_PARTS) + r")(?:en|s)?\b", re.IGNORECASE)
_RELATIVE_RE = re.compile(r"\b(" + "|".join(_RELATIVE) + r")\b", re.IGNORECASE)
# "at 10", "at 10:30", "10am", "3 pm", "kl 14", "klockan 9", "kl. 10.30"
_CLOCK_RE = re.compile(
    r"\b(?:at|kl\.?|klockan)\s+(\d{1,2})(?:[:.](\d\d))?(?:\s*(am|pm|a\.m\.|p\.m\.))?"
    r"|\b(\d{1,2})(?:[:.](\d\d))?\s*(am|pm|a\.m\.|p\.m\.)",
    re.IGNORECASE,
)
_OFFICE_HOURS = range(8, 18)  # a meeting starting in these hours is a normal one


@dataclass(frozen=True, slots=True)
class Slot:
    """A time named in a line: a day (or "tomorrow", "next week"), a clock time, a part of day."""

    day: Day | None = None
    relative: str | None = None  # "tomorrow" or "next week"
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

    def say(self, language: str) -> str:
        """The slot in words: "Tuesday at 10", "torsdag eftermiddag", "next week"."""
        sv = language == "sv"
        lang = "sv" if sv else "en"
        words: list[str] = []
        if self.day:
            words.append(_DAY_NAMES[lang][self.day])
        elif self.relative:
            words.append(_RELATIVE_NAMES[lang][self.relative])
        if self.hour is not None:
            clock = f"{self.hour}" if not self.minute else f"{self.hour}:{self.minute:02d}"
            if sv:
                clock = clock.replace(":", ".")
                words.append(f"klockan {clock}")
            else:
                shown = self.hour - 12 if self.hour > 12 else self.hour
                clock = f"{shown}" if not self.minute else f"{shown}:{self.minute:02d}"
                # Outside office hours "at 7" is ambiguous: say which 7.
                suffix = "am" if self.hour < 8 else "pm" if self.hour >= 18 else ""
                words.append(f"at {clock}{suffix}")
        elif self.part:
            words.append(_PART_NAMES[lang][self.part])
        return " ".join(words)


def _hour(raw: str, minute: str | None, meridiem: str | None) -> tuple[int, int]:
    hour = int(raw)
    mark = (meridiem or "").lower().replace(".", "")
    if mark == "pm" and hour < 12:
        hour += 12
    elif mark == "am" and hour == 12:
        hour = 0
    elif not mark and 1 <= hour <= 7:
        hour += 12  # "at 3" during the working day is 15:00
    return hour, int(minute or 0)


def find_slot(text: str) -> Slot | None:
    """The first time a line names, or None when it names no day, clock time or part of day."""
    day_match = _DAY_RE.search(text)
    relative_match = _RELATIVE_RE.search(text)
    part_match = _PART_RE.search(text)
    clock = _CLOCK_RE.search(text)
    if not (day_match or relative_match or part_match or clock):
        return None
    hour: int | None = None
    minute = 0
    if clock:
        raw, mins, mark = (
            (clock.group(1), clock.group(2), clock.group(3))
            if clock.group(1)
            else (clock.group(4), clock.group(5), clock.group(6))
        )
        if int(raw) <= 23 and int(mins or 0) <= 59:
            hour, minute = _hour(raw, mins, mark)
    if not (day_match or relative_match or part_match) and hour is None:
        return None
    return Slot(
        day=_DAYS[day_match.group(1).lower()] if day_match else None,
        relative=_RELATIVE[relative_match.group(1).lower()] if relative_match else None,
        hour=hour,
        minute=minute,
        part=_PARTS[part_match.group(1).lower()] if part_match else None,
    )


def other_time(slot: Slot) -> Slot:
    """A sensible alternative to an unusual slot: the same working day at ten, else Monday."""
    day: Day | None = slot.day if slot.day not in ("sat", "sun") else "mon"
    return Slot(day=day, relative=None if day else slot.relative, hour=10)
