"""Reads for the roster. Every function takes the council and filters on it: this is where
tenancy is enforced (another council's object is simply not found)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.disclosure import CouncilFacts, Disclosure, PersonFacts, Span
from core.permissions import Role
from core.phone import normalise_danish_phone
from core.prepared import PreparedQuerySet, PreparedValues
from core.readability import PlainWords, shared_plain_words
from councils.models import (
    LIVED_EXPERIENCE_KINDS,
    NATIONAL_LIVED_EXPERIENCE_PERCENT,
    Candidacy,
    Consent,
    Council,
    CouncilSecretary,
    Membership,
    MembershipRole,
    MembershipStatus,
    Municipality,
    Organisation,
    Person,
    PlainWord,
    Position,
    PositionKind,
    RecruitmentCall,
    RulesOfProcedure,
    SeatCategory,
    SubstituteMode,
    TaxonomyTerm,
    Term,
    TermsOfReference,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


def _active_on(on: dt.date) -> Q:
    """Appointed, started, not ended, and inside its term: a membership nobody ended still
    stops with its term. A personal substitute's membership is ended with its member's
    (``services.membership_end``), so the interval alone answers for substitutes too."""
    return (Q(status=MembershipStatus.APPOINTED, start__lte=on, term__end__gte=on)
            & (Q(end__isnull=True) | Q(end__gte=on)))


def _nominated_on(on: dt.date) -> Q:
    """Awaiting appointment on ``on`` (``Membership.is_nominated_on`` in SQL): nominated by then,
    not withdrawn by then, and either still not appointed or appointed only after ``on``."""
    return (Q(nominated_on__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))
            & (Q(status=MembershipStatus.NOMINATED)
               | Q(status=MembershipStatus.APPOINTED, appointment_date__gt=on)))


# --- Councils and roles -------------------------------------------------------------

def councils_public() -> QuerySet[Council]:
    return Council.objects.filter(is_active=True).select_related("municipality")


_active_by_slug = PreparedQuerySet(lambda slug: councils_public().filter(slug=slug), slug=str)


def council_get_active(*, slug) -> Council:
    """The active council with this slug, else 404 (``core.tenancy`` resolves every council URL with it;
    its SQL is compiled once per process: core.prepared). The slug is unique."""
    if not isinstance(slug, str):
        return get_object_or_404(councils_public(), slug=slug)
    found = list(_active_by_slug(slug=slug))
    if not found:
        raise Http404("No Council matches the given query.")
    return found[0]


def councils_for_user(*, user: User) -> list[Council]:
    """Councils where ``user`` has any role today (secretariat, membership or position)."""
    if user.is_superuser:
        return list(councils_public())
    today = timezone.localdate()
    person_councils = Membership.objects.filter(_active_on(today), person__user=user).values("council_id")
    return list(
        councils_public().filter(Q(secretaries=user) | Q(pk__in=person_councils)).distinct()
    )


def staff_roles_for_user(*, user: User) -> frozenset[str]:
    """The user's staff roles for ``accounts.staff``: "municipality" (in a municipality's staff) and
    "secretariat" (the secretariat of any council). One query."""
    flags = (get_user_model().objects.filter(pk=user.pk)
             .annotate(municipality=Exists(Municipality.staff.through.objects.filter(user_id=OuterRef("pk"))),
                       secretariat=Exists(CouncilSecretary.objects.filter(user_id=OuterRef("pk"))))
             .values("municipality", "secretariat").first()) or {}
    return frozenset(role for role, held in flags.items() if held)


def people_for_login(*, on: dt.date, email: str = "", phone: str = "") -> list[Person]:
    """The people with a membership running on ``on`` (member, substitute or guest) in an active
    council whose e-mail is ``email`` (any case) or whose mobile number is ``phone`` ("+45…", however
    the person's number is written), the newest first, with their council. For login by code."""
    running = Membership.objects.filter(_active_on(on)).values("person_id")
    people = Person.objects.filter(pk__in=running, council__is_active=True).select_related("council")
    if email:
        people = people.filter(email__iexact=email.strip())
    elif len(phone) == 11 and phone.startswith("+45") and phone[3:].isdigit():
        # The last eight digits in order, whatever separators the number was written with; the
        # exact number is compared below (a longer number ending in the same digits is not it).
        people = people.filter(phone__regex=r"\D*".join(phone[3:]) + r"\D*$")
    else:
        return []
    found = list(people.order_by("-pk"))
    if phone:
        found = [p for p in found if _same_phone(p.phone, phone)]
    return found


def _same_phone(written: str, phone: str) -> bool:
    try:
        return normalise_danish_phone(written) == phone
    except ValidationError:
        return False


# The user's roles are read on every council page (core.permissions.roles_for): four queries whose SQL
# is compiled once per process (core.prepared; the same SQL as these QuerySets, ~3 ms of CPU a request less).
_person_ids = PreparedValues(
    lambda council, user: Person.objects.filter(council_id=council, user_id=user).values_list("pk"),
    council=int, user=int)
_is_secretary = PreparedValues(
    lambda council, user: CouncilSecretary.objects.filter(council_id=council, user_id=user).values_list("pk")[:1],
    council=int, user=int)
_membership_roles = PreparedValues(
    lambda council, user, on: Membership.objects.filter(_active_on(on), council_id=council, person__user_id=user)
    .values_list("role"),
    council=int, user=int, on=dt.date)
_position_kinds = PreparedValues(
    lambda council, user, on: Position.objects.filter(Q(end__isnull=True) | Q(end__gte=on), council_id=council,
                                                      person__user_id=user, start__lte=on).values_list("kind"),
    council=int, user=int, on=dt.date)


def person_ids_for_user(*, user: User, council: Council) -> tuple[int, ...]:
    return tuple(pk for (pk,) in _person_ids(council=council.pk, user=user.pk))


def person_of_user(*, council: Council, person_ids) -> Person | None:
    """The user's person in the council (``CouncilAccess.person_ids``), the one with a running
    membership first, or None for a user who is none of the council's people. One query at most."""
    if not person_ids:
        return None
    today = timezone.localdate()
    running = Membership.objects.filter(_active_on(today), person=OuterRef("pk"))
    return (Person.objects.filter(council=council, pk__in=list(person_ids))
            .annotate(running=Exists(running)).order_by("-running", "pk").first())


def roles_from_roster(*, user: User, council: Council, on: dt.date) -> set[Role]:
    roles: set[Role] = set()
    if _is_secretary(council=council.pk, user=user.pk):
        roles.add(Role.SECRETARIAT)
    roles |= {Role(m) for (m,) in _membership_roles(council=council.pk, user=user.pk, on=on)}
    roles |= {Role(k) for (k,) in _position_kinds(council=council.pk, user=user.pk, on=on)}
    return roles


# --- Rules, terms ----------------------------------------------------------------------

def rules_in_force(*, council: Council, on: dt.date) -> RulesOfProcedure | None:
    """The rules of procedure in force on ``on`` (the first version for a day before it)."""
    return (RulesOfProcedure.objects.filter(council=council, valid_from__lte=on).order_by("-valid_from", "-version")
            .first() or RulesOfProcedure.objects.filter(council=council).order_by("version").first())


def rules_during(*, council: Council, start: dt.date, end: dt.date) -> list[RulesOfProcedure]:
    """Every version of the rules in force at some day from ``start`` to ``end`` (inclusive), oldest
    first: the one in force on ``start`` and each that took effect later in the period. One query."""
    versions = list(RulesOfProcedure.objects.filter(council=council, valid_from__lte=end)
                    .order_by("valid_from", "version"))
    if not versions:
        first = rules_in_force(council=council, on=start)
        return [first] if first else []
    # Of several versions valid from the same day, the newest wins.
    by_day: dict[dt.date, RulesOfProcedure] = {}
    for version in versions:
        by_day[version.valid_from] = version
    days = sorted(by_day)
    in_force_at_start = [d for d in days if d <= start]
    first_day = in_force_at_start[-1] if in_force_at_start else days[0]
    return [by_day[d] for d in days if d >= first_day]


def rules_versions(*, council: Council) -> QuerySet[RulesOfProcedure]:
    return RulesOfProcedure.objects.filter(council=council).select_related("created_by").order_by("-version")


def terms_of_reference_in_force(*, council: Council, on: dt.date) -> TermsOfReference | None:
    qs = TermsOfReference.objects.filter(council=council)
    return qs.filter(valid_from__lte=on).order_by("-valid_from", "-version").first() or qs.order_by("version").first()


def terms_of_reference_versions(*, council: Council) -> QuerySet[TermsOfReference]:
    return TermsOfReference.objects.filter(council=council).select_related("created_by").order_by("-version")


def terms(*, council: Council) -> QuerySet[Term]:
    return Term.objects.filter(council=council).prefetch_related(
        Prefetch("seat_categories", queryset=SeatCategory.objects.order_by("position", "name")))


def term_on(*, council: Council, on: dt.date) -> Term | None:
    qs = Term.objects.filter(council=council)
    return (qs.filter(start__lte=on, end__gte=on).order_by("-start").first()
            or qs.filter(start__gt=on).order_by("start").first()
            or qs.order_by("-start").first())


def term_get(*, council: Council, pk) -> Term:
    return get_object_or_404(Term, council=council, pk=pk)


def seat_categories(*, council: Council, term: Term) -> QuerySet[SeatCategory]:
    return SeatCategory.objects.filter(council=council, term=term).order_by("position", "name")


# --- People and memberships --------------------------------------------------------------

def person_get(*, council: Council, pk) -> Person:
    return get_object_or_404(Person.objects.select_related("organisation", "user"), council=council, pk=pk)


def people(*, council: Council) -> QuerySet[Person]:
    return Person.objects.filter(council=council).select_related("organisation")


def organisations(*, council: Council) -> QuerySet[Organisation]:
    return Organisation.objects.filter(council=council)


def membership_get(*, council: Council, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("person", "seat_category", "term", "substitute_for__person"),
        council=council, pk=pk)


def members_without_substitute(*, council: Council, term: Term, exclude: Membership | None = None) -> list[Membership]:
    """Appointed members of the term who have not left and have no running personal substitute: the
    members a substitute can be attached to (the service checks the dates)."""
    covered = Membership.objects.filter(council=council, role=MembershipRole.SUBSTITUTE, substitute_for__isnull=False,
                                        end__isnull=True).values("substitute_for_id")
    qs = (_roster_qs(council).filter(term=term, role=MembershipRole.MEMBER, status=MembershipStatus.APPOINTED,
                                     end__isnull=True)
          .exclude(pk__in=covered).order_by("person__name"))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs)


