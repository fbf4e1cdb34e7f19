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
