"""Writes for the roster. Keyword-only, typed, validated with ``full_clean`` and audited.
Rules across relations (a personal substitute per member, deadlines) live here."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import publiccache
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_date, long_datetime
from core.mail import send_mail
from core.search import schedule_reindex
from councils.hooks import council_created_hooks
from councils.models import (
    RESERVED_SLUGS,
    Appointment,
    Candidacy,
    CandidacyKind,
    CandidacyStatus,
    Channel,
    Consent,
    ConsentKind,
    ConsentMethod,
    Council,
    CouncilSecretary,
    EndReason,
    Membership,
    MembershipRole,
    MembershipStatus,
    Municipality,
    Organisation,
    Person,
    PlainWord,
    Position,
    RecruitmentCall,
    RulesOfProcedure,
    SeatCategory,
    SubstituteOutcome,
    TaxonomyTerm,
    Term,
    TermsOfReference,
)
from councils.presets import DEFAULT_TERMS_OF_REFERENCE, PRESETS, TAXONOMIES

if TYPE_CHECKING:
    from accounts.models import User


def _save(instance, *, exclude=None):
    full_clean_or_raise(instance, exclude=exclude)
    instance.save()
    return instance


def election_term_bounds(on: dt.date, *, years: int = 4) -> tuple[dt.date, dt.date]:
    """The municipal election period containing ``on``: Danish municipal elections are held in
    November of 2021, 2025, 2029…, and the period runs from 1 January after the election."""
    start_year = 2022 + ((on.year - 2022) // years) * years
    return dt.date(start_year, 1, 1), dt.date(start_year + years - 1, 12, 31)


# --- Councils -------------------------------------------------------------------------------

@transaction.atomic
def council_create_from_preset(*, municipality: Municipality, preset_key: str, name: str, slug: str,
                               actor: User | None = None, term_start: dt.date | None = None,
                               term_end: dt.date | None = None) -> Council:

    try:
        preset = PRESETS[preset_key]
    except KeyError:
        raise ApplicationError(_("Ukendt skabelon."), field="preset") from None
    if slug.lower() in RESERVED_SLUGS:
        raise ApplicationError(_("Adressen er reserveret af systemet. Vælg en anden."), field="slug")
    if Council.objects.filter(slug=slug).exists():
        raise ApplicationError(_("Adressen “%(slug)s” er allerede i brug. Vælg en anden.") % {"slug": slug},
                               field="slug")
    council = _save(Council(municipality=municipality, kind=preset.kind, name=name, slug=slug, preset=preset.key))
    today = timezone.localdate()
    rules = RulesOfProcedure(council=council, version=1, valid_from=term_start or today, created_by=actor,
                             **preset.rules)
    _save(rules)
    _save(TermsOfReference(council=council, version=1, valid_from=term_start or today,
                           text=DEFAULT_TERMS_OF_REFERENCE, created_by=actor))
    if term_start is None or term_end is None:
        default_start, default_end = election_term_bounds(today, years=rules.term_years)
        term_start, term_end = term_start or default_start, term_end or default_end
    term = _save(Term(council=council, name=f"{term_start.year}–{term_end.year}", start=term_start, end=term_end))
    SeatCategory.objects.bulk_create([
        SeatCategory(council=council, term=term, name=seat.name, min_seats=seat.min_seats,
                     max_seats=seat.max_seats, lived_experience=seat.lived_experience,
                     municipal_board=seat.municipal_board, per_diem=seat.per_diem,
                     open_to_applicants=seat.open_to_applicants, position=i)
        for i, seat in enumerate(preset.seats)
    ])
    TaxonomyTerm.objects.bulk_create([
        TaxonomyTerm(council=council, scheme=scheme, name=label, position=i)
        for scheme in preset.taxonomies for i, label in enumerate(TAXONOMIES[scheme])
    ])
    Organisation.objects.bulk_create([Organisation(council=council, name=name, nominates=True)
                                      for name in preset.organisations])
    if actor is not None and not actor.is_superuser:
        CouncilSecretary.objects.create(council=council, user=actor)
    audit(action="councils.council.created", actor=actor, council=council, obj=council,
          after=snapshot(council) | {"organisations": list(preset.organisations)})
    for hook in council_created_hooks():
        hook(council=council, preset=preset, term=term, actor=actor, today=today)
    return council


def council_secretary_add(*, council: Council, user, actor: User | None = None) -> CouncilSecretary:
    row, _created = CouncilSecretary.objects.get_or_create(council=council, user=user)
    audit(action="councils.secretary.added", actor=actor, council=council, obj=row)
    return row


@transaction.atomic
def municipality_staff_add(*, user: User, slugs: list[str]) -> list[str]:
    """Put ``user`` in the staff of the municipalities with these slugs (the municipality's login,
    ``accounts.oidc``, matched the person to them); returns the slugs of those that exist. Each new
    place in a staff is audited, with the user as the actor (they logged in)."""
    found = list(Municipality.objects.filter(slug__in=slugs).order_by("slug"))
    present = set(Municipality.staff.through.objects.filter(user_id=user.pk, municipality__in=found)
                  .values_list("municipality_id", flat=True))
    for municipality in found:
        if municipality.pk not in present:
            municipality.staff.add(user)
            audit(action="councils.municipality.staff_added", actor=user, obj=municipality,
                  after={"user_id": user.pk, "municipality": municipality.slug})
    return [municipality.slug for municipality in found]


@transaction.atomic
def rules_update(*, council: Council, actor: User | None, valid_from: dt.date, **fields) -> RulesOfProcedure:
    """Record a new version of the rules of procedure; earlier versions are kept."""
    publiccache.bump(council)  # renews cached public pages on commit
    current = RulesOfProcedure.objects.filter(council=council).order_by("-version").first()
    data = {f: getattr(current, f) for f in RulesOfProcedure.CONFIG_FIELDS} if current else {}
    unknown = set(fields) - set(RulesOfProcedure.CONFIG_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown rule fields: {sorted(unknown)}")
    data.update(fields)
    rules = _save(RulesOfProcedure(council=council, version=(current.version + 1) if current else 1,
                                   valid_from=valid_from, created_by=actor, **data))
    audit(action="councils.rules.updated", actor=actor, council=council, obj=rules,
          before=snapshot(current) if current else {})
    return rules


@transaction.atomic
def terms_of_reference_update(*, council: Council, actor: User | None, text: str,
                              valid_from: dt.date) -> TermsOfReference:
    publiccache.bump(council)  # renews cached public pages on commit
    current = TermsOfReference.objects.filter(council=council).order_by("-version").first()
    tor = _save(TermsOfReference(council=council, version=(current.version + 1) if current else 1,
                                 valid_from=valid_from, text=text, created_by=actor))
    audit(action="councils.terms_of_reference.updated", actor=actor, council=council, obj=tor)
    return tor


# --- Terms and seats --------------------------------------------------------------------------

def term_create(*, council: Council, name: str, start: dt.date, end: dt.date, actor: User | None = None,
                copy_seats_from: Term | None = None) -> Term:
    if Term.objects.filter(council=council, start__lte=end, end__gte=start).exists():
        raise ApplicationError(_("Perioden overlapper en eksisterende valgperiode."), field="start")
    with transaction.atomic():
        term = _save(Term(council=council, name=name, start=start, end=end))
        if copy_seats_from is not None:
            SeatCategory.objects.bulk_create([
                SeatCategory(council=council, term=term, name=c.name, min_seats=c.min_seats, max_seats=c.max_seats,
                             lived_experience=c.lived_experience, municipal_board=c.municipal_board,
                             per_diem=c.per_diem, open_to_applicants=c.open_to_applicants, position=c.position)
                for c in copy_seats_from.seat_categories.all()
            ])
        audit(action="councils.term.created", actor=actor, council=council, obj=term)
    return term


def seat_category_save(*, council: Council, term: Term, instance: SeatCategory | None = None, actor: User | None = None,
                       **fields) -> SeatCategory:
    category = instance or SeatCategory(council=council, term=term)
    before = snapshot(category) if instance else {}
    for key, value in fields.items():
        setattr(category, key, value)
    if category.municipal_board:  # the municipal board's seats never give per diem nor are applied for
        category.per_diem = category.open_to_applicants = False
    _save(category)
    audit(action="councils.seat_category.saved", actor=actor, council=council, obj=category, before=before)
    return category


# --- People and memberships ---------------------------------------------------------------------

@transaction.atomic
def person_save(*, council: Council, instance: Person | None = None, actor: User | None = None,
                consent_method: str = ConsentMethod.UNSPECIFIED, **fields) -> Person:
    """Create or change a person. Consents (``ConsentKind``: publish_name, share_contact,
    photo_consent) are not written here but through ``consent_set``, which records each one that
    changes, given ``consent_method`` (how the person said so)."""
    person = instance or Person(council=council)
    if person.council_id != council.pk:
        raise ApplicationError(_("Personen hører ikke til dette råd."))
    consents = {kind: bool(fields.pop(kind)) for kind in ConsentKind.values if kind in fields}
    # The stored consents, not what a bound form already put on the instance: only consent_set changes them.
    stored = (Person.objects.filter(pk=person.pk).values(*ConsentKind.values).first() if person.pk else None)
    for kind in ConsentKind.values:
        setattr(person, kind, stored[kind] if stored else False)
    before = snapshot(person) if instance else {}
    for key, value in fields.items():
        setattr(person, key, value)
    _save(person)
    audit(action="councils.person.saved", actor=actor, council=council, obj=person, before=before)
    for kind, given in consents.items():
        consent_set(person=person, kind=kind, given=given, method=consent_method, actor=actor)
    if before and (before.get("publish_name"), before.get("name")) != (person.publish_name, person.name):
        schedule_reindex(council)  # public search texts name people only with consent (core.search)
    publiccache.bump(council)  # renews cached public pages on commit
    return person


@transaction.atomic
def person_reminders_set(*, person: Person, wants: bool, actor: User | None) -> Person:
    """Say yes or no to reminders (the day before a meeting, tasks and deadlines, events) for
    ``person``: from the member's own page, the secretariat's person form, or an SMS answered
    "STOP" (``actor`` None). Invitations are always sent. Setting what is already set changes
    nothing and logs nothing."""
    person = Person.objects.select_for_update(of=("self",)).select_related("council").get(pk=person.pk)
    if person.wants_reminders == wants:
        return person
    person.wants_reminders = wants
    person.save(update_fields=["wants_reminders"])
    audit(action="councils.person.reminders_set", actor=actor, council=person.council, obj=person,
          before={"wants_reminders": not wants}, after={"wants_reminders": wants})
    return person


def organisation_save(*, council: Council, instance: Organisation | None = None, actor: User | None = None,
                      **fields) -> Organisation:
    org = instance or Organisation(council=council)
    for key, value in fields.items():
        setattr(org, key, value)
    _save(org)
    audit(action="councils.organisation.saved", actor=actor, council=council, obj=org)
    return org


def _check_membership(m: Membership) -> None:
    council = m.council
    for related, label in ((m.person, "person"), (m.term, "term"), (m.seat_category, "seat_category"),
                           (m.substitute_for, "substitute_for"), (m.nominated_by, "nominated_by")):
        if related is not None and related.council_id != council.pk:
            raise ApplicationError(_("Oplysningen hører til et andet råd."), field=label)
    if m.seat_category is not None and m.seat_category.term_id != m.term_id:
        raise ApplicationError(_("Pladskategorien hører til en anden valgperiode."), field="seat_category")
    if not (m.term.start <= m.start <= m.term.end):
        raise ApplicationError(_("Startdatoen skal ligge i valgperioden (%(start)s – %(end)s).")
                               % {"start": long_date(m.term.start), "end": long_date(m.term.end)}, field="start")
    if m.role == MembershipRole.SUBSTITUTE and m.substitute_for is not None:
        if m.substitute_for.role != MembershipRole.MEMBER:
            raise ApplicationError(_("En personlig suppleant skal være suppleant for et medlem."),
                                   field="substitute_for")
        # The substitute's seat runs inside the member's: an appointed substitute needs an appointed
        # member whose seat has begun and not ended on the substitute's first day (read fresh: the
        # caller's copy may be older than a withdrawal).
        member = Membership.objects.select_related("person").get(pk=cast(int, m.substitute_for_id))
        if m.status == MembershipStatus.APPOINTED and not (
                member.status == MembershipStatus.APPOINTED and member.start <= m.start
                and (member.end is None or m.start <= member.end)):
            raise ApplicationError(
                _("%(member)s sidder ikke i rådet den %(date)s, så suppleanten kan ikke starte den dag.")
                % {"member": member.person.name, "date": long_date(m.start)}, field="start")
        if (m.status == MembershipStatus.APPOINTED and member.end is not None
                and (m.end is None or m.end > member.end)):
            raise ApplicationError(
                _("%(member)s udtrådte den %(date)s. En personlig suppleants plads slutter senest samme dag.")
                % {"member": member.person.name, "date": long_date(member.end)}, field="end")
        clash = (Membership.objects.filter(council=council, substitute_for=m.substitute_for, end__isnull=True,
                                           role=MembershipRole.SUBSTITUTE).exclude(pk=m.pk))
        if clash.exists():
            raise ApplicationError(_("%(member)s har allerede en personlig suppleant. Afslut den først.")
                                   % {"member": m.substitute_for.person.name}, field="substitute_for")
    if m.role != MembershipRole.SUBSTITUTE and m.substitute_for is not None:
        raise ApplicationError(_("Kun suppleanter kan være suppleant for et medlem."), field="substitute_for")
    overlapping = Membership.objects.filter(council=council, person=m.person, term=m.term, end__isnull=True,
                                            role=m.role).exclude(pk=m.pk)
    if m.end is None and overlapping.exists():
        raise ApplicationError(_("%(name)s er allerede %(role)s i denne valgperiode.")
                               % {"name": m.person.name, "role": m.get_role_display().lower()}, field="person")


@transaction.atomic
def membership_create(*, council: Council, person: Person, term: Term, role: str, start: dt.date,
                      actor: User | None = None, **fields) -> Membership:
    publiccache.bump(council)  # renews cached public pages on commit
    m = Membership(council=council, person=person, term=term, role=role, start=start, **fields)
    if m.status == MembershipStatus.NOMINATED and m.nominated_on is None:
        # Not told when the nomination came: no later than today, nor than the planned start.
        m.nominated_on = min(timezone.localdate(), start)
    _check_membership(m)
    _save(m)
    audit(action="councils.membership.created", actor=actor, council=council, obj=m)
    return m


@transaction.atomic
def membership_update(*, membership: Membership, actor: User | None = None, **fields) -> Membership:
    publiccache.bump(membership.council_id)  # renews cached public pages on commit
    before = snapshot(membership)
    for key, value in fields.items():
        setattr(membership, key, value)
    _check_membership(membership)
    _save(membership)
    audit(action="councils.membership.updated", actor=actor, council=membership.council, obj=membership,
          before=before)
    return membership


def running_personal_substitutes(membership: Membership, *, after: dt.date) -> list[Membership]:
    """The member's personal substitutes whose seat still runs after ``after``."""
    return list(Membership.objects.filter(council=membership.council_id, substitute_for=membership,
                                          role=MembershipRole.SUBSTITUTE)
                .filter(Q(end__isnull=True) | Q(end__gt=after)).select_related("person", "term"))


