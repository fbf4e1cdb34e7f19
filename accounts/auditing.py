"""Logins, failed logins, lockouts and logouts in the audit log (connected in ``AccountsConfig.ready``).

They belong to no council, so the events have ``council=None``: the platform admin sees them
all (privacy's site-wide log), a council's log shows those of its own people.

What is stored about a failed attempt or a lockout:

* never the password tried (Django's ``user_login_failed`` already hides it; we read only the
  address field);
* the address tried, masked as "an***@kommune.dk": enough for the admin to see which account
  was tried, not enough to read a password typed into the address field by mistake;
* a keyed digest of the full address (HMAC with ``SECRET_KEY``, 16 hex characters), so repeated
  tries at one address can be told apart from a spread over many, without storing the address;
* when the address is a user's, that user as the event's object, so the attempt shows in the
  log of the councils that person belongs to.

The IP address is not copied into the log: django-axes keeps it for the lock, for its cool-off."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts.auth import normalise_email
from core.audit import audit

#: The login pages' URL names -> how the user logged in.
_METHODS = {"login": "password", "code_enter": "code", "code_link": "link", "oidc_callback": "oidc",
            "totp_verify": "totp"}


def mask_address(address: str) -> str:
    """ "anna@kommune.dk" -> "an***@kommune.dk"; something that is no address -> "***"."""
    local, at, domain = address.partition("@")
    if not at or not local or not domain:
        return "***"
    return f"{local[:2]}***@{domain}"


def address_digest(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:16]


def _tried(address: str) -> dict[str, str]:
    return {"address": mask_address(address), "address_digest": address_digest(address)}


def _user_for(address: str) -> Any:
    if not address:
        return None
    return get_user_model().objects.filter(email__iexact=address).first()


def _method(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    return _METHODS.get(getattr(match, "url_name", "") or "", "other")


def _through_a_request(request: Any) -> bool:
    """Whether the login came over HTTP: a login with no request method (the test client's
    ``force_login``, a shell) is no person logging in, and is not logged."""
    return getattr(request, "method", None) is not None


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if not _through_a_request(request):
        return
    audit(action="accounts.login", actor=user, obj=user, after={"method": _method(request)})


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and getattr(user, "is_authenticated", False) and _through_a_request(request):
        audit(action="accounts.logout", actor=user, obj=user, after={})


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    address = normalise_email(credentials.get(settings.AXES_USERNAME_FORM_FIELD) or credentials.get("email"))
    audit(action="accounts.login_failed", obj=_user_for(address), after=_tried(address))


def on_locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None,
                  **kwargs: Any) -> None:
    address = normalise_email(username)
    audit(action="accounts.locked_out", obj=_user_for(address), after=_tried(address))


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_login, dispatch_uid="stemme.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="stemme.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="stemme.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="stemme.audit.locked_out")
