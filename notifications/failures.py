"""Why a message could not be sent, in Danish, for the secretariat's outbox page.

The outbox keeps the technical error as the mail library or the SMS gateway raised it
(``OutboxMessage.last_error``: the log and the audit trail need it unchanged); ``describe``
turns it into one sentence the secretariat can act on: the mail server refused the address,
refused the message, was busy, did not answer in time, could not be reached."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_CODE = re.compile(r"\((\d{3}), b?['\"]")
_NETWORK = ("ConnectionRefusedError", "ConnectionResetError", "SMTPConnectError", "gaierror", "OSError",
            "ConnectionError", "SMTPServerDisconnected")


def describe(last_error: str) -> str:
    """The Danish sentence for a stored error, or "" when it is not a mail server's (an SMS
    gateway's errors are written in Danish already)."""
    if not last_error:
        return ""
    kind = last_error.split(":", 1)[0].strip()
    match = _CODE.search(last_error)
    code = match.group(1) if match else ""
    if kind == "SMTPAuthenticationError":
        return _("Mailserveren godtog ikke Stemmes brugernavn og adgangskode (svar %(code)s). Kontakt IT.") % {
            "code": code or "535"}
    if kind.startswith("SMTP") and code.startswith("4"):
        return _("Mailserveren kunne ikke tage imod beskeden lige nu (svar %(code)s). Det er som regel "
                 "midlertidigt.") % {"code": code}
    if kind == "SMTPRecipientsRefused":
        return _("Mailserveren afviste modtagerens adresse (svar %(code)s). Tjek at adressen er rigtig.") % {
            "code": code or "5xx"}
    if kind in ("SMTPDataError", "SMTPSenderRefused", "SMTPResponseException") and code:
        return _("Mailserveren afviste beskeden (svar %(code)s).") % {"code": code}
    if kind in ("TimeoutError", "timeout") or "timed out" in last_error:
        return _("Mailserveren svarede ikke i tide.")
    if kind in _NETWORK or "Connection refused" in last_error:
        return _("Stemme kunne ikke få forbindelse til mailserveren.")
    return ""
