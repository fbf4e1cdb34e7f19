"""The secretariat's outbox page: SMS texts to send by hand, letters to print, failed sends.
Thin views: council_view decides access, selectors read, services write."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import links
from core.errors import ApplicationError
from core.tenancy import council_view
from notifications import documents, selectors, services


def _meeting_filter(request):
    value = request.POST.get("moede") or request.GET.get("moede") or ""
    return selectors.meeting_get(council=request.council, pk=value) if value.isdigit() else None


def _back(request):
    meeting = _meeting_filter(request)
    url = redirect("notifications:outbox", request.council.slug).url
    return redirect(f"{url}?moede={meeting.pk}" if meeting else url)


@council_view("outbox.manage")
def outbox(request):
    meeting = _meeting_filter(request)
    overview = selectors.outbox_overview(council=request.council, meeting=meeting,
                                         base_url=links.site_root(request))
    return render(request, "notifications/outbox.html", {"nav": "outbox", "overview": overview, "meeting": meeting})


@require_POST
@council_view("outbox.manage")
def mark_sent(request, pk):
    message = selectors.message_get(council=request.council, pk=pk)
    try:
        services.outbox_mark_done(message=message, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Beskeden til %(name)s er markeret som sendt.")
                         % {"name": message.person.name if message.person else message.to_address})
    return _back(request)


@require_POST
@council_view("outbox.manage")
def mark_letters_sent(request):
    ids = [int(x) for x in request.POST.get("ids", "").split(",") if x.strip().isdigit()]
    done = services.outbox_mark_many_done(council=request.council, ids=ids, actor=request.user)
    messages.success(request, ngettext("%(n)d brev er markeret som sendt.", "%(n)d breve er markeret som sendt.",
                                       done) % {"n": done})
    return _back(request)


@require_POST
@council_view("outbox.manage")
def retry(request, pk):
    message = selectors.message_get(council=request.council, pk=pk)
    try:
        services.outbox_retry(message=message, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Beskeden sendes igen om et øjeblik."))
    return _back(request)


@council_view("outbox.manage")
def letters_pdf(request):
    """The print batch: a cover sheet, then the letters in postal order, each with its agenda."""
    meeting = _meeting_filter(request)
    base_url = links.site_root(request)
    letters = selectors.letters_to_print(council=request.council, meeting=meeting, base_url=base_url)
    pdf = documents.letters_pdf(council=request.council, messages=letters, base_url=base_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="breve.pdf"'
    return response
