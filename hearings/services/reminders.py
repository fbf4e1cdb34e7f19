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
people who only take letters are left out), and only people who want reminders
(``notifications.quiet.reminder_contact``); each person's text ends with how to say no to
reminders, and an SMS waits out the quiet hours (``outbox_enqueue``). Each recipient gets one
message, however many of those roles they hold.

A ``DeadlineReminder`` row (unique on council, kind, object and deadline) records that the
reminder was queued, in the same transaction as its messages: running again queues nothing
new, two workers running at once queue it once, and a changed deadline gets a new reminder.
For a joint consultation every council involved reminds its own people.

``draft_reminders_queue`` (a job of its own) reminds the people drafting a response – its
owners (tovholdere) and the council's people who have saved a version of the draft – before the
council's internal deadline: the day the draft must be ready for the council to approve it in
time (``draft_deadline``). Not the secretariat or the formandskab: they get the reminder above."""

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
from councils.models import Channel, Council, CouncilSecretary, Person, Position, PositionKind, RulesOfProcedure
from councils.selectors import rules_in_force
from hearings.models import Consultation, ConsultationStatus, DeadlineReminder, DraftVersion
from hearings.selectors.deadlines import DeadlineRow, deadline_rows, local_midnight
from meetings.models import Meeting, MeetingStatus
from meetings.reminders import days_text
from meetings.selectors.agenda import agenda_send_by
from notifications.models import OutboxChannel
from notifications.quiet import reminder_contact, reminder_enqueue, stop_text
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
        contact = reminder_contact(person)
        if contact is None:
            return  # no reminders wanted, or a letter (it arrives after the deadline); the secretariat is reminded
        self.add(Recipient(channel=contact.channel, address=contact.address, person=person, user_id=person.user_id))


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


class _Texts:
    """A reminder's subject and texts, rendered once per channel and kind of recipient (a person
    is told how to say no to reminders; the secretariat's users are not asked)."""

    def __init__(self, template: str, context: dict):
        self.template, self.context = template, context
        self.subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        self._bodies: dict[tuple[str, bool], str] = {}

    def body(self, recipient: Recipient) -> str:
        key = (recipient.channel, recipient.person is not None)
        if key not in self._bodies:
            context = dict(self.context, stop_text=stop_text(council=self.context["council"], channel=recipient.channel)
                           if recipient.person is not None else "")
            if recipient.channel == Channel.SMS:
                self._bodies[key] = " ".join(render_to_string(f"{self.template}_sms.txt", context).split())
            else:
                self._bodies[key] = render_to_string(f"{self.template}.txt", context).strip() + "\n"
        return self._bodies[key]


def _queue_one(*, council: Council, row: DeadlineRow, days: int, secretaries, formandskab,
               now: dt.datetime | None = None) -> int:
    """Queue the reminder for one deadline unless it is queued already; returns messages queued."""
    with transaction.atomic():
        reminder, created = DeadlineReminder.objects.get_or_create(
            council=council, kind=row.kind, object_id=row.object_id, deadline=row.deadline)
        if not created:
            return 0
        recipients = recipients_for(row, secretaries=secretaries, formandskab=formandskab)
        texts = _Texts("hearings/deadlines/email/reminder",
                       {"council": council, "row": row, "url": _link(council, row), "reminder_days": days})
        for recipient in recipients:
            outbox_enqueue(council=council, channel=OutboxChannel(recipient.channel), person=recipient.person,
                           to_address=recipient.address, subject=texts.subject, body=texts.body(recipient),
                           kind=KIND_REMINDER, now=now)
        reminder.recipients = len(recipients)
        reminder.save(update_fields=["recipients"])
        audit(action="hearings.deadline_reminder.queued", council=council, obj=reminder,
              after={"kind": row.kind, "object_id": row.object_id, "deadline": str(row.deadline),
                     "days_left": row.days_left, "recipients": len(recipients)})
    return len(recipients)


