"""Reads for the easy-read annual report (*letlæst årsberetning*): the starting point from the
published, approved version (section titles and their first sentences, through the disclosure
policy), the report's version, and the published one the public may read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.richtext import html_to_text
from meetings.easyread import short_sentences
from meetings.models import EasyReadStatus
from reports import documents
from reports.models import AnnualReport, EasyReadReport, ReportStatus
from reports.selectors.published import PublishedReport, published_report_get

if TYPE_CHECKING:
    from councils.models import Council

# Sentences taken from each section for the starting point; the person shortens from there.
SENTENCES_PER_SECTION = 3


def easy_report_get(*, report: AnnualReport) -> EasyReadReport | None:
    return EasyReadReport.objects.filter(council_id=report.council_id, report=report).first()


def public_easy_report_exists(*, report: AnnualReport) -> bool:
    return report.status == ReportStatus.PUBLISHED and EasyReadReport.objects.filter(
        council_id=report.council_id, report=report, status=EasyReadStatus.PUBLISHED).exists()


def public_easy_report(*, council: Council, year: int) -> tuple[PublishedReport, EasyReadReport]:
    """The published report of ``year`` and its published easy-read version, else 404."""
    found = published_report_get(council=council, year=year)
    easy = easy_report_get(report=found.report)
    if easy is None or not easy.is_published:
        raise Http404("No published easy-read report for that year")
    return found, easy


def starting_text(*, report: AnnualReport) -> str:
    """A first easy-read text: the standard intro, per section of the approved version (not the
    annex) its title and first sentences, and the standard outro; names as the public sees them."""
    version = report.versions.order_by("-number").first()
    doc = documents.report_document(report=report, version=version, public=True)
    with override("da"):
        blocks = ["[mennesker] " + _("%(council)s har skrevet om, hvad rådet lavede i %(year)s.") % {
            "council": report.council.name, "year": report.year}]
        for section in doc.sections:
            sentences = short_sentences(html_to_text(str(section.raw_body)))[:SENTENCES_PER_SECTION]
            if not sentences:
                continue
            blocks.append(f"# {section.title}")
            blocks.append("\n".join(f"- {s}" for s in sentences))
        outro = "[spørgsmål] " + _("Vil du vide mere? Læs hele årsberetningen på rådets side.")
        if report.council.phone:
            outro += " " + _("Du kan også ringe til sekretariatet på %(phone)s.") % {"phone": report.council.phone}
        blocks.append(outro)
    return "\n\n".join(blocks)
