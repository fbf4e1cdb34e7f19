"""Reading the audit log (``core.models.AuditEvent``) for people: which events a page shows,
what each one says in Danish, and what changed – with sensitive values masked everywhere.

Writing stays in ``core.audit``. This module knows no app above core: the pages that show the
log (privacy's log page, the history pages of minutes, consultations and people) pass what
only they know – how to describe an object, which users belong to the council.

The labels: an event reads "<who> <phrase>", the phrase from :data:`ACTION_PHRASES` (the full
action code) or else :data:`VERBS` (its last part), so every code gets a Danish phrase with
its English translation in one place; ``core/tests`` holds a test that every code written by
the code base has one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.diff import DiffLine, text_diff
from core.formats import long_date, long_datetime
from core.models import AuditEvent
from core.text import find_cpr_numbers

# --- Labels ------------------------------------------------------------------------------------

#: Phrases for whole action codes ("<who> <phrase>"), where the last part alone says too little.
ACTION_PHRASES: dict[str, Promise] = {
    # The minutes
    "meetings.minutes.intro_saved": gettext_lazy("skrev referatets indledning"),
    "meetings.minutes.item_saved": gettext_lazy("skrev referatet af et punkt"),
    "meetings.minutes.approved": gettext_lazy("godkendte referatet"),
    "meetings.minutes.approved_at_meeting": gettext_lazy("registrerede referatet som godkendt på mødet"),
    "meetings.minutes.approved_by_member": gettext_lazy("godkendte referatet skriftligt"),
    "meetings.minutes.approvals_reset": gettext_lazy("nulstillede godkendelserne af referatet"),
    "meetings.minutes.written_approval_requested": gettext_lazy("sendte referatet til skriftlig godkendelse"),
    "meetings.minutes.published": gettext_lazy("offentliggjorde referatet"),
    "meetings.meeting.held": gettext_lazy("registrerede mødet som afholdt"),
    "meetings.meeting.cancelled": gettext_lazy("aflyste mødet"),
    "meetings.attendance.recorded": gettext_lazy("registrerede fremmøde"),
    "meetings.attendance.guest_added": gettext_lazy("tilføjede en gæst til mødet"),
    "meetings.attendance.afbud": gettext_lazy("meldte afbud"),
    "meetings.attendance.afbud_withdrawn": gettext_lazy("trak et afbud tilbage"),
    "meetings.attendance.coming": gettext_lazy("meldte sin ankomst"),
    "meetings.attendance.coming_withdrawn": gettext_lazy("trak sin tilmelding tilbage"),
    "meetings.attendance.substitute_called": gettext_lazy("indkaldte en stedfortræder"),
    "meetings.attendance.stand_in_released": gettext_lazy("frigav en stedfortræder"),
    "meetings.attendance.reading_link_revoked": gettext_lazy("spærrede et læselink"),
    "meetings.vote.recorded": gettext_lazy("registrerede en afstemning"),
    "meetings.vote.deleted": gettext_lazy("slettede en afstemning"),
    "meetings.conflict.declared": gettext_lazy("registrerede inhabilitet"),
    "meetings.conflict.withdrawn": gettext_lazy("trak en inhabilitet tilbage"),
    "meetings.action_item.created": gettext_lazy("oprettede en opfølgningsopgave"),
    "meetings.action_item.status_updated": gettext_lazy("ændrede en opgaves status"),
    "meetings.constituting.elected": gettext_lazy("registrerede valget på det konstituerende møde"),
    # Consultations
    "hearings.consultation.created": gettext_lazy("oprettede høringen"),
    "hearings.consultation.updated": gettext_lazy("ændrede høringen"),
    "hearings.consultation.draft_saved": gettext_lazy("gemte en ny version af udkastet til høringssvar"),
    "hearings.consultation.commented": gettext_lazy("kommenterede udkastet"),
    "hearings.consultation.assigned": gettext_lazy("valgte ansvarlige for høringssvaret"),
    "hearings.consultation.approved": gettext_lazy("godkendte høringssvaret"),
    "hearings.consultation.formandskab_approved": gettext_lazy("godkendte høringssvaret for formandskabet"),
    "hearings.consultation.sent": gettext_lazy("sendte høringssvaret"),
    "hearings.consultation.outcome_recorded": gettext_lazy("registrerede udfaldet af høringen"),
    "hearings.consultation.material_added": gettext_lazy("tilføjede høringsmateriale"),
    "hearings.consultation.material_deleted": gettext_lazy("slettede høringsmateriale"),
    "hearings.consultation.partner_added": gettext_lazy("tilføjede et samarbejdende råd"),
    "hearings.consultation.partner_removed": gettext_lazy("fjernede et samarbejdende råd"),
    "hearings.consultation.put_on_agenda": gettext_lazy("satte høringen på dagsordenen"),
    # People and memberships
    "councils.person.saved": gettext_lazy("gemte personens oplysninger"),
    "councils.person.user_linked": gettext_lazy("knyttede en brugerkonto til personen"),
    "councils.person.access_granted": gettext_lazy("gav personen adgang"),
    "councils.person.reminders_set": gettext_lazy("ændrede personens påmindelser"),
    "councils.membership.created": gettext_lazy("oprettede et medlemskab"),
    "councils.membership.updated": gettext_lazy("ændrede et medlemskab"),
    "councils.membership.ended": gettext_lazy("afsluttede et medlemskab"),
    "councils.position.assigned": gettext_lazy("valgte formand eller næstformand"),
    "councils.substitute.attached": gettext_lazy("knyttede en stedfortræder til et medlem"),
    "councils.substitute.moved_up": gettext_lazy("lod en stedfortræder rykke ind"),
    "councils.appointment.recorded": gettext_lazy("registrerede en udpegning"),
    "councils.consent.given": gettext_lazy("registrerede et samtykke"),
    "councils.consent.withdrawn": gettext_lazy("registrerede, at et samtykke er trukket tilbage"),
    "councils.secretary.added": gettext_lazy("tilføjede en medarbejder til sekretariatet"),
    "councils.council.created": gettext_lazy("oprettede rådet"),
    "meetings.meeting.created": gettext_lazy("oprettede et møde"),
    # Logging in and out (accounts/auditing.py)
    "accounts.login": gettext_lazy("loggede ind"),
    "accounts.login_failed": gettext_lazy("forsøgte at logge ind uden held"),
    "accounts.locked_out": gettext_lazy("blev spærret efter for mange forsøg på at logge ind"),
    "accounts.logout": gettext_lazy("loggede ud"),
    "accounts.login_code.sent": gettext_lazy("bad om en engangskode"),
    "accounts.login_code.used": gettext_lazy("loggede ind med en engangskode"),
    "accounts.login_link.used": gettext_lazy("loggede ind med et link"),
    # Personal data (privacy app)
    "privacy.export": gettext_lazy("hentede alle oplysninger om en person (indsigt)"),
    "privacy.erasure": gettext_lazy("slettede og anonymiserede en persons oplysninger"),
}

#: Phrases for every code that begins so (codes made from a key, e.g. "privacy.retention.outbox_bodies").
ACTION_PREFIXES: dict[str, Promise] = {
    "privacy.retention.": gettext_lazy("slettede oplysninger efter reglerne for opbevaring"),
}

#: The last part of an action code, as a verb, when the whole code has no phrase of its own.
VERBS: dict[str, Promise] = {
    "created": gettext_lazy("oprettede"),
    "updated": gettext_lazy("ændrede"),
    "deleted": gettext_lazy("slettede"),
    "saved": gettext_lazy("gemte"),
    "added": gettext_lazy("tilføjede"), "sent": gettext_lazy("sendte"), "recorded": gettext_lazy("registrerede"),
    "published": gettext_lazy("offentliggjorde"),
    "approved": gettext_lazy("godkendte"),
    "queued": gettext_lazy("lagde i kø til afsendelse"),
    "used": gettext_lazy("brugte"),
    "started": gettext_lazy("begyndte"),
    "reordered": gettext_lazy("ændrede rækkefølgen"),
    "refreshed": gettext_lazy("opdaterede"),
    "received": gettext_lazy("modtog"),
    "put_on_agenda": gettext_lazy("satte på dagsordenen"),
    "postponed": gettext_lazy("udsatte"),
    "ended": gettext_lazy("afsluttede"),
    "easy_read": gettext_lazy("lavede en let-læst udgave"),
    "confirmed": gettext_lazy("bekræftede"),
    "carried_over": gettext_lazy("overførte til næste møde"),
    "cancelled": gettext_lazy("annullerede"),
    "assigned": gettext_lazy("tildelte"),
    "applied": gettext_lazy("anvendte"),
    "withdrawn": gettext_lazy("trak tilbage"),
    "verified": gettext_lazy("bekræftede"),
    "unfollowed": gettext_lazy("holdt op med at følge"),
    "told": gettext_lazy("orienterede"),
    "to_idea": gettext_lazy("gjorde til en idé"), "to_agenda": gettext_lazy("satte på dagsordenen"),
    "supplement_sent": gettext_lazy("sendte en tillægsdagsorden"), "submitted": gettext_lazy("indsendte"),
    "status_updated": gettext_lazy("ændrede status"),
    "standard_recomputed": gettext_lazy("beregnede standardteksten igen"),
    "standard_items_created": gettext_lazy("oprettede standardpunkterne"),
    "staff_added": gettext_lazy("tilføjede en medarbejder"),
    "signup_promoted": gettext_lazy("rykkede en tilmelding op fra ventelisten"),
    "signup_cancelled": gettext_lazy("afmeldte en tilmelding"), "signed_up": gettext_lazy("tilmeldte sig"),
    "scheduled": gettext_lazy("satte på et møde"),
    "reviewed": gettext_lazy("vurderede"),
    "retried": gettext_lazy("prøvede igen"),
    "resurfaced": gettext_lazy("tog op igen"),
    "requested": gettext_lazy("bad om"),
    "reported": gettext_lazy("fortalte om"),
    "replied": gettext_lazy("svarede"), "proposed": gettext_lazy("foreslog"), "moved_up": gettext_lazy("rykkede op"),
    "linked": gettext_lazy("koblede"), "included": gettext_lazy("tog med"), "handled": gettext_lazy("behandlede"),
    "given": gettext_lazy("gav"),
    "generated": gettext_lazy("dannede"),
    "gave_up": gettext_lazy("opgav"),
    "followed": gettext_lazy("fulgte"),
    "follow_updated": gettext_lazy("ændrede hvem der følger"), "elected": gettext_lazy("valgte"),
    "dots_cast": gettext_lazy("prioriterede med prikker"),
    "ranking_cast": gettext_lazy("prioriterede ved rangordning"),
    "done_manually": gettext_lazy("markerede som klaret i hånden"),
    "done": gettext_lazy("markerede som klaret"),
    "declined": gettext_lazy("afviste"),
    "declared": gettext_lazy("erklærede"),
    "commented": gettext_lazy("kommenterede"), "closed_at_term_end": gettext_lazy("lukkede ved valgperiodens slutning"),
    "citizens_attended": gettext_lazy("registrerede borgernes fremmøde"),
    "citizen_signups_deleted": gettext_lazy("slettede borgernes tilmeldinger"),
    "citizen_signed_up": gettext_lazy("tilmeldte en borger"),
    "citizen_promoted": gettext_lazy("rykkede en borger op fra ventelisten"),
    "citizen_cancelled": gettext_lazy("afmeldte en borger"),
    "chosen": gettext_lazy("valgte"),
    "changed": gettext_lazy("ændrede"),
    "brainstormed": gettext_lazy("brainstormede"), "attendance_recorded": gettext_lazy("registrerede fremmøde"),
    "attached": gettext_lazy("knyttede til"),
    "archived": gettext_lazy("arkiverede"),
    "approval_reset": gettext_lazy("nulstillede godkendelsen"),
    "access_granted": gettext_lazy("gav adgang"),
    "accepted": gettext_lazy("accepterede"),
    "held": gettext_lazy("registrerede som afholdt"),
    "reading_link_revoked": gettext_lazy("spærrede et læselink"), "removed": gettext_lazy("fjernede"),
}


def action_phrase(action: str) -> str:
    """What the actor did, in the active language ("skrev referatet af et punkt"); an unknown
    code falls back to its last part's verb, and only a code with no verb at all is shown raw."""
    phrase = ACTION_PHRASES.get(action)
    if phrase is None:
        phrase = next((p for prefix, p in ACTION_PREFIXES.items() if action.startswith(prefix)), None)
    if phrase is None:
        phrase = VERBS.get(action.rsplit(".", 1)[-1])
    return str(phrase) if phrase is not None else action


