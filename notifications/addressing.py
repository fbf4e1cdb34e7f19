"""Which channel and address reach a person: the one rule every message follows.

A person's own channel (``Person.preferred_channel``) when it has an address; otherwise the
first of e-mail, SMS and letter that has one; with no address at all a letter, so the message
still lands on the secretariat's list of letters to send (it asks them to contact the person)."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext as _

from councils.models import Channel

#: The channels tried, in order, when the person's own channel has no address.
FALLBACK_ORDER = (Channel.EMAIL, Channel.SMS, Channel.LETTER)


class Contact(NamedTuple):
    channel: str
    address: str
    #: Whether ``channel`` is the person's own channel (it has an address).
    preferred: bool


def contact_for(person) -> Contact:
    """The channel and address that reach ``person`` (addresses without surrounding spaces)."""
    addresses = {Channel.EMAIL: person.email, Channel.SMS: person.phone, Channel.LETTER: person.address}
    own = (addresses.get(person.preferred_channel) or "").strip()
    if own:
        return Contact(person.preferred_channel, own, True)
    for channel in FALLBACK_ORDER:
        if (addresses[channel] or "").strip():
            return Contact(channel, addresses[channel].strip(), False)
    return Contact(Channel.LETTER, _("(ingen adresse – kontakt personen)"), False)
