"""Self-assessment calibration: a nuanced review is not penalised for naming no single skill,
and wishing for more selling is the lesson taken the wrong way."""

from __future__ import annotations

import pytest

from app.catalog.loader import load_catalog
from app.catalog.models import Rubric
from app.scoring.self_assessment import score_self_assessment
from tests.coaching.scorecards import scorecard


@pytest.fixture(scope="module")
def rubric_sv() -> Rubric:
    return load_catalog().rubric("roberge-curiosity-sv")


STRONG = {"opening": 5, "goal-discovery": 4, "open-questions": 4, "listening": 4, "preparation": 4}
CLOSED = {"opening": 3, "goal-discovery": 2, "open-questions": 1, "listening": 3, "preparation": 3}


def test_a_specific_two_sided_review_of_one_skill_scores_well(rubric: Rubric) -> None:
    text = (
        "I think the discovery was strong: I got the 60-to-120 number and the $400 cost per lead. "
        "But after she told me about the blog I jumped to the team question without digging "
        "into why it failed, and I never summed up before asking for the meeting."
    )
    result = score_self_assessment(text, scorecard(rubric, STRONG), rubric, ())
    assert result.score >= 4


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Not great. I asked a lot of questions and should have pitched more, "
            "she wanted to hear about the product.",
            "en",
        ),
        (
            "Inte så bra. Jag borde ha berättat mer om vad HubSpot faktiskt kan göra för dem, "
            "hon verkade vilja höra om produkten.",
            "sv",
        ),
    ],
)
def test_wishing_for_more_pitching_caps_the_score(
    text: str, language: str, rubric: Rubric, rubric_sv: Rubric
) -> None:
    used = rubric_sv if language == "sv" else rubric
    result = score_self_assessment(text, scorecard(used, CLOSED), used, ())
    assert result.score <= 2
    honest = (
        "I asked mostly yes/no questions, so she never really opened up; next time I'd ask why."
    )
    assert score_self_assessment(honest, scorecard(rubric, CLOSED), rubric, ()).score >= 3
