"""The reads of the annual report's internal pages (the workflow): the council's reports, one
report with its sections, the meetings a draft can go on, the working groups that can write it.
The year's facts themselves are in ``reports.selectors.facts``. Every read is scoped to the council
(another council's report is a 404) with its joins inside, so a page's query count does not grow
with the number of sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from activities.models import WorkingGroup
from meetings.models import Meeting, MeetingStatus
from reports.models import AnnualReport, ReportBoilerplate, ReportSection, ReportVersion

if TYPE_CHECKING:
    from councils.models import Council


def report_list(*, council: Council) -> list[AnnualReport]:
    """The council's reports, newest period first, with how many sections are in and edited."""
    return list(AnnualReport.objects.filter(council=council)
                .annotate(section_count=Count("sections", filter=Q(sections__included=True)),
                          edited_count=Count("sections", filter=Q(sections__edited=True)))
                .order_by("-period_end"))


def report_get(*, council: Council, pk: int) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.select_related(
        "council", "council__municipality", "working_group", "agenda_item", "agenda_item__meeting",
        "approved_by").prefetch_related("working_group__members"), council=council, pk=pk)


def report_sections(*, report: AnnualReport) -> list[ReportSection]:
    return list(ReportSection.objects.filter(report=report).select_related("updated_by").order_by("position", "pk"))


def section_get(*, council: Council, report: AnnualReport, pk: int) -> ReportSection:
    section = get_object_or_404(ReportSection.objects.select_related("updated_by"), council=council,
                                report=report, pk=pk)
    section.report = report
    return section


def report_versions(*, report: AnnualReport) -> list[ReportVersion]:
    return list(ReportVersion.objects.filter(report=report).select_related("meeting", "approved_by")
                .order_by("-number"))


def latest_version(*, report: AnnualReport) -> ReportVersion | None:
    return ReportVersion.objects.filter(report=report).select_related("meeting").order_by("-number").first()


def coming_meetings(*, council: Council) -> QuerySet[Meeting]:
    """Meetings not yet held or cancelled, from today on: where a draft can go on the agenda."""
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Meeting.objects.filter(council=council, starts_at__gte=today_start,
                                  status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED]
                                  ).order_by("starts_at")


def working_groups(*, council: Council) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(council=council).prefetch_related("members").order_by("name")


def boilerplate_text(*, council: Council) -> str:
    row = ReportBoilerplate.objects.filter(council=council).only("text").first()
    return row.text if row else ""
