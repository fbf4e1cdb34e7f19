"""The year's facts for the annual report (work in progress: the full version lands shortly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from councils.models import Council


@dataclass(frozen=True)
class YearFacts:
    council_id: int
    start: dt.date
    end: dt.date
    members_on: dt.date | None = None


@dataclass(frozen=True)
class YearSummary:
    year: int
    meetings_held: int = 0
    meetings_asked: int = 0
    attendance_percent: float = 0.0
    responses: int = 0
    outcomes: int = 0
    letters: int = 0
    spent: Decimal = Decimal("0.00")
    budget: Decimal = Decimal("0.00")


def year_facts(*, council: Council, start: dt.date, end: dt.date, members_on: dt.date | None = None) -> YearFacts:
    return YearFacts(council_id=council.pk, start=start, end=end, members_on=members_on)


def year_in_figures(*, council: Council, year: int, as_of: dt.date) -> YearFacts:
    return year_facts(council=council, start=dt.date(year, 1, 1), end=min(as_of, dt.date(year, 12, 31)))


def years_compared(*, council: Council, years: list[int]) -> list[YearSummary]:
    return [YearSummary(year=y) for y in years]
