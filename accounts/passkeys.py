"""Passkeys (django-otp-webauthn): how Stemme names the account in a passkey.

The library names the credential after ``get_username()``, the e-mail; a member who logs in by a
code on SMS has no e-mail, so the name is the address the user logs in with (``User.login_address``:
the e-mail, else the mobile number). Set as ``OTP_WEBAUTHN_HELPER_CLASS``."""

from __future__ import annotations

from typing import Any

from django_otp_webauthn.helpers import WebAuthnHelper


class PasskeyHelper(WebAuthnHelper):
    def get_credential_name(self, user: Any) -> str:
        return user.login_address or str(user.pk)

    def get_credential_display_name(self, user: Any) -> str:
        return user.get_full_name() or self.get_credential_name(user)
