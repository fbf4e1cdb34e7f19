"""The council's Atom and RSS feeds (docs/workflows/feeds-and-alerts.md): the items are the public
pages' (published minutes of public meetings, sent and published responses and comment letters,
published annual reports), newest first, dated when published, with absolute links; no name of a
person who did not consent; another council's items never appear; the feed links sit in the head
of every council page; the query count does not grow with the items."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from hearings.models import ConsultationStatus
from meetings.models import MeetingStatus
from public.selectors.feeds import feed_items
from public.tests.feeds_builders import at, minutes_meeting, public_event, response
from reports.tests.documents_builders import published_report

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, slug: str, topic: str) -> ET.Element:
    response = client.get(f"/{slug}/feeds/{topic}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[dict]:
    return [{"title": e.findtext(f"{ATOM}title"), "link": e.find(f"{ATOM}link").get("href"),
             "published": e.findtext(f"{ATOM}published"), "summary": e.findtext(f"{ATOM}summary")}
            for e in feed.findall(f"{ATOM}entry")]


def test_minutes_feed_lists_published_minutes_of_public_meetings_newest_first(client, council, other_council):
    older = minutes_meeting(council, title="Marts-mødet", day=dt.date(2026, 3, 3))
    newer = minutes_meeting(council, title="Maj-mødet", day=dt.date(2026, 5, 5))
    minutes_meeting(council, title="Lukket møde", public=False)
    minutes_meeting(council, title="Referat ikke offentliggjort", status=MeetingStatus.MINUTES_APPROVED)
    minutes_meeting(other_council, title="Sydbys møde")

    feed = atom(client, "nordby", "referater")
    found = entries(feed)

    assert [e["title"] for e in found] == ["Referat: Maj-mødet den 5. maj 2026",
                                           "Referat: Marts-mødet den 3. marts 2026"]
    assert found[0]["link"] == f"http://testserver/nordby/moeder/{newer.pk}/"
    assert found[1]["published"].startswith("2026-03-04")  # the day the minutes were published
    assert feed.findtext(f"{ATOM}title") == "Referater fra Udsatterådet Nordby"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/nordby/moeder/"
    assert older.pk != newer.pk


def test_responses_feed_has_sent_and_published_responses_only(client, council):
    response(council, title="Ungestrategi", sent_at=at(dt.date(2026, 3, 12)))
    response(council, title="Hemmeligt udkast", status=ConsultationStatus.DRAFTING)
    response(council, title="Ikke offentliggjort", published=False)

    found = entries(atom(client, "nordby", "hoeringssvar"))

    assert [e["title"] for e in found] == ["Høringssvar: Ungestrategi"]
    assert "sendt den 12. marts 2026" in found[0]["summary"]


def test_reports_feed_lists_the_published_report(client, council, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report, _version = published_report(council, year=2025)

    found = entries(atom(client, "nordby", "aarsberetninger"))

    assert [e["link"] for e in found] == ["http://testserver/nordby/aarsberetninger/2025/"]
    assert found[0]["title"] == report.title


def test_no_name_without_consent_in_titles(client, council, add_member):
    add_member(council, "Erik Skjult", publish=False)
    add_member(council, "Anne Åben", publish=True)
    minutes_meeting(council, title="Møde hos Erik Skjult og Anne Åben")
    response(council, title="Svar skrevet af Erik Skjult")

    text = (client.get("/nordby/feeds/referater.xml").content.decode()
            + client.get("/nordby/feeds/hoeringssvar.rss").content.decode())

    assert "Erik Skjult" not in text and "Skjult" not in text
    assert "Anne Åben" in text and "et medlem" in text


def test_rss_has_the_same_items(client, council):
    minutes_meeting(council, title="Marts-mødet")

    rss = ET.fromstring(client.get("/nordby/feeds/referater.rss").content)

    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Referat: Marts-mødet den 3. marts 2026"]
    assert items[0].findtext("pubDate").startswith("Wed, 04 Mar 2026")


def test_unknown_topic_and_unknown_council_are_404(client, council):
    assert client.head("/nordby/feeds/referater.xml").status_code == 200   # feed readers check with HEAD
    assert client.post("/nordby/feeds/referater.xml").status_code == 405
    assert client.get("/nordby/feeds/hemmeligt.xml").status_code == 404
    assert client.get("/findesikke/feeds/referater.xml").status_code == 404


def test_feed_links_in_the_head_of_council_pages_only(client, council):
    html = client.get(reverse("public:meetings", args=["nordby"])).content.decode()
    head = html[:html.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml" title="Referater fra Udsatterådet Nordby" ' \
           'href="/nordby/feeds/referater.xml">' in head
    assert 'href="/nordby/feeds/hoeringssvar.xml"' in head
    landing = client.get("/").content.decode()
    assert "application/atom+xml" not in landing[:landing.index("</head>")]


def test_feed_items_since_and_until_are_the_publishing_window(council):
    minutes_meeting(council, title="A", day=dt.date(2026, 3, 3))   # published 4 March
    minutes_meeting(council, title="B", day=dt.date(2026, 5, 5))   # published 6 May

    titles = [i.title for i in feed_items(council=council, topic="minutes", since=at(dt.date(2026, 3, 4), 11),
                                          until=at(dt.date(2026, 5, 6), 10))]

    assert titles == ["Referat: B den 5. maj 2026"]


@pytest.mark.parametrize("topic", ["referater", "hoeringssvar"])
def test_feed_query_count_does_not_grow(client, council, add_member, django_assert_max_num_queries, topic):
    add_member(council, "Erik Skjult", publish=False)
    for n in range(12):
        minutes_meeting(council, title=f"Møde {n}", day=dt.date(2026, 3, 1) + dt.timedelta(days=n))
        response(council, title=f"Svar {n}", sent_at=at(dt.date(2026, 3, 1) + dt.timedelta(days=n)))
    with django_assert_max_num_queries(9):
        assert client.get(f"/nordby/feeds/{topic}.xml").status_code == 200


def test_events_feed_lists_upcoming_public_events_dated_when_made_public(client, council, add_member):
    from activities.services.events import event_update

    add_member(council, "Erik Skjult", publish=False)
    public_event(council, title="Borgermøde med Erik Skjult")
    hidden = public_event(council, title="Internt seminar", is_public=False)
    public_event(council, title="Sidste års møde", day=dt.date(2025, 5, 1))  # past: no news
    assert [i.title.split(" den ")[0] for i in feed_items(council=council, topic="events")] == [
        "Borgermøde med et medlem"]
    before = feed_items(council=council, topic="events")[0].published
    event_update(event=hidden, is_public=True)

    found = entries(atom(client, "nordby", "arrangementer"))

    assert len(found) == 2 and "Skjult" not in str(found)
    assert found[0]["title"].startswith("Internt seminar den ")   # made public last: newest
    assert found[0]["published"] > before.isoformat()[:19]
    assert "Borgermøde" in found[1]["summary"] and "Medborgerhuset" in found[1]["summary"]
