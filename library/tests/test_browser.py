"""The library in Chromium with axe-core (WCAG 2.1 AA) on every page: the secretariat adds a
report with a PDF (after a disguised file is refused in Danish), then a member finds it by tag
and by title and opens it."""

import re

import pytest
from playwright.sync_api import expect

from library.models import Document
from library.tests.conftest import EXE_BYTES, REPORT_SOURCE, REPORT_TITLE, make_theme, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_adds_a_report_and_a_member_finds_and_opens_it(page, login, axe, lib):
    make_theme(lib.council, "Bisidderordning")
    lib.add("Socialpolitik for Albertslund", source="Albertslund Kommune", year=2022, tags=["politik"])
    base = lib.url()

    # The secretariat adds the report.
    login(page, lib.secretary)
    page.goto(base)
    axe(page, name="library-list")
    page.get_by_role("link", name="Tilføj et dokument").click()
    page.get_by_label("Titel").fill(REPORT_TITLE)
    page.get_by_label("Kilde").fill(REPORT_SOURCE)
    page.get_by_label("År").fill("2018")
    page.get_by_label("Beskrivelse").fill("Erfaringer med bisidderordninger – til inspiration for rådet.")
    page.get_by_label("Emneord").fill("bisidder, rapport, inspiration")
    page.get_by_label("Bisidderordning (2026)").check()
    axe(page, name="library-create")
    # A program renamed to .pdf is refused in Danish; what was typed is kept.
    page.get_by_label(re.compile(r"^Fil\b")).set_input_files(
        files=[{"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES}])
    page.get_by_role("button", name="Tilføj dokumentet").click()
    expect(page.get_by_text("uanset hvad filnavnet siger").first).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(REPORT_TITLE)
    axe(page, name="library-create-error")
    page.get_by_label(re.compile(r"^Fil\b")).set_input_files(
        files=[{"name": "Bisidderrapport.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    page.get_by_role("button", name="Tilføj dokumentet").click()
    expect(page.get_by_role("heading", level=1, name=REPORT_TITLE)).to_be_visible()
    expect(page.get_by_text("er lagt i biblioteket")).to_be_visible()
    axe(page, name="library-document")
    document = Document.objects.get(title=REPORT_TITLE)
    assert document.content_type == "application/pdf" and document.year == 2018
    page.get_by_role("link", name="Ret dokumentet").click()
    expect(page.get_by_label("Emneord")).to_have_value("bisidder, inspiration, rapport")
    axe(page, name="library-edit")
    page.goto(lib.url(document, "slet/"))
    axe(page, name="library-delete")

    # A member finds it by tag, then by title, and opens it.
    page.context.clear_cookies()
    login(page, lib.member)
    page.goto(base)
    assert page.get_by_role("link", name="Tilføj et dokument").count() == 0
    page.get_by_role("navigation", name="Emneord").get_by_role("link", name="bisidder").click()
    chip = page.get_by_role("navigation", name="Emneord").get_by_role("link", name="bisidder")
    expect(chip).to_have_attribute("aria-current", "true")
    rows = page.get_by_test_id("document-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(REPORT_TITLE)
    axe(page, name="library-by-tag")
    page.get_by_role("link", name="Alle", exact=True).click()
    page.get_by_label("Søg i titel og kilde").fill("bisidderordninger")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_text("1 dokument fundet")).to_be_visible()
    expect(page.get_by_test_id("documents")).not_to_contain_text("Socialpolitik")
    axe(page, name="library-search")
    page.get_by_role("link", name=REPORT_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=REPORT_TITLE)).to_be_visible()
    expect(page.get_by_text(REPORT_SOURCE)).to_be_visible()
    axe(page, name="library-document-member")
    href = page.get_by_test_id("download").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "rapport-om-bisidderordninger-for-socialt-udsatte.pdf" in response.headers["content-disposition"]
    assert response.body() == pdf_bytes()
