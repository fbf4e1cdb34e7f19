"""Writes for citizens and public events (borgermøder): publishing one of the council's own
events on its public page, a citizen's sign-up with a waiting list beyond the citizens' places,
cancelling by the secret link, the number who came, and deleting the sign-ups after the event.

Places: with ``Event.public_capacity`` a sign-up beyond it goes on the waiting list; when
someone with a place cancels – or the secretariat raises the number – the first on the waiting
list moves up, and gets an SMS if they left a phone number (queued in the outbox, as the
secretariat's "send by SMS" list when there is no gateway). Sign-up closes after the sign-up
deadline (the whole day) and when the event begins. The event's row is locked
(``select_for_update``) while places are counted, so two sign-ups for the last place at the same
moment give one place and one waiting-list place.

Retention: the sign-ups hold personal data (a phone number). The council's retention rule for them
(``RulesOfProcedure.retention_citizen_signup_days``, run by ``privacy.retention`` in the outbox
worker) deletes them through ``citizen_signups_delete``, which first stores how many signed up on
the event.

Every function is keyword-only, validates before it writes, runs in a transaction and audits
with an ``activities.event.*`` action code. The audit never stores a phone number."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import CitizenSignup, CitizenSignupStatus, Event
from activities.selectors import events as selectors
from core import publiccache
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_date, long_datetime
from core.links import message_url
from core.phone import normalise_danish_phone
from core.search import schedule_reindex
from notifications.services import outbox_enqueue

if TYPE_CHECKING:
    from accounts.models import User

C = CitizenSignupStatus
#: What the audit keeps of a sign-up: never the phone number.
AUDIT_FIELDS = ["event", "name", "status"]


def _locked(event: Event) -> Event:
    """Re-read the event's row with a lock (PostgreSQL; SQLite's immediate transactions
    serialise writers), so places are counted one sign-up at a time."""
    fresh = Event.objects.select_for_update().get(pk=event.pk)
    for name in [f.attname for f in Event._meta.concrete_fields]:
        setattr(event, name, getattr(fresh, name))
    return event


def _event_end(event: Event) -> dt.datetime:
    return event.ends_at or event.starts_at


# --- Publishing ---------------------------------------------------------------------------------

def public_check(event: Event) -> None:
    """Only the council's own events can be public (also a database constraint)."""
    if event.is_public and not event.own:
        raise ApplicationError(_("Kun rådets egne arrangementer kan vises på den offentlige side. Sæt kryds i "
                                 "“Rådets eget arrangement”, eller fjern krydset i “Vis på rådets offentlige "
                                 "side”."), field="is_public", code="not_own")


def event_publish_set(*, event: Event, is_public: bool, actor: User | None = None) -> Event:
    """Show the event on the council's public page (with sign-up for citizens), or take it
    off. Sign-ups already made stay, and their cancel links keep working."""
    with transaction.atomic():
        _locked(event)
        if event.is_public == is_public:
            return event
        event.is_public = is_public
        public_check(event)
        full_clean_or_raise(event, exclude=["report_item", "reported_by"])
        event.save(update_fields=["is_public"])
        audit(action="activities.event.published" if is_public else "activities.event.unpublished",
              actor=actor, council=event.council, obj=event, before={"is_public": not is_public},
              after={"is_public": is_public})
        schedule_reindex(event.council, ["event"])  # the public search index (core.search)
    return event


# --- Sign-up ------------------------------------------------------------------------------------

def citizen_signup_open_check(event: Event, *, now: dt.datetime) -> None:
    """Refuse (in Danish, to a citizen) when sign-up is closed."""
    if not event.is_public:
        raise ApplicationError(_("Man kan ikke tilmelde sig dette arrangement her."), code="not_public")
    if now >= event.starts_at:
        raise ApplicationError(_("Arrangementet er begyndt, så tilmeldingen er lukket."), code="started")
    if event.signup_deadline is not None and timezone.localtime(now).date() > event.signup_deadline:
        raise ApplicationError(
            _("Tilmeldingsfristen var %(date)s, så du kan ikke længere tilmelde dig her. Du er velkommen til at "
              "kontakte sekretariatet.") % {"date": long_date(event.signup_deadline)}, code="deadline")


def _free_places(event: Event) -> int | None:
    if event.public_capacity is None:
        return None
    return max(0, event.public_capacity - selectors.citizen_places_taken(event))


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def citizen_signup(*, event: Event, name: str, phone: str = "", now: dt.datetime | None = None,
                   actor: User | None = None) -> CitizenSignup:
    """Sign a citizen up: a place if there is one, else the waiting list. ``name`` may be a
    nickname; ``phone`` (optional) is a Danish number in any usual form and is stored as
    "+45" and eight digits. A second sign-up with the same name and phone is refused kindly."""
    now = now or timezone.now()
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Skriv dit navn eller et kaldenavn."), field="name", code="required")
    try:
        phone = normalise_danish_phone(phone or "")
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="phone", code="phone") from None
    with transaction.atomic():
        _locked(event)
        citizen_signup_open_check(event, now=now)
        active = CitizenSignup.objects.filter(event=event, phone=phone).exclude(status=C.CANCELLED)
        if any(_same_name(other.name) == _same_name(name) for other in active):
            raise ApplicationError(
                _("Der er allerede en tilmelding med navnet “%(name)s”%(phone)s. Du behøver ikke tilmelde dig "
                  "igen. Er I flere med samme navn, så skriv fx også et efternavn eller et kaldenavn.")
                % {"name": name, "phone": _(" og det telefonnummer") if phone else ""},
                field="name", code="duplicate")
        free = _free_places(event)
        signup = CitizenSignup(council_id=event.council_id, event=event, name=name, phone=phone,
                               status=C.WAITING if free == 0 else C.SIGNED_UP, created_at=now,
                               cancel_token=secrets.token_urlsafe(24))
        full_clean_or_raise(signup)
        signup.save()
        audit(action="activities.event.citizen_signed_up" if signup.is_signed_up
              else "activities.event.citizen_waitlisted",
              actor=actor, council=event.council, obj=signup, after=snapshot(signup, AUDIT_FIELDS))
    publiccache.bump(event.council_id)  # renews cached public pages on commit
    return signup


