"""Calendar files, read back with icalendar: one meeting, the council's public feed and a
person's own feed behind a signed address (a tampered address is a 404)."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from councils import services as council_services
from meetings import ics
from meetings.models import MeetingStatus
from meetings.selectors.plan import calendar_token
from meetings.tests.plan_builders import CPH, make_meeting


def events(body: bytes) -> list:
    cal = Calendar.from_ical(body)
    return sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def soon(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# --- One meeting ---------------------------------------------------------------------------------

def test_meeting_ics_reads_back_with_summary_local_times_uid_and_location(council, settings):
    settings.STEMME_BASE_URL = ""  # no site address: the file carries no link
    # One in winter time, one in summer time: both at 16–18 local.
    winter = make_meeting(council, "2027-02-18", location="Rådhuset, mødelokale 2", title="Rådsmøde")
    summer = make_meeting(council, "2027-06-17", kind="joint", joint_with="Social- og Sundhedsudvalget")

    body = ics.meeting_ics(winter, site="https://stemme.example")
    cal = Calendar.from_ical(body)
    (event,) = cal.walk("VEVENT")

    assert str(cal["X-WR-CALNAME"]) == "Udsatterådet Nordby: Rådsmøde"
    assert str(event["SUMMARY"]) == "Udsatterådet Nordby: Rådsmøde"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2027, 2, 18, 16, tzinfo=CPH) and end == dt.datetime(2027, 2, 18, 18, tzinfo=CPH)
    assert str(start.tzinfo) == "Europe/Copenhagen"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert str(event["LOCATION"]) == "Rådhuset, mødelokale 2"
    assert str(event["UID"]) == f"meeting-{winter.pk}.council-{council.pk}@stemme"
    assert str(event["URL"]) == f"https://stemme.example/nordby/moeder/{winter.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Copenhagen"

    (summer_event,) = events(ics.meeting_ics(summer))
    assert summer_event.decoded("dtstart").utcoffset() == dt.timedelta(hours=2)
    assert summer_event.decoded("dtstart").astimezone(CPH).hour == 16
    assert str(summer_event["SUMMARY"]) == "Udsatterådet Nordby: Fællesmøde"
    assert "Fællesmøde med Social- og Sundhedsudvalget" in str(summer_event["DESCRIPTION"])
    assert "URL" not in summer_event  # no site address known outside a request


def test_the_uid_is_stable_when_the_meeting_moves(council):
    from meetings.services import plan as services

    meeting = make_meeting(council, "2027-02-18")
    (before,) = events(ics.meeting_ics(meeting))
    services.meeting_update(meeting=meeting, starts_at=dt.datetime(2027, 2, 25, 10, tzinfo=CPH),
                            ends_at=dt.datetime(2027, 2, 25, 12, tzinfo=CPH))
    (after,) = events(ics.meeting_ics(meeting))
    assert before["UID"] == after["UID"]
    assert after.decoded("dtstart") == dt.datetime(2027, 2, 25, 10, tzinfo=CPH)


def test_a_non_public_meeting_links_to_the_internal_page_only_for_a_person(council, member):
    meeting = make_meeting(council, "2027-02-18", public=False)
    (anonymous,) = events(ics.meeting_ics(meeting, site="https://stemme.example"))
    assert "URL" not in anonymous
    assert str(anonymous["CLASS"]) == "PRIVATE"
    (personal,) = events(ics.meeting_ics(meeting, person=member.person, site="https://stemme.example"))
    assert str(personal["URL"]) == f"https://stemme.example/nordby/intern/moeder/{meeting.pk}/"


def test_site_address_comes_from_settings_outside_a_request(council, settings):
    settings.STEMME_BASE_URL = "https://raad.example.dk/"
    meeting = make_meeting(council, "2027-02-18")
    (event,) = events(ics.meeting_ics(meeting))
    assert str(event["URL"]) == f"https://raad.example.dk/nordby/moeder/{meeting.pk}/"


# --- The council's feed ---------------------------------------------------------------------

def test_council_feed_has_public_not_cancelled_meetings_only(council, other_council):
    shown = make_meeting(council, soon(10), title="Offentligt møde")
    recent = make_meeting(council, soon(-30), title="Holdt møde", status=MeetingStatus.MINUTES_PUBLISHED)
    make_meeting(council, soon(20), title="Lukket møde", public=False)
    make_meeting(council, soon(30), title="Aflyst møde", status=MeetingStatus.CANCELLED)
    make_meeting(council, soon(-400), title="Gammelt møde")
    make_meeting(other_council, soon(10), title="Sydbys møde")

    found = events(ics.council_feed(council))

    assert [str(e["SUMMARY"]) for e in found] == ["Udsatterådet Nordby: Holdt møde",
                                                  "Udsatterådet Nordby: Offentligt møde"]
    assert {str(e["UID"]) for e in found} == {ics.meeting_uid(shown), ics.meeting_uid(recent)}


def test_public_feed_route(client, council):
    make_meeting(council, soon(10), title="Rådsmøde", location="Rådhuset")
    make_meeting(council, soon(12), title="Hemmeligt", public=False)

    response = client.get("/nordby/moeder.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response  # a feed to subscribe to, not a download
    (event,) = events(response.content)
    assert str(event["SUMMARY"]) == "Udsatterådet Nordby: Rådsmøde"
    assert str(event["URL"]).startswith("http://testserver/nordby/moeder/")


def test_public_single_meeting_file(client, council):
    meeting = make_meeting(council, "2027-02-18")
    hidden = make_meeting(council, "2027-02-19", public=False)

    response = client.get(f"/nordby/moeder/{meeting.pk}/moede.ics")
    assert response["Content-Disposition"] == 'attachment; filename="moede-2027-02-18.ics"'
    (event,) = events(response.content)
    assert str(event["UID"]) == ics.meeting_uid(meeting)
    assert client.get(f"/nordby/moeder/{hidden.pk}/moede.ics").status_code == 404


def test_council_feed_query_count_is_constant(client, council):
    for i in range(2):
        make_meeting(council, soon(5 + i))
    with CaptureQueriesContext(connection) as small:
        client.get("/nordby/moeder.ics")
    for i in range(20):
        make_meeting(council, soon(10 + i))
    with CaptureQueriesContext(connection) as large:
        client.get("/nordby/moeder.ics")
    assert len(small.captured_queries) == len(large.captured_queries)


# --- A person's feed ----------------------------------------------------------------------------

def test_person_feed_has_the_persons_meetings_public_or_not_and_marks_cancelled(council, other_council, member,
                                                                                add_member):
    term_end = dt.date(2029, 12, 31)
    make_meeting(council, soon(10), title="Rådsmøde")
    make_meeting(council, soon(20), title="Internt møde", public=False)
    make_meeting(council, soon(30), title="Aflyst møde", status=MeetingStatus.CANCELLED)
    make_meeting(council, term_end + dt.timedelta(days=30), title="Næste valgperiode")
    make_meeting(other_council, soon(10), title="Sydbys møde")

    found = events(ics.person_feed(member.person, site="https://stemme.example"))

    assert [str(e["SUMMARY"]) for e in found] == [
        "Udsatterådet Nordby: Rådsmøde", "Udsatterådet Nordby: Internt møde", "Udsatterådet Nordby: Aflyst møde"]
    assert [str(e["STATUS"]) for e in found] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert str(found[1]["URL"]).startswith("https://stemme.example/nordby/intern/moeder/")


def test_person_feed_stops_when_the_membership_ends(council, member):
    make_meeting(council, soon(10), title="Før udtræden")
    make_meeting(council, soon(60), title="Efter udtræden")
    council_services.membership_end(membership=member, end=soon(30), reason="withdrew")

    found = events(ics.person_feed(member.person))
    assert [str(e["SUMMARY"]) for e in found] == ["Udsatterådet Nordby: Før udtræden"]


def test_person_without_membership_gets_an_empty_feed(council):
    person = council_services.person_save(council=council, name="Uden Medlemskab", email="u@example.org")
    make_meeting(council, soon(10))
    assert events(ics.person_feed(person)) == []


def test_personal_feed_route_by_signed_token(client, council, member):
    make_meeting(council, soon(10), title="Internt møde", public=False)
    token = calendar_token(member.person_id)

    response = client.get(f"/nordby/kalender/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = events(response.content)
    assert str(event["SUMMARY"]) == "Udsatterådet Nordby: Internt møde"
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"] == "Udsatterådet Nordby – Mette Medlem"


def test_personal_feed_token_never_expires(client, council, member):
    """The address carries no timestamp: one made years ago is the same and still works, so a
    calendar subscribed once keeps working."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 5 * 365 * 24 * 3600):
        old_token = calendar_token(member.person_id)
    assert old_token == calendar_token(member.person_id)
    make_meeting(council, soon(10), title="Rådsmøde")

    response = client.get(f"/nordby/kalender/{old_token}.ics")

    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in events(response.content)] == ["Udsatterådet Nordby: Rådsmøde"]


