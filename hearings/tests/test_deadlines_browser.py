"""The deadlines overview in Chromium: the chair picks a horizon, sees overdue and coming
deadlines grouped by week, and the page has no axe-core violations (filled and empty)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hearings.models import DeadlineReminder
from hearings.tests.deadlines_builders import follow, make_committee, make_consultation, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.timedelta


def test_the_chair_reads_the_deadlines(page, axe, login, council, roster, chair_user, other_council):
    day = timezone.localdate()
    due = make_consultation(council, "Ungestrategi", deadline=day + D(3))
    make_consultation(council, "Budgetkatalog", deadline=day - D(2), status="received")
    make_consultation(council, "Fælles svar om boliger", deadline=day + D(weeks=9), partners=[other_council])
    sus = make_committee(council, "Social- og Sundhedsudvalget", "SUS")
    follow(council, sus)
    make_meeting(sus, day + D(10))
    DeadlineReminder.objects.create(council=council, kind="consultation", object_id=due.pk, deadline=due.deadline,
                                    recipients=4)
    login(page, chair_user)

    page.goto(f"/{council.slug}/intern/frister/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Frister")
    expect(page.get_by_role("heading", name="Overskredne frister")).to_be_visible()
    expect(page.get_by_text("Overskredet med 2 dage")).to_be_visible()
    expect(page.get_by_role("row", name="Ungestrategi")).to_contain_text("Sendt")
    expect(page.get_by_text("Fælles svar om boliger")).to_have_count(0)
    axe(page, name="deadlines-01-overview")

    page.get_by_label("Vis frister for de næste").select_option(label="12 uger")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_text("Fælles svar om boliger")).to_be_visible()
    axe(page)

    page.goto(f"/{other_council.slug}/intern/frister/")  # the chair of Nordby has no role in Sydby
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Frister")


def test_the_empty_overview_is_accessible(page, axe, login, council, roster, chair_user):
    login(page, chair_user)
    page.goto(f"/{council.slug}/intern/frister/")
    expect(page.get_by_text("Der er ingen frister i de næste 6 uger")).to_be_visible()
    axe(page, name="deadlines-02-empty")
