"""Danish working days, for every deadline Stemme computes.

A deadline that Stemme works out from a number of days (members' proposals M days before a
meeting, the agenda sent N days before, a comment letter two days before a committee meeting, a
reminder five days before a consultation's deadline) must not fall on a day when nobody is at
work: it moves back to the nearest working day before. Never later, so nobody is late because
Stemme moved a date.

A working day is Monday to Friday, not a Danish public holiday (*helligdag*, from the
``holidays`` package: New Year, Maundy Thursday to Easter Monday, Ascension, Whit Monday,
Christmas Day and Boxing Day) and not Constitution Day (5 June), Christmas Eve or New Year's Eve,
when the public administration is closed too."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

# Days the municipalities' offices are closed although they are not public holidays.
CLOSED_DAYS = ((6, 5), (12, 24), (12, 31))


@lru_cache(maxsize=128)
def _closed(year: int) -> frozenset[dt.date]:
    public = holidays.country_holidays("DK", years=year)
    return frozenset(public) | {dt.date(year, month, day) for month, day in CLOSED_DAYS}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _closed(day.year)


def working_day_on_or_before(day: dt.date) -> dt.date:
    """``day`` if it is a working day, else the nearest working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def working_days_before(day: dt.date, days: int) -> dt.date:
    """The deadline ``days`` calendar days before ``day``, moved back to a working day."""
    return working_day_on_or_before(day - dt.timedelta(days=days))


def deadline_at(moment: dt.datetime, days: int) -> dt.datetime:
    """``days`` calendar days before ``moment`` at the same local time of day, the day moved back
    to a working day (a meeting on Monday at 16: proposals due the Friday before at 16, not Sunday)."""
    local = timezone.localtime(moment)
    return dt.datetime.combine(working_days_before(local.date(), days), local.time(), tzinfo=local.tzinfo)


# The longest run of days that are not working days (Easter: Thursday to Monday; Christmas Eve on a
# Wednesday to the Sunday after): how far a moved deadline can lie before the naive one.
LONGEST_CLOSED_RUN = 5
