"""Login by one-time code: what accounts needs from the apps above it.

A code goes to "the people with a running membership whose e-mail or mobile number is the one
typed" (``councils.Person``), and leaves through the outbox of such a person's council
(``notifications.services.outbox_enqueue``). accounts sits below councils and notifications
(docs/architecture.md, "The layers"), so it cannot ask them directly. ``notifications``, which
may import both, registers one :class:`CodeLoginDirectory` here in ``NotificationsConfig.ready``
(``notifications.login_codes``), and ``accounts.services`` asks :func:`directory` for it.
Everything else – the code itself (django-otp), the user, the link (django-sesame), the
session – stays in accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.auth import normalise_email
from core.phone import normalise_danish_phone

EMAIL = "email"
SMS = "sms"

ADDRESS_ERROR = _("Skriv din e-mail (fx navn@eksempel.dk) eller dit mobilnummer med 8 cifre (fx 12 34 56 78).")


@dataclass(frozen=True)
class LoginAddress:
    """An address a code can go to, in its one spelling: ``kind`` "email" (lower case, no spaces)
    or "sms" ("+45" and eight digits)."""

    kind: str
    value: str

    @property
    def is_email(self) -> bool:
        return self.kind == EMAIL


def parse_login_address(text: str) -> LoginAddress:
    """What a person typed in "Skriv din e-mail eller dit mobilnummer": an e-mail when it has an
    "@", otherwise a Danish phone number (``core.phone``). ValidationError in Danish otherwise."""
    text = (text or "").strip()
    if "@" in text:
        email = normalise_email(text)
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(ADDRESS_ERROR, code="address") from None
        return LoginAddress(EMAIL, email)
    try:
        phone = normalise_danish_phone(text)
    except ValidationError:
        raise ValidationError(ADDRESS_ERROR, code="address") from None
    if not phone:
        raise ValidationError(ADDRESS_ERROR, code="address")
    return LoginAddress(SMS, phone)


@dataclass(frozen=True)
class CodeLoginDirectory:
    #: ``members_at(*, address: LoginAddress, on: date) -> list[Person]``: the people with a
    #: membership running on ``on`` (member, substitute or guest) whose e-mail or mobile number is
    #: ``address``, with ``user_id``, ``council`` and ``name``; the nearest first.
    members_at: Callable[..., list[Any]]
    #: ``link(*, user, address: LoginAddress, on: date) -> int``: link the people of ``members_at``
    #: that have no user yet to ``user`` (never one that has another user); how many.
    link: Callable[..., int]
    #: ``send(*, person, address: LoginAddress, code: str, link_url: str | None, valid_minutes: int)``:
    #: queue the code (and for e-mail the login link) to ``address``, in ``person``'s council.
    send: Callable[..., Any]
    #: ``sms_available() -> bool``: whether an SMS leaves by itself (an automatic gateway); without
    #: one a code by SMS would wait on the secretariat's manual list, so none is offered.
    sms_available: Callable[[], bool]


_registered: list[CodeLoginDirectory] = []


def register(directory_: CodeLoginDirectory) -> None:
    """Set the directory (``NotificationsConfig.ready``); a second call replaces the first."""
    _registered[:] = [directory_]


def directory() -> CodeLoginDirectory:
    if not _registered:
        raise ImproperlyConfigured("No code login directory is registered: is 'notifications' in INSTALLED_APPS?")
    return _registered[0]
