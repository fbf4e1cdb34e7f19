"""A helper for the apps' constraint tests (``<app>/tests/test_constraints.py``): the database
constraints are the last line behind the services, so each test writes past the services and
expects the database to refuse."""

import pytest
from django.db import IntegrityError, transaction


def refused(constraint: str, write) -> None:
    """``write()`` fails with an IntegrityError inside a savepoint (the test goes on). A check
    constraint is named in the error on SQLite and PostgreSQL; for a unique constraint SQLite
    names the columns instead, so only the error is checked."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    if not constraint.startswith("unique_"):
        assert constraint in str(caught.value)
