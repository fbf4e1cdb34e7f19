"""Reads for events (arrangementer): the council's list (upcoming first, then past), one event
with its sign-ups, the cost from the finance app's expenses, the next meeting a report back
goes on, and the events shown in the agenda's standard item. Every function filters on the
council and prefetches what its page shows, so the number of queries does not grow with the
number of events or sign-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from activities.models import CitizenSignup, CitizenSignupStatus, Event, EventSignup, SignupStatus
from councils.selectors import member_directory
from meetings.models import Meeting, MeetingStatus

if TYPE_CHECKING:
    from councils.models import Council

# Sign-ups that hold one of the council's places.
PLACE_STATUSES = (SignupStatus.SIGNED_UP, SignupStatus.ATTENDED)
# Sign-ups still "on": shown on the event page and in the agenda item.
ACTIVE_STATUSES = (SignupStatus.SIGNED_UP, SignupStatus.WAITING, SignupStatus.ATTENDED)
# How far ahead the agenda's standard item looks (about three months).
AGENDA_HORIZON_DAYS = 92


def _signups() -> Prefetch:
    return Prefetch("signups", queryset=EventSignup.objects.select_related("person").order_by("signed_up_at", "id"))


def _events_qs(council: Council) -> QuerySet[Event]:
    return Event.objects.filter(council=council).prefetch_related(_signups())


@dataclass
class EventRow:
    event: Event
    signed_up: list          # people with a place (signed up or attended)
    waiting: list            # people on the waiting list, first in line first
    mine: str | None         # the status of the viewer's own sign-up
    attended: list = field(default_factory=list)  # people recorded as having taken part


@dataclass
class EventList:
    upcoming: list[EventRow]
    past: list[EventRow]
    past_years: list[int] = field(default_factory=list)  # years with past events, newest first
    past_year: int | None = None  # the year shown; None: the last twelve months


def _row(event: Event, person_ids=()) -> EventRow:
    signups = list(event.signups.all())
    mine = next((s.status for s in signups if s.person_id in person_ids and s.status != SignupStatus.CANCELLED), None)
    return EventRow(event=event,
                    signed_up=[s.person for s in signups if s.status in PLACE_STATUSES],
                    waiting=[s.person for s in signups if s.status == SignupStatus.WAITING],
                    mine=mine,
                    attended=[s.person for s in signups if s.status == SignupStatus.ATTENDED])


def event_list(council: Council, *, person_ids=(), now: dt.datetime | None = None,
               past_year: int | None = None) -> EventList:
    """Upcoming events (soonest first; an event running now counts as upcoming) and past events
    (latest first): those of the last twelve months, or of ``past_year``, so the page stays the
    same size as the years pass. Five queries."""
    now = now or timezone.now()
    running = Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
    upcoming = [_row(e, person_ids) for e in _events_qs(council).filter(running).order_by("starts_at", "id")]
    ended = Event.objects.filter(council=council).exclude(running)
    years = sorted({d.year for d in ended.order_by().datetimes("starts_at", "year",
                                                                 tzinfo=timezone.get_current_timezone())},
                   reverse=True)
    if past_year not in years:
        past_year = None
    past_qs = _events_qs(council).exclude(running)
    past_qs = (past_qs.filter(starts_at__year=past_year) if past_year is not None
               else past_qs.filter(starts_at__gte=now - dt.timedelta(days=365)))
    past = [_row(e, person_ids) for e in past_qs.order_by("-starts_at", "-id")]
    return EventList(upcoming=upcoming, past=past, past_years=years, past_year=past_year)


def event_get(council: Council, pk) -> Event:
    """One of the council's events (404 for another council's) with its sign-ups and people."""
    return get_object_or_404(_events_qs(council).select_related("reported_by", "report_item__meeting"), pk=pk)


def event_row(event: Event, person_ids=()) -> EventRow:
    return _row(event, person_ids)


def own_signup(event: Event, person_ids) -> EventSignup | None:
    """The viewer's own sign-up (from the prefetched sign-ups)."""
    return next((s for s in event.signups.all() if s.person_id in person_ids), None)


@dataclass
class EventCost:
    total: Decimal
    spent: Decimal
    committed: Decimal
    count: int


