"""What a printed invitation shows besides its text (``notifications.letters``): the QR code to
the person's reading link, the short address to type instead, and the agenda's list of items
moved after the signature. Registered in ``MeetingsConfig.ready`` for invitations and a
substitute's invitation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from meetings.models import Attendance
from meetings.selectors import reading
from meetings.services.attendance import KIND_INVITATION, KIND_SUBSTITUTE_INVITATION
from notifications.letters import register_letter_context
from notifications.models import OutboxMessage


def invitation_letter_context(message: OutboxMessage) -> dict:
    """The letter context of an invitation: the reading link and short address of the
    attendance the message invites to (none when the link has been closed or no longer works:
    the letter then gives the phone number only)."""
    context = {
        # The list of items may be long: after the signature (page two), the signature stays on page one.
        "appendix_from": _("Dagsorden:"),
        # The letter's own box says these, with the QR code and the phone number: the paragraphs of
        # meetings/templates/meetings/email/invitation.txt with the short address and how to call.
        "omit": [_("Du kan også læse den på nettet."), _("Kan du ikke komme?")],
    }
    attendance = (Attendance.objects.select_related("meeting")
                  .filter(council_id=message.council_id, meeting_id=message.meeting_id, person_id=message.person_id)
                  .first()) if message.meeting_id and message.person_id else None
    if attendance is None:
        return {}
    try:
        reading.check_reading(attendance)
    except reading.ReadingLinkUnusable:
        return context
    return context | {"reading_url": reading.reading_url(attendance), "short_url": reading.short_url(attendance),
                      "short_code": reading.short_code_display(attendance.short_code)}


def register() -> None:
    for kind in (KIND_INVITATION, KIND_SUBSTITUTE_INVITATION):
        register_letter_context(kind, invitation_letter_context)
