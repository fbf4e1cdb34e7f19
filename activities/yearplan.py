"""The activities app's dates in the year plan: the council's events (external and its own) and
the dates postponed themes come back (two queries), and the days a meeting would clash with an
event (``event_clashes``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Event, Theme, ThemeStatus
from meetings.yearplan import YearPlanEntry


def year_entries(*, council, year: int) -> list[YearPlanEntry]:
    slug = council.slug
    rows = [YearPlanEntry(day=timezone.localtime(e.starts_at).date(),
                          kind=_("Rådets arrangement") if e.own else _("Arrangement"), title=e.title,
                          url=reverse("activities:event", args=[slug, e.pk]))
            for e in Event.objects.filter(council=council, starts_at__year=year).order_by("starts_at")]
    rows += [YearPlanEntry(day=t.postponed_until, kind=_("Udsat tema kommer igen"), title=t.title,
                           url=reverse("activities:theme", args=[slug, t.pk]))
             for t in Theme.objects.filter(council=council, status=ThemeStatus.POSTPONED,
                                           postponed_until__year=year).order_by("postponed_until")]
    return rows


def event_clashes(*, council, start: dt.date, end: dt.date) -> list[YearPlanEntry]:
    """The council's events on the days from ``start`` to ``end``: one entry per day an event
    runs (a two-day conference clashes with both days). One query."""
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    events = (Event.objects.filter(council=council, starts_at__lt=after)
              .filter(Q(ends_at__gte=first) | Q(ends_at__isnull=True, starts_at__gte=first)).order_by("starts_at"))
    rows = []
    for event in events:
        day = max(timezone.localtime(event.starts_at).date(), start)
        last = min(timezone.localtime(event.ends_at or event.starts_at).date(), end)
        kind = _("Rådets arrangement") if event.own else _("Arrangement")
        url = reverse("activities:event", args=[council.slug, event.pk])
        while day <= last:
            rows.append(YearPlanEntry(day=day, kind=kind, title=event.title, url=url))
            day += dt.timedelta(days=1)
    return rows
