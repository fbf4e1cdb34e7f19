"""Builders for the year-plan tests (test_plan_*.py and public/tests/test_public_meetings.py;
the fixtures are in conftest.py). State is built through the real services."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from meetings.models import AgendaItem, Meeting
from meetings.services import plan as services

CPH = ZoneInfo("Europe/Copenhagen")
_counter = itertools.count(1)


def at(day: dt.date | str, hour: int = 16, minute: int = 0) -> dt.datetime:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CPH)


def make_meeting(council, day, *, hours=(16, 18), status=None, **fields) -> Meeting:
    meeting = services.meeting_create(council=council, kind=fields.pop("kind", "ordinary"),
                                      starts_at=at(day, hours[0]), ends_at=at(day, hours[1]), **fields)
    if status:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
    return meeting


def make_item(meeting, title, *, position=None, **fields) -> AgendaItem:
    """An agenda item written directly (the agenda part's services are not under test here)."""
    return AgendaItem.objects.create(council=meeting.council, meeting=meeting, title=title,
                                     position=next(_counter) if position is None else position, **fields)


def days(meetings) -> list[dt.date]:
    return [m.starts_at.astimezone(CPH).date() for m in meetings]

