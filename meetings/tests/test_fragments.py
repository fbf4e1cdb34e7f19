"""The cached fragments of the main meeting pages (core.fragments, issue 14): the member's start page, the
agenda read page (/l/<token>/), the meeting page, the agenda builder and the public minutes page.

For each page: the HTML with the fragment cache on (the miss that stores, then the hit) is byte-identical to
the HTML with it off (the CSRF token aside, which differs per request by design), the hit runs fewer queries,
and a write through a service shows on the very next request (the audit bumps the council's content
generation when the transaction commits). The forms inside a cached fragment carry the requesting user's
own token and are accepted."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.tests.pages import html_without_csrf
from councils.models import Council
from meetings.models import MeetingStatus
from meetings.selectors.reading import reading_token
from meetings.services import agenda as agenda_services
from meetings.services import attendance as attendance_services
from meetings.services import plan as plan_services
from meetings.tests.agenda_builders import make_meeting, set_status

pytestmark = pytest.mark.django_db

_html = html_without_csrf


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def _same_with_and_without_cache(client, url, settings):
    """The page with the cache off, then on (miss, hit): the same HTML. Returns it."""
    settings.STEMME_FRAGMENT_CACHE = False
    fresh = _html(client.get(url))
    settings.STEMME_FRAGMENT_CACHE = True
    stored = _html(client.get(url))
    served = _html(client.get(url))
    assert fresh == stored == served
    return served


def _committed(capture, write):
    """Run ``write`` in a transaction and run its commit callbacks (the content generation's bump).
    The bumps the fixtures' writes left waiting (a test's transaction never commits) run first, so the
    write's own audit registers a bump of its own instead of joining one that never runs."""
    from django.db import transaction

    _flush()
    with capture(execute=True), transaction.atomic():
        return write()


def _flush():
    from django.db import connection

    from core.publiccache import _Bump

    for entry in connection.run_on_commit:
        if isinstance(entry[1], _Bump) and not entry[1].done:
            entry[1]()


def _generation(council) -> int:
    return Council.objects.values_list("content_generation", flat=True).get(pk=council.pk)


# --- The agenda builder and the meeting page (secretariat) ---------------------------------------

def test_agenda_builder_fragment(council, meeting, secretary_client, settings, django_capture_on_commit_callbacks):
    url = reverse("meetings:agenda", args=[council.slug, meeting.pk])
    html = _same_with_and_without_cache(secretary_client, url, settings)
    assert "Henvendelse om en konkret bolig" in html and 'value="<stemme-csrf-token>"' not in html
    hit = _queries(secretary_client, url)
    settings.STEMME_FRAGMENT_CACHE = False
    miss = _queries(secretary_client, url)
    settings.STEMME_FRAGMENT_CACHE = True
    assert hit < miss

    _flush()
    before = _generation(council)
    _committed(django_capture_on_commit_callbacks,
               lambda: agenda_services.item_create(meeting=meeting, title="Nyt punkt om varmestuen"))
    assert _generation(council) == before + 1
    assert "Nyt punkt om varmestuen" in _html(secretary_client.get(url))
    # And a hit again afterwards, with the new item.
    assert "Nyt punkt om varmestuen" in _same_with_and_without_cache(secretary_client, url, settings)


