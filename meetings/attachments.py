"""Outbox attachment builders for the meetings app (registered in ``MeetingsConfig.ready``): the
agenda PDF and the meeting's calendar file are built when the invitation leaves, so they show
the agenda as it is then."""

from __future__ import annotations

from councils.models import Person
from meetings.documents import agenda_pdf as render_agenda_pdf
from meetings.ics import meeting_ics
from meetings.models import Attendance, Meeting
from meetings.selectors.reading import reading_entitled


def _meeting(descriptor: dict) -> Meeting:
    return Meeting.objects.select_related("council", "council__municipality").get(pk=descriptor["meeting_id"])


def agenda_pdf(descriptor: dict) -> bytes:
    """``meetings.agenda_pdf``: the agenda of ``meeting_id``; with ``"public": true`` the public
    agenda (for someone who may not read closed items: ``services.attendance.agenda_attachment``).
    A descriptor stored before that with ``person_id`` is still that person's copy."""
    meeting = _meeting(descriptor)
    if descriptor.get("public"):
        return render_agenda_pdf(meeting, public=True)
    person_id = descriptor.get("person_id")
    if person_id:
        attendance = (Attendance.objects.select_related("membership", "membership__term")
                      .filter(meeting=meeting, person_id=person_id).first())
        if attendance is not None:
            attendance.meeting = meeting
            if not reading_entitled(attendance):
                return render_agenda_pdf(meeting, public=True)
    return render_agenda_pdf(meeting)


def calendar_file(descriptor: dict) -> bytes:
    """``meetings.ics``: the meeting ``meeting_id`` as a calendar file for ``person_id`` (if given)."""
    person_id = descriptor.get("person_id")
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    return meeting_ics(_meeting(descriptor), person=person)
