"""The year plan warns when a meeting falls on a day of one of the council's events: on the year
plan, on the meeting page and in the meeting form (which asks once before keeping the date).
The events come through the clash hook the activities app registers in meetings.yearplan."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.tests.events_builders import at, make_event, make_meeting, today
from meetings import yearplan
from meetings.models import Meeting
from meetings.selectors import plan as plan_selectors
from meetings.services import plan as plan_services

pytestmark = pytest.mark.django_db


def plan_page(client, ew, year):
    client.force_login(ew.secretary)
    return client.get(reverse("meetings:plan", args=[ew.council.slug]) + f"?aar={year}").content.decode()


def test_a_meeting_on_an_events_day_is_marked_in_the_year_plan(client, ew):
    meeting = make_meeting(ew, 30)
    make_event(ew, title="Konference om bisidderordninger", days=30, own=False)
    make_event(ew, title="Rådets borgermøde", days=31, own=True)
    make_event(ew, title="Andet råds konference", days=30, council=ew.other)
    page = plan_page(client, ew, meeting.starts_at.year)
    assert page.count('data-testid="clash"') == 1
    assert "Arrangement samme dag:" in page and "Konference om bisidderordninger</a>" in page
    assert "Andet råds konference" not in page


def test_a_two_day_event_clashes_with_both_days_and_a_cancelled_meeting_with_none(client, ew):
    first = make_meeting(ew, 40)
    second = make_meeting(ew, 41)
    start = at(today() + dt.timedelta(days=40), 9)
    make_event(ew, title="Landsmøde", starts_at=start, ends_at=start + dt.timedelta(days=1, hours=6))
    found = yearplan.clashes(council=ew.council, start=today(), end=today() + dt.timedelta(days=60))
    assert sorted(found) == [first.starts_at.date(), second.starts_at.date()]
    plan_services.meeting_cancel(meeting=second, actor=ew.secretary)
    shown = {m.pk: [c.title for c in m.clashes]
             for year in {first.starts_at.year, second.starts_at.year}
             for group in plan_selectors.year_by_month(council=ew.council, year=year, with_others=True)
             for m in group.meetings}
    assert shown == {first.pk: ["Landsmøde"], second.pk: []}


def test_the_meeting_page_warns(client, ew):
    meeting = make_meeting(ew, 30)
    make_event(ew, title="Temadag om ensomhed", days=30, own=True)
    client.force_login(ew.secretary)
    page = client.get(reverse("meetings:meeting", args=[ew.council.slug, meeting.pk])).content.decode()
    assert "Mødet ligger samme dag som et af rådets arrangementer" in page
    assert "Rådets arrangement: <a" in page and "Temadag om ensomhed" in page


def _form(day, **extra):
    return {"kind": "ordinary", "title": "", "date": day.isoformat(), "start_time": "16:00", "end_time": "18:00",
            "location": "Rådhuset", "joint_with": "", "public": "on"} | extra


def test_the_meeting_form_warns_once_before_keeping_a_clashing_date(client, ew):
    event_day = today() + dt.timedelta(days=25)
    make_event(ew, title="Netværksmøde for udsatteråd", days=25)
    client.force_login(ew.secretary)
    url = reverse("meetings:meeting_create", args=[ew.council.slug])
    response = client.post(url, _form(event_day))
    page = response.content.decode()
    assert response.status_code == 200 and "Mødet ligger samme dag som et af rådets arrangementer" in page
    assert "gem igen for at beholde datoen" in page
    assert f'name="clash_ok" value="{event_day.isoformat()}"' in page
    assert not Meeting.objects.filter(council=ew.council).exists()
    response = client.post(url, _form(event_day, clash_ok=event_day.isoformat()))
    assert response.status_code == 302
    meeting = Meeting.objects.get(council=ew.council)
    # Another day: no question asked.
    other_day = event_day + dt.timedelta(days=3)
    assert client.post(url, _form(other_day)).status_code == 302
    # Editing shows the warning for the date the meeting has, and saving it again keeps it.
    edit = reverse("meetings:meeting_edit", args=[ew.council.slug, meeting.pk])
    assert "Netværksmøde for udsatteråd" in client.get(edit).content.decode()
    assert client.post(edit, _form(event_day, clash_ok=event_day.isoformat(), location="Biblioteket")).status_code \
        == 302


def test_the_year_plan_runs_a_constant_number_of_queries_with_more_events(client, ew):
    year = (today() + dt.timedelta(days=30)).year
    make_meeting(ew, 30)
    client.force_login(ew.secretary)
    url = reverse("meetings:plan", args=[ew.council.slug]) + f"?aar={year}"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    count()
    first = count()
    for n in range(6):
        make_meeting(ew, 32 + n)
        make_event(ew, title=f"Arrangement {n}", days=32 + n)
    assert count() == first
