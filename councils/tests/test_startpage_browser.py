"""The member's start page on a phone (issue 13, browser journey 3): after logging in, the next
meeting comes first – before the council's navigation, which waits behind DKFDS' "Menu" button –
and "Jeg kommer" works in one tap. axe-core finds nothing, with the menu closed or open."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.services import agenda as agenda_services
from meetings.tests.seed import build_meeting, user_for

pytestmark = pytest.mark.browser


def test_the_next_meeting_comes_first_and_jeg_kommer_works(phone_page, axe, login, seed, make_user):
    from meetings.models import Attendance

    meeting = build_meeting(seed, day=timezone.localdate() + dt.timedelta(days=12)).meeting
    agenda_services.agenda_publish(meeting=meeting, actor=seed.secretary, late_reason="Test")
    user = user_for(seed, "Mads Lund", make_user)
    page = phone_page

    login(page, user)  # lands on /konto/, which takes a member of one council to its start page

    expect(page.get_by_role("heading", name="Hvad skal jeg nu?")).to_be_visible()
    next_meeting = page.get_by_test_id("next-meeting")
    expect(next_meeting).to_contain_text("Rådhuset, mødelokale 2")
    box = next_meeting.bounding_box()
    assert box["y"] + 150 < 844, box  # on the first screen, without scrolling
    # The navigation is folded into the menu button: none of its links stands before the content.
    expect(page.get_by_role("navigation", name="Rådets sider")).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    assert menu.bounding_box()["y"] < box["y"]
    axe(page, name="start-01-hvad-skal-jeg-nu-mobil")

    next_meeting.get_by_role("button", name="Jeg kommer").click()
    expect(page.get_by_role("status").first).to_contain_text("Tak. Vi har noteret, at du kommer.")
    mine = Attendance.objects.get(meeting=meeting, person=seed["Mads Lund"])
    assert mine.coming_at is not None and mine.answered_via == "page"
    axe(page, name="start-02-jeg-kommer-mobil")

    page.go_back()
    page.reload()
    expect(page.get_by_test_id("next-meeting")).to_contain_text("Du har sagt, at du kommer. Tak.")
    expect(page.get_by_test_id("next-meeting").get_by_role("button", name="Jeg kommer")).to_have_count(0)

    # The menu: DKFDS' drawer with the council's pages.
    page.get_by_role("button", name="Menu").click()
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    expect(drawer.get_by_role("link", name="Arbejdsrum")).to_have_attribute("aria-current", "page")
    axe(page, name="start-03-menu-mobil")
    drawer.get_by_role("link", name="Kontaktliste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontaktliste")
    expect(page.get_by_role("dialog", name="Menu")).to_be_hidden()
