"""Invitations and afbud as services: who is called, one message per person by their own
channel with a personal afbud link, and the personal substitute called in when a member
sends afbud (when the rules say substitutes come only when needed)."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.selectors.attendance import AFBUD_SALT, afbud_token, attendance_from_afbud_token
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of, set_rules
from notifications.models import OutboxMessage, OutboxStatus

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def by_person(messages) -> dict[str, OutboxMessage]:
    return {m.person.name: m for m in messages}


def afbud_path(body: str) -> str:
    return re.search(r"http://testserver(/afbud/[^/\s]+/)", body).group(1)


def test_everyone_called_gets_an_attendance_and_substitutes_wait_when_needed(meeting, invited):
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person__name", "status"))

    assert statuses == {
        "Anna Andersen": "invited", "Carl Christensen": "invited", "Eva Eskildsen": "invited",
        "Finn Frost": "invited", "Gitte Gæst": "invited",
        "Bent Berg": "not_called", "Dorte Dahl": "not_called",
    }
    assert attendance_of(meeting, "Gitte Gæst").is_guest
    assert attendance_of(meeting, "Anna Andersen").invited_at is not None
    assert attendance_of(meeting, "Bent Berg").invited_at is None
    assert sorted(m.person.name for m in invited) == ["Anna Andersen", "Carl Christensen", "Eva Eskildsen",
                                                      "Finn Frost", "Gitte Gæst"]


def test_when_substitutes_always_attend_they_are_invited_too(council, meeting, secretary):
    set_rules(council, substitute_attendance="always")

    messages = services.invitations_send(meeting=meeting, actor=secretary)

    assert {"Bent Berg", "Dorte Dahl"} <= {m.person.name for m in messages}
    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.INVITED
    assert attendance_of(meeting, "Bent Berg").stands_in_for is None  # attends, but votes only when standing in


def test_one_message_per_person_by_their_own_channel(meeting, invited):
    messages = by_person(invited)
    anna, carl, eva = messages["Anna Andersen"], messages["Carl Christensen"], messages["Eva Eskildsen"]
    date = timezone.localtime(meeting.starts_at)

    assert (anna.channel, anna.status, anna.to_address) == ("email", OutboxStatus.PENDING, "anna@example.org")
    assert anna.kind == "meetings.invitation" and anna.meeting == meeting
    assert [a["builder"] for a in anna.attachments] == ["meetings.agenda_pdf", "meetings.ics"]
    assert anna.attachments[0]["name"] == f"dagsorden-{date:%Y-%m-%d}.pdf"
    assert anna.attachments[1]["person_id"] == anna.person_id
    assert (carl.channel, carl.status, carl.to_address) == ("sms", OutboxStatus.MANUAL, "+45 20 11 22 33")
    assert carl.attachments == []
    assert (eva.channel, eva.status) == ("letter", OutboxStatus.MANUAL)
    assert eva.to_address == "Byvej 3\n2620 Albertslund"


def test_the_email_is_plain_friendly_danish_with_the_items_and_links(meeting, invited):
    anna = by_person(invited)["Anna Andersen"]
    month = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december"]
    local = timezone.localtime(meeting.starts_at)
    day_text = f"{local.day}. {month[local.month - 1]} {local.year}"

    assert anna.subject == f"Indkaldelse: Udsatterådet Nordby {day_text}"
    body = anna.body
    assert body.startswith("Kære Anna Andersen\n")
    assert f"den {day_text} kl. 16.00–18.00" in body
    assert "Hvor: Rådhuset, mødelokale 2" in body
    assert "1. Godkendelse af referat og dagsorden" in body
    assert "3. Årsberetning 2018 – udkast til godkendelse" in body
    assert "Henvendelse om en konkret bolig (lukket punkt)" in body
    assert "vedhæftet som PDF" in body and "kalender" in body
    # Anna has a login: the agenda link is the internal meeting page
    assert f"http://testserver{reverse('meetings:meeting', args=['nordby', meeting.pk])}" in body
    path = afbud_path(body)
    assert attendance_from_afbud_token(path.split("/")[2]) == attendance_of(meeting, "Anna Andersen")
    assert "&amp;" not in body and "&#x27;" not in body  # plain text, not HTML-escaped


def test_sms_is_short_with_date_place_and_reading_link(meeting, invited):
    carl = by_person(invited)["Carl Christensen"]
    local = timezone.localtime(meeting.starts_at)
    month = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december"][local.month - 1]

    assert carl.body.startswith(f"Udsatterådet Nordby: Møde {local.day}. {month} kl. 16.00, Rådhuset")
    # One link: the personal reading link (the agenda, "Jeg kommer" and "Meld afbud", no login)
    assert "Læs og svar: http://testserver/l/" in carl.body and "/afbud/" not in carl.body
    assert len(carl.body) < 320  # two SMS at most


def test_the_letter_tells_how_to_send_afbud_without_internet(invited):
    eva = by_person(invited)["Eva Eskildsen"]
    assert "Du kan også skrive til raadet@nordby.dk." in eva.body
    assert "vedhæftet" not in eva.body


def test_invitations_are_idempotent(meeting, invited, secretary):
    again = services.invitations_send(meeting=meeting, actor=secretary)

    assert again == []
    assert OutboxMessage.objects.filter(meeting=meeting).count() == 5


def test_a_newcomer_is_invited_when_invitations_are_sent_again(council, meeting, invited, secretary, add_member):
    add_member(council, "Henrik Hansen", email="henrik@example.org")

    again = services.invitations_send(meeting=meeting, actor=secretary)

    assert [m.person.name for m in again] == ["Henrik Hansen"]


def test_a_cancelled_meeting_cannot_be_called_to(meeting, secretary):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    meeting.refresh_from_db()
    with pytest.raises(ApplicationError, match="aflyst"):
        services.invitations_send(meeting=meeting, actor=secretary)
    assert not Attendance.objects.exists()


def test_invitations_are_audited(meeting, invited, secretary):
    event = AuditEvent.objects.get(action="meetings.invitations.sent")
    assert event.actor == secretary and event.object_id == str(meeting.pk)
    assert len(event.after["messages"]) == 5


# --- Afbud and the substitute -------------------------------------------------------------------

def test_afbud_calls_in_the_personal_substitute_by_their_own_channel(meeting, invited):
    carl = attendance_of(meeting, "Carl Christensen")

    services.afbud_register(attendance=carl, note="Jeg er på hospitalet", base_url="http://testserver")

    carl.refresh_from_db()
    assert carl.status == AttendanceStatus.AFBUD and carl.afbud_at is not None
    assert carl.afbud_note == "Jeg er på hospitalet"
    dorte = attendance_of(meeting, "Dorte Dahl")
    assert dorte.status == AttendanceStatus.INVITED and dorte.stands_in_for == carl and dorte.invited_at
    message = OutboxMessage.objects.get(person=dorte.person)
    assert message.kind == "meetings.substitute_invitation"
    assert (message.channel, message.status) == ("letter", OutboxStatus.MANUAL)  # Dorte gets letters
    assert message.subject.startswith("Indkaldelse som suppleant: Udsatterådet Nordby")
    assert "Du er indkaldt som suppleant for Carl Christensen" in message.body
    assert "/afbud/" not in message.body  # on paper: ring or write to the secretariat instead
    assert "giv sekretariatet besked" in message.body
    assert AuditEvent.objects.filter(action="meetings.attendance.afbud", object_id=str(carl.pk)).exists()
    assert AuditEvent.objects.filter(action="meetings.attendance.substitute_called",
                                     object_id=str(dorte.pk)).exists()


def test_afbud_twice_changes_nothing_and_sends_nothing_more(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    services.afbud_register(attendance=anna)
    first = attendance_of(meeting, "Anna Andersen").afbud_at

    services.afbud_register(attendance=anna, note="igen")

    assert attendance_of(meeting, "Anna Andersen").afbud_at == first
    assert OutboxMessage.objects.filter(kind="meetings.substitute_invitation").count() == 1


def test_afbud_from_a_member_without_substitute_calls_nobody(meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Finn Frost"))
    assert not OutboxMessage.objects.filter(kind="meetings.substitute_invitation").exists()


def test_a_substitute_whose_membership_has_ended_is_not_called(meeting, invited, roster):
    from councils import services as council_services

    council_services.membership_end(membership=roster["bent"], end=dt.date(2026, 6, 30), reason="moved")

    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))

    assert not OutboxMessage.objects.filter(kind="meetings.substitute_invitation").exists()


def test_a_substitute_who_sent_afbud_already_is_not_called(meeting, invited):
    services.afbud_register(attendance=attendance_of(meeting, "Bent Berg"))  # not called yet, but can't come

    services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))

    assert attendance_of(meeting, "Bent Berg").status == AttendanceStatus.AFBUD
    assert not OutboxMessage.objects.filter(kind="meetings.substitute_invitation").exists()


def test_afbud_after_the_meeting_has_started_is_refused(meeting, invited):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at - dt.timedelta(days=40),
                                                 ends_at=meeting.ends_at - dt.timedelta(days=40))
    with pytest.raises(ApplicationError, match="Mødet er begyndt"):
        services.afbud_register(attendance=attendance_of(meeting, "Anna Andersen"))
    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.INVITED


def test_the_afbud_token_is_single_purpose(meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    token = afbud_token(anna)

    assert signing.TimestampSigner(salt=AFBUD_SALT).unsign(token) == str(anna.pk)
    with pytest.raises(signing.BadSignature):  # not valid as any other signed value
        signing.TimestampSigner().unsign(token)
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(salt="django.contrib.sessions").unsign(token)
