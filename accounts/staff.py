"""Who is staff: what ``accounts`` needs to know about municipalities and secretariats, provided by ``councils``.

Roles are derived from data, never stored on the user (as in ``core.permissions``):

* platform admin – ``user.is_superuser``
* municipality staff – the user is in a ``Municipality``'s staff (may create councils there; the
  municipality's login, ``accounts.oidc``, adds its people there)
* secretariat – a ``CouncilSecretary`` row in some council

``councils`` builds on ``accounts``, so ``accounts`` never imports it: ``CouncilsConfig.ready``
registers one :class:`StaffDirectory` here, as it registers the roster with ``core.roster``. Two
rules read it: staff who may not use a local password when ``STEMME_STAFF_PASSWORD_LOGIN`` is off
(``accounts.oidc``), and staff who need a second factor (TOTP) after one (``accounts.mfa``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

MUNICIPALITY = "municipality"
SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class StaffDirectory:
    #: ``staff_roles(user=)``: a subset of {MUNICIPALITY, SECRETARIAT}, in one query.
    staff_roles: Callable[..., frozenset[str]]
    #: ``municipality_staff_add(user=, slugs=)``: puts the user in the staff of the municipalities with
    #: these slugs; returns the slugs of those that exist (an empty list: none does).
    municipality_staff_add: Callable[..., list[str]]


_registered: list[StaffDirectory] = []


def register(directory: StaffDirectory) -> None:
    """Set the directory (``CouncilsConfig.ready``); a second call replaces the first."""
    _registered[:] = [directory]


def directory() -> StaffDirectory:
    if not _registered:
        raise ImproperlyConfigured("No staff directory is registered: is 'councils' in INSTALLED_APPS?")
    return _registered[0]


def staff_roles(user: Any) -> frozenset[str]:
    """The user's staff roles (not platform admin: that is ``is_superuser``), once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_stemme_staff_roles", None)
    if cached is None:
        cached = directory().staff_roles(user=user)
        user._stemme_staff_roles = cached
    return cached


def is_municipal_staff_or_admin(user: Any) -> bool:
    """Who ``STEMME_STAFF_PASSWORD_LOGIN=false`` sends to the municipality's login."""
    return bool(getattr(user, "is_superuser", False)) or MUNICIPALITY in staff_roles(user)


def needs_second_factor(user: Any) -> bool:
    """Who needs TOTP after a local password (``STEMME_REQUIRE_STAFF_TOTP``): platform admins, the
    secretariat of any council and municipality staff (who may create councils). Members never."""
    return bool(getattr(user, "is_superuser", False)) or bool(staff_roles(user))


def municipality_staff_add(*, user: Any, slugs: Iterable[str]) -> list[str]:
    return directory().municipality_staff_add(user=user, slugs=sorted(set(slugs)))
