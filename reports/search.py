"""Published annual reports in the search index (``core.search``), registered in
``ReportsConfig.ready``: one document per report, the approved version's text as the public page
shows it (``reports.documents.report_document(public=True)``, through the disclosure policy),
with the HTML of its sections reduced to text."""

from __future__ import annotations

import html
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.disclosure import Disclosure
from core.search import SearchEntry
from councils.models import Council
from meetings.easyread import plain_text
from reports import documents
from reports.models import EasyReadReport
from reports.selectors.published import published_reports

KIND = "report"
EASY_KIND = "easy_report"


def entries(*, council: Council) -> Iterator[SearchEntry]:
    for found in published_reports(council=council):
        report = found.report
        doc = documents.report_document(report=report, version=found.version, public=True)
        parts = [doc.description] + [f"{s.title}\n{html.unescape(strip_tags(s.body))}" for s in doc.contents]
        day = timezone.localdate(report.published_at) if report.published_at else report.period_end
        yield SearchEntry(object_id=report.pk, title=doc.full_title, body="\n\n".join(p for p in parts if p),
                          date=day, url=reverse("public:report", args=[council.slug, report.year]))


def easy_entries(*, council: Council) -> Iterator[SearchEntry]:
    """Published easy-read versions (*letlæst årsberetning*) of published reports, the text
    without its block markers through the disclosure policy at the report's period end."""
    for found in published_reports(council=council):
        report = found.report
        easy = EasyReadReport.objects.filter(council=council, report=report, status="published").first()
        if easy is None:
            continue
        disclosure = Disclosure.for_council(council, on=report.period_end)
        day = timezone.localdate(easy.published_at) if easy.published_at else report.period_end
        yield SearchEntry(object_id=easy.pk, title=_("Letlæst årsberetning %(year)s") % {"year": report.year},
                          body=disclosure.text(plain_text(easy.body)), date=day,
                          url=reverse("public:report_easy", args=[council.slug, report.year]))
