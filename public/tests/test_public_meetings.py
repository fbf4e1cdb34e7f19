"""The public meeting pages (no login): the meeting plan, a meeting with its agenda once it is
sent and its decisions once the minutes are published. Non-public and cancelled meetings are
not found; closed items follow their switches; another council's meeting is a 404; the number
of queries does not grow with the number of meetings or items."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import MeetingStatus
from meetings.tests.plan_builders import make_item, make_meeting


def main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def soon(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# --- The plan ----------------------------------------------------------------------------------

def test_plan_lists_upcoming_and_past_public_meetings(client, council, other_council):
    upcoming = make_meeting(council, soon(10), title="Næste rådsmøde", location="Rådhuset")
    later = make_meeting(council, soon(40), status=MeetingStatus.AGENDA_PUBLISHED)
    past = make_meeting(council, soon(-30), title="Forårets møde", status=MeetingStatus.MINUTES_PUBLISHED)
    older = make_meeting(council, soon(-90), title="Vintermødet", status=MeetingStatus.HELD)
    make_meeting(council, soon(15), title="Internt seminar", public=False)
    make_meeting(council, soon(20), title="Aflyst møde", status=MeetingStatus.CANCELLED)
    make_meeting(other_council, soon(10), title="Sydbys møde")

    response = client.get("/nordby/moeder/")

    assert response.status_code == 200
    body = main(response)
    upcoming_list = body[body.index('data-testid="upcoming-meetings"'):body.index('id="past-heading"')]
    past_list = body[body.index('data-testid="past-meetings"'):]
    assert re.findall(r'href="/nordby/moeder/(\d+)/"', upcoming_list) == [str(upcoming.pk), str(later.pk)]
    assert re.findall(r'href="/nordby/moeder/(\d+)/"', past_list) == [str(past.pk), str(older.pk)]
    assert "Næste rådsmøde" in upcoming_list and "Rådhuset" in upcoming_list
    assert "Dagsordenen er klar" in upcoming_list
    assert "Forårets møde</a> <span class=\"stemme-meta\">– referat" in past_list
    assert "Vintermødet</a> <span class=\"stemme-meta\">– dagsorden, referatet er ikke offentliggjort" in past_list
    for hidden in ("Internt seminar", "Aflyst møde", "Sydbys møde"):
        assert hidden not in body
    assert 'href="/nordby/moeder.ics"' in body
    assert ('<a class="nav-link" href="/nordby/moeder/" aria-current="page"><span>Dagsordener og referater</span></a>'
            in response.content.decode())


def test_empty_plan_says_so(client, council):
    body = main(client.get("/nordby/moeder/"))
    assert "Der er ingen kommende møder i mødeplanen lige nu." in body
    assert "Der er ingen tidligere møder endnu." in body


def test_plan_query_count_is_constant_as_meetings_grow(client, council):
    make_meeting(council, soon(5))
    make_meeting(council, soon(-5), status=MeetingStatus.MINUTES_PUBLISHED)
    with CaptureQueriesContext(connection) as small:
        client.get("/nordby/moeder/")
    statuses = [None, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED,
                MeetingStatus.CANCELLED]
    for i in range(30):
        make_meeting(council, soon(-200 + i * 14), status=statuses[i % 5], public=i % 4 != 0,
                     kind="joint" if i % 3 == 0 else "ordinary", joint_with="Handicaprådet")
    with CaptureQueriesContext(connection) as large:
        client.get("/nordby/moeder/")
    assert len(small.captured_queries) == len(large.captured_queries), "\n".join(
        q["sql"] for q in large.captured_queries)


# --- One meeting ------------------------------------------------------------------------------------

@pytest.fixture
def agenda(council):
    """A meeting with an open decision item, a closed item whose title may be published (with
    and without its decision) and a closed item that stays entirely closed."""
    meeting = make_meeting(council, soon(-7), location="Rådhuset", status=MeetingStatus.AGENDA_PUBLISHED)
    items = {
        "open": make_item(meeting, "Socialt frikort – idékatalog", position=1, case_text="Rådet drøfter idéerne.",
                          recommendation="Det indstilles, at kataloget godkendes.",
                          decision="Kataloget blev godkendt.", dissent="Et medlem ønskede flere idéer."),
        "closed_title": make_item(meeting, "Henvendelse fra en borger", position=2, closed=True,
                                  publish_title=True, publish_decision=False, case_text="Fortrolige detaljer.",
                                  decision="Hemmelig beslutning."),
        "closed_decision": make_item(meeting, "Aftale med leverandør", position=3, closed=True,
                                     publish_title=True, publish_decision=True, case_text="Fortroligt tilbud.",
                                     decision="Aftalen blev indgået."),
        "closed_all": make_item(meeting, "Personsag der ikke hører hjemme her", position=4, closed=True,
                                publish_title=False, decision="Skjult beslutning."),
        "any_other": make_item(meeting, "Eventuelt", position=5, kind="information"),
    }
    return meeting, items


def test_a_planned_meeting_shows_no_agenda_yet(client, council):
    meeting = make_meeting(council, soon(10))
    make_item(meeting, "Hemmeligt udkast til punkt")

    body = main(client.get(f"/nordby/moeder/{meeting.pk}/"))

    assert "Hemmeligt udkast til punkt" not in body
    assert "Dagsordenen offentliggøres her, når den er sendt ud" in body
    assert f'href="/nordby/moeder/{meeting.pk}/moede.ics"' in body


def test_published_agenda_shows_open_items_and_closed_titles_but_no_decisions(client, council, agenda):
    meeting, items = agenda

    body = main(client.get(f"/nordby/moeder/{meeting.pk}/"))

    assert "<h2>Dagsorden</h2>" in body
    titles = re.findall(r'<h3 class="h4">([^<]+)', body)
    assert [t.strip() for t in titles] == ["1. Socialt frikort – idékatalog", "2. Henvendelse fra en borger",
                                           "3. Aftale med leverandør", "5. Eventuelt"]
    assert "Rådet drøfter idéerne." in body and "Det indstilles, at kataloget godkendes." in body
    assert body.count("Lukket punkt") == 2
    for secret in ("Fortrolige detaljer.", "Fortroligt tilbud.", "Personsag", "Skjult beslutning"):
        assert secret not in body
    # The minutes are not published: no decision at all yet.
    for decision in ("Kataloget blev godkendt.", "Hemmelig beslutning.", "Aftalen blev indgået."):
        assert decision not in body
    assert "Referatet offentliggøres her, når det er godkendt." in body


def test_published_minutes_show_decisions_by_the_switches(client, council, agenda):
    meeting, items = agenda
    meeting.status = MeetingStatus.MINUTES_PUBLISHED
    meeting.minutes_intro = "Velkommen til rådets gæst fra boligforeningen."
    meeting.save(update_fields=["status", "minutes_intro"])

    body = main(client.get(f"/nordby/moeder/{meeting.pk}/"))

    assert "<h2>Referat</h2>" in body
    assert "Velkommen til rådets gæst fra boligforeningen." in body
    start, end = f'data-item="{items["open"].pk}"', f'data-item="{items["closed_title"].pk}"'
    open_item = body[body.index(start):body.index(end)]
    assert "Kataloget blev godkendt." in open_item and "Et medlem ønskede flere idéer." in open_item
    assert "Aftalen blev indgået." in body  # closed, but its decision may be published
    assert "Hemmelig beslutning." not in body
    assert "Skjult beslutning." not in body and "Personsag" not in body
    assert "Fortroligt tilbud." not in body
    assert body.count('data-testid="decision"') == 2


def test_page_shows_what_items_for_meeting_returns(client, council, agenda):
    """The page is a view of the agenda part's public selector: the same items in the same order."""
    from meetings.selectors.agenda import items_for_meeting

    meeting, _items = agenda
    expected = [item.pk for item in items_for_meeting(meeting=meeting, public=True)]

    body = main(client.get(f"/nordby/moeder/{meeting.pk}/"))

    assert [int(pk) for pk in re.findall(r'data-item="(\d+)"', body)] == expected


