"""The SMS gateway interface.

A gateway is a class with ``automatic`` (True when it really delivers messages) and
``send(to, text)``, which raises on failure. The setting ``STEMME_SMS_GATEWAY`` names the
class by dotted path; the default, :class:`ManualGateway`, sends nothing: SMS messages
wait on the secretariat's "send by SMS / print" list and are marked sent by hand.
``LoggingGateway`` is for development: it "sends" by writing the text to the log.

A real provider (e.g. a Danish SMS API) is one small class::

    class MyProviderGateway:
        automatic = True

        def send(self, to: str, text: str) -> None:
            response = requests.post(..., timeout=10)
            response.raise_for_status()
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("stemme.sms")

DEFAULT_GATEWAY = "notifications.sms.ManualGateway"


class SmsNotSent(Exception):
    """The gateway could not deliver the message (the outbox retries it)."""


@runtime_checkable
class SmsGateway(Protocol):
    #: True when ``send`` really delivers; False leaves messages on the manual list.
    automatic: bool

    def send(self, to: str, text: str) -> None: ...


class ManualGateway:
    """No gateway: the secretariat sends the text from its own phone and marks it sent."""

    automatic = False

    def send(self, to: str, text: str) -> None:
        raise SmsNotSent("Ingen SMS-gateway er sat op: beskeden skal sendes manuelt.")


class LoggingGateway:
    """For development: logs the message instead of sending it."""

    automatic = True

    def send(self, to: str, text: str) -> None:
        logger.warning("SMS til %s: %s", to, text)


def get_gateway() -> SmsGateway:
    path = getattr(settings, "STEMME_SMS_GATEWAY", "") or DEFAULT_GATEWAY
    gateway = import_string(path)()
    if not isinstance(gateway, SmsGateway):
        raise TypeError(f"STEMME_SMS_GATEWAY={path!r} has no automatic attribute and send(to, text) method")
    return gateway
