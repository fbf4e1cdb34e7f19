"""The year plan's services: generating a year from the rules, creating, editing and
cancelling meetings, with clear Danish errors and an audit trail."""

import datetime as dt

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from meetings.models import Meeting, MeetingKind, MeetingStatus
from meetings.services import plan as services
from meetings.services.plan import year_slots
from meetings.tests.plan_builders import CPH, at, days, make_meeting

T16, T18 = dt.time(16), dt.time(18)


def generate(council, year=2027, weekday=3, start=T16, end=T18, location="Rådhuset, mødelokale 2", by=None):
    return services.year_plan_generate(council=council, year=year, weekday=weekday, start_time=start, end_time=end,
                                       location=location, actor=by)


# --- Year generation ----------------------------------------------------------------------------

def test_four_a_year_fall_in_february_may_august_november_on_the_weekday(council, secretary):
    created = generate(council, by=secretary)

    assert len(created) == 4
    assert [d.month for d in days(created)] == [2, 5, 8, 11]
    assert all(d.weekday() == 3 for d in days(created))  # Thursday
    assert days(created) == [dt.date(2027, 2, 18), dt.date(2027, 5, 13), dt.date(2027, 8, 12),
                             dt.date(2027, 11, 18)]
    stored = list(Meeting.objects.filter(council=council).order_by("starts_at"))
    assert stored == created
    for meeting in stored:
        local_start, local_end = meeting.starts_at.astimezone(CPH), meeting.ends_at.astimezone(CPH)
        assert (local_start.time(), local_end.time()) == (T16, T18)  # local time, summer and winter alike
        assert meeting.kind == MeetingKind.ORDINARY
        assert meeting.status == MeetingStatus.PLANNED
        assert meeting.location == "Rådhuset, mødelokale 2"
        assert meeting.public is True
    assert created.skipped == []


def test_six_a_year_is_every_second_month_on_a_monday(council):
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1),
                                  meetings_per_year=6)

    created = generate(council, weekday=0, start=dt.time(10), end=dt.time(12))

    assert [d.month for d in days(created)] == [2, 4, 6, 8, 10, 12]
    assert all(d.weekday() == 0 for d in days(created))
    assert all(12 <= d.day <= 18 for d in days(created))  # the Monday nearest the 15th
    assert all(m.starts_at.astimezone(CPH).hour == 10 for m in created)


def test_running_it_again_creates_nothing_and_moved_meetings_still_count(council, secretary):
    first = generate(council)
    # The secretariat moves the February meeting to early March.
    services.meeting_update(meeting=first[0], starts_at=at("2027-03-04", 16), ends_at=at("2027-03-04", 18))

    again = generate(council)

    assert again == []
    assert len(again.skipped) == 4
    assert Meeting.objects.filter(council=council).count() == 4


def test_a_cancelled_meeting_is_not_recreated(council):
    first = generate(council)
    services.meeting_cancel(meeting=first[1])

    assert generate(council) == []
    assert Meeting.objects.filter(council=council).count() == 4


def test_days_and_periods_with_meetings_are_skipped_others_created(council):
    # A theme day on the planned day in May; a constituting meeting in January covers Q1.
    make_meeting(council, "2027-05-13", kind=MeetingKind.THEME_DAY, hours=(9, 15))
    make_meeting(council, "2027-01-12", kind=MeetingKind.CONSTITUTING)
    # An extraordinary meeting in August does not replace the regular one.
    make_meeting(council, "2027-08-03", kind=MeetingKind.EXTRAORDINARY)

    created = generate(council)

    assert days(created) == [dt.date(2027, 8, 12), dt.date(2027, 11, 18)]
    assert created.skipped == [dt.date(2027, 2, 18), dt.date(2027, 5, 13)]


def test_other_councils_meetings_do_not_count(council, make_council):
    other = make_council("sydby")
    generate(other)

    assert len(generate(council)) == 4


def test_the_rules_in_force_that_year_decide_the_count(council):
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2028, 1, 1),
                                  meetings_per_year=6)

    assert len(generate(council, year=2027)) == 4
    assert len(generate(council, year=2028)) == 6


def test_generation_is_audited(council, secretary):
    created = generate(council, by=secretary)

    events = AuditEvent.objects.filter(council=council, action__startswith="meetings.")
    assert events.filter(action="meetings.meeting.created", actor=secretary).count() == 4
    summary = events.get(action="meetings.year_plan.generated")
    assert summary.actor == secretary
    assert summary.after["year"] == 2027
    assert summary.after["meetings_per_year"] == 4
    assert summary.after["created"] == [m.pk for m in created]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 8, 10, 12, 13, 24, 26, 52])
def test_slots_are_spread_inside_their_periods_on_the_weekday(count):
    slots = year_slots(year=2027, count=count, weekday=2)

    assert len(slots) == count
    assert len({s.day for s in slots}) == count
    assert all(s.start <= s.day <= s.end and s.day.weekday() == 2 for s in slots)
    assert slots[0].start == dt.date(2027, 1, 1) and slots[-1].end == dt.date(2027, 12, 31)
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in zip(slots, slots[1:], strict=False))


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"start": T18, "end": T16}, "end_time", "Møderne skal slutte efter de starter."),
    ({"start": T16, "end": T16}, "end_time", "Møderne skal slutte efter de starter."),
    ({"year": 1999}, "year", "Vælg et år mellem 2000 og 2100."),
    ({"year": 2101}, "year", "Vælg et år mellem 2000 og 2100."),
    ({"weekday": 7}, "weekday", "Vælg en ugedag."),
])
def test_generation_refuses_bad_input_with_a_danish_message(council, kwargs, field, message):
    with pytest.raises(ApplicationError) as error:
        generate(council, **kwargs)

    assert error.value.field == field
    assert str(error.value.message) == message
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="meetings.").exists()


