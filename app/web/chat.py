"""The chat component's view, shared by the candidate's calls and the reps' practice.

The chat script posts messages to the JSON API and reads the prospect's reply from the API's
server-sent events; the page only says where those endpoints are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app import flows
from app.language.registry import language


@dataclass(frozen=True, slots=True)
class ChatView:
    """Everything `_chat.html` needs to draw a call and wire its script."""

    prospect_name: str
    prospect_title: str
    prospect_company: str
    language: str
    turns: tuple[flows.StoredTurn, ...]
    turns_left: int
    minutes: int
    started_at: str
    awaiting_reply: bool
    ended: bool
    max_chars: int
    round: int
    send_url: str
    reply_url: str
    end_url: str
    continue_url: str
    t: dict[str, Any]  # the chat's texts in the call's language
    counter: dict[str, str]  # what the message box's counter says past the limit

    @property
    def script_texts(self) -> str:
        """The texts the chat script shows, as JSON for its data attribute."""
        return json.dumps(self.t, ensure_ascii=False)


def chat_view(
    state: flows.CandidateState, *, api_url: str, end_url: str, continue_url: str
) -> ChatView:
    """The chat of the round in play; messages and replies go to the API under `api_url`."""
    started = (
        (state.round_deadline - timedelta(minutes=state.minutes)).isoformat()
        if state.round_deadline
        else ""
    )
    return ChatView(
        prospect_name=state.prospect_name,
        prospect_title=state.prospect_title,
        prospect_company=state.prospect_company,
        language=state.language,
        turns=state.turns,
        turns_left=max(state.max_candidate_turns - state.candidate_turns, 0),
        minutes=state.minutes,
        started_at=started,
        awaiting_reply=state.awaiting_reply,
        ended=not state.status.startswith("round"),
        max_chars=state.max_message_chars,
        round=state.round,
        send_url=f"{api_url}/say",
        reply_url=f"{api_url}/reply",
        end_url=end_url,
        continue_url=continue_url,
        t=dict(language(state.language).texts.pages["chat"]),
        counter=dict(language(state.language).texts.pages["counter"]),
    )
