"""Writes for the roster. Keyword-only, typed, validated with ``full_clean`` and audited.
Rules across relations (a personal substitute per member, deadlines) live here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.errors import ApplicationError
from councils.models import (
    RESERVED_SLUGS,
    Appointment,
    Candidacy,
    CandidacyKind,
    CandidacyStatus,
    Channel,
    Council,
    CouncilSecretary,
    EndReason,
    Membership,
    MembershipRole,
    MembershipStatus,
    Municipality,
    Organisation,
    Person,
    Position,
    RecruitmentCall,
    RulesOfProcedure,
    SeatCategory,
    TaxonomyTerm,
    Term,
    TermsOfReference,
)
from councils.presets import DEFAULT_TERMS_OF_REFERENCE, PRESETS, TAXONOMIES


def _save(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
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
                               created_by=None, term_start: dt.date | None = None,
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
    rules = RulesOfProcedure(council=council, version=1, valid_from=term_start or today, created_by=created_by,
                             **preset.rules)
    _save(rules)
    _save(TermsOfReference(council=council, version=1, valid_from=term_start or today,
                           text=DEFAULT_TERMS_OF_REFERENCE, created_by=created_by))
    if term_start is None or term_end is None:
        default_start, default_end = election_term_bounds(today, years=rules.term_years)
        term_start, term_end = term_start or default_start, term_end or default_end
    term = _save(Term(council=council, name=f"{term_start.year}–{term_end.year}", start=term_start, end=term_end))
    SeatCategory.objects.bulk_create([
        SeatCategory(council=council, term=term, name=seat.name, min_seats=seat.min_seats,
                     max_seats=seat.max_seats, lived_experience=seat.lived_experience,
                     municipal_board=seat.municipal_board, position=i)
        for i, seat in enumerate(preset.seats)
    ])
    TaxonomyTerm.objects.bulk_create([
        TaxonomyTerm(council=council, scheme=scheme, name=label, position=i)
        for scheme in preset.taxonomies for i, label in enumerate(TAXONOMIES[scheme])
    ])
    if created_by is not None and not created_by.is_superuser:
        CouncilSecretary.objects.create(council=council, user=created_by)
    audit(action="councils.council.created", actor=created_by, council=council, obj=council)
    return council


def council_secretary_add(*, council: Council, user, added_by=None) -> CouncilSecretary:
    row, _created = CouncilSecretary.objects.get_or_create(council=council, user=user)
    audit(action="councils.secretary.added", actor=added_by, council=council, obj=row)
    return row


@transaction.atomic
def rules_update(*, council: Council, updated_by, valid_from: dt.date, **fields) -> RulesOfProcedure:
    """Record a new version of the rules of procedure; earlier versions are kept."""
    current = RulesOfProcedure.objects.filter(council=council).order_by("-version").first()
    data = {f: getattr(current, f) for f in RulesOfProcedure.CONFIG_FIELDS} if current else {}
    unknown = set(fields) - set(RulesOfProcedure.CONFIG_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown rule fields: {sorted(unknown)}")
    data.update(fields)
    rules = _save(RulesOfProcedure(council=council, version=(current.version + 1) if current else 1,
                                   valid_from=valid_from, created_by=updated_by, **data))
    audit(action="councils.rules.updated", actor=updated_by, council=council, obj=rules,
          before=snapshot(current) if current else {})
    return rules


@transaction.atomic
def terms_of_reference_update(*, council: Council, updated_by, text: str, valid_from: dt.date) -> TermsOfReference:
    current = TermsOfReference.objects.filter(council=council).order_by("-version").first()
    tor = _save(TermsOfReference(council=council, version=(current.version + 1) if current else 1,
                                 valid_from=valid_from, text=text, created_by=updated_by))
    audit(action="councils.terms_of_reference.updated", actor=updated_by, council=council, obj=tor)
    return tor


# --- Terms and seats --------------------------------------------------------------------------

def term_create(*, council: Council, name: str, start: dt.date, end: dt.date, created_by=None,
                copy_seats_from: Term | None = None) -> Term:
    if Term.objects.filter(council=council, start__lte=end, end__gte=start).exists():
        raise ApplicationError(_("Perioden overlapper en eksisterende valgperiode."), field="start")
    with transaction.atomic():
        term = _save(Term(council=council, name=name, start=start, end=end))
        if copy_seats_from is not None:
            SeatCategory.objects.bulk_create([
                SeatCategory(council=council, term=term, name=c.name, min_seats=c.min_seats, max_seats=c.max_seats,
                             lived_experience=c.lived_experience, municipal_board=c.municipal_board,
                             position=c.position)
                for c in copy_seats_from.seat_categories.all()
            ])
        audit(action="councils.term.created", actor=created_by, council=council, obj=term)
    return term


def seat_category_save(*, council: Council, term: Term, instance: SeatCategory | None = None, saved_by=None,
                       **fields) -> SeatCategory:
    category = instance or SeatCategory(council=council, term=term)
    before = snapshot(category) if instance else {}
    for key, value in fields.items():
        setattr(category, key, value)
    _save(category)
    audit(action="councils.seat_category.saved", actor=saved_by, council=council, obj=category, before=before)
    return category


# --- People and memberships ---------------------------------------------------------------------

def person_save(*, council: Council, instance: Person | None = None, saved_by=None, **fields) -> Person:
    person = instance or Person(council=council)
    if person.council_id != council.pk:
        raise ApplicationError(_("Personen hører ikke til dette råd."))
    before = snapshot(person) if instance else {}
    for key, value in fields.items():
        setattr(person, key, value)
    _save(person)
    audit(action="councils.person.saved", actor=saved_by, council=council, obj=person, before=before)
    return person


def organisation_save(*, council: Council, instance: Organisation | None = None, saved_by=None,
                      **fields) -> Organisation:
    org = instance or Organisation(council=council)
    for key, value in fields.items():
        setattr(org, key, value)
    _save(org)
    audit(action="councils.organisation.saved", actor=saved_by, council=council, obj=org)
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
        raise ApplicationError(_("Startdatoen skal ligge i valgperioden (%(start)s–%(end)s).")
                               % {"start": m.term.start.strftime("%d.%m.%Y"),
                                  "end": m.term.end.strftime("%d.%m.%Y")}, field="start")
    if m.role == MembershipRole.SUBSTITUTE and m.substitute_for is not None:
        if m.substitute_for.role != MembershipRole.MEMBER:
            raise ApplicationError(_("En personlig suppleant skal være suppleant for et medlem."),
                                   field="substitute_for")
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
                      created_by=None, **fields) -> Membership:
    m = Membership(council=council, person=person, term=term, role=role, start=start, **fields)
    _check_membership(m)
    _save(m)
    audit(action="councils.membership.created", actor=created_by, council=council, obj=m)
    return m


@transaction.atomic
def membership_update(*, membership: Membership, updated_by=None, **fields) -> Membership:
    before = snapshot(membership)
    for key, value in fields.items():
        setattr(membership, key, value)
    _check_membership(membership)
    _save(membership)
    audit(action="councils.membership.updated", actor=updated_by, council=membership.council, obj=membership,
          before=before)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, end: dt.date, reason: str, note: str = "", ended_by=None) -> Membership:
    """A withdrawal: the membership ends with a reason. Positions the person holds end too."""
    if membership.end is not None:
        raise ApplicationError(_("Medlemskabet er allerede afsluttet den %(date)s.")
                               % {"date": membership.end.strftime("%d.%m.%Y")}, field="end")
    if end < membership.start:
        raise ApplicationError(_("Slutdatoen kan ikke ligge før startdatoen."), field="end")
    if reason not in EndReason.values:
        raise ApplicationError(_("Vælg en årsag."), field="reason")
    before = snapshot(membership)
    membership.end, membership.end_reason, membership.end_note = end, reason, note
    _save(membership)
    # Only a member can hold a position, so a running substitute or guest membership does not keep it.
    still_member = Membership.objects.filter(council=membership.council, person=membership.person,
                                             role=MembershipRole.MEMBER, end__isnull=True,
                                             status=MembershipStatus.APPOINTED).exists()
    if not still_member:
        Position.objects.filter(council=membership.council, person=membership.person, end__isnull=True).update(end=end)
    audit(action="councils.membership.ended", actor=ended_by, council=membership.council, obj=membership,
          before=before)
    return membership


@transaction.atomic
def membership_appoint(*, membership: Membership, decision_date: dt.date, reference: str,
                       appointed_by=None) -> Membership:
    """A nominated member is appointed by the municipal board."""
    return membership_update(membership=membership, updated_by=appointed_by, status=MembershipStatus.APPOINTED,
                             appointment_date=decision_date, appointment_reference=reference)


@transaction.atomic
def position_assign(*, council: Council, person: Person, kind: str, start: dt.date, assigned_by=None) -> Position:
    """Elect a chair or vice-chair: the previous holder's position ends the day before."""
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
                                  "date": clash.start.strftime("%d.%m.%Y")}, field="start")
    Position.objects.filter(council=council, kind=kind, end__isnull=True).update(end=start - dt.timedelta(days=1))
    Position.objects.filter(council=council, person=person, end__isnull=True).update(end=start - dt.timedelta(days=1))
    position = _save(Position(council=council, person=person, kind=kind, start=start))
    audit(action="councils.position.assigned", actor=assigned_by, council=council, obj=position)
    return position


