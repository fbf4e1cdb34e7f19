"""Writes for events (arrangementer): creating and editing them (the secretariat), members'
own sign-up and cancellation with a waiting list, the attendance the secretariat records,
and the short report back, which becomes an information item on the next meeting's agenda.

Places: with a capacity (places for the council) a sign-up beyond it goes on the waiting
list; when someone with a place cancels – or the capacity is raised – the first on the
waiting list moves up automatically. Sign-up closes after the sign-up deadline (the whole
day) and when the event begins.

The report back: saving it the first time puts an information item on the agenda of the next
meeting (the first after today that is neither held nor cancelled) or, with no such meeting,
in the backlog of items for a later meeting; ``Event.report_item`` remembers it. Editing the
report later rewrites that item's case text while its agenda can still change.

Every function is keyword-only, validates before it writes, runs in a transaction and audits
with an ``activities.event.*`` action code."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Event, EventSignup, SignupStatus
from activities.selectors import events as selectors
from activities.services import citizens as citizen_services
from core import publiccache
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_date, long_datetime
from core.search import schedule_reindex
from councils.models import Council, Person
from meetings.models import AgendaItem, ItemKind, ProposalStatus
from meetings.selectors.agenda import EDITABLE_STATUSES
from meetings.services import agenda as agenda_services

if TYPE_CHECKING:
    from accounts.models import User

EVENT_FIELDS = ("kind", "own", "title", "starts_at", "ends_at", "place", "organiser", "description", "url",
                "capacity", "signup_deadline", "is_public", "public_capacity", "accessibility", "meal")
S = SignupStatus


def _day(value) -> str:
    return long_date(value)


def _moment(value: dt.datetime) -> str:
    return long_datetime(value)


def _locked(event: Event) -> Event:
    """Re-read the event's row with a lock (PostgreSQL), so two sign-ups for the last place at
    the same moment are handled one after the other."""
    fresh = Event.objects.select_for_update().get(pk=event.pk)
    for name in [f.attname for f in Event._meta.concrete_fields]:
        setattr(event, name, getattr(fresh, name))
    return event


def _check_person(person: Person, event: Event) -> None:
    if person is None or person.council_id != event.council_id:
        raise ApplicationError(_("Personen hører ikke til dette råd."))


# --- Events ---------------------------------------------------------------------------------------

def _check_event(event: Event) -> None:
    if event.ends_at is not None and event.ends_at <= event.starts_at:
        raise ApplicationError(_("Arrangementet skal slutte, efter det begynder."), field="ends_at")
    if event.signup_deadline is not None and event.signup_deadline > timezone.localtime(event.starts_at).date():
        raise ApplicationError(_("Tilmeldingsfristen skal ligge senest på dagen for arrangementet."),
                               field="signup_deadline")
    if event.capacity == 0:
        raise ApplicationError(_("Skriv mindst 1 plads, eller lad feltet stå tomt, hvis der ikke er en grænse."),
                               field="capacity")
    if event.public_capacity == 0:
        raise ApplicationError(_("Skriv mindst 1 plads, eller lad feltet stå tomt, hvis der ikke er en grænse."),
                               field="public_capacity")
    citizen_services.public_check(event)
    full_clean_or_raise(event, exclude=["report_item", "reported_by"])


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


def event_create(*, council: Council, actor: User | None = None, **fields) -> Event:
    event = Event(council=council, **_clean_fields(fields))
    _check_event(event)
    with transaction.atomic():
        event.save()
        audit(action="activities.event.created", actor=actor, council=council, obj=event)
        if event.is_public:
            schedule_reindex(council, ["event"])  # core.search
    return event


def event_update(*, event: Event, actor: User | None = None, **fields) -> Event:
    """Change an event. Raising the capacity gives places to the waiting list, first in line
    first; lowering it takes no one's place."""
    fields = _clean_fields(fields)
    with transaction.atomic():
        _locked(event)
        before = snapshot(event, list(EVENT_FIELDS))
        for name, value in fields.items():
            setattr(event, name, value)
        _check_event(event)
        event.save()
        audit(action="activities.event.updated", actor=actor, council=event.council, obj=event, before=before,
              after=snapshot(event, list(EVENT_FIELDS)))
        if before["is_public"] != event.is_public:
            audit(action="activities.event.published" if event.is_public else "activities.event.unpublished",
                  actor=actor, council=event.council, obj=event, before={"is_public": before["is_public"]},
                  after={"is_public": event.is_public})
        _promote(event, actor=actor)
        citizen_services.citizens_promote(event, actor=actor)
        if before["is_public"] or event.is_public:  # the public page's text (core.search)
            schedule_reindex(event.council, ["event"])
    return event


# --- Sign-up and the waiting list ------------------------------------------------------------------

