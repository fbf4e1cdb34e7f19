"""Text tools shared by every app: the CPR guard.

The council is advisory and never handles individual cases (*personsager*), so no free
text may hold a Danish CPR number. A CPR number is DDMMYY-SSSS where DDMMYY is a real
date; the century follows from the seventh digit. There is deliberately no modulus-11
check: numbers issued since 2007 do not satisfy it.
"""

import datetime as dt
import re

# Six digits, an optional separator (hyphen, dash or one space), four digits; not part of a
# longer run of digits (a 12-digit account number is not a CPR number).
_CPR_RE = re.compile(r"(?<![\d])(\d{2})(\d{2})(\d{2})[\-\u2010\u2011\u2013 ]?(\d{4})(?![\d])")


def _century(yy: int, seventh_digit: int) -> int:
    """The century of a CPR birth year from the seventh digit (CPR office rules)."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800  # 5–8


def _is_cpr(day: str, month: str, year: str, serial: str) -> bool:
    yy = int(year)
    try:
        dt.date(_century(yy, int(serial[0])) + yy, int(month), int(day))
    except ValueError:
        return False
    return True


def find_cpr_numbers(text: str | None) -> list[str]:
    """Every substring of ``text`` that is a CPR number with a valid date."""
    if not text:
        return []
    return [m.group(0) for m in _CPR_RE.finditer(text) if _is_cpr(*m.groups())]


def contains_cpr(text: str | None) -> bool:
    return bool(find_cpr_numbers(text))
