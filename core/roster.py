"""What core needs to know about councils and their people, provided by ``councils``.

``councils`` builds on core, so core never imports it. The tenancy (which council a URL names),
the permission policy (which roles a user holds), the disclosure policy (who may be named) and
the start page (the user's councils) still need a few reads of the roster. ``councils``
registers them here in ``CouncilsConfig.ready`` as one :class:`RosterSource`, and core asks
:func:`source` for them when a request needs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from core.disclosure import CouncilFacts
    from core.permissions import Role


@dataclass(frozen=True)
class RosterSource:
    #: ``council_get_active(slug=)``: the active council with this slug, else ``Http404``.
    council_get_active: Callable[..., Any]
    #: ``roles_from_roster(user=, council=, on=)``: the secretariat, membership and position roles.
    roles_from_roster: Callable[..., set[Role]]
    #: ``person_ids_for_user(user=, council=)``: the user's people (``Person`` ids) in the council.
    person_ids_for_user: Callable[..., tuple[int, ...]]
    #: ``councils_for_user(user=)``: the councils where the user has any role today.
    councils_for_user: Callable[..., list]
    #: ``disclosure_facts(council=)``: the council's people, memberships and positions for the
    #: disclosure policy.
    disclosure_facts: Callable[..., CouncilFacts]


_registered: list[RosterSource] = []


def register(roster: RosterSource) -> None:
    """Set the roster source (``CouncilsConfig.ready``); a second call replaces the first."""
    _registered[:] = [roster]


def source() -> RosterSource:
    if not _registered:
        raise ImproperlyConfigured("No roster source is registered: is 'councils' in INSTALLED_APPS?")
    return _registered[0]

