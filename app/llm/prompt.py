"""The prospect prompt: the persona as a system message, the round as chat messages.

Candidate text is data, never instructions: each candidate turn is wrapped in
<candidate_message> tags, and any tag look-alike inside it is defused first.

Two versions, both kept so that transcripts made with either can be compared by a rerun:
  prospect-v1  the whole persona and every hidden fact in the system prompt; the model decides
               what to reveal, nudged by stage directions (challenge, objections, cooling).
  prospect-v2  (default) the scripted prospect directs: it decides what happens in the reply
               (which fact the question asked for, the challenge, objections, meetings and
               their times, the end of the call) and the model says that line in the persona's
               voice. The hidden facts never enter the prompt before a question asks for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from openai.types.chat import (
    ChatCompletionAssistantMessageParam,
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)

from app.catalog.models import Scenario
from app.language.registry import language, languages, on_install
from app.llm.reply import END_CALL_MARKER
from app.roleplay.engine import ProspectReply
from app.roleplay.hearing import overview
from app.roleplay.intent import read_turn
from app.roleplay.scripted import reply as scripted_reply
from app.roleplay.transcript import Turn, candidate_turns

PROMPT_VERSION = "prospect-v2"
# version -> (system template, turn template)
TEMPLATES = {
    "prospect-v1": ("prospect_v1.j2", "prospect_v1_turn.j2"),
    "prospect-v2": ("prospect_v2.j2", "prospect_v2_turn.j2"),
}

# Anything that could pass for an opening or closing delimiter: any case, spaces, "_" or "-".
_DELIMITER_LOOKALIKE = re.compile(r"<\s*/?\s*candidate[\s_-]*message[^>]*>?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Direction:
    """A note from the director for the prospect's next reply."""

    kind: str  # answer-phone, challenge, objection, cool, stay-in-role, out-of-patience, time-up
    line: str = ""


def _prompt_folders(code: str) -> list[str]:
    """Where a language's prompt templates are: its own prompts/ folder, then the default
    language's (the instructions are the same in every language but for the `speak` line)."""
    found = languages()
    folders = []
    for lang in (found.get(code), found.get(found.default)):
        if lang.folder is not None and (lang.folder / "prompts").is_dir():
            folders.append(str(lang.folder / "prompts"))
    if not folders:
        raise FileNotFoundError(f"no prompts/ folder for language {code!r} or the default")
    return folders