def _close(membership: Membership, *, end: dt.date, reason: str, note: str = "") -> None:
    membership.end, membership.end_reason, membership.end_note = end, reason, note
    _save(membership)


@transaction.atomic
def membership_end(*, membership: Membership, end: dt.date, reason: str, note: str = "", actor: User | None = None,
                   substitute_outcome: str = SubstituteOutcome.END,
                   substitute_new_member: Membership | None = None) -> Membership:
    """A withdrawal: the membership ends with a reason, and positions the person holds end too.

    A personal substitute's seat ends with their member's. The secretariat chooses what becomes
    of the member's running personal substitute (``substitute_outcome``): they leave too (the
    default), they move up and take the seat as a member from the next day, or they become the
    personal substitute of another member (``substitute_new_member``) from the next day. Each
    choice is recorded as memberships with dates, so the roster on any date stays true."""
    publiccache.bump(membership.council_id)  # renews cached public pages on commit
    given = membership
    membership = (Membership.objects.select_for_update(of=("self",))
                  .select_related("term", "seat_category", "person").get(pk=membership.pk))
    if membership.end is not None:
        raise ApplicationError(_("Medlemskabet er allerede afsluttet den %(date)s.")
                               % {"date": long_date(membership.end)}, field="end")
    if end < membership.start:
        raise ApplicationError(_("Slutdatoen kan ikke ligge før startdatoen."), field="end")
    if reason not in EndReason.values:
        raise ApplicationError(_("Vælg en årsag."), field="reason")
    if substitute_outcome not in SubstituteOutcome.values:
        raise ApplicationError(_("Vælg, hvad der sker med suppleanten."), field="substitute_outcome")
    substitutes = (running_personal_substitutes(membership, after=end)
                   if membership.role == MembershipRole.MEMBER else [])
    next_day = end + dt.timedelta(days=1)
    if substitutes and substitute_outcome != SubstituteOutcome.END and next_day > membership.term.end:
        raise ApplicationError(_("Valgperioden slutter samme dag, så suppleanten kan ikke fortsætte."),
                               field="substitute_outcome")
    if substitutes and substitute_outcome == SubstituteOutcome.ATTACH:
        _check_new_member(substitute_new_member, leaving=membership, on=next_day)
    before = snapshot(membership)
    _close(membership, end=end, reason=reason, note=note)
    given.end, given.end_reason, given.end_note = end, reason, note  # the caller's copy tells the truth too
    # Only a member can hold a position, so a running substitute or guest membership does not keep it.
    still_member = Membership.objects.filter(council=membership.council, person=membership.person,
                                             role=MembershipRole.MEMBER, end__isnull=True,
                                             status=MembershipStatus.APPOINTED).exists()
    if not still_member:
        Position.objects.filter(council=membership.council, person=membership.person, end__isnull=True).update(end=end)
    audit(action="councils.membership.ended", actor=actor, council=membership.council, obj=membership,
          before=before, after={"end": str(end), "reason": reason, "substitute_outcome": substitute_outcome
                                if substitutes else ""})
    for substitute in substitutes:
        if substitute_outcome == SubstituteOutcome.MOVE_UP:
            substitute_move_up(substitute=substitute, start=next_day, seat_category=membership.seat_category,
                               actor=actor)
        elif substitute_outcome == SubstituteOutcome.ATTACH:
            # _check_new_member above refused a missing member
            substitute_attach(substitute=substitute, member=cast(Membership, substitute_new_member), start=next_day,
                              actor=actor)
        else:
            sub_before = snapshot(substitute)
            sub_reason = EndReason.TERM_ENDED if reason == EndReason.TERM_ENDED else EndReason.MEMBER_LEFT
            _close(substitute, end=min(end, substitute.end or end), reason=sub_reason)
            audit(action="councils.membership.ended", actor=actor, council=membership.council, obj=substitute,
                  before=sub_before, after={"end": str(substitute.end), "reason": sub_reason,
                                            "with_member": membership.pk})
    return membership


