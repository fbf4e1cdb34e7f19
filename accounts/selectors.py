"""Reads of the accounts app: the login link's user, and a user's passkeys."""

from __future__ import annotations

from typing import Any

from django_otp_webauthn.utils import get_credential_model
from sesame.backends import ModelBackend as SesameBackend
from sesame.tokens import parse_token

from accounts.models import User

#: The django-sesame scope of the login link: a token made for anything else does not log in.
LINK_SCOPE = "accounts.login_link"


def login_link_user(token: str) -> User | None:
    """The active user a login link names, or None when it is altered, used or too old. Reads
    only: the link is spent by ``accounts.services.login_link_use``."""
    return parse_token(token, SesameBackend().get_user, scope=LINK_SCOPE)


def passkeys_for_user(*, user: User) -> list[Any]:
    """The user's passkeys (django-otp-webauthn credentials), the newest first."""
    return list(get_credential_model().objects.filter(user=user).order_by("-created_at", "-pk"))
