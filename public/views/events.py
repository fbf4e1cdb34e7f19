"""Public event pages (no login): the council's public events (citizens' meetings and the like,
only the council's own events that the secretariat made public), one event with time, place,
accessibility and the sign-up form, the thank-you page that says whether the citizen got a place
or is on the waiting list, the cancel link's page, and the calendar feed.

Free text goes through the disclosure policy (``core.disclosure``). Spam robots fill in the
hidden ``website`` field: they see a thank-you page, and nothing is saved. The secret cancel
token is the citizen's only key to their sign-up; the site sends no Referer to other sites."""

import logging
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET

from activities import ics
from activities.forms.events import CitizenSignupForm
from activities.selectors import events as selectors
from activities.services import citizens as services
from core.disclosure import Disclosure
from core.documents import document_response
from core.errors import ApplicationError
from core.formats import time_text, weekday_date
from core.forms import form_status
from core.links import site_root
from core.tenancy import council_view
from public import posters, shortlinks

logger = logging.getLogger("stemme.public")

#: How far back the calendar feed reaches.
FEED_DAYS_BACK = 365
OSM_SEARCH = "https://www.openstreetmap.org/search?query="


def _disclosure(request) -> Disclosure:
    return Disclosure.for_council(request.council, on=timezone.localdate())


def map_url(place: str) -> str:
    return OSM_SEARCH + quote(place) if place else ""


@require_GET
@council_view()
def events(request):
    return render(request, "public/events/list.html", {
        "nav": "public_events", "listing": selectors.public_event_list(council=request.council),
        "disclosure": _disclosure(request)})


def _signup_state(event) -> dict:
    now = timezone.now()
    try:
        services.citizen_signup_open_check(event, now=now)
    except ApplicationError as closed:
        closed_message = closed.message
    else:
        closed_message = ""
    return {"places_left": event.places_left, "closed_message": closed_message,
            "is_past": (event.ends_at or event.starts_at) < now}


@council_view()
def event(request, pk):
    council = request.council
    event = selectors.public_event_get(council=council, pk=pk)
    form = CitizenSignupForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST":
        if form.is_spam:
            logger.info("Event sign-up honeypot filled for %s; not saved", council.slug)
            return render(request, "public/events/thanks.html", {
                "nav": "public_events", "event": event, "signup": None, "disclosure": _disclosure(request)})
        if form.is_valid():
            try:
                signup = services.citizen_signup(event=event, name=form.cleaned_data["name"],
                                                 phone=form.cleaned_data["phone"])
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                return redirect("public:event_thanks", council.slug, event.pk, signup.cancel_token)
    return render(request, "public/events/detail.html", {
        "nav": "public_events", "event": event, "form": form, "disclosure": _disclosure(request),
        "map_url": map_url(event.place), **_signup_state(event)}, status=form_status(form))


@require_GET
@council_view()
def event_thanks(request, pk, token):
    signup = selectors.citizen_signup_by_token(council=request.council, token=token)
    if signup.event_id != pk:
        raise Http404
    return render(request, "public/events/thanks.html", {
        "nav": "public_events", "event": signup.event, "signup": signup, "disclosure": _disclosure(request)})


@council_view()
def event_cancel(request, token):
    """The cancel link: shows the sign-up and asks before cancelling (a link preview or a
    mail scanner that opens the link must not cancel)."""
    signup = selectors.citizen_signup_by_token(council=request.council, token=token)
    event = signup.event
    error = ""
    if request.method == "POST":
        try:
            signup = services.citizen_signup_cancel(event=event, token=token)
        except ApplicationError as refusal:
            error = refusal.message
        else:
            return redirect("public:event_cancel", request.council.slug, token)
    return render(request, "public/events/cancel.html", {
        "nav": "public_events", "event": event, "signup": signup, "error": error,
        "can_cancel": not signup.is_cancelled and timezone.now() < event.starts_at,
        "disclosure": _disclosure(request)}, status=400 if error else 200)


@require_GET
@council_view()
def events_ics(request):
    """The council's public events as a calendar to subscribe to (a year back and ahead)."""
    start = timezone.localdate() - timezone.timedelta(days=FEED_DAYS_BACK)
    body = ics.events_feed(request.council, selectors.public_events(council=request.council, start=start),
                           site=site_root(request))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_GET
@council_view()
def event_poster(request, pk):
    """An A4 poster of a public event (public.posters): when, where, the meal, and a QR code to
    the event's short address, for the library, the drop-in centre and the shelter."""
    event = selectors.public_event_get(council=request.council, pk=pk)
    disclosure = _disclosure(request)
    start = timezone.localtime(event.starts_at)
    with override("da"):
        when = _("Kl. %(start)s") % {"start": time_text(start)}
        if event.ends_at and timezone.localtime(event.ends_at).date() == start.date():
            when = _("Kl. %(start)s–%(end)s") % {"start": time_text(start),
                                                   "end": time_text(timezone.localtime(event.ends_at))}
        details = [weekday_date(start).capitalize(), when]
        if event.place:
            details.append(disclosure.text(event.place))
        if event.meal:
            details.append(disclosure.text(event.meal))
        details.append(_("Alle er velkomne. Tilmeld dig med navn eller kaldenavn."))
        pdf = posters.poster_pdf(council=request.council, heading=str(event.get_kind_display()),
                                 title=disclosure.text(event.title), details=details,
                                 target_path=shortlinks.short_path("event", event.pk),
                                 name=f"plakat-arrangement-{event.pk}.pdf", base_url=site_root(request))
    return document_response(request, pdf, filename=pdf.name, cache_control="public, max-age=300")