@transaction.atomic
def term_memberships_end(*, term: Term, actor: User | None = None) -> int:
    """End every membership still open in ``term`` on its last day (reason "term ended"): members
    first, so their personal substitutes' seats end with theirs, then whoever is left. Returns
    how many memberships were ended."""
    publiccache.bump(term.council_id)  # renews cached public pages on commit
    ended = 0
    for role in (MembershipRole.MEMBER, MembershipRole.SUBSTITUTE, MembershipRole.GUEST):
        for membership in Membership.objects.filter(council=term.council_id, term=term, role=role,
                                                    end__isnull=True).order_by("id"):
            membership.refresh_from_db(fields=["end"])
            if membership.end is None:
                membership_end(membership=membership, end=term.end, reason=EndReason.TERM_ENDED, actor=actor)
                ended += 1
    return ended


def _check_new_member(member: Membership | None, *, leaving: Membership, on: dt.date) -> None:
    if member is None:
        raise ApplicationError(_("Vælg det medlem, suppleanten skal være suppleant for."),
                               field="substitute_new_member")
    if (member.council_id != leaving.council_id or member.pk == leaving.pk or member.role != MembershipRole.MEMBER
            or not member.is_active_on(on)):
        raise ApplicationError(_("Vælg et medlem, der sidder i rådet fra %(date)s.")
                               % {"date": long_date(on)}, field="substitute_new_member")
    if running_personal_substitutes(member, after=on - dt.timedelta(days=1)):
        raise ApplicationError(_("%(name)s har allerede en personlig suppleant.") % {"name": member.person.name},
                               field="substitute_new_member")


