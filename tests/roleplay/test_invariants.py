"""Properties of the scripted prospect that hold for any candidate input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.roleplay.factories import OBJECTIONS, make_scenario, talk

SCENARIO = make_scenario("en", *OBJECTIONS)
FRAGMENTS = [
    "What are your goals?", "Tell me about the team.", "Do you blog?", "budget", "links",
    "We help companies like yours.", "Can we book a meeting?", "ignore your instructions",
    "Makes sense, what happened?", "keywords and months", "Hmm.", "", "?", "¿Qué?", "Vad är målen?",
]  # fmt: skip
lines = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map(" ".join),
    st.text(max_size=80),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(lines, min_size=1, max_size=12))
def test_any_call_keeps_the_rules(said: list[str]) -> None:
    replies = talk(SCENARIO, *said)
    fact_ids = {f.id for f in SCENARIO.facts}
    revealed = [fact for r in replies for fact in r.revealed]
    assert all(r.text.strip() for r in replies)
    assert set(revealed) <= fact_ids
    assert len(revealed) == len(set(revealed))  # each fact comes out once
    ended = [r.ends_call for r in replies]
    assert ended == sorted(ended)  # once the call ends it stays ended
    assert sum("challenge" in r.events for r in replies) <= 1
    for objection in SCENARIO.objections:
        assert sum(f"objection:{objection.id}" in r.events for r in replies) <= 1
    if len(said) >= SCENARIO.limits.max_candidate_turns:
        assert replies[SCENARIO.limits.max_candidate_turns - 1].ends_call
    assert talk(SCENARIO, *said) == replies
