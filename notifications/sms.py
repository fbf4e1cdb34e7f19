"""The SMS gateway interface, the HTTP provider adapter and the webhooks' signature.

A gateway is a class with ``automatic`` (True when it really delivers messages) and
``send(to, text)``, which raises on failure and may return the provider's id for the message
(``None`` when the provider gives none). The setting ``STEMME_SMS_GATEWAY`` names the class by
dotted path; the default, :class:`ManualGateway`, sends nothing: SMS messages wait on the
secretariat's "send by SMS / print" list and are marked sent by hand. ``LoggingGateway`` is
for development: it "sends" by writing the text to the log.

A failure is :class:`SmsNotSent` (the outbox tries again later, with backoff) or its subclass
:class:`SmsRejected` (the provider refused the message itself, e.g. an invalid number: trying
again cannot help, so the outbox gives up at once with the provider's reason). Any other
exception counts as temporary.

:class:`HttpSmsGateway` talks to a provider's JSON API over HTTPS, configured by environment:

* ``STEMME_SMS_API_URL`` – the API's address; a message is ``POST {url}/messages`` with
  ``{"to", "from", "text", "reference", "status_callback"}`` and ``Authorization: Bearer
  <STEMME_SMS_API_TOKEN>``; a 2xx answer is ``{"id": ...}``. 4xx (except 408 and 429) is a
  refusal, 5xx, 408, 429, a timeout or no connection are temporary.
* ``STEMME_SMS_SENDER`` – the sender: a number that can receive replies, or a name (11 characters).
* ``STEMME_SMS_TIMEOUT`` – seconds to wait for the provider (default 10).
* ``STEMME_SMS_WEBHOOK_SECRET`` – the secret the provider signs its webhooks with (delivery
  reports to ``/sms/status/``, received texts to ``/sms/indgaaende/``).

A webhook request carries ``X-Stemme-Timestamp`` (Unix seconds) and ``X-Stemme-Signature``:
the hex HMAC-SHA256 of ``<timestamp>.<raw body>`` with the secret (``sha256=`` in front is
allowed). The timestamp is signed too, so a recorded request cannot be replayed later than
``WEBHOOK_MAX_AGE`` with a fresh timestamp.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import ipaddress
import json
import logging
import re
import time
import urllib.error
import urllib.request
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.module_loading import import_string

from core import links
from core.phone import normalise_danish_phone

logger = logging.getLogger("stemme.sms")

DEFAULT_GATEWAY = "notifications.sms.ManualGateway"
SIGNATURE_HEADER = "X-Stemme-Signature"
TIMESTAMP_HEADER = "X-Stemme-Timestamp"
#: A webhook's timestamp may be this many seconds off the server's clock, either way.
WEBHOOK_MAX_AGE = 300
#: How much of a provider's answer is kept as the reason for a failure.
REASON_LENGTH = 300


class SmsNotSent(Exception):
    """The gateway could not deliver the message (the outbox retries it)."""


class SmsRejected(SmsNotSent):
    """The provider refused the message itself: sending it again cannot help (the outbox gives up)."""


@runtime_checkable
class SmsGateway(Protocol):
    #: True when ``send`` really delivers; False leaves messages on the manual list.
    automatic: bool

    def send(self, to: str, text: str) -> str | None: ...


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


def takes_reference(gateway: SmsGateway) -> bool:
    """Whether the gateway's ``send`` accepts ``reference=`` (our id for the message, which the
    provider echoes and may use to drop a repeated request)."""
    try:
        return "reference" in inspect.signature(gateway.send).parameters
    except (TypeError, ValueError):
        return False


def replies_enabled() -> bool:
    """Whether members can answer an SMS (e.g. "AFBUD"): the gateway sends by itself and the
    provider's webhooks can be verified (a secret is configured)."""
    if not getattr(settings, "STEMME_SMS_WEBHOOK_SECRET", ""):
        return False
    try:
        return bool(get_gateway().automatic)
    except (ImportError, TypeError):
        return False


# --- Phone numbers ------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-.()/]")
_E164 = re.compile(r"\+[1-9]\d{7,14}")


