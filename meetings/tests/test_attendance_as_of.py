"""The attendance pages show the people who are on the council on the meeting's day
(roster_on(council, on=meeting day)), not those who were when the invitations went out: a
member who leaves before the meeting neither counts nor votes, a substitute promoted to member
is a member at the meeting, someone who joined after the invitations can be invited, and only
substitutes on the council that day are offered."""

import datetime as dt

import pytest
from django.urls import reverse

from councils import services as council_services
from meetings import rules
from meetings.models import Attendance, AttendanceStatus
from meetings.selectors.attendance import attendance_overview
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of, set_rules
from notifications.models import OutboxMessage

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def url(name, meeting) -> str:
    return reverse(f"meetings:{name}", args=[meeting.council.slug, meeting.pk])


def names(rows) -> list[str]:
    return [r.attendance.person.name for r in rows]


def leave(membership, meeting, *, days_before=2):
    from django.utils import timezone

    day = timezone.localdate(meeting.starts_at) - dt.timedelta(days=days_before)
    return council_services.membership_end(membership=membership, end=day, reason="withdrew")


def test_a_member_who_leaves_before_the_meeting_is_not_expected(client, secretary, roster, meeting, invited):
    leave(roster["finn"], meeting)

    overview = attendance_overview(meeting=meeting)

    assert "Finn Frost" not in names(overview.members)
    assert [a.person.name for a in overview.off_council] == ["Finn Frost"]
    assert overview.quorum.voting_members == 3 and overview.quorum.expected_present == 3  # Anna, Carl, Eva
    client.force_login(secretary)
    page = client.get(url("attendance", meeting)).content.decode()
    assert "Indkaldt, men ikke i rådet på mødedagen" in page and "Finn Frost" in page


def test_a_member_who_left_does_not_vote_even_if_recorded_present(meeting, invited, roster):
    Attendance.objects.filter(meeting=meeting, person=roster["finn"].person).update(status=AttendanceStatus.PRESENT)
    Attendance.objects.filter(meeting=meeting, person=roster["anna"].person).update(status=AttendanceStatus.PRESENT)
    leave(roster["finn"], meeting)

    assert rules.voting_person_ids(meeting) == {roster["anna"].person_id}


def test_a_substitute_promoted_to_member_is_a_member_and_can_be_invited(client, secretary, council, roster,
                                                                        meeting, invited):
    from councils.models import SeatCategory

    bent = roster["bent"]
    leave(bent, meeting, days_before=3)
    day = meeting.starts_at.date() - dt.timedelta(days=2)
    category = SeatCategory.objects.filter(council=council).order_by("position").first()
    council_services.membership_create(council=council, person=bent.person, term=bent.term, role="member",
                                       start=day, seat_category=category)

    overview = attendance_overview(meeting=meeting)

    assert "Bent Berg" in names(overview.members) and "Bent Berg" not in names(overview.substitutes)
    assert [m.person.name for m in overview.not_invited] == ["Bent Berg"]  # never called as a substitute
    assert overview.quorum.voting_members == 5 and overview.quorum.expected_present == 4
    client.force_login(secretary)
    client.post(url("invitations_send", meeting))
    bent = attendance_of(meeting, "Bent Berg")
    assert bent.status == AttendanceStatus.INVITED and bent.membership.role == "member"
    assert OutboxMessage.objects.filter(person=bent.person, kind="meetings.invitation").count() == 1
    assert attendance_overview(meeting=meeting).quorum.expected_present == 5


def test_someone_who_joined_after_the_invitations_can_be_invited(client, secretary, council, add_member, meeting,
                                                                 invited):
    add_member(council, "Nina Ny", email="nina@example.org", start=dt.date(2026, 2, 1))
    client.force_login(secretary)

    page = client.get(url("attendance", meeting)).content.decode()
    assert "I rådet på mødedagen, men ikke indkaldt" in page and "Nina Ny" in page

    response = client.post(url("invitations_send", meeting), follow=True)

    assert "1 indkaldelse er sendt." in response.content.decode()
    nina = attendance_of(meeting, "Nina Ny")
    assert nina.status == AttendanceStatus.INVITED
    assert list(OutboxMessage.objects.filter(person=nina.person).values_list("kind", flat=True)) == [
        "meetings.invitation"]
    assert OutboxMessage.objects.filter(meeting=meeting).count() == len(invited) + 1  # nobody invited twice
    assert "I rådet på mødedagen, men ikke indkaldt" not in client.get(url("attendance", meeting)).content.decode()


def test_members_cannot_send_invitations(client, anna_user, meeting, invited):
    client.force_login(anna_user)
    assert client.post(url("invitations_send", meeting)).status_code == 403


def test_only_substitutes_on_the_council_that_day_are_offered(client, secretary, council, roster, meeting, invited):
    set_rules(council, substitute_mode="pool")
    leave(roster["dorte"], meeting)
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))
    client.force_login(secretary)

    form = client.get(url("attendance", meeting)).context["call_form"]

    offered = [label for value, label in form.fields["substitute"].choices if value]
    assert offered == ["Bent Berg (personlig suppleant for Anna Andersen)"]


def test_afbud_does_not_call_a_substitute_who_has_left(roster, meeting, invited):
    leave(roster["bent"], meeting)

    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))

    assert attendance_of(meeting, "Bent Berg").stands_in_for is None
    assert not OutboxMessage.objects.filter(kind="meetings.substitute_invitation").exists()