@cache
def _template(name: str, code: str) -> Template:
    # Plain-text prompts, not HTML: escaping would garble the persona's quotes and ampersands.
    env = Environment(
        loader=FileSystemLoader(_prompt_folders(code)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(name)


on_install(_template.cache_clear)


def template(name: str, code: str) -> Template:
    """A prompt template in a language's prompts/ folder, or the default language's."""
    return _template(name, code)


def neutralise(text: str) -> str:
    """Candidate text with delimiter look-alikes turned into harmless angle-quote text."""
    # NFKC folds full-width "＜" into "<", and dropping invisible format characters (zero-width
    # spaces and joiners, direction overrides) stops "candidate\u200b_message" slipping through.
    folded = "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )
    return _DELIMITER_LOOKALIKE.sub(
        lambda m: m.group(0).replace("<", "‹").replace(">", "›"), folded
    )


def render_system_prompt(scenario: Scenario, version: str = PROMPT_VERSION) -> str:
    """The persona prompt for a scenario (the same for every turn, so servers can cache it)."""
    prompt = _template(TEMPLATES[version][0], scenario.language).render(
        persona=scenario.persona,
        overview=overview(scenario),
        speak=language(scenario.language).texts.prompt["speak"],
        facts=scenario.facts,
        challenge=scenario.challenge,
        objections=scenario.objections,
        reactions=scenario.reactions,
        end_marker=END_CALL_MARKER,
    )
    return prompt.strip()


def directions_for(scenario: Scenario, turns: Sequence[Turn]) -> list[Direction]:
    """What the prospect should do in the next reply, from what the candidate has said so far.

    The turns are read with the scripted prospect's ear (app.roleplay.intent), so both engines
    cool down, push back and lose patience at the same moments.
    """
    said = candidate_turns(turns)
    if not said:
        return [Direction("answer-phone")]
    readings = [read_turn(t.text, scenario.language, (), scenario.product) for t in said]
    reactions = scenario.reactions
    cooling = [r.pitch or r.words >= reactions.monologue_words for r in readings]
    if sum(cooling) >= reactions.patience:
        return [Direction("out-of-patience")]
    count = len(said)
    if count >= scenario.limits.max_candidate_turns:
        return [Direction("time-up")]
    last = readings[-1]
    directions: list[Direction] = []
    if last.injection:
        directions.append(Direction("stay-in-role"))
    if cooling[-1]:
        directions.append(Direction("cool"))
    for objection in scenario.objections:
        due = {
            "opening": count == 1,
            "after_turns": objection.after_candidate_turns == count,
            # Raised the first time the candidate pitches or asks for a meeting.
            "on_pitch": cooling[-1] and sum(cooling) == 1,
            "on_meeting_request": last.meeting and sum(r.meeting for r in readings) == 1,
        }[objection.when]
        if due:
            directions.append(Direction("objection", objection.lines[0]))
    challenge = scenario.challenge
    if challenge and count == challenge.after_candidate_turns:
        directions.append(Direction("challenge", challenge.questions[0]))
    return directions


def _user_message(scenario: Scenario, text: str | None, directions: Sequence[Direction]) -> str:
    rendered = _template(TEMPLATES["prospect-v1"][1], scenario.language).render(
        scenario=scenario,
        text=None if text is None else neutralise(text),
        directions=directions,
    )
    return rendered.strip()


def direct(scenario: Scenario, turns: Sequence[Turn]) -> ProspectReply:
    """What the prospect says next, as the scripted prospect decides it (prospect-v2's director)."""
    return scripted_reply(scenario, turns)


def build_messages(
    scenario: Scenario,
    turns: Sequence[Turn],
    version: str = PROMPT_VERSION,
    direction: ProspectReply | None = None,
) -> list[ChatCompletionMessageParam]:
    """The chat messages for the prospect's next reply (prospect = assistant, candidate = user).

    With prospect-v2, `direction` is the director's reply for these turns (worked out here when
    not given).
    """
    if version == "prospect-v2":
        return _directed_messages(scenario, turns, direction or direct(scenario, turns))
    messages: list[ChatCompletionMessageParam] = [
        ChatCompletionSystemMessageParam(
            role="system", content=render_system_prompt(scenario, "prospect-v1")
        )
    ]
    directions = directions_for(scenario, turns)
    replying_to = turns[-1].index if turns and turns[-1].speaker == "candidate" else None
    for turn in turns:
        if turn.speaker == "prospect":
            messages.append(
                ChatCompletionAssistantMessageParam(role="assistant", content=turn.text)
            )
            continue
        # Directions go with the latest candidate turn only, so earlier messages stay identical
        # from one request to the next and the server's prompt cache keeps working.
        notes = directions if turn.index == replying_to else []
        content = _user_message(scenario, turn.text, notes)
        messages.append(ChatCompletionUserMessageParam(role="user", content=content))
    if replying_to is None and directions:
        # The prospect speaks first: a user message that carries only the directions, which also
        # suits chat templates that insist on a user message before the first assistant one.
        content = _user_message(scenario, None, directions)
        messages.append(ChatCompletionUserMessageParam(role="user", content=content))
    return messages


def _directed_messages(
    scenario: Scenario, turns: Sequence[Turn], direction: ProspectReply
) -> list[ChatCompletionMessageParam]:
    system = render_system_prompt(scenario, "prospect-v2")
    messages: list[ChatCompletionMessageParam] = [
        ChatCompletionSystemMessageParam(role="system", content=system)
    ]
    replying_to = turns[-1].index if turns and turns[-1].speaker == "candidate" else None
    template = _template(TEMPLATES["prospect-v2"][1], scenario.language)
    for turn in turns:
        if turn.speaker == "prospect":
            messages.append(
                ChatCompletionAssistantMessageParam(role="assistant", content=turn.text)
            )
            continue
        latest = turn.index == replying_to
        content = template.render(
            text=neutralise(turn.text),
            name=scenario.persona.name.split()[0],
            line=direction.text if latest else "",
            ends_call=latest and direction.ends_call,
            end_marker=END_CALL_MARKER,
        ).strip()
        messages.append(ChatCompletionUserMessageParam(role="user", content=content))
    if replying_to is None:
        content = template.render(
            text=None,
            name=scenario.persona.name.split()[0],
            line=direction.text,
            ends_call=False,
            end_marker=END_CALL_MARKER,
        ).strip()
        messages.append(ChatCompletionUserMessageParam(role="user", content=content))
    return messages
