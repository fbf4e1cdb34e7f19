"""The hearings app's dates in the year plan: meetings of the committees the council follows
and the deadlines of its consultations (lead or partner). Two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hearings.models import CommitteeMeeting
from hearings.selectors.consultations import consultations_for
from meetings.yearplan import YearPlanEntry


def year_entries(*, council, year: int) -> list[YearPlanEntry]:
    slug = council.slug
    rows = []
    meetings = (CommitteeMeeting.objects
                .filter(municipality_id=council.municipality_id, committee__follows__council=council,
                        starts_at__year=year)
                .select_related("committee").order_by("starts_at"))
    for m in meetings:
        rows.append(YearPlanEntry(
            day=timezone.localtime(m.starts_at).date(), kind=_("Udvalgsmøde"),
            title=f"{m.committee.name} ({m.committee.abbreviation})",
            url=reverse("hearings:committee_meeting", args=[slug, m.pk])))
    for c in consultations_for(council).filter(deadline__year=year).order_by("deadline"):
        rows.append(YearPlanEntry(day=c.deadline, kind=_("Høringsfrist"), title=c.title,
                                  url=reverse("hearings:consultation", args=[slug, c.pk])))
    return rows