def _free_places(event: Event) -> int | None:
    """Free places for the council, or None when there is no limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - selectors.places_taken(event))


def _promote(event: Event, *, actor: User | None = None) -> list[EventSignup]:
    """Give free places to the waiting list, first in line first. Called with the event locked."""
    free = _free_places(event)
    waiting = EventSignup.objects.filter(event=event, status=S.WAITING).select_related("person") \
        .order_by("signed_up_at", "id")
    if free is not None:
        waiting = waiting[:free]
    promoted = []
    for signup in waiting:
        signup.status = S.SIGNED_UP
        signup.save(update_fields=["status"])
        audit(action="activities.event.signup_promoted", actor=actor, council=event.council, obj=signup,
              after=snapshot(signup, ["event", "person", "status"]))
        promoted.append(signup)
    return promoted


def signup_open_check(event: Event, *, now: dt.datetime | None = None) -> None:
    """Refuse (in Danish) when sign-up has closed: the event has begun or the deadline passed."""
    now = now or timezone.now()
    if now >= event.starts_at:
        raise ApplicationError(_("Arrangementet er begyndt, så tilmeldingen er lukket."), code="started")
    if event.signup_deadline is not None and timezone.localtime(now).date() > event.signup_deadline:
        raise ApplicationError(
            _("Tilmeldingsfristen var %(date)s, så du kan ikke længere tilmelde dig. Kontakt sekretariatet, "
              "hvis du stadig gerne vil med.") % {"date": _day(event.signup_deadline)}, code="deadline")


def signup(*, event: Event, person: Person, actor: User | None = None, now: dt.datetime | None = None) -> EventSignup:
    """Sign ``person`` up for the event: a place if there is one, else the waiting list."""
    now = now or timezone.now()
    _check_person(person, event)
    with transaction.atomic():
        _locked(event)
        signup_open_check(event, now=now)
        existing = EventSignup.objects.filter(event=event, person=person).first()
        if existing is not None and existing.status == S.SIGNED_UP:
            raise ApplicationError(_("Du er allerede tilmeldt."), code="duplicate")
        if existing is not None and existing.status == S.WAITING:
            raise ApplicationError(_("Du står allerede på ventelisten."), code="duplicate")
        if existing is not None and existing.status in (S.ATTENDED, S.NO_SHOW):
            raise ApplicationError(_("Fremmødet er allerede registreret."), code="duplicate")
        free = _free_places(event)
        status = S.WAITING if free == 0 else S.SIGNED_UP
        if existing is None:
            existing = EventSignup(council_id=event.council_id, event=event, person=person)
        existing.status = status
        existing.signed_up_at = now  # a new sign-up after a cancellation goes to the back of the line
        existing.save()
        audit(action="activities.event.signed_up" if status == S.SIGNED_UP else "activities.event.waitlisted",
              actor=actor, council=event.council, obj=existing,
              after=snapshot(existing, ["event", "person", "status"]))
    publiccache.bump(event.council_id)  # renews cached public pages on commit
    return existing


def signup_cancel(*, event: Event, person: Person, actor: User | None = None,
                  now: dt.datetime | None = None) -> EventSignup:
    """Cancel a sign-up or leave the waiting list. A freed place goes to the first on the
    waiting list. Possible until the event begins."""
    now = now or timezone.now()
    _check_person(person, event)
    with transaction.atomic():
        _locked(event)
        existing = EventSignup.objects.filter(event=event, person=person).first()
        if existing is None or existing.status not in (S.SIGNED_UP, S.WAITING):
            raise ApplicationError(_("Du er ikke tilmeldt arrangementet."), code="not_signed_up")
        if now >= event.starts_at:
            raise ApplicationError(_("Arrangementet er begyndt, så du kan ikke længere melde fra her. "
                                     "Kontakt sekretariatet."), code="started")
        before = snapshot(existing, ["event", "person", "status"])
        existing.status = S.CANCELLED
        existing.save(update_fields=["status"])
        audit(action="activities.event.signup_cancelled", actor=actor, council=event.council, obj=existing,
              before=before, after=snapshot(existing, ["event", "person", "status"]))
        existing.promoted = _promote(event, actor=actor)  # type: ignore[attr-defined]  # runtime attribute for the caller
    publiccache.bump(event.council_id)  # renews cached public pages on commit
    return existing


# --- Attendance -------------------------------------------------------------------------------------

def attendance_record(*, event: Event, attended: list[Person], actor: User | None = None,
                      today: dt.date | None = None) -> list[EventSignup]:
    """Record who from the council attended: the people in ``attended`` are marked *deltog*
    (also people who had not signed up); others with a place are marked *deltog ikke*. People
    on the waiting list who did not come stay there; cancellations stay cancelled. Possible
    from the day of the event."""
    today = today or timezone.localdate()
    if timezone.localtime(event.starts_at).date() > today:
        raise ApplicationError(_("Fremmødet kan registreres fra dagen for arrangementet."), code="too_early")
    for person in attended:
        _check_person(person, event)
    came = {p.pk for p in attended}
    with transaction.atomic():
        _locked(event)
        existing = {s.person_id: s for s in EventSignup.objects.filter(event=event)}
        before = {str(pid): s.status for pid, s in existing.items()}
        changed = []
        for person in attended:
            signup_row = existing.get(person.pk)
            if signup_row is None:
                signup_row = EventSignup(council_id=event.council_id, event=event, person=person)
                existing[person.pk] = signup_row
            if signup_row.status != S.ATTENDED:
                signup_row.status = S.ATTENDED
                signup_row.save()
                changed.append(signup_row)
        for pid, signup_row in existing.items():
            if pid not in came and signup_row.status in (S.SIGNED_UP, S.ATTENDED):
                signup_row.status = S.NO_SHOW
                signup_row.save(update_fields=["status"])
                changed.append(signup_row)
        audit(action="activities.event.attendance_recorded", actor=actor, council=event.council, obj=event,
              before={"signups": before},
              after={"signups": {str(pid): s.status for pid, s in existing.items()}})
    return changed


# --- Report back ------------------------------------------------------------------------------------

def report_item_title(event: Event) -> str:
    return _("Tilbagemelding: %(title)s") % {"title": event.title}


def report_case_text(event: Event, attended_names: list[str]) -> str:
    """The case text of the information item: what, when and where, who went, the report and
    who wrote it."""
    where = f", {event.place}" if event.place else ""
    lines = [_("%(title)s den %(date)s%(where)s.") % {"title": event.title, "date": _day(event.starts_at),
                                                     "where": where}]
    if attended_names:
        lines.append(_("Deltog fra rådet: %(names)s.") % {"names": ", ".join(attended_names)})
    lines += ["", event.report.strip()]
    if event.reported_by is not None:
        lines += ["", _("Tilbagemelding ved %(name)s.") % {"name": event.reported_by.name}]
    return "\n".join(lines)


def can_report(event: Event, *, person_ids, manage: bool) -> bool:
    """The secretariat, or a member recorded as having attended."""
    if manage:
        return True
    return any(s.person_id in person_ids and s.status == S.ATTENDED for s in event.signups.all())


def _report_item_create(event: Event, case_text: str, actor: User | None):
    meeting = selectors.next_meeting(event.council)
    title = report_item_title(event)
    if meeting is not None:
        return agenda_services.item_create(meeting=meeting, title=title, kind=ItemKind.INFORMATION,
                                           case_text=case_text, responsible=event.reported_by, actor=actor)
    item = AgendaItem(council_id=event.council_id, meeting=None, kind=ItemKind.INFORMATION, title=title,
                      case_text=case_text, responsible=event.reported_by, proposed_by=event.reported_by,
                      position=0, proposal_status=ProposalStatus.BACKLOG)
    full_clean_or_raise(item)
    item.save()
    audit(action="meetings.agenda_item.created", actor=actor, council=event.council, obj=item)
    return item


def _report_item_update(event: Event, case_text: str, actor: User | None) -> bool:
    """Rewrite the item's case text while its agenda can change; False when it can no longer."""
    item = event.report_item
    assert item is not None  # nosec B101  # only called when the event has a report item
    if item.meeting_id is not None:
        meeting = item.meeting
        assert meeting is not None  # nosec B101  # meeting_id is set, and the foreign key guarantees the row
        if meeting.status not in EDITABLE_STATUSES:
            return False
    if item.case_text != case_text:
        agenda_services.item_update(item=item, case_text=case_text, actor=actor)
    return True