def signups_ahead(*, council: Council, person_ids, now: dt.datetime | None = None) -> list[EventSignup]:
    """The people's sign-ups (signed up or on the waiting list) for the council's events that have
    not ended, soonest first, with their event. One query. For the member's start page."""
    now = now or timezone.now()
    if not person_ids:
        return []
    ongoing = Q(event__ends_at__gte=now) | Q(event__ends_at__isnull=True, event__starts_at__gte=now)
    return list(EventSignup.objects.filter(ongoing, council=council, person_id__in=list(person_ids),
                                           status__in=(SignupStatus.SIGNED_UP, SignupStatus.WAITING))
                .select_related("event").order_by("event__starts_at", "event_id"))


def event_cost(event: Event) -> EventCost:
    """The expenses the finance app links to the event: the total, split into spent and
    committed (disponeret). One query."""
    rows = list(event.expenses.values("status").annotate(total=Sum("amount"), n=Count("id")).order_by())
    by_status = {r["status"]: r["total"] or Decimal(0) for r in rows}
    count = sum(r["n"] for r in rows)
    spent = by_status.get("spent", Decimal(0))
    committed = by_status.get("committed", Decimal(0))
    return EventCost(total=sum(by_status.values(), Decimal(0)), spent=spent, committed=committed, count=count)


def places_taken(event: Event) -> int:
    return EventSignup.objects.filter(event=event, status__in=PLACE_STATUSES).count()


def attended(event: Event) -> list:
    """The people recorded as having attended (from the prefetched sign-ups)."""
    return [s.person for s in event.signups.all() if s.status == SignupStatus.ATTENDED]


@dataclass
class AttendanceChoices:
    people: list             # Person rows to choose from, by name
    initial: list[int]       # the ids ticked when the form opens

    def person(self, pk: int):
        return next(p for p in self.people if p.pk == pk)


def attendance_choices(council: Council, event: Event) -> AttendanceChoices:
    """Who can be recorded as having attended: the members, substitutes and guests on the council
    on the event's day (not today's roster: a 2018 event offers the 2018 council), and anyone
    signed up. Ticked from the start: those recorded as attended, or – before anything is recorded
    – those signed up. Two queries (the roster on that day; the sign-ups are prefetched)."""
    signups = list(event.signups.all())
    on_council = member_directory(council=council, on=timezone.localtime(event.starts_at).date())
    people = {m.person.pk: m.person for m in on_council}
    for s in signups:
        if s.status != SignupStatus.CANCELLED:
            people.setdefault(s.person.pk, s.person)
    recorded = any(s.status in (SignupStatus.ATTENDED, SignupStatus.NO_SHOW) for s in signups)
    initial = [s.person_id for s in signups
               if s.status == SignupStatus.ATTENDED or (not recorded and s.status == SignupStatus.SIGNED_UP)]
    return AttendanceChoices(people=sorted(people.values(), key=lambda p: (p.name, p.pk)), initial=initial)


def next_meeting(council: Council, *, today: dt.date | None = None):
    """The first meeting after today that is neither held nor cancelled (agenda planned or
    published), or None."""
    today = today or timezone.localdate()
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min,
                                   tzinfo=timezone.get_current_timezone())
    return (Meeting.objects.filter(council=council, starts_at__gte=tomorrow,
                                   status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED])
            .order_by("starts_at", "id").first())


def events_for_agenda(*, meeting, as_of: dt.date | None = None) -> list[EventRow]:
    """Events from the meeting's day to about three months later, soonest first, with who has
    signed up. With ``as_of``: only events entered by that day, with the sign-ups made by
    then (a sign-up's status is today's). Two queries."""
    day = timezone.localtime(meeting.starts_at).date()
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=AGENDA_HORIZON_DAYS + 1), dt.time.min, tzinfo=tz)
    events = Event.objects.filter(council_id=meeting.council_id, starts_at__gte=start, starts_at__lt=end)
    signups = EventSignup.objects.select_related("person").order_by("signed_up_at", "id")
    if as_of is not None:
        known = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        events = events.filter(created_at__lt=known)
        signups = signups.filter(signed_up_at__lt=known)
    events = events.prefetch_related(Prefetch("signups", queryset=signups)).order_by("starts_at", "id")
    return [_row(e) for e in events]


