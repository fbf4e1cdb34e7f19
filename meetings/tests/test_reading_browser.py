"""From a sent invitation to a recorded afbud on a 390 × 844 phone, in Chromium: the secretariat
sends the invitations (through the service), the member taps the link in the SMS, reads the agenda
(1 tap), and taps "Meld afbud" (2 taps from the SMS to a recorded afbud). axe finds nothing, and
the page reflows at 200 % zoom."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import AnswerChannel, AttendanceStatus
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.attendance_rules]


def test_from_the_sms_to_afbud_in_two_taps(phone_page, axe, reflow, live_server, council, meeting, secretary):
    council.phone = "43 66 00 00"
    council.save()
    services.invitations_send(meeting=meeting, actor=secretary, base_url=live_server.url)
    sms = OutboxMessage.objects.get(meeting=meeting, channel="sms", person__name="Carl Christensen")
    link = re.search(r"Læs og svar: (\S+)", sms.body).group(1)
    page, taps = phone_page, 0

    # Tap 1: the link in the SMS. The page answers "what, when, where" and shows the agenda.
    page.goto(link)
    taps += 1
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_test_id("reading-meeting")).to_contain_text("Rådhuset, mødelokale 2")
    expect(page.get_by_test_id("agenda-item")).to_have_count(8)
    expect(page.get_by_text("Sociale frikort – prioriteret idékatalog")).to_be_visible()
    reading_taps = taps
    afbud = page.get_by_role("button", name="Meld afbud")
    expect(afbud).to_be_in_viewport()  # no scrolling needed to answer on a phone
    page.screenshot(path="test-artifacts/reading-01-phone.png", full_page=True)
    axe(page, name="reading-01-link")

    # Tap 2: "Meld afbud". The afbud is recorded at once; "Fortryd" is offered.
    afbud.click()
    taps += 1
    expect(page.get_by_test_id("reading-status")).to_contain_text("Du har meldt afbud.")
    carl = attendance_of(meeting, "Carl Christensen")
    assert carl.status == AttendanceStatus.AFBUD and carl.answered_via == AnswerChannel.LINK
    assert (reading_taps, taps) == (1, 2)
    expect(page.get_by_role("button", name="Fortryd afbud")).to_be_visible()
    page.screenshot(path="test-artifacts/reading-02-afbud.png", full_page=True)
    axe(page, name="reading-02-afbud")

    reflow(link.removeprefix(live_server.url), name="reading-03-reflow")
