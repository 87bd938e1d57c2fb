"""The interview and practice state machines: the one place that mixes storage and domain code.

Interview status (kind "interview"):

    invited ──start_round(1)──▶ round1 ──end_round(1)──▶ self_assessment
    self_assessment ──submit_self_assessment──▶ coaching   (the coaching on round 1 is shown)
    coaching ──submit_feedback_reply (optional, may be repeated)──▶ coaching
    coaching ──start_round(2)──▶ round2 ──end_round(2)──▶ finished

Practice (kind "practice", a rep alone): start_practice creates the attempt already in round1;
end_round(1) scores it, stores the coaching and finishes it. "Go again" is a new attempt.

Scores are made once and stored (app.flows.scores): a round's scorecard and the coaching when
round 1 ends, the self-assessment's score when it is submitted, round 2's scorecard and the
application when round 2 ends. Reports, lists and exports read them with the reviewers'
overrides laid on (app.report_store.apply_overrides); only `rescore` scores them again.

A round also ends when the prospect ends the call, after the reply to the last allowed
candidate turn, or when a message arrives after the round's time is up. Every flow opens its
own short transaction, so a candidate message is committed before any reply is generated and
no state lives in process memory. The routes (API and pages) check who is calling; the flows
check what is allowed in the current state.
"""

from app.flows.common import clean_text, session_file
from app.flows.housekeeping import check_database, erase_interview, purge_expired
from app.flows.invites import (
    Delivery,
    count_interviews,
    create_interview,
    deliveries_of,
    email_invites,
    get_interview,
    list_interviews,
    open_invite,
    remind,
    renew_invite,
    revoke_invite,
)
from app.flows.judging import ask_judge_again
from app.flows.openings import (
    MAX_BULK,
    RANK_KEYS,
    BulkInvite,
    FlagFilter,
    OpeningView,
    Progress,
    Ranked,
    Ranking,
    RankKey,
    Standing,
    create_opening,
    get_opening,
    invite_candidates,
    list_openings,
    move_deadline,
    opening_candidates,
    page_of_ranking,
    parse_candidates,
    reminder_candidates,
    rubric_choices,
    standing,
)
from app.flows.practice import (
    AttemptChange,
    CriterionChangeView,
    attempt_changes,
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
    interview_turns,
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
from app.flows.scores import Rescored, rescore
from app.flows.views import (
    IN_ROUND,
    STATUSES,
    CandidateState,
    CreatedInterview,
    FlagView,
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
    "MAX_BULK",
    "RANK_KEYS",
    "STATUSES",
    "AttemptChange",
    "BulkInvite",
    "CandidateState",
    "CreatedInterview",
    "CriterionChangeView",
    "Delivery",
    "FlagFilter",
    "FlagView",
    "InterviewReport",
    "InterviewView",
    "Kind",
    "MessageStored",
    "OpeningView",
    "OverrideView",
    "PracticeAttempt",
    "PracticeHistory",
    "Progress",
    "RankKey",
    "Ranked",
    "Ranking",
    "ReplyDelta",
    "ReplyDone",
    "ReplyEvent",
    "ReplyRestart",
    "Rescored",
    "SayEvent",
    "Standing",
    "Status",
    "StoredTurn",
    "add_candidate_message",
    "ask_judge_again",
    "attempt_changes",
    "build_report",
    "candidate_state",
    "check_database",
    "check_practice_owner",
    "clean_text",
    "coaching_for",
    "coaching_from_json",
    "coaching_to_json",
    "compare_interviews",
    "count_interviews",
    "create_interview",
    "create_opening",
    "deliveries_of",
    "email_invites",
    "end_round",
    "erase_interview",
    "export_csv",
    "export_session",
    "get_interview",
    "get_opening",
    "interview_json",
    "interview_turns",
    "invite_candidates",
    "list_interviews",
    "list_openings",
    "list_scenarios",
    "move_deadline",
    "open_invite",
    "opening_candidates",
    "override_json",
    "override_score",
    "page_of_ranking",
    "parse_candidates",
    "practice_history",
    "purge_expired",
    "remind",
    "reminder_candidates",
    "renew_invite",
    "rescore",
    "revoke_invite",
    "rubric_choices",
    "say",
    "session_file",
    "standing",
    "start_practice",
    "start_round",
    "stream_prospect_reply",
    "submit_feedback_reply",
    "submit_self_assessment",
]