def council_reminders_queue(*, council: Council, today: dt.date, now: dt.datetime | None = None) -> int:
    """Queue the council's due reminders; returns the number of messages queued."""
    days = reminder_days(council=council, today=today)
    rows = due_reminders(council=council, today=today, days=days)
    if not rows:
        return 0
    secretaries, formandskab = _standing_recipients(council=council, today=today)
    return sum(_queue_one(council=council, row=row, days=days, secretaries=secretaries, formandskab=formandskab,
                          now=now)
               for row in rows)


def deadline_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue deadline reminders for every active council (idempotent); returns the number of
    messages queued. A council whose reminders fail is logged and skipped, so one council's
    bad data never holds back another's reminders."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for council in Council.objects.filter(is_active=True).order_by("pk"):
            try:
                with transaction.atomic():  # a failure leaves the connection usable for the next council
                    queued += council_reminders_queue(council=council, today=today, now=now)
            except Exception:
                logger.exception("Deadline reminders for council %s (%s) failed", council.pk, council.slug)
    return queued


# --- The people drafting a response, before the council's internal deadline -------------------------

#: DeadlineReminder.kind of a drafting reminder (object_id: the consultation; deadline: the internal one).
KIND_DRAFT = "consultation_draft"
KIND_DRAFT_REMINDER = "hearings.draft_reminder"
#: Working days the chair and vice-chair are given to read and approve a draft between meetings.
FORMANDSKAB_APPROVAL_DAYS = 2
#: Consultations whose response is still being written (an approved one is done drafting).
DRAFTING_STATUSES = (ConsultationStatus.RECEIVED, ConsultationStatus.ASSIGNED, ConsultationStatus.DRAFTING)


@dataclass(frozen=True)
class DraftDeadline:
    """The day the draft must be ready (``deadline``) so the council can approve the response
    before the consultation's deadline: the day the agenda of ``meeting`` goes out, or – with
    ``meeting`` None – ``FORMANDSKAB_APPROVAL_DAYS`` working days before the deadline, for the
    chair and vice-chair to approve it between meetings."""

    deadline: dt.date
    meeting: Meeting | None = None


def draft_deadline(*, consultation: Consultation, today: dt.date, meetings: list[tuple[Meeting, dt.date]],
                   formandskab_approves: bool) -> DraftDeadline | None:
    """The council's internal deadline for the draft, or None when there is none ahead.

    * A response already on an open meeting's agenda has none (the draft went with the agenda).
    * Otherwise the last of the council's meetings on or before the consultation's deadline whose
      agenda is not sent yet and can still be (``meetings``: each with its agenda's last day,
      ``meetings.selectors.agenda.agenda_send_by``): the draft must be on that agenda.
    * Otherwise, when the rules let the chair and vice-chair approve responses between meetings,
      ``FORMANDSKAB_APPROVAL_DAYS`` working days before the consultation's deadline."""
    item = consultation.agenda_item
    if item is not None and item.meeting is not None and item.meeting.status in (
            MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED):
        return None
    before = [(meeting, send_by) for meeting, send_by in meetings
              if timezone.localdate(meeting.starts_at) <= consultation.deadline and send_by >= today]
    if before:
        meeting, send_by = before[-1]
        return DraftDeadline(deadline=send_by, meeting=meeting)
    if formandskab_approves:
        day = working_days_before(consultation.deadline, FORMANDSKAB_APPROVAL_DAYS)
        if day >= today:
            return DraftDeadline(deadline=day)
    return None


def _drafters(*, council: Council, consultations: list[Consultation]) -> dict[int, list]:
    """Per consultation: its owners in ``council``, then the council's people who saved a version
    of the draft (by their login), each once. Two queries."""
    authors: dict[int, set[int]] = {}
    for consultation_id, user_id in (DraftVersion.objects
                                     .filter(consultation__in=consultations, author__isnull=False)
                                     .values_list("consultation_id", "author_id").distinct()):
        authors.setdefault(consultation_id, set()).add(user_id)
    by_user: dict[int | None, list] = {}
    wanted = set().union(*authors.values()) if authors else set()
    for person in Person.objects.filter(council=council, user_id__in=wanted).order_by("name", "id"):
        by_user.setdefault(person.user_id, []).append(person)
    people: dict[int, list] = {}
    for consultation in consultations:
        found = [p for p in consultation.owners.all() if p.council_id == council.pk]
        for user_id in sorted(authors.get(consultation.pk, ())):
            found += by_user.get(user_id, [])
        people[consultation.pk] = list({p.pk: p for p in found}.values())  # each once, in order
    return people


