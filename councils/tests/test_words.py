"""Words on the council's pages: a range whose ends are equal is one number ("10 medlemmer",
never "10–10"), and no text glues a genitive "s" onto a council's or a person's name
("Udsatterådet i Albertslunds arbejdsrum" reads badly, "Udsatterådet i Halss" is wrong)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from councils.models import SeatCategory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.parametrize("name", ["Udsatterådet i Ishøj", "Udsatterådet i Hals"])
def test_the_workspace_and_the_idea_thanks_read_well_for_any_council_name(name, make_council, make_user):
    secretary = make_user()
    council = make_council("raad-" + str(len(name)), name=name, secretary=secretary)
    client = Client()
    client.force_login(secretary)
    dashboard = _text(client.get(f"/{council.slug}/intern/"))
    assert f"Velkommen til arbejdsrummet for {name}." in dashboard
    thanks = _text(Client().get(f"/{council.slug}/ideer/tak/"))
    assert f"Vi har modtaget din idé til {name}." in thanks
    for text in (dashboard, thanks):
        assert f"{name}s" not in text and f"{name}'" not in text


# A name placed right before a genitive ending: "{{ name }}s", "%(council)ss", "%(council)s' ".
GLUED_GENITIVE = re.compile(r"""\}\}s\b|\}\}'s\b|%\(\w+\)ss\b|%\(\w+\)s'\s|\{\w+\}s\b""")


def test_no_text_appends_a_genitive_to_a_name():
    found = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.suffix not in (".py", ".html", ".txt") or parts & {".venv", "node_modules", "staticfiles", "tests",
                                                                    "migrations", "test-artifacts"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if GLUED_GENITIVE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "Rephrase without a genitive on the name (“arbejdsrummet for …”):\n" + "\n".join(found)
