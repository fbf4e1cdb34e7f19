"""Reads for the idea catalogue (idékatalog) and its prioritising.

Every function takes the council and filters on it, so another council's idea is a 404.
``tally`` is the pure vote count (no database): the results page and the tests use it.

How the result is ordered (``tally``):

1. most dots in total (dot-voting: each member has ``DOTS_PER_MEMBER`` dots, at most
   ``MAX_DOTS_PER_IDEA`` on one idea);
2. on equal dots: most rank points (Borda: a member's number 1 of N ideas gives N points,
   number 2 gives N − 1 …, unranked ideas 0);
3. on equal dots and points: the idea written into the catalogue first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import DOTS_PER_MEMBER as DOTS_PER_MEMBER  # the rules of dot-voting live with the model
from activities.models import MAX_DOTS_PER_IDEA as MAX_DOTS_PER_IDEA
from activities.models import Idea, IdeaStatus, IdeaVote
from councils.models import Council

# Ideas that take part in the prioritising (set-aside and postponed ideas do not).
VOTABLE = (IdeaStatus.OPEN, IdeaStatus.CHOSEN)


def current_year() -> int:
    return timezone.localdate().year


def ideas_for(council: Council) -> QuerySet[Idea]:
    return Idea.objects.filter(council=council)


def idea_get(council: Council, pk) -> Idea:
    return get_object_or_404(ideas_for(council).select_related("proposed_by", "meeting", "created_by"), pk=pk)


def catalogue(council: Council, year: int) -> list[Idea]:
    """The year's ideas in the order written in, with who proposed them (one query)."""
    return list(ideas_for(council).filter(year=year).select_related("proposed_by", "meeting").order_by("id"))


def catalogue_years(council: Council) -> list[int]:
    """Years with ideas, newest first, always including this year."""
    years = set(ideas_for(council).values_list("year", flat=True).distinct())
    years.add(current_year())
    return sorted(years, reverse=True)


def votable_ideas(council: Council, year: int) -> list[Idea]:
    return list(ideas_for(council).filter(year=year, status__in=VOTABLE).order_by("id"))


def my_votes(council: Council, year: int, person_id: int | None) -> dict[int, IdeaVote]:
    """The person's votes for the year by idea id."""
    if person_id is None:
        return {}
    return {v.idea_id: v for v in IdeaVote.objects.filter(council=council, idea__year=year, person_id=person_id)}


def voter_person_id(access) -> int | None:
    """The person the signed-in user votes as in this council (their own person)."""
    return access.person_ids[0] if access.person_ids else None


# --- Counting -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ballot:
    idea_id: int
    person_id: int
    dots: int
    rank: int | None


class HasPk(Protocol):
    """What ``tally`` needs of an idea: its primary key (an ``Idea``, or a stand-in in the tests)."""

    pk: Any


@dataclass
class ResultRow:
    idea: HasPk
    dots: int = 0
    points: int = 0
    voters: set = field(default_factory=set)
    position: int = 0
    # Why this row comes after the previous one when they tie on dots ("" when no tie).
    tie_note: str = ""

    @property
    def voter_count(self) -> int:
        return len(self.voters)


def rank_points(rank: int | None, n: int) -> int:
    """Borda points of a rank among ``n`` ideas: 1st → n, 2nd → n − 1 …; unranked or out of range → 0."""
    if rank is None or rank < 1 or rank > n:
        return 0
    return n - rank + 1


def tally(ideas: Sequence[HasPk], ballots: list[Ballot]) -> list[ResultRow]:
    """Count dots and rank points per idea and order the ideas (see the module docstring).
    ``ideas`` are objects with ``pk`` in the order they were written in; ballots for other
    ideas are ignored. Pure and deterministic: the same input always gives the same list."""
    n = len(ideas)
    order = {idea.pk: i for i, idea in enumerate(ideas)}
    rows = {idea.pk: ResultRow(idea=idea) for idea in ideas}
    for b in ballots:
        row = rows.get(b.idea_id)
        if row is None:
            continue
        row.dots += b.dots
        row.points += rank_points(b.rank, n)
        if b.dots or b.rank:
            row.voters.add(b.person_id)
    result = sorted(rows.values(), key=lambda r: (-r.dots, -r.points, order[r.idea.pk]))
    previous = None
    for position, row in enumerate(result, start=1):
        row.position = position
        if previous is not None and previous.dots == row.dots:
            if previous.points != row.points:
                row.tie_note = _("Lige mange prikker som nr. %(n)d – færre rangpoint.") % {"n": previous.position}
            else:
                row.tie_note = _("Lige mange prikker og rangpoint som nr. %(n)d – skrevet ind senere.") % {
                    "n": previous.position}
        previous = row
    return result


@dataclass
class Results:
    year: int
    rows: list[ResultRow]
    voter_count: int
    max_dots: int
    max_points: int


def results(council: Council, year: int) -> Results:
    """The year's prioritising: every votable idea with its dots and rank points, in order. Two queries."""
    ideas = votable_ideas(council, year)
    ballots = [Ballot(v.idea_id, v.person_id, v.dots, v.rank)
               for v in IdeaVote.objects.filter(council=council, idea__year=year, idea__status__in=VOTABLE)]
    rows = tally(ideas, ballots)
    voters = {b.person_id for b in ballots if b.dots or b.rank}
    return Results(year=year, rows=rows, voter_count=len(voters),
                   max_dots=max([r.dots for r in rows] + [1]), max_points=max([r.points for r in rows] + [1]))


def year_from(value, default: int | None = None) -> int:
    """A year from a query parameter (``?aar=2026``); anything odd gives this year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or current_year()
    return year if 2000 <= year <= 2100 else (default or current_year())


def today() -> dt.date:
    return timezone.localdate()
