"""Reads for the easy-read minutes (*letlæst referat*): the starting point Stemme offers, the
version of a meeting, and the published one the public may read."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from meetings import documents
from meetings.easyread import short_sentences
from meetings.models import EasyReadMinutes, ItemKind, Meeting, MeetingStatus, StandardItem
from meetings.selectors.agenda import items_for_meeting

# The statuses in which the decisions are written and an easy-read version can be started.
STARTABLE_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)
# LIX at or below this reads easily for most adults (the aim of an easy-read text).
LIX_TARGET = 34


def easy_read_get(*, meeting: Meeting) -> EasyReadMinutes | None:
    return EasyReadMinutes.objects.filter(council_id=meeting.council_id, meeting=meeting).first()


def public_easy_read(*, meeting: Meeting) -> EasyReadMinutes:
    """The published easy-read minutes of a public meeting whose full minutes are published,
    else a 404 (so unpublishing the minutes hides this version too)."""
    easy = easy_read_get(meeting=meeting)
    if easy is None or not easy.is_published or meeting.status != MeetingStatus.MINUTES_PUBLISHED:
        raise Http404
    return easy


def has_public_easy_read(*, meeting: Meeting) -> bool:
    return (meeting.status == MeetingStatus.MINUTES_PUBLISHED and EasyReadMinutes.objects.filter(
        council_id=meeting.council_id, meeting=meeting, status="published").exists())


def starting_text(*, meeting: Meeting) -> str:
    """A first easy-read text from the minutes' decisions only: the standard intro, then per item
    with a public decision its title and the decision cut into short sentences, then the
    standard outro. Closed items follow the disclosure policy (``items_for_meeting(public=True)``:
    no decision of a closed item unless it may be published; no case text at all), and names go
    through the meeting day's ``Disclosure``. Written in Danish whatever the page's language:
    it is the text of a Danish document."""
    disclosure = documents.meeting_disclosure(meeting)
    items = [item for item in items_for_meeting(meeting=meeting, public=True)
             if item.decision.strip() and item.standard != StandardItem.APPROVAL]
    with override("da"):
        day = date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
        blocks = ["[møde] " + _("Rådet holdt møde den %(date)s.") % {"date": day} + "\n"
                  + (_("Her kan du læse, hvad rådet besluttede.") if items else
                     _("Rådet traf ingen beslutninger, som kan offentliggøres."))]
        for item in items:
            title = disclosure.text(item.title)
            sentences = short_sentences(disclosure.text(item.decision))
            marker = "[beslutning] " if item.kind == ItemKind.DECISION else ""
            blocks.append(f"# {title}")
            if len(sentences) == 1:
                blocks.append(marker + sentences[0])
            else:
                blocks.append(marker + "\n".join(f"- {s}" for s in sentences))
        outro = "[spørgsmål] " + _("Vil du vide mere? Læs hele referatet på rådets side.")
        if meeting.council.phone:
            outro += " " + _("Du kan også ringe til sekretariatet på %(phone)s.") % {"phone": meeting.council.phone}
        blocks.append(outro)
    return "\n\n".join(blocks)