def memberships_for_person(*, council: Council, person: Person) -> QuerySet[Membership]:
    return Membership.objects.filter(council=council, person=person).select_related(
        "term", "seat_category", "substitute_for__person", "nominated_by").order_by("-start")


def consents_for_person(*, council: Council, person: Person) -> QuerySet[Consent]:
    """A person's consents given and withdrawn, newest first, with who recorded them."""
    return Consent.objects.filter(council=council, person=person).select_related("recorded_by")


def _roster_qs(council: Council) -> QuerySet[Membership]:
    return Membership.objects.filter(council=council).select_related(
        "person", "person__organisation", "seat_category", "substitute_for__person", "nominated_by")


@dataclass
class RosterEntry:
    membership: Membership
    positions: list[str] = field(default_factory=list)
    substitutes: list[Membership] = field(default_factory=list)


@dataclass
class Roster:
    on: dt.date
    members: list[RosterEntry]
    substitutes: list[RosterEntry]
    guests: list[RosterEntry]
    nominated: list[Membership]

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def substitute_count(self) -> int:
        return len(self.substitutes)


def roster_on(*, council: Council, on: dt.date) -> Roster:
    """Who was on the council on a date: members (with their positions and substitutes),
    substitutes, guests, and nominations awaiting appointment. Three queries, whatever the size."""
    active = list(_roster_qs(council).filter(_active_on(on)).order_by("seat_category__position", "person__name"))
    nominated = list(_roster_qs(council).filter(_nominated_on(on)).order_by("person__name"))
    positions: dict[int, list[str]] = {}
    for pos in Position.objects.filter(Q(end__isnull=True) | Q(end__gte=on), council=council, start__lte=on):
        positions.setdefault(pos.person_id, []).append(pos.get_kind_display())

    subs_by_member: dict[int, list[Membership]] = {}
    for m in active:
        if m.role == MembershipRole.SUBSTITUTE and m.substitute_for_id:
            subs_by_member.setdefault(m.substitute_for_id, []).append(m)

    def entry(m):
        return RosterEntry(m, positions.get(m.person_id, []), subs_by_member.get(m.pk, []))

    return Roster(
        on=on,
        members=[entry(m) for m in active if m.role == MembershipRole.MEMBER],
        substitutes=[entry(m) for m in active if m.role == MembershipRole.SUBSTITUTE],
        guests=[entry(m) for m in active if m.role == MembershipRole.GUEST],
        nominated=nominated,
    )


