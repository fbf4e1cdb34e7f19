"""Fixtures of the reports tests. ``busy_year`` is the year an annual report tells (see
``reports/tests/busy_year.py``), built through the real services.

* ``busy_year``: built for the test (a few seconds); the test may change anything.
* ``shared_busy_year``: built once per test module inside a transaction that is rolled back when
  the module is done; each test runs in a savepoint inside it (pytest-django's ``db``), so it
  must only read – or change things it does not mind the next test seeing undone. For the
  read-only tests of the facts and the drafts."""

import pytest
from django.db import transaction

from reports.tests.busy_year import BusyYear, build_busy_year


@pytest.fixture
def busy_year(db) -> BusyYear:
    return build_busy_year(year=2025)


@pytest.fixture(scope="module")
def _module_busy_year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_busy_year(year=2025)
        transaction.set_rollback(True)


@pytest.fixture
def shared_busy_year(_module_busy_year, db) -> BusyYear:
    return _module_busy_year
