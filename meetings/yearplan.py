"""Other dates in the year plan (*årshjul*) besides the council's own meetings.

The year plan shows the council's meetings and, beside them, the dates other parts of Stemme
know about: committee meetings of the committees the council follows, consultation
deadlines… Each part registers a *source* here (in its ``AppConfig.ready``), so the meetings
app shows them without depending on those apps. A source is a function
``(council, year) -> iterable of YearPlanEntry``; it must use a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class YearPlanEntry:
    day: dt.date
    kind: str    # a short label shown before the title, e.g. "Udvalgsmøde" or "Høringsfrist"
    title: str
    url: str = ""


Source = Callable[..., Iterable[YearPlanEntry]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Register (or replace) a source under a stable name."""
    _SOURCES[name] = source


def entries(*, council, year: int) -> list[YearPlanEntry]:
    """Every registered source's entries in ``year``, by date."""
    rows = [e for source in _SOURCES.values() for e in source(council=council, year=year) if e.day.year == year]
    return sorted(rows, key=lambda e: (e.day, e.kind, e.title))


# --- Clashes ------------------------------------------------------------------------------------
#
# A meeting should not fall on a day the council is busy elsewhere – at one of its own events,
# say. Parts that know such days register a *clash source* (in their ``AppConfig.ready``):
# ``(council, start, end) -> iterable of YearPlanEntry``, one entry per busy day from ``start``
# to ``end`` (inclusive), in a constant number of queries. The year plan, the meeting page and
# the meeting form warn about them; nothing is refused.

ClashSource = Callable[..., Iterable[YearPlanEntry]]
_CLASH_SOURCES: dict[str, ClashSource] = {}


def register_clash_source(name: str, source: ClashSource) -> None:
    """Register (or replace) a clash source under a stable name."""
    _CLASH_SOURCES[name] = source


def clashes(*, council, start: dt.date, end: dt.date) -> dict[dt.date, list[YearPlanEntry]]:
    """What the council has on each day from ``start`` to ``end`` that a meeting that day
    would clash with, by day."""
    by_day: dict[dt.date, list[YearPlanEntry]] = {}
    for source in _CLASH_SOURCES.values():
        for entry in source(council=council, start=start, end=end):
            if start <= entry.day <= end:
                by_day.setdefault(entry.day, []).append(entry)
    return by_day


def clashes_on(*, council, day: dt.date) -> list[YearPlanEntry]:
    return clashes(council=council, start=day, end=day).get(day, [])