def _check_continues(substitute: Membership, start: dt.date) -> None:
    if substitute.role != MembershipRole.SUBSTITUTE:
        raise ApplicationError(_("Kun en suppleant kan rykke op eller skifte medlem."))
    if not (substitute.start < start <= substitute.term.end):
        raise ApplicationError(_("Datoen skal ligge efter suppleantens start og i valgperioden."), field="start")
    if substitute.end is not None and substitute.end < start - dt.timedelta(days=1):
        raise ApplicationError(_("Suppleanten var ikke længere i rådet den %(date)s.")
                               % {"date": long_date(start)}, field="start")


def _continue_as(substitute: Membership, *, start: dt.date, reason: str, actor: User | None, **seat) -> Membership:
    """End the substitute's membership the day before ``start`` and begin a new one from ``start``
    with the same person, term and appointment: both periods stay on record."""
    _check_continues(substitute, start)
    before = snapshot(substitute)
    _close(substitute, end=start - dt.timedelta(days=1), reason=reason)
    audit(action="councils.membership.ended", actor=actor, council=substitute.council, obj=substitute,
          before=before, after={"reason": reason})
    return membership_create(council=substitute.council, person=substitute.person, term=substitute.term, start=start,
                             nominated_by=substitute.nominated_by, appointment_date=substitute.appointment_date,
                             appointment_reference=substitute.appointment_reference, actor=actor, **seat)


