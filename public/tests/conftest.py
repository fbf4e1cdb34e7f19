"""The public app's fixtures: a council (Nordby) with its secretary, and another council."""

import pytest


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    """Albertslund 2018 preset: 4 meetings a year, “Kl. 16–18”."""
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def other_council(make_council):
    return make_council("sydby", name="Udsatterådet Sydby")
