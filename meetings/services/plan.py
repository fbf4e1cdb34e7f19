"""Writes for the year plan (*årshjul*): create, edit and cancel meetings, and generate a
year's meetings from the rules of procedure. Keyword-only, validated, audited."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import publiccache
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from councils.models import Council
from councils.selectors import rules_in_force
from meetings.models import Meeting, MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from accounts.models import User

YEAR_MIN, YEAR_MAX = 2000, 2100
# More than one meeting a week is not a year plan; the generator refuses it.
MAX_MEETINGS_PER_YEAR = 52
# Meetings that make up the plan's regular rhythm. An extraordinary meeting, a joint meeting
# or a theme day in the same period does not stand in for a regular meeting.
REGULAR_KINDS = (MeetingKind.ORDINARY, MeetingKind.CONSTITUTING)
EDITABLE_FIELDS = ("kind", "title", "starts_at", "ends_at", "location", "joint_with", "public")
# Meetings that have not been held yet can be cancelled.
CANCELLABLE = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _check(meeting: Meeting) -> None:
    """Rules across the meeting's fields, with clear Danish messages, then the model's own."""
    if meeting.kind not in MeetingKind.values:
        raise ApplicationError(_("Vælg en mødetype."), field="kind")
    if meeting.starts_at is None:
        raise ApplicationError(_("Skriv hvornår mødet starter."), field="starts_at")
    if meeting.ends_at is None:
        raise ApplicationError(_("Skriv hvornår mødet slutter."), field="ends_at")
    if timezone.is_naive(meeting.starts_at) or timezone.is_naive(meeting.ends_at):
        raise ValueError("Meeting times must be timezone-aware")
    year = meeting.starts_at.astimezone(local_zone()).year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ApplicationError(_("Mødet skal ligge mellem år %(min)s og %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
                               field="starts_at")
    if meeting.ends_at <= meeting.starts_at:
        raise ApplicationError(_("Mødet skal slutte efter det starter."), field="ends_at")
    if meeting.kind == MeetingKind.JOINT and not meeting.joint_with.strip():
        raise ApplicationError(_("Skriv hvem fællesmødet holdes med, fx “Social- og Sundhedsudvalget”."),
                               field="joint_with")
    if meeting.kind != MeetingKind.JOINT:
        meeting.joint_with = ""
    full_clean_or_raise(meeting)


@transaction.atomic
def meeting_create(*, council: Council, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, location: str = "",
                   title: str = "", joint_with: str = "", public: bool = True, actor: User | None = None) -> Meeting:
    publiccache.bump(council)  # renews cached public pages on commit
    meeting = Meeting(council=council, kind=kind, starts_at=starts_at, ends_at=ends_at, location=location.strip(),
                      title=title.strip(), joint_with=joint_with.strip(), public=public)
    _check(meeting)
    meeting.save()
    audit(action="meetings.meeting.created", actor=actor, council=council, obj=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User | None = None, **fields) -> Meeting:
    """Change a meeting's kind, title, time, place, joint partner or public flag."""
    publiccache.bump(meeting.council_id)  # renews cached public pages on commit
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update() got unknown fields: {sorted(unknown)}")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst og kan ikke rettes. Opret et nyt møde i stedet."))
    before = snapshot(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    _check(meeting)
    meeting.save()
    audit(action="meetings.meeting.updated", actor=actor, council=meeting.council, obj=meeting, before=before)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User | None = None) -> Meeting:
    """Cancel a meeting that has not been held. It stays in the plan, marked *aflyst*, and
    leaves the public plan and the calendar feeds' upcoming meetings."""
    publiccache.bump(meeting.council_id)  # renews cached public pages on commit
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er allerede aflyst."))
    if meeting.status not in CANCELLABLE:
        raise ApplicationError(_("Mødet er holdt og kan ikke aflyses."))
    before = snapshot(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    audit(action="meetings.meeting.cancelled", actor=actor, council=meeting.council, obj=meeting,
          before=before)
    return meeting


# --- The year plan ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """One regular meeting of the plan: the period it belongs to and the day it falls on."""

    start: dt.date  # first day of the period
    end: dt.date  # last day of the period
    day: dt.date  # the planned day: the given weekday nearest the middle of the period


def _nearest_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday() + 3) % 7 - 3)


