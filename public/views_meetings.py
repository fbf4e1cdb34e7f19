"""Public meeting pages (no login): the meeting plan, one meeting with its agenda once it is
sent out and its decisions once the minutes are published, and the calendar feeds. Only public,
not-cancelled meetings; closed items by their switches (see ``public_items``)."""

from django.shortcuts import render
from django.utils import timezone

from core.tenancy import council_view
from meetings import ics
from meetings.selectors import plan as selectors


@council_view()
def meetings(request):
    return render(request, "public/meetings.html", {
        "nav": "public_meetings", "plan": selectors.public_plan(council=request.council)})


def public_items(meeting) -> list:
    """The agenda as the public may see it. ``items_for_meeting(public=True)`` (the agenda
    part's selector) already leaves out closed items without ``publish_title`` and blanks
    what may not be shown; the filter here only makes sure a closed item without its title
    switch never reaches the page."""
    from meetings.selectors.agenda import items_for_meeting

    return [item for item in items_for_meeting(meeting=meeting, public=True) if not item.closed or item.publish_title]


@council_view()
def meeting(request, pk):
    meeting = selectors.public_meeting_get(council=request.council, pk=pk)
    show_agenda = selectors.agenda_is_public(meeting)
    return render(request, "public/meeting.html", {
        "nav": "public_meetings", "meeting": meeting, "show_agenda": show_agenda,
        "show_minutes": selectors.minutes_are_public(meeting),
        "items": public_items(meeting) if show_agenda else [],
        "is_past": meeting.ends_at < timezone.now()})


@council_view()
def meeting_ics(request, pk):
    meeting = selectors.public_meeting_get(council=request.council, pk=pk)
    return ics.http_response(ics.meeting_ics(meeting, site=request.build_absolute_uri("/")),
                             filename=ics.filename(meeting))


@council_view()
def meetings_ics(request):
    """The council's public meetings as a calendar to subscribe to."""
    return ics.http_response(ics.council_feed(request.council, site=request.build_absolute_uri("/")))


@council_view()
def personal_calendar(request, token):
    """A person's own meetings. The address is the secret (a signed person id, no login, no
    expiry); a tampered token or another council's person is a 404."""
    person = selectors.person_from_calendar_token(council=request.council, token=token)
    return ics.http_response(ics.person_feed(person, site=request.build_absolute_uri("/")))
