"""Fixtures for the role-play tests."""

from __future__ import annotations

import pytest

from app.catalog.models import Scenario
from tests.roleplay.factories import make_scenario


@pytest.fixture
def scenario() -> Scenario:
    """The plain English test scenario."""
    return make_scenario()
