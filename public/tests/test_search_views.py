"""The search pages (public/views/search.py) on top of core.search: the public never finds a closed
item or a name without consent, the council's people find the internal text, a consent change is
reflected at once, other councils' internal documents stay out, and the pages keep their query
budget."""

import datetime as dt
import re

import pytest

from core.search import reindex, search
from public.tests.search_builders import published_meeting, searchable_council

pytestmark = pytest.mark.django_db
DAY_EVENT = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _no_pdfs(monkeypatch):
    """Publishing keeps the public PDFs (WeasyPrint, seconds each); the index does not need them."""
    monkeypatch.setattr("meetings.documents.keep_public_pdf", lambda meeting, kind: None)


@pytest.fixture
def world(make_council, add_member, make_user, django_capture_on_commit_callbacks):
    council, people, secretary = searchable_council(make_council, add_member, make_user)
    with django_capture_on_commit_callbacks(execute=True):  # the publishing service's hook fills the index
        meeting = published_meeting(council, secretary)
    return council, people, secretary, meeting


def main(response) -> str:
    body = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", body[body.index("<main"):body.index("</main>")]).split())


def test_the_public_never_finds_a_closed_item_or_a_name_without_consent(client, world):
    council, _people, secretary, meeting = world
    for query in ("zebrafinke", "zebrafinken", "fortrolige oplysninger", "Erik Skjult", "Skjult"):
        assert search(query, councils=[council]).total == 0, query
        assert search(query, councils=None).total == 0, query
        page = client.get(f"/nordby/soeg/?q={query}")
        assert page.status_code == 200 and "0 resultater" in main(page)
    found = search("vaskeribussen", councils=[council])
    assert found.total == 1
    assert "Anne Åben" in found.hits[0].snippet and "et medlem" in found.hits[0].snippet
    assert found.hits[0].url == f"/nordby/moeder/{meeting.pk}/#punkt-1"
    # The secretariat's internal search finds the closed item and the name.
    client.force_login(secretary)
    inside = main(client.get("/nordby/intern/soeg/?q=zebrafinke"))
    assert "1 resultat for “zebrafinke”" in inside and "Personsag om zebrafinke" in inside
    assert "Erik Skjult" in main(client.get("/nordby/intern/soeg/?q=vaskeribussen"))


def test_a_withdrawn_consent_takes_the_name_out_of_the_public_index(world, django_capture_on_commit_callbacks):
    from councils.services import person_save

    council, people, secretary, _meeting = world
    assert search("Anne Åben", councils=[council]).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        person_save(council=council, instance=people["Anne Åben"], publish_name=False, actor=secretary)
    assert search("Anne Åben", councils=[council]).total == 0
    assert search("Åben", councils=[council]).total == 0


def test_another_councils_people_never_see_its_internal_documents(client, world, make_council, make_user):
    council, _people, _secretary, _meeting = world
    outsider = make_user("sek@sydby.dk")
    make_council("sydby", secretary=outsider)
    client.force_login(outsider)
    assert client.get("/nordby/intern/soeg/?q=zebrafinke").status_code == 403
    assert "0 resultater" in main(client.get("/sydby/intern/soeg/?q=zebrafinke"))
    assert "0 resultater" in main(client.get("/soeg/?q=zebrafinke"))
    client.logout()
    assert client.get("/nordby/intern/soeg/?q=zebrafinke").status_code == 302  # to the login


def test_the_page_explains_an_empty_or_too_short_query(client, world):
    assert "Skriv et eller flere ord" in main(client.get("/nordby/soeg/?q="))
    assert "Skriv mindst 2 tegn." in main(client.get("/nordby/soeg/?q=x"))
    assert "mere præcist ord" in main(client.get("/nordby/soeg/?q=og+i"))
    assert "data-testid=\"search-count\"" not in client.get("/nordby/soeg/").content.decode()


def test_results_filters_and_the_count_across_councils(client, world, make_council, make_user, add_member,
                                                       django_capture_on_commit_callbacks):
    other, _people, other_secretary = searchable_council(make_council, add_member, make_user, slug="sydby")
    with django_capture_on_commit_callbacks(execute=True):
        published_meeting(other, other_secretary, title="Sydbys møde")
    page = client.get("/nordby/soeg/?q=vaskeribus")
    body, html = main(page), page.content.decode()
    assert "1 resultat for “vaskeribus”" in body and "<mark>Vaskeribussen</mark>" in html
    assert 'href="?q=vaskeribus&amp;type=meeting"' in html and 'href="?q=vaskeribus&amp;aar=2026"' in html
    assert "0 resultater" in main(client.get("/nordby/soeg/?q=vaskeribus&type=report"))
    everywhere = main(client.get("/soeg/?q=vaskeribus"))
    assert "2 resultater" in everywhere and "Udsatterådet sydby" in everywhere and "Udsatterådet nordby" in everywhere


def test_the_search_page_keeps_its_query_count_as_the_index_grows(client, world, django_assert_max_num_queries,
                                                                  django_capture_on_commit_callbacks):
    council, _people, secretary, _meeting = world
    with django_assert_max_num_queries(12) as small:
        client.get("/nordby/soeg/?q=vaskeribussen")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            published_meeting(council, secretary, title=f"Møde {n}")
    reindex(council=council)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/nordby/soeg/?q=vaskeribussen")
    assert "7 resultater" in main(page)


def test_a_public_event_is_found_once_it_is_public(world, django_capture_on_commit_callbacks):
    from activities.services.events import event_create, event_update
    from public.tests.search_builders import at

    council, _people, secretary, _meeting = world
    with django_capture_on_commit_callbacks(execute=True):
        event = event_create(council=council, actor=secretary, kind="citizens", own=True, title="Borgermøde om bænke",
                             starts_at=at(DAY_EVENT), ends_at=at(DAY_EVENT, 18), place="Biblioteket")
    assert search("bænke", councils=[council]).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, actor=secretary, is_public=True)
    hits = search("bænkene", councils=[council]).hits
    assert [(h.kind, h.url) for h in hits] == [("event", f"/nordby/arrangementer/{event.pk}/")]


def test_a_query_with_more_matches_than_the_cap_says_more_than(client, world, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    council, _people, secretary, _meeting = world
    monkeypatch.setattr("core.search.query.CANDIDATES", 1)
    page = main(client.get("/nordby/soeg/?q=vaskeribus"))
    assert "1 resultat for “vaskeribus”" in page and "Mere end" not in page  # exactly the cap: not "more"
    with django_capture_on_commit_callbacks(execute=True):
        published_meeting(council, secretary, title="Ekstra møde")
    body = main(client.get("/nordby/soeg/?q=vaskeribus"))
    assert "Mere end 1 resultater for “vaskeribus”" in body and "Tallene gælder de 1 nyeste" in body