def test_the_token_in_a_cached_fragment_is_each_users_own(council, meeting, secretary, settings):
    settings.STEMME_FRAGMENT_CACHE = True
    url = reverse("meetings:agenda", args=[council.slug, meeting.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(secretary)
    second.force_login(secretary)
    first.get(url)  # stores the fragment
    page = second.get(url).content.decode()  # served from it
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert token != "<stemme-csrf-token>"
    item = meeting.items.order_by("position").first()
    move = reverse("meetings:item_move", args=[council.slug, meeting.pk, item.pk])
    assert second.post(move, {"direction": "down", "csrfmiddlewaretoken": token}).status_code == 302
    assert first.post(move, {"direction": "down", "csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_meeting_page_fragment(council, meeting, secretary_client, settings, django_capture_on_commit_callbacks):
    url = reverse("meetings:meeting", args=[council.slug, meeting.pk])
    assert "Rådhuset, mødelokale 2" in _same_with_and_without_cache(secretary_client, url, settings)
    _committed(django_capture_on_commit_callbacks,
               lambda: plan_services.meeting_update(meeting=meeting, location="Biblioteket, salen"))
    assert "Biblioteket, salen" in _html(secretary_client.get(url))


def test_a_rolled_back_write_leaves_the_fragments(council, meeting, secretary_client, settings,
                                                  django_capture_on_commit_callbacks):
    from django.db import transaction

    settings.STEMME_FRAGMENT_CACHE = True
    _flush()
    before = _generation(council)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            agenda_services.item_create(meeting=meeting, title="Aldrig gemt")
            raise RuntimeError
    assert _generation(council) == before


# --- The reading link and the start page (a member) ----------------------------------------------

def test_reading_page_fragment(council, meeting, invited, roster, settings, django_capture_on_commit_callbacks):
    attendance = meeting.attendances.get(person=roster["anna"].person)
    url = reverse("reading", args=[reading_token(attendance)])
    client = Client()
    html = _same_with_and_without_cache(client, url, settings)
    assert "Henvendelse om en konkret bolig" in html  # a member is entitled to the closed item
    _committed(django_capture_on_commit_callbacks,
               lambda: agenda_services.item_create(meeting=meeting, title="Tillæg om vinterhjælp"))
    assert "Tillæg om vinterhjælp" in _html(client.get(url))


def test_start_page_fragment(council, meeting, invited, roster, anna_user, settings,
                             django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(anna_user)
    url = reverse("councils:dashboard", args=[council.slug])
    html = _same_with_and_without_cache(client, url, settings)
    assert "Jeg kommer" in html
    attendance = meeting.attendances.get(person=roster["anna"].person)
    _committed(django_capture_on_commit_callbacks,
               lambda: attendance_services.attendance_confirm(attendance=attendance))
    html = _html(client.get(url))
    assert "Du har sagt, at du kommer. Tak." in html and "Jeg kommer</button>" not in html


def test_start_page_is_kept_no_longer_than_the_meeting_is_ahead(council, roster, anna_user, settings):
    """The next meeting begins in a minute: the start page's fragment is kept at most until then."""
    import datetime as dt

    from django.core.cache import cache
    from django.utils import timezone

    settings.STEMME_FRAGMENT_CACHE = True
    soon = timezone.now() + dt.timedelta(seconds=60)
    plan_services.meeting_create(council=council, kind="ordinary", starts_at=soon, ends_at=soon + dt.timedelta(hours=2),
                                 location="Rådhuset")
    client = Client()
    client.force_login(anna_user)
    cache.clear()
    assert "Rådhuset" in _html(client.get(reverse("councils:dashboard", args=[council.slug])))
    [key] = [k for k in cache._cache if ":stemme-fragment:start:" in k]  # noqa: SLF001 - locmem's store
    assert cache._expire_info[key] <= soon.timestamp()  # noqa: SLF001


# --- The public minutes ---------------------------------------------------------------------------

def test_public_minutes_fragment(council, roster, settings, django_capture_on_commit_callbacks):
    held = make_meeting(council, "2026-01-15")
    agenda_services.item_create(meeting=held, title="Status på varmestuen")
    set_status(held, MeetingStatus.MINUTES_PUBLISHED)
    url = reverse("public:meeting", args=[council.slug, held.pk])
    client = Client()
    html = _same_with_and_without_cache(client, url, settings)
    assert "Status på varmestuen" in html
    _committed(django_capture_on_commit_callbacks,
               lambda: plan_services.meeting_update(meeting=held, location="Kulturhuset"))
    assert "Kulturhuset" in _html(client.get(url))
