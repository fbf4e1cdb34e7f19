"""Fixtures of the cross-app tests (the browser paths through several apps)."""

import pytest

from hearings.tests import consultations_builders


@pytest.fixture
def world(seed, make_user, make_council, add_member) -> consultations_builders.World:
    """The consultation tests' world (hearings/tests/consultations_builders.py)."""
    return consultations_builders.build_world(seed, make_user, make_council, add_member)