@dataclass
class RosterChange:
    date: dt.date
    kind: str  # "joined" | "left" | "position_started" | "position_ended"
    person_name: str
    description: str


def roster_changes(*, council: Council, start: dt.date, end: dt.date) -> list[RosterChange]:
    """Joins, withdrawals and changes of chair/vice-chair between two dates (inclusive)."""
    changes: list[RosterChange] = []
    qs = _roster_qs(council).filter(status=MembershipStatus.APPOINTED)
    for m in qs.filter(start__range=(start, end)):
        changes.append(RosterChange(m.start, "joined", m.person.name,
                                    _("indtrådt som %(role)s") % {"role": m.get_role_display().lower()}))
    for m in qs.filter(end__range=(start, end)):  # so m.end and p.end below are set
        reason = m.get_end_reason_display() if m.end_reason else _("ophørt")
        changes.append(RosterChange(cast(dt.date, m.end), "left", m.person.name,
                                    _("udtrådt som %(role)s: %(reason)s")
                                    % {"role": m.get_role_display().lower(), "reason": reason.lower()}))
    positions = Position.objects.filter(council=council).select_related("person")
    for p in positions.filter(start__range=(start, end)):
        changes.append(RosterChange(p.start, "position_started", p.person.name,
                                    _("valgt som %(kind)s") % {"kind": p.get_kind_display().lower()}))
    for p in positions.filter(end__range=(start, end)):
        changes.append(RosterChange(cast(dt.date, p.end), "position_ended", p.person.name,
                                    _("fratrådt som %(kind)s") % {"kind": p.get_kind_display().lower()}))
    changes.sort(key=lambda c: (c.date, c.kind, c.person_name))
    return changes