@pytest.mark.parametrize("kind", ["non_public", "cancelled", "other_council", "missing"])
def test_hidden_meetings_are_not_found(client, council, other_council, kind):
    meeting = {
        "non_public": lambda: make_meeting(council, soon(5), public=False, status=MeetingStatus.MINUTES_PUBLISHED),
        "cancelled": lambda: make_meeting(council, soon(5), status=MeetingStatus.CANCELLED),
        "other_council": lambda: make_meeting(other_council, soon(5), status=MeetingStatus.MINUTES_PUBLISHED),
        "missing": lambda: type("Missing", (), {"pk": 999999})(),
    }[kind]()

    for path in (f"/nordby/moeder/{meeting.pk}/", f"/nordby/moeder/{meeting.pk}/moede.ics"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Siden findes ikke" in response.content.decode()


def test_meeting_page_query_count_is_constant_as_items_grow(client, council, agenda):
    meeting, _items = agenda
    meeting.status = MeetingStatus.MINUTES_PUBLISHED
    meeting.save(update_fields=["status"])
    with CaptureQueriesContext(connection) as small:
        client.get(f"/nordby/moeder/{meeting.pk}/")
    for i in range(20):
        make_item(meeting, f"Punkt {i}", closed=i % 3 == 0, publish_title=i % 2 == 0, publish_decision=i % 4 == 0,
                  decision=f"Beslutning {i}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"/nordby/moeder/{meeting.pk}/")
    assert "Punkt 19" in main(response)
    assert len(small.captured_queries) == len(large.captured_queries)


# --- Sitemap -----------------------------------------------------------------------------------

def test_sitemap_lists_public_meetings_of_active_councils(client, council, other_council):
    shown = make_meeting(council, soon(5))
    hidden = make_meeting(council, soon(6), public=False)
    cancelled = make_meeting(council, soon(7), status=MeetingStatus.CANCELLED)
    inactive = make_meeting(other_council, soon(5))
    other_council.is_active = False
    other_council.save(update_fields=["is_active"])

    body = client.get("/sitemap.xml").content.decode()

    assert f"/nordby/moeder/{shown.pk}/</loc>" in body
    assert "/nordby/moeder/</loc>" in body
    for meeting in (hidden, cancelled):
        assert f"/nordby/moeder/{meeting.pk}/</loc>" not in body
    assert f"/sydby/moeder/{inactive.pk}/</loc>" not in body


def test_attachments_of_open_items_are_linked_and_served_publicly(client, council, agenda, settings, tmp_path):
    from django.core.files.base import ContentFile

    from meetings.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    meeting, items = agenda
    pdf = b"%PDF-1.4\n%%EOF\n"

    def attach(item, name):
        att = Attachment(council=council, item=item, name=name, content_type="application/pdf", size=len(pdf))
        att.file.save(name, ContentFile(pdf), save=True)
        return att

    open_att = attach(items["open"], "idekatalog.pdf")
    closed_att = attach(items["closed_decision"], "tilbud.pdf")

    body = main(client.get(f"/nordby/moeder/{meeting.pk}/"))

    link = f"/nordby/moeder/{meeting.pk}/bilag/{open_att.pk}/"
    assert f'<a href="{link}">idekatalog.pdf</a>' in body
    assert "tilbud.pdf" not in body
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert client.get(f"/nordby/moeder/{meeting.pk}/bilag/{closed_att.pk}/").status_code == 404
