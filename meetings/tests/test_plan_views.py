"""The year plan's internal pages: the year as a list and as a month calendar, generating a
year, creating, editing and cancelling a meeting, and the meeting page. Permissions (members
see, the secretariat plans), bad input kept with Danish errors, tenancy and query counts."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from meetings.models import Meeting, MeetingStatus
from meetings.tests.plan_builders import at, make_meeting
from meetings.views import plan as plan_views


def text(response) -> str:
    return response.content.decode()


def main(response) -> str:
    body = text(response)
    return body[body.index("<main"):body.index("</main>")]


def url(name, council, *args):
    return reverse(f"meetings:{name}", args=[council.slug, *args])


@pytest.fixture
def sec_client(client, secretary, council):
    client.force_login(secretary)
    return client


@pytest.fixture
def member_client(client, member, member_user):
    client.force_login(member_user)
    return client


# --- The year list -----------------------------------------------------------------------------

def test_plan_lists_the_year_by_month_with_status_and_links(sec_client, council):
    feb = make_meeting(council, "2027-02-18", location="Rådhuset, mødelokale 2")
    make_meeting(council, "2027-02-25", kind="theme_day", title="Temadag om hjemløshed", hours=(9, 15),
                 status=MeetingStatus.CANCELLED)
    may = make_meeting(council, "2027-05-13", status=MeetingStatus.AGENDA_PUBLISHED, public=False)
    make_meeting(council, "2028-02-17")  # another year

    response = sec_client.get(url("plan", council) + "?aar=2027")

    assert response.status_code == 200
    body = main(response)
    assert "Møder og årshjul 2027" in body
    assert re.findall(r'<h2 id="month-\d+">([^<]+)</h2>', body)[:2] == ["Februar", "Maj"]
    assert f'href="/nordby/intern/moeder/{feb.pk}/">Ordinært møde</a>' in body
    assert "Torsdag 18. februar" in body and "16.00–18.00" in body and "Rådhuset, mødelokale 2" in body
    assert "Temadag om hjemløshed</a> <span class=\"stemme-meta\">(Temadag)</span>" in body
    assert 'data-status="cancelled">Aflyst</span>' in body
    assert 'data-status="agenda_published">Dagsorden udsendt</span>' in body
    assert f'href="/nordby/intern/moeder/{may.pk}/"' in body and "Ikke offentligt" in body
    assert "17. februar" not in body  # 2028 is not on the 2027 page
    assert 'href="?aar=2026"' in body and 'href="?aar=2028"' in body
    assert "Planlæg et år" in body and "Nyt møde" in body


def test_plan_states_the_rules_in_force_in_that_year(sec_client, council, secretary):
    """The 2018 year plan says what the rules said in 2018 (four meetings), not today's rules; a
    year in which the rules changed names each version with the day it took effect."""
    from councils.models import RulesOfProcedure
    from councils.services import rules_update
    from councils.tests.test_selectors import D

    council_rules = RulesOfProcedure.objects.get(council=council)
    council_rules.valid_from = D(2018, 3, 13)
    council_rules.save(update_fields=["valid_from"])
    rules_update(council=council, actor=secretary, valid_from=D(2019, 1, 1), meetings_per_year=6)
    rules_update(council=council, actor=secretary, valid_from=D(2020, 7, 1), meetings_per_year=8)
    plan_2018 = main(sec_client.get(url("plan", council) + "?aar=2018"))
    assert "Forretningsordenen: 4 møder om året." in plan_2018 and "6 møder" not in plan_2018
    assert "Forretningsordenen: 6 møder om året." in main(sec_client.get(url("plan", council) + "?aar=2019"))
    plan_2020 = main(sec_client.get(url("plan", council) + "?aar=2020"))
    assert "Forretningsordenen: 6 møder om året." in plan_2020 and "Fra 1. juli 2020: 8 møder om året." in plan_2020


def test_plan_for_a_member_shows_meetings_without_planning_buttons(member_client, council):
    make_meeting(council, "2027-02-18")

    body = main(member_client.get(url("plan", council) + "?aar=2027"))

    assert "Ordinært møde</a>" in body
    assert "Planlæg et år" not in body
    assert "Nyt møde" not in body


def test_plan_shows_the_personal_calendar_link_to_the_logged_in_person(member_client, council, member):
    body = main(member_client.get(url("plan", council)))

    assert "Abonnér på dine møder i din kalender" in body
    token = re.search(r'href="webcal://testserver/nordby/kalender/([^"/]+)\.ics"', body).group(1)
    assert f'value="http://testserver/nordby/kalender/{token}.ics"' in body
    assert signing.Signer(salt="stemme.personal-calendar").unsign(token) == str(member.person_id)
    assert 'href="http://testserver/nordby/moeder.ics"' in body


def test_plan_has_no_personal_link_for_a_secretary_without_a_person(sec_client, council):
    body = main(sec_client.get(url("plan", council)))
    assert "Abonnér på dine møder" not in body
    assert "/nordby/moeder.ics" in body


def test_plan_with_a_bad_year_falls_back_to_this_year(sec_client, council):
    from django.utils import timezone

    response = sec_client.get(url("plan", council) + "?aar=abc")
    assert f"Møder og årshjul {timezone.localdate().year}" in text(response)
    response = sec_client.get(url("plan", council) + "?aar=99999")
    assert f"Møder og årshjul {timezone.localdate().year}" in text(response)


def test_plan_empty_year_says_so(sec_client, council):
    assert "Der er ingen møder i 2030 endnu." in text(sec_client.get(url("plan", council) + "?aar=2030"))


def test_the_nav_links_the_plan_for_council_people_only(member_client, council, client):
    body = text(member_client.get(url("plan", council)))
    assert '<a class="nav-link" href="/nordby/intern/moeder/" aria-current="page"><span>Møder</span></a>' in body
    assert '<a class="nav-link" href="/nordby/moeder/"><span>Dagsordener og referater</span></a>' in body
    client.logout()
    public_body = text(client.get("/nordby/"))
    assert "/nordby/intern/moeder/" not in public_body
    assert '<a class="nav-link" href="/nordby/moeder/"><span>Dagsordener og referater</span></a>' in public_body


def test_anonymous_is_sent_to_login_and_members_cannot_plan(client, council, member_user, member):
    response = client.get(url("plan", council))
    assert response.status_code == 302 and response["Location"].startswith("/konto/log-ind/")
    client.force_login(member_user)
    for name in ("year_generate", "meeting_create"):
        assert client.get(url(name, council)).status_code == 403
    response = client.post(url("year_generate", council), {"year": "2027", "weekday": "3", "start_time": "16:00",
                                                           "end_time": "18:00", "location": "X"})
    assert response.status_code == 403
    assert not Meeting.objects.exists()


# --- The calendar ----------------------------------------------------------------------------

def test_calendar_is_a_table_with_caption_weekday_headers_and_meeting_links(sec_client, council):
    meeting = make_meeting(council, "2027-02-18", title="Rådsmøde")
    make_meeting(council, "2027-03-01")  # a Monday: the start of the next month's grid, not this one

    response = sec_client.get(url("calendar", council) + "?aar=2027&maaned=2")

    body = main(response)
    assert "<caption id=\"calendar-caption\">Februar 2027</caption>" in body
    headers = re.findall(r'<th scope="col"><span aria-hidden="true">([^<]+)</span><span class="sr-only">([^<]+)</span>',
                         body)
    assert [full for _short, full in headers] == ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag",
                                                  "Søndag"]
    assert body.count("<tr>") == 1 + 4  # header row + four weeks (February 2027 starts on a Monday)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
    thursday_week3 = cells[2 * 7 + 3]
    assert "18<span class=\"sr-only\">. februar</span>" in thursday_week3
    assert f'href="/nordby/intern/moeder/{meeting.pk}/">16.00 Rådsmøde</a>' in thursday_week3
    assert "1 møde i måneden." in body
    assert "?aar=2027&amp;maaned=1" in body and "?aar=2027&amp;maaned=3" in body


def test_calendar_december_links_to_january_next_year(sec_client, council):
    body = main(sec_client.get(url("calendar", council) + "?aar=2027&maaned=12"))
    assert "?aar=2028&amp;maaned=1" in body and "?aar=2027&amp;maaned=11" in body
    assert "Ingen" not in body
    assert "0 møder i måneden." in body


# --- Generating a year ------------------------------------------------------------------------

def test_generate_form_suggests_the_rules_time_and_creates_the_year(sec_client, council, secretary):
    response = sec_client.get(url("year_generate", council))
    body = main(response)
    assert "Forretningsordenen siger 4 møder om året." in body
    assert 'value="16:00"' in body and 'value="18:00"' in body  # from “Kl. 16–18”

    response = sec_client.post(url("year_generate", council), {
        "year": "2027", "weekday": "3", "start_time": "16:00", "end_time": "18:00", "location": "Rådhuset"},
        follow=True)

    assert response.redirect_chain[-1][0] == "/nordby/intern/moeder/?aar=2027"
    assert "Der er oprettet 4 møder i 2027." in text(response)
    assert Meeting.objects.filter(council=council).count() == 4
    assert AuditEvent.objects.filter(action="meetings.year_plan.generated", actor=secretary).exists()

    again = sec_client.post(url("year_generate", council), {
        "year": "2027", "weekday": "3", "start_time": "16:00", "end_time": "18:00", "location": "Rådhuset"},
        follow=True)
    assert "Der er ikke oprettet nye møder" in text(again)
    assert Meeting.objects.filter(council=council).count() == 4


def test_generate_with_end_before_start_shows_the_error_and_keeps_the_input(sec_client, council):
    response = sec_client.post(url("year_generate", council), {
        "year": "2027", "weekday": "4", "start_time": "18:00", "end_time": "16:00", "location": "Medborgerhuset"})

    assert response.status_code == 400
    body = main(response)
    assert "Der er fejl i formularen" in body
    assert "Møderne skal slutte efter de starter." in body
    assert 'value="Medborgerhuset"' in body
    assert '<option value="4" selected>Fredag</option>' in body
    assert not Meeting.objects.exists()


def test_generate_refuses_a_year_outside_the_choices(sec_client, council):
    response = sec_client.post(url("year_generate", council), {
        "year": "1990", "weekday": "3", "start_time": "16:00", "end_time": "18:00"})
    assert "1990 er ikke en af de tilgængelige valgmuligheder" in main(response)
    assert not Meeting.objects.exists()


# --- Create, edit, cancel ----------------------------------------------------------------------

def test_create_a_joint_meeting(sec_client, council):
    response = sec_client.post(url("meeting_create", council), {
        "kind": "joint", "title": "Fællesmøde", "date": "2027-09-08", "start_time": "13:00", "end_time": "14:00",
        "location": "Rådhuset", "joint_with": "Social- og Sundhedsudvalget", "public": "on"})

    meeting = Meeting.objects.get(council=council)
    assert response.status_code == 302 and response["Location"] == url("meeting", council, meeting.pk)
    assert meeting.starts_at == at("2027-09-08", 13) and meeting.ends_at == at("2027-09-08", 14)
    assert meeting.joint_with == "Social- og Sundhedsudvalget"
    assert meeting.public


def test_create_with_errors_keeps_input_and_marks_the_fields(sec_client, council):
    response = sec_client.post(url("meeting_create", council), {
        "kind": "joint", "title": "Fællesmøde", "date": "2027-09-08", "start_time": "15:00", "end_time": "14:00",
        "location": "Rådhuset"})

    body = main(response)
    assert response.status_code == 400
    assert 'id="id_end_time_error"' in body and "Mødet skal slutte efter det starter." in body
    assert 'value="Fællesmøde"' in body and 'value="2027-09-08"' in body and 'value="15:00"' in body
    assert not Meeting.objects.exists()

    response = sec_client.post(url("meeting_create", council), {
        "kind": "joint", "date": "2027-09-08", "start_time": "13:00", "end_time": "14:00"})
    assert 'id="id_joint_with_error"' in main(response)
    assert "Skriv hvem fællesmødet holdes med" in main(response)

    response = sec_client.post(url("meeting_create", council), {"kind": "ordinary", "date": "",
                                                                "start_time": "13:00", "end_time": "14:00"})
    assert 'id="id_date_error"' in main(response)
    assert not Meeting.objects.exists()


def test_edit_a_meeting(sec_client, council):
    meeting = make_meeting(council, "2027-02-18", location="Rådhuset")

    form = main(sec_client.get(url("meeting_edit", council, meeting.pk)))
    assert 'value="2027-02-18"' in form and 'value="16:00"' in form and 'value="Rådhuset"' in form

    response = sec_client.post(url("meeting_edit", council, meeting.pk), {
        "kind": "ordinary", "date": "2027-02-25", "start_time": "16:30", "end_time": "18:30",
        "location": "Medborgerhuset", "public": "on"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == at("2027-02-25", 16, 30)
    assert meeting.location == "Medborgerhuset"
    assert AuditEvent.objects.filter(action="meetings.meeting.updated").count() == 1


def test_cancel_asks_then_cancels(sec_client, council):
    meeting = make_meeting(council, "2027-02-18", status=MeetingStatus.AGENDA_PUBLISHED)

    page = main(sec_client.get(url("meeting_cancel", council, meeting.pk)))
    assert "Vil du aflyse Ordinært møde torsdag 18. februar 2027 kl. 16.00?" in page
    assert "Dagsordenen er sendt ud" in page

    response = sec_client.post(url("meeting_cancel", council, meeting.pk), follow=True)

    assert "Mødet er aflyst." in text(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    body = main(response)
    assert 'data-status="cancelled"' in body
    assert "Ret tid, sted og type" not in body and "Aflys mødet" not in body
    # Cancelling again shows the reason instead of a server error.
    again = sec_client.post(url("meeting_cancel", council, meeting.pk))
    assert again.status_code == 400 and "Mødet er allerede aflyst." in text(again)
    # Editing a cancelled meeting sends back to the meeting with a message.
    response = sec_client.get(url("meeting_edit", council, meeting.pk), follow=True)
    assert "kan ikke rettes" in text(response)


def test_a_held_meeting_cannot_be_cancelled_from_the_page(sec_client, council):
    meeting = make_meeting(council, "2026-02-18", status=MeetingStatus.HELD)
    response = sec_client.get(url("meeting_cancel", council, meeting.pk))
    assert response.status_code == 302 and response["Location"] == url("meeting", council, meeting.pk)
    response = sec_client.post(url("meeting_cancel", council, meeting.pk))
    assert response.status_code == 400 and "Mødet er holdt og kan ikke aflyses." in text(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


# --- The meeting page --------------------------------------------------------------------------

def test_meeting_page_shows_date_place_kind_status_and_neighbours(sec_client, council):
    before = make_meeting(council, "2027-02-18")
    meeting = make_meeting(council, "2027-05-13", kind="joint", joint_with="Handicaprådet", location="Rådhuset")
    after = make_meeting(council, "2027-08-12")

    body = main(sec_client.get(url("meeting", council, meeting.pk)))

    assert "Torsdag 13. maj 2027, kl. 16.00–18.00" in body
    assert "<dd>Rådhuset</dd>" in body
    assert "Fællesmøde med Handicaprådet" in body
    assert 'data-status="planned">Planlagt</span>' in body
    assert f'href="/nordby/intern/moeder/{before.pk}/"' in body and f'href="/nordby/intern/moeder/{after.pk}/"' in body
    assert f'href="/nordby/moeder/{meeting.pk}/"' in body  # its public page
    assert f'href="/nordby/intern/moeder/{meeting.pk}/moede.ics"' in body
    assert "Ret tid, sted og type" in body and "Aflys mødet" in body


def test_part_links_skip_missing_routes_and_pages_the_user_may_not_open(client, council, secretary, member_user,
                                                                       member, monkeypatch):
    monkeypatch.setattr(plan_views, "PART_PAGES", [("meetings:no_such_page", "Findes ikke"),
                                                   ("meetings:meeting_edit", "Ret mødet"),
                                                   ("meetings:meeting_ics", "Kalenderfil")])
    meeting = make_meeting(council, "2027-02-18")

    client.force_login(secretary)
    body = main(client.get(url("meeting", council, meeting.pk)))
    assert 'data-part="meetings:meeting_edit"' in body and 'data-part="meetings:meeting_ics"' in body
    assert "Findes ikke" not in body

    client.force_login(member_user)
    body = main(client.get(url("meeting", council, meeting.pk)))
    assert 'data-part="meetings:meeting_edit"' not in body  # meetings.plan: secretariat only
    assert 'data-part="meetings:meeting_ics"' in body


def test_part_links_use_the_real_part_routes_when_they_exist(sec_client, council):
    meeting = make_meeting(council, "2027-02-18")
    body = main(sec_client.get(url("meeting", council, meeting.pk)))
    for name, _label in plan_views.PART_PAGES:
        try:
            target = reverse(name, args=[council.slug, meeting.pk])
        except Exception:  # that part has not added its page yet
            continue
        assert f'href="{target}" data-part="{name}"' in body


def test_internal_ics_download_works_for_a_non_public_meeting(member_client, council):
    meeting = make_meeting(council, "2027-02-18", public=False)
    response = member_client.get(url("meeting_ics", council, meeting.pk))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="moede-2027-02-18.ics"'
    assert f"URL:http://testserver/nordby/intern/moeder/{meeting.pk}/" in text(response)


# --- Tenancy -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["meeting", "meeting_edit", "meeting_cancel", "meeting_ics"])
def test_another_councils_meeting_is_not_found(sec_client, council, other_council, name):
    theirs = make_meeting(other_council, "2027-02-18", location="Sydby Rådhus")

    assert sec_client.get(url(name, council, theirs.pk)).status_code == 404
    assert sec_client.post(url(name, council, theirs.pk), {"kind": "ordinary", "date": "2027-03-01",
                                                           "start_time": "10:00", "end_time": "11:00"}
                           ).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == MeetingStatus.PLANNED and theirs.location == "Sydby Rådhus"


def test_lists_show_only_the_councils_own_meetings(sec_client, council, other_council):
    make_meeting(other_council, "2027-02-18", title="Sydbys møde")
    make_meeting(council, "2027-02-11", title="Nordbys møde")
    for page in (url("plan", council) + "?aar=2027", url("calendar", council) + "?aar=2027&maaned=2"):
        body = main(sec_client.get(page))
        assert "Nordbys møde" in body and "Sydbys møde" not in body


# --- Query counts ------------------------------------------------------------------------------

def _queries(client, path) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _grow(council, n, start=dt.date(2027, 1, 4)):
    kinds = ["ordinary", "joint", "theme_day", "extraordinary"]
    statuses = [None, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.CANCELLED, MeetingStatus.MINUTES_PUBLISHED]
    for i in range(n):
        day = start + dt.timedelta(days=(i * 7) % 360)
        make_meeting(council, day, kind=kinds[i % 4], joint_with="Handicaprådet" if i % 4 == 1 else "",
                     status=statuses[i % 4], public=i % 3 != 0, hours=(8 + i % 8, 17))


@pytest.mark.parametrize("page", ["plan", "calendar"])
def test_query_count_is_constant_as_meetings_grow(sec_client, council, page):
    path = url(page, council) + ("?aar=2027" if page == "plan" else "?aar=2027&maaned=2")
    _grow(council, 4)
    small, small_sql = _queries(sec_client, path)
    _grow(council, 40, start=dt.date(2027, 1, 6))
    large, large_sql = _queries(sec_client, path)
    assert small == large, "\n".join(["small:", *small_sql, "large:", *large_sql])


def test_query_count_of_the_meeting_page_is_constant(sec_client, council):
    meeting = make_meeting(council, "2027-05-13")
    small, _ = _queries(sec_client, url("meeting", council, meeting.pk))
    _grow(council, 20)
    large, _ = _queries(sec_client, url("meeting", council, meeting.pk))
    assert small == large
