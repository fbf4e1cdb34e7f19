"""Words on the council's pages: a range whose ends are equal is one number ("10 medlemmer",
never "10–10")."""

import re

import pytest
from django.test import Client

from councils.models import SeatCategory

pytestmark = pytest.mark.django_db
TAG = re.compile(r"<[^>]+>")
REPEATED_RANGE = re.compile(r"\b(\d+)–\1\b")


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(TAG.sub(" ", response.content.decode()).split())


@pytest.fixture
def ishoej(make_council, make_user):
    """Ishøj's preset: 10–10 members, every seat category with as many minimum as maximum seats."""
    secretary = make_user("sek@ishoej.example", name="Ida Sekretær")
    council = make_council("ishoej-test", preset="ishoej2015", name="Udsatterådet i Ishøj", secretary=secretary)
    client = Client()
    client.force_login(secretary)
    return council, client


def test_equal_ends_of_a_range_are_one_number(ishoej):
    council, client = ishoej
    assert all(c.min_seats == c.max_seats for c in SeatCategory.objects.filter(council=council))
    terms = _text(client.get(f"/{council.slug}/intern/valgperioder/"))
    rules = _text(client.get(f"/{council.slug}/intern/regler/"))
    composition = _text(client.get(f"/{council.slug}/intern/sammensaetning/"))
    for text in (terms, rules, composition):
        assert not REPEATED_RANGE.search(text), REPEATED_RANGE.search(text).group(0)
    assert "Antal medlemmer 10 " in rules
    assert "medlemmer (skal være 10)" in composition
    assert "Medarbejdere 3 " in terms


def test_a_range_with_different_ends_keeps_its_dash(make_council, make_user):
    secretary = make_user("sek@odense.example")
    council = make_council("odense-test", preset="odense333", secretary=secretary)
    client = Client()
    client.force_login(secretary)
    assert "Antal medlemmer 9–15 " in _text(client.get(f"/{council.slug}/intern/regler/"))
    assert "Brugere 3–5 " in _text(client.get(f"/{council.slug}/intern/valgperioder/"))
