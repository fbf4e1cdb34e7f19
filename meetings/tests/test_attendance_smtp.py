"""The invitation end to end through a real SMTP server on loopback (aiosmtpd): publishing
the agenda stores the invitations, the worker sends them with the agenda PDF and a calendar
file, the member's personal link sends afbud without a login, and the personal substitute's
invitation arrives after that."""

import io
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from meetings.models import AttendanceStatus
from meetings.services import agenda as agenda_services
from meetings.tests.attendance_builders import attendance_of
from notifications.models import OutboxMessage, OutboxStatus
from notifications.services import outbox_send_pending

# The council with the attendance rules (see conftest.py).
pytestmark = pytest.mark.attendance_rules


def only(messages, to):
    found = [m for m in messages if m["To"] == to]
    assert len(found) == 1, [m["To"] for m in messages]
    return found[0]


def attachments_of(message) -> dict:
    return {part.get_filename(): part for part in message.iter_attachments()}


def test_invitation_afbud_and_substitute_through_a_real_smtp_server(meeting, secretary, smtp_server, client,
                                                                     settings):
    settings.STEMME_BASE_URL = "http://testserver"
    day = timezone.localtime(meeting.starts_at)

    agenda_services.agenda_publish(meeting=meeting, actor=secretary)
    assert smtp_server.messages() == []  # stored, not sent inline
    counts = outbox_send_pending()

    assert counts["sent"] == 3  # Anna, Finn and the guest Gitte by e-mail; Carl (SMS) and Eva (letter) are manual
    assert set(OutboxMessage.objects.filter(status=OutboxStatus.MANUAL).values_list("person__name", flat=True)) == {
        "Carl Christensen", "Eva Eskildsen"}
    received = smtp_server.wait_for(3)
    anna = only(received, "anna@example.org")
    # (Django folds a long encoded subject onto a continuation line: the parsed value starts with a space.)
    assert anna["Subject"].strip().startswith("Indkaldelse: Udsatterådet Nordby")

    files = attachments_of(anna)
    pdf = files[f"dagsorden-{day:%Y-%m-%d}.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert "Sociale frikort" in text and "Årsberetning 2018" in text

    ics = files[f"moede-{day:%Y-%m-%d}.ics"]
    assert ics.get_content_type() == "text/calendar"
    [event] = Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert "Udsatterådet Nordby" in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event["LOCATION"]) == "Rådhuset, mødelokale 2"

    body = anna.get_body(("plain",)).get_content()
    assert "Kære Anna Andersen" in body and "Årsberetning 2018 – udkast til godkendelse" in body
    link = re.search(r"http://testserver(/afbud/\S+/)", body).group(1)

    # The link works without a login: one tap on "Send afbud"
    page = client.get(link)
    assert page.status_code == 200
    assert "Send afbud" in page.content.decode() and "Rådhuset, mødelokale 2" in page.content.decode()
    done = client.post(link, {"note": "Jeg er desværre syg"}, follow=True)
    assert "Tak – dit afbud er registreret" in done.content.decode()
    assert "Bent Berg er indkaldt som suppleant for dig." in done.content.decode()
    anna_attendance = attendance_of(meeting, "Anna Andersen")
    assert anna_attendance.status == AttendanceStatus.AFBUD
    assert anna_attendance.afbud_note == "Jeg er desværre syg"

    # The personal substitute's invitation goes through the outbox too
    assert outbox_send_pending()["sent"] == 1
    bent = only(smtp_server.wait_for(4), "bent@example.org")
    assert bent["Subject"].strip().startswith("Indkaldelse som suppleant: Udsatterådet Nordby")
    bent_body = bent.get_body(("plain",)).get_content()
    assert "Du er indkaldt som suppleant for Anna Andersen, som har meldt afbud." in bent_body
    assert set(attachments_of(bent)) == set(files)
    assert attendance_of(meeting, "Bent Berg").stands_in_for == anna_attendance
    # Bent's own link is his, not Anna's
    bent_link = re.search(r"http://testserver(/afbud/\S+/)", bent_body).group(1)
    assert bent_link != link
    assert "Du er indkaldt som suppleant for Anna Andersen" in client.get(bent_link).content.decode()
