"""How Stemme writes dates, sentences that end in an amount, and ranges of numbers.

Dates have one rule: "15. december 2026" in text, "15.12.2026" in tables, never "15. dec 2026"
or "2026-12-15" (in English "15 December 2026" and "15/12/2026"). The formats live in
``core/formats/<language>/formats.py`` (``settings.FORMAT_MODULE_PATH``), under Django's names
(``DATE_FORMAT``, ``SHORT_DATE_FORMAT``, …) and a few of Stemme's own (``WEEKDAY_DATE_FORMAT``,
…). Templates name them, ``{{ meeting.starts_at|date:"DATE_FORMAT" }}``; Python calls the
helpers below, which also turn an aware datetime into local time first (the template filter
does that by itself, ``date_format`` does not).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.utils import formats as django_formats
from django.utils import timezone

#: Every named format a template or helper may use; each language defines all of them.
DATE_FORMAT_NAMES = (
    "DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT", "TIME_FORMAT", "WEEKDAY_DATE_FORMAT", "WEEKDAY_DATE_PROSE_FORMAT",
    "WEEKDAY_DATETIME_FORMAT", "WEEKDAY_MONTH_DAY_FORMAT", "MONTH_DAY_TIME_FORMAT", "CHART_DATE_FORMAT",
)


def _local(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_text(value: dt.date | dt.datetime | None, name: str = "DATE_FORMAT") -> str:
    """``value`` written with the named format in the active language ("" for None)."""
    if value is None:
        return ""
    if name not in DATE_FORMAT_NAMES:
        raise ValueError(f"Unknown date format name {name!r}; add it to core/formats/*/formats.py")
    if name == "TIME_FORMAT":  # of a datetime (a plain date raises TypeError here as in date_format)
        return django_formats.time_format(cast(dt.datetime, _local(value)), name)
    return django_formats.date_format(_local(value), name)


def long_date(value: dt.date | dt.datetime | None) -> str:
    """"15. december 2026": a date in running text."""
    return date_text(value, "DATE_FORMAT")


def short_date(value: dt.date | dt.datetime | None) -> str:
    """"15.12.2026": a date in a table, an export or a list of choices."""
    return date_text(value, "SHORT_DATE_FORMAT")


def long_datetime(value: dt.date | dt.datetime | None) -> str:
    """"15. december 2026 kl. 16.00"."""
    return date_text(value, "DATETIME_FORMAT")


def weekday_date(value: dt.date | dt.datetime | None) -> str:
    """"tirsdag 15. december 2026"."""
    return date_text(value, "WEEKDAY_DATE_FORMAT")


def weekday_date_prose(value: dt.date | dt.datetime | None) -> str:
    """"tirsdag den 15. december 2026": a weekday and date inside a sentence."""
    return date_text(value, "WEEKDAY_DATE_PROSE_FORMAT")


def day_month(value: dt.date | dt.datetime | None) -> str:
    """"15. december": a date in the current year, where the year goes without saying."""
    return date_text(value, "MONTH_DAY_FORMAT")


def chart_date(value: dt.date | dt.datetime | None) -> str:
    """"15.12": a day on a chart's axis, where the year goes without saying."""
    return date_text(value, "CHART_DATE_FORMAT")


def time_text(value: dt.datetime | None) -> str:
    """"16.00"."""
    return date_text(value, "TIME_FORMAT")


def sentence(text: object) -> str:
    """End a sentence with exactly one full stop.

    An amount is written "12.579,00 kr.", so a sentence that ends with one already ends with
    its full stop: "… tilbage 12.579,00 kr." and never "kr..". Build such sentences without the
    final stop and pass them through here (template filter ``|sentence``)."""
    text = str(text).rstrip()
    if not text or text.endswith((".", "!", "?", "…", ":")):
        return text
    return text + "."


def number_range(low: int, high: int) -> str:
    """"10" when both ends are the same, "10–15" otherwise: never "10–10" (template filter
    ``|number_range``). With a noun, choose its plural by ``high``:
    ``ngettext("%(n)s medlem", "%(n)s medlemmer", high) % {"n": number_range(low, high)}``."""
    if low == high:
        return str(low)
    return f"{low}–{high}"
