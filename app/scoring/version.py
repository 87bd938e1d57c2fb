"""The scorer's version, stored with every scorecard so a report says what scored it.

Bump it with every change to app/scoring, app/coaching or rubrics/ that can move a level, a
total, a self-assessment score or a coaching-applied figure; then `coachable rescore` lists
what the new scorer would change in stored interviews and `coachable rescore --apply` stores it.
"""

SCORER_VERSION = "3"
