"""Playing a round: state, opening line, candidate messages, the streamed reply, the steps after."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.coaching.models import Coaching
from app.db import interviews as repo
from app.db.tables import Interview, TurnRow, utcnow
from app.errors import Conflict, EngineUnavailable, InvalidInput, RateLimited
from app.flows.common import (
    clean_text,
    find_scenario,
    load_interview,
    plain_turns,
    round_deadline,
    stored_turns,
    time_is_up,
)
from app.flows.judging import request_judgement
from app.flows.scores import end_round_in, store_due_scores
from app.flows.views import (
    IN_ROUND,
    CandidateState,
    Kind,
    MessageStored,
    ReplyDelta,
    ReplyDone,
    ReplyEvent,
    ReplyRestart,
    SayEvent,
    Status,
    StoredTurn,
    coaching_from_json,
)
from app.language.notices import known, refusal
from app.metrics import record_llm_error, record_reply
from app.roleplay.engine import EngineFailure, ProspectEngine, ProspectReply
from app.roleplay.pacing import paced
from app.roleplay.transcript import Turn
from app.services import Services

if TYPE_CHECKING:
    from app.catalog.models import Scenario

log = logging.getLogger("coachable")


_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


async def candidate_state(svc: Services, interview_id: str) -> CandidateState:
    """What the candidate sees now (a refresh or a new tab resumes from this)."""
    async with svc.sessions() as db:
        row = await load_interview(db, interview_id)
        turns = stored_turns(await repo.round_turns(db, row.id, row.round)) if row.round else ()
    scenario = find_scenario(svc, row.scenario_id)
    status: Status = row.status  # type: ignore[assignment]
    kind: Kind = "practice" if row.kind == "practice" else "interview"
    shows_coaching = status in ("coaching", "round2", "finished")
    return CandidateState(
        interview_id=row.id,
        kind=kind,
        status=status,
        round=row.round,
        scenario_title=scenario.title,
        brief=scenario.brief,
        prospect_name=scenario.persona.name,
        prospect_title=scenario.persona.title,
        prospect_company=scenario.persona.company,
        language=scenario.language,
        turns=turns,
        awaiting_reply=row.status in IN_ROUND and bool(turns) and turns[-1].speaker == "candidate",
        candidate_turns=sum(1 for t in turns if t.speaker == "candidate"),
        max_candidate_turns=scenario.limits.max_candidate_turns,
        minutes=scenario.limits.minutes,
        round_deadline=round_deadline(row, scenario),
        max_message_chars=svc.settings.max_message_chars,
        self_assessment=row.self_assessment,
        coaching=coaching_from_json(row.coaching) if shows_coaching else None,
        feedback_reply=row.feedback_reply,
    )


async def start_round(svc: Services, interview_id: str, round_number: int) -> CandidateState:
    """Start round 1 or 2 and store the prospect's opening line (repeating it is harmless)."""
    if round_number not in (1, 2):
        raise InvalidInput("Rounds are 1 and 2.")
    starts_from = {1: "invited", 2: "coaching"}[round_number]
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        if row.round == round_number and row.status in IN_ROUND:
            pass  # already started: a double click or a second tab
        elif row.status == starts_from and not (round_number == 2 and row.kind == "practice"):
            await start_round_in(svc, db, row, round_number)
        else:
            raise Conflict(f"Round {round_number} cannot start now.", error="wrong-step")
    return await candidate_state(svc, interview_id)


async def start_round_in(
    svc: Services, db: AsyncSession, row: Interview, round_number: int
) -> None:
    """Put the row in the round and store the opening line, in the caller's transaction."""
    scenario = find_scenario(svc, row.scenario_id)
    engine = svc.engines.for_scenario(scenario)
    if round_number == 1:
        row.engine_name, row.engine_version = engine.name, engine.version
        row.engine_model = engine.model[:200]
    row.round, row.status, row.round_started_at = round_number, f"round{round_number}", utcnow()
    # The opening is the scenario's own line (round 2 uses the next variant), so a round
    # starts instantly and never waits on a model.
    opening = scenario.opening[(round_number - 1) % len(scenario.opening)]
    await repo.add_turn(
        db,
        TurnRow(
            interview_id=row.id,
            round=round_number,
            index=0,
            speaker="prospect",
            text=opening,
            engine_name="scenario",
        ),
    )


