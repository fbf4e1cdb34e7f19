"""Impossible times are refused with a clear Danish message: a meeting registered as held
before it has begun, attendance recorded before the meeting's day, and minutes "approved at"
a meeting that has not been held or that lies before the meeting whose minutes they are."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ApplicationError
from core.models import AuditEvent
from meetings import rules
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.services import minutes as services
from meetings.tests.seed import build_meeting, record_attendance

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def starting_in(seed, delta: dt.timedelta) -> Meeting:
    """A meeting of two hours that starts ``delta`` from now."""
    meeting = build_meeting(seed, with_items=False).meeting
    start = timezone.now() + delta
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


# --- Held ---------------------------------------------------------------------------------------

def test_a_meeting_cannot_be_registered_as_held_before_it_begins(seed):
    meeting = build_meeting(seed, day=in_days(7), with_items=False).meeting

    with pytest.raises(ApplicationError) as error:
        services.meeting_mark_held(meeting=meeting, actor=seed.secretary)

    day = in_days(7)
    assert error.value.code == "not_started"
    assert error.value.message.startswith(f"Mødet begynder den {day.day}. ")
    assert "kl. 16.00. Det kan først registreres som afholdt, når det er begyndt." in error.value.message
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.held_at is None
    assert not AuditEvent.objects.filter(action="meetings.meeting.held").exists()


def test_a_meeting_can_be_registered_as_held_once_it_has_begun(seed):
    meeting = starting_in(seed, -dt.timedelta(minutes=5))  # begun five minutes ago, still going on

    services.meeting_mark_held(meeting=meeting, actor=seed.secretary)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_one_minute_before_the_start_is_still_too_early(seed):
    meeting = starting_in(seed, dt.timedelta(minutes=1))
    with pytest.raises(ApplicationError, match="først registreres som afholdt"):
        services.meeting_mark_held(meeting=meeting)


@given(minutes_from_now=st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
       start_hour=st.integers(min_value=0, max_value=23))
def test_attendance_is_known_from_the_meetings_local_day(minutes_from_now, start_hour):
    """Whatever the hour (also just after midnight, when the UTC date is the day before), the
    meeting's day is its date in Copenhagen, and a meeting has begun exactly at its start."""
    now = dt.datetime(2026, 3, 29, 12, 0, tzinfo=CPH)  # the day summer time begins
    start = (now + dt.timedelta(minutes=minutes_from_now)).replace(hour=start_hour, minute=30)
    meeting = Meeting(starts_at=start, ends_at=start + dt.timedelta(hours=2))

    assert rules.has_started(meeting, now=now) == (now >= start)
    assert rules.is_meeting_day_or_later(meeting, now=now) == (now.date() >= start.astimezone(CPH).date())


# --- Attendance ----------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["present", "absent"])
def test_presence_and_absence_are_refused_before_the_meeting_day(seed, status):
    meeting = build_meeting(seed, day=in_days(3), with_items=False).meeting

    with pytest.raises(ApplicationError) as error:
        services.attendance_record(meeting=meeting, person=seed["Mads Lund"], status=status,
                                   actor=seed.secretary)

    assert error.value.field == "status"
    assert "Fremmøde og fravær kan først registreres på mødedagen – før mødet kan der kun registreres afbud." \
        in error.value.message
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_afbud_is_recorded_before_the_meeting_and_presence_on_the_day(seed):
    future = build_meeting(seed, day=in_days(3), with_items=False).meeting
    services.attendance_record(meeting=future, person=seed["Mads Lund"], status="afbud", actor=seed.secretary)
    assert Attendance.objects.get(meeting=future, person=seed["Mads Lund"]).status == AttendanceStatus.AFBUD

    today = timezone.localdate()
    later_today = build_meeting(seed, day=today, with_items=False).meeting
    start = dt.datetime.combine(today, dt.time(23, 59), tzinfo=CPH)
    Meeting.objects.filter(pk=later_today.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    later_today.refresh_from_db()
    services.attendance_record(meeting=later_today, person=seed["Mads Lund"], status="present")
    assert Attendance.objects.get(meeting=later_today, person=seed["Mads Lund"]).status == AttendanceStatus.PRESENT


# --- Approved at a meeting -------------------------------------------------------------------------

@pytest.fixture
def held_first(seed):
    first = build_meeting(seed).meeting  # 1 April 2026
    record_attendance(seed, first)
    services.meeting_mark_held(meeting=first, actor=seed.secretary)
    return first


def test_minutes_cannot_be_approved_at_a_meeting_that_has_not_been_held(seed, held_first):
    upcoming = build_meeting(seed, day=in_days(10)).meeting

    with pytest.raises(ApplicationError) as error:
        services.minutes_approve_at_meeting(meeting=held_first, at_meeting=upcoming, actor=seed.secretary)

    assert error.value.code == "not_held"
    assert ("er ikke holdt endnu, så referatet fra mødet den 1. april 2026 kan ikke være godkendt på det"
            in error.value.message)
    held_first.refresh_from_db()
    assert held_first.status == MeetingStatus.HELD and held_first.minutes_approved_at is None


def test_minutes_cannot_be_approved_at_an_earlier_meeting(seed, held_first):
    earlier = build_meeting(seed, day=dt.date(2026, 3, 4)).meeting
    record_attendance(seed, earlier)
    services.meeting_mark_held(meeting=earlier)

    with pytest.raises(ApplicationError) as error:
        services.minutes_approve_at_meeting(meeting=held_first, at_meeting=earlier)

    assert error.value.message == ("Referatet fra mødet den 1. april 2026 kan kun godkendes på et senere møde. "
                                   "Mødet den 4. marts 2026 ligger ikke efter.")
    held_first.refresh_from_db()
    assert held_first.status == MeetingStatus.HELD


def test_minutes_are_approved_at_a_later_meeting_while_it_is_being_held(seed, held_first):
    now_meeting = starting_in(seed, -dt.timedelta(minutes=10))  # begun, not yet registered as held

    services.minutes_approve_at_meeting(meeting=held_first, at_meeting=now_meeting, actor=seed.secretary)

    held_first.refresh_from_db()
    assert held_first.status == MeetingStatus.MINUTES_APPROVED


# --- The editor --------------------------------------------------------------------------------------

def test_the_editor_of_a_coming_meeting_offers_neither_held_nor_approval(client, seed, held_first):
    upcoming = build_meeting(seed, day=in_days(10)).meeting
    client.force_login(seed.secretary)
    editor = f"/{seed.council.slug}/intern/moeder/{upcoming.pk}/referat/"

    page = client.get(editor).content.decode()

    assert "Registrér mødet som afholdt" not in page
    assert "kl. 16.00. Det kan registreres som afholdt, når det er begyndt." in page
    assert "er godkendt på dette møde" not in page  # the previous minutes wait for this meeting to begin
    response = client.post(editor + "afholdt/", follow=True)
    assert "Det kan først registreres som afholdt, når det er begyndt." in response.content.decode()
    response = client.post(editor + "godkend-forrige/", follow=True)
    assert "er ikke holdt endnu" in response.content.decode()
    upcoming.refresh_from_db()
    held_first.refresh_from_db()
    assert upcoming.status == MeetingStatus.PLANNED and held_first.status == MeetingStatus.HELD
