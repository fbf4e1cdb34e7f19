"""How a login is recognised and throttled.

``normalise_email`` is the one spelling of an e-mail address: stripped and lower-cased, as
the user model stores it. The login form, django-axes (``AXES_USERNAME_CALLABLE``) and the
user model's lookup all call it, so "ADMIN@…" and " admin@…" are the same account to the
lock and to the login alike. (Lower-casing, not ``casefold``: casefold turns "ß" into "ss",
and the address would no longer match the stored one.)

``accounts.lockout.LoginLockHandler`` adds a second limit to axes' lock of one address from one IP
(``AXES_FAILURE_LIMIT``, default 5): ``STEMME_LOGIN_IP_FAILURE_LIMIT`` failures from one IP
across all addresses (default 30) within the same cool-off. See README, "Login lock".
"""

from __future__ import annotations

from django.conf import settings


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def lockout_username(request, credentials: dict | None) -> str:
    """``AXES_USERNAME_CALLABLE``: the address axes counts failures against."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_email(credentials.get(field))
    return normalise_email(getattr(request, "POST", {}).get(field))
