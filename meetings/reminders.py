"""The meetings app's reminders, run by the outbox worker (``notifications.periodic``, registered
in ``MeetingsConfig.ready``) and sent through the outbox by each person's channel
(``notifications.quiet.reminder_contact``: SMS or e-mail; a letter would come too late; nobody
who said no to reminders). Each job takes ``now`` (tests fix the clock with it), is idempotent
and returns how many messages it queued.

* ``meeting_reminders_queue`` – the day before a meeting (its local date is tomorrow) that is
  still open (planned or agenda sent), to everyone invited who has not sent afbud – members,
  guests and substitutes standing in alike; "Jeg kommer" does not stop a reminder. By SMS a
  short text with the personal reading link (``meetings.selectors.reading``), by e-mail a little
  more. Once per attendance: ``Attendance.reminded_at`` is set in the transaction that queues
  the message, and the rows are locked first (``SELECT … FOR UPDATE SKIP LOCKED`` on
  PostgreSQL; SQLite's immediate transactions serialise), so two workers never send twice.
* ``action_item_reminders_queue`` – an open action item's owners who are members of the
  council today, ``STEMME_TASK_REMINDER_DAYS`` [2] days before its due date (or later, up to
  the due date itself, if the worker was not running). Once per item and due date
  (``ActionItem.reminded_for_due``): a changed due date reminds again.

The reads are a constant number of queries per meeting (per council for action items),
whatever the number of people; each message then costs what ``outbox_enqueue`` costs."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import links
from councils.models import Membership, Person
from meetings.models import ActionItem, ActionStatus, Attendance, AttendanceStatus, Meeting
from meetings.selectors.reading import reading_url
from meetings.services.attendance import OPEN_STATUSES
from notifications.quiet import reminder_contact, reminder_enqueue

logger = logging.getLogger("stemme.meetings")

KIND_MEETING_REMINDER = "meetings.reminder"
KIND_ACTION_ITEM_REMINDER = "meetings.action_item_reminder"
DEFAULT_TASK_REMINDER_DAYS = 2


def task_reminder_days() -> int:
    return int(getattr(settings, "STEMME_TASK_REMINDER_DAYS", DEFAULT_TASK_REMINDER_DAYS))


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def days_text(days: int) -> str:
    """"i dag", "i morgen", "om 3 dage"."""
    if days <= 0:
        return _("i dag")
    if days == 1:
        return _("i morgen")
    return ngettext("om %(n)d dag", "om %(n)d dage", days) % {"n": days}


def _locked(qs):
    """The rows, locked for this transaction; rows another worker holds are skipped."""
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, of=("self",))
    return qs.select_for_update()


# --- The day before a meeting ----------------------------------------------------------------------

def meetings_tomorrow(*, today: dt.date) -> list[int]:
    """Open meetings of active councils whose local date is the day after ``today``."""
    tomorrow = today + dt.timedelta(days=1)
    return list(Meeting.objects
                .filter(starts_at__gte=local_midnight(tomorrow),
                        starts_at__lt=local_midnight(tomorrow + dt.timedelta(days=1)),
                        status__in=OPEN_STATUSES, council__is_active=True)
                .order_by("starts_at", "id").values_list("pk", flat=True))


def _meeting_reminders(*, meeting_id: int, now: dt.datetime) -> int:
    with transaction.atomic():
        attendances = list(_locked(
            Attendance.objects
            .filter(meeting_id=meeting_id, status=AttendanceStatus.INVITED, invited_at__isnull=False,
                    reminded_at__isnull=True, person__wants_reminders=True))
            .select_related("meeting", "meeting__council", "person", "stands_in_for__person")
            .order_by("id"))
        due = [(a, contact) for a in attendances if (contact := reminder_contact(a.person)) is not None]
        if not due:
            return 0
        Attendance.objects.filter(pk__in=[a.pk for a, _contact in due]).update(reminded_at=now)
        for attendance, contact in due:
            meeting = attendance.meeting
            reminder_enqueue(
                council=meeting.council, person=attendance.person, contact=contact,
                template="meetings/email/reminder", kind=KIND_MEETING_REMINDER, meeting=meeting, now=now,
                context={"meeting": meeting, "attendance": attendance,
                         "starts": timezone.localtime(meeting.starts_at), "ends": timezone.localtime(meeting.ends_at),
                         "stands_in_for": attendance.stands_in_for.person if attendance.stands_in_for_id else None,
                         "reading_url": reading_url(attendance)})
        return len(due)


def meeting_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue the day-before reminders (idempotent); returns the number of messages queued. A
    meeting whose reminders fail is logged and skipped."""
    now = now or timezone.now()
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for meeting_id in meetings_tomorrow(today=timezone.localdate(now)):
            try:
                queued += _meeting_reminders(meeting_id=meeting_id, now=now)
            except Exception:
                logger.exception("Day-before reminders for meeting %s failed", meeting_id)
    return queued


# --- Action items due -------------------------------------------------------------------------------

def _my_tasks_url(council) -> str:
    """The person's own tasks (activities' page); the meeting plan while that page is missing."""
    try:
        path = reverse("activities:my_tasks", args=[council.slug])
    except NoReverseMatch:
        path = reverse("meetings:plan", args=[council.slug])
    return links.message_url(path)


def _items_due(*, today: dt.date, days: int):
    return (ActionItem.objects
            .filter(status=ActionStatus.OPEN, due__isnull=False, due__gte=today,
                    due__lte=today + dt.timedelta(days=days), council__is_active=True)
            .filter(Q(reminded_for_due__isnull=True) | Q(reminded_for_due__lt=F("due"))
                    | Q(reminded_for_due__gt=F("due"))))


def _action_item_reminders(*, council_id: int, today: dt.date, days: int, now: dt.datetime) -> int:
    members = Prefetch("memberships", queryset=Membership.objects.select_related("term"))
    owners = Prefetch("owners", queryset=Person.objects.prefetch_related(members).order_by("name", "id"))
    with transaction.atomic():
        items = list(_locked(_items_due(today=today, days=days).filter(council_id=council_id))
                     .select_related("council", "meeting").order_by("due", "id"))
        if not items:
            return 0
        ActionItem.objects.filter(pk__in=[item.pk for item in items]).update(reminded_for_due=F("due"))
        prefetch_related_objects(items, owners)  # after the lock: a prefetch is a query of its own
        queued = 0
        for item in items:
            people = [p for p in item.owners.all()
                      if p.council_id == item.council_id and any(m.is_active_on(today) for m in p.memberships.all())]
            for person in people:
                contact = reminder_contact(person)
                if contact is None:
                    continue
                reminder_enqueue(
                    council=item.council, person=person, contact=contact, template="meetings/email/reminder_task",
                    kind=KIND_ACTION_ITEM_REMINDER, meeting=item.meeting, now=now,
                    context={"item": item, "meeting": item.meeting,
                             "starts": timezone.localtime(item.meeting.starts_at),
                             "days_text": days_text((item.due - today).days),
                             "co_owners": [p for p in people if p.pk != person.pk],
                             "url": _my_tasks_url(item.council)})
                queued += 1
        return queued


def action_item_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue reminders of action items due within ``STEMME_TASK_REMINDER_DAYS`` (idempotent);
    returns the number of messages queued. A council whose reminders fail is logged and skipped."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = task_reminder_days()
    council_ids = sorted(set(_items_due(today=today, days=days).values_list("council_id", flat=True)))
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for council_id in council_ids:
            try:
                queued += _action_item_reminders(council_id=council_id, today=today, days=days, now=now)
            except Exception:
                logger.exception("Action item reminders for council %s failed", council_id)
    return queued
