"""Fixtures for login without a password: a council with a member reached by e-mail and SMS, an
SMS gateway that sends by itself, and reading the code from the outbox as the member would."""

import re

import pytest


@pytest.fixture
def sms_gateway(settings):
    """An SMS gateway that sends by itself (logs): without one no code is offered by SMS."""
    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"


@pytest.fixture
def council(make_council):
    return make_council("nordby", name="Udsatterådet Nordby")


@pytest.fixture
def maja(council, add_member):
    """A member with an e-mail and a mobile number (written with spaces, as typed by the secretariat)."""
    return add_member(council, "Maja Medlem", email="Maja@Example.org", phone="22 34 56 78").person


@pytest.fixture
def code_from_outbox():
    """code_from_outbox(address): the 6-digit code in the newest login message to ``address``."""
    from notifications.models import OutboxMessage

    def read(address: str) -> str:
        message = OutboxMessage.objects.filter(kind="accounts.login_code", to_address=address).latest("pk")
        return re.search(r"\b(\d{6})\b", message.body).group(1)

    return read
