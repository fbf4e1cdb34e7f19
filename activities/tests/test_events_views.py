"""Event pages: permissions and tenancy, the forms with Danish errors, sign-up and cancellation
through the page, attendance, the report back and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Event, EventSignup
from activities.services import events as services
from activities.tests.events_builders import make_event, make_meeting, move_to_past, today
from meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, ew):
    response = client.get(ew.url())
    assert response.status_code == 302 and "/log-ind/" in response.url


def test_members_see_but_cannot_manage(client, ew):
    event = make_event(ew)
    client.force_login(ew.user("Mads Lund"))
    assert client.get(ew.url()).status_code == 200
    page = client.get(ew.url(event))
    assert page.status_code == 200 and "Tilmeld mig" in page.content.decode()
    assert "Ret arrangementet" not in page.content.decode()
    assert client.get(ew.url(suffix="nyt/")).status_code == 403
    assert client.get(ew.url(event, "rediger/")).status_code == 403
    assert client.get(ew.url(event, "fremmoede/")).status_code == 403
    # Not an attendee: may not write the report back – the page explains who does, and a POST is refused.
    page = client.get(ew.url(event, "tilbagemelding/")).content.decode()
    assert "Tilbagemeldingen skrives af dem, der deltog" in page and "Gem tilbagemeldingen" not in page
    assert client.post(ew.url(event, "tilbagemelding/"), {"report": "Jeg var der ikke."}).status_code == 403
    event.refresh_from_db()
    assert event.report == ""


def test_another_councils_event_is_404(client, ew):
    theirs = make_event(ew, council=ew.other, title="Andebys konference")
    client.force_login(ew.secretary)
    for suffix in ("", "rediger/", "fremmoede/", "tilbagemelding/"):
        assert client.get(ew.url(theirs, suffix)).status_code == 404
    for suffix in ("tilmeld/", "afmeld/"):
        assert client.post(ew.url(theirs, suffix)).status_code == 404
    client.force_login(ew.user("Mads Lund"))
    assert client.post(ew.url(theirs, "tilmeld/")).status_code == 404
    assert not EventSignup.objects.filter(event=theirs).exists()
    # The other council's secretary does not see ours in their list either.
    client.force_login(ew.other_secretary)
    mine = make_event(ew, title="Vores temadag")
    assert "Vores temadag" not in client.get(f"/{ew.other.slug}/intern/arrangementer/").content.decode()
    assert client.get(f"/{ew.other.slug}/intern/arrangementer/{mine.pk}/").status_code == 404


def test_create_and_edit(client, ew):
    client.force_login(ew.secretary)
    response = client.post(ew.url(suffix="nyt/"), {"kind": "conference"})
    assert response.status_code == 400 and "Skriv arrangementets titel." in response.content.decode()
    start = today() + dt.timedelta(days=30)
    data = {"kind": "conference", "title": "Konference om hjemløshed", "starts_at": f"{start}T09:30",
            "ends_at": f"{start}T16:00", "place": "Nyborg Strand", "organiser": "SAND", "description": "Program",
            "url": "https://example.org/program", "capacity": "2", "signup_deadline": str(start - dt.timedelta(days=7))}
    response = client.post(ew.url(suffix="nyt/"), data)
    event = Event.objects.get(title="Konference om hjemløshed")
    assert response.status_code == 302 and response.url == ew.url(event)
    assert event.council == ew.council and event.capacity == 2
    response = client.post(ew.url(event, "rediger/"), {**data, "signup_deadline": str(start + dt.timedelta(days=1))})
    assert response.status_code == 400 and "Tilmeldingsfristen skal ligge senest" in response.content.decode()
    response = client.post(ew.url(event, "rediger/"), {**data, "description": "Ring på 010190-1234"})
    assert response.status_code == 400 and "CPR-nummer" in response.content.decode()
    response = client.post(ew.url(event, "rediger/"), {**data, "place": "Hotel Nyborg Strand"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.place == "Hotel Nyborg Strand"


def test_signup_and_cancel_through_the_page(client, ew):
    event = make_event(ew, capacity=1)
    services.signup(event=event, person=ew.seed["Sune Dahl"])
    client.force_login(ew.user("Mads Lund"))
    response = client.post(ew.url(event, "tilmeld/"), follow=True)
    assert "du står på ventelisten" in response.content.decode()
    client.force_login(ew.user("Sune Dahl"))
    response = client.post(ew.url(event, "afmeld/"), follow=True)
    assert "Du er meldt fra" in response.content.decode()
    assert EventSignup.objects.get(event=event, person=ew.seed["Mads Lund"]).status == "signed_up"
    # The secretary has no person: cannot sign up.
    client.force_login(ew.secretary)
    assert "Tilmeld mig" not in client.get(ew.url(event)).content.decode()
    response = client.post(ew.url(event, "tilmeld/"), follow=True)
    assert "Kun rådets medlemmer" in response.content.decode()


def test_signup_after_deadline_shows_the_danish_refusal(client, ew):
    event = make_event(ew, days=5, signup_deadline=today() + dt.timedelta(days=1))
    Event.objects.filter(pk=event.pk).update(signup_deadline=today() - dt.timedelta(days=1))
    client.force_login(ew.user("Mads Lund"))
    response = client.post(ew.url(event, "tilmeld/"), follow=True)
    assert "Tilmeldingsfristen var" in response.content.decode()
    assert not EventSignup.objects.filter(event=event).exists()


def test_get_is_not_allowed_for_signup(client, ew):
    client.force_login(ew.user("Mads Lund"))
    assert client.get(ew.url(make_event(ew), "tilmeld/")).status_code == 405


def test_attendance_and_report_through_the_pages(client, ew):
    meeting = make_meeting(ew, 12)
    event = make_event(ew)
    services.signup(event=event, person=ew.seed["Mads Lund"])
    move_to_past(event)
    client.force_login(ew.secretary)
    page = client.get(ew.url(event, "fremmoede/")).content.decode()
    assert "Mads Lund" in page and "Helle Bøgh" in page  # everyone on the roster can be ticked
    response = client.post(ew.url(event, "fremmoede/"), {"attended": [ew.seed["Mads Lund"].pk]})
    assert response.status_code == 302
    client.force_login(ew.user("Mads Lund"))
    page = client.get(ew.url(event, "tilbagemelding/")).content.decode()
    assert "næste møde den" in page
    response = client.post(ew.url(event, "tilbagemelding/"), {"report": ""})
    assert response.status_code == 400 and "Skriv en kort tilbagemelding" in response.content.decode()
    response = client.post(ew.url(event, "tilbagemelding/"), {"report": "Godt netværk."}, follow=True)
    assert "er sat på dagsordenen til mødet den" in response.content.decode()
    item = AgendaItem.objects.get(meeting=meeting, title__startswith="Tilbagemelding")
    assert "Godt netværk." in item.case_text
    page = client.get(ew.url(event)).content.decode()
    assert "Orienteringspunkt på dagsordenen" in page
    # Another member who did not attend may not report.
    client.force_login(ew.user("Helle Bøgh"))
    assert client.post(ew.url(event, "tilbagemelding/"), {"report": "x"}).status_code == 403


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_are_constant(client, ew):
    names = ["Mads Lund", "Sune Dahl", "Helle Bøgh", "Rasmus Krog", "Janni Friis"]
    first = make_event(ew, capacity=2)
    services.signup(event=first, person=ew.seed["Mads Lund"])
    past = move_to_past(make_event(ew, title="Gammel"))
    services.attendance_record(event=past, attended=[ew.seed["Sune Dahl"]])
    client.force_login(ew.user("Mads Lund"))
    small_list = _count(client, ew.url())
    small_page = _count(client, ew.url(first))
    client.force_login(ew.secretary)
    small_attendance = _count(client, ew.url(past, "fremmoede/"))
    for n in range(8):
        event = make_event(ew, title=f"Arrangement {n}", days=10 + n, capacity=2)
        for name in names:
            services.signup(event=event, person=ew.seed[name])
        move_to_past(make_event(ew, title=f"Gammelt {n}"), days=n + 3)
    for name in names[1:]:
        services.signup(event=first, person=ew.seed[name])  # places taken and a waiting list
    services.attendance_record(event=past, attended=[ew.seed[n] for n in names])
    client.force_login(ew.user("Mads Lund"))
    assert _count(client, ew.url()) == small_list
    assert _count(client, ew.url(first)) == small_page
    client.force_login(ew.secretary)
    assert _count(client, ew.url(past, "fremmoede/")) == small_attendance


def test_past_events_one_year_at_a_time(client, ew):
    upcoming = make_event(ew, title="Kommende temadag")
    recent = move_to_past(make_event(ew, title="Netværksmøde sidste måned"), days=30)
    old = move_to_past(make_event(ew, title="Konference for længe siden"), days=3 * 365)
    old_year = timezone.localtime(old.starts_at).year
    client.force_login(ew.secretary)
    page = client.get(ew.url()).content.decode()
    assert "Kommende temadag" in page and "Netværksmøde sidste måned" in page
    assert "Konference for længe siden" not in page
    assert f'href="?aar={old_year}"' in page
    page = client.get(ew.url() + f"?aar={old_year}").content.decode()
    assert "Konference for længe siden" in page and "Kommende temadag" in page
    assert "Netværksmøde sidste måned" not in page or timezone.localtime(recent.starts_at).year == old_year
    # An unknown or nonsense year shows the last twelve months, never an error.
    for asked in ("1999", "abc"):
        page = client.get(ew.url() + f"?aar={asked}").content.decode()
        assert "Netværksmøde sidste måned" in page and upcoming.title in page
