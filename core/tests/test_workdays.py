"""Deadlines Stemme computes never fall on a weekend or a Danish public holiday: the helper in
core.workdays (property-tested for any date) and every place that computes a deadline with it –
members' proposals, the agenda's send-by day, comment letters and deadline reminders."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.workdays import (
    LONGEST_CLOSED_RUN,
    deadline_at,
    is_working_day,
    working_day_on_or_before,
    working_days_before,
)

D = dt.date
CPH = ZoneInfo("Europe/Copenhagen")
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@given(day=dates, days=st.integers(min_value=0, max_value=60))
def test_a_computed_deadline_is_a_working_day_and_never_after_the_naive_one(day, days):
    naive = day - dt.timedelta(days=days)
    deadline = working_days_before(day, days)
    assert is_working_day(deadline)
    assert deadline <= naive
    assert (naive - deadline).days <= LONGEST_CLOSED_RUN
    # Nothing between the deadline and the naive day is a working day: it moved to the nearest one.
    assert not any(is_working_day(deadline + dt.timedelta(days=k)) for k in range(1, (naive - deadline).days + 1))


@given(day=dates)
def test_working_days_are_weekdays_and_stay_put(day):
    if is_working_day(day):
        assert day.weekday() < 5 and working_day_on_or_before(day) == day
    else:
        assert working_day_on_or_before(day) < day


@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 3, 14), D(2026, 3, 13)),   # Saturday -> Friday
    (D(2026, 3, 15), D(2026, 3, 13)),   # Sunday -> Friday
    (D(2026, 4, 3), D(2026, 4, 1)),     # Good Friday -> Wednesday before Maundy Thursday
    (D(2026, 4, 6), D(2026, 4, 1)),     # Easter Monday
    (D(2026, 5, 14), D(2026, 5, 13)),   # Ascension Day
    (D(2026, 5, 25), D(2026, 5, 22)),   # Whit Monday -> Friday
    (D(2026, 6, 5), D(2026, 6, 4)),     # Constitution Day: the offices are closed
    (D(2026, 12, 24), D(2026, 12, 23)),  # Christmas Eve
    (D(2027, 1, 1), D(2026, 12, 30)),   # New Year's Day (a Friday), New Year's Eve closed too
    (D(2026, 3, 13), D(2026, 3, 13)),   # an ordinary Friday stays
])
def test_known_danish_days(day, expected):
    assert working_day_on_or_before(day) == expected


def test_store_bededag_is_a_working_day_since_2024():
    assert not is_working_day(D(2023, 5, 5)) and is_working_day(D(2024, 4, 26))


def test_deadline_at_keeps_the_time_of_day_in_local_time():
    monday = dt.datetime(2026, 3, 30, 16, 0, tzinfo=CPH)  # 14 days before: Monday 16 March, a working day
    assert deadline_at(monday, 14) == dt.datetime(2026, 3, 16, 16, 0, tzinfo=CPH)
    # 15 days before is Sunday 15 March: the Friday before, still at 16.00 Danish time.
    assert deadline_at(monday, 15) == dt.datetime(2026, 3, 13, 16, 0, tzinfo=CPH)
    # Across the change to summer time (29 March 2026) the local time stays 16.00.
    april = dt.datetime(2026, 4, 13, 16, 0, tzinfo=CPH)
    assert deadline_at(april.astimezone(dt.UTC), 16).astimezone(CPH) == dt.datetime(2026, 3, 27, 16, 0,
                                                                                       tzinfo=CPH)


# --- Where Stemme computes deadlines -----------------------------------------------------------------

@pytest.fixture
def council(make_council):
    return make_council("nordby", preset="albertslund2018")  # proposals 14 days, agenda 7 days before


def meeting_at(council, moment):
    from meetings.models import Meeting

    return Meeting(council=council, starts_at=moment, ends_at=moment + dt.timedelta(hours=2))


@pytest.mark.django_db
def test_the_proposal_deadline_on_a_holiday_moves_to_the_working_day_before(council):
    from meetings.selectors.agenda import proposal_deadline

    # A meeting on Friday 17 April 2026 at 16: 14 days before is Good Friday, 3 April.
    meeting = meeting_at(council, dt.datetime(2026, 4, 17, 16, tzinfo=CPH))
    assert proposal_deadline(meeting=meeting) == dt.datetime(2026, 4, 1, 16, tzinfo=CPH)


@pytest.mark.django_db
def test_the_agenda_send_by_day_moves_to_the_working_day_before(council):
    from meetings.selectors.agenda import agenda_send_by

    # Tuesday 31 March 2026: 7 days before is Tuesday 24 March (a working day).
    assert agenda_send_by(meeting=meeting_at(council, dt.datetime(2026, 3, 31, 16, tzinfo=CPH))) == D(2026, 3, 24)
    # Monday 13 April 2026: 7 days before is Easter Monday: the Wednesday before Easter.
    assert agenda_send_by(meeting=meeting_at(council, dt.datetime(2026, 4, 13, 16, tzinfo=CPH))) == D(2026, 4, 1)


@pytest.mark.django_db(transaction=False)
@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(day=st.dates(min_value=D(2026, 1, 1), max_value=D(2030, 12, 31)), hour=st.integers(min_value=8, max_value=20))
def test_any_meetings_proposal_deadline_and_send_by_day_are_working_days(council, day, hour):
    from meetings.selectors.agenda import agenda_send_by, proposal_deadline

    meeting = meeting_at(council, dt.datetime.combine(day, dt.time(hour), tzinfo=CPH))
    deadline = proposal_deadline(meeting=meeting).astimezone(CPH)
    assert is_working_day(deadline.date()) and deadline.time() == dt.time(hour)
    assert deadline.date() <= day - dt.timedelta(days=14)
    send_by = agenda_send_by(meeting=meeting)
    assert is_working_day(send_by) and send_by <= day - dt.timedelta(days=7)


@pytest.mark.django_db
def test_a_comment_letter_deadline_on_a_saturday_moves_to_friday(council):
    from hearings.models import Committee, CommitteeFollow, CommitteeMeeting
    from hearings.selectors.deadlines import upcoming_deadlines
    from hearings.selectors.letters import default_deadline

    committee = Committee.objects.create(municipality=council.municipality, name="Social- og Sundhedsudvalget",
                                         abbreviation="SUS")
    follow = CommitteeFollow.objects.create(council=council, committee=committee, comment_days_before=2,
                                            recipient_email="sus@kommune.dk")
    # SUS meets on Monday 16 March 2026: two days before is Saturday 14 March.
    meeting = CommitteeMeeting.objects.create(municipality=council.municipality, committee=committee,
                                              starts_at=dt.datetime(2026, 3, 16, 12, tzinfo=CPH))
    assert default_deadline(committee_meeting=meeting, follow=follow) == D(2026, 3, 13)
    rows = upcoming_deadlines(council=council, today=D(2026, 3, 9))
    assert [(r.object_id, r.deadline) for r in rows] == [(meeting.pk, D(2026, 3, 13))]


@pytest.mark.django_db
def test_a_reminder_due_on_a_saturday_goes_out_on_friday(council):
    from hearings.models import Consultation
    from hearings.services.reminders import due_reminders, reminder_date

    # The consultation's deadline (set by the sender) is Thursday 19 March; 5 days before is Saturday 14.
    consultation = Consultation.objects.create(council=council, title="Ungestrategi", deadline=D(2026, 3, 19),
                                               received_on=D(2026, 2, 19), status="drafting")
    assert reminder_date(consultation.deadline, 5) == D(2026, 3, 13)
    assert due_reminders(council=council, today=D(2026, 3, 12), days=5) == []
    assert [r.object_id for r in due_reminders(council=council, today=D(2026, 3, 13), days=5)] == [consultation.pk]


@pytest.mark.django_db
def test_the_agenda_page_says_when_the_agenda_must_be_sent(make_council, make_user, client):
    from meetings.services import plan

    secretary = make_user("sek@nordby.dk")
    council = make_council("nordby", preset="albertslund2018", secretary=secretary)
    meeting = plan.meeting_create(council=council, kind="ordinary", starts_at=dt.datetime(2027, 4, 5, 16, tzinfo=CPH),
                                  ends_at=dt.datetime(2027, 4, 5, 18, tzinfo=CPH))
    client.force_login(secretary)
    page = client.get(f"/nordby/intern/moeder/{meeting.pk}/dagsorden/").content.decode()
    # 7 days before Monday 5 April 2027 is Easter Monday 29 March: the Wednesday before Easter.
    assert "Dagsordenen skal udsendes senest onsdag 24. marts 2027." in page