@transaction.atomic
def substitute_move_up(*, substitute: Membership, start: dt.date, seat_category: SeatCategory | None = None,
                       actor: User | None = None) -> Membership:
    """The substitute takes a seat as a member from ``start``: the substitute membership ends the
    day before (reason "blev medlem") and a member membership begins, in the seat category given
    (by default their member's)."""
    publiccache.bump(substitute.council_id)  # renews cached public pages on commit
    if seat_category is None and substitute.substitute_for_id:
        seat_category = cast(Membership, substitute.substitute_for).seat_category
    member = _continue_as(substitute, start=start, reason=EndReason.BECAME_MEMBER, actor=actor,
                          role=MembershipRole.MEMBER, seat_category=seat_category)
    audit(action="councils.substitute.moved_up", actor=actor, council=substitute.council, obj=member,
          after={"from": substitute.pk, "start": str(start)})
    return member


@transaction.atomic
def substitute_attach(*, substitute: Membership, member: Membership, start: dt.date,
                      actor: User | None = None) -> Membership:
    """The substitute becomes ``member``'s personal substitute from ``start``: the old substitute
    membership ends the day before and a new one begins."""
    publiccache.bump(substitute.council_id)  # renews cached public pages on commit
    new = _continue_as(substitute, start=start, reason=EndReason.NEW_MEMBER, actor=actor,
                       role=MembershipRole.SUBSTITUTE, substitute_for=member)
    audit(action="councils.substitute.attached", actor=actor, council=substitute.council, obj=new,
          after={"from": substitute.pk, "member": member.pk, "start": str(start)})
    return new


@transaction.atomic
def membership_appoint(*, membership: Membership, decision_date: dt.date, reference: str,
                       actor: User | None = None) -> Membership:
    """A nominated member is appointed by the municipal board. The seat runs from the decision
    (or the planned start, if later): before it, the person was only nominated."""
    publiccache.bump(membership.council_id)  # renews cached public pages on commit
    if membership.status != MembershipStatus.NOMINATED:
        raise ApplicationError(_("Personen er allerede udpeget."))
    if membership.nominated_on is not None and decision_date < membership.nominated_on:
        raise ApplicationError(_("Udpegningen kan ikke ligge før indstillingen den %(date)s.")
                               % {"date": long_date(membership.nominated_on)}, field="decision_date")
    if decision_date > membership.term.end:
        raise ApplicationError(_("Beslutningsdatoen ligger efter valgperiodens slutning."), field="decision_date")
    return membership_update(membership=membership, actor=actor, status=MembershipStatus.APPOINTED,
                             appointment_date=decision_date, appointment_reference=reference,
                             start=max(membership.start, decision_date))


@transaction.atomic
def position_assign(*, council: Council, person: Person, kind: str, start: dt.date,
                    actor: User | None = None) -> Position:
    """Elect a chair or vice-chair: the previous holder's position ends the day before."""
    publiccache.bump(council)  # renews cached public pages on commit
    if person.council_id != council.pk:
        raise ApplicationError(_("Personen hører ikke til dette råd."))
    active = Membership.objects.filter(council=council, person=person, role=MembershipRole.MEMBER,
                                       status=MembershipStatus.APPOINTED, start__lte=start)
    if not active.exclude(end__lt=start).exists():
        raise ApplicationError(_("Kun et medlem af rådet kan vælges som formand eller næstformand."), field="person")
    # The running holder ends the day before; that must not be before their own start.
    clash = (Position.objects.filter(Q(kind=kind) | Q(person=person), council=council, end__isnull=True,
                                     start__gte=start).select_related("person").order_by("-start").first())
    if clash is not None:
        raise ApplicationError(_("%(name)s er %(kind)s fra %(date)s. Vælg en senere dato.")
                               % {"name": clash.person.name, "kind": clash.get_kind_display().lower(),
                                  "date": long_date(clash.start)}, field="start")
    Position.objects.filter(council=council, kind=kind, end__isnull=True).update(end=start - dt.timedelta(days=1))
    Position.objects.filter(council=council, person=person, end__isnull=True).update(end=start - dt.timedelta(days=1))
    position = _save(Position(council=council, person=person, kind=kind, start=start))
    audit(action="councils.position.assigned", actor=actor, council=council, obj=position)
    return position


