"""Calendar files (iCalendar, RFC 5545) with the ``icalendar`` library: one meeting (the
invitation's attachment), a council's public feed and a person's own feed.

Times are written in Europe/Copenhagen with a compact VTIMEZONE (the EU summer-time rule), so
every calendar shows the meeting at the local time it was planned for. A meeting's UID is
stable (``meeting-<id>.council-<id>@stemme``): the invitation's file and the feeds describe the
same event, and a changed time replaces the old one instead of adding a second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from core import links
from core.disclosure import Disclosure
from meetings.models import Meeting, MeetingKind, MeetingStatus
from meetings.selectors.plan import council_feed_meetings, person_feed_meetings

TZID = "Europe/Copenhagen"
PRODID = "-//Stemme//Lokale råd//DA"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}.council-{meeting.council_id}@stemme"


def meeting_summary(meeting: Meeting) -> str:
    return f"{meeting.council.name}: {meeting.display_title}"


def _vtimezone() -> Timezone:
    """Europe/Copenhagen since 1996: CET, and CEST from the last Sunday of March to the last
    Sunday of October."""
    tz = Timezone()
    tz.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1996, 3, 31, 2, 0))
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_vtimezone())
    return cal


def calendar(name: str) -> Calendar:
    """An empty calendar with the Copenhagen VTIMEZONE, for other apps' feeds (public events)."""
    return _calendar(name)


def _meeting_url(meeting: Meeting, *, internal: bool, site: str) -> str:
    if not site:
        return ""
    if meeting.public and meeting.status != MeetingStatus.CANCELLED:
        return site + reverse("public:meeting", args=[meeting.council.slug, meeting.pk])
    if internal:
        return site + reverse("meetings:meeting", args=[meeting.council.slug, meeting.pk])
    return ""


def _event(meeting: Meeting, *, internal: bool, site: str, stamp: dt.datetime,
           disclosure: Disclosure | None = None) -> Event:
    """One meeting. With ``disclosure`` (public calendars) the meeting's free text goes through the
    disclosure policy on the meeting's day."""
    zone = ZoneInfo(TZID)
    if disclosure is not None:
        text = disclosure.at(meeting.starts_at.astimezone(zone).date()).text
    else:
        def text(value):
            return value
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.council.name}: {text(meeting.display_title)}")
    if meeting.location:
        event.add("location", text(meeting.location))
    lines = [str(meeting.get_kind_display())]
    if meeting.kind == MeetingKind.JOINT and meeting.joint_with:
        lines = [_("Fællesmøde med %(with)s") % {"with": text(meeting.joint_with)}]
    url = _meeting_url(meeting, internal=internal, site=site)
    if url:
        event.add("url", url)
        lines.append(url)
    event.add("description", "\n".join(lines))
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("class", "PUBLIC" if meeting.public else "PRIVATE")
    return event


def _build(name: str, meetings: Iterable[Meeting], *, internal: bool = False, site: str | None = None,
           disclosure: Disclosure | None = None) -> bytes:
    # Outside a request (the outbox worker): settings.STEMME_BASE_URL, or no links without one.
    site = links.site_root() if site is None else site.rstrip("/")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    with translation.override(settings.LANGUAGE_CODE):
        cal = _calendar(name)
        for meeting in meetings:
            cal.add_component(_event(meeting, internal=internal, site=site, stamp=stamp, disclosure=disclosure))
    return cal.to_ical()


def meeting_ics(meeting: Meeting, *, person=None, internal: bool = False, site: str | None = None) -> bytes:
    """One meeting as a calendar file (the invitation's attachment). With ``person`` (the
    invited council person) or ``internal=True`` a non-public meeting links to its internal
    page; a public one always links to its public page. ``site``: the site's address for the
    link (default ``settings.STEMME_BASE_URL``; without one the file has no link). Without
    ``person`` and ``internal`` it is the public file: its text goes through the disclosure policy."""
    internal = internal or person is not None
    disclosure = None if internal else Disclosure.for_council(meeting.council, on=timezone.localdate())
    if internal:
        summary = meeting_summary(meeting)
    else:
        title = disclosure.at(timezone.localdate(meeting.starts_at)).text(meeting.display_title)
        summary = f"{meeting.council.name}: {title}"
    return _build(summary, [meeting], internal=internal, site=site, disclosure=disclosure)


def council_feed(council, *, site: str | None = None) -> bytes:
    """The council's public meetings (not cancelled) from a year back, through the disclosure policy."""
    return _build(council.name, council_feed_meetings(council=council), site=site,
                  disclosure=Disclosure.for_council(council, on=timezone.localdate()))


def person_feed(person, *, site: str | None = None) -> bytes:
    """The meetings of the person's council while the person is on it (see
    ``meetings.selectors.plan.person_feed_meetings``), public or not, cancelled ones marked."""
    return _build(f"{person.council.name} – {person.name}", person_feed_meetings(person=person),
                  internal=True, site=site)


def filename(meeting: Meeting) -> str:
    return f"moede-{meeting.starts_at.astimezone(ZoneInfo(TZID)):%Y-%m-%d}.ics"


def http_response(body: bytes, *, filename: str | None = None) -> HttpResponse:
    """A calendar file as a response; with ``filename`` as a download, else inline (a feed)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
