"""The search interface on the database this run uses (CI runs both): Danish stemming, ranking,
filters and facets, audiences and permissions, tenancy, escaping and queries that never raise.
A test source ("note") is registered for the module, so core is tested without the apps above it."""

import datetime as dt

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.search import SearchEntry, register_source, reindex, schedule_reindex, search
from core.search.models import Audience, SearchDocument
from core.search.registry import _SOURCES

pytestmark = pytest.mark.django_db
NOTES: dict[int, list[SearchEntry]] = {}


def _notes(*, council):
    return NOTES.get(council.pk, [])


@pytest.fixture(autouse=True)
def note_source():
    register_source("note", "Noter", _notes, internal_permission="meetings.view")
    register_source("memo", "Notater", _notes)
    yield
    _SOURCES.pop("note"), _SOURCES.pop("memo")
    NOTES.clear()


def index(council, *entries, kind="note"):
    NOTES[council.pk] = list(entries)
    reindex(council=council, kinds=[kind])


def entry(pk, title, body="", *, audience=Audience.PUBLIC, day=dt.date(2026, 3, 1)):
    return SearchEntry(object_id=pk, title=title, body=body, url=f"/n/{pk}/", date=day, audience=audience)


@pytest.fixture
def council(make_council):
    return make_council("nordby")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend (FTS5)")