# --- Composition --------------------------------------------------------------------------

@dataclass
class SeatStatus:
    category: SeatCategory
    filled: int
    vacant: int
    over: int

    @property
    def ok(self) -> bool:
        return self.vacant == 0 and self.over == 0


@dataclass
class Warning:
    code: str
    message: str


@dataclass
class Composition:
    on: dt.date
    term: Term | None
    seats: list[SeatStatus]
    members: int
    substitutes: int
    members_min: int
    members_max: int
    lived_experience: int
    lived_experience_min_percent: int
    without_substitute: list[Membership]
    uncategorised: list[Membership]
    warnings: list[Warning]
    # The national recommendation (at least a third) applies to this kind of council; the council's
    # own minimum and, when that is lower than the recommendation, its recorded reason.
    national_recommendation: bool = True
    lived_experience_min_reason: str = ""

    @property
    def lived_experience_percent(self) -> int:
        return round(100 * self.lived_experience / self.members) if self.members else 0

    @property
    def own_minimum_is_lower(self) -> bool:
        return self.lived_experience_min_percent < NATIONAL_LIVED_EXPERIENCE_PERCENT


def composition(*, council: Council, on: dt.date) -> Composition:
    """The council's composition against its rules on a date, with warnings in Danish."""
    term = term_on(council=council, on=on)
    rules = rules_in_force(council=council, on=on)
    members_min = rules.members_min if rules else 10
    members_max = rules.members_max if rules else 15
    lived_min = rules.lived_experience_min_percent if rules else NATIONAL_LIVED_EXPERIENCE_PERCENT
    national = council.kind in LIVED_EXPERIENCE_KINDS
    personal_subs = rules is None or rules.substitute_mode == SubstituteMode.PERSONAL

    active = list(_roster_qs(council).filter(_active_on(on)))
    members = [m for m in active if m.role == MembershipRole.MEMBER]
    substitutes = [m for m in active if m.role == MembershipRole.SUBSTITUTE]
    covered = {m.substitute_for_id for m in substitutes if m.substitute_for_id}

    categories = list(seat_categories(council=council, term=term)) if term else []
    seats = []
    for cat in categories:
        filled = sum(1 for m in members if m.seat_category_id == cat.pk)
        seats.append(SeatStatus(cat, filled, max(cat.min_seats - filled, 0), max(filled - cat.max_seats, 0)))
    uncategorised = [m for m in members if m.seat_category_id is None]
    lived = sum(1 for m in members if m.person.lived_experience
                or (m.seat_category is not None and m.seat_category.lived_experience))
    without_sub = [m for m in members if m.pk not in covered] if personal_subs else []

    warnings: list[Warning] = []
    for s in seats:
        if s.vacant:
            warnings.append(Warning("vacant", ngettext(
                "“%(cat)s” mangler %(n)d medlem.", "“%(cat)s” mangler %(n)d medlemmer.", s.vacant)
                % {"cat": s.category.name, "n": s.vacant}))
        if s.over:
            warnings.append(Warning("over", ngettext(
                "“%(cat)s” har %(n)d medlem for meget.", "“%(cat)s” har %(n)d medlemmer for meget.", s.over)
                % {"cat": s.category.name, "n": s.over}))
    n = len(members)
    if n < members_min:
        warnings.append(Warning("too_few", ngettext(
            "Rådet har %(n)d medlem, men skal have mindst %(min)d.",
            "Rådet har %(n)d medlemmer, men skal have mindst %(min)d.", n) % {"n": n, "min": members_min}))
    if n > members_max:
        warnings.append(Warning("too_many", ngettext(
            "Rådet har %(n)d medlem, men må højst have %(max)d.",
            "Rådet har %(n)d medlemmer, men må højst have %(max)d.", n) % {"n": n, "max": members_max}))
    share = {"lived": lived, "n": n, "share": round(100 * lived / n) if n else 0, "pct": lived_min}
    if n and national and lived * 3 < n:  # fewer than a third, exactly
        warnings.append(Warning("lived_experience", ngettext(
            "Kun %(lived)d af %(n)d medlem (%(share)d %%) har erfaring som socialt udsat. Den nationale "
            "anbefaling er mindst en tredjedel.",
            "Kun %(lived)d af %(n)d medlemmer (%(share)d %%) har erfaring som socialt udsat. Den nationale "
            "anbefaling er mindst en tredjedel.", n) % share))
    own_is_national = national and lived_min == NATIONAL_LIVED_EXPERIENCE_PERCENT  # said once, above
    if n and lived * 100 < lived_min * n and not own_is_national:
        warnings.append(Warning("lived_experience_own", ngettext(
            "Kun %(lived)d af %(n)d medlem (%(share)d %%) har erfaring som socialt udsat. Rådets eget minimum "
            "er %(pct)d %%.",
            "Kun %(lived)d af %(n)d medlemmer (%(share)d %%) har erfaring som socialt udsat. Rådets eget minimum "
            "er %(pct)d %%.", n) % share))
    if without_sub:
        warnings.append(Warning("no_substitute", ngettext(
            "%(n)d medlem har ingen personlig suppleant.", "%(n)d medlemmer har ingen personlig suppleant.",
            len(without_sub)) % {"n": len(without_sub)}))
    if uncategorised:
        warnings.append(Warning("uncategorised", ngettext(
            "%(n)d medlem er ikke knyttet til en pladskategori.",
            "%(n)d medlemmer er ikke knyttet til en pladskategori.",
            len(uncategorised)) % {"n": len(uncategorised)}))
    return Composition(on, term, seats, n, len(substitutes), members_min, members_max, lived, lived_min,
                       without_sub, uncategorised, warnings, national_recommendation=national,
                       lived_experience_min_reason=rules.lived_experience_min_reason if rules else "")


