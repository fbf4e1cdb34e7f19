"""Danish phone numbers typed by people: "12 34 56 78", "+45 1234 5678", "0045-12345678".

``normalise_danish_phone`` keeps one stored form, "+4512345678" (what an SMS gateway wants), and
refuses anything else in Danish; ``format_danish_phone`` shows it as "+45 12 34 56 78"."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-.()/]")
# Danish subscriber numbers have eight digits and never begin with 0 or 1 (those are short
# numbers and prefixes), so a typo such as a missing digit is caught here.
_NATIONAL = re.compile(r"[2-9]\d{7}")
PHONE_ERROR = _("Skriv et dansk telefonnummer med 8 cifre, fx 12 34 56 78.")


def normalise_danish_phone(value: str) -> str:
    """"+45" and eight digits, or "" for an empty value; ValidationError otherwise."""
    digits = _SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if digits.startswith("+45"):
        digits = digits[3:]
    elif digits.startswith("0045"):
        digits = digits[4:]
    elif digits.startswith("45") and len(digits) == 10:
        digits = digits[2:]
    if not _NATIONAL.fullmatch(digits):
        raise ValidationError(PHONE_ERROR, code="phone")
    return "+45" + digits


def format_danish_phone(value: str) -> str:
    """"+45 12 34 56 78" for a stored number; other values unchanged."""
    if len(value) == 11 and value.startswith("+45"):
        d = value[3:]
        return f"+45 {d[0:2]} {d[2:4]} {d[4:6]} {d[6:8]}"
    return value
