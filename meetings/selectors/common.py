"""Fetching meetings and items within a council (404 for another council's objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.prepared import PreparedQuerySet
from meetings.models import AgendaItem, Meeting

if TYPE_CHECKING:
    from councils.models import Council


def meetings(*, council: Council) -> QuerySet[Meeting]:
    return Meeting.objects.filter(council=council)


_meeting_by_pk = PreparedQuerySet(
    lambda council, pk: Meeting.objects.select_related("council", "council__municipality").filter(council_id=council,
                                                                                                   pk=pk),
    council=int, pk=int)


def meeting_get(*, council: Council, pk) -> Meeting:
    """The council's meeting (404 otherwise); its SQL is compiled once per process (core.prepared)."""
    if not isinstance(pk, int) or isinstance(pk, bool):
        return get_object_or_404(Meeting.objects.select_related("council", "council__municipality"), council=council,
                                 pk=pk)
    found = list(_meeting_by_pk(council=council.pk, pk=pk))
    if not found:
        raise Http404("No Meeting matches the given query.")
    return found[0]


def item_get(*, council: Council, meeting: Meeting | None, pk) -> AgendaItem:
    """An item of ``meeting`` (or a backlog item when meeting is None) in ``council``."""
    return get_object_or_404(AgendaItem.objects.select_related("responsible", "proposed_by"), council=council,
                             meeting=meeting, pk=pk)


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(council_id=meeting.council_id, starts_at__lt=meeting.starts_at)
            .exclude(status="cancelled").order_by("-starts_at").first())


def next_meeting(*, meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(council_id=meeting.council_id, starts_at__gt=meeting.starts_at)
            .exclude(status="cancelled").order_by("starts_at").first())