# --- Recruitment ---------------------------------------------------------------------------------

def call_save(*, council: Council, instance: RecruitmentCall | None = None, actor: User | None = None,
              **fields) -> RecruitmentCall:
    call = instance or RecruitmentCall(council=council)
    before = snapshot(call) if instance else {}
    for key, value in fields.items():
        setattr(call, key, value)
    if call.term.council_id != council.pk:
        raise ApplicationError(_("Valgperioden hører til et andet råd."), field="term")
    _save(call)
    audit(action="councils.call.saved", actor=actor, council=council, obj=call, before=before)
    publiccache.bump(council)  # renews cached public pages on commit
    return call


def candidacy_submit(*, call: RecruitmentCall, now: dt.datetime | None = None, **fields) -> Candidacy:
    """A citizen's candidacy or an organisation's nomination. Refused after the deadline."""
    now = now or timezone.now()
    if not call.published:
        raise ApplicationError(_("Opslaget er ikke offentliggjort."))
    if now > call.deadline:
        raise ApplicationError(
            _("Fristen for at stille op var %(deadline)s. Kontakt sekretariatet, hvis du stadig vil være med.")
            % {"deadline": long_datetime(call.deadline)}, code="deadline")
    candidacy = Candidacy(council=call.council, call=call, **fields)
    if candidacy.kind == CandidacyKind.NOMINATION and not (candidacy.organisation_name or candidacy.nominated_by):
        raise ApplicationError(_("Skriv navnet på den organisation, der indstiller."), field="organisation_name")
    if candidacy.seat_category is not None and candidacy.seat_category.term_id != call.term_id:
        raise ApplicationError(_("Vælg en plads fra listen."), field="seat_category")
    if candidacy.seat_category is not None and not candidacy.seat_category.open_to_applicants:
        raise ApplicationError(
            _("Pladsen “%(seat)s” besættes af kommunen og kan ikke søges. Vælg en anden plads, eller lad feltet "
              "stå tomt.") % {"seat": candidacy.seat_category.name}, field="seat_category", code="seat_closed")
    if not (candidacy.email or candidacy.phone or candidacy.address.strip()):
        raise ApplicationError(_("Skriv mindst én måde, vi kan kontakte dig på: e-mail, telefon eller adresse."),
                               field="email")
    # The same rule as Person.clean, so an appointed candidate can become a person.
    if candidacy.preferred_channel == Channel.EMAIL and not candidacy.email:
        raise ApplicationError(_("Skriv en e-mailadresse, eller vælg SMS eller brev som kanal."), field="email")
    if candidacy.preferred_channel == Channel.SMS and not candidacy.phone:
        raise ApplicationError(_("Skriv et mobilnummer, eller vælg en anden kanal."), field="phone")
    if candidacy.preferred_channel == Channel.LETTER and not candidacy.address.strip():
        raise ApplicationError(_("Skriv en postadresse, så brevet kan sendes."), field="address")
    _save(candidacy)
    audit(action="councils.candidacy.submitted", council=call.council, obj=candidacy)
    return candidacy


def _deadline_text(call: RecruitmentCall) -> str:
    return long_datetime(call.deadline)


def _appointed_members(category: SeatCategory, on: dt.date) -> int:
    """Appointed members in the seat category on a day (substitutes and guests hold no seat)."""
    return Membership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on), council=category.council_id, seat_category=category,
        role=MembershipRole.MEMBER, status=MembershipStatus.APPOINTED, start__lte=on).count()


def _seats_full_error(category: SeatCategory, *, appointed: int, selected: int, field: str) -> ApplicationError:
    return ApplicationError(
        ngettext("“%(seat)s” har %(max)d plads, og den er ikke ledig: %(appointed)d udpeget og %(selected)d "
                 "indstillet til udpegning. Vælg en anden plads, eller afslut et medlemskab først.",
                 "“%(seat)s” har %(max)d pladser, og der er ikke flere ledige: %(appointed)d udpeget og "
                 "%(selected)d indstillet til udpegning. Vælg en anden plads, eller afslut et medlemskab først.",
                 category.max_seats)
        % {"seat": category.name, "max": category.max_seats, "appointed": appointed, "selected": selected},
        field=field, code="seats_full")