async def add_candidate_message(
    svc: Services, interview_id: str, text: str, client_message_id: str | None = None
) -> StoredTurn:
    """Validate and commit a candidate message before any reply; a repeated id stores once."""
    turn, _ = await _store_message(svc, interview_id, text, client_message_id)
    return turn


async def say(
    svc: Services, interview_id: str, text: str, client_message_id: str | None = None
) -> AsyncIterator[SayEvent]:
    """Store a message, then stream the prospect's reply to it: one request for both.

    MessageStored comes first, once the message is committed; the reply's events follow as
    from `stream_prospect_reply`. If the reply fails, the message stays stored and asking for
    the reply again answers it; sending it again with its client_message_id stores it once.
    """
    turn, round_so_far = await _store_message(svc, interview_id, text, client_message_id)
    yield MessageStored(turn)
    row, turns = round_so_far or (None, None)
    async for event in stream_prospect_reply(svc, interview_id, row, turns):
        yield event


async def _store_message(
    svc: Services, interview_id: str, text: str, client_message_id: str | None
) -> tuple[StoredTurn, tuple[Interview, tuple[StoredTurn, ...]] | None]:
    """Commit a candidate message; with it the row and the round's turns, unless a repeat."""
    if client_message_id is not None and not _CLIENT_ID.match(client_message_id):
        raise InvalidInput("client_message_id: 1-64 letters, digits or . _ : -")
    cleaned = clean_text(text, svc.settings.max_message_chars)
    try:
        async with svc.sessions.begin() as db:
            row = await load_interview(db, interview_id, lock=True)
            turns = await repo.round_turns(db, row.id, row.round) if row.round else ()
            if client_message_id:
                existing = await _stored_before(db, row, turns, client_message_id)
                if existing is not None:
                    return StoredTurn.of(existing), None
            if row.status not in IN_ROUND:
                raise refusal(Conflict, "call-not-running", error="wrong-step")
            scenario = find_scenario(svc, row.scenario_id)
            if time_is_up(row, scenario):
                await end_round_in(svc, db, row)
                time_up = True
            else:
                time_up = False
                turn = await _append_candidate_turn(
                    svc, db, row, turns, scenario, cleaned, client_message_id
                )
    except IntegrityError as exc:
        # Two requests raced for the same client id or position; the first one won.
        async with svc.sessions() as db:
            existing = (
                await repo.turn_by_client_id(db, interview_id, client_message_id)
                if client_message_id
                else None
            )
        if existing is not None:
            return StoredTurn.of(existing), None
        raise refusal(Conflict, "message-race") from exc
    if time_up:
        request_judgement(svc, interview_id)
        raise refusal(Conflict, "time-up", error="round-over")
    return turn, (row, (*stored_turns(turns), turn))


async def _stored_before(
    db: AsyncSession, row: Interview, turns: Sequence[TurnRow], client_message_id: str
) -> TurnRow | None:
    """The turn a client message id already stored: in the round just loaded, or an earlier one."""
    for turn in turns:
        if turn.client_message_id == client_message_id:
            return turn
    if row.round > 1:
        return await repo.turn_by_client_id(db, row.id, client_message_id)
    return None


async def _append_candidate_turn(
    svc: Services,
    db: AsyncSession,
    row: Interview,
    turns: Sequence[TurnRow],
    scenario: Scenario,
    text: str,
    client_message_id: str | None,
) -> StoredTurn:
    if turns and turns[-1].speaker == "candidate":
        raise refusal(Conflict, "awaiting-reply", error="awaiting-reply")
    said = sum(1 for t in turns if t.speaker == "candidate")
    if said >= scenario.limits.max_candidate_turns:
        raise refusal(Conflict, "turn-limit", error="turn-limit")
    if await _recent_messages(db, row, turns) >= svc.settings.messages_per_minute:
        raise refusal(RateLimited, "too-fast")
    stored = await repo.add_turn(
        db,
        TurnRow(
            interview_id=row.id,
            round=row.round,
            index=len(turns),
            speaker="candidate",
            text=text,
            client_message_id=client_message_id,
        ),
    )
    return StoredTurn.of(stored)