def has_label(action: str) -> bool:
    return (action in ACTION_PHRASES or any(action.startswith(prefix) for prefix in ACTION_PREFIXES)
            or action.rsplit(".", 1)[-1] in VERBS)


def object_type_label(object_type: str, *, plural: bool = False) -> str:
    """The model's Danish name ("møde") for ``object_type`` ("meetings.meeting"), or "" when unknown."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return ""
    return str(model._meta.verbose_name_plural if plural else model._meta.verbose_name)


# --- Masking -----------------------------------------------------------------------------------

#: Keys whose values a page never shows, whatever the log holds (parts of a key's name).
_SENSITIVE_PARTS = ("password", "lived_experience", "token", "secret", "cpr", "otp", "hash", "key", "code",
                    "username_tried")
MASK = "***"


def is_sensitive(key: str) -> bool:
    key = key.lower()
    return any(part in key for part in _SENSITIVE_PARTS)


def scrub(value: object) -> object:
    """``value`` with any CPR number in it replaced by ``******-****``."""
    if isinstance(value, str):
        for number in find_cpr_numbers(value):
            value = value.replace(number, "******-****")
    return value


# --- One event for people ----------------------------------------------------------------------

@dataclass
class Change:
    """One field that changed: its Danish label, the old and new values as text, and for texts a diff."""

    key: str
    label: str
    before: str
    after: str
    masked: bool = False
    diff: list[DiffLine] | None = None


@dataclass
class Entry:
    event: AuditEvent
    who: str
    phrase: str
    object_label: str = ""
    description: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        return f"{self.who} {self.phrase}"


def _fields(object_type: str) -> dict[str, models.Field]:
    """The model's concrete fields by attname and by name (none for an unknown object type)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    fields: dict[str, models.Field] = {}
    for model_field in model._meta.concrete_fields:
        fields[model_field.attname] = model_field
        fields[model_field.name] = model_field
    return fields


