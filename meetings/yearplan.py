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
