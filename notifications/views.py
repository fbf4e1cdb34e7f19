"""The secretariat's outbox page: SMS texts to send by hand, letters to print, failed sends.
Thin views: council_view decides access, selectors read, services write."""

import json

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import links, upload_limits
from core.errors import ApplicationError
from core.tenancy import council_view
from notifications import documents, inbound, selectors, services, sms


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
    return render(request, "notifications/outbox.html", {
        "nav": "outbox", "overview": overview, "meeting": meeting,
        "inbox_unhandled": selectors.inbox_unhandled_count(council=request.council)})


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


# --- The secretariat's inbox of received SMS -----------------------------------------------------------

@council_view("outbox.manage")
def inbox(request):
    return render(request, "notifications/inbox.html",
                  {"nav": "outbox", "inbox": selectors.inbox_overview(council=request.council)})


@require_POST
@council_view("outbox.manage")
def inbox_mark_handled(request):
    value = request.POST.get("besked", "")
    received = selectors.inbound_get(council=request.council, pk=value if value.isdigit() else 0)
    inbound.inbound_mark_handled(sms=received, actor=request.user)
    messages.success(request, _("SMS'en fra %(name)s er markeret som behandlet.")
                     % {"name": received.person.name if received.person else received.from_display})
    return redirect("notifications:inbox", request.council.slug)


# --- The SMS provider's webhooks (signed; no council in the address) ------------------------------------

#: A webhook's body is a small JSON object; anything larger is refused unread.
WEBHOOK_MAX_BYTES = 64 * 1024


def _signed_payload(request) -> dict | JsonResponse:
    """The request's JSON object when it is signed with the webhook secret (else a 403), small
    (else 413) and a JSON object (else 400)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    if upload_limits.is_multipart(request):
        # A form upload is never a webhook, and core.middleware.UploadLimitMiddleware has already
        # read its body as files: request.body would raise.
        return JsonResponse({"error": "expected a JSON object"}, status=415)
    body = request.body
    if not sms.webhook_verify(body=body, timestamp=request.headers.get(sms.TIMESTAMP_HEADER),
                              signature=request.headers.get(sms.SIGNATURE_HEADER)):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"error": "expected a JSON object"}, status=400)
    return data


def _text(data: dict, key: str, *, required: bool = True, number: bool = False) -> str | None:
    """A string field (with ``number``, an integer is taken as its digits: an id, a phone
    number); "" when missing and not ``required``; None when missing or of another type."""
    value = data.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, str) or (number and isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    return None


@csrf_exempt
@require_POST
def sms_status(request):
    """A delivery report: {"id", "status", "error"}."""
    data = _signed_payload(request)
    if isinstance(data, JsonResponse):
        return data
    provider_ref, status = inbound.clean_ref(_text(data, "id", number=True) or ""), _text(data, "status")
    error = _text(data, "error", required=False)
    if not provider_ref or status is None or error is None:
        return JsonResponse({"error": "id and status are required"}, status=400)
    message = inbound.delivery_report_apply(provider_ref=provider_ref, status=status, error=error)
    return JsonResponse({"recorded": message is not None})


@csrf_exempt
@require_POST
def sms_inbound(request):
    """A received text: {"id", "from", "to", "text", "received_at"}."""
    data = _signed_payload(request)
    if isinstance(data, JsonResponse):
        return data
    provider_ref = inbound.clean_ref(_text(data, "id", number=True) or "")
    from_number = _text(data, "from", number=True)
    text, to_number = _text(data, "text", required=False), _text(data, "to", required=False, number=True)
    received_at = data.get("received_at")
    if not provider_ref or not from_number or text is None or to_number is None:
        return JsonResponse({"error": "id, from and text are required"}, status=400)
    rows = inbound.inbound_receive(provider_ref=provider_ref, from_number=from_number, to_number=to_number,
                                   text=text, received_at=received_at if isinstance(received_at, str) else None)
    return JsonResponse({"recorded": bool(rows), "outcome": rows[0].outcome if rows else None})
