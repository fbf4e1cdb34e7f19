"""The meetings' panels on a member's start page ("Hvad skal jeg nu?", ``councils.hooks``,
registered in ``MeetingsConfig.ready``): the next meeting first – when and where, the agenda, and
"Jeg kommer" / "Meld afbud" – and later on the page the minutes waiting for the person's approval.
Two queries and one query, however many meetings there are."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.utils import timezone

from councils.hooks import register_member_panel
from meetings import rules as meeting_rules
from meetings.selectors.minutes import minutes_awaiting_approval_by
from meetings.selectors.plan import upcoming_meeting
from meetings.selectors.reading import OPEN_STATUSES, next_attendance_for_person

NEXT_MEETING_TEMPLATE = "meetings/startpage/next_meeting.html"
APPROVALS_TEMPLATE = "meetings/startpage/minutes_approvals.html"


def map_url(location: str) -> str:
    """A map search for the meeting's place (OpenStreetMap: no account, no tracking cookies)."""
    return "https://www.openstreetmap.org/search?query=" + quote(location.strip())


def next_meeting_panel(*, council: Any, person: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """The nearest meeting the person is called to (or, before the invitations, the council's next
    meeting), with what the person can answer now."""
    now = timezone.now()
    mine = next_attendance_for_person(person_ids=[person.pk], now=now)
    meeting = mine.meeting if mine is not None else upcoming_meeting(council=council, now=now)
    open_meeting = (meeting is not None and meeting.status in OPEN_STATUSES
                    and not meeting_rules.has_started(meeting, now=now))
    return {
        "meeting": meeting, "mine": mine,
        "map_url": map_url(meeting.location) if meeting is not None and meeting.location.strip() else "",
        "can_read": meeting is not None and meeting.is_agenda_published,
        "can_confirm": open_meeting and mine is not None and mine.is_invited and mine.coming_at is None,
        "can_afbud": open_meeting and mine is not None and (mine.is_invited or mine.is_not_called),
        "coming": mine is not None and mine.is_invited and mine.coming_at is not None,
        # The panel holds until the meeting begins (councils.hooks: the start page's cached fragment).
        "until": meeting.starts_at if meeting is not None else None,
    }


def minutes_approvals_panel(*, council: Any, person: Any, user: Any, today: dt.date) -> dict[str, Any] | None:
    """Minutes sent to the members who were present, for written approval, not yet approved by the person."""
    meetings = minutes_awaiting_approval_by(council=council, person_ids=[person.pk])
    return {"meetings": meetings} if meetings else None


def register_panels() -> None:
    """Called from the app's ``ready()``."""
    register_member_panel(NEXT_MEETING_TEMPLATE, next_meeting_panel, order=10)
    register_member_panel(APPROVALS_TEMPLATE, minutes_approvals_panel, order=40)
