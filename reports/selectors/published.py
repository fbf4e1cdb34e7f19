"""The reads of the public pages for the annual report: the council's published reports (the
archive) and one published report by its year, each with the version that was approved. Only a
published report exists publicly; anything else — a draft, a report approved but not yet
published, another council's — is a 404. What the pages show of the text goes through the
disclosure policy in ``reports.documents.report_document(public=True)``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.http import Http404

from reports.models import AnnualReport, ReportStatus, ReportVersion

if TYPE_CHECKING:
    from councils.models import Council


@dataclass(frozen=True)
class PublishedReport:
    report: AnnualReport
    version: ReportVersion

    @property
    def year(self) -> int:
        return self.report.year


def _published(council: Council):
    return (AnnualReport.objects.filter(council=council, status=ReportStatus.PUBLISHED)
            .select_related("council", "council__municipality")
            .prefetch_related(Prefetch("versions", queryset=ReportVersion.objects.select_related("meeting")
                                       .order_by("-number"), to_attr="versions_newest_first"))
            .order_by("-year", "-period_end"))


def _with_version(reports: list[AnnualReport]) -> list[PublishedReport]:
    found = []
    for report in reports:
        versions = report.versions_newest_first  # type: ignore[attr-defined]  # Prefetch(to_attr=…) above
        if versions:
            found.append(PublishedReport(report=report, version=versions[0]))
    return found


def published_reports(*, council: Council) -> list[PublishedReport]:
    """Every published report of the council, newest first (two queries)."""
    return _with_version(list(_published(council)))


def published_report_get(*, council: Council, year: int) -> PublishedReport:
    """The council's published report for ``year`` (the year its period ends; the newest if there
    are several) with its approved version; 404 otherwise."""
    found = _with_version(list(_published(council).filter(year=year)[:1]))
    if not found:
        raise Http404("No published annual report for that year")
    return found[0]


def published_years(*, council: Council) -> list[int]:
    """The years of the council's published reports, newest first (one query; the home page's link)."""
    return sorted(set(AnnualReport.objects.filter(council=council, status=ReportStatus.PUBLISHED)
                      .values_list("year", flat=True)), reverse=True)
