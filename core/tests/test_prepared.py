"""core.prepared: a fixed-shape query compiled once gives the rows its QuerySet gives, in one query."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from core.prepared import PreparedValues
from councils.models import Person, Position, PositionKind

pytestmark = pytest.mark.django_db


def _kinds(council, user, on):
    return (Position.objects.filter(Q(end__isnull=True) | Q(end__gte=on), council_id=council,
                                    person__user_id=user, start__lte=on).values_list("kind"))


def test_rows_are_those_of_the_queryset_for_every_argument(make_council, make_user, add_member):
    council, other = make_council(), make_council("andetraad")
    chair, member = make_user(), make_user()
    for name, user in (("Anna Formand", chair), ("Bo Medlem", member)):
        add_member(council, name, user=user, start=dt.date(2026, 1, 1))
    person = Person.objects.get(council=council, user=chair)
    Position.objects.create(council=council, person=person, kind=PositionKind.CHAIR,
                            start=dt.date(2026, 3, 1), end=dt.date(2026, 9, 30))
    prepared = PreparedValues(_kinds, council=int, user=int, on=dt.date)
    cases = [(c.pk, u.pk, on) for c in (council, other) for u in (chair, member)
             for on in (dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 1))]
    seen = set()
    for council_pk, user_pk, on in cases:
        expected = list(_kinds(council_pk, user_pk, on))
        with CaptureQueriesContext(connection) as queries:
            rows = prepared(council=council_pk, user=user_pk, on=on)
        assert rows == expected
        assert len(queries.captured_queries) == 1
        seen.add(bool(rows))
    assert seen == {True, False}  # the cases tell a chair from a non-chair
    assert prepared(council=council.pk, user=chair.pk, on=dt.date(2026, 6, 1)) == [(PositionKind.CHAIR,)]


def test_the_sql_is_compiled_once():
    built = []

    def build(council, user, on):
        built.append(on)
        return _kinds(council, user, on)

    prepared = PreparedValues(build, council=int, user=int, on=dt.date)
    for day in range(1, 4):
        prepared(council=1, user=1, on=dt.date(2026, 1, day))
    assert len(built) == 1


def test_an_argument_that_is_no_parameter_is_refused():
    # A list chooses the shape of the SQL (IN with as many placeholders): not a fixed-shape query.
    prepared = PreparedValues(lambda council: Position.objects.filter(council_id__in=[1, 2]).values_list("kind"),
                              council=int)
    with pytest.raises(ValueError, match="council"):
        prepared(council=1)


def test_wrong_arguments_are_refused():
    prepared = PreparedValues(_kinds, council=int, user=int, on=dt.date)
    with pytest.raises(TypeError):
        prepared(council=1, user=1)
    with pytest.raises(TypeError):
        prepared(council=1, user=1, on="2026-01-01")


# --- PreparedQuerySet: model instances ----------------------------------------------------------

def test_queryset_gives_the_instances_and_related_objects_of_the_queryset(make_council):
    from core.prepared import PreparedQuerySet
    from councils.models import Council

    council, other = make_council(), make_council("andetraad")
    build = lambda slug: Council.objects.select_related("municipality").filter(is_active=True, slug=slug)  # noqa: E731
    prepared = PreparedQuerySet(build, slug=str)
    for slug in ("testraad", "andetraad", "ingen"):
        expected = list(build(slug))
        with CaptureQueriesContext(connection) as queries:
            found = list(prepared(slug=slug))
            names = [c.municipality.name for c in found]  # select_related: no further query
        assert [c.pk for c in found] == [c.pk for c in expected]
        assert names == [c.municipality.name for c in expected]
        assert [c.name for c in found] == [c.name for c in expected]
        assert len(queries.captured_queries) == 1
    assert {c.pk for slug in ("testraad", "andetraad") for c in prepared(slug=slug)} == {council.pk, other.pk}


def test_chaining_on_a_prepared_queryset_compiles_as_usual(make_council):
    from core.prepared import PreparedQuerySet
    from councils.models import Council

    council = make_council()
    prepared = PreparedQuerySet(lambda slug: Council.objects.filter(slug=slug), slug=str)
    assert list(prepared(slug="testraad")) == [council]
    # A filter added afterwards is never left out of the SQL: the chained QuerySet is an ordinary one.
    assert list(prepared(slug="testraad").filter(is_active=False)) == []
    assert list(prepared(slug="testraad").filter(is_active=True)) == [council]
    assert prepared(slug="testraad").count() == 1
    assert prepared(slug="testraad").first() == council
    assert prepared(slug="testraad").exists()
    assert prepared(slug="testraad")[0] == council
    assert not prepared(slug="ingen").exists()


def test_council_and_meeting_lookups_are_404_for_another_council(make_council):
    import datetime as dt_

    from django.http import Http404
    from django.utils import timezone

    from councils.selectors import council_get_active
    from meetings.models import Meeting
    from meetings.selectors.common import meeting_get

    council, other = make_council(), make_council("andetraad")
    assert council_get_active(slug="testraad") == council
    with pytest.raises(Http404):
        council_get_active(slug="findes-ikke")
    start = timezone.now() + dt_.timedelta(days=3)
    meeting = Meeting.objects.create(council=council, starts_at=start, ends_at=start + dt_.timedelta(hours=2))
    found = meeting_get(council=council, pk=meeting.pk)
    assert found == meeting and found.council.municipality == council.municipality
    with pytest.raises(Http404):
        meeting_get(council=other, pk=meeting.pk)
