"""Public meeting pages (no login): the meeting plan, one meeting with its agenda once it is
sent out and its minutes (attendance, decisions, action items) once they are published, the
public PDFs of both, and the calendar feeds. Only public, not-cancelled meetings. Every item and
person goes through the disclosure policy (``core.disclosure``) on the meeting's day: closed
items by their switches, names only with consent, the others by their role."""

from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import fragments
from core.disclosure import Disclosure, item_visible
from core.documents import document_response
from core.links import site_root
from core.tenancy import council_view
from meetings import documents, ics
from meetings.selectors import plan as selectors
from meetings.selectors.agenda import items_for_meeting
from meetings.selectors.easyread import has_public_easy_read
from meetings.selectors.minutes import minutes_for_meeting

PDF_CACHE = "public, max-age=300"


@council_view()
def meetings(request):
    return render(request, "public/meetings.html", {
        "nav": "public_meetings", "plan": selectors.public_plan(council=request.council),
        "disclosure": Disclosure.for_council(request.council, on=timezone.localdate())})


def public_items(meeting) -> list:
    """The agenda as the public may see it: ``items_for_meeting(public=True)`` (the agenda part's
    selector, which applies the disclosure policy's item rules)."""
    return [item for item in items_for_meeting(meeting=meeting, public=True) if item_visible(item)]


@council_view()
def meeting(request, pk):
    meeting = selectors.public_meeting_get(council=request.council, pk=pk)
    is_past = meeting.ends_at < timezone.now()

    def page() -> dict:
        """What the page shows of the meeting (its title, breadcrumbs and body are cached fragments,
        core.fragments): computed only when one of them is not in the cache."""
        show_agenda = selectors.agenda_is_public(meeting)
        show_minutes = selectors.minutes_are_public(meeting)
        disclosure = documents.meeting_disclosure(meeting)
        context = {"show_agenda": show_agenda, "show_minutes": show_minutes, "items": [], "attendance_lines": [],
                   "loose_action_items": [], "elected": [], "disclosure": disclosure,
                   "has_easy_read": show_minutes and has_public_easy_read(meeting=meeting)}
        if show_minutes:
            minutes = minutes_for_meeting(meeting=meeting, public=True)
            documents.decorate(minutes.items, minutes.loose_action_items, disclosure=disclosure)
            for position in minutes.elected:
                position.display_name = documents.elected_name(position, disclosure=disclosure)
            context |= {"items": minutes.items, "loose_action_items": minutes.loose_action_items,
                        "elected": minutes.elected,
                        "attendance_lines": documents.attendance_lines(minutes.attendance, kind="minutes",
                                                                       disclosure=disclosure)}
        elif show_agenda:
            items = public_items(meeting)
            documents.decorate(items, [], disclosure=disclosure, minutes=False)
            context["items"] = items
        return context

    # The same for every visitor in a language: keyed by the council's content generation (every
    # public change bumps it with the public generation) and whether the meeting is over.
    return render(request, "public/meeting.html", {
        "nav": "public_meetings", "meeting": meeting, "is_past": is_past,
        "fragment_vary": (meeting.pk, is_past), "page": fragments.Deferred(page)})


def _public_pdf(request, meeting, kind: str) -> HttpResponseBase:
    return document_response(request, documents.public_pdf_document(meeting, kind),
                             filename=documents.pdf_filename(meeting, kind), cache_control=PDF_CACHE)


@require_GET
@council_view()
def agenda_pdf(request, pk):
    """The public agenda as PDF once it is sent out (closed items and names by the policy)."""
    meeting = selectors.public_meeting_get(council=request.council, pk=pk)
    if not selectors.agenda_is_public(meeting):
        raise Http404
    return _public_pdf(request, meeting, "agenda")


@require_GET
@council_view()
def minutes_pdf(request, pk):
    """The public minutes as PDF once they are published."""
    meeting = selectors.public_meeting_get(council=request.council, pk=pk)
    if not selectors.minutes_are_public(meeting):
        raise Http404
    return _public_pdf(request, meeting, "minutes")


@council_view()
def meeting_ics(request, pk):
    meeting = selectors.public_meeting_get(council=request.council, pk=pk)
    return ics.http_response(ics.meeting_ics(meeting, site=site_root(request)),
                             filename=ics.filename(meeting))


@council_view()
def meetings_ics(request):
    """The council's public meetings as a calendar to subscribe to."""
    return ics.http_response(ics.council_feed(request.council, site=site_root(request)))


@council_view()
def personal_calendar(request, token):
    """A person's own meetings. The address is the secret (a signed person id, no login, no
    expiry); a tampered token or another council's person is a 404."""
    person = selectors.person_from_calendar_token(council=request.council, token=token)
    return ics.http_response(ics.person_feed(person, site=site_root(request)))
