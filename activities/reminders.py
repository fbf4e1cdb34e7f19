"""The activities app's reminder, run by the outbox worker (``notifications.periodic``,
registered in ``ActivitiesConfig.ready``): the day before an event (its local date is
tomorrow), to each member signed up for it (not those on the waiting list or who cancelled), by
their channel (``notifications.quiet.reminder_contact``: SMS or e-mail; nobody who said no to
reminders). Through the outbox, so an SMS waits out the quiet hours.

Once per sign-up: ``EventSignup.reminded_at`` is set in the transaction that queues the message,
with the rows locked first (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two workers
never send twice. A constant number of queries per event, whatever the number of people."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Event, EventSignup, SignupStatus
from core import links
from notifications.quiet import reminder_contact, reminder_enqueue

logger = logging.getLogger("stemme.activities")

KIND_EVENT_REMINDER = "activities.event_reminder"


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_tomorrow(*, today: dt.date) -> list[int]:
    """Events of active councils whose local date is the day after ``today``."""
    tomorrow = today + dt.timedelta(days=1)
    return list(Event.objects
                .filter(starts_at__gte=_local_midnight(tomorrow),
                        starts_at__lt=_local_midnight(tomorrow + dt.timedelta(days=1)), council__is_active=True)
                .order_by("starts_at", "id").values_list("pk", flat=True))


def _event_reminders(*, event_id: int, now: dt.datetime) -> int:
    with transaction.atomic():
        qs = (EventSignup.objects
              .filter(event_id=event_id, status=SignupStatus.SIGNED_UP, reminded_at__isnull=True,
                      person__wants_reminders=True)
              .select_related("event", "event__council", "person").order_by("id"))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True, of=("self",))
        signups = list(qs)
        due = [(s, contact) for s in signups if (contact := reminder_contact(s.person)) is not None]
        if not due:
            return 0
        EventSignup.objects.filter(pk__in=[s.pk for s, _contact in due]).update(reminded_at=now)
        for signup, contact in due:
            event = signup.event
            url = links.message_url(reverse("activities:event", args=[event.council.slug, event.pk]))
            reminder_enqueue(
                council=event.council, person=signup.person, contact=contact,
                template="activities/email/reminder", kind=KIND_EVENT_REMINDER, now=now,
                context={"event": event, "starts": timezone.localtime(event.starts_at),
                         "ends": timezone.localtime(event.ends_at) if event.ends_at else None, "url": url})
        return len(due)


def event_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue the day-before reminders of events (idempotent); returns the number of messages
    queued. An event whose reminders fail is logged and skipped."""
    now = now or timezone.now()
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for event_id in events_tomorrow(today=timezone.localdate(now)):
            try:
                queued += _event_reminders(event_id=event_id, now=now)
            except Exception:
                logger.exception("Event reminders for event %s failed", event_id)
    return queued
