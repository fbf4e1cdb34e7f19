"""The event path in Chromium with axe-core (WCAG 2.1 AA) on every page: the secretariat creates
an event, a member signs up, the secretariat records attendance, the member reports back and the
report shows as an information item on the next meeting's agenda page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from activities.models import Event
from activities.tests.events_builders import make_meeting, move_to_past, today
from meetings.services import agenda as agenda_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_event_signup_to_report_on_the_next_agenda(page, login, axe, ew):
    meeting = make_meeting(ew, 14)
    agenda_services.standard_items_create(meeting=meeting, actor=ew.secretary)
    base = f"/{ew.council.slug}/intern/arrangementer/"
    start = today() + dt.timedelta(days=20)

    # The secretariat creates the event (errors shown first).
    login(page, ew.secretary)
    page.goto(base)
    axe(page, name="events-list-empty")
    page.get_by_role("link", name="Opret et arrangement").click()
    axe(page, name="events-create")
    page.get_by_role("button", name="Opret arrangementet").click()
    expect(page.get_by_text("Skriv arrangementets titel.").first).to_be_visible()
    axe(page)
    page.get_by_label("Type").select_option("network")
    page.get_by_label("Titel").fill("Netværksmøde for udsatteråd")
    page.get_by_label("Starter").fill(f"{start}T10:00")
    page.get_by_label("Slutter").fill(f"{start}T15:00")
    page.get_by_label("Sted (valgfri)").fill("Odense Rådhus")
    page.get_by_label("Arrangør").fill("Rådet for Socialt Udsatte")
    page.get_by_label("Pladser til rådet").fill("2")
    page.get_by_role("button", name="Opret arrangementet").click()
    expect(page.get_by_text("Arrangementet “Netværksmøde for udsatteråd” er oprettet.")).to_be_visible()
    axe(page, name="events-detail-secretariat")
    event = Event.objects.get(title="Netværksmøde for udsatteråd")
    page.get_by_role("link", name="Ret arrangementet").click()
    axe(page, name="events-edit")

    # A member signs up.
    page.context.clear_cookies()
    login(page, ew.user("Mads Lund"))
    page.goto(base + f"{event.pk}/")
    page.get_by_role("button", name="Tilmeld mig").click()
    expect(page.get_by_text("Du er tilmeldt “Netværksmøde for udsatteråd”.")).to_be_visible()
    expect(page.get_by_test_id("signed-up").get_by_text("Mads Lund")).to_be_visible()
    axe(page, name="events-detail-member")
    page.goto(base)
    expect(page.get_by_test_id("mine")).to_be_visible()
    axe(page, name="events-list")

    # Time passes; the secretariat records who attended.
    move_to_past(event)
    page.context.clear_cookies()
    login(page, ew.secretary)
    page.goto(base + f"{event.pk}/")
    page.get_by_role("link", name="Registrér fremmøde").click()
    axe(page, name="events-attendance")
    expect(page.get_by_label("Mads Lund")).to_be_checked()
    page.get_by_role("button", name="Gem fremmødet").click()
    expect(page.get_by_text("Fremmødet er registreret.")).to_be_visible()
    expect(page.get_by_test_id("attended").get_by_text("Mads Lund")).to_be_visible()
    # The list of past events says how many took part.
    page.goto(base)
    expect(page.get_by_test_id("past-events").get_by_test_id("attended-count")).to_have_text("1 medlem")
    axe(page, name="events-list-past")

    # The member reports back.
    page.context.clear_cookies()
    login(page, ew.user("Mads Lund"))
    page.goto(base + f"{event.pk}/")
    page.get_by_role("link", name="Skriv en tilbagemelding").click()
    axe(page, name="events-report")
    page.get_by_label("Kort tilbagemelding").fill("Vi lærte om Housing First og mødte tre andre råd.")
    page.get_by_role("button", name="Gem tilbagemeldingen").click()
    expect(page.get_by_text("Den er sat på dagsordenen til mødet den")).to_be_visible()
    axe(page, name="events-detail-reported")

    # The report is an information item on the next meeting's agenda page.
    page.get_by_test_id("report-item").get_by_role("link").click()
    assert page.url.endswith(f"/moeder/{meeting.pk}/dagsorden/laes/")
    expect(page.get_by_text("Tilbagemelding: Netværksmøde for udsatteråd").first).to_be_visible()
    expect(page.get_by_text("Vi lærte om Housing First og mødte tre andre råd.").first).to_be_visible()
    axe(page, name="events-agenda-read")
    # The secretariat sees it on the agenda it builds, before the standard tail.
    page.context.clear_cookies()
    login(page, ew.secretary)
    page.goto(base + f"{event.pk}/")
    page.get_by_test_id("report-item").get_by_role("link").click()
    assert page.url.endswith(f"/moeder/{meeting.pk}/dagsorden/")
    expect(page.get_by_text("Tilbagemelding: Netværksmøde for udsatteråd").first).to_be_visible()
    axe(page, name="events-agenda")
