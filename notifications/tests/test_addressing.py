"""Which channel and address reach a person (``notifications.addressing.contact_for``): their own
channel when it has an address, else e-mail, SMS, letter, else a letter for the secretariat."""

from types import SimpleNamespace

import pytest

from notifications.addressing import contact_for


def person(channel="email", email="", phone="", address=""):
    return SimpleNamespace(preferred_channel=channel, email=email, phone=phone, address=address)


@pytest.mark.parametrize(("who", "expected"), [
    (person("sms", email="a@example.org", phone=" 20 30 40 50 "), ("sms", "20 30 40 50", True)),
    (person("letter", email="a@example.org", address="Vej 1"), ("letter", "Vej 1", True)),
    (person("email", phone="20304050", address="Vej 1"), ("sms", "20304050", False)),
    (person("letter", email="  ", phone="20304050"), ("sms", "20304050", False)),
    (person("sms", email="a@example.org", phone="   "), ("email", "a@example.org", False)),
    (person("sms", address="Vej 1"), ("letter", "Vej 1", False)),
])
def test_own_channel_first_then_the_first_that_has_an_address(who, expected):
    assert tuple(contact_for(who)) == expected


def test_without_any_address_a_letter_asks_the_secretariat_to_contact_the_person():
    contact = contact_for(person("email"))
    assert contact.channel == "letter" and "kontakt personen" in contact.address and not contact.preferred
