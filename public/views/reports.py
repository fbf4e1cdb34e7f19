"""Public pages (no login) for the council's annual reports (*årsberetninger*): the archive of
published reports and one report as a plain HTML page and as PDF/A. Only the version approved
at a meeting and then published (``reports.selectors.published``: anything else is a 404). The text is the
frozen version's, through the disclosure policy (``reports.documents.report_document(public=True)``):
no name of a person who did not consent, never a sensitive flag."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.documents import document_response
from core.tenancy import council_view
from reports import documents
from reports.selectors import published
from reports.selectors.easyread import public_easy_report_exists

PDF_CACHE = "public, max-age=300"


@require_GET
@council_view("council.view_public")
def reports(request):
    return render(request, "public/reports/reports.html", {
        "nav": "home", "entries": published.published_reports(council=request.council)})


@require_GET
@council_view("council.view_public")
def report(request, year):
    found = published.published_report_get(council=request.council, year=year)
    doc = documents.report_document(report=found.report, version=found.version, public=True)
    return render(request, "public/reports/report.html", {
        "nav": "home", "doc": doc, "report": found.report, "version": found.version,
        "has_easy_read": public_easy_report_exists(report=found.report),
        "sections": [documents.public_page_section(section) for section in doc.contents]})


@require_GET
@council_view("council.view_public")
def report_pdf(request, year):
    found = published.published_report_get(council=request.council, year=year)
    return document_response(request, documents.report_pdf_document(report=found.report, version=found.version,
                                                                     public=True),
                             filename=documents.report_filename(found.report, "pdf"), cache_control=PDF_CACHE)
