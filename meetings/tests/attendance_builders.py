"""Builders for the attendance tests (their fixtures are in conftest.py). State is
built through the real services: the roster (councils.services), the meeting
(meetings.services.plan), its items (meetings.services.agenda) and invitations and afbud
(meetings.services.attendance).

The council: four members – Anna (e-mail, has a login), Carl (SMS), Eva (letter) and Finn
(e-mail, no substitute) – two personal substitutes – Bent for Anna (e-mail) and Dorte for
Carl (letter) – and a guest, Gitte. The meeting is a month ahead, 16–18, with the items of
the spring 2019 seed meeting."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from councils import services as council_services
from councils.models import Person
from meetings.models import Attendance, Meeting
from meetings.services import plan as plan_services

CPH = ZoneInfo("Europe/Copenhagen")


ITEMS = [
    "Godkendelse af referat og dagsorden",
    "Sociale frikort – prioriteret idékatalog",
    "Årsberetning 2018 – udkast til godkendelse",
    "Møde med Social- og Sundhedsudvalget – talepunkter",
    "Emner til efteråret",
    "Økonomi",
    "Eventuelt",
]


def meeting_day(days=30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_meeting(council, *, day=None, location="Rådhuset, mødelokale 2", **fields) -> Meeting:
    day = day or meeting_day()
    return plan_services.meeting_create(
        council=council, kind=fields.pop("kind", "ordinary"), location=location,
        starts_at=dt.datetime.combine(day, dt.time(16), tzinfo=CPH),
        ends_at=dt.datetime.combine(day, dt.time(18), tzinfo=CPH), **fields)


def begin(meeting, *, minutes_ago=5) -> Meeting:
    """The meeting's time comes: it began ``minutes_ago`` (attendance can now be recorded)."""
    start = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def set_rules(council, **fields):
    return council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1), **fields)


def attendance_of(meeting, name) -> Attendance:
    return Attendance.objects.select_related("person", "membership", "stands_in_for__person").get(
        meeting=meeting, person__name=name)


def person(council, name) -> Person:
    return Person.objects.get(council=council, name=name)

