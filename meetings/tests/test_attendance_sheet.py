"""The whole meeting's attendance in one form: everyone expected (members, substitutes and
guests on the council on the meeting's day) with present / afbud / absent and whom a
substitute stands in for, saved in one POST through one service that checks everything by
the rules of procedure – all or nothing, with Danish errors at each person that keep what was
typed. Constant query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import ApplicationError
from core.models import AuditEvent
from meetings import rules
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.services import attendance as services
from meetings.services import minutes as minutes_services
from meetings.services.minutes import AttendanceEntry, AttendanceSheetInvalid
from meetings.tests.attendance_builders import attendance_of, begin, person, set_rules
from notifications.models import OutboxMessage

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def sheet_url(meeting) -> str:
    return reverse("meetings:attendance_record", args=[meeting.council.slug, meeting.pk])


def text(response) -> str:
    return response.content.decode()


def as_posted(form) -> dict:
    """What a browser posts for the form as shown: each field's initial value."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else str(value)
    return data


def pid(council, name) -> str:
    return str(person(council, name).pk)


@pytest.fixture
def sec(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def today(meeting, invited):
    """The invited meeting, now under way."""
    return begin(meeting)


# --- The page -------------------------------------------------------------------------------------

def test_everyone_expected_is_listed_and_the_invited_start_as_present(sec, council, meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Carl Christensen"), note="Syg")  # Dorte called in
    today = begin(meeting)

    response = sec.get(sheet_url(today))

    assert response.status_code == 200
    form = response.context["form"]
    groups = {key: [line.row.person.name for line in lines] for key, _h, lines in response.context["groups"]}
    assert groups == {"members": ["Anna Andersen", "Carl Christensen", "Eva Eskildsen", "Finn Frost"],
                      "substitutes": ["Bent Berg", "Dorte Dahl"], "guests": ["Gitte Gæst"]}
    initial = as_posted(form)
    assert initial[f"status-{pid(council, 'Anna Andersen')}"] == "present"
    assert initial[f"status-{pid(council, 'Carl Christensen')}"] == "afbud"
    assert initial[f"status-{pid(council, 'Dorte Dahl')}"] == "present"  # called in: expected
    assert initial[f"status-{pid(council, 'Bent Berg')}"] == ""  # not called
    assert initial[f"for-{pid(council, 'Dorte Dahl')}"] == pid(council, "Carl Christensen")
    # personal substitutes: Bent may stand in for Anna only
    choices = form.fields[f"for-{pid(council, 'Bent Berg')}"].choices
    assert [label for value, label in choices if value] == ["Anna Andersen"]
    assert f"for-{pid(council, 'Anna Andersen')}" not in form.fields  # members stand in for nobody
    page = text(response)
    assert "Gem fremmødet" in page and "Alle, der er indkaldt og ikke har meldt afbud, står som til stede." in page


def test_the_whole_meeting_is_saved_in_one_post(sec, council, today, secretary):
    data = as_posted(sec.get(sheet_url(today)).context["form"])
    data[f"status-{pid(council, 'Anna Andersen')}"] = "afbud"
    data[f"status-{pid(council, 'Eva Eskildsen')}"] = "absent"
    data[f"status-{pid(council, 'Bent Berg')}"] = "present"
    data[f"for-{pid(council, 'Bent Berg')}"] = pid(council, "Anna Andersen")
    data[f"status-{pid(council, 'Dorte Dahl')}"] = "present"

    response = sec.post(sheet_url(today), data, follow=True)

    assert "Fremmødet er gemt (7 ændringer)." in text(response)
    statuses = dict(Attendance.objects.filter(meeting=today).values_list("person__name", "status"))
    assert statuses == {"Anna Andersen": "afbud", "Carl Christensen": "present", "Eva Eskildsen": "absent",
                        "Finn Frost": "present", "Bent Berg": "present", "Dorte Dahl": "present",
                        "Gitte Gæst": "present"}
    assert attendance_of(today, "Bent Berg").stands_in_for == attendance_of(today, "Anna Andersen")
    assert attendance_of(today, "Dorte Dahl").stands_in_for is None
    assert sorted(a.person.name for a in rules.voting_attendances(today)) == [
        "Bent Berg", "Carl Christensen", "Finn Frost"]
    assert AuditEvent.objects.filter(action="meetings.attendance.recorded").count() == 7
    assert AuditEvent.objects.filter(action="meetings.attendance.recorded").first().actor == secretary
    # the meeting has begun: Anna's afbud calls nobody in, nobody is messaged
    assert not OutboxMessage.objects.exclude(pk__in=[m.pk for m in OutboxMessage.objects.filter(
        kind="meetings.invitation")]).exists()
    # Saved again unchanged: nothing changes
    again = sec.post(sheet_url(today), as_posted(sec.get(sheet_url(today)).context["form"]), follow=True)
    assert "Fremmødet er gemt (0 ændringer)." in text(again)


def test_errors_refuse_everything_and_keep_what_was_typed(sec, council, today):
    data = as_posted(sec.get(sheet_url(today)).context["form"])
    data[f"status-{pid(council, 'Finn Frost')}"] = "absent"      # fine on its own
    data[f"status-{pid(council, 'Bent Berg')}"] = "present"
    data[f"for-{pid(council, 'Bent Berg')}"] = pid(council, "Anna Andersen")  # but Anna is present
    data[f"status-{pid(council, 'Dorte Dahl')}"] = "afbud"
    data[f"for-{pid(council, 'Dorte Dahl')}"] = pid(council, "Carl Christensen")  # and Dorte is not there

    response = sec.post(sheet_url(today), data)

    assert response.status_code == 400
    page = text(response)
    assert "Fremmødet er ikke gemt. Intet er ændret – ret fejlene og gem igen." in page
    assert "Anna Andersen er registreret som til stede, så ingen kan møde i stedet." in page
    assert "Dorte Dahl skal være til stede for at kunne møde for et medlem." in page
    form = response.context["form"]
    assert form.errors[f"for-{pid(council, 'Bent Berg')}"] and form.errors[f"for-{pid(council, 'Dorte Dahl')}"]
    # what was typed is kept
    finn = f"status-{pid(council, 'Finn Frost')}"
    assert re.search(rf'name="{finn}" id="id_{finn}_\d" value="absent" checked', page)
    bent_for = f"for-{pid(council, 'Bent Berg')}"
    assert f'<option value="{pid(council, "Anna Andersen")}" selected>Anna Andersen</option>' in page
    assert f'id="id_{bent_for}" aria-invalid="true"' in page
    # nothing was written
    assert set(Attendance.objects.filter(meeting=today).values_list("status", flat=True)) == {
        AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED}
    assert not AuditEvent.objects.filter(action="meetings.attendance.recorded").exists()


def test_a_value_outside_the_choices_is_refused_in_danish(sec, council, today):
    data = as_posted(sec.get(sheet_url(today)).context["form"])
    data[f"status-{pid(council, 'Finn Frost')}"] = "maybe"

    response = sec.post(sheet_url(today), data)

    assert response.status_code == 400 and "Marker en gyldig valgmulighed" in text(response)
    assert attendance_of(today, "Finn Frost").status == AttendanceStatus.INVITED


def test_before_the_meeting_day_only_afbud_and_it_calls_the_substitute_in(sec, council, meeting, invited):
    response = sec.get(sheet_url(meeting))
    assert "Før mødedagen kan du kun registrere afbud" in text(response)
    data = as_posted(response.context["form"])
    assert data[f"status-{pid(council, 'Anna Andersen')}"] == ""  # nobody starts as present
    data[f"status-{pid(council, 'Finn Frost')}"] = "present"

    refused = sec.post(sheet_url(meeting), data)

    assert refused.status_code == 400
    assert "Fremmøde og fravær kan først registreres på mødedagen" in text(refused)
    data[f"status-{pid(council, 'Finn Frost')}"] = ""
    data[f"status-{pid(council, 'Anna Andersen')}"] = "afbud"

    sec.post(sheet_url(meeting), data)

    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.AFBUD
    bent = attendance_of(meeting, "Bent Berg")
    assert bent.status == AttendanceStatus.INVITED and bent.stands_in_for == attendance_of(meeting, "Anna Andersen")
    assert OutboxMessage.objects.filter(person=bent.person, kind="meetings.substitute_invitation").count() == 1


def test_approved_minutes_make_the_form_read_only(sec, council, today):
    Meeting.objects.filter(pk=today.pk).update(status=MeetingStatus.MINUTES_APPROVED)
    page = text(sec.get(sheet_url(today)))
    assert "Referatet er godkendt, så fremmødet kan ikke længere rettes." in page and "Gem fremmødet" not in page

    data = {f"status-{pid(council, 'Finn Frost')}": "absent"}
    response = sec.post(sheet_url(today), data)

    assert response.status_code == 400 and "Referatet er godkendt og kan ikke længere rettes." in text(response)
    assert attendance_of(today, "Finn Frost").status == AttendanceStatus.INVITED


def test_only_the_formandskab_and_the_secretariat_record(client, anna_user, today):
    client.force_login(anna_user)
    assert client.get(sheet_url(today)).status_code == 403
    assert client.post(sheet_url(today), {}).status_code == 403


def test_the_sheet_offers_the_roster_of_the_meeting_day(sec, council, add_member, roster, today):
    from councils import services as council_services

    add_member(council, "Lars Senere", start=today.starts_at.date() + dt.timedelta(days=5))
    council_services.membership_end(membership=roster["eva"], end=today.starts_at.date() - dt.timedelta(days=1),
                                    reason="moved")

    names = [line.row.person.name for line in sec.get(sheet_url(today)).context["form"].lines]

    assert "Lars Senere" not in names and "Eva Eskildsen" not in names and "Anna Andersen" in names


# --- The service ---------------------------------------------------------------------------------------

def entries(council, **by_name):
    """entries(council, anna="present", bent=("present", "anna"))"""
    from councils.models import Person

    result = {}
    people = {p.name.split()[0].lower(): p for p in Person.objects.filter(council=council)}
    for first, value in by_name.items():
        status, member = value if isinstance(value, tuple) else (value, None)
        result[people[first].pk] = AttendanceEntry(status=status, stands_in_for=people[member].pk if member else None)
    return result


def test_with_personal_substitutes_only_the_own_member(council, today):
    with pytest.raises(AttendanceSheetInvalid) as error:
        minutes_services.attendance_register(meeting=today, entries=entries(
            council, eva="afbud", dorte=("present", "eva")))

    assert list(error.value.errors.values()) == [
        "Dorte Dahl er ikke personlig suppleant for Eva Eskildsen og kan derfor ikke møde i stedet efter rådets "
        "forretningsorden."]
    assert attendance_of(today, "Eva Eskildsen").status == AttendanceStatus.INVITED  # nothing saved


def test_in_pool_mode_any_substitute_but_one_per_member(council, today):
    set_rules(council, substitute_mode="pool")

    with pytest.raises(AttendanceSheetInvalid) as error:
        minutes_services.attendance_register(meeting=today, entries=entries(
            council, finn="absent", bent=("present", "finn"), dorte=("present", "finn")))

    assert error.value.errors == {(person(council, "Dorte Dahl").pk, "stands_in_for"):
                                  "Bent Berg møder allerede for Finn Frost."}
    minutes_services.attendance_register(meeting=today, entries=entries(
        council, finn="absent", bent=("present", "finn"), dorte="present"))
    assert attendance_of(today, "Bent Berg").stands_in_for == attendance_of(today, "Finn Frost")


def test_a_stand_in_needs_the_member_registered_away(council, today):
    with pytest.raises(AttendanceSheetInvalid) as error:
        minutes_services.attendance_register(meeting=today, entries=entries(council, bent=("present", "anna")))

    assert list(error.value.errors.values()) == [
        "Registrér Anna Andersen med afbud eller fravær, når Bent Berg møder i stedet."]


def test_members_and_guests_cannot_stand_in(council, today):
    with pytest.raises(AttendanceSheetInvalid) as error:
        minutes_services.attendance_register(meeting=today, entries=entries(
            council, anna="afbud", finn=("present", "anna"), gitte=("present", "anna")))

    assert sorted(error.value.errors.values()) == [
        "Kun en suppleant kan møde for et medlem. Finn Frost er ikke suppleant.",
        "Kun en suppleant kan møde for et medlem. Gitte Gæst er ikke suppleant."]


def test_someone_from_another_council_is_refused(council, today, other_council, add_member):
    stranger = add_member(other_council, "Fremmed Person").person

    with pytest.raises(ApplicationError, match="Fremmødet hører ikke til dette møde."):
        minutes_services.attendance_register(meeting=today, entries={stranger.pk: AttendanceEntry("present")})

    assert not Attendance.objects.filter(person=stranger).exists()


def test_a_member_who_came_after_all_must_be_released_explicitly(council, today):
    minutes_services.attendance_register(meeting=today, entries=entries(council, anna="afbud",
                                                                       bent=("present", "anna")))
    minutes_services.attendance_register(meeting=today, entries=entries(council, anna="present", bent="present"))

    assert attendance_of(today, "Anna Andersen").status == AttendanceStatus.PRESENT
    assert attendance_of(today, "Bent Berg").stands_in_for is None


# --- Query counts ----------------------------------------------------------------------------------------

def test_the_form_costs_the_same_number_of_queries_with_more_people(sec, council, add_member, today):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert sec.get(sheet_url(today)).status_code == 200
        return len(ctx.captured_queries)

    def grow(n, start):
        for i in range(start, start + n):
            member = add_member(council, f"Medlem{i} Test", email=f"m{i}@example.org")
            add_member(council, f"Suppleant{i} Test", role="substitute", substitute_for=member,
                       email=f"s{i}@example.org")
        services.invitations_send(meeting=today, actor=None)

    grow(2, 0)
    small = count()
    grow(15, 100)
    assert count() == small