# --- Directory and public -----------------------------------------------------------------

def member_directory(*, council: Council, on: dt.date) -> list[Membership]:
    """Active members, substitutes and guests; contact details only for those who agreed
    (the template shows them only when ``person.share_contact``)."""
    return list(_roster_qs(council).filter(_active_on(on)).order_by("role", "person__name"))


@dataclass
class PublicMember:
    name: str
    role_key: str
    role: str
    positions: list[StrOrPromise]  # the positions' labels
    title: str


def public_members(*, council: Council, on: dt.date, disclosure=None) -> list[PublicMember]:
    """Members, substitutes and guests on ``on`` whom the disclosure policy (``core.disclosure``)
    lets the public see by name: consent, and appointed (never a nominee). Never seat categories or
    any status that could reveal lived experience: only name, role, position (when the rules make
    positions public) and public title."""
    disclosure = disclosure or Disclosure.for_council(council, on=on)
    active = (Membership.objects.filter(_active_on(on), council=council, person__publish_name=True)
              .select_related("person", "person__organisation").order_by("role", "person__name"))
    labels = {"chair": PositionKind.CHAIR.label, "vice_chair": PositionKind.VICE_CHAIR.label}
    order: dict[StrOrPromise, int] = {PositionKind.CHAIR.label: 0, PositionKind.VICE_CHAIR.label: 1}
    result = []
    for m in active:
        if not disclosure.can_name(m.person):
            continue
        position = disclosure.position_key(m.person)
        result.append(PublicMember(
            m.person.name, m.role, m.get_role_display(), [labels[position]] if position else [],
            m.person.public_title or (m.person.organisation.name if m.person.organisation else "")))
    result.sort(key=lambda p: (min((order.get(x, 9) for x in p.positions), default=9),
                               p.role_key != MembershipRole.MEMBER, p.name))
    return result


