"""The member's start page ("Hvad skal jeg nu?" on the council's dashboard, councils.hooks
member panels): the next meeting first, with "Jeg kommer" and "Meld afbud"; then the person's
tasks, sign-ups and what waits for their approval; nothing of it for the secretariat; a query
count that does not grow with 1 or 10 of everything."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.services import events as event_services
from councils.hooks import member_panels
from hearings.services import consultations as consultation_services
from meetings.services import agenda as agenda_services
from meetings.services import minutes as minutes_services
from meetings.tests.seed import at, build_meeting, record_attendance, user_for

pytestmark = pytest.mark.django_db


def _url(seed) -> str:
    return f"/{seed.council.slug}/intern/"


def _section(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def _grow(seed, n: int, *, start: int = 0):
    """``n`` more of everything that waits for Jytte Holm (the chair): meetings ahead she is called
    to, tasks, event sign-ups, drafts to approve and responses she owns; minutes to approve."""
    today = timezone.localdate()
    jytte, sec = seed["Jytte Holm"], seed.secretary
    held = build_meeting(seed, day=dt.date(2026, 4, 1 + start // 10), with_items=False).meeting
    for i in range(start, start + n):
        meeting = build_meeting(seed, day=today + dt.timedelta(days=20 + i)).meeting
        agenda_services.agenda_publish(meeting=meeting, actor=sec, late_reason="Test")
        minutes_services.action_item_create(meeting=held, item=None, title=f"Opgave {i}", owners=[jytte],
                                            due=today + dt.timedelta(days=i - 2))
        event = event_services.event_create(council=seed.council, title=f"Konference {i}", kind="conference",
                                            starts_at=at(today + dt.timedelta(days=30 + i), 10))
        event_services.signup(event=event, person=jytte)
        consultation = consultation_services.consultation_create(
            council=seed.council, title=f"Høring {i}", received_on=today, deadline=today + dt.timedelta(days=40 + i),
            sender="Socialforvaltningen")
        consultation_services.consultation_assign(consultation=consultation, owners=[jytte])
        consultation_services.draft_save(consultation=consultation, text="Rådet støtter forslaget.",
                                         expected_version=0)


@pytest.fixture
def jytte(client, seed, make_user):
    user = user_for(seed, "Jytte Holm", make_user)
    client.force_login(user)
    return user


def test_the_next_meeting_comes_first_with_place_map_agenda_and_answers(client, seed, jytte):
    _grow(seed, 2)

    html = client.get(_url(seed)).content.decode()

    start = html.index('data-testid="start-page"')
    assert start < html.index("Velkommen til arbejdsrummet")
    order = [html.index(f'data-testid="{t}"') for t in ("next-meeting", "start-tasks", "start-signups",
                                                          "approve-responses", "owned-responses")]
    assert order == sorted(order)
    meeting = _section(html, "next-meeting")
    first = timezone.localdate() + dt.timedelta(days=20)
    assert f"{first.day}." in meeting and "kl. 16.00–18.00" in meeting
    assert "Rådhuset, mødelokale 2" in meeting
    assert "https://www.openstreetmap.org/search?query=R%C3%A5dhuset%2C%20m%C3%B8delokale%202" in meeting
    assert "Læs dagsorden" in meeting and "Jeg kommer" in meeting and "Meld afbud" in meeting
    assert "Opgave 0" in _section(html, "start-tasks") and "Konference 0" in _section(html, "start-signups")
    assert "Høring 0" in _section(html, "approve-responses")


def test_jeg_kommer_from_the_start_page(client, seed, jytte):
    from meetings.models import Attendance

    _grow(seed, 1)
    html = client.get(_url(seed)).content.decode()
    action = re.search(r'action="([^"]+/mit-fremmoede/kommer/)"', _section(html, "next-meeting")).group(1)

    response = client.post(action, follow=True)

    assert "Tak. Vi har noteret, at du kommer." in response.content.decode()
    mine = Attendance.objects.get(person=seed["Jytte Holm"], meeting__title="", coming_at__isnull=False)
    assert mine.answered_via == "page"
    again = _section(client.get(_url(seed)).content.decode(), "next-meeting")
    assert "Du har sagt, at du kommer" in again and "Jeg kommer</button>" not in again


def test_after_afbud_the_start_page_says_so(client, seed, jytte):
    from meetings.models import Attendance
    from meetings.services import attendance as attendance_services

    _grow(seed, 1)
    mine = Attendance.objects.get(person=seed["Jytte Holm"])
    attendance_services.afbud_register(attendance=mine, note="", via="page")

    meeting = _section(client.get(_url(seed)).content.decode(), "next-meeting")

    assert "Du har meldt afbud." in meeting and "Jeg kommer" not in meeting and "Meld afbud" not in meeting


def test_before_the_invitations_the_next_meeting_is_shown_without_answers(client, seed, jytte):
    build_meeting(seed, day=timezone.localdate() + dt.timedelta(days=30))

    meeting = _section(client.get(_url(seed)).content.decode(), "next-meeting")

    assert "Dagsordenen og indkaldelsen kommer inden mødet." in meeting
    assert "Jeg kommer" not in meeting and "Læs dagsorden" not in meeting


def test_minutes_to_approve_in_writing_are_listed(client, seed, jytte):
    held = build_meeting(seed, with_items=False).meeting
    record_attendance(seed, held)
    minutes_services.meeting_mark_held(meeting=held)
    minutes_services.minutes_request_written_approval(meeting=held)

    approvals = _section(client.get(_url(seed)).content.decode(), "approve-minutes")

    assert "Referatet fra mødet 1. april 2026" in approvals
    assert f"/moeder/{held.pk}/referat/godkend/" in approvals


def test_a_member_without_anything_sees_only_that_no_meeting_is_planned(client, seed, make_user):
    client.force_login(user_for(seed, "Mads Lund", make_user))

    html = client.get(_url(seed)).content.decode()

    assert "Der er ikke sat et møde i kalenderen endnu." in _section(html, "next-meeting")
    for testid in ("start-tasks", "start-signups", "approve-minutes", "approve-responses", "owned-responses"):
        assert f'data-testid="{testid}"' not in html


def test_the_secretariat_has_no_start_page_of_a_member(client, seed):
    client.force_login(seed.secretary)
    html = client.get(_url(seed)).content.decode()
    assert 'data-testid="start-page"' not in html and "Velkommen til arbejdsrummet" in html


def test_panels_ask_no_more_queries_for_ten_of_everything(client, seed, jytte, django_assert_max_num_queries):
    _grow(seed, 1)
    client.get(_url(seed))  # warm caches (content types, the session)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_url(seed)).status_code == 200
    _grow(seed, 9, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(_url(seed)).content.decode()
    assert html.count("<li><strong>Opgave") == 5  # the first five; the rest on "Mine opgaver"
    assert "Se alle dine 10 opgaver" in html
    assert _section(html, "start-signups").count("Konference") == 10


def test_member_panels_in_their_order(seed):
    today = timezone.localdate()
    _grow(seed, 1)
    panels = member_panels(council=seed.council, person=seed["Jytte Holm"], user=None, today=today)
    assert [p.template_name for p in panels] == [
        "meetings/startpage/next_meeting.html", "activities/startpage/tasks.html",
        "activities/startpage/signups.html", "hearings/startpage/awaiting.html"]
