"""Cacheable public pages (issue 14, core.publiccache): an anonymous GET sets no cookie and says
``Cache-Control: public``; Django's cache answers a repeated GET with ``X-Stemme-Cache: hit``, an
ETag and 304 on ``If-None-Match``; a publish (the council's public generation, bumped on commit)
renews the cached pages at once."""

import datetime as dt
import gzip
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import publiccache
from councils.models import Council
from public.tests.test_disclosure_crawler import HIDDEN, SHOWN, seeded  # noqa: F401 - the rich council

FORM_TOKEN = 'name="csrfmiddlewaretoken"'


@pytest.fixture
def committed(seeded):  # noqa: F811
    """The rich council as if its building had committed: the commit callbacks its services left
    waiting (bumps, reindexes) run now, so the test's own commits start from a clean list."""
    while connection.run_on_commit:  # a callback may ask for another (a reindex bumps again)
        pending = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _savepoints, callback, _robust in pending:
            callback()
    return seeded


def first_meeting(council) -> str:
    """The address of the council's first meeting (held, minutes published)."""
    from meetings.models import Meeting

    return f"/nordby/moeder/{Meeting.objects.filter(council=council).order_by('starts_at').first().pk}/"


def generation(council) -> int:
    return Council.objects.values_list("public_generation", flat=True).get(pk=council.pk)


def public_urls(client) -> list[str]:
    """Every address in the sitemap, plus the front page, each council's feeds and the searches."""
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    feeds = [f"/nordby/feeds/{topic}.{ext}" for topic in ("referater", "hoeringssvar", "aarsberetninger",
                                                          "arrangementer") for ext in ("xml", "rss")]
    return ["/", "/sitemap.xml", *urls, *feeds, "/nordby/moeder.ics", "/nordby/arrangementer.ics",
            "/soeg/?q=budget", "/nordby/soeg/?q=budget"]


# --- No cookie, truthful headers -----------------------------------------------------------------

def test_no_anonymous_public_page_sets_a_cookie(client, seeded):  # noqa: F811
    """Every public page in the sitemap, the feeds and the searches, fetched anonymously: no
    ``Set-Cookie`` at all, and ``Cache-Control: public``. The only exception is a page with a form
    anyone may send (ideas, write to the council, event sign-up, recruitment call): it needs the
    CSRF cookie and then says ``private``; no page ever starts a session."""
    urls = public_urls(client)
    assert len(urls) > 30 and first_meeting(seeded) in urls
    with_form = []
    for url in urls:
        client.cookies.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if FORM_TOKEN in body.decode(errors="replace"):
            with_form.append(url)
            assert set(response.cookies) == {"csrftoken"}, (url, response.cookies)
            assert "private" in response["Cache-Control"], url
            continue
        assert not response.cookies, (url, response.cookies)
        assert "Set-Cookie" not in str(response.serialize_headers()), url
        assert re.fullmatch(r"public, max-age=\d+", response["Cache-Control"]), (url, response["Cache-Control"])
        assert "Cookie" in response.get("Vary", ""), url
    assert set(with_form) <= {"/nordby/ideer/", "/nordby/skriv/"} | {u for u in urls if "/arrangementer/" in u
                                                                      or "/opslag/" in u}
    assert "/nordby/ideer/" in with_form


def test_headers_of_an_anonymous_and_a_logged_in_page(client, seeded, public_cache):  # noqa: F811
    meeting_url = first_meeting(seeded)
    anonymous = client.get(meeting_url)
    assert anonymous["Cache-Control"] == "public, max-age=60"
    assert anonymous["X-Stemme-Cache"] == "miss" and anonymous["ETag"].startswith('W/"')
    assert not anonymous.cookies and "hx-headers" not in anonymous.content.decode()

    client.force_login(_secretary(seeded))
    logged_in = client.get(meeting_url)
    assert logged_in.status_code == 200
    assert "private" in logged_in["Cache-Control"] and "no-store" in logged_in["Cache-Control"]
    assert "public" not in logged_in["Cache-Control"]
    assert "X-Stemme-Cache" not in logged_in and "ETag" not in logged_in
    assert "hx-headers" in logged_in.content.decode()  # the htmx CSRF header, for the logged-in only


def _secretary(council):
    from accounts.models import User

    return User.objects.get(email="sek@nordby.dk")


# --- The cache ------------------------------------------------------------------------------------