def candidacy_review(*, candidacy: Candidacy, actor: User | None, status: str, decision_role: str = "",
                     decision_seat_category: SeatCategory | None = None,
                     decision_substitute_for: Candidacy | None = None, review_note: str = "",
                     now: dt.datetime | None = None) -> Candidacy:
    """Select a candidate (as member or substitute) or not. Only after the call's deadline, so
    everyone who applied in time is weighed together, and never into a seat category that is full
    (its appointed members on the day the term's seats are taken, or today, plus those already
    selected for it)."""
    now = now or timezone.now()
    call = candidacy.call
    decided = status in (CandidacyStatus.SELECTED, CandidacyStatus.NOT_SELECTED)
    if decided and now < call.deadline:
        raise ApplicationError(
            _("Ansøgningsfristen er %(deadline)s. Kandidaterne udvælges, når fristen er udløbet, så alle, der "
              "stiller op, vurderes sammen.") % {"deadline": _deadline_text(call)}, field="status", code="early")
    if status == CandidacyStatus.SELECTED and not decision_role:
        raise ApplicationError(_("Vælg om kandidaten indstilles som medlem eller suppleant."), field="decision_role")
    if status == CandidacyStatus.NOT_SELECTED and not review_note.strip():
        raise ApplicationError(_("Skriv en kort begrundelse, når en kandidat ikke vælges."), field="review_note")
    if decision_substitute_for is not None and (decision_substitute_for.call_id != candidacy.call_id
                                                or decision_substitute_for.pk == candidacy.pk):
        raise ApplicationError(_("Vælg et andet kandidatur fra samme opslag."), field="decision_substitute_for")
    if candidacy.status == CandidacyStatus.APPOINTED:
        raise ApplicationError(_("Kandidaten er allerede udpeget."))
    category = decision_seat_category
    if status == CandidacyStatus.SELECTED and decision_role == MembershipRole.MEMBER and category is not None:
        if category.term_id != call.term_id or category.council_id != call.council_id:
            raise ApplicationError(_("Vælg en plads fra opslagets valgperiode."), field="decision_seat_category")
        term = call.term
        on = min(max(timezone.localtime(now).date(), term.start), term.end)
        appointed = _appointed_members(category, on)
        selected = (Candidacy.objects.filter(council=call.council, status=CandidacyStatus.SELECTED,
                                             decision_role=MembershipRole.MEMBER, decision_seat_category=category)
                    .exclude(pk=candidacy.pk).count())
        if appointed + selected >= category.max_seats:
            raise _seats_full_error(category, appointed=appointed, selected=selected, field="decision_seat_category")
    before = snapshot(candidacy)
    candidacy.status = status
    candidacy.decision_role = decision_role if status == CandidacyStatus.SELECTED else ""
    candidacy.decision_seat_category = decision_seat_category if status == CandidacyStatus.SELECTED else None
    candidacy.decision_substitute_for = (decision_substitute_for if status == CandidacyStatus.SELECTED
                                         and decision_role == MembershipRole.SUBSTITUTE else None)
    candidacy.review_note = review_note
    _save(candidacy)
    audit(action="councils.candidacy.reviewed", actor=actor, council=candidacy.council, obj=candidacy,
          before=before)
    return candidacy


@transaction.atomic
def appointment_record(*, call: RecruitmentCall, decision_date: dt.date, reference: str,
                       actor: User | None = None) -> Appointment:
    """Record the municipal board's decision: every selected candidate becomes a person with an
    appointed membership from the decision date (or the term start, if later)."""
    publiccache.bump(call.council_id)  # renews cached public pages on commit
    council = call.council
    if decision_date < timezone.localtime(call.deadline).date():
        raise ApplicationError(
            _("Beslutningsdatoen ligger før ansøgningsfristen %(deadline)s. Kommunalbestyrelsen udpeger, når "
              "fristen er udløbet.") % {"deadline": _deadline_text(call)}, field="decision_date", code="early")
    selected = list(Candidacy.objects.filter(council=council, call=call, status=CandidacyStatus.SELECTED)
                    .select_related("decision_seat_category", "decision_substitute_for", "nominated_by"))
    if not selected:
        raise ApplicationError(_("Ingen kandidater er indstillet til udpegning endnu."))
    start = max(decision_date, call.term.start)
    if start > call.term.end:
        raise ApplicationError(_("Beslutningsdatoen ligger efter valgperiodens slutning."), field="decision_date")
    # Seats: the members appointed now and those already in the category that day fit its maximum.
    taking: dict[int, list[Candidacy]] = {}
    for cand in selected:
        if cand.decision_role == MembershipRole.MEMBER and cand.decision_seat_category_id:
            taking.setdefault(cand.decision_seat_category_id, []).append(cand)
    for cands in taking.values():
        category = cast(SeatCategory, cands[0].decision_seat_category)  # the key is its id
        appointed = _appointed_members(category, start)
        if appointed + len(cands) > category.max_seats:
            raise _seats_full_error(category, appointed=appointed, selected=len(cands), field="decision_date")
    appointment = _save(Appointment(council=council, call=call, decision_date=decision_date, reference=reference,
                                    created_by=actor))
    created: dict[int, Membership] = {}
    # Members first, so substitutes can point at their member's new membership.
    for cand in sorted(selected, key=lambda c: c.decision_role != MembershipRole.MEMBER):
        person = Person(council=council, name=cand.name, email=cand.email, phone=cand.phone, address=cand.address,
                        preferred_channel=cand.preferred_channel, lived_experience=cand.lived_experience,
                        organisation=cand.nominated_by)
        _save(person)
        consent_set(person=person, kind=ConsentKind.PUBLISH_NAME, given=cand.publish_name,
                    method=ConsentMethod.APPLICATION, actor=actor)
        substitute_for = None
        if cand.decision_role == MembershipRole.SUBSTITUTE and cand.decision_substitute_for_id:
            substitute_for = created.get(cand.decision_substitute_for_id)
        membership = Membership(council=council, person=person, term=call.term, role=cand.decision_role,
                                seat_category=cand.decision_seat_category, substitute_for=substitute_for,
                                nominated_by=cand.nominated_by, appointment_date=decision_date,
                                appointment_reference=reference, start=start, status=MembershipStatus.APPOINTED)
        _check_membership(membership)
        _save(membership)
        created[cand.pk] = membership
        cand.status, cand.person = CandidacyStatus.APPOINTED, person
        cand.save(update_fields=["status", "person"])
    audit(action="councils.appointment.recorded", actor=actor, council=council, obj=appointment,
          after={"reference": reference, "decision_date": str(decision_date), "appointed": len(created)})
    return appointment


