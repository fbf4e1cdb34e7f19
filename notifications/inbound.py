"""What comes back from the SMS provider: delivery reports and texts people send to Stemme.

**Delivery reports** (``POST /sms/status/``, ``delivery_report_apply``): the provider says a
message it accepted was delivered, or not. "delivered" sets ``delivered_at``; "failed" (or
"undelivered", "rejected", "expired") puts a sent message back on the secretariat's outbox page
among those that could not be sent, with the provider's reason and "Prøv igen". A report for an
id Stemme does not know is ignored (logged): a late report about a message sent again since.

**Received texts** (``POST /sms/indgaaende/``, ``inbound_receive``): the sender's number is
matched to the people of every council (``persons_for_number``). Then:

* an unknown number: stored without a council (no council sees it; the platform's
  administrators can) and not answered;
* "STOP": no more reminders for the person (``Person.wants_reminders``), in every council
  where the number is known; invitations still come; answered with a confirmation;
* otherwise the registered handlers are asked in turn (``register_inbound_handler``): the
  meetings app records "AFBUD" and "JA" for the person's next meeting. A handler returns an
  ``InboundResult`` (what was done and what to answer) or None (not for it);
* anything no handler took goes to the secretariat's inbox of the person's council.

The text is understood by ``parse_reply``, a pure function with a deliberately small grammar:
"AFBUD", "kan ikke (komme)", "jeg kan ikke" (optionally with the meeting's date, "Afbud 12/3");
"JA", "ja tak", "KOMMER", "jeg kommer"; "STOP". Anything longer or different goes to a person in
the secretariat: a wrongly recorded afbud is worse than a text someone has to read.

Everything is written in one transaction, and every answer goes through the outbox.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.audit import audit
from core.text import find_cpr_numbers
from councils.models import Person
from councils.services import person_reminders_set
from notifications.models import DeliveryStatus, InboundOutcome, InboundSms, OutboxChannel, OutboxMessage, OutboxStatus
from notifications.services import outbox_enqueue
from notifications.sms import e164

if TYPE_CHECKING:
    from accounts.models import User
    from councils.models import Council

logger = logging.getLogger("stemme.sms")

KIND_REPLY = "notifications.sms_reply"
#: Longest text kept (a long SMS is at most about 1,600 characters).
MAX_TEXT = 2000
#: Outcomes Stemme acted on by itself: they arrive in the inbox already handled.
AUTOMATIC = (InboundOutcome.AFBUD, InboundOutcome.COMING, InboundOutcome.STOP)


# --- Understanding a text --------------------------------------------------------------------------

class Intent(enum.StrEnum):
    AFBUD = "afbud"
    COMING = "coming"
    STOP = "stop"
    OTHER = "other"


@dataclass(frozen=True)
class ParsedReply:
    intent: Intent
    #: The meeting's date when the text names one ("Afbud 12/3" → 12, 3); not checked as a date.
    day: int | None = None
    month: int | None = None

    @property
    def has_date(self) -> bool:
        return self.day is not None


_MONTHS = {"jan": 1, "januar": 1, "feb": 2, "februar": 2, "mar": 3, "marts": 3, "apr": 4, "april": 4, "maj": 5,
           "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
           "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (rf"(?P<day>\d{{1,2}})(?:[./-](?P<month>\d{{1,2}})(?:[./-](?:\d{{2}}|\d{{4}}))?"
         rf"|\.? ?(?P<month_name>{_MONTH_NAMES})(?: \d{{4}})?)")
_DATE_TAIL = rf"(?: (?:til |på )?(?:mødet )?(?:den |d )?{_DATE})?"
_AFBUD = r"(?:(?:jeg )?(?:melder )?afbud|(?:jeg )?kan ikke(?: komme)?|(?:jeg )?kommer ikke)"
_COMING = r"(?:ja(?: tak)?|(?:ja )?(?:jeg )?kommer(?: gerne)?)"
_PATTERNS = ((Intent.AFBUD, re.compile(rf"{_AFBUD}{_DATE_TAIL}")),
             (Intent.COMING, re.compile(rf"{_COMING}{_DATE_TAIL}")),
             (Intent.STOP, re.compile(r"stop")))


def _normalise(text: str) -> str:
    """Lower case, one space between words, commas as spaces, no full stops or exclamation
    marks at the end (a full stop inside stays: "12.3", "12. marts")."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = " ".join(text.replace(",", " ").split())
    return text.rstrip(".! ").strip()


def parse_reply(text: str) -> ParsedReply:
    """What a text says, by a small grammar (see the module's description). Pure; never raises."""
    normal = _normalise(text)
    for intent, pattern in _PATTERNS:
        match = pattern.fullmatch(normal)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("day"):
            month = _MONTHS[groups["month_name"]] if groups.get("month_name") else int(groups["month"])
            return ParsedReply(intent, int(groups["day"]), month)
        return ParsedReply(intent)
    return ParsedReply(Intent.OTHER)


# --- The handlers other apps register -----------------------------------------------------------------