def year_slots(*, year: int, count: int, weekday: int) -> list[Slot]:
    """``count`` periods spread evenly over ``year``, each with a day on ``weekday``.

    Up to 12 a year the periods are whole months and the meeting falls on the weekday nearest
    the 15th of the middle month (4 → February, May, August, November; 6 → every second
    month from February). More than 12 a year divides the days evenly instead."""
    slots = []
    if count <= 12:
        for i in range(count):
            first, last = (i * 12) // count, ((i + 1) * 12) // count - 1
            middle = (first + last + 1) // 2
            slots.append(Slot(start=dt.date(year, first + 1, 1),
                              end=dt.date(year, last + 1, calendar.monthrange(year, last + 1)[1]),
                              day=_nearest_weekday(dt.date(year, middle + 1, 15), weekday)))
    else:
        jan1 = dt.date(year, 1, 1)
        days = (dt.date(year + 1, 1, 1) - jan1).days
        for i in range(count):
            start = jan1 + dt.timedelta(days=(i * days) // count)
            end = jan1 + dt.timedelta(days=((i + 1) * days) // count - 1)
            # Periods are at least a week long (count <= 52), so the nearest weekday lies inside.
            slots.append(Slot(start=start, end=end, day=_nearest_weekday(start + (end - start) / 2, weekday)))
    return slots


def _rules_for_year(council: Council, year: int):
    """The rules in force on the first day of the year, or today when that is inside the
    year (a change of frequency decided this spring applies to the rest of this year)."""
    today = timezone.localdate()
    on = min(max(dt.date(year, 1, 1), today), dt.date(year, 12, 31))
    return rules_in_force(council=council, on=on)


class YearPlanResult(list):
    """The meetings created (a list), and the planned days that were skipped (``.skipped``)."""

    def __init__(self, created: list[Meeting], skipped: list[dt.date]):
        super().__init__(created)
        self.skipped = skipped


@transaction.atomic
def year_plan_generate(*, council: Council, year: int, weekday: int, start_time: dt.time, end_time: dt.time,
                       location: str, actor: User | None = None) -> YearPlanResult:
    """Create the year's ordinary meetings from the rules of procedure (``meetings_per_year``),
    spread evenly over the year on ``weekday`` (0 = Monday) from ``start_time`` to ``end_time``.

    A period that already has an ordinary or constituting meeting (also a cancelled one: a
    cancellation is a decision, not a gap to fill), and a day that already has any meeting,
    are skipped — running it again creates nothing new. Returns the created meetings (a list
    with ``.skipped``, the planned days not used)."""
    publiccache.bump(council)  # renews cached public pages on commit
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ApplicationError(_("Vælg et år mellem %(min)s og %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
                               field="year")
    if weekday not in range(7):
        raise ApplicationError(_("Vælg en ugedag."), field="weekday")
    if start_time is None:
        raise ApplicationError(_("Skriv hvornår møderne starter."), field="start_time")
    if end_time is None or end_time <= start_time:
        raise ApplicationError(_("Møderne skal slutte efter de starter."), field="end_time")
    rules = _rules_for_year(council, year)
    if rules is None or not rules.meetings_per_year:
        raise ApplicationError(_("Forretningsordenen fastsætter ikke, hvor mange møder rådet holder om året. "
                                 "Ret forretningsordenen først."))
    if rules.meetings_per_year > MAX_MEETINGS_PER_YEAR:
        raise ApplicationError(_("Årshjulet kan højst planlægge ét møde om ugen. Opret de øvrige møder enkeltvis."))

    zone = local_zone()
    year_start = dt.datetime(year, 1, 1, tzinfo=zone)
    rows = list(Meeting.objects.filter(council=council, starts_at__gte=year_start,
                                       starts_at__lt=year_start.replace(year=year + 1))
                .values_list("starts_at", "kind"))
    existing = [(starts_at.astimezone(zone).date(), kind) for starts_at, kind in rows]
    busy_days = {day for day, _kind in existing}
    regular_days = [day for day, kind in existing if kind in REGULAR_KINDS]

    created, skipped = [], []
    for slot in year_slots(year=year, count=rules.meetings_per_year, weekday=weekday):
        if slot.day in busy_days or any(slot.start <= day <= slot.end for day in regular_days):
            skipped.append(slot.day)
            continue
        meeting = Meeting(council=council, kind=MeetingKind.ORDINARY, location=location.strip(),
                          starts_at=dt.datetime.combine(slot.day, start_time, tzinfo=zone),
                          ends_at=dt.datetime.combine(slot.day, end_time, tzinfo=zone))
        _check(meeting)
        meeting.save()
        audit(action="meetings.meeting.created", actor=actor, council=council, obj=meeting)
        created.append(meeting)
        busy_days.add(slot.day)
    audit(action="meetings.year_plan.generated", actor=actor, council=council, after={
        "year": year, "weekday": weekday, "start_time": start_time.isoformat(), "end_time": end_time.isoformat(),
        "location": location, "meetings_per_year": rules.meetings_per_year, "rules_version": rules.version,
        "created": [m.pk for m in created], "skipped": [day.isoformat() for day in skipped]})
    return YearPlanResult(created, skipped)