# --- Recruitment ---------------------------------------------------------------------------------

def call_save(*, council: Council, instance: RecruitmentCall | None = None, saved_by=None,
              **fields) -> RecruitmentCall:
    call = instance or RecruitmentCall(council=council)
    before = snapshot(call) if instance else {}
    for key, value in fields.items():
        setattr(call, key, value)
    if call.term.council_id != council.pk:
        raise ApplicationError(_("Valgperioden hører til et andet råd."), field="term")
    _save(call)
    audit(action="councils.call.saved", actor=saved_by, council=council, obj=call, before=before)
    return call


def candidacy_submit(*, call: RecruitmentCall, now: dt.datetime | None = None, **fields) -> Candidacy:
    """A citizen's candidacy or an organisation's nomination. Refused after the deadline."""
    now = now or timezone.now()
    if not call.published:
        raise ApplicationError(_("Opslaget er ikke offentliggjort."))
    if now > call.deadline:
        raise ApplicationError(
            _("Fristen for at stille op var %(deadline)s. Kontakt sekretariatet, hvis du stadig vil være med.")
            % {"deadline": timezone.localtime(call.deadline).strftime("%d.%m.%Y kl. %H.%M")}, code="deadline")
    candidacy = Candidacy(council=call.council, call=call, **fields)
    if candidacy.kind == CandidacyKind.NOMINATION and not (candidacy.organisation_name or candidacy.nominated_by):
        raise ApplicationError(_("Skriv navnet på den organisation, der indstiller."), field="organisation_name")
    if candidacy.seat_category is not None and candidacy.seat_category.term_id != call.term_id:
        raise ApplicationError(_("Vælg en plads fra listen."), field="seat_category")
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


