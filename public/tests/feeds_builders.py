"""Builders for the feed and alert tests: rows in the states the public selectors read (published
minutes, sent and published responses), made directly so each test is quick."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hearings.models import Consultation, ConsultationStatus
from meetings.models import Meeting, MeetingStatus


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def minutes_meeting(council, *, title: str = "Rådsmøde", day: dt.date = dt.date(2026, 3, 3),
                    published_at: dt.datetime | None = None, public: bool = True,
                    status: str = MeetingStatus.MINUTES_PUBLISHED) -> Meeting:
    """A held meeting whose minutes are published at ``published_at`` (a day after it by default)."""
    published = (published_at or at(day + dt.timedelta(days=1))) if status == MeetingStatus.MINUTES_PUBLISHED else None
    return Meeting.objects.create(
        council=council, title=title, starts_at=at(day, 16), ends_at=at(day, 18), public=public, status=status,
        held_at=at(day, 18), minutes_published_at=published)


def response(council, *, title: str = "Ungestrategi", sent_at: dt.datetime | None = None, published: bool = True,
             status: str = ConsultationStatus.SENT) -> Consultation:
    sent_at = sent_at or at(dt.date(2026, 3, 12))
    sent = status in (ConsultationStatus.SENT, ConsultationStatus.OUTCOME)
    return Consultation.objects.create(
        council=council, title=title, sender="Forvaltningen", received_on=sent_at.date() - dt.timedelta(days=30),
        deadline=sent_at.date() + dt.timedelta(days=2), status=status, recipient_name="Socialudvalget",
        recipient_email="sus@example.org", sent_at=sent_at if sent else None,
        sent_text="Rådet takker for høringen." if sent else "", published=published)


def public_event(council, *, title: str = "Borgermøde om hjemløshed", day: dt.date | None = None,
                 is_public: bool = True, place: str = "Medborgerhuset"):
    """An event of the council's own through the events service (it records when it was made public)."""
    from activities.services.events import event_create

    day = day or timezone.localdate() + dt.timedelta(days=14)
    return event_create(council=council, kind="citizens", own=True, title=title, starts_at=at(day, 17),
                        ends_at=at(day, 19), place=place, is_public=is_public)