def _sms_body(signup: CitizenSignup) -> str:
    event = signup.event
    link = message_url(reverse("public:event_cancel", args=[event.council.slug, signup.cancel_token]))
    return _("Hej %(name)s. Der er blevet en plads til dig til “%(title)s” %(when)s. Kan du alligevel ikke "
             "komme, så meld fra her: %(link)s") % {
        "name": signup.name, "title": event.title, "when": long_datetime(event.starts_at), "link": link}


def citizens_promote(event: Event, *, now: dt.datetime | None = None, actor: User | None = None) -> list[CitizenSignup]:
    """Give free citizens' places to the waiting list, first in line first, and queue an SMS to
    those who left a phone number. Called with the event locked (by this module or by
    ``services.events.event_update`` when the number of places changes)."""
    publiccache.bump(event.council_id)  # renews cached public pages on commit
    now = now or timezone.now()
    free = _free_places(event)
    waiting = CitizenSignup.objects.filter(event=event, status=C.WAITING).order_by("created_at", "id")
    if free is not None:
        waiting = waiting[:free]
    promoted = []
    for signup in waiting:
        signup.status, signup.promoted_at = C.SIGNED_UP, now
        signup.save(update_fields=["status", "promoted_at"])
        signup.event = event
        if signup.phone and now < event.starts_at:
            outbox_enqueue(council=event.council, channel="sms", person=None, to_address=signup.phone,
                           subject=_("Du har fået en plads"), body=_sms_body(signup),
                           kind="activities.citizen_promoted", actor=actor)
        audit(action="activities.event.citizen_promoted", actor=actor, council=event.council, obj=signup,
              after=snapshot(signup, AUDIT_FIELDS) | {"sms": bool(signup.phone)})
        promoted.append(signup)
    return promoted


def citizen_signup_cancel(*, event: Event, token: str, now: dt.datetime | None = None,
                          actor: User | None = None) -> CitizenSignup:
    """Cancel by the secret link (``token``). A freed place goes to the first on the waiting list.
    Possible until the event begins; cancelling twice is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        _locked(event)
        signup = CitizenSignup.objects.filter(event=event, cancel_token=token).first()
        if signup is None:
            raise ApplicationError(_("Tilmeldingen findes ikke. Måske er den slettet efter arrangementet."),
                                   code="not_found")
        if signup.is_cancelled:
            publiccache.bump(event.council_id)  # renews cached public pages on commit
            return signup
        if now >= event.starts_at:
            raise ApplicationError(_("Arrangementet er begyndt, så du kan ikke længere melde fra her."),
                                   code="started")
        before = snapshot(signup, AUDIT_FIELDS)
        signup.status = C.CANCELLED
        signup.save(update_fields=["status"])
        audit(action="activities.event.citizen_cancelled", actor=actor, council=event.council, obj=signup,
              before=before, after=snapshot(signup, AUDIT_FIELDS))
        citizens_promote(event, now=now, actor=actor)
    publiccache.bump(event.council_id)  # renews cached public pages on commit
    return signup


def citizens_attended_record(*, event: Event, count: int | None, actor: User | None = None) -> Event:
    """The number of citizens who came (counted at the door), kept after the sign-ups are
    deleted. From the day of the event."""
    if count is not None and count < 0:
        raise ApplicationError(_("Skriv et antal på 0 eller derover."), field="count")
    if timezone.localtime(event.starts_at).date() > timezone.localdate():
        raise ApplicationError(_("Fremmødet kan registreres fra dagen for arrangementet."), field="count",
                               code="too_early")
    with transaction.atomic():
        _locked(event)
        before = {"citizens_attended": event.citizens_attended}
        event.citizens_attended = count
        event.save(update_fields=["citizens_attended"])
        audit(action="activities.event.citizens_attended", actor=actor, council=event.council, obj=event,
              before=before, after={"citizens_attended": count})
    return event


# --- Retention ----------------------------------------------------------------------------------

def citizen_signups_delete(signups: QuerySet[CitizenSignup]) -> int:
    """Delete the given citizens' sign-ups, event by event, after storing on each event how many had
    a place (``citizens_signed_up``, kept for the annual report). Returns the number deleted. The one
    way sign-ups are deleted: the council's retention rule (``privacy.retention``) calls it."""
    deleted = 0
    event_ids = sorted(set(signups.order_by().values_list("event_id", flat=True)))
    for event_id in event_ids:
        with transaction.atomic():
            event = Event.objects.select_for_update().select_related("council").get(pk=event_id)
            on_event = CitizenSignup.objects.filter(event=event)
            signed_up = on_event.filter(status=C.SIGNED_UP).count()
            rows = on_event.filter(pk__in=list(signups.filter(event_id=event_id).values_list("pk", flat=True)))
            event.citizens_signed_up = max(signed_up, event.citizens_signed_up or 0)
            event.save(update_fields=["citizens_signed_up"])
            count = rows.delete()[0]
            audit(action="activities.event.citizen_signups_deleted", actor=None, council=event.council, obj=event,
                  after={"deleted": count, "citizens_signed_up": event.citizens_signed_up})
            deleted += count
    return deleted