@pytest.mark.parametrize("make_bad", [
    lambda token, pk: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
    lambda token, pk: signing.dumps(pk + 1, salt="stemme.personal-calendar")[:-2] + token[-2:],  # id swapped
    lambda token, pk: signing.dumps(pk, salt="stemme.afbud"),  # another purpose's signature
    lambda token, pk: signing.dumps("x", salt="stemme.personal-calendar"),  # not a person id
    lambda token, pk: "ikke-en-token",
])
def test_a_tampered_token_is_404(client, council, member, make_bad):
    make_meeting(council, soon(10), title="Internt møde", public=False)
    bad = make_bad(calendar_token(member.person_id), member.person_id)

    response = client.get(f"/nordby/kalender/{bad}.ics")

    assert response.status_code == 404
    assert "Internt møde" not in response.content.decode()


def test_another_councils_person_token_under_own_slug_is_404(client, council, other_council, add_member):
    theirs = add_member(other_council, "Sven Sydbo")
    make_meeting(other_council, soon(10), title="Sydbys interne møde", public=False)
    token = calendar_token(theirs.person_id)

    assert client.get(f"/nordby/kalender/{token}.ics").status_code == 404
    assert client.get(f"/sydby/kalender/{token}.ics").status_code == 200


def test_person_feed_query_count_is_constant(client, council, member):
    token = calendar_token(member.person_id)
    make_meeting(council, soon(5))
    with CaptureQueriesContext(connection) as small:
        client.get(f"/nordby/kalender/{token}.ics")
    for i in range(20):
        make_meeting(council, soon(10 + i), public=i % 2 == 0)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/nordby/kalender/{token}.ics")
    assert len(small.captured_queries) == len(large.captured_queries)
