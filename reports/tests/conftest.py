"""Fixtures of the reports tests. ``busy_year`` is the year an annual report tells (see
``reports/tests/busy_year.py``): built through the real services in about three seconds, once
per test (the database rolls back after each test, so a wider scope would not keep it)."""

import pytest

from reports.tests.busy_year import BusyYear, build_busy_year


@pytest.fixture
def busy_year(db) -> BusyYear:
    return build_busy_year(year=2025)
