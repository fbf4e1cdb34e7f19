"""Builders for the easy-read minutes: a council with consenting and non-consenting members, and
a meeting held through the services with an open item, a closed item whose decision is secret,
and a closed item whose decision may be published."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import AgendaItem, AttendanceStatus, Meeting, MeetingStatus

DAY = dt.date(2026, 4, 7)

OPEN_DECISION = ("Rådet vil have flere bænke i byen. Erik Skjult skriver til kommunen. Rådet vil have svar før "
                 "sommerferien.")
SECRET_DECISION = "Rådet indstiller Jens Jensen til prisen."
CLOSED_PUBLIC_DECISION = "Rådet har valgt en vinder af prisen."


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_board(make_council, add_member, make_user, *, slug="nordby"):
    secretary = make_user(f"sek@{slug}.dk")
    council = make_council(slug, secretary=secretary)
    council.phone = "43 21 12 34"
    council.save(update_fields=["phone"])
    people = {name: add_member(council, name, publish=publish).person for name, publish in [
        ("Anne Åben", True), ("Erik Skjult", False)]}
    return council, people, secretary


def held_meeting(council, people, secretary, *, day: dt.date = DAY) -> Meeting:
    from meetings.services import agenda as agenda_services
    from meetings.services import minutes as minutes_services
    from meetings.services import plan as plan_services

    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(day), ends_at=at(day, 18),
                                           title="Rådsmøde", location="Rådhuset", actor=secretary)
    bench = agenda_services.item_create(meeting=meeting, title="Bænke i byen", actor=secretary)
    secret = agenda_services.item_create(meeting=meeting, title="Årets pris", actor=secretary)
    closed_public = agenda_services.item_create(meeting=meeting, title="Prisens vinder", actor=secretary)
    AgendaItem.objects.filter(pk=secret.pk).update(closed=True, case_text="Hemmelig sagsfremstilling.")
    AgendaItem.objects.filter(pk=closed_public.pk).update(closed=True, publish_title=True, publish_decision=True,
                                                          case_text="Lukket sagsfremstilling.")
    agenda_services.agenda_publish(meeting=meeting, actor=secretary, now=meeting.starts_at - dt.timedelta(days=10))
    for person in people.values():
        minutes_services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT,
                                           actor=secretary)
    minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)
    for item, text in [(bench, OPEN_DECISION), (secret, SECRET_DECISION), (closed_public, CLOSED_PUBLIC_DECISION)]:
        item.refresh_from_db()
        minutes_services.item_minutes_save(item=item, decision=text, dissent="", expected_version=0,
                                           actor=secretary)
    meeting.refresh_from_db()
    return meeting


def publish_minutes(meeting: Meeting) -> Meeting:
    """The minutes approved and published (the minutes' own path is tested in test_minutes_services)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_PUBLISHED,
                                                 minutes_approved_at=timezone.now(),
                                                 minutes_published_at=timezone.now())
    meeting.refresh_from_db()
    return meeting
