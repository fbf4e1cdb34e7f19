"""Fixtures for the outbox tests: two councils, people on every channel, a test-only
attachment builder, and the real SMTP server (notifications.tests.smtp)."""

import pytest

from councils import services as council_services
from notifications import attachments


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def other_council(make_council, make_user):
    return make_council("sydby", name="Udsatterådet Sydby", secretary=make_user("sydby@example.org"))


@pytest.fixture
def people(council):
    """One person per channel."""
    def person(name, **fields):
        return council_services.person_save(council=council, name=name, **fields)

    return {
        "email": person("Erik Eriksen", email="erik@example.org"),
        "sms": person("Sonja Sms", phone="+45 20 30 40 50", preferred_channel="sms"),
        "letter": person("Lars Brev", address="Søndergade 4, 1. th.\n2620 Albertslund", preferred_channel="letter"),
    }


@pytest.fixture
def test_builder():
    """A test-only attachment builder "test.text": returns the descriptor's "text" as bytes."""
    calls = []

    def build(descriptor):
        calls.append(descriptor)
        return descriptor["text"].encode()

    previous = attachments.register("test.text", build)
    yield calls
    if previous is None:
        attachments.BUILDERS.pop("test.text", None)
    else:
        attachments.register("test.text", previous)
