"""Outbox attachment builders for the meetings app (registered in ``MeetingsConfig.ready``): the
agenda PDF and the meeting's calendar file are built when the invitation leaves, so they show
the agenda as it is then."""

from __future__ import annotations

from councils.models import Person
from meetings.documents import agenda_pdf as render_agenda_pdf
from meetings.ics import meeting_ics
from meetings.models import Meeting


def _meeting(descriptor: dict) -> Meeting:
    return Meeting.objects.select_related("council", "council__municipality").get(pk=descriptor["meeting_id"])


def agenda_pdf(descriptor: dict) -> bytes:
    """``meetings.agenda_pdf``: the agenda of ``meeting_id``."""
    return render_agenda_pdf(_meeting(descriptor))


def calendar_file(descriptor: dict) -> bytes:
    """``meetings.ics``: the meeting ``meeting_id`` as a calendar file for ``person_id`` (if given)."""
    person_id = descriptor.get("person_id")
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    return meeting_ics(_meeting(descriptor), person=person)
