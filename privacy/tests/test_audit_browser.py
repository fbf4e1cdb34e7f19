"""The log in Chromium with axe-core (WCAG 2.1 AA): the secretariat logs in, opens "Log" from the
menu, filters it by a person and by kind, opens a change's before and after, then opens the
minutes of a meeting and its history; both pages reflow at 200 % zoom on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from councils import services as council_services
from meetings.services import minutes as minutes_services
from privacy.tests.test_audit import _held_meeting, world  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/stemme-audit"


def test_the_secretariat_filters_the_log_and_opens_a_minutes_history(page, login, axe, reflow, world):  # noqa: F811
    council_services.membership_update(membership=world.ole, actor=world.secretary,
                                       appointment_reference="Udpeget af Kirkens Korshær")
    council_services.person_save(council=world.council, instance=world.ole.person, name="Ole Olsen",
                                 email="ole@example.org", lived_experience=True, actor=world.secretary,
                                 notes="Foretrækker brev.\nRing gerne om formiddagen.")
    meeting = _held_meeting(world)
    minutes_services.minutes_intro_save(meeting=meeting, text="Formanden bød velkommen og gennemgik dagsordenen.",
                                        actor=world.secretary)
    minutes_services.minutes_intro_save(meeting=meeting, actor=world.chair_user,
                                        text="Formanden bød velkommen til gæsten og gennemgik dagsordenen kort.")

    login(page, world.secretary)
    page.goto(f"/{world.council.slug}/intern/bibliotek/")
    page.get_by_role("link", name="Log", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Log")).to_be_visible()
    expect(page.get_by_text("loggede ind").first).to_be_visible()  # the login just made
    axe(page, name="audit-log")
    page.screenshot(path=f"{SHOTS}-log.png", full_page=True)

    page.get_by_label("Person").select_option(label="Ole Olsen")
    page.get_by_label("Slags").select_option(label="Medlemskaber")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="2 hændelser fundet")).to_be_visible()
    entry = page.get_by_test_id("history-entry").first
    expect(entry).to_contain_text("ændrede et medlemskab")
    entry.get_by_text("Vis ændringen").click()
    expect(entry.get_by_text("Udpeget af Kirkens Korshær")).to_be_visible()
    axe(page, name="audit-log-filtered")

    page.get_by_label("Slags").select_option(label="Personer")
    page.get_by_role("button", name="Vis").click()
    person_entry = page.get_by_test_id("history-entry").first
    person_entry.get_by_text("Vis ændringen (1 felt)").click()
    expect(person_entry.get_by_text("Ring gerne om formiddagen.")).to_be_visible()
    assert "lived_experience" not in person_entry.inner_text()
    page.screenshot(path=f"{SHOTS}-person.png", full_page=True)

    page.get_by_label("Fra og med").fill((dt.date.today() + dt.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_test_id("history-empty")).to_have_text("Ingen hændelser passer til filteret.")
    page.get_by_role("link", name="Vis hele loggen").click()
    expect(page.get_by_test_id("history-entry").first).to_be_visible()

    page.goto(f"/{world.council.slug}/intern/moeder/{meeting.pk}/referat/")
    page.get_by_role("link", name="Historik: hvem har ændret hvad").click()
    expect(page.get_by_role("heading", level=1, name="Referatets historik")).to_be_visible()
    first = page.get_by_test_id("history-entry").first
    expect(first).to_contain_text("Bente Formand skrev referatets indledning")
    first.get_by_text("Vis ændringen").click()
    expect(first.locator("ins").first).to_contain_text("gæsten")
    axe(page, name="minutes-history")
    page.screenshot(path=f"{SHOTS}-minutes.png", full_page=True)

    # At 200 % zoom on a phone: the log with a diff and the history, nothing scrolls sideways.
    cookies = page.context.cookies()
    reflow(f"{world.log_url}?type=councils.person", name="audit-log-reflow", cookies=cookies)
    reflow(f"/{world.council.slug}/intern/persondata/historik/moeder/{meeting.pk}/", name="minutes-history-reflow",
           cookies=cookies)