def candidacy_review(*, candidacy: Candidacy, reviewed_by, status: str, decision_role: str = "",
                     decision_seat_category: SeatCategory | None = None,
                     decision_substitute_for: Candidacy | None = None, review_note: str = "") -> Candidacy:
    if status == CandidacyStatus.SELECTED and not decision_role:
        raise ApplicationError(_("Vælg om kandidaten indstilles som medlem eller suppleant."), field="decision_role")
    if status == CandidacyStatus.NOT_SELECTED and not review_note.strip():
        raise ApplicationError(_("Skriv en kort begrundelse, når en kandidat ikke vælges."), field="review_note")
    if decision_substitute_for is not None and (decision_substitute_for.call_id != candidacy.call_id
                                                or decision_substitute_for.pk == candidacy.pk):
        raise ApplicationError(_("Vælg et andet kandidatur fra samme opslag."), field="decision_substitute_for")
    if candidacy.status == CandidacyStatus.APPOINTED:
        raise ApplicationError(_("Kandidaten er allerede udpeget."))
    before = snapshot(candidacy)
    candidacy.status = status
    candidacy.decision_role = decision_role if status == CandidacyStatus.SELECTED else ""
    candidacy.decision_seat_category = decision_seat_category if status == CandidacyStatus.SELECTED else None
    candidacy.decision_substitute_for = (decision_substitute_for if status == CandidacyStatus.SELECTED
                                         and decision_role == MembershipRole.SUBSTITUTE else None)
    candidacy.review_note = review_note
    _save(candidacy)
    audit(action="councils.candidacy.reviewed", actor=reviewed_by, council=candidacy.council, obj=candidacy,
          before=before)
    return candidacy


@transaction.atomic
def appointment_record(*, call: RecruitmentCall, decision_date: dt.date, reference: str,
                       recorded_by=None) -> Appointment:
    """Record the municipal board's decision: every selected candidate becomes a person with an
    appointed membership from the decision date (or the term start, if later)."""
    council = call.council
    selected = list(Candidacy.objects.filter(council=council, call=call, status=CandidacyStatus.SELECTED)
                    .select_related("decision_seat_category", "decision_substitute_for", "nominated_by"))
    if not selected:
        raise ApplicationError(_("Ingen kandidater er indstillet til udpegning endnu."))
    appointment = _save(Appointment(council=council, call=call, decision_date=decision_date, reference=reference,
                                    created_by=recorded_by))
    start = max(decision_date, call.term.start)
    if start > call.term.end:
        raise ApplicationError(_("Beslutningsdatoen ligger efter valgperiodens slutning."), field="decision_date")
    created: dict[int, Membership] = {}
    # Members first, so substitutes can point at their member's new membership.
    for cand in sorted(selected, key=lambda c: c.decision_role != MembershipRole.MEMBER):
        person = Person(council=council, name=cand.name, email=cand.email, phone=cand.phone, address=cand.address,
                        preferred_channel=cand.preferred_channel, lived_experience=cand.lived_experience,
                        publish_name=cand.publish_name, organisation=cand.nominated_by)
        _save(person)
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
    audit(action="councils.appointment.recorded", actor=recorded_by, council=council, obj=appointment,
          after={"reference": reference, "decision_date": str(decision_date), "appointed": len(created)})
    return appointment


@transaction.atomic
def person_grant_access(*, person: Person, granted_by, domain: str, use_https: bool = True):
    """Give a person a login: a user account with their e-mail, linked to the person, and an
    e-mail with a one-time link to choose a password. Roles follow from the roster."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.template.loader import render_to_string
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from core.mail import send_mail

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
                  render_to_string("accounts/welcome_email.txt", context), [user.email])

    transaction.on_commit(send)
    audit(action="councils.person.access_granted", actor=granted_by, council=person.council, obj=person,
          after={"user": user.pk})
    return user
