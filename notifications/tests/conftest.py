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


@pytest.fixture
def sms_provider(settings):
    """The fake SMS provider (notifications.tests.fake_sms_provider) on loopback, with Stemme's
    HTTP gateway pointed at it, the webhooks' shared secret set and no quiet hours."""
    from notifications.tests.fake_sms_provider import SECRET, TOKEN, FakeSmsProvider

    provider = FakeSmsProvider().start()
    settings.STEMME_SMS_GATEWAY = "notifications.sms.HttpSmsGateway"
    settings.STEMME_SMS_API_URL = provider.url
    settings.STEMME_SMS_API_TOKEN = TOKEN
    settings.STEMME_SMS_SENDER = "+4512345678"
    settings.STEMME_SMS_TIMEOUT = 1
    settings.STEMME_SMS_WEBHOOK_SECRET = SECRET
    settings.STEMME_SMS_QUIET_HOURS = ""
    settings.STEMME_BASE_URL = "http://testserver"
    yield provider
    provider.stop()


@pytest.fixture
def sms_world(council, add_member, sms_provider, secretary):
    """For the SMS answers: Nordby (the secretariat's phone 43 21 00 00, substitutes called in
    when needed) with Carl, who answers by SMS from +45 20 11 22 33, his personal substitute
    Dorte (e-mail) and Anna (e-mail); a meeting a month ahead with the invitations sent."""
    from types import SimpleNamespace

    from meetings.services.attendance import invitations_send
    from meetings.tests.attendance_builders import make_meeting, set_rules

    set_rules(council, substitute_attendance="when_needed", substitute_mode="personal", quorum_percent=50,
              tie_break="chair")
    council.phone = "43 21 00 00"
    council.save(update_fields=["phone"])
    carl = add_member(council, "Carl Christensen", phone="+45 20 11 22 33", preferred_channel="sms")
    dorte = add_member(council, "Dorte Dahl", role="substitute", substitute_for=carl, email="dorte@example.org")
    anna = add_member(council, "Anna Andersen", email="anna@example.org")
    meeting = make_meeting(council)
    invitations_send(meeting=meeting, actor=secretary)
    return SimpleNamespace(council=council, carl=carl.person, dorte=dorte.person, anna=anna.person, meeting=meeting,
                           number="+4520112233", provider=sms_provider)
