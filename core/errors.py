"""The one application error type. Services raise it with a translated, user-facing message;
views turn it into a form error or a message, and the middleware into an error page.

The conventions of a service's signature live here too, beside the error they raise:

- Every argument is keyword-only.
- ``council: Council`` is the council the call is about.
- ``actor: User | None`` is the user performing the action (recorded in the audit log, as
  ``created_by``/``updated_by`` on the row, as the sender of a message). It is always called
  ``actor``, whatever the action: never ``created_by=``, ``saved_by=``, ``sent_by=`` … ``None``
  is a system action (the demo seed, a command, the outbox worker).
- A selector that reads on behalf of someone takes ``user: User``, the viewer; a selector never
  takes an ``actor``. A parameter that names a person the action is *about* (the ``owner`` of a
  theme, the ``chair`` elected, the ``person`` signed up) keeps its own name.
- A model is validated with ``full_clean_or_raise`` (never a bare ``full_clean``), so a broken
  rule reaches the user as an ApplicationError on its field, not as a ValidationError.
- Concurrent edits of one text are kept apart by ``update_versioned``; the loser raises
  ``EditConflict``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db.models import F

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from django import forms
    from django.db import models
    from django_stubs_ext import StrOrPromise

_Value = TypeVar("_Value")


class ApplicationError(Exception):
    def __init__(self, message: StrOrPromise, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def add_to_form(self, form: forms.BaseForm) -> None:
        field = self.field if self.field in getattr(form, "fields", {}) else None
        form.add_error(field, ValidationError(self.message, code=self.code))


class EditConflict(ApplicationError):
    """Someone else saved the same text after this user opened it. Carries both versions, so
    the page can show them side by side and nothing is lost: ``obj`` (what was edited, as
    stored now), ``stored`` and ``submitted`` (the values by name, e.g. ``{"text": …}``),
    ``stored_version`` (the version to send with the merged text) and ``stored_by`` (who saved
    it, when known)."""

    def __init__(self, message: StrOrPromise, *, obj: models.Model, stored: Mapping[str, Any],
                 submitted: Mapping[str, Any], stored_version: int, stored_by: Any = None,
                 field: str | None = None) -> None:
        super().__init__(message, field=field, code="conflict")
        self.obj = obj
        self.stored = dict(stored)
        self.submitted = dict(submitted)
        self.stored_version = stored_version
        self.stored_by = stored_by


def update_versioned(queryset: models.QuerySet[Any], *, version_field: str, expected_version: int,
                     **values: Any) -> bool:
    """Write ``values`` to the rows of ``queryset`` (one row) if nobody saved them since
    ``expected_version``, and count the version up. The check and the write are one conditional
    ``UPDATE … WHERE <version_field> = <expected_version>``, so two people saving at the same
    moment cannot both win. False for the loser, who raises ``EditConflict``."""
    return bool(queryset.filter(**{version_field: expected_version}).update(
        **values, **{version_field: F(version_field) + 1}))


def validate_field(model: type[models.Model] | models.Model, field: str, value: _Value) -> _Value:
    """Run a model field's validators (the CPR guard, the length) on a value before it is
    stored, turning a failure into an ApplicationError on that field."""
    try:
        cast("models.Field[Any, Any]", model._meta.get_field(field)).run_validators(value)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field=field) from None
    return value


def full_clean_or_raise(instance: models.Model, *, exclude: Collection[str] | None = None, validate_unique: bool = True,
                        validate_constraints: bool = True, field_map: Mapping[str, str] | None = None) -> None:
    """``instance.full_clean(…)``, with a failure turned into an ApplicationError: the messages
    of the first field in error, on that field (``field_map`` renames a model field to the form
    field that shows it), or without a field for an error of the whole object. The code is the
    first error's (``cpr`` for the CPR guard)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique,
                            validate_constraints=validate_constraints)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            name, errors = next(iter(error.error_dict.items()))
            name = (field_map or {}).get(name, name)
            messages = [m for e in errors for m in e.messages]
            code = getattr(errors[0], "code", None)
            field = None if name == "__all__" else name
        else:
            messages, code, field = error.messages, getattr(error, "code", None), None
        raise ApplicationError(" ".join(messages), field=field, code=code or "invalid") from None


def is_database_unavailable(error: BaseException | None) -> bool:
    """True for an error that means the database cannot be reached or used right now (stopped,
    unreachable, no free connection in the pool, an SQLite file that cannot be opened): Django's
    ``OperationalError`` and ``InterfaceError``, and the same errors of the driver when they
    escape Django's wrapping (a pool timeout raised outside a query). Pages answer 503 for these
    (core.views.database_unavailable), not 500."""
    from django.db import InterfaceError, OperationalError

    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - PostgreSQL's driver is a dependency
        return False
    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError))