@dataclass(frozen=True)
class IncomingSms:
    """A received text as the handlers see it."""

    provider_ref: str
    from_number: str  # E.164 when it is a phone number
    to_number: str
    text: str
    received_at: dt.datetime
    parsed: ParsedReply


@dataclass
class InboundResult:
    """What a handler did with a text.

    ``person``: whom it concerned (the reply goes in their council's name); ``councils``: whose
    inboxes show it (default: ``person``'s council, else every matched person's); ``reply``: the
    text to send back ("" sends nothing); ``note``: why nothing was done, for the secretariat."""

    outcome: str
    person: Person | None = None
    meeting: Any = None
    reply: str = ""
    councils: Sequence[Council] = field(default_factory=tuple)
    note: str = ""


InboundHandler = Callable[..., InboundResult | None]
#: Handlers in the order they were registered; each is called as fn(sms=, persons=, now=).
HANDLERS: list[InboundHandler] = []


def register_inbound_handler(fn: InboundHandler) -> None:
    """Register a handler (apps do it in ``AppConfig.ready``). Registering twice adds it once."""
    if fn not in HANDLERS:
        HANDLERS.append(fn)


# --- Receiving -------------------------------------------------------------------------------------------

def _valid_text(text: str) -> str:
    """Text any database stores: valid Unicode (a lone surrogate becomes "?") without NUL."""
    return (text or "").encode("utf-8", errors="replace").decode("utf-8").replace("\x00", "")


def clean_text(text: str) -> str:
    """The text as stored: valid Unicode without NUL characters, CPR numbers removed (no free
    text in Stemme may hold one), at most ``MAX_TEXT`` characters."""
    text = _valid_text(text)
    for number in find_cpr_numbers(text):
        text = text.replace(number, _("[CPR-nummer fjernet]"))
    return text[:MAX_TEXT]


def clean_ref(provider_ref: object) -> str:
    """The provider's id as stored and looked up: text without NUL characters (PostgreSQL
    refuses them), at most 100 characters."""
    return _valid_text(str(provider_ref)).strip()[:100]