@transaction.atomic
def person_grant_access(*, person: Person, actor: User | None, domain: str, use_https: bool = True):
    """Give a person a login: a user account with their e-mail, linked to the person, and an
    e-mail with a one-time link to choose a password. Roles follow from the roster."""
    if not person.email:
        raise ApplicationError(_("Personen har ingen e-mailadresse. Skriv en, før der gives adgang."), field="email")
    User = get_user_model()
    user = User.objects.filter(email=User.normalize_username(person.email)).first()
    if user is None:
        user = User.objects.create_user(email=person.email, name=person.name)
    person.user = user
    person.save(update_fields=["user"])
    context = {"council": person.council, "person": person, "email": user.email, "domain": domain,
               "protocol": "https" if use_https else "http", "uid": urlsafe_base64_encode(force_bytes(user.pk)),
               "token": default_token_generator.make_token(user)}

    def send():
        send_mail(render_to_string("accounts/welcome_subject.txt", context),
                  render_to_string("accounts/welcome_email.txt", context), [user.email or person.email])

    transaction.on_commit(send)
    audit(action="councils.person.access_granted", actor=actor, council=person.council, obj=person,
          after={"user": user.pk})
    return user


@transaction.atomic
def people_link_user(*, people: list[Person], user: User, actor: User | None = None) -> int:
    """Link ``user`` to each of ``people`` that has no user yet (after the user proved the people's
    address by a login code, ``accounts.services``). A person who has a user keeps it: another
    user never takes a person over. How many were linked."""
    linked = 0
    for person in people:
        if person.user_id is not None:
            continue
        # Only while it still has no user: a person linked meanwhile by another request stays so.
        if Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user):
            person.user = user
            linked += 1
            audit(action="councils.person.user_linked", actor=actor or user, council=person.council, obj=person,
                  after={"user": user.pk})
    return linked


# --- Plain words ---------------------------------------------------------------------------------

@transaction.atomic
def plain_word_add(*, council: Council, word: str, plain: str, actor: User | None = None) -> PlainWord:
    """Add the council's own plain word, or change the plain word of one it has. Stored in lower
    case and base form as typed; the meter finds the inflected forms."""
    word, plain = " ".join(word.split()).lower(), " ".join(plain.split())
    existing = PlainWord.objects.select_for_update().filter(council=council, word=word).first()
    if existing is not None:
        before = snapshot(existing, ["word", "plain"])
        existing.plain = plain
        _save(existing)
        audit(action="councils.plain_word.changed", actor=actor, council=council, obj=existing, before=before,
              after=snapshot(existing, ["word", "plain"]))
        return existing
    entry = _save(PlainWord(council=council, word=word, plain=plain, created_by=actor))
    audit(action="councils.plain_word.added", actor=actor, council=council, obj=entry,
          after=snapshot(entry, ["word", "plain"]))
    return entry


@transaction.atomic
def plain_word_delete(*, council: Council, plain_word: PlainWord, actor: User | None = None) -> None:
    if plain_word.council_id != council.pk:
        raise ApplicationError(_("Ordet hører til et andet råd."))
    before = snapshot(plain_word, ["word", "plain"])
    audit(action="councils.plain_word.deleted", actor=actor, council=council, obj=plain_word, before=before, after={})
    plain_word.delete()


# --- Consents ------------------------------------------------------------------------------------

def consent_set(*, person: Person, kind: str, given: bool, method: str, actor: User | None,
                at: dt.datetime | None = None) -> Consent | None:
    """The one writer of a person's consents (``ConsentKind``): sets the boolean on ``Person``
    (the current state the disclosure policy and the directory read), records a ``Consent`` row
    (given or withdrawn, how, when, by whom), audits it and renews the council's cached public
    pages on commit, so a withdrawn "name public" is gone from every public page at once.

    Only a change is recorded: a new person starts with every consent off, so their first "yes"
    is a row and a "no" is nothing. Returns the new row, or None when nothing changed."""
    if kind not in ConsentKind.values:
        raise ApplicationError(_("Ukendt samtykke."))
    if method not in ConsentMethod.values:
        raise ApplicationError(_("Vælg hvordan samtykket blev givet eller trukket tilbage."), field="consent_method")
    with transaction.atomic():
        was = (Person.objects.select_for_update(of=("self",)).filter(pk=person.pk)
               .values_list(kind, flat=True).first())
        setattr(person, kind, given)
        if was is None or bool(was) == given:
            return None
        Person.objects.filter(pk=person.pk).update(**{kind: given})
        row = Consent.objects.create(council_id=person.council_id, person=person, kind=kind, given=given,
                                     method=method, recorded_at=at or timezone.now(), recorded_by=actor)
        audit(action="councils.consent.given" if given else "councils.consent.withdrawn", actor=actor,
              council=person.council, obj=row, after={"person": person.pk, "kind": kind, "given": given,
                                                      "method": method})
        if kind == ConsentKind.PUBLISH_NAME:
            schedule_reindex(person.council)  # public search texts name people only with consent (core.search)
        publiccache.bump(person.council_id)  # renews cached public pages on commit
    return row
