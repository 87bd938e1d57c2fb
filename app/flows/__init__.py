"""The interview and practice state machines: the one place that mixes storage and domain code.

Interview status (kind "interview"):

    invited ──start_round(1)──▶ round1 ──end_round(1)──▶ self_assessment
    self_assessment ──submit_self_assessment──▶ coaching   (coaching picked from round 1, stored)
    coaching ──submit_feedback_reply (optional, may be repeated)──▶ coaching
    coaching ──start_round(2)──▶ round2 ──end_round(2)──▶ finished

Practice (kind "practice", a rep alone): start_practice creates the attempt already in round1;
end_round(1) scores it, stores the coaching and finishes it. "Go again" is a new attempt.

A round also ends when the prospect ends the call, after the reply to the last allowed
candidate turn, or when a message arrives after the round's time is up. Every flow opens its
own short transaction, so a candidate message is committed before any reply is generated and
no state lives in process memory. The routes (API and pages) check who is calling; the flows
check what is allowed in the current state.
"""

from app.flows.common import clean_text, session_file
from app.flows.housekeeping import check_database, erase_interview, purge_expired
from app.flows.invites import (
    create_interview,
    get_interview,
    list_interviews,
    open_invite,
    renew_invite,
    revoke_invite,
)
from app.flows.judging import ask_judge_again
from app.flows.practice import (
    check_practice_owner,
    list_scenarios,
    practice_history,
    start_practice,
)
from app.flows.review import (
    build_report,
    compare_interviews,
    export_csv,
    export_session,
    override_score,
)
from app.flows.rounds import (
    add_candidate_message,
    candidate_state,
    coaching_for,
    end_round,
    say,
    start_round,
    stream_prospect_reply,
    submit_feedback_reply,
    submit_self_assessment,
)
from app.flows.views import (
    IN_ROUND,
    STATUSES,
    CandidateState,
    CreatedInterview,
    InterviewReport,
    InterviewView,
    Kind,
    MessageStored,
    OverrideView,
    PracticeAttempt,
    PracticeHistory,
    ReplyDelta,
    ReplyDone,
    ReplyEvent,
    ReplyRestart,
    SayEvent,
    Status,
    StoredTurn,
    coaching_from_json,
    coaching_to_json,
    interview_json,
    override_json,
)

__all__ = [
    "IN_ROUND",
    "STATUSES",
    "CandidateState",
    "CreatedInterview",
    "InterviewReport",
    "InterviewView",
    "Kind",
    "MessageStored",
    "OverrideView",
    "PracticeAttempt",
    "PracticeHistory",
    "ReplyDelta",
    "ReplyDone",
    "ReplyEvent",
    "ReplyRestart",
    "SayEvent",
    "Status",
    "StoredTurn",
    "add_candidate_message",
    "ask_judge_again",
    "build_report",
    "candidate_state",
    "check_database",
    "check_practice_owner",
    "clean_text",
    "coaching_for",
    "coaching_from_json",
    "coaching_to_json",
    "compare_interviews",
    "create_interview",
    "end_round",
    "erase_interview",
    "export_csv",
    "export_session",
    "get_interview",
    "interview_json",
    "list_interviews",
    "list_scenarios",
    "open_invite",
    "override_json",
    "override_score",
    "practice_history",
    "purge_expired",
    "renew_invite",
    "revoke_invite",
    "say",
    "session_file",
    "start_practice",
    "start_round",
    "stream_prospect_reply",
    "submit_feedback_reply",
    "submit_self_assessment",
]