# --- Public events and citizens' sign-ups -----------------------------------------------------------

def _ongoing(now: dt.datetime) -> Q:
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)


def _public_qs(council: Council) -> QuerySet[Event]:
    # The citizens' places taken, counted in the same query (no query per event).
    return (Event.objects.filter(council=council, is_public=True, own=True)
            .annotate(citizens_taken=Count("citizen_signups",
                                           filter=Q(citizen_signups__status=CitizenSignupStatus.SIGNED_UP))))


def public_events(*, council: Council, start: dt.date | None = None, end: dt.date | None = None) -> list[Event]:
    """The council's public events that begin on ``start`` … ``end`` (local days, both
    included; open ends when None), soonest first, each with ``citizens_taken``. One query."""
    tz = timezone.get_current_timezone()
    qs = _public_qs(council)
    if start is not None:
        qs = qs.filter(starts_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz))
    if end is not None:
        qs = qs.filter(starts_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return _with_places(qs.order_by("starts_at", "id"))


def _with_places(events) -> list[Event]:
    """The events with ``places_left`` (None: no limit) set for the templates."""
    rows = list(events)
    for event in rows:
        event.places_left = citizen_places_left(event)  # for the templates (a runtime attribute)
    return rows


@dataclass
class PublicEventList:
    upcoming: list[Event]   # soonest first; an event running now counts as upcoming
    past: list[Event]       # this year's past events, latest first


def public_event_list(*, council: Council, now: dt.datetime | None = None) -> PublicEventList:
    """The public list: upcoming public events, then the past ones of this year. Two queries."""
    now = now or timezone.now()
    year_start = dt.datetime(timezone.localtime(now).year, 1, 1, tzinfo=timezone.get_current_timezone())
    upcoming = _with_places(_public_qs(council).filter(_ongoing(now)).order_by("starts_at", "id"))
    past = _with_places(_public_qs(council).exclude(_ongoing(now)).filter(starts_at__gte=year_start)
                        .order_by("-starts_at", "-id"))
    return PublicEventList(upcoming=upcoming, past=past)


def upcoming_public_events(*, council: Council, limit: int = 3, now: dt.datetime | None = None) -> list[Event]:
    """The next ``limit`` public events (the council's public front page). One query."""
    now = now or timezone.now()
    return _with_places(_public_qs(council).filter(_ongoing(now)).order_by("starts_at", "id")[:limit])


def public_event_get(*, council: Council, pk) -> Event:
    """One public event of the council, with ``citizens_taken``; 404 when it is not public or
    belongs to another council."""
    return _with_places([get_object_or_404(_public_qs(council), pk=pk)])[0]


def citizen_places_left(event: Event) -> int | None:
    """Citizens' places left (from ``citizens_taken`` when annotated), or None without a limit."""
    if event.public_capacity is None:
        return None
    taken = getattr(event, "citizens_taken", None)
    if taken is None:
        taken = citizen_places_taken(event)
    return max(0, event.public_capacity - taken)


def citizen_places_taken(event: Event) -> int:
    return CitizenSignup.objects.filter(event=event, status=CitizenSignupStatus.SIGNED_UP).count()


def citizen_signup_by_token(*, council: Council, token: str) -> CitizenSignup:
    """The sign-up the cancel link points to (with its event); 404 for an unknown token or
    another council's."""
    return get_object_or_404(CitizenSignup.objects.select_related("event"), council=council,
                             cancel_token=token)


@dataclass
class CitizenList:
    signed_up: list[CitizenSignup]   # with a place, in the order they signed up
    waiting: list[CitizenSignup]     # the waiting list, first in line first
    cancelled: list[CitizenSignup]

    @property
    def count(self) -> int:
        return len(self.signed_up)


def citizen_list(*, event: Event) -> CitizenList:
    """The citizens' sign-ups of an event for the secretariat (names and phone numbers: personal
    data, events.citizens only). One query."""
    rows = list(CitizenSignup.objects.filter(event=event).order_by("created_at", "id"))
    return CitizenList(signed_up=[r for r in rows if r.is_signed_up], waiting=[r for r in rows if r.is_waiting],
                       cancelled=[r for r in rows if r.is_cancelled])