def persons_for_number(number: str) -> list[Person]:
    """Every person in an active council whose mobile number is ``number`` (E.164), however it
    was typed. The database narrows by the last eight digits; ``e164`` decides."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 8:
        return []
    pattern = r"\D*".join(digits[-8:]) + r"\D*$"
    found = []
    for person in (Person.objects.filter(phone__regex=pattern, council__is_active=True)
                   .select_related("council").order_by("council_id", "pk")):
        try:
            if e164(person.phone) == number:
                found.append(person)
        except ValueError:
            continue
    return found


def _received_at(value: object, now: dt.datetime) -> dt.datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        return now
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def _stop(persons: list[Person]) -> InboundResult:
    for person in persons:
        person_reminders_set(person=person, wants=False, actor=None)
    return InboundResult(
        outcome=InboundOutcome.STOP, person=persons[0], councils=_distinct_councils(persons),
        reply=_("Du får ikke flere påmindelser fra Stemme. Indkaldelser til møder får du stadig. "
                "Vil du have påmindelser igen, så kontakt sekretariatet."))


def _distinct_councils(persons: Sequence[Person]) -> list[Council]:
    seen: dict[int, Council] = {}
    for person in persons:
        seen.setdefault(person.council_id, person.council)
    return list(seen.values())


def _store(sms: IncomingSms, persons: list[Person], result: InboundResult, now: dt.datetime) -> list[InboundSms]:
    """One row per council whose inbox shows the text (none: one row without a council), and
    the reply in the outbox."""
    councils: list[Council | None] = list(result.councils) or (
        [result.person.council] if result.person is not None else list(_distinct_councils(persons))) or [None]
    handled = now if result.outcome in AUTOMATIC else None
    reply = None
    if result.reply:
        first = councils[0]
        sender = result.person or next((p for p in persons if first is not None and p.council_id == first.pk),
                                       persons[0])
        reply = _reply(sms, sender, result)
    rows = []
    for council in councils:
        person = None
        if council is not None:
            person = (result.person if result.person is not None and result.person.council_id == council.pk
                      else next((p for p in persons if p.council_id == council.pk), None))
        meeting = result.meeting if result.meeting is not None and council is not None \
            and result.meeting.council_id == council.pk else None
        row = InboundSms(council=council, person=person, from_number=sms.from_number[:40],
                         to_number=sms.to_number[:40], text=sms.text, provider_ref=sms.provider_ref,
                         received_at=sms.received_at, outcome=result.outcome, note=result.note[:300],
                         meeting=meeting, handled_at=handled,
                         reply=reply if reply is not None and council is not None and reply.council_id == council.pk
                         else None)
        row.save()
        audit(action="notifications.inbound.received", council=council, obj=row,
              after={"outcome": row.outcome, "person": row.person_id, "meeting": row.meeting_id,
                     "reply": row.reply_id})
        rows.append(row)
    return rows


def _reply(sms: IncomingSms, person: Person, result: InboundResult) -> OutboxMessage:
    """The answer to a text the person has just sent: it leaves at once, also in the quiet hours
    (they are awake and waiting for it)."""
    meeting = result.meeting if result.meeting is not None and result.meeting.council_id == person.council_id \
        else None
    return outbox_enqueue(council=person.council, channel=OutboxChannel.SMS, person=person,
                          to_address=sms.from_number, subject=_("Svar på din SMS"), body=result.reply,
                          kind=KIND_REPLY, meeting=meeting, asked_now=True)


def inbound_receive(*, provider_ref: str, from_number: str, text: str, to_number: str = "",
                    received_at: object = None, now: dt.datetime | None = None) -> list[InboundSms]:
    """Record a received text and act on it (see the module's description). Returns the rows
    written; [] when the provider's id was seen before (the provider posted twice)."""
    now = now or timezone.now()
    provider_ref = clean_ref(provider_ref)
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            if InboundSms.objects.filter(provider_ref=provider_ref).exists():
                return []
            try:
                number = e164(from_number)
            except ValueError:
                number = ""
            clean = clean_text(text)
            sms = IncomingSms(provider_ref=provider_ref, from_number=number or clean_text(from_number)[:40],
                              to_number=clean_text(to_number)[:40], text=clean,
                              received_at=_received_at(received_at, now), parsed=parse_reply(clean))
            persons = persons_for_number(number) if number else []
            result = None
            if not persons:
                result = InboundResult(outcome=InboundOutcome.UNKNOWN_NUMBER)
            elif sms.parsed.intent == Intent.STOP:
                result = _stop(persons)
            else:
                for handler in HANDLERS:
                    result = handler(sms=sms, persons=persons, now=now)
                    if result is not None:
                        break
            if result is None:
                result = InboundResult(outcome=InboundOutcome.INBOX)
            if not persons:
                result.reply, result.person, result.councils = "", None, ()  # never answer a stranger
            return _store(sms, persons, result, now)
    except IntegrityError:
        # The same text posted twice at once: the other request recorded it.
        if InboundSms.objects.filter(provider_ref=provider_ref).exists():
            return []
        raise


# --- Delivery reports ----------------------------------------------------------------------------------

#: The provider's words for "not delivered".
FAILED_STATUSES = {"failed", "undelivered", "rejected", "expired"}


@transaction.atomic
def delivery_report_apply(*, provider_ref: str, status: str, error: str = "",
                          now: dt.datetime | None = None) -> OutboxMessage | None:
    """Record a delivery report for the SMS the provider knows as ``provider_ref``. Returns the
    message, or None when no message has that id (ignored) or the status is an interim one."""
    now = now or timezone.now()
    status = (status or "").strip().lower()
    message = (OutboxMessage.objects.select_for_update().select_related("council")
               .filter(provider_ref=clean_ref(provider_ref), channel=OutboxChannel.SMS).first())
    if message is None:
        logger.info("Delivery report for an unknown SMS id %r (%s): ignored", provider_ref, status)
        return None
    before = {"status": message.status, "delivery_status": message.delivery_status}
    if status == "delivered":
        message.delivery_status, message.delivered_at = DeliveryStatus.DELIVERED, now
        if message.status == OutboxStatus.GAVE_UP and message.last_error.startswith(UNDELIVERED_PREFIX):
            # A late "delivered" after a "failed": it arrived after all.
            message.status, message.last_error = OutboxStatus.SENT, ""
        action = "notifications.message.delivered"
    elif status in FAILED_STATUSES:
        if message.delivery_status == DeliveryStatus.DELIVERED:
            return message  # delivered is final
        message.delivery_status = DeliveryStatus.FAILED
        reason = " ".join(clean_text(error).split())[:300] or status
        message.last_error = f"{UNDELIVERED_PREFIX}{reason}"
        if message.status == OutboxStatus.SENT:
            # On the outbox page among the messages that could not be sent, with "Prøv igen".
            message.status, message.send_after = OutboxStatus.GAVE_UP, None
        action = "notifications.message.undelivered"
    else:
        logger.info("Delivery report %r for SMS %s: nothing to record", status, message.pk)
        return None
    message.save(update_fields=["status", "delivery_status", "delivered_at", "last_error", "send_after"])
    audit(action=action, council=message.council, obj=message, before=before,
          after={"status": message.status, "delivery_status": message.delivery_status, "error": message.last_error})
    return message


#: How the reason for a failed delivery starts (the outbox page shows it under "Fejl").
UNDELIVERED_PREFIX = "Ikke leveret (udbyderens rapport): "


# --- The secretariat's inbox -----------------------------------------------------------------------------

@transaction.atomic
def inbound_mark_handled(*, sms: InboundSms, actor: User | None, now: dt.datetime | None = None) -> InboundSms:
    """The secretariat has dealt with a text in its inbox. Twice changes nothing."""
    sms = InboundSms.objects.select_for_update().get(pk=sms.pk)
    if sms.handled_at is None:
        sms.handled_at, sms.handled_by = now or timezone.now(), actor
        sms.save(update_fields=["handled_at", "handled_by"])
        audit(action="notifications.inbound.handled", actor=actor, council=sms.council, obj=sms,
              after={"outcome": sms.outcome})
    return sms
