"""The activities app's dates in the year plan: the council's events (external and its own) and
the dates postponed themes come back. Two queries."""

from __future__ import annotations

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