def test_a_repeated_get_is_a_hit_with_etag_and_304(client, seeded, public_cache):  # noqa: F811
    meeting_url = first_meeting(seeded)
    first = client.get(meeting_url)
    second = client.get(meeting_url)
    assert (first["X-Stemme-Cache"], second["X-Stemme-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert second["Content-Type"] == first["Content-Type"] and second["Content-Language"] == "da"
    assert second["Cache-Control"] == "public, max-age=60" and "Content-Security-Policy" in second
    assert not second.cookies

    with CaptureQueriesContext(connection) as queries:
        client.get(meeting_url)
    assert len(queries) == 1  # the council's public generation, nothing else

    not_modified = client.get(meeting_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not not_modified.content
    assert not_modified["ETag"] == first["ETag"]

    zipped = client.get(meeting_url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == first.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(first.content) / 2


def test_the_cache_is_keyed_by_language_and_query(client, seeded, public_cache):  # noqa: F811
    danish = client.get("/nordby/moeder/")
    client.cookies["django_language"] = "en"
    english = client.get("/nordby/moeder/")
    assert english["X-Stemme-Cache"] == "miss" and '<html lang="en">' in english.content.decode()
    assert danish.content != english.content
    assert client.get("/nordby/soeg/?q=budget")["X-Stemme-Cache"] == "miss"
    assert client.get("/nordby/soeg/?q=bolig")["X-Stemme-Cache"] == "miss"
    assert client.get("/nordby/soeg/?q=budget")["X-Stemme-Cache"] == "hit"


def test_what_is_never_served_from_the_cache(client, seeded, public_cache):  # noqa: F811
    meeting_url = first_meeting(seeded)
    client.get(meeting_url)
    # A visitor with a session (logged in) or a waiting message, and an htmx request: fresh.
    client.cookies["sessionid"] = "x"
    assert "X-Stemme-Cache" not in client.get(meeting_url)
    del client.cookies["sessionid"]
    client.cookies["messages"] = "x"
    assert "X-Stemme-Cache" not in client.get(meeting_url)
    del client.cookies["messages"]
    assert "X-Stemme-Cache" not in client.get(meeting_url, HTTP_HX_REQUEST="true")
    # A page with a form (CSRF cookie) is rendered for each visitor.
    ideas = [client.get("/nordby/ideer/") for _ in range(2)]
    assert "X-Stemme-Cache" not in ideas[1] and ideas[1].cookies
    # Internal pages and unknown councils are not looked up.
    assert "X-Stemme-Cache" not in client.get("/nordby/intern/")
    assert "X-Stemme-Cache" not in client.get("/ingen-saadan/")
    assert "X-Stemme-Cache" not in client.get("/healthz")


def test_a_publish_renews_the_cached_pages_at_once(client, seeded, committed, public_cache,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    """Consent withdrawn: the name leaves the cached minutes page with the commit."""
    meeting_url = first_meeting(seeded)
    from councils.models import Person
    from councils.services import person_save

    assert SHOWN["member"] in client.get(meeting_url).content.decode()
    assert client.get(meeting_url)["X-Stemme-Cache"] == "hit"
    before = generation(seeded)
    with django_capture_on_commit_callbacks(execute=True):
        person_save(council=seeded, instance=Person.objects.get(council=seeded, name=SHOWN["member"]),
                    publish_name=False)
    assert generation(seeded) > before
    after = client.get(meeting_url)
    assert after["X-Stemme-Cache"] == "miss"
    assert SHOWN["member"] not in after.content.decode()
    assert HIDDEN["member"] not in after.content.decode()


def test_publishing_minutes_shows_on_the_cached_page(client, seeded, committed, public_cache,  # noqa: F811
                                                     django_capture_on_commit_callbacks):
    from meetings.models import Meeting
    from meetings.selectors import minutes as minutes_selectors
    from meetings.services import minutes as minutes_services

    meeting = Meeting.objects.filter(council=seeded).order_by("starts_at").last()  # the next, agenda out
    url = f"/nordby/moeder/{meeting.pk}/"
    assert f"/nordby/moeder/{meeting.pk}/referat.pdf" not in _main(client.get(url))
    assert client.get(url)["X-Stemme-Cache"] == "hit"
    secretary = _secretary(seeded)
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3),
                                                     ends_at=timezone.now() - dt.timedelta(hours=1))
        meeting.refresh_from_db()
        for attendance in meeting.attendances.all():
            minutes_services.attendance_record(meeting=meeting, person=attendance.person, status="present",
                                               actor=secretary)
        minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)
        minutes_services.minutes_request_written_approval(meeting=meeting, actor=secretary)
        for person in minutes_selectors.written_approvers(meeting=meeting):
            minutes_services.minutes_approve_in_writing(meeting=meeting, person=person, actor=secretary)
        minutes_services.minutes_publish(meeting=meeting, actor=secretary)
    page = client.get(url)
    assert page["X-Stemme-Cache"] == "miss"
    assert f"/nordby/moeder/{meeting.pk}/referat.pdf" in page.content.decode()


def _main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


# --- bump ------------------------------------------------------------------------------------------

def test_bump_is_one_update_after_the_commit_however_often_asked(make_council,
                                                                 django_capture_on_commit_callbacks):
    a, b = make_council("aby"), make_council("bby")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        publiccache.bump(a)
        publiccache.bump(a)
        publiccache.bump(b.pk)
        assert generation(a) == 0  # not before the commit
    assert len(callbacks) == 1
    assert (generation(a), generation(b)) == (1, 1)


def test_a_rolled_back_bump_is_forgotten(make_council, django_capture_on_commit_callbacks):
    a = make_council("aby")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                publiccache.bump(a)
                raise RuntimeError
        except RuntimeError:
            pass
        with transaction.atomic():
            publiccache.bump(a)
    assert generation(a) == 1


def test_schedule_reindex_bumps(make_council, django_capture_on_commit_callbacks):
    from core.search import schedule_reindex

    a = make_council("aby")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reindex(a, ["response"])
    assert generation(a) == 2  # with the commit, and again once the index is new


@pytest.mark.parametrize("path,scope", [
    ("/", ""), ("/sitemap.xml", ""), ("/soeg/", ""), ("/tilgaengelighed/", ""), ("/nordby/", "nordby"),
    ("/nordby/moeder/1/", "nordby"), ("/nordby/intern/", None), ("/konto/", None), ("/l/abc/", None),
    ("/k/123/", None), ("/afbud/x/", None), ("/sms/status/", None), ("/django-admin/", None),
    ("/raad/nyt/", None), ("/nordby/kalender/x.ics", None), ("/nordby/abonner/", None),
    ("/nordby/arrangementer/afmeld/x/", None), ("/nordby/arrangementer/3/tak/x/", None), ("/i18n/sprog/en/", None),
])
def test_public_scope(rf, path, scope):
    assert publiccache.public_scope(rf.get(path)) == scope
    assert publiccache.public_scope(rf.post(path)) is None
