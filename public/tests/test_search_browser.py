"""A citizen searches the council's documents on a phone: the search box on the council's page,
the results with the match highlighted, a filter by type, and the meeting the result points to.
axe finds nothing on the results page, also at 200 % zoom on a 390 px phone."""

import pytest
from playwright.sync_api import expect

from public.tests.search_builders import published_meeting, searchable_council

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_searches_filters_and_opens_a_result_on_a_phone(phone_page, axe, reflow, make_council, add_member,
                                                                 make_user):
    council, _people, secretary = searchable_council(make_council, add_member, make_user)
    meeting = published_meeting(council, secretary)  # committed: the publishing hook has indexed it
    page = phone_page

    page.goto("/nordby/")
    page.get_by_label("Søg i rådets dagsordener, referater og høringssvar").fill("vaskeribus")
    page.get_by_test_id("home-search").get_by_role("button", name="Søg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg i Udsatterådet nordby")
    expect(page.get_by_test_id("search-count")).to_have_text("1 resultat for “vaskeribus”")
    expect(page.get_by_test_id("search-hits").locator("mark").first).to_have_text("Vaskeribussen")
    expect(page.get_by_test_id("search-hits")).not_to_contain_text("Erik Skjult")
    axe(page, name="public-search-01-resultater-mobil")

    page.get_by_role("link", name="Dagsordener og referater (1)").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q=vaskeribus&type=meeting")
    expect(page.get_by_role("link", name="Dagsordener og referater (1)")).to_have_attribute("aria-current", "true")
    page.get_by_role("link", name="Punkt 1: Vaskeribussen i bydelen").click()
    expect(page).to_have_url(f"{page.url.split('/nordby/')[0]}/nordby/moeder/{meeting.pk}/#punkt-1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rådsmøde")
    axe(page, name="public-search-02-moede-mobil")

    reflow("/nordby/soeg/?q=vaskeribus", name="public-search-03-resultater-zoom")