def _text(value: object, model_field: models.Field | None = None) -> str:
    """A recorded value as the reader reads it: dates and times in the site's formats (the audit
    stores them as ISO text), a choice by its label, yes/no, and text with CPR numbers blanked."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if model_field is not None and isinstance(value, str):
        if isinstance(model_field, models.DateTimeField) and (moment := parse_datetime(value)) is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, dt.UTC)
            return long_datetime(moment)
        if isinstance(model_field, models.DateField) and (day := parse_date(value)) is not None:
            return long_date(day)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
    if model_field is None and isinstance(value, str) and _ISO_DAY.match(value):
        # A key of the service's own (a retention run's "cutoff"): a date or a time all the same.
        if len(value) == 10 and (day := parse_date(value)) is not None:
            return long_date(day)
        if (moment := parse_datetime(value)) is not None:
            return long_datetime(moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC))
    return str(scrub(value))


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+(?:[+-]\d{2}:\d{2}|Z)?)?$")


def _is_long_text(before: object, after: object) -> bool:
    texts = [v for v in (before, after) if isinstance(v, str)]
    return bool(texts) and any(len(t) > 60 or "\n" in t for t in texts)


def changes_of(event: AuditEvent, *, hidden: Iterable[str] = ()) -> list[Change]:
    """The fields whose values differ between ``before`` and ``after`` (both must be recorded: a
    creation or a deletion lists no fields), sensitive ones and ``hidden`` ones (fields the reader
    may not see, e.g. the secretariat's notes for the chair) masked, texts with a diff."""
    hidden = set(hidden)
    before, after = event.before or {}, event.after or {}
    if not before or not after or not isinstance(before, dict) or not isinstance(after, dict):
        return []
    fields = _fields(event.object_type)
    result = []
    for key in [k for k in after if k in before] + [k for k in after if k not in before]:
        old, new = before.get(key), after.get(key)
        if old == new or key in ("id", "council_id", "updated_at", "modified_at", "version"):
            continue
        model_field = fields.get(key)
        label = (str(model_field.verbose_name) if model_field is not None
                 else key.removesuffix("_id").replace("_", " "))
        if is_sensitive(key) or key in hidden or old == MASK or new == MASK:
            result.append(Change(key, label, MASK, MASK, masked=True))
            continue
        change = Change(key, label, _text(old, model_field), _text(new, model_field))
        if _is_long_text(old, new):
            change.diff = text_diff(str(scrub(old or "")), str(scrub(new or "")))
        result.append(change)
    return result


Describe = Callable[[list[AuditEvent]], dict[int, str]]


def who(event: AuditEvent, *, secretariat_ids: Iterable[int] = ()) -> str:
    """The actor's name, "(sekretariatet)" after a secretary's; "Systemet" when none is recorded."""
    actor = event.actor
    if actor is None:
        if event.action.startswith("public."):
            return _("En borger")
        if event.action in ("accounts.login_failed", "accounts.locked_out"):
            return _("Nogen")
        return _("Systemet")
    name = getattr(actor, "name", "") or getattr(actor, "email", "") or _("En bruger")
    if actor.pk in set(secretariat_ids):
        return _("%(name)s (sekretariatet)") % {"name": name}
    return name


def entries(events: Iterable[AuditEvent], *, describe: Describe | None = None,
            secretariat_ids: Iterable[int] = (), hidden: Iterable[str] = ()) -> list[Entry]:
    """``events`` (fetched with ``select_related("actor")``) as entries; ``describe`` names the
    objects in one batch (event id -> text), so the query count does not grow with the events."""
    events = list(events)
    descriptions = describe(events) if describe is not None and events else {}
    secretaries = set(secretariat_ids)
    return [Entry(event=event, who=who(event, secretariat_ids=secretaries), phrase=action_phrase(event.action),
                  object_label=object_type_label(event.object_type).capitalize(),
                  description=str(scrub(descriptions.get(event.pk, ""))),
                  changes=changes_of(event, hidden=hidden))
            for event in events]


# --- Which events --------------------------------------------------------------------------------

def _json_key_in(key: str, values: list[Any]) -> Q:
    if not values:
        return Q(pk__in=[])
    return Q(**{f"after__{key}__in": values}) | Q(**{f"before__{key}__in": values})


def about(*, object_type: str = "", object_ids: Iterable[Any] = (), related: dict[str, list[Any]] | None = None) -> Q:
    """Events on the objects ``object_type``/``object_ids`` or on objects whose recorded values
    point at them (``related``: {"meeting_id": [3]} matches a vote or attendance of meeting 3)."""
    ids = [str(i) for i in object_ids]
    q = Q(object_type=object_type, object_id__in=ids) if object_type and ids else Q(pk__in=[])
    for key, values in (related or {}).items():
        q |= _json_key_in(key, list(values))
    return q


def council_events(*, council: Any, user_ids: Iterable[int] = ()) -> QuerySet[AuditEvent]:
    """The events of ``council``, newest first, plus the council-less login events (logins,
    failed logins, lockouts, logouts) of ``user_ids`` – the council's own people."""
    q = Q(council=council)
    user_ids = list(user_ids)
    if user_ids:
        q |= Q(council__isnull=True, action__startswith="accounts.") & (
            Q(actor_id__in=user_ids) | Q(object_type="accounts.user", object_id__in=[str(u) for u in user_ids]))
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-created_at", "-id")


def filter_events(events: QuerySet[AuditEvent], *, person_q: Q | None = None, object_type: str = "",
                  date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[AuditEvent]:
    if person_q is not None:
        events = events.filter(person_q)
    if object_type:
        events = events.filter(object_type=object_type)
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    return events


def person_q(*, person_id: int | None = None, user_id: int | None = None) -> Q:
    """Events by or about one person: acted by their user, or on the person, their user, or an
    object whose recorded values name the person (a membership, an attendance, a consent)."""
    q = Q(pk__in=[])
    if user_id is not None:
        q |= Q(actor_id=user_id) | Q(object_type="accounts.user", object_id=str(user_id))
        q |= _json_key_in("user_id", [user_id])
    if person_id is not None:
        q |= Q(object_type="councils.person", object_id=str(person_id)) | _json_key_in("person_id", [person_id])
    return q


_LOGIN_ACTIONS = re.compile(r"^accounts\.(login|login_failed|locked_out|logout)$")


def site_events() -> QuerySet[AuditEvent]:
    """Events without a council (logins and the like), for the platform admin, newest first."""
    return AuditEvent.objects.filter(council__isnull=True).select_related("actor").order_by("-created_at", "-id")


def is_login_event(action: str) -> bool:
    return bool(_LOGIN_ACTIONS.match(action))
