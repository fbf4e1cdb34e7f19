"""The annual report in Chromium, with axe-core on every page: the secretariat drafts the busy year's
report, edits a section in the editor, refreshes another from data and sees the difference, puts
the draft on today's meeting, the meeting is held, the approval is recorded, the report is
published, and the public page shows it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from meetings.services.minutes import meeting_mark_held
from meetings.services.plan import meeting_create
from reports.models import AnnualReport, ReportSection, ReportStatus, SectionKind
from reports.tests.busy_year import build_busy_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/s7"


def _meeting_today(council) -> Meeting:
    """A meeting that began a few minutes ago today (so it can be held at once)."""
    now = timezone.localtime()
    start = max(now - dt.timedelta(minutes=5), now.replace(hour=0, minute=1, second=0, microsecond=0))
    return meeting_create(council=council, kind="ordinary", starts_at=start, ends_at=start + dt.timedelta(hours=2),
                          location="Rådhuset")


def test_secretariat_drafts_edits_refreshes_approves_and_publishes(page, login, axe):
    year = build_busy_year(year=2025, slug="travlt")
    council = year.council
    meeting = _meeting_today(council)
    login(page, year.secretary)

    # 1. Draft: from the start page through the menu.
    page.goto(f"/{council.slug}/intern/")
    expect(page.get_by_test_id("year-in-figures")).to_be_visible()
    axe(page, name="reports-01-dashboard")
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Årsberetning").click()
    axe(page, name="reports-02-list")
    page.get_by_role("link", name=re.compile("^Se møder, fremmøde")).click()
    expect(page.get_by_test_id("years-table")).to_be_visible()
    axe(page, name="reports-02b-years")
    page.go_back()
    page.get_by_role("link", name="Dan en ny beretning").click()
    page.get_by_label("Et kalenderår").check()
    page.get_by_label(re.compile(r"^År\b")).fill("2025")
    axe(page, name="reports-03-create")
    page.get_by_role("button", name="Dan beretningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Årsberetning 2025")
    report = AnnualReport.objects.get(council=council, year=2025)
    assert report.sections.count() == 10
    axe(page, name="reports-04-report")

    # 2. Edit a section in the editor (Trix under the Content-Security-Policy): a figure changed by
    #    hand and a sentence added; the figure is marked "Rettet i hånden" beside the section.
    library = page.get_by_test_id(f"section-{SectionKind.LIBRARY}")
    expect(library).to_contain_text("fire rapporter")
    library.get_by_role("link", name=re.compile("^Ret afsnittet")).click()
    editor = page.locator("trix-editor")
    expect(editor).to_be_visible()
    axe(page, name="reports-05-edit")
    editor.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type(f"Rådet fik fem rapporter til inspiration i {year.year}:")
    # Trix applies typing asynchronously: wait until it has written the line to its input, then
    # put the cursor at the end of the document through its own API (a Control+End sent at once
    # could land before the typing was applied).
    expect(page.locator(f"#{editor.get_attribute('input')}")).to_have_value(re.compile("fem rapporter"))
    editor.evaluate("el => { const end = el.editor.getDocument().getLength() - 1; "
                    "el.editor.setSelectedRange([end, end]); }")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list: a paragraph of its own
    page.keyboard.type("Rapporterne blev drøftet på rådets møder.")
    page.get_by_role("button", name="Gem afsnittet").click()
    library = page.get_by_test_id(f"section-{SectionKind.LIBRARY}")
    expect(library.get_by_text("Rapporterne blev drøftet på rådets møder.")).to_be_visible()
    expect(library.get_by_test_id("hand-edited")).to_have_count(1)
    section = ReportSection.objects.get(report=report, kind=SectionKind.LIBRARY)
    assert section.edited and "fem rapporter" in section.body and "<p>Rapporterne blev drøftet" in section.body
    axe(page, name="reports-06-report-edited")
    library.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/report-page.png", full_page=True)
    library.screenshot(path=f"{SHOTS}/report-section-edited.png")

    # 3. Refresh from data: the difference is shown; the person's text is kept.
    library.get_by_role("link", name=re.compile("^Opdatér fra data")).click()
    diff = page.get_by_test_id("refresh-diff")
    expect(diff).to_be_visible()
    expect(diff.locator("del").first).to_contain_text("fem")
    expect(diff.locator("ins").first).to_contain_text("fire")
    axe(page, name="reports-07-refresh-diff")
    page.screenshot(path=f"{SHOTS}/report-diff.png", full_page=True)
    page.get_by_role("button", name="Behold teksten").click()
    expect(page.get_by_text("Teksten er beholdt uændret.")).to_be_visible()
    assert "fem rapporter" in ReportSection.objects.get(pk=section.pk).body

    # 4. Put it on today's meeting: a decision item with the draft PDF.
    page.get_by_test_id("approval").get_by_label("Møde").select_option(str(meeting.pk))
    page.get_by_role("button", name="Sæt på dagsordenen").click()
    expect(page.get_by_test_id("report-status")).to_have_text("På dagsordenen")
    axe(page, name="reports-08-on-agenda")
    report.refresh_from_db()
    assert report.agenda_item.meeting_id == meeting.pk and report.agenda_item.attachments.count() == 1

    # 5. The meeting is held; the approval is recorded and the text frozen.
    meeting_mark_held(meeting=meeting, actor=year.secretary)
    page.reload()
    page.get_by_role("button", name="Registrér godkendelsen").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Godkendt")
    expect(page.get_by_test_id("versions")).to_contain_text("SHA-256")
    axe(page, name="reports-09-approved")

    # 6. Publish.
    page.get_by_role("button", name="Offentliggør beretningen").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Offentliggjort")
    axe(page, name="reports-10-published")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED

    # 7. The public page shows it.
    page.get_by_test_id("public-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    expect(page.get_by_text("Rapporterne blev drøftet på rådets møder.").first).to_be_visible()
    axe(page, name="reports-11-public")
