"""The outbox attachment builder of the reports app (registered in ``ReportsConfig.ready``): the
approved report as PDF, rendered once and kept (``reports.documents.report_pdf`` with a version),
so every letter attaches the same file."""

from __future__ import annotations

from reports import documents
from reports.models import AnnualReport, ReportVersion


def report_pdf_attachment(descriptor: dict) -> bytes:
    report = AnnualReport.objects.select_related("council", "council__municipality").get(pk=descriptor["report_id"])
    version = ReportVersion.objects.select_related("meeting").get(pk=descriptor["version_id"], report=report)
    return documents.report_pdf(report=report, version=version)