def e164(number: str) -> str:
    """The number in E.164 form: "+45" and eight digits for a Danish number however it is typed
    (``core.phone``), "+<digits>" for a number written with "+" or "00" and a country code.
    ValueError for anything else (an empty value too)."""
    try:
        danish = normalise_danish_phone(number or "")
    except ValidationError:
        danish = ""
    if danish:
        return danish
    digits = _SEPARATORS.sub("", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if _E164.fullmatch(digits) and not digits.startswith("+45"):  # a Danish number has eight digits
        return digits
    raise ValueError(f"not a phone number: {number!r}")


# --- The HTTP provider ------------------------------------------------------------------------------

class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the token to another address: it is an error instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _reason(error: urllib.error.HTTPError) -> str:
    """The provider's own words for a refusal: ``error`` or ``message`` of a JSON body, else the text."""
    try:
        raw = error.read(4096)
    except OSError:
        raw = b""
    text = raw.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        text = str(data.get("error") or data.get("message") or data.get("detail") or text)
    return " ".join(text.split())[:REASON_LENGTH] or (error.reason if isinstance(error.reason, str) else "")


class HttpSmsGateway:
    """A provider's JSON API over HTTPS with a bearer token (see the module's description).
    Plain http is allowed only to this machine (a test's fake provider)."""

    automatic = True

    def __init__(self, *, api_url: str | None = None, token: str | None = None, sender: str | None = None,
                 timeout: float | None = None):
        self.api_url = (api_url if api_url is not None else getattr(settings, "STEMME_SMS_API_URL", "")).rstrip("/")
        self.token = token if token is not None else getattr(settings, "STEMME_SMS_API_TOKEN", "")
        self.sender = sender if sender is not None else getattr(settings, "STEMME_SMS_SENDER", "")
        self.timeout = float(timeout if timeout is not None else getattr(settings, "STEMME_SMS_TIMEOUT", 10))
        self.opener = urllib.request.build_opener(_NoRedirects)

    def status_callback(self) -> str:
        """Where the provider posts delivery reports ("" when the site's address is unknown)."""
        root = links.site_root()
        return root + reverse("sms_status") if root else ""

    def _check_configured(self) -> None:
        if not self.api_url or not self.token:
            raise SmsNotSent("SMS-udbyderen er ikke sat op (STEMME_SMS_API_URL og STEMME_SMS_API_TOKEN mangler).")
        parts = urlsplit(self.api_url)
        if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname or "")):
            raise SmsNotSent("STEMME_SMS_API_URL skal begynde med https:// (tokenet må ikke sendes ukrypteret).")

    def send(self, to: str, text: str, *, reference: str = "") -> str | None:
        """Send one message; returns the provider's id for it."""
        self._check_configured()
        try:
            number = e164(to)
        except ValueError:
            raise SmsRejected(f"Ugyldigt mobilnummer: {to!r}") from None
        payload = {"to": number, "from": self.sender, "text": text, "reference": reference,
                   "status_callback": self.status_callback()}
        request = urllib.request.Request(
            f"{self.api_url}/messages", data=json.dumps(payload).encode(), method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                     "Accept": "application/json", "User-Agent": "Stemme"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(65536)
        except urllib.error.HTTPError as error:
            reason = _reason(error)
            if 400 <= error.code < 500 and error.code not in (408, 429):
                raise SmsRejected(f"Udbyderen afviste beskeden ({error.code}): {reason}") from None
            raise SmsNotSent(f"Udbyderen svarede {error.code}: {reason}") from None
        except (OSError, ValueError) as error:  # no connection, a timeout, a broken answer
            raise SmsNotSent(f"Kunne ikke nå SMS-udbyderen: {error}") from None
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        provider_id = data.get("id") if isinstance(data, dict) else None
        if provider_id in (None, ""):
            # Accepted all the same: sending again could deliver it twice. No delivery report can be matched.
            logger.warning("The SMS provider accepted a message without giving its id: %r", body[:200])
            return None
        return str(provider_id)[:100]


# --- Webhook signatures -----------------------------------------------------------------------------

def webhook_secret() -> str:
    return getattr(settings, "STEMME_SMS_WEBHOOK_SECRET", "") or ""


def webhook_signature(body: bytes, timestamp: str, secret: str) -> str:
    """The hex HMAC-SHA256 of ``<timestamp>.<body>`` (what the provider puts in the signature header)."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def webhook_verify(*, body: bytes, timestamp: str | None, signature: str | None, now: float | None = None) -> bool:
    """True when the request is signed with the configured secret and its timestamp is within
    ``WEBHOOK_MAX_AGE`` seconds of ``now``. Without a secret nothing is accepted."""
    secret = webhook_secret()
    if not secret or not timestamp or not signature:
        return False
    try:
        stamp = int(timestamp.strip())
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - stamp) > WEBHOOK_MAX_AGE:
        return False
    given = signature.strip().removeprefix("sha256=")
    expected = webhook_signature(body, timestamp.strip(), secret)
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", errors="replace"))
