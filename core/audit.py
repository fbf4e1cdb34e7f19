"""Audit trail: every service that writes calls ``audit(...)``."""

import datetime as dt
import decimal
from typing import Any

from django.db import models

from core.models import AuditEvent
from core.publiccache import bump_content

# Fields whose values never go into the log as such.
_MASKED = {"password", "lived_experience"}


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` (foreign keys as ids), sensitive ones masked."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        data[field.attname] = "***" if field.name in _MASKED else _jsonable(value)
    return data


def audit(*, action: str, actor: Any = None, council: Any = None, obj: models.Model | None = None,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    """``actor`` is the acting ``accounts.User`` (an anonymous or missing one is not recorded) and
    ``council`` the ``councils.Council``; core sits below both apps, so it does not name their types.
    An audited write to a council renews its cached fragments when it commits (``core.fragments``)."""
    bump_content(council if council is not None else getattr(obj, "council_id", None))
    if after is None and obj is not None:
        after = snapshot(obj)
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        council=council,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before or {},
        after=after or {},
    )
