"""Fixtures for the attendance tests (test_attendance_*.py import them by name). State is
built through the real services: the roster (councils.services), the meeting
(meetings.services.plan), its items (meetings.services.agenda) and invitations and afbud
(meetings.services.attendance).

The council: four members – Anna (e-mail, has a login), Carl (SMS), Eva (letter) and Finn
(e-mail, no substitute) – two personal substitutes – Bent for Anna (e-mail) and Dorte for
Carl (letter) – and a guest, Gitte. The meeting is a month ahead, 16–18, with the items of
the spring 2019 seed meeting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from councils import services as council_services
from councils.models import Person
from meetings.models import Attendance, Meeting
from meetings.services import agenda as agenda_services
from meetings.services import attendance as services
from meetings.services import plan as plan_services
from notifications.tests.smtp import smtp_server  # noqa: F401 - a fixture

CPH = ZoneInfo("Europe/Copenhagen")

# The fixtures, for a star import in the test modules (with noqa F403); the helpers
# (make_meeting, set_rules, attendance_of …) are imported by name.
__all__ = ["smtp_server", "secretary", "anna_user", "council", "other_council", "roster", "meeting", "invited"]

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


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def anna_user(make_user):
    return make_user("anna@example.org", name="Anna Andersen")


@pytest.fixture
def council(make_council, secretary):
    """Substitutes called only when needed (set_rules changes it per test)."""
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    council.email = "raadet@nordby.dk"
    council.save()
    set_rules(council, substitute_attendance="when_needed", substitute_mode="personal", quorum_percent=50,
              tie_break="chair")
    return council


@pytest.fixture
def other_council(make_council, make_user):
    return make_council("sydby", name="Udsatterådet Sydby", secretary=make_user("sydby@example.org"))


@pytest.fixture
def roster(council, add_member, anna_user):
    anna = add_member(council, "Anna Andersen", email="anna@example.org", user=anna_user)
    carl = add_member(council, "Carl Christensen", phone="+45 20 11 22 33", preferred_channel="sms")
    eva = add_member(council, "Eva Eskildsen", address="Byvej 3\n2620 Albertslund", preferred_channel="letter")
    finn = add_member(council, "Finn Frost", email="finn@example.org")
    bent = add_member(council, "Bent Berg", role="substitute", substitute_for=anna, email="bent@example.org")
    dorte = add_member(council, "Dorte Dahl", role="substitute", substitute_for=carl,
                       address="Torvet 1\n2600 Glostrup", preferred_channel="letter")
    gitte = add_member(council, "Gitte Gæst", role="guest", email="gitte@example.org")
    return {"anna": anna, "carl": carl, "eva": eva, "finn": finn, "bent": bent, "dorte": dorte, "gitte": gitte}


@pytest.fixture
def meeting(council, roster):
    meeting = make_meeting(council)
    for title in ITEMS:
        agenda_services.item_create(meeting=meeting, title=title)
    agenda_services.item_create(meeting=meeting, title="Henvendelse om en konkret bolig", closed=True)
    return meeting


@pytest.fixture
def invited(meeting, secretary):
    """The meeting with its invitations sent (the outbox messages are returned)."""
    return services.invitations_send(meeting=meeting, actor=secretary, base_url="http://testserver")
