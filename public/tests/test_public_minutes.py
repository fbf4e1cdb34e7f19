"""The public minutes (docs/workflows/meeting-cycle.md, step 8): attendance by name only with
consent and otherwise by role, decisions, action items with their owners through the disclosure
policy, links to the public PDFs of the agenda and the minutes, which exist only once each is
public and are listed in the sitemap; the page's query count stays flat as people, items and
action items grow; the public calendar feeds replace names in meeting titles; the members page
counts the unnamed and never lists a nominee."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import AttendanceStatus, MeetingStatus
from public.tests.crawler import pdf_text

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 7)


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def board(make_council, add_member, make_user):
    return make_board(make_council, add_member, make_user)


def make_board(make_council, add_member, make_user):
    """A council with a chair who did not consent, Anne (consent), Erik and Hanne (no consent)."""
    from councils.services import position_assign

    secretary = make_user("sek@nordby.dk")
    council = make_council("nordby", secretary=secretary)
    people = {name: add_member(council, name, publish=publish, seat=seat).person for name, publish, seat in [
        ("Finn Formand", False, "Borgere med erfaring som socialt udsat"),
        ("Anne Åben", True, "Borgere med erfaring som socialt udsat"),
        ("Erik Skjult", False, "Borgere med erfaring som socialt udsat"),
        ("Hanne Hemmelig", False, "Sagkyndige"),
    ]}
    position_assign(council=council, person=people["Finn Formand"], kind="chair", start=dt.date(2026, 2, 1))
    return council, people, secretary


def held_meeting(council, people, secretary, *, title="Rådsmøde", extra_items=0, extra_actions=0):
    """A meeting through the services: agenda sent, everyone present but Hanne (afbud), a decision
    naming Erik, an action item owned by Erik and Anne; optionally more items and action items."""
    from meetings.services import agenda as agenda_services
    from meetings.services import minutes as minutes_services
    from meetings.services import plan as plan_services

    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(DAY), ends_at=at(DAY, 18),
                                           title=title, location="Rådhuset", actor=secretary)
    item = agenda_services.item_create(meeting=meeting, title="Socialt frikort", actor=secretary)
    items = [item] + [agenda_services.item_create(meeting=meeting, title=f"Punkt {n}", actor=secretary)
                      for n in range(extra_items)]
    agenda_services.agenda_publish(meeting=meeting, actor=secretary,
                                  now=meeting.starts_at - dt.timedelta(days=10))  # sent in time
    for person in people.values():
        status = AttendanceStatus.AFBUD if person.name == "Hanne Hemmelig" else AttendanceStatus.PRESENT
        minutes_services.attendance_record(meeting=meeting, person=person, status=status, actor=secretary)
    minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)
    for n, one in enumerate(items):
        minutes_services.item_minutes_save(item=one, decision=f"Erik Skjult fremlagde punkt {n}.", dissent="",
                                           expected_version=0, actor=secretary)
    minutes_services.action_item_create(meeting=meeting, item=item, title="Skrive til udvalget",
                                        owners=[people["Erik Skjult"], people["Anne Åben"]], due=dt.date(2026, 5, 1),
                                        actor=secretary)
    for n in range(extra_actions):
        minutes_services.action_item_create(meeting=meeting, item=items[n % len(items)], title=f"Opgave {n}",
                                            owners=list(people.values()), due=None, actor=secretary)
    return meeting


def publish(meeting, secretary):
    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_PUBLISHED,
                                                 minutes_approved_at=timezone.now(),
                                                 minutes_published_at=timezone.now())
    meeting.refresh_from_db()
    return meeting


def main(response) -> str:
    import re

    body = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", body[body.index("<main"):body.index("</main>")]).split())


def test_public_minutes_show_attendance_decisions_and_action_items_through_the_policy(client, board):
    council, people, secretary = board
    meeting = publish(held_meeting(council, people, secretary), secretary)

    response = client.get(f"/nordby/moeder/{meeting.pk}/")
    body, html = main(response), response.content.decode()

    assert "Deltagere Til stede Anne Åben, formanden og et medlem Afbud Et medlem" in body
    assert "Beslutning Erik Skjult fremlagde" not in body and "Beslutning Et medlem fremlagde punkt 0." in body
    assert "Skrive til udvalget Anne Åben og et medlem 01.05.2026 Åben" in body
    for hidden in ("Finn Formand", "Erik Skjult", "Hanne Hemmelig"):
        assert hidden not in html
    assert f'href="/nordby/moeder/{meeting.pk}/dagsorden.pdf"' in html
    assert f'href="/nordby/moeder/{meeting.pk}/referat.pdf"' in html

    minutes = client.get(f"/nordby/moeder/{meeting.pk}/referat.pdf")
    assert minutes.status_code == 200 and minutes["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(minutes.getvalue()).split())
    assert "Offentlig udgave" in text and "Anne Åben, formanden og et medlem" in text
    assert "Et medlem fremlagde punkt 0." in text and "Skrive til udvalget" in text
    assert "Erik Skjult" not in text and "Finn Formand" not in text and "Hanne Hemmelig" not in text
    agenda = " ".join(pdf_text(client.get(f"/nordby/moeder/{meeting.pk}/dagsorden.pdf").getvalue()).split())
    assert "Dagsorden" in agenda and "Socialt frikort" in agenda and "Finn Formand" not in agenda


def test_public_pdfs_exist_only_once_public_and_are_in_the_sitemap(client, board):
    from meetings.models import Meeting
    from meetings.services import plan as plan_services

    council, people, secretary = board
    planned = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(dt.date(2026, 6, 2)),
                                           ends_at=at(dt.date(2026, 6, 2), 18), actor=secretary)
    held = held_meeting(council, people, secretary)

    assert client.get(f"/nordby/moeder/{planned.pk}/dagsorden.pdf").status_code == 404
    assert client.get(f"/nordby/moeder/{held.pk}/dagsorden.pdf").status_code == 200
    assert client.get(f"/nordby/moeder/{held.pk}/referat.pdf").status_code == 404  # held, not published
    Meeting.objects.filter(pk=held.pk).update(public=False)
    assert client.get(f"/nordby/moeder/{held.pk}/dagsorden.pdf").status_code == 404
    Meeting.objects.filter(pk=held.pk).update(public=True)
    publish(held, secretary)

    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/nordby/moeder/{held.pk}/dagsorden.pdf</loc>" in sitemap
    assert f"/nordby/moeder/{held.pk}/referat.pdf</loc>" in sitemap
    assert f"/nordby/moeder/{planned.pk}/dagsorden.pdf</loc>" not in sitemap


def test_public_minutes_query_count_is_flat_as_people_and_actions_grow(client, board, add_member):
    council, people, secretary = board
    small = publish(held_meeting(council, people, secretary, title="Lille møde"), secretary)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/nordby/moeder/{small.pk}/")
    for n in range(8):
        person = add_member(council, f"Ny Person{n}", publish=n % 2 == 0, seat="Sagkyndige").person
        people[person.name] = person
    from meetings.models import Meeting

    Meeting.objects.filter(pk=small.pk).delete()
    large = publish(held_meeting(council, people, secretary, title="Stort møde", extra_items=6, extra_actions=10),
                    secretary)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/nordby/moeder/{large.pk}/")
    assert "Opgave 9" in main(response)
    assert len(few.captured_queries) == len(many.captured_queries), "\n".join(
        q["sql"] for q in many.captured_queries)


def test_calendar_feeds_replace_names_in_meeting_titles(client, board):
    council, people, secretary = board
    meeting = held_meeting(council, people, secretary, title="Afsked med Erik Skjult")

    feed = client.get("/nordby/moeder.ics").content.decode()
    one = client.get(f"/nordby/moeder/{meeting.pk}/moede.ics").content.decode()
    for body in (feed, one):
        assert "Afsked med et medlem" in body and "Skjult" not in body


def test_members_page_counts_the_unnamed_and_never_lists_a_nominee(client, board, add_member):
    from councils.selectors import public_members

    council, people, secretary = board
    nominee = add_member(council, "Nina Nomineret", publish=True, seat="Sagkyndige")
    nominee.status = "nominated"
    nominee.save(update_fields=["status"])

    assert [m.name for m in public_members(council=council, on=timezone.localdate())] == ["Anne Åben"]
    body = main(client.get("/nordby/medlemmer/"))
    assert "Anne Åben" in body and "Nina Nomineret" not in body and "Finn Formand" not in body
    assert "Desuden sidder formanden og 2 medlemmer i rådet uden navn på listen." in body


def test_members_page_shows_positions_only_when_the_rules_make_them_public(client, board):
    from councils.services import position_assign, rules_update

    council, people, secretary = board
    position_assign(council=council, person=people["Anne Åben"], kind="vice_chair", start=dt.date(2026, 2, 1))
    assert "Næstformand · Medlem" in main(client.get("/nordby/medlemmer/"))
    rules_update(council=council, actor=secretary, valid_from=dt.date(2026, 1, 1), publish_positions=False)
    body = main(client.get("/nordby/medlemmer/"))
    assert "Næstformand" not in body and "Desuden sidder 3 medlemmer i rådet" in body


def test_public_agenda_query_count_is_flat_as_items_grow(client, board):
    """Before the minutes are published the page shows the agenda: no query per item either."""
    from meetings.services import agenda as agenda_services
    from meetings.services import plan as plan_services

    council, people, secretary = board
    day = dt.date(2026, 6, 2)
    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(day), ends_at=at(day, 18),
                                           actor=secretary)
    agenda_services.item_create(meeting=meeting, title="Første punkt", responsible=people["Erik Skjult"],
                                actor=secretary)
    agenda_services.agenda_publish(meeting=meeting, actor=secretary,
                                  now=meeting.starts_at - dt.timedelta(days=10))  # sent in time
    with CaptureQueriesContext(connection) as few:
        client.get(f"/nordby/moeder/{meeting.pk}/")
    for n in range(10):
        agenda_services.item_create(meeting=meeting, title=f"Punkt {n}", responsible=people["Anne Åben"],
                                    case_text="Erik Skjult skriver.", closed=n % 3 == 0, actor=secretary)
    with CaptureQueriesContext(connection) as many:
        body = main(client.get(f"/nordby/moeder/{meeting.pk}/"))
    assert "Punkt 8" in body and "Ansvarlig: et medlem" in body and "Et medlem skriver." in body
    assert len(few.captured_queries) == len(many.captured_queries), "\n".join(
        q["sql"] for q in many.captured_queries)