def test_sqlite_stems_danish_words_both_ways(council):
    index(council, entry(1, "Rådets høringssvar"), entry(2, "Alle høringssvarene er sendt"))
    assert {h.url for h in search("høringssvarene", councils=[council]).hits} == {"/n/1/", "/n/2/"}
    assert {h.url for h in search("høringssvar", councils=[council]).hits} == {"/n/1/", "/n/2/"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend (tsvector, GIN)")
def test_postgres_stems_danish_words_both_ways(council):
    index(council, entry(1, "Rådets høringssvar"), entry(2, "Alle høringssvarene er sendt"))
    assert {h.url for h in search("høringssvarene", councils=[council]).hits} == {"/n/1/", "/n/2/"}
    assert {h.url for h in search("høringssvar", councils=[council]).hits} == {"/n/1/", "/n/2/"}
    with connection.cursor() as cursor:  # the GIN index the migration made
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'core_searchdocument_search_vector'")
        assert "gin" in cursor.fetchone()[0].lower()


def test_title_matches_rank_first_and_every_word_is_required(council):
    index(council, entry(1, "Referat", "Der blev talt om bostøtte og om budget"),
          entry(2, "Bostøtte til unge", "Budget for bostøtte"), entry(3, "Budget", "Ikke andet"))
    assert [h.url for h in search("bostøtte", councils=[council]).hits] == ["/n/2/", "/n/1/"]
    assert [h.url for h in search("bostøtte unge", councils=[council]).hits] == ["/n/2/"]


def test_filters_facets_and_paging(council):
    index(council, *[entry(n, f"Budget {n}", day=dt.date(2024 + n % 2, 1, 1)) for n in range(1, 6)])
    NOTES[council.pk] = [entry(9, "Budget notat")]
    reindex(council=council, kinds=["memo"])
    everything = search("budget", councils=[council])
    assert everything.total == 6
    assert {(f.value, f.count) for f in everything.kinds} == {("note", 5), ("memo", 1)}
    assert {(f.value, f.count) for f in everything.years} == {(2025, 3), (2024, 2), (2026, 1)}
    notes_2025 = search("budget", councils=[council], kinds=["note"], year=2025)
    assert notes_2025.total == 3 and {h.kind for h in notes_2025.hits} == {"note"}
    assert {(f.value, f.count) for f in notes_2025.kinds} == {("note", 3)}  # the kinds within 2025
    assert {(f.value, f.count) for f in notes_2025.years} == {(2025, 3), (2024, 2)}  # the years of notes
    page_two = search("budget", councils=[council], limit=4, offset=4)
    assert page_two.total == 6 and len(page_two.hits) == 2


def test_internal_documents_need_the_permission_in_that_council(council, make_council, make_user, add_member):
    other = make_council("sydby")
    secretary, outsider = make_user("sek@nordby.dk"), make_user("sek@sydby.dk")
    from councils import services

    services.council_secretary_add(council=council, user=secretary)
    services.council_secretary_add(council=other, user=outsider)
    index(council, entry(1, "Lukket punkt om huslejesag", audience=Audience.INTERNAL),
          entry(1, "Punkt om en cykelsti"))
    index(other, entry(2, "Sydbys huslejesag", audience=Audience.INTERNAL))

    assert search("huslejesag", councils=[council]).total == 0                       # the public
    assert search("huslejesag", councils=None).total == 0                            # every council, public
    inside = search("huslejesag", councils=[council], audience=Audience.INTERNAL, user=secretary)
    assert [h.url for h in inside.hits] == ["/n/1/"] and inside.hits[0].internal
    # Sydby's secretary searching Nordby sees Nordby's public documents only, never its internal ones
    # nor Sydby's own in a search of Nordby.
    assert search("huslejesag", councils=[council], audience=Audience.INTERNAL, user=outsider).total == 0
    assert search("cykelsti", councils=[council], audience=Audience.INTERNAL, user=outsider).total == 1
    # The secretariat sees the internal version instead of the public one, not both.
    assert search("punkt", councils=[council], audience=Audience.INTERNAL, user=secretary).total == 1


def test_titles_and_snippets_are_escaped(council):
    index(council, entry(1, "<script>alert(1)</script> budget", "<img src=x onerror=alert(1)> budget"))
    hit = search("budget", councils=[council]).hits[0]
    assert "<script>" not in hit.title and "&lt;script&gt;" in hit.title and "<mark>budget</mark>" in hit.title
    assert "<img" not in hit.snippet and "&lt;img" in hit.snippet


def test_empty_and_too_short_queries_search_nothing(council):
    index(council, entry(1, "Budget"))
    for query in ("", " ", "b", "og i", "-budget"):
        assert search(query, councils=[council]).searched is False


def test_reindex_replaces_a_kind_and_keeps_the_others(council):
    index(council, entry(1, "Gammel titel"))
    NOTES[council.pk] = [entry(5, "Et notat")]
    reindex(council=council, kinds=["memo"])
    index(council, entry(1, "Ny titel"))
    assert search("gammel", councils=[council]).total == 0
    assert search("ny titel", councils=[council]).total == 1
    assert search("notat", councils=[council]).total == 1
    assert SearchDocument.objects.filter(council=council).count() == 2


def test_schedule_reindex_runs_once_after_the_commit(council, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr("core.search.indexing.reindex", lambda **kw: calls.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reindex(council, ["note"])
        schedule_reindex(council, ["memo"])
        schedule_reindex(council, ["note"])
        assert calls == []
    assert calls == [{"council": council, "kinds": {"note", "memo"}}]


def test_a_rolled_back_request_is_forgotten_and_swallows_no_later_one(council, django_capture_on_commit_callbacks,
                                                                      monkeypatch):
    calls = []
    monkeypatch.setattr("core.search.indexing.reindex", lambda **kw: calls.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            schedule_reindex(council, ["memo"])  # in a savepoint that is rolled back
            raise RuntimeError
        schedule_reindex(council, ["note"])
        with transaction.atomic():
            schedule_reindex(council, ["letter"])  # inside: joins the waiting one of the enclosing level
    assert calls == [{"council": council, "kinds": {"note", "letter"}}]


def test_a_query_keeps_its_query_count_whatever_the_size(council, django_assert_max_num_queries):
    index(council, *[entry(n, f"Budget {n}", "budget " * 50) for n in range(1, 60)])
    with django_assert_max_num_queries(4):
        results = search("budget", councils=[council])
    assert results.total == 59 and len(results.hits) == 20


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=120) | st.sampled_from(['"', '*', '(', ')', 'NEAR', ':', '^', 'a OR', '"a', '\x00',
                                                    'NOT', '-', '--x', 'title:x', 'AND AND', '!!', "'", '\\']))
def test_search_never_raises(council, query):
    if not SearchDocument.objects.exists():  # the examples share the test's transaction: index once
        index(council, entry(1, "Budget og bostøtte"))
    results = search(query, councils=[council])
    assert results.total >= 0


def test_a_broad_query_ranks_the_newest_candidates_and_says_more_than(council, monkeypatch,
                                                                       django_assert_max_num_queries):
    monkeypatch.setattr("core.search.query.CANDIDATES", 3)
    # Indexed in this order, so the ids (the candidates' order) rise: 1 is the oldest.
    index(council, entry(1, "Budget", "budget budget"), entry(2, "Referat", "budget"),
          entry(3, "Referat", "om budget"), entry(4, "Budget for året", "budget"), entry(5, "Referat", "budget"))
    with django_assert_max_num_queries(3):
        broad = search("budget", councils=[council])
    assert broad.capped and broad.facets_capped and broad.total == 3
    assert {(f.value, f.count) for f in broad.kinds} == {("note", 3)}
    # The best of the three newest matches first (its title matches); the oldest is left out.
    assert broad.hits[0].url == "/n/4/" and {h.url for h in broad.hits} == {"/n/3/", "/n/4/", "/n/5/"}
    narrow = search("budget året", councils=[council])
    assert not narrow.capped and narrow.total == 1


def test_a_filter_with_the_cap_still_finds_an_older_document_of_its_kind_and_year(council, monkeypatch,
                                                                                 django_assert_max_num_queries):
    monkeypatch.setattr("core.search.query.CANDIDATES", 3)
    NOTES[council.pk] = [entry(9, "Gammelt budgetnotat", "budget", day=dt.date(2019, 5, 1))]
    reindex(council=council, kinds=["memo"])  # indexed first: older than every note below
    index(council, *[entry(n, f"Budget {n}") for n in range(1, 6)])
    broad = search("budget", councils=[council])
    assert broad.capped and "memo" not in {f.value for f in broad.kinds}  # not among the newest three
    with django_assert_max_num_queries(4):
        memos = search("budget", councils=[council], kinds=["memo"])
    assert not memos.capped and memos.total == 1 and [h.url for h in memos.hits] == ["/n/9/"]
    old = search("budget", councils=[council], year=2019)
    assert not old.capped and [h.url for h in old.hits] == ["/n/9/"]
    notes = search("budget", councils=[council], kinds=["note"])
    assert notes.capped and notes.total == 3 and len(notes.hits) == 3
