"""Reads for the year plan: a year's meetings by month, a month as a calendar grid, the public
meeting plan and the meetings in the calendar feeds. Every function filters on the council;
each is one query whatever the number of meetings."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from councils.models import Council, Membership, MembershipStatus, Person
from meetings import yearplan
from meetings.models import Meeting, MeetingStatus
from meetings.services.plan import local_zone

CALENDAR_TOKEN_SALT = "stemme.personal-calendar"  # nosec B105  # a signing salt (public by design), not a secret
# Calendar feeds carry this far back; older meetings stay on the pages.
FEED_HISTORY = dt.timedelta(days=365)
# Statuses in the order of the cycle; a public page shows the agenda from AGENDA_PUBLISHED on.
CYCLE: list[str] = [MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD,
                    MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED]


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def agenda_is_public(meeting: Meeting) -> bool:
    """The agenda is out (sent to the members) and may be shown."""
    return meeting.status in CYCLE and CYCLE.index(meeting.status) >= CYCLE.index(MeetingStatus.AGENDA_PUBLISHED)


def minutes_are_public(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.MINUTES_PUBLISHED


# --- Internal plan ------------------------------------------------------------------------------

@dataclass
class MonthGroup:
    month: dt.date  # the first day of the month
    meetings: list[Meeting]
    others: list = field(default_factory=list)  # meetings.yearplan.YearPlanEntry: committee dates, deadlines…


def year_meetings(*, council: Council, year: int) -> list[Meeting]:
    start, end = _year_bounds(year)
    return list(Meeting.objects.filter(council=council, starts_at__gte=start, starts_at__lt=end)
                .order_by("starts_at", "pk"))


def year_by_month(*, council: Council, year: int, with_others: bool = False) -> list[MonthGroup]:
    """The year's meetings (cancelled ones too, marked by their status) grouped by month, and
    with ``with_others`` the other dates of the year plan (``meetings.yearplan``: committee
    meetings, consultation deadlines…) and, on each meeting, ``clashes``: what else the council
    has that day (its events); months with nothing are left out."""
    zone = local_zone()
    groups: dict[int, MonthGroup] = {}

    def group(month: int) -> MonthGroup:
        return groups.setdefault(month, MonthGroup(month=dt.date(year, month, 1), meetings=[]))

    busy = yearplan.clashes(council=council, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)) \
        if with_others else {}
    for meeting in year_meetings(council=council, year=year):
        day = meeting.starts_at.astimezone(zone).date()
        meeting.clashes = busy.get(day, []) if meeting.status != MeetingStatus.CANCELLED else []  # type: ignore[attr-defined]  # for the plan page
        group(day.month).meetings.append(meeting)
    if with_others:
        for entry in yearplan.entries(council=council, year=year):
            group(entry.day.month).others.append(entry)
    return [groups[m] for m in sorted(groups)]


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class CalendarMonth:
    month: dt.date  # the first day of the month
    weeks: list[list[CalendarDay]]
    weekdays: list[dt.date]  # a Monday-to-Sunday week, for the column headers

    @property
    def previous(self) -> dt.date:
        return (self.month - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.month + dt.timedelta(days=32)).replace(day=1)

    @property
    def meeting_count(self) -> int:
        return sum(len(day.meetings) for week in self.weeks for day in week if day.in_month)


def month_calendar(*, council: Council, year: int, month: int) -> CalendarMonth:
    """``month`` as weeks of Monday–Sunday days, each with its meetings (cancelled included)."""
    zone = local_zone()
    weeks_dates = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    meetings = (Meeting.objects.filter(council=council,
                                       starts_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=zone),
                                       starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min,
                                                                         tzinfo=zone))
                .order_by("starts_at", "pk"))
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.starts_at.astimezone(zone).date(), []).append(meeting)
    today = timezone.localdate()
    weeks = [[CalendarDay(date=d, in_month=d.month == month, is_today=d == today, meetings=by_day.get(d, []))
              for d in week] for week in weeks_dates]
    return CalendarMonth(month=dt.date(year, month, 1), weeks=weeks, weekdays=weeks_dates[0])


# --- Public plan ------------------------------------------------------------------------------

def public_meetings(*, council: Council) -> QuerySet[Meeting]:
    """Meetings shown on the public site: public and not cancelled."""
    return Meeting.objects.filter(council=council, public=True).exclude(status=MeetingStatus.CANCELLED)


@dataclass
class PublicPlan:
    upcoming: list[Meeting]
    past: list[Meeting]


def public_plan(*, council: Council, now: dt.datetime | None = None) -> PublicPlan:
    """Upcoming meetings (soonest first) and past ones (newest first). One query."""
    now = now or timezone.now()
    upcoming: list[Meeting] = []
    past: list[Meeting] = []
    for meeting in public_meetings(council=council).order_by("starts_at", "pk"):
        (upcoming if meeting.ends_at >= now else past).append(meeting)
    past.reverse()
    return PublicPlan(upcoming=upcoming, past=past)


def public_meeting_get(*, council: Council, pk) -> Meeting:
    return get_object_or_404(public_meetings(council=council).select_related("council", "council__municipality"),
                             pk=pk)


# --- Calendar feeds --------------------------------------------------------------------------

def council_feed_meetings(*, council: Council, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return (public_meetings(council=council).filter(starts_at__gte=now - FEED_HISTORY)
            .select_related("council").order_by("starts_at", "pk"))


def upcoming_meeting(*, council: Council, now: dt.datetime | None = None) -> Meeting | None:
    """The council's next meeting that has not begun (planned or with its agenda sent), or None.
    For the member's start page before the invitations go out."""
    return (Meeting.objects.filter(council=council, starts_at__gt=now or timezone.now(),
                                   status__in=(MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED))
            .order_by("starts_at", "id").first())


def person_feed_meetings(*, person: Person, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings of the person's council inside the term of one of the person's appointed
    memberships (member, substitute or guest) that had not ended by the meeting's day.
    Non-public meetings are included; cancelled ones too, so calendars show them as cancelled."""
    now = now or timezone.now()
    memberships = Membership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=OuterRef("starts_at__date")),
        person=person, council_id=person.council_id, status=MembershipStatus.APPOINTED,
        term__start__lte=OuterRef("starts_at__date"), term__end__gte=OuterRef("starts_at__date"))
    return (Meeting.objects.filter(Exists(memberships), council_id=person.council_id,
                                   starts_at__gte=now - FEED_HISTORY)
            .select_related("council").order_by("starts_at", "pk"))


def calendar_token(person_id: int) -> str:
    """The secret part of a person's calendar address: the person id signed (no timestamp, so
    the address is stable and can be subscribed to once)."""
    return signing.Signer(salt=CALENDAR_TOKEN_SALT).sign(str(int(person_id)))


def person_from_calendar_token(*, council: Council, token: str) -> Person:
    """The person a calendar token names, in ``council``; a tampered token or another
    council's person is a 404."""
    try:
        pk = int(signing.Signer(salt=CALENDAR_TOKEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise Http404("Bad calendar token") from None
    return get_object_or_404(Person.objects.select_related("council"), council=council, pk=pk)
