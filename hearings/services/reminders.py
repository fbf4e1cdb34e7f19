"""Deadline reminders through the outbox.

``deadline_reminders_queue`` runs periodically (the outbox worker calls it at most once an
hour, and ``manage.py deadline_reminders`` runs it by hand or from cron). For every active
council it finds the open deadlines (see :mod:`hearings.selectors.deadlines`) whose reminder date
has come – ``deadline_reminder_days`` days before the deadline under the council's rules in force,
moved back to a working day (``core.workdays``) – and queues one reminder per deadline to:

* the council's secretariat users (by e-mail),
* the chair and the vice-chair today,
* the consultation's owners (tovholdere), or the followed committee's working group,

people by their own channel (e-mail or SMS; a reminder by letter would arrive too late, so
people who only take letters are left out). Each recipient gets one message, however many
of those roles they hold.

A ``DeadlineReminder`` row (unique on council, kind, object and deadline) records that the
reminder was queued, in the same transaction as its messages: running again queues nothing
new, two workers running at once queue it once, and a changed deadline gets a new reminder.
For a joint consultation every council involved reminds its own people."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import links
from core.audit import audit
from core.workdays import LONGEST_CLOSED_RUN, working_days_before
from councils.models import Channel, Council, CouncilSecretary, Position, PositionKind, RulesOfProcedure
from councils.selectors import rules_in_force
from hearings.models import DeadlineReminder
from hearings.selectors.deadlines import DeadlineRow, deadline_rows
from notifications.addressing import contact_for
from notifications.models import OutboxChannel
from notifications.services import outbox_enqueue

logger = logging.getLogger("stemme.hearings")

KIND_REMINDER = "hearings.deadline_reminder"
DEFAULT_REMINDER_DAYS = RulesOfProcedure._meta.get_field("deadline_reminder_days").default


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    person: object = None       # councils.Person, or None for a secretariat user
    user_id: int | None = None


def reminder_days(*, council: Council, today: dt.date) -> int:
    """Days before a deadline the council's rules in force today ask for a reminder."""
    rules = rules_in_force(council=council, on=today)
    return rules.deadline_reminder_days if rules is not None else DEFAULT_REMINDER_DAYS


def reminder_date(deadline: dt.date, days: int) -> dt.date:
    """The day a reminder goes out: ``days`` before the deadline, moved back to a working day (a
    reminder due on a Saturday goes out on the Friday before)."""
    return working_days_before(deadline, days)


def due_reminders(*, council: Council, today: dt.date, days: int) -> list[DeadlineRow]:
    """The open deadlines not passed yet whose reminder date (``reminder_date``) has come, with
    their people."""
    rows = deadline_rows(council=council, today=today, with_people=True,
                         until=today + dt.timedelta(days=days + LONGEST_CLOSED_RUN))
    return [row for row in rows if row.days_left >= 0 and reminder_date(row.deadline, days) <= today]


class _Recipients:
    """Collects recipients once per address (and once per user account)."""

    def __init__(self):
        self.items: list[Recipient] = []
        self._addresses: set[tuple[str, str]] = set()
        self._users: set[int] = set()

    def add(self, recipient: Recipient) -> None:
        key = (recipient.channel, recipient.address.strip().lower())
        if not recipient.address.strip() or key in self._addresses:
            return
        if recipient.user_id is not None and recipient.user_id in self._users:
            return
        self._addresses.add(key)
        if recipient.user_id is not None:
            self._users.add(recipient.user_id)
        self.items.append(recipient)

    def add_person(self, person) -> None:
        channel, address, _own = contact_for(person)
        if channel not in (Channel.EMAIL, Channel.SMS):
            return  # a letter arrives after the deadline; the secretariat is reminded anyway
        self.add(Recipient(channel=channel, address=address, person=person, user_id=person.user_id))


def _standing_recipients(*, council: Council, today: dt.date) -> tuple[list, list]:
    """The secretariat's users and the chair and vice-chair today (two queries)."""
    secretaries = [s.user for s in CouncilSecretary.objects.filter(council=council, user__is_active=True)
                   .select_related("user").order_by("id")]
    formandskab = [p.person for p in Position.objects
                   .filter(Q(end__isnull=True) | Q(end__gte=today), council=council, start__lte=today,
                           kind__in=(PositionKind.CHAIR, PositionKind.VICE_CHAIR))
                   .select_related("person").order_by("kind", "start", "id")]
    return secretaries, formandskab


def recipients_for(row: DeadlineRow, *, secretaries, formandskab) -> list[Recipient]:
    recipients = _Recipients()
    for user in secretaries:
        recipients.add(Recipient(channel=Channel.EMAIL, address=user.email, user_id=user.pk))
    for person in [*formandskab, *row.people]:
        recipients.add_person(person)
    return recipients.items


def _link(council: Council, row: DeadlineRow) -> str:
    return links.message_url(row.url or reverse("hearings:deadlines", args=[council.slug]))


def _queue_one(*, council: Council, row: DeadlineRow, days: int, secretaries, formandskab) -> int:
    """Queue the reminder for one deadline unless it is queued already; returns messages queued."""
    with transaction.atomic():
        reminder, created = DeadlineReminder.objects.get_or_create(
            council=council, kind=row.kind, object_id=row.object_id, deadline=row.deadline)
        if not created:
            return 0
        recipients = recipients_for(row, secretaries=secretaries, formandskab=formandskab)
        context = {"council": council, "row": row, "url": _link(council, row), "reminder_days": days}
        subject = " ".join(render_to_string("hearings/deadlines/email/reminder_subject.txt", context).split())
        body = render_to_string("hearings/deadlines/email/reminder.txt", context).strip() + "\n"
        sms = " ".join(render_to_string("hearings/deadlines/email/reminder_sms.txt", context).split())
        for recipient in recipients:
            outbox_enqueue(council=council, channel=OutboxChannel(recipient.channel), person=recipient.person,
                           to_address=recipient.address, subject=subject,
                           body=sms if recipient.channel == Channel.SMS else body, kind=KIND_REMINDER)
        reminder.recipients = len(recipients)
        reminder.save(update_fields=["recipients"])
        audit(action="hearings.deadline_reminder.queued", council=council, obj=reminder,
              after={"kind": row.kind, "object_id": row.object_id, "deadline": str(row.deadline),
                     "days_left": row.days_left, "recipients": len(recipients)})
    return len(recipients)


def council_reminders_queue(*, council: Council, today: dt.date) -> int:
    """Queue the council's due reminders; returns the number of messages queued."""
    days = reminder_days(council=council, today=today)
    rows = due_reminders(council=council, today=today, days=days)
    if not rows:
        return 0
    secretaries, formandskab = _standing_recipients(council=council, today=today)
    return sum(_queue_one(council=council, row=row, days=days, secretaries=secretaries, formandskab=formandskab)
               for row in rows)


def deadline_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue deadline reminders for every active council (idempotent); returns the number of
    messages queued. A council whose reminders fail is logged and skipped, so one council's
    bad data never holds back another's reminders."""
    today = timezone.localdate(now or timezone.now())
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for council in Council.objects.filter(is_active=True).order_by("pk"):
            try:
                with transaction.atomic():  # a failure leaves the connection usable for the next council
                    queued += council_reminders_queue(council=council, today=today)
            except Exception:
                logger.exception("Deadline reminders for council %s (%s) failed", council.pk, council.slug)
    return queued
