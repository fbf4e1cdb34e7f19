"""A citizen reads the council's published annual report: from the council's page to the report,
its contents and the PDF link, and the archive of earlier years — axe-core finds nothing on any
page. (The journey that writes, approves and publishes the report is reports/tests/test_browser.py.)"""

import re

import pytest
from playwright.sync_api import expect

from reports.tests.documents_builders import published_report

pytestmark = pytest.mark.browser


def test_citizen_reads_the_annual_report(page, axe, make_council, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    council = make_council("nordby", name="Udsatterådet Nordby")
    published_report(council, year=2017)
    published_report(council, year=2018)

    page.goto("/nordby/")
    page.get_by_role("link", name="Læs rådets årsberetning for 2018").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Årsberetning 2018")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_test_id("report-text")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=2, name="Økonomi")).to_be_visible()
    expect(page.get_by_role("img", name="Fremmøde pr. møde i 2018")).to_be_visible()
    page.get_by_role("link", name="Økonomi").click()
    expect(page).to_have_url(re.compile(r"/nordby/aarsberetninger/2018/#afsnit-7$"))
    expect(page.get_by_role("table").filter(has_text="Budget og forbrug 2018")).to_contain_text("33.125 kr.")
    axe(page, name="public-report-01-beretning")
    page.screenshot(path="/tmp/s7/public-report.png", full_page=True)
    pdf = page.get_by_test_id("report-pdf")
    expect(pdf).to_have_attribute("href", "/nordby/aarsberetninger/2018/pdf/")
    assert page.request.get(pdf.get_attribute("href")).headers["content-type"] == "application/pdf"

    page.get_by_role("link", name="Alle årsberetninger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Årsberetninger")
    expect(page.get_by_test_id("public-reports").get_by_role("listitem")).to_have_count(2)
    axe(page, name="public-report-02-arkiv")
    page.screenshot(path="/tmp/s7/public-reports.png", full_page=True)