def test_generation_refuses_more_than_one_meeting_a_week(council):
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1),
                                  meetings_per_year=60)

    with pytest.raises(ApplicationError, match="højst planlægge ét møde om ugen"):
        generate(council)
    assert not Meeting.objects.exists()


# --- Create, edit, cancel ------------------------------------------------------------------------

def test_meeting_create_stores_and_audits(council, secretary):
    meeting = services.meeting_create(council=council, kind=MeetingKind.JOINT, starts_at=at("2027-03-10", 13),
                                      ends_at=at("2027-03-10", 14), location="  Rådhuset  ",
                                      joint_with="Social- og Sundhedsudvalget", title="Fællesmøde om frikort",
                                      public=False, actor=secretary)

    meeting.refresh_from_db()
    assert meeting.council == council
    assert (meeting.kind, meeting.location, meeting.joint_with, meeting.public) == (
        "joint", "Rådhuset", "Social- og Sundhedsudvalget", False)
    assert meeting.display_title == "Fællesmøde om frikort"
    event = AuditEvent.objects.get(action="meetings.meeting.created")
    assert (event.actor, event.object_id, event.after["joint_with"]) == (secretary, str(meeting.pk),
                                                                        "Social- og Sundhedsudvalget")


def test_joint_with_is_dropped_for_other_kinds(council):
    meeting = services.meeting_create(council=council, kind="ordinary", starts_at=at("2027-03-10"),
                                      ends_at=at("2027-03-10", 18), joint_with="Handicaprådet")
    assert meeting.joint_with == ""


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"ends_at": at("2027-03-10", 15)}, "ends_at", "Mødet skal slutte efter det starter."),
    ({"ends_at": at("2027-03-10", 16)}, "ends_at", "Mødet skal slutte efter det starter."),
    ({"starts_at": at("1999-03-10"), "ends_at": at("1999-03-10", 18)}, "starts_at",
     "Mødet skal ligge mellem år 2000 og 2100."),
    ({"kind": "joint"}, "joint_with", "Skriv hvem fællesmødet holdes med, fx “Social- og Sundhedsudvalget”."),
    ({"kind": "party"}, "kind", "Vælg en mødetype."),
    ({"title": "Sag om 010190-1234"}, "title", None),
])
def test_meeting_create_refuses_bad_input(council, kwargs, field, message):
    data = {"kind": "ordinary", "starts_at": at("2027-03-10", 16), "ends_at": at("2027-03-10", 18)} | kwargs

    with pytest.raises(ApplicationError) as error:
        services.meeting_create(council=council, **data)

    assert error.value.field == field
    if message:
        assert str(error.value.message) == message
    else:
        assert "CPR" in str(error.value.message)
    assert not Meeting.objects.exists()


def test_meeting_update_changes_and_audits_before_and_after(council, secretary):
    meeting = make_meeting(council, "2027-02-18", location="Rådhuset")

    services.meeting_update(meeting=meeting, actor=secretary, location="Medborgerhuset",
                            starts_at=at("2027-02-25", 15), ends_at=at("2027-02-25", 17), kind="extraordinary")

    meeting.refresh_from_db()
    assert meeting.location == "Medborgerhuset"
    assert meeting.starts_at == at("2027-02-25", 15)
    assert meeting.kind == "extraordinary"
    event = AuditEvent.objects.get(action="meetings.meeting.updated")
    assert event.before["location"] == "Rådhuset"
    assert event.after["location"] == "Medborgerhuset"
    assert event.actor == secretary


def test_meeting_update_refuses_bad_times_and_keeps_the_row(council):
    meeting = make_meeting(council, "2027-02-18")

    with pytest.raises(ApplicationError, match="slutte efter det starter"):
        services.meeting_update(meeting=meeting, ends_at=at("2027-02-18", 9))

    meeting.refresh_from_db()
    assert meeting.ends_at == at("2027-02-18", 18)


def test_meeting_update_rejects_unknown_fields(council):
    meeting = make_meeting(council, "2027-02-18")
    with pytest.raises(TypeError):
        services.meeting_update(meeting=meeting, status="held")


def test_cancel_marks_the_meeting_and_audits(council, secretary):
    meeting = make_meeting(council, "2027-02-18", status=MeetingStatus.AGENDA_PUBLISHED)

    services.meeting_cancel(meeting=meeting, actor=secretary)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    event = AuditEvent.objects.get(action="meetings.meeting.cancelled")
    assert (event.before["status"], event.after["status"], event.actor) == (
        "agenda_published", "cancelled", secretary)


@pytest.mark.parametrize(("status", "message"), [
    (MeetingStatus.CANCELLED, "Mødet er allerede aflyst."),
    (MeetingStatus.HELD, "Mødet er holdt og kan ikke aflyses."),
    (MeetingStatus.MINUTES_PUBLISHED, "Mødet er holdt og kan ikke aflyses."),
])
def test_cancel_refuses_cancelled_and_held_meetings(council, status, message):
    meeting = make_meeting(council, "2027-02-18", status=status)

    with pytest.raises(ApplicationError) as error:
        services.meeting_cancel(meeting=meeting)

    assert str(error.value.message) == message
    meeting.refresh_from_db()
    assert meeting.status == status


def test_a_cancelled_meeting_cannot_be_edited(council):
    meeting = make_meeting(council, "2027-02-18", status=MeetingStatus.CANCELLED)

    with pytest.raises(ApplicationError, match="aflyst og kan ikke rettes"):
        services.meeting_update(meeting=meeting, location="Et andet sted")