def report_save(*, event: Event, report: str, reported_by: Person | None = None, actor: User | None = None) -> Event:
    """Save the report back. The first time it becomes an information item on the next
    meeting's agenda (or in the backlog); later edits rewrite that item's case text while
    the agenda can change. ``event.report_item_updated`` tells whether the item has today's
    text (False after the minutes of its meeting were approved)."""
    report = (report or "").strip()
    if not report:
        raise ApplicationError(_("Skriv en kort tilbagemelding fra arrangementet."), field="report", code="required")
    if reported_by is not None:
        _check_person(reported_by, event)
    with transaction.atomic():
        _locked(event)
        before = snapshot(event, ["report", "reported_by", "reported_at", "report_item"])
        first = event.reported_at is None
        event.report = report
        if reported_by is not None or first:
            event.reported_by = reported_by
        event.reported_at = timezone.now()
        full_clean_or_raise(event, exclude=["report_item", "reported_by"])
        event.save(update_fields=["report", "reported_by", "reported_at"])
        names = [s.person.name for s in EventSignup.objects.filter(event=event, status=S.ATTENDED)
                 .select_related("person").order_by("person__name")]
        case_text = report_case_text(event, names)
        # report_item_updated is set at runtime for the caller (see the docstring).
        event.report_item_updated = True  # type: ignore[attr-defined]
        if event.report_item_id is None and first:
            event.report_item = _report_item_create(event, case_text, actor)
            event.save(update_fields=["report_item"])
        elif event.report_item_id is not None:
            event.report_item_updated = _report_item_update(event, case_text, actor)  # type: ignore[attr-defined]
        audit(action="activities.event.reported", actor=actor, council=event.council, obj=event, before=before,
              after=snapshot(event, ["report", "reported_by", "reported_at", "report_item"]))
    publiccache.bump(event.council_id)  # renews cached public pages on commit
    return event


def format_day(value) -> str:
    """"3. maj 2026" for messages."""
    return _day(value)
