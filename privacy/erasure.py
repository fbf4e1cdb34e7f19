"""Erasure and anonymisation (GDPR art. 17): a person who has left the council and asks is
anonymised by the secretariat.

* Where records must stay (minutes, attendance, votes, decisions, dissent, comments, tasks), the
  person's row stays and their full name is replaced by their role on the record's date through
  the disclosure policy's own text matcher (``core.disclosure``): "et medlem", "en suppleant",
  "formanden" (when positions were public then), "et tidligere medlem" …; the person's row itself
  reads "Et tidligere medlem".
* Contact data (e-mail, phone, address), notes, public title, consents' switches, candidacy texts,
  per diem opt-outs, personal notes on attendance and membership, messages' bodies and addresses,
  inbound texts and login codes are deleted or emptied.
* The user account is unlinked, and deactivated and emptied when it belongs to nobody else.
* Every text column of every row of the council (and the JSON of the council's audit events) is
  swept for the person's name, e-mail and phone: what the targeted steps did not know of
  (a name typed into a decision, a copied author name, a message body) is replaced too.
* The council's generated documents (rendered PDFs, a cache of what the pages show) are deleted so
  they are rendered again without the name; the search index is rebuilt; public pages are renewed.
* The audit log keeps THAT it happened (``privacy.erasure`` with counts, no removed value).

``erasure_plan`` (what will happen, for the confirmation page) and ``person_erase`` use the same
selectors, so the page shows what the erasure then does. First names used alone in free text are
not recognised (as in ``core.disclosure``): the confirmation page says so."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import publiccache
from core.audit import audit
from core.disclosure import CouncilFacts, Disclosure, PersonFacts, capitalise
from core.errors import ApplicationError
from core.models import AuditEvent, GeneratedDocument
from core.phone import format_danish_phone, normalise_danish_phone
from core.search.indexing import schedule_reindex
from councils.models import Candidacy, Council, Membership, MembershipStatus, Person, Position
from councils.selectors import disclosure_facts
from privacy.models import Erasure

REMOVED = "[slettet]"
# The person's own fields that hold personal data, emptied (name: replaced by the role).
PERSON_CLEARED = ("email", "phone", "address", "notes", "public_title")
# Their values in earlier audit events (of the person, their candidacy, their user) are scrubbed.
AUDIT_SCRUBBED_KEYS = {"name", "email", "phone", "address", "notes", "public_title", "motivation",
                       "review_note", "to_address", "body", "text", "from_number", "end_note", "afbud_note",
                       "organisation_name", "author_name", "contact", "note", "status_note", "reply_text",
                       "citizen_name", "user_email", "email_address"}
# What a row's date is, for the role the name is replaced by ("et medlem" on the meeting's day).
_DATE_PATHS = ("meeting__starts_at", "item__meeting__starts_at", "consultation__received_on", "created_at",
               "submitted_at", "added_at", "received_at", "uploaded_at", "date", "starts_at")
# Tables never swept: the erasure record and the audit log (scrubbed by audit_hits).
_NOT_SWEPT = {"privacy.erasure", "core.auditevent"}


# --- Who may be erased ------------------------------------------------------------------------------

def running_membership(*, person: Person, today: dt.date) -> Membership | None:
    """A membership (appointed or nominated) of ``person`` that has not ended by ``today``."""
    return (Membership.objects.filter(council_id=person.council_id, person=person, term__end__gte=today)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .filter(status__in=[MembershipStatus.APPOINTED, MembershipStatus.NOMINATED]).first())


def refusal(*, person: Person, today: dt.date) -> str | None:
    """Why ``person`` may not be anonymised now (Danish), or None."""
    if Erasure.objects.filter(council_id=person.council_id, person=person).exists():
        return _("Personen er allerede anonymiseret.")
    if running_membership(person=person, today=today) is not None:
        return _("%(name)s har et løbende medlemskab. Afslut medlemskabet på personens side, før personen "
                 "anonymiseres.") % {"name": person.name}
    if Position.objects.filter(council_id=person.council_id, person=person).filter(
            Q(end__isnull=True) | Q(end__gte=today)).exists():
        return _("%(name)s har en løbende post som formand eller næstformand. Afslut posten, før personen "
                 "anonymiseres.") % {"name": person.name}
    return None


def candidates(*, council: Council, today: dt.date) -> list[Person]:
    """The council's people without a running membership or position, not yet anonymised: those
    the secretariat may anonymise when they ask. Three queries."""
    running = set(Membership.objects.filter(council=council, term__end__gte=today,
                                            status__in=[MembershipStatus.APPOINTED, MembershipStatus.NOMINATED])
                  .filter(Q(end__isnull=True) | Q(end__gte=today)).values_list("person_id", flat=True))
    running |= set(Position.objects.filter(council=council).filter(Q(end__isnull=True) | Q(end__gte=today))
                   .values_list("person_id", flat=True))
    erased = Erasure.objects.filter(council=council).values("person_id")
    return list(Person.objects.filter(council=council).exclude(pk__in=running).exclude(pk__in=erased)
                .order_by("name", "pk"))


def erasures(*, council: Council) -> list[Erasure]:
    return list(Erasure.objects.filter(council=council).select_related("performed_by"))


# --- What identifies the person -------------------------------------------------------------------

def _phone_forms(value: str) -> set[str]:
    value = (value or "").strip()
    if not value:
        return set()
    forms = {value}
    try:
        stored = normalise_danish_phone(value)
    except Exception:  # noqa: BLE001 - a foreign or odd number: only the typed form is searched
        return forms
    if stored:
        digits = stored[3:]
        forms |= {stored, digits, format_danish_phone(stored),
                  f"{digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}", f"{digits[0:4]} {digits[4:8]}"}
    return forms


@dataclass
class Needles:
    """What is searched for: the full name (replaced by the role) and the contact values (removed)."""

    name: str
    contacts: list[str]

    @classmethod
    def of(cls, person: Person) -> Needles:
        user = person.user
        contacts = {c for c in (person.email, user.email if user else None) if c}
        for phone in (person.phone, user.phone if user else None):
            contacts |= _phone_forms(phone or "")
        return cls(name=" ".join(person.name.split()), contacts=sorted(contacts, key=lambda c: (-len(c), c)))

    @property
    def all(self) -> list[str]:
        return [n for n in [self.name, *self.contacts] if n]

    def contact_pattern(self) -> re.Pattern[str] | None:
        if not self.contacts:
            return None
        return re.compile("|".join(re.escape(c) for c in self.contacts), re.IGNORECASE)


class Replacer:
    """Replaces the person's name by their role on a date, and their contact values by "[slettet]"."""

    def __init__(self, council: Council, person: Person, needles: Needles) -> None:
        full = disclosure_facts(council=council)
        facts = full.people.get(person.pk) or PersonFacts(person.pk, person.name, False)
        # Only this person, never named: everyone else's names stay as they are.
        only = PersonFacts(person.pk, needles.name, False, memberships=facts.memberships, positions=facts.positions)
        self.facts = CouncilFacts({person.pk: only}, load_rules=lambda: full.rules)
        self.council = council
        self.person = person
        self.contacts = needles.contact_pattern()
        self._by_day: dict[dt.date, Disclosure] = {}

    def at(self, day: dt.date) -> Disclosure:
        if day not in self._by_day:
            self._by_day[day] = Disclosure(self.council, on=day, facts=self.facts)
        return self._by_day[day]

    def label(self, day: dt.date) -> str:
        return self.at(day).label(self.person)

    def text(self, value: str, day: dt.date) -> str:
        if not value:
            return value
        out = self.at(day).text(value)
        if self.contacts is not None:
            out = self.contacts.sub(REMOVED, out)
        return out

    def json(self, value: Any, day: dt.date) -> Any:
        if isinstance(value, str):
            return self.text(value, day)
        if isinstance(value, list):
            return [self.json(v, day) for v in value]
        if isinstance(value, dict):
            return {k: self.json(v, day) for k, v in value.items()}
        return value


