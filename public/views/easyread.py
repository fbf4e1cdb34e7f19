"""Public pages of the easy-read versions (*letlæste udgaver*) of minutes and annual reports,
the posters and A5 handouts printed from the public pages, and the short links on them.

The easy-read text is plain text in the block format of ``meetings.easyread``, rendered with
autoescaping; names in it go through the disclosure policy like every stored free text."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET

from core.disclosure import Disclosure
from core.documents import document_response
from core.formats import long_date, time_text, weekday_date
from core.links import site_root
from core.models import GeneratedDocument
from core.tenancy import council_view
from meetings import documents as meeting_documents
from meetings.easyread import Block, parse
from meetings.selectors import plan as plan_selectors
from meetings.selectors.easyread import public_easy_read
from public import posters, shortlinks
from reports.selectors.easyread import public_easy_report

PDF_CACHE = "public, max-age=300"


def _disclosed_blocks(body: str, disclosure: Disclosure) -> list[Block]:
    blocks = parse(body)
    for block in blocks:
        block.text = disclosure.text(block.text)
        block.items = [disclosure.text(item) for item in block.items]
    return blocks


def _pdf(request, document: GeneratedDocument) -> HttpResponseBase:
    return document_response(request, document, filename=document.name, cache_control=PDF_CACHE)


def _easy_meeting(request, pk):
    meeting = plan_selectors.public_meeting_get(council=request.council, pk=pk)
    easy = public_easy_read(meeting=meeting)
    return meeting, easy, _disclosed_blocks(easy.body, meeting_documents.meeting_disclosure(meeting))


def _meeting_title(meeting) -> str:
    with override("da"):
        return _("Det besluttede rådet den %(date)s") % {"date": long_date(meeting.starts_at)}


@require_GET
@council_view()
def meeting_easy(request, pk):
    meeting, easy, blocks = _easy_meeting(request, pk)
    return render(request, "public/easyread.html", {
        "nav": "public_meetings", "meeting": meeting, "easy": easy, "blocks": blocks,
        "title": _meeting_title(meeting), "kind": "minutes"})


@require_GET
@council_view()
def meeting_easy_poster(request, pk):
    meeting, _easy, _blocks = _easy_meeting(request, pk)
    with override("da"):
        pdf = posters.poster_pdf(
            council=request.council, heading=_("Letlæst referat"), title=_meeting_title(meeting),
            details=[_("Læs kort og enkelt, hvad rådet besluttede på mødet."),
                     _("Du kan også få teksten læst op.")],
            target_path=shortlinks.short_path("easy_minutes", meeting.pk),
            name=f"plakat-letlaest-referat-{meeting.pk}.pdf",
            base_url=site_root(request))
    return _pdf(request, pdf)


@require_GET
@council_view()
def meeting_easy_handout(request, pk):
    meeting, _easy, blocks = _easy_meeting(request, pk)
    with override("da"):
        pdf = posters.handout_pdf(
            council=request.council, title=_meeting_title(meeting), subtitle=_("Letlæst referat"), blocks=blocks,
            target_path=shortlinks.short_path("easy_minutes", meeting.pk),
            name=f"folder-letlaest-referat-{meeting.pk}.pdf",
            base_url=site_root(request))
    return _pdf(request, pdf)


@require_GET
@council_view()
def meeting_poster(request, pk):
    """The poster of a coming public meeting: when, where, and the address of its page."""
    meeting = plan_selectors.public_meeting_get(council=request.council, pk=pk)
    disclosure = meeting_documents.meeting_disclosure(meeting)
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    with override("da"):
        details = [weekday_date(start).capitalize(),
                   _("Kl. %(start)s–%(end)s") % {"start": time_text(start), "end": time_text(end)}]
        if meeting.location:
            details.append(disclosure.text(meeting.location))
        details.append(_("Alle er velkomne til at lytte med."))
        pdf = posters.poster_pdf(
            council=request.council, heading=_("Rådet holder møde"), title=disclosure.text(meeting.display_title),
            details=details, target_path=shortlinks.short_path("meeting", meeting.pk),
            name=f"plakat-moede-{meeting.pk}.pdf",
            base_url=site_root(request))
    return _pdf(request, pdf)


def _report_title(found) -> str:
    with override("da"):
        return _("Det lavede rådet i %(year)s") % {"year": found.report.year}


@require_GET
@council_view("council.view_public")
def report_easy(request, year):
    found, easy = public_easy_report(council=request.council, year=year)
    blocks = _disclosed_blocks(easy.body, Disclosure.for_council(request.council, on=found.report.period_end))
    return render(request, "public/easyread.html", {
        "nav": "home", "report": found.report, "easy": easy, "blocks": blocks, "title": _report_title(found),
        "kind": "report"})


@require_GET
@council_view("council.view_public")
def report_easy_handout(request, year):
    found, easy = public_easy_report(council=request.council, year=year)
    blocks = _disclosed_blocks(easy.body, Disclosure.for_council(request.council, on=found.report.period_end))
    with override("da"):
        pdf = posters.handout_pdf(
            council=request.council, title=_report_title(found), subtitle=_("Letlæst årsberetning"), blocks=blocks,
            target_path=shortlinks.short_path("easy_report", found.report.pk),
            name=f"folder-letlaest-aarsberetning-{found.report.year}.pdf",
            base_url=site_root(request))
    return _pdf(request, pdf)


@require_GET
def short(request, code):
    """A short link from a poster: a redirect to the public page, or 404 when it is not public."""
    return redirect(shortlinks.resolve(code))