def _open_meetings(*, council: Council, today: dt.date, until: dt.date) -> list[tuple[Meeting, dt.date]]:
    """The council's meetings from today up to ``until`` whose agenda is not sent yet, each with
    the agenda's last day (the rules in force on the meeting's day), by start."""
    meetings = list(Meeting.objects.filter(council=council, status=MeetingStatus.PLANNED,
                                           starts_at__gte=local_midnight(today),
                                           starts_at__lt=local_midnight(until + dt.timedelta(days=1)))
                    .select_related("council").order_by("starts_at", "id"))
    return [(meeting, agenda_send_by(meeting=meeting)) for meeting in meetings]


def council_draft_reminders_queue(*, council: Council, today: dt.date, now: dt.datetime | None = None) -> int:
    """Queue the council's due drafting reminders; returns the number of messages queued."""
    days = reminder_days(council=council, today=today)
    consultations = list(Consultation.objects
                         .filter(council=council, status__in=DRAFTING_STATUSES, deadline__gte=today)
                         .select_related("agenda_item__meeting").prefetch_related("owners").order_by("deadline", "id"))
    if not consultations:
        return 0
    rules = rules_in_force(council=council, on=today)
    formandskab_approves = rules.formandskab_approves_responses if rules is not None else True
    meetings = _open_meetings(council=council, today=today, until=max(c.deadline for c in consultations))
    due = []
    for consultation in consultations:
        internal = draft_deadline(consultation=consultation, today=today, meetings=meetings,
                                  formandskab_approves=formandskab_approves)
        if internal is not None and reminder_date(internal.deadline, days) <= today:
            due.append((consultation, internal))
    if not due:
        return 0
    drafters = _drafters(council=council, consultations=[c for c, _internal in due])
    queued = 0
    for consultation, internal in due:
        with transaction.atomic():
            reminder, created = DeadlineReminder.objects.get_or_create(
                council=council, kind=KIND_DRAFT, object_id=consultation.pk, deadline=internal.deadline)
            if not created:
                continue
            meeting = internal.meeting
            context = {"consultation": consultation, "internal": internal,
                       "days_text": days_text((internal.deadline - today).days),
                       "meeting_starts": timezone.localtime(meeting.starts_at) if meeting else None,
                       "url": links.message_url(reverse("hearings:consultation", args=[council.slug, consultation.pk]))}
            sent = 0
            for person in drafters[consultation.pk]:
                contact = reminder_contact(person)
                if contact is None:
                    continue
                reminder_enqueue(council=council, person=person, contact=contact, kind=KIND_DRAFT_REMINDER,
                                 template="hearings/deadlines/email/draft_reminder", context=context, now=now)
                sent += 1
            reminder.recipients = sent
            reminder.save(update_fields=["recipients"])
            audit(action="hearings.draft_reminder.queued", council=council, obj=reminder,
                  after={"consultation": consultation.pk, "internal_deadline": str(internal.deadline),
                         "deadline": str(consultation.deadline),
                         "meeting": internal.meeting.pk if internal.meeting else None, "recipients": sent})
            queued += sent
    return queued


def draft_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue drafting reminders for every active council (idempotent); returns the number of
    messages queued. A council whose reminders fail is logged and skipped."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for council in Council.objects.filter(is_active=True).order_by("pk"):
            try:
                with transaction.atomic():
                    queued += council_draft_reminders_queue(council=council, today=today, now=now)
            except Exception:
                logger.exception("Drafting reminders for council %s (%s) failed", council.pk, council.slug)
    return queued
