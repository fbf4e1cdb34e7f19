"""The council's public events as a calendar feed (iCalendar), built with the meetings feed's
calendar (``meetings.ics.calendar``: the same time zone and product id). An event's UID is
stable (``event-<id>.council-<id>@stemme``), so a changed time replaces the old entry. The free
texts go through the disclosure policy, as on the public page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from activities.models import Event
from core.disclosure import Disclosure
from meetings.ics import TZID, calendar

# An event without an end time is shown as two hours long in calendars.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def event_uid(event: Event) -> str:
    return f"event-{event.pk}.council-{event.council_id}@stemme"


def events_feed(council, events: Iterable[Event], *, site: str) -> bytes:
    """``events`` (the council's public events) as one calendar; ``site``: the site's address
    for the links."""
    zone = ZoneInfo(TZID)
    disclosure = Disclosure.for_council(council, on=timezone.localdate())
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    with translation.override(settings.LANGUAGE_CODE):
        cal = calendar(_("%(council)s: arrangementer") % {"council": council.name})
        for event in events:
            text = disclosure.at(event.starts_at.astimezone(zone).date()).text
            entry = VEvent()
            entry.add("uid", event_uid(event))
            entry.add("dtstamp", stamp)
            entry.add("dtstart", event.starts_at.astimezone(zone))
            entry.add("dtend", (event.ends_at or event.starts_at + DEFAULT_LENGTH).astimezone(zone))
            entry.add("summary", f"{council.name}: {text(event.title)}")
            if event.place:
                entry.add("location", text(event.place))
            url = site.rstrip("/") + reverse("public:event", args=[council.slug, event.pk])
            entry.add("url", url)
            lines = [str(event.get_kind_display())]
            if event.description:
                lines.append(text(event.description))
            lines.append(url)
            entry.add("description", "\n\n".join(lines))
            entry.add("status", "CONFIRMED")
            entry.add("class", "PUBLIC")
            cal.add_component(entry)
        return cal.to_ical()
