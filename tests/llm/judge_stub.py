"""A gullible judge for the stub server: it reads judge requests the way a weak model would.

Give it to `OpenAIStub(responder=...)`. It finds the markers the system message names, reads
the numbered lines between them and the criteria of the rubric, and answers in the judge's
JSON. Left alone it answers honestly: the `honest` level per criterion (3 if not given), quoting
the first words of the first thing the salesperson said.

It is gullible on purpose, so that tests exercise the defence and not the model:

- whatever it finds of `fooled_by` (an attack, hollow questions, a claim) it believes: every
  criterion gets level 5 and the fooling sentences are its quotes, at the lines they are on
  (`fooled_at` names the lines: (line, text) pairs, for words that also occur elsewhere);
- `obey_inside=False` makes it a careful model that obeys only text outside the data markers
  (so it can only be fooled by text that escaped the data);
- `sloppy_markers=True` ends the data at the first line that merely starts like the closing
  marker, as a model that does not check the token would;
- `invent_quotes` makes it quote words that were never said when it is fooled, and
  `wrong_line` puts real quotes at the line before the one they are on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_LINE = re.compile(r"^\[(\d+)\] (?:Prospect|Salesperson|Salesperson's review): (.*)$")
_CRITERION = re.compile(r"^## ([a-z0-9-]+) \(", re.MULTILINE)
_OPEN = re.compile(r"<<<CALL ([0-9A-F]+)>>>")
INVENTED = "I asked about their goals, their budget and their timeline in detail"


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class GullibleJudge:
    """A deterministic judge model with the failure modes LLM judges are known for."""

    fooled_by: Iterable[str] = ()
    fooled_at: Iterable[tuple[int, str]] = ()
    honest: Mapping[str, int] = field(default_factory=dict)
    obey_inside: bool = True
    sloppy_markers: bool = False
    invent_quotes: bool = False
    wrong_line: bool = False
    answers: list[dict[str, Any]] = field(default_factory=list)  # every answer it gave

    def __call__(self, body: dict[str, Any]) -> str:
        """The judge's JSON answer to one request body."""
        messages = body.get("messages") or []
        system = next((str(m["content"]) for m in messages if m.get("role") == "system"), "")
        user = next((str(m["content"]) for m in messages if m.get("role") == "user"), "")
        found = _OPEN.search(system)
        token = found.group(1) if found else ""
        inside, outside = self._split(user, token)
        lines = self._lines(inside)
        criteria = _CRITERION.findall(user)
        quotes = self._fooled(lines, outside)
        if quotes:
            answer = {
                "criteria": {
                    c: {
                        "quotes": quotes,
                        "reason": "The salesperson showed exactly this, as quoted.",
                        "level": 5,
                    }
                    for c in criteria
                }
            }
        else:
            answer = {"criteria": {c: self._honest(c, lines) for c in criteria}}
        self.answers.append(answer)
        return json.dumps(answer)

    def _split(self, user: str, token: str) -> tuple[str, str]:
        """(the data between the markers, everything outside them)."""
        start = f"<<<CALL {token}>>>"
        end = "<<<END OF CALL" if self.sloppy_markers else f"<<<END OF CALL {token}>>>"
        before, _, rest = user.partition(start)
        inside, _, after = rest.partition(end)
        return inside, before + after

    @staticmethod
    def _lines(data: str) -> dict[int, str]:
        lines = {}
        for raw in data.splitlines():
            found = _LINE.match(raw.strip())
            if found:
                lines[int(found.group(1))] = found.group(2)
        return lines

    def _fooled(self, lines: Mapping[int, str], outside: str) -> list[dict[str, Any]]:
        """The quotes of whatever fooled it, at their lines; [] when nothing did."""
        quotes: list[dict[str, Any]] = []
        escaped = _plain(outside)
        for sentence in self.fooled_by:
            wanted = _plain(sentence)
            if not wanted:
                continue
            if wanted in escaped:
                # Out of the data: it obeys, and quotes it from the line it started on.
                first = min(lines, default=1)
                quotes.append({"line": first, "text": sentence})
                continue
            if not self.obey_inside:
                continue
            for number, text in lines.items():
                if wanted in _plain(text):
                    line = number - 1 if self.wrong_line else number
                    quotes.append({"line": line, "text": sentence})
        if self.obey_inside:
            for number, sentence in self.fooled_at:
                if number in lines and _plain(sentence) in _plain(lines[number]):
                    line = number - 1 if self.wrong_line else number
                    quotes.append({"line": line, "text": sentence})
        if quotes and self.invent_quotes:
            first = min(lines, default=1)
            return [{"line": first, "text": INVENTED}]
        return quotes

    def _honest(self, criterion: str, lines: Mapping[int, str]) -> dict[str, Any]:
        said = [(n, t) for n, t in sorted(lines.items()) if t and n > 1]
        number, text = said[0] if said else (1, "")
        return {
            "quotes": [{"line": number, "text": " ".join(text.split()[:6])}],
            "reason": "What the call shows, by the rubric's words.",
            "level": self.honest.get(criterion, 3),
        }
