"""Builders for the event tests (the ``ew`` fixture is in conftest.py): the seed udsatteråd from the minutes tests with
logins for some members, and another council that must never see its events. The builders are imported by name."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from activities.services import events as services
from meetings.services import plan as plan_services
from meetings.tests.seed import SeedWorld

CPH = ZoneInfo("Europe/Copenhagen")


def today() -> dt.date:
    return timezone.localdate()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


class EventWorld(SeedWorld):
    def url(self, event=None, suffix: str = "") -> str:
        base = f"/{self.council.slug}/intern/arrangementer/"
        return f"{base}{event.pk}/{suffix}" if event is not None else f"{base}{suffix}"


def make_event(w: EventWorld, *, title="Netværksmøde for udsatteråd", days=20, council=None, **fields):
    start = fields.pop("starts_at", at(today() + dt.timedelta(days=days)))
    return services.event_create(council=council or w.council, title=title, starts_at=start,
                                 ends_at=fields.pop("ends_at", start + dt.timedelta(hours=5)),
                                 place=fields.pop("place", "Odense Congress Center"),
                                 organiser=fields.pop("organiser", "Rådet for Socialt Udsatte"),
                                 actor=w.secretary, **fields)


def make_meeting(w: EventWorld, days: int, council=None):
    day = today() + dt.timedelta(days=days)
    return plan_services.meeting_create(council=council or w.council, kind="ordinary", starts_at=at(day, 16),
                                        ends_at=at(day, 18), location="Rådhuset", actor=w.secretary)


def move_to_past(event, days: int = 2):
    """Time passes: the event took place ``days`` ago."""
    from activities.models import Event

    start = at(today() - dt.timedelta(days=days))
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=5),
                                             signup_deadline=None)
    event.refresh_from_db()
    return event


def public_event(council, *, title="Borgermøde om ældrepolitik", days=20, public_capacity=None, actor=None,
                 **fields):
    """One of the council's own events, public, with places for citizens (None: no limit)."""
    start = fields.pop("starts_at", at(today() + dt.timedelta(days=days), 18))
    fields = {"kind": "citizens", "own": True, "is_public": True, **fields}
    return services.event_create(council=council, title=title,
                                 starts_at=start, ends_at=fields.pop("ends_at", start + dt.timedelta(hours=2)),
                                 place=fields.pop("place", "Musikteatret, Albertslund"),
                                 public_capacity=public_capacity, actor=actor, **fields)