# --- The sweep: every text column of the council's rows ------------------------------------------

def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key
            and not isinstance(f, models.SlugField)]


def _json_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]


def _field_at(model: type[models.Model], path: str) -> models.Field | None:
    """The field at the end of ``path`` ("meeting__starts_at"), or None when the model has no such path."""
    current: Any = model
    found = None
    for part in path.split("__"):
        if current is None:
            return None
        try:
            found = current._meta.get_field(part)
        except Exception:  # noqa: BLE001 - no such field on this model
            return None
        current = found.related_model if found.is_relation else None
    return found


def _date_path(model: type[models.Model]) -> str | None:
    for path in _DATE_PATHS:
        if isinstance(_field_at(model, path), models.DateField):  # DateTimeField is one too
            return path
    return None


def _as_day(value: Any, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return today


def _council_models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if model._meta.label_lower in _NOT_SWEPT or model._meta.proxy:
            continue
        if any(f.name == "council" and f.is_relation for f in model._meta.concrete_fields):
            yield model


@dataclass
class SweepHit:
    model: type[models.Model]
    pk: Any
    day: dt.date
    values: dict[str, Any]


def sweep_hits(*, council: Council, needles: Needles, today: dt.date) -> list[SweepHit]:
    """Every row of the council holding the name or a contact value in a text column, or anywhere
    in a JSON column (searched in Python: SQLite stores JSON with escaped non-ASCII letters).
    One query per council table with text columns, two per table with JSON columns."""
    hits: list[SweepHit] = []
    terms = needles.all
    if not terms:
        return hits
    lowered = [t.casefold() for t in terms]
    for model in _council_models():
        texts, jsons = _text_fields(model), _json_fields(model)
        if not texts and not jsons:
            continue
        date_path = _date_path(model)
        wanted = ["pk", *[f.attname for f in texts], *[f.attname for f in jsons], *([date_path] if date_path else [])]
        base = model._default_manager.filter(council=council)
        found: dict[Any, dict[str, Any]] = {}
        if texts:
            condition = Q()
            for f in texts:
                for term in terms:
                    condition |= Q(**{f"{f.attname}__icontains": term})
            for row in base.filter(condition).values(*wanted):
                found[row["pk"]] = row
        if jsons:
            for row in base.exclude(pk__in=list(found)).values(*wanted):
                if any(t in str(row[f.attname]).casefold() for f in jsons for t in lowered):
                    found[row["pk"]] = row
        for pk, row in found.items():
            values = {f.attname: row[f.attname] for f in [*texts, *jsons]}
            # icontains is ASCII-only on SQLite and matches more than a word: keep the rows whose text
            # really holds a term, case-insensitively.
            if not any(t in str(v).casefold() for v in values.values() if v for t in lowered):
                continue
            hits.append(SweepHit(model, pk, _as_day(row.get(date_path) if date_path else None, today), values))
    return hits


def _apply_hit(hit: SweepHit, replacer: Replacer) -> bool:
    changed = {}
    for name, value in hit.values.items():
        if isinstance(value, str):
            new: Any = replacer.text(value, hit.day)
        elif value is not None:
            new = replacer.json(value, hit.day)
        else:
            continue
        if new != value:
            changed[name] = new
    if changed:
        hit.model._default_manager.filter(pk=hit.pk).update(**changed)
    return bool(changed)


# --- Audit events ---------------------------------------------------------------------------------

def _audit_events(*, council: Council, person: Person, user: Any) -> models.QuerySet[AuditEvent]:
    condition = Q(council=council)
    if user is not None:
        condition |= Q(actor=user) | Q(object_type=user._meta.label_lower, object_id=str(user.pk))
    return AuditEvent.objects.filter(condition).exclude(action="privacy.erasure")


def _own_objects(*, council: Council, person: Person, needles: Needles) -> set[tuple[str, str]]:
    """(object_type, object_id) of the rows that are the person's own: their events' snapshots are
    the person's data (an opt-out's note, a candidacy's motivation, a message's body)."""
    from finance.models import PerDiemOptOut
    from meetings.models import Attendance
    from notifications.models import InboundSms, OutboxMessage

    own = {("councils.person", str(person.pk))}
    if person.user_id:
        own.add((get_user_model()._meta.label_lower, str(person.user_id)))
    for qs in (_candidacies(council=council, person=person, needles=needles),
               PerDiemOptOut.objects.filter(council=council, person=person),
               Membership.objects.filter(council=council, person=person),
               Attendance.objects.filter(council=council, person=person),
               OutboxMessage.objects.filter(council=council, person=person),
               InboundSms.objects.filter(council=council, person=person)):
        label = qs.model._meta.label_lower
        own |= {(label, str(pk)) for pk in qs.values_list("pk", flat=True)}
    return own


def _scrub_own(value: Any) -> Any:
    """The person's own object's snapshot: every personal key's value removed."""
    if isinstance(value, dict):
        return {k: (REMOVED if k in AUDIT_SCRUBBED_KEYS and v not in ("", None) else _scrub_own(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_own(v) for v in value]
    return value


def audit_hits(*, council: Council, person: Person, needles: Needles, today: dt.date,
               replacer: Replacer | None = None) -> list[tuple[AuditEvent, dict, dict]]:
    """The earlier audit events whose before/after hold the person's data, with the scrubbed values."""
    user = person.user
    own = _own_objects(council=council, person=person, needles=needles)
    replacer = replacer or Replacer(council, person, needles)
    lowered = [t.casefold() for t in needles.all]
    out = []
    for event in _audit_events(council=council, person=person, user=user).only(
            "pk", "before", "after", "object_type", "object_id", "created_at"):
        day = _as_day(event.created_at, today)
        before, after = event.before, event.after
        if (event.object_type, event.object_id) in own:
            before, after = _scrub_own(before), _scrub_own(after)
        if any(t in str(v).casefold() for v in (before, after) for t in lowered):
            before, after = replacer.json(before, day), replacer.json(after, day)
        if before != event.before or after != event.after:
            out.append((event, before, after))
    return out


# --- The plan and the erasure ---------------------------------------------------------------------

def _candidacies(*, council: Council, person: Person, needles: Needles) -> models.QuerySet[Candidacy]:
    condition = Q(person=person)
    if person.email:
        condition |= Q(email__iexact=person.email)
    return Candidacy.objects.filter(council=council).filter(condition)


@dataclass
class ErasurePlan:
    """What erasing ``person`` will do, counted (the confirmation page shows it)."""

    person: Person
    label: str
    refusal: str | None
    contact_fields: list[str] = field(default_factory=list)
    attendances: int = 0
    candidacies: int = 0
    opt_outs: int = 0
    messages: int = 0
    texts: int = 0
    tables: int = 0
    audit_events: int = 0
    user_action: str = ""  # "deactivate" | "unlink" | ""
    documents: int = 0


def _user_is_only_this(person: Person) -> bool:
    user = person.user
    if user is None:
        return False
    others = Person.objects.filter(user=user).exclude(pk=person.pk).exists()
    secretary = user.secretariat_councils.exists() or user.is_superuser or user.municipalities.exists()
    return not others and not secretary


def erasure_plan(*, council: Council, person: Person, today: dt.date | None = None) -> ErasurePlan:
    from finance.models import PerDiemOptOut
    from meetings.models import Attendance
    from notifications.models import OutboxMessage

    today = today or timezone.localdate()
    if person.council_id != council.pk:
        raise ApplicationError(_("Personen findes ikke i rådet."))
    needles = Needles.of(person)
    replacer = Replacer(council, person, needles)
    hits = sweep_hits(council=council, needles=needles, today=today)
    labels = {"email": _("e-mail"), "phone": _("mobilnummer"), "address": _("postadresse"), "notes": _("noter"),
              "public_title": _("offentlig titel")}
    return ErasurePlan(
        person=person, label=capitalise(replacer.label(today)), refusal=refusal(person=person, today=today),
        contact_fields=[str(labels[f]) for f in PERSON_CLEARED if getattr(person, f)],
        attendances=Attendance.objects.filter(council=council, person=person).count(),
        candidacies=_candidacies(council=council, person=person, needles=needles).count(),
        opt_outs=PerDiemOptOut.objects.filter(council=council, person=person).count(),
        messages=OutboxMessage.objects.filter(council=council, person=person).count(),
        texts=len(hits), tables=len({h.model for h in hits}),
        audit_events=len(audit_hits(council=council, person=person, needles=needles, today=today,
                                    replacer=replacer)),
        user_action=("deactivate" if _user_is_only_this(person) else "unlink") if person.user_id else "",
        documents=GeneratedDocument.objects.filter(council=council).count())


@transaction.atomic
def person_erase(*, council: Council, person: Person, actor: Any, today: dt.date | None = None) -> Erasure:
    """Anonymise ``person`` (see the module docstring). Refused (ApplicationError, Danish) for a
    person with a running membership or position, or one already anonymised."""
    from accounts.models import LoginCode
    from finance.models import PerDiemOptOut
    from meetings.models import Attendance
    from notifications.models import InboundSms, OutboxMessage, OutboxStatus

    today = today or timezone.localdate()
    if person.council_id != council.pk:
        raise ApplicationError(_("Personen findes ikke i rådet."))
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    problem = refusal(person=person, today=today)
    if problem:
        raise ApplicationError(problem)
    needles = Needles.of(person)
    replacer = Replacer(council, person, needles)
    label = capitalise(replacer.label(today))
    counts: dict[str, int] = {}

    def count(table: str, n: int) -> None:
        if n:
            counts[table] = counts.get(table, 0) + n

    # The audit log first (it reads the person's candidacies and user before they change).
    scrubbed = audit_hits(council=council, person=person, needles=needles, today=today, replacer=replacer)
    for event, before, after in scrubbed:
        AuditEvent.objects.filter(pk=event.pk).update(before=before, after=after)
    count("core_auditevent", len(scrubbed))

    # Targeted: what is the person's own.
    candidacies = _candidacies(council=council, person=person, needles=needles)
    count("councils_candidacy", candidacies.update(
        name=label, email="", phone="", address="", motivation="", organisation_name="", review_note="",
        lived_experience=False, publish_name=False))
    count("finance_perdiemoptout", PerDiemOptOut.objects.filter(council=council, person=person).delete()[0])
    count("councils_membership", Membership.objects.filter(council=council, person=person).exclude(end_note="")
          .update(end_note=""))
    count("meetings_attendance", Attendance.objects.filter(council=council, person=person).filter(
        ~Q(afbud_note="") | Q(short_code__isnull=False)).update(afbud_note="", short_code=None))
    unsent = [OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.MANUAL]
    outbox = OutboxMessage.objects.filter(council=council, person=person)
    count("notifications_outboxmessage", outbox.filter(status__in=unsent).delete()[0])
    count("notifications_outboxmessage", outbox.update(to_address="", body="", attachments=[]))
    inbound = InboundSms.objects.filter(Q(council=council, person=person))
    if person.phone:
        inbound = InboundSms.objects.filter(Q(council=council, person=person)
                                            | Q(council=council, from_number__in=_phone_forms(person.phone)))
    count("notifications_inboundsms", inbound.update(from_number="", text=""))

    user = person.user
    person_fields: dict[str, Any] = {f: "" for f in PERSON_CLEARED}
    person_fields.update(name=label, user=None, publish_name=False, share_contact=False, lived_experience=False,
                         wants_reminders=False)
    if any(f.name == "photo_consent" for f in Person._meta.concrete_fields):
        person_fields["photo_consent"] = False
    Person.objects.filter(pk=person.pk).update(**person_fields)
    count("councils_person", 1)
    if user is not None:
        addresses = [a for a in (user.email, user.phone) if a]
        count("accounts_logincode", LoginCode.objects.filter(Q(user=user) | Q(address__in=addresses)).delete()[0])
        if _user_is_only_this(person):
            _user_anonymise(user, addresses)
            count("accounts_user", 1)

    # The sweep: whatever else holds the name or the contact values.
    for hit in sweep_hits(council=council, needles=needles, today=today):
        if _apply_hit(hit, replacer):
            count(hit.model._meta.db_table, 1)

    # Rendered documents are a cache of what the pages show: render them again without the name.
    documents = list(GeneratedDocument.objects.filter(council=council))
    for document in documents:
        if document.file:
            transaction.on_commit(functools.partial(document.file.storage.delete, document.file.name))
    count("core_generateddocument", GeneratedDocument.objects.filter(council=council).delete()[0])

    erasure = Erasure.objects.create(council=council, person=person, role_label=label, performed_by=actor
                                     if getattr(actor, "is_authenticated", False) else None, counts=counts)
    audit(action="privacy.erasure", actor=actor, council=council, obj=person,
          before={}, after={"tables": len(counts), "rows": sum(counts.values())})
    publiccache.bump(council)
    schedule_reindex(council)
    return erasure


def _user_anonymise(user: Any, addresses: list[str]) -> None:
    """Deactivate the login and empty what identifies it; its sessions, devices and lockout
    counters go too."""
    from django.contrib.sessions.models import Session

    User = get_user_model()
    # A login needs an address (accounts_user_has_address): one that can never receive mail (RFC 2606).
    User.objects.filter(pk=user.pk).update(is_active=False, name="", email=f"slettet-{user.pk}@anonymiseret.invalid",
                                           phone=None, password="!")  # nosec B106  # an unusable password, the same as set_unusable_password()
    for label in ("otp_totp.totpdevice", "django_otp_webauthn.webauthncredential", "otp_static.staticdevice",
                  "otp_email.emaildevice"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model._default_manager.filter(user=user).delete()
    for label in ("axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if addresses:
            model._default_manager.filter(username__in=addresses).delete()
    # Sessions hold the user id only; they end with the account.
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