def disclosure_facts(*, council: Council) -> CouncilFacts:
    """What the disclosure policy (``core.disclosure``) knows of the council's people: two queries
    (people with their memberships, positions), and one more for the rules' position switch the
    first time someone who holds a position is asked about."""
    people: dict[int, PersonFacts] = {}
    for row in Person.objects.filter(council=council).values(
            "pk", "name", "publish_name", "memberships__role", "memberships__status", "memberships__start",
            "memberships__end", "memberships__term__end").order_by("pk"):
        facts = people.get(row["pk"])
        if facts is None:
            facts = people[row["pk"]] = PersonFacts(row["pk"], row["name"], row["publish_name"])
        if row["memberships__role"] is None:
            continue
        ends = [d for d in (row["memberships__end"], row["memberships__term__end"]) if d is not None]
        facts.memberships.append(Span(row["memberships__role"],
                                      row["memberships__status"] == MembershipStatus.APPOINTED,
                                      row["memberships__start"], min(ends) if ends else None))
    for position in Position.objects.filter(council=council).values("person_id", "kind", "start", "end"):
        facts = people.get(position["person_id"])
        if facts is not None:
            facts.positions.append(Span(position["kind"], True, position["start"], position["end"]))

    def load_rules():
        return list(RulesOfProcedure.objects.filter(council=council)
                    .values_list("valid_from", "version", "publish_positions"))

    return CouncilFacts(people, load_rules=load_rules)


# --- Recruitment ----------------------------------------------------------------------------

def calls(*, council: Council) -> QuerySet[RecruitmentCall]:
    return RecruitmentCall.objects.filter(council=council).select_related("term").annotate(
        candidacy_count=Count("candidacies"))


def published_calls(*, council: Council) -> QuerySet[RecruitmentCall]:
    return RecruitmentCall.objects.filter(council=council, published=True).select_related("term")


def call_get(*, council: Council, pk, published_only: bool = False) -> RecruitmentCall:
    qs = RecruitmentCall.objects.select_related("term")
    if published_only:
        qs = qs.filter(published=True)
    return get_object_or_404(qs, council=council, pk=pk)


def candidacies(*, council: Council, call: RecruitmentCall) -> QuerySet[Candidacy]:
    return Candidacy.objects.filter(council=council, call=call).select_related(
        "seat_category", "decision_seat_category", "decision_substitute_for", "nominated_by")


def candidacy_get(*, council: Council, call: RecruitmentCall, pk) -> Candidacy:
    return get_object_or_404(Candidacy, council=council, call=call, pk=pk)


def taxonomy(*, council: Council) -> dict[str, list[str]]:
    """The council's focus areas and target groups by scheme label, in their order."""
    grouped: dict[str, list[str]] = {}
    for term in TaxonomyTerm.objects.filter(council=council).order_by("scheme", "position"):
        grouped.setdefault(term.get_scheme_display(), []).append(term.name)
    return grouped


# --- Plain words ---------------------------------------------------------------------------------

def council_plain_words(*, council: Council) -> QuerySet[PlainWord]:
    """The council's own words, alphabetically."""
    return PlainWord.objects.filter(council=council).order_by("word")


def plain_word_get(*, council: Council, pk) -> PlainWord:
    return get_object_or_404(PlainWord, council=council, pk=pk)


def plain_words(*, council: Council) -> PlainWords:
    """The shared list with the council's own words over it (one query)."""
    return shared_plain_words().overridden_by(council_plain_words(council=council).values_list("word", "plain"))