async def _recent_messages(db: AsyncSession, row: Interview, turns: Sequence[TurnRow]) -> int:
    """Candidate messages of the last minute, counted from the round's turns when they hold all."""
    since = utcnow() - timedelta(minutes=1)
    started = row.round_started_at
    if row.round > 1 and (started is None or started > since):
        # The previous round ended within the minute: its last messages count too.
        return await repo.count_candidate_turns_since(db, row.id, since)
    return sum(1 for t in turns if t.speaker == "candidate" and t.created_at > since)


# The errors that mean "the prospect could not answer": retry, or fall back.
_ENGINE_FAILURES = (EngineFailure, EngineUnavailable)


def _unavailable(exc: BaseException) -> EngineUnavailable:
    """What the candidate reads when the prospect could not answer: the sentence of the
    failure's reason ("timeout" reads as prospect-timeout), in the interview's language."""
    if isinstance(exc, EngineUnavailable):
        return exc
    if isinstance(exc, EngineFailure):
        reason = f"prospect-{exc.reason}"
        if known(reason):
            return refusal(EngineUnavailable, reason)
        # A failure no language has words for: its own sentence for the API, a plain one on
        # the pages.
        return EngineUnavailable(exc.message, reason="prospect-failed")
    return refusal(EngineUnavailable, "prospect-failed")


async def stream_prospect_reply(
    svc: Services,
    interview_id: str,
    interview: Interview | None = None,
    turns: tuple[StoredTurn, ...] | None = None,
) -> AsyncIterator[ReplyEvent]:
    """Stream the prospect's answer to the last candidate message and store it once complete.

    Yields ReplyDelta pieces, then ReplyDone with the stored turn. If the engine fails,
    nothing is stored and EngineUnavailable is raised (the caller offers a retry); with
    llm_fallback_to_scripted set, a ReplyRestart is yielded and the scripted engine answers.
    Asking again after the reply was stored yields just ReplyDone with that reply.
    `interview` is the row if the caller has just read it (the invite check has), `turns`
    the round's turns if it has those too (`say` has); storing the reply reads the row again
    under lock.
    """
    if interview is None or turns is None:
        async with svc.sessions() as db:
            row = interview if interview is not None else await load_interview(db, interview_id)
            rows = await repo.round_turns(db, row.id, row.round) if row.round else ()
            turns = stored_turns(rows)
    else:
        row = interview
    status: Status = row.status  # type: ignore[assignment]
    if turns and turns[-1].speaker == "prospect" and len(turns) > 1:
        yield ReplyDone(turns[-1], status not in IN_ROUND, status)
        return
    if status not in IN_ROUND:
        raise refusal(Conflict, "call-not-running", error="wrong-step")
    if not turns or turns[-1].speaker != "candidate":
        raise refusal(Conflict, "nothing-to-answer", error="nothing-to-answer")
    scenario = find_scenario(svc, row.scenario_id)
    engine = svc.engines.for_scenario(scenario)
    plain = plain_turns(turns)
    pieces: list[str] = []
    started = time.perf_counter()
    pace = svc.settings.reply_pace
    heard = plain[-1].text
    try:
        async for event in paced(
            _generate(engine, scenario, plain, pieces), _delta_text, pace, heard
        ):
            yield event
        reply = engine.finish(scenario, plain, "".join(pieces))
    except _ENGINE_FAILURES as exc:
        if engine is not svc.engines.scripted:
            # No reason: the model answered, but with nothing to show.
            record_llm_error(getattr(exc, "reason", "empty"))
        fallback = svc.engines.scripted
        if not svc.engines.fallback_to_scripted or engine is fallback:
            log.warning("prospect engine %s failed: %s", engine.name, exc)
            raise _unavailable(exc) from exc
        log.warning("prospect engine %s failed, scripted engine takes over: %s", engine.name, exc)
        yield ReplyRestart(_unavailable(exc).detail)
        engine, pieces = fallback, []
        async for event in paced(_generate(engine, scenario, plain, pieces), _delta_text, pace):
            yield event
        reply = engine.finish(scenario, plain, "".join(pieces))
    done = await _store_reply(svc, interview_id, scenario, turns, reply, engine)
    record_reply(engine.name, time.perf_counter() - started)
    if done.round_over:
        request_judgement(svc, interview_id)
    yield done


def _delta_text(delta: ReplyDelta) -> str:
    return delta.text


