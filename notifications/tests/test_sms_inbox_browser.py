"""The secretariat's inbox of received SMS in Chromium with axe-core (WCAG 2.1 AA): from the
outbox page's count to the inbox, an unclear answer and a question waiting, one marked as
handled."""

import pytest
from playwright.sync_api import expect

from meetings.services.attendance import invitations_send
from meetings.tests.attendance_builders import make_meeting, meeting_day
from notifications.inbound import inbound_receive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_reads_the_inbox_and_marks_a_text_handled(page, login, axe, sms_world, secretary):
    invitations_send(meeting=make_meeting(sms_world.council, day=meeting_day(60)), actor=secretary)
    inbound_receive(provider_ref="b-1", from_number=sms_world.number, text="Afbud")  # two meetings: unclear
    inbound_receive(provider_ref="b-2", from_number=sms_world.number, text="Må jeg tage min hjælper med?")
    inbound_receive(provider_ref="b-3", from_number="+4599887766", text="Hvem er I?")  # no council's

    login(page, secretary)
    page.goto(f"/{sms_world.council.slug}/intern/udsendelser/")
    page.get_by_test_id("outbox-inbox-count").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1, name="Indbakke – modtagne SMS'er")).to_be_visible()
    waiting = page.get_by_test_id("inbox-unhandled")
    expect(waiting.get_by_test_id("inbox-sms")).to_have_count(2)
    expect(waiting.get_by_text("Uklart – ring til personen")).to_be_visible()
    expect(page.get_by_text("Hvem er I?")).to_have_count(0)
    axe(page, name="sms-inbox")

    question = waiting.get_by_test_id("inbox-sms").filter(has_text="hjælper")
    question.get_by_role("button", name="Markér som behandlet").click()
    expect(page.get_by_text("er markeret som behandlet")).to_be_visible()
    expect(page.get_by_test_id("inbox-unhandled").get_by_test_id("inbox-sms")).to_have_count(1)
    expect(page.get_by_test_id("inbox-recent")).to_contain_text("Må jeg tage min hjælper med?")
    axe(page, name="sms-inbox-handled")
