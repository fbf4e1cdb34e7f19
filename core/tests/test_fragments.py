"""The content generation and the cached fragments (core.fragments, issue 14): every audited write of a
council bumps its content generation once per transaction when it commits (in the same waiting UPDATE as
the public generation), a rolled-back one never; saving a council never writes an older generation back;
the {% fragment %} tag stores HTML under the generation, renders its deferred context only on a miss and
puts each request's CSRF token in place of the placeholder."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone

from core import fragments, publiccache
from core.audit import audit
from councils.models import Council

pytestmark = pytest.mark.django_db


def generations(council) -> tuple[int, int]:
    return Council.objects.values_list("public_generation", "content_generation").get(pk=council.pk)


def _flush():
    """Run the bumps the fixtures' writes left waiting (a test's transaction never commits)."""
    from django.db import connection

    for entry in connection.run_on_commit:
        if isinstance(entry[1], publiccache._Bump) and not entry[1].done:
            entry[1]()


def test_an_audited_write_bumps_the_content_generation_once_on_commit(make_council,
                                                                      django_capture_on_commit_callbacks):
    a, b = make_council("aby"), make_council("bby")
    _flush()
    (pa, ca), (pb, cb) = generations(a), generations(b)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        audit(action="test.one", council=a)
        audit(action="test.two", council=a)
        audit(action="test.three", council=b)
        assert generations(a) == (pa, ca)  # not before the commit
    assert len(callbacks) == 1
    assert generations(a) == (pa, ca + 1) and generations(b) == (pb, cb + 1)  # the public one stays


def test_a_public_bump_also_renews_the_content(make_council, django_capture_on_commit_callbacks):
    a = make_council("aby")
    _flush()
    before = generations(a)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit(action="test.one", council=a)
        publiccache.bump(a)
    assert generations(a) == (before[0] + 1, before[1] + 1)


def test_a_rolled_back_write_bumps_nothing(make_council, django_capture_on_commit_callbacks):
    a = make_council("aby")
    _flush()
    before = generations(a)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        audit(action="test.one", council=a)
        raise RuntimeError
    assert generations(a) == before


def test_an_audit_of_a_council_row_without_council_bumps_its_council(make_council, add_member,
                                                                      django_capture_on_commit_callbacks):
    a = make_council("aby")
    person = add_member(a, "Jens Jensen").person
    _flush()
    before = generations(a)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit(action="test.person", obj=person)
    assert generations(a)[1] == before[1] + 1


def test_saving_a_council_never_writes_an_older_generation_back(make_council):
    a = make_council("aby")
    stale = Council.objects.get(pk=a.pk)
    Council.objects.filter(pk=a.pk).update(content_generation=41, public_generation=7)
    stale.name = "Åby Udsatteråd"
    stale.save()
    fresh = Council.objects.get(pk=a.pk)
    assert (fresh.name, fresh.public_generation, fresh.content_generation) == ("Åby Udsatteråd", 7, 41)


# --- The tag ---------------------------------------------------------------------------------------

TEMPLATE = Template('{% load fragments %}<p>{% fragment council "t" key context=data %}{{ n }}:{{ value }}'
                    '<input name="csrfmiddlewaretoken" value="{{ csrf_token }}">{% csrf_token %}{% endfragment %}</p>')


def _render(council, value, token="tok1", key="k"):
    calls = []

    def data():
        calls.append(1)
        return {"value": value}

    html = TEMPLATE.render(Context({"council": council, "key": key, "n": 1, "csrf_token": token,
                                    "data": fragments.Deferred(data)}))
    return html, len(calls)


def test_the_tag_stores_under_the_generation_and_puts_in_each_token(make_council, fragment_cache):
    a = make_council("aby")
    a.refresh_from_db()
    first, computed = _render(a, "gammel")
    assert computed == 1 and "1:gammel" in first and first.count("tok1") == 2
    second, computed = _render(a, "ny", token="tok2")  # a hit: the deferred context is not computed
    assert computed == 0 and "1:gammel" in second and second.count("tok2") == 2 and "tok1" not in second
    assert _render(a, "ny", key="andet")[1] == 1  # another key
    a.content_generation += 1  # as read by the next request after a write
    third, computed = _render(a, "ny")
    assert computed == 1 and "1:ny" in third
    assert fragments.CSRF_PLACEHOLDER not in first + second + third


def test_the_tag_renders_uncached_when_the_cache_is_off(make_council, settings):
    settings.STEMME_FRAGMENT_CACHE = False
    a = make_council("aby")
    assert _render(a, "x")[1] == 1 and _render(a, "y") == (_render(a, "y")[0], 1)
    assert not [k for k in cache._cache if "stemme-fragment" in k]  # noqa: SLF001 - locmem's store


def test_a_fragment_is_kept_no_longer_than_its_until(make_council, fragment_cache):
    a = make_council("aby")
    soon, later = fragments.Until(), fragments.Until()
    soon.note(timezone.now() + dt.timedelta(milliseconds=300))
    later.note(timezone.now() + dt.timedelta(hours=1))
    later.note(None)
    fragments.put(a, "soon", html="x", until=soon)
    fragments.put(a, "later", html="y", until=later)
    assert fragments.get(a, "soon") is None and fragments.get(a, "later") == "y"