async def _generate(
    engine: ProspectEngine, scenario: Scenario, turns: tuple[Turn, ...], pieces: list[str]
) -> AsyncIterator[ReplyDelta]:
    """Stream one reply, collecting the raw pieces; control markers never reach the screen."""
    async for piece in engine.stream(scenario, turns):
        pieces.append(piece)
        shown = engine.shown(piece)
        if shown:
            yield ReplyDelta(shown)
    if not engine.shown("".join(pieces)).strip():
        raise refusal(EngineUnavailable, "prospect-silent")


async def _store_reply(
    svc: Services,
    interview_id: str,
    scenario: Scenario,
    turns: tuple[StoredTurn, ...],
    reply: ProspectReply,
    engine: ProspectEngine,
) -> ReplyDone:
    said = sum(1 for t in turns if t.speaker == "candidate")
    try:
        async with svc.sessions.begin() as db:
            row = await load_interview(db, interview_id, lock=True)
            if row.status not in IN_ROUND or row.round != turns[-1].round:
                # The call was ended while the prospect was still talking; the scores of
                # the ended round must not change under the reviewer.
                raise refusal(Conflict, "call-ended", error="round-over")
            stored = await repo.add_turn(
                db,
                TurnRow(
                    interview_id=row.id,
                    round=turns[-1].round,
                    index=len(turns),
                    speaker="prospect",
                    text=reply.text.strip(),
                    engine_name=engine.name,
                ),
            )
            ends = reply.ends_call or said >= scenario.limits.max_candidate_turns
            if ends and row.status in IN_ROUND and row.round == turns[-1].round:
                await end_round_in(svc, db, row)
            status: Status = row.status  # type: ignore[assignment]
            return ReplyDone(StoredTurn.of(stored), row.status not in IN_ROUND, status)
    except IntegrityError:
        # Another request stored a reply to the same message first: that one stands.
        async with svc.sessions() as db:
            row = await load_interview(db, interview_id)
            current = await repo.round_turns(db, interview_id, turns[-1].round)
        if len(current) <= len(turns):
            raise
        status = row.status  # type: ignore[assignment]
        return ReplyDone(StoredTurn.of(current[len(turns)]), row.status not in IN_ROUND, status)


async def end_round(
    svc: Services, interview_id: str, round_number: int | None = None
) -> CandidateState:
    """End the round in play (the candidate hung up); ending an ended round changes nothing."""
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        if row.status in IN_ROUND and round_number in (None, row.round):
            await end_round_in(svc, db, row)
        elif round_number is None or round_number > row.round:
            raise refusal(Conflict, "no-call", error="wrong-step")
    request_judgement(svc, interview_id)
    return await candidate_state(svc, interview_id)


async def submit_self_assessment(svc: Services, interview_id: str, text: str) -> Coaching:
    """Store the answer to "How did you do?", score it once, and show the coaching on round 1."""
    cleaned = clean_text(text, svc.settings.max_message_chars, "answer")
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        if row.status != "self_assessment":
            stored = coaching_from_json(row.coaching)
            if row.self_assessment == cleaned and stored is not None:
                return stored  # the same answer sent twice
            raise refusal(Conflict, "self-assessment-closed", error="wrong-step")
        row.self_assessment = cleaned
        row.status = "coaching"
        # Scores the answer; the coaching was picked and stored when round 1 ended.
        await store_due_scores(svc, db, row)
        coaching = coaching_from_json(row.coaching)
        assert coaching is not None
    request_judgement(svc, interview_id)
    return coaching


async def coaching_for(svc: Services, interview_id: str) -> Coaching:
    """The coaching picked from round 1 (stored when round 1 ended, or now if it ended before
    scores were stored)."""
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        if row.round < 1 or row.status in ("invited", "round1"):
            raise Conflict("Coaching comes after round 1.", error="wrong-step")
        await store_due_scores(svc, db, row)
        coaching = coaching_from_json(row.coaching)
        assert coaching is not None
        return coaching


async def submit_feedback_reply(svc: Services, interview_id: str, text: str) -> CandidateState:
    """Store the candidate's reply to the coaching (may be edited until round 2 starts)."""
    cleaned = clean_text(text, svc.settings.max_message_chars, "reply")
    async with svc.sessions.begin() as db:
        row = await load_interview(db, interview_id, lock=True)
        if row.status != "coaching":
            raise refusal(Conflict, "feedback-reply-closed", error="wrong-step")
        row.feedback_reply = cleaned
    return await candidate_state(svc, interview_id)
