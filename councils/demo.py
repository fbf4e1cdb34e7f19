"""Demo data: fictional people in councils modelled on the source documents.

Used by ``manage.py seed_demo`` (idempotent; the first step, ``seed_demo``, registered in
``CouncilsConfig.ready``; ``seed_each_council`` runs the later apps' steps for each demo
council) and by the benchmarks (``scale``)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import DemoRun
from councils import services
from councils.models import (
    Appointment,
    Candidacy,
    CandidacyKind,
    CandidacyStatus,
    Channel,
    Council,
    EndReason,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    Person,
    RecruitmentCall,
    SeatCategory,
    Term,
)

DEMO_PASSWORD = "stemme-demo"  # nosec B105  # the demo's documented password (seed_demo only)

FIRST = ["Anne", "Bo", "Camilla", "Dennis", "Eva", "Frank", "Gitte", "Henrik", "Ida", "Jens", "Karin", "Lars",
         "Mette", "Niels", "Pia", "Rasmus", "Susanne", "Torben", "Ulla", "Vagn", "Yasmin", "Ahmed", "Birgitte",
         "Carsten", "Dorthe", "Erik", "Fatima", "Gunnar", "Hanne", "Ivan", "Jytte", "Kim", "Lone", "Mogens"]
LAST = ["Andersen", "Bach", "Christiansen", "Dam", "Eriksen", "Frost", "Gregersen", "Holm", "Iversen", "Juhl",
        "Kjær", "Lund", "Mikkelsen", "Nørgaard", "Olesen", "Petersen", "Qvist", "Riis", "Skov", "Thomsen",
        "Vestergaard", "Winther", "Østergaard", "Aagaard"]


def fictional_names(seed: int):
    rng = random.Random(seed)  # nosec B311  # seeded: the same demo data every time, not security
    pairs = [f"{first} {last}" for first, last in itertools.product(FIRST, LAST)]
    rng.shuffle(pairs)
    return iter(pairs)


def _user(email: str, name: str, *, superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults={"name": name})
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = superuser
        user.save()
    return user


def _person(council, name, *, lived=False, publish=True, channel=Channel.EMAIL, title="", org=None, user=None,
            share=True):
    slug = name.lower().replace(" ", ".").replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
    return services.person_save(
        council=council, name=name, email=f"{slug}@{council.slug}.example" if channel == Channel.EMAIL else "",
        phone="20 30 40 50" if channel == Channel.SMS else "", preferred_channel=channel,
        address="Bytorvet 1, 2620 Albertslund" if channel == Channel.LETTER else "",
        lived_experience=lived, publish_name=publish, share_contact=share, public_title=title, organisation=org,
        user=user)


def _fill_term(council: Council, term: Term, names, *, start: dt.date, decision: str, users: dict | None = None,
               substitute_share: float = 1.0, rng: random.Random, skip_seats: int = 0,
               publish_all: bool = False, substitutes_for: set[int] | None = None):
    """Members for every seat (less ``skip_seats`` vacancies), most with a personal substitute
    (exactly the members numbered in ``substitutes_for``, when given)."""
    users = users or {}
    members = []
    categories = list(SeatCategory.objects.filter(council=council, term=term).order_by("position"))
    seats = [(cat, i) for cat in categories for i in range(cat.min_seats)]
    if skip_seats:
        seats = seats[:-skip_seats]
    for n, (cat, _i) in enumerate(seats):
        lived = cat.lived_experience
        user = users.get(("member", n))
        person = _person(council, next(names) if user is None else user.name, lived=lived,
                         publish=publish_all or not lived or rng.random() < 0.5,
                         channel=[Channel.EMAIL, Channel.EMAIL, Channel.SMS, Channel.LETTER][n % 4] if user is None
                         else Channel.EMAIL,
                         title="Kommunalbestyrelsesmedlem" if cat.municipal_board else "", user=user)
        m = services.membership_create(council=council, person=person, term=term, role=MembershipRole.MEMBER,
                                       start=start, seat_category=cat, appointment_date=start,
                                       appointment_reference=decision)
        members.append(m)
    for n, member in enumerate(members):
        user = users.get(("substitute", n))
        if substitutes_for is not None:
            if n not in substitutes_for:
                continue
        elif rng.random() >= substitute_share and user is None:  # a demo login always gets its seat
            continue
        person = _person(council, next(names) if user is None else user.name,
                         lived=member.seat_category.lived_experience, publish=rng.random() < 0.6,
                         channel=Channel.SMS if n % 3 == 0 and user is None else Channel.EMAIL, user=user)
        services.membership_create(council=council, person=person, term=term, role=MembershipRole.SUBSTITUTE,
                                   start=start, substitute_for=member, appointment_date=start,
                                   appointment_reference=decision)
    return members


TERMS_OF_REFERENCE_2018 = (
    "Kommunalbestyrelsen besluttede den 22. juni 2017 at nedsætte et udsatteråd i Albertslund Kommune. Rådet "
    "vælges for fire år ad gangen.\n\n"
    "Rådet er talerør for borgere i kommunen, der lever i en socialt udsat situation, så de kan komme til orde og "
    "få indflydelse. Rådet giver de politiske udvalg råd i sager, der handler om socialt udsatte.\n\n"
    "Rådet har op til 10 medlemmer: 5, der selv er eller har været socialt udsatte, 2 fra kommunalbestyrelsen, "
    "2 sagkyndige og 1 personligt udpeget med særlig indsigt. Hvert medlem har en personlig suppleant.")


def _candidacies_2018(council: Council, call: RecruitmentCall, term: Term, *, rejected: str, by) -> None:
    """The call of January 2018 as the annual report tells it: 15 candidates for the 14 places open
    to them – the five seats for citizens with experience, the two experts' seats and the seven
    substitutes. 14 were appointed by the municipal board on 13 March 2018 and one was not; the two
    members of the municipal board and the personally appointed member came without a candidacy.
    The appointed are already on the roster (``_fill_term``), so their candidacies and the board's
    decision are written as they stand after the fact (``appointment_record`` would create them
    again)."""
    candidacies: dict[int, Candidacy] = {}
    terms = (Membership.objects.filter(council=council, term=term).select_related("person", "seat_category")
             .order_by("role", "pk"))  # members before substitutes
    for membership in terms:
        category = membership.seat_category
        if membership.role == MembershipRole.MEMBER and (
                category is None or not category.open_to_applicants or category.name.startswith("Personligt")):
            continue
        person = membership.person
        candidacies[membership.pk] = Candidacy.objects.create(
            council=council, call=call, name=person.name, email=person.email, phone=person.phone,
            address=person.address, preferred_channel=person.preferred_channel,
            lived_experience=person.lived_experience, publish_name=person.publish_name,
            motivation="Jeg vil gerne være med til at gøre en forskel.", status=CandidacyStatus.APPOINTED,
            decision_role=membership.role,
            decision_seat_category=category if membership.role == MembershipRole.MEMBER else None,
            decision_substitute_for=candidacies.get(membership.substitute_for_id or 0), person=person)
    Candidacy.objects.create(council=council, call=call, name=rejected, email="kandidat@albertslund.example",
                             motivation="Jeg vil gerne være med til at gøre en forskel.",
                             status=CandidacyStatus.NOT_SELECTED, review_note="Ikke flere ledige pladser.")
    Appointment.objects.create(council=council, call=call, decision_date=dt.date(2018, 3, 13),
                               reference="KB 13.03.2018, pkt. 7", created_by=by)


@transaction.atomic
def seed_albertslund(users) -> Council | None:
    if Council.objects.filter(slug="albertslund").exists():
        return None
    muni, _ = Municipality.objects.get_or_create(slug="albertslund", defaults={"name": "Albertslund", "code": "165"})
    muni.staff.add(users["sek_albertslund"])
    council = services.council_create_from_preset(
        municipality=muni, preset_key="albertslund2018", name="Udsatterådet i Albertslund", slug="albertslund",
        actor=users["sek_albertslund"], term_start=dt.date(2018, 3, 13), term_end=dt.date(2021, 12, 31))
    council.email, council.phone = "udsatteraadet@albertslund.example", "12 34 56 78"
    council.save(update_fields=["email", "phone"])
    rng = random.Random(165)  # nosec B311  # seeded demo data
    names = fictional_names(165)
    for org in ("SIND Albertslund", "Lænken", "Kirkens Korshær", "Frivilligcenter Albertslund"):
        services.organisation_save(council=council, name=org, nominates=True)
    # Term 2018–2021: appointed by the municipal board on 13 March 2018; two withdrawals later.
    # The rules of procedure (four meetings a year) were adopted with the decision of 22 June 2017
    # that set the council up, so they held for all of its first year.
    services.rules_update(council=council, actor=users["sek_albertslund"], valid_from=dt.date(2017, 6, 22))
    services.terms_of_reference_update(council=council, actor=users["sek_albertslund"], valid_from=dt.date(2018, 3, 13),
                                       text=TERMS_OF_REFERENCE_2018)
    first = Term.objects.get(council=council)
    call = services.call_save(
        council=council, term=first, title="Stil op til det nye udsatteråd",
        text=("Kommunen opretter et udsatteråd. Har du selv prøvet at stå uden for fællesskabet – eller arbejder "
              "du med det – så stil op. Rådet mødes fire gange om året og giver politikerne råd. Vil du vide "
              "mere, så kom til orienteringsmødet på rådhuset den 18. januar 2018 kl. 17."),
        deadline=timezone.make_aware(dt.datetime(2018, 1, 23, 23, 59)), published=True,
        selection_criteria=("Mindst halvdelen af pladserne til borgere med egen erfaring. Spredning i alder, køn og "
                            "erfaringer. Kandidater skal kunne deltage i møder kl. 16–18."))
    # As the 2018 annual report tells it: ten members and seven personal substitutes appointed on
    # 13 March 2018; four substitutes left in 2018, two more participants early in 2019, so on
    # 1 April 2019 the council had 8 members and 3 substitutes, and a new member was nominated.
    members = _fill_term(council, first, names, start=dt.date(2018, 3, 13), decision="KB 13.03.2018, pkt. 7",
                         rng=rng, substitutes_for={0, 1, 2, 3, 4, 5, 6})
    _candidacies_2018(council, call, first, rejected=next(names), by=users["sek_albertslund"])
    # Elected at the constituting meeting on 10 April 2018 (meetings.demo records it in the minutes).
    services.position_assign(council=council, person=members[0].person, kind="chair", start=dt.date(2018, 4, 10))
    services.position_assign(council=council, person=members[5].person, kind="vice_chair", start=dt.date(2018, 4, 10))
    substitute_of = {m.substitute_for_id: m for m in first.memberships.filter(role=MembershipRole.SUBSTITUTE)}
    for member_no, day, note in ((0, dt.date(2018, 3, 27), "Ønskede at være medlem, ikke suppleant."),
                                 (2, dt.date(2018, 4, 20), "Svært at følge arbejdet som suppleant."),
                                 (4, dt.date(2018, 6, 12), ""),
                                 (5, dt.date(2018, 10, 2), "Har ikke overskud lige nu.")):
        services.membership_end(membership=substitute_of[members[member_no].pk], end=day,
                                reason=EndReason.WITHDREW, note=note)
    services.membership_end(membership=members[7], end=dt.date(2019, 1, 31), reason=EndReason.MOVED)
    services.membership_end(membership=members[8], end=dt.date(2019, 3, 20), reason=EndReason.WITHDREW)
    # Nominated in March 2019 (a guest at the 1 April meeting), appointed by the municipal board in May.
    newcomer = _person(council, "Lene Vinding", org=Organisation.objects.get(council=council,
                                                                             name="Frivilligcenter Albertslund"))
    nomination = services.membership_create(
        council=council, person=newcomer, term=first, role=MembershipRole.MEMBER, start=dt.date(2019, 4, 1),
        status="nominated", nominated_on=dt.date(2019, 3, 25), seat_category=members[8].seat_category,
        nominated_by=newcomer.organisation)
    services.membership_appoint(membership=nomination, decision_date=dt.date(2019, 5, 28),
                                reference="KB 28.05.2019, pkt. 11")
    services.term_memberships_end(term=first)  # a member's ending also ends their personal substitute's

    # Current term 2026–2029 with the demo logins in it; one expert seat is vacant.
    current = services.term_create(council=council, name="2026–2029", start=dt.date(2026, 1, 1),
                                   end=dt.date(2029, 12, 31), copy_seats_from=first)
    members = _fill_term(council, current, names, start=dt.date(2026, 3, 10), decision="KB 10.03.2026, pkt. 12",
                         users={("member", 0): users["formand_albertslund"], ("member", 1): users["medlem_albertslund"],
                                ("substitute", 1): users["suppleant_albertslund"]},
                         substitute_share=0.8, rng=rng, skip_seats=1)
    services.position_assign(council=council, person=members[0].person, kind="chair", start=dt.date(2026, 4, 7))
    services.position_assign(council=council, person=members[6].person, kind="vice_chair", start=dt.date(2026, 4, 7))
    org = Organisation.objects.get(council=council, name="SIND Albertslund")
    nominee = _person(council, next(names), org=org, title="SIND")
    services.membership_create(council=council, person=nominee, term=current, role=MembershipRole.MEMBER,
                               start=dt.date(2026, 12, 1), nominated_by=org, status="nominated",
                               nominated_on=dt.date(2026, 11, 17),
                               seat_category=SeatCategory.objects.get(term=current, name="Sagkyndige"))
    services.rules_update(council=council, actor=users["sek_albertslund"], valid_from=dt.date(2019, 1, 1),
                          meetings_per_year=6, members_max=12,
                          text="Rådet har besluttet at holde seks møder om året og arbejder for flere medlemmer.")
    return council


@transaction.atomic
def seed_ishoej(users) -> Council | None:
    if Council.objects.filter(slug="ishoej").exists():
        return None
    muni, _ = Municipality.objects.get_or_create(slug="ishoej", defaults={"name": "Ishøj", "code": "183"})
    muni.staff.add(users["sek_ishoej"])
    council = services.council_create_from_preset(
        municipality=muni, preset_key="ishoej2015", name="Udsatterådet i Ishøj", slug="ishoej",
        actor=users["sek_ishoej"], term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 12, 31))
    council.phone = "12 34 56 90"
    council.save(update_fields=["phone"])
    rng = random.Random(183)  # nosec B311  # SIND and Lænken come from the preset
    members = _fill_term(council, Term.objects.get(council=council), fictional_names(183), start=dt.date(2026, 2, 1),
                         decision="Social- og Sundhedsudvalget 12.01.2026", substitute_share=0.5, rng=rng,
                         users={("member", 2): users["medlem_ishoej"]})
    services.position_assign(council=council, person=members[2].person, kind="chair", start=dt.date(2026, 2, 24))
    return council


@transaction.atomic
def seed_gentofte(users) -> Council | None:
    if Council.objects.filter(slug="gentofte").exists():
        return None
    muni, _ = Municipality.objects.get_or_create(slug="gentofte", defaults={"name": "Gentofte", "code": "157"})
    muni.staff.add(users["sek_gentofte"])
    council = services.council_create_from_preset(
        municipality=muni, preset_key="gentofte2020", name="Velfærdsrådet i Gentofte", slug="gentofte",
        actor=users["sek_gentofte"], term_start=dt.date(2027, 1, 1), term_end=dt.date(2030, 12, 31))
    term = Term.objects.get(council=council)
    call = services.call_save(
        council=council, term=term, title="Vil du være med i Velfærdsrådet?",
        text=("Gentofte opretter et velfærdsråd som forsøg i fire år. Rådet skal give borgere, der har det svært, "
              "en stemme over for politikerne. Du kan stille op selv, eller en forening kan indstille dig. "
              "Rådet har 150.000 kr. om året og hjælp fra et sekretariat."),
        deadline=timezone.make_aware(dt.datetime(2027, 1, 31, 23, 59)), published=True,
        selection_criteria="Mindst en tredjedel med egen erfaring. Bred sammensætning. Motivation vægtes højt.")
    names = fictional_names(157)
    for i in range(6):
        Candidacy.objects.create(council=council, call=call, name=next(names), email=f"kandidat{i}@gentofte.example",
                                 kind=CandidacyKind.NOMINATION if i % 3 == 0 else CandidacyKind.CITIZEN,
                                 organisation_name="Kirkens Korshær" if i % 3 == 0 else "",
                                 motivation="Jeg kender systemet indefra og vil gerne hjælpe andre.",
                                 lived_experience=i % 2 == 0)
    return council


@transaction.atomic
def seed_albertslund_handicapraad(users) -> Council | None:
    """Albertslund's handicapråd: a small roster with a chair and no meetings. It writes a joint
    consultation response with the udsatteråd (``hearings.demo``), as the Høje-Taastrup councils do."""
    if Council.objects.filter(slug="albertslund-handicapraad").exists():
        return None
    muni = Municipality.objects.filter(slug="albertslund").first()
    if muni is None:
        return None
    council = services.council_create_from_preset(
        municipality=muni, preset_key="handicapraad", name="Handicaprådet i Albertslund",
        slug="albertslund-handicapraad", actor=users["sek_albertslund"], term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2029, 12, 31))
    council.email, council.phone = "handicapraadet@albertslund.example", "12 34 56 78"
    council.save(update_fields=["email", "phone"])
    services.organisation_save(council=council, name="DH Albertslund", nominates=True)
    members = _fill_term(council, Term.objects.get(council=council), fictional_names(1650), start=dt.date(2026, 2, 1),
                         decision="KB 27.01.2026, pkt. 8", substitute_share=0.5, rng=random.Random(1650),  # nosec B311  # seeded demo data
                         publish_all=True)
    services.position_assign(council=council, person=members[0].person, kind="chair", start=dt.date(2026, 2, 10))
    services.position_assign(council=council, person=members[3].person, kind="vice_chair",
                             start=dt.date(2026, 2, 10))
    return council


DEMO_USERS = {
    "admin": ("admin@stemme.example", "Platformsadministrator", True),
    "sek_albertslund": ("sekretariat@albertslund.example", "Sanne Sekretær", False),
    "formand_albertslund": ("formand@albertslund.example", "Finn Formand", False),
    "medlem_albertslund": ("medlem@albertslund.example", "Maja Medlem", False),
    "suppleant_albertslund": ("suppleant@albertslund.example", "Sofus Suppleant", False),
    "sek_ishoej": ("sekretariat@ishoej.example", "Ingrid Sekretær", False),
    "medlem_ishoej": ("medlem@ishoej.example", "Ib Medlem", False),
    "sek_gentofte": ("sekretariat@gentofte.example", "Gry Sekretær", False),
}

DEMO_ROLES = {
    "admin": "platformsadministrator",
    "sek_albertslund": "sekretariat, Albertslund",
    "formand_albertslund": "formand, Albertslund",
    "medlem_albertslund": "medlem, Albertslund",
    "suppleant_albertslund": "suppleant, Albertslund",
    "sek_ishoej": "sekretariat, Ishøj",
    "medlem_ishoej": "medlem (formand), Ishøj",
    "sek_gentofte": "sekretariat, Gentofte",
}


#: The demo councils every app adds its part to (the handicapråd gets only its roster).
DEMO_COUNCILS = ("albertslund", "ishoej", "gentofte")


def seed_demo(run: DemoRun) -> None:
    """The first step of ``seed_demo`` (``core.demo``): the demo logins, the demo councils that
    do not exist yet (each in its own transaction, listed in ``run.created``) and the
    handicapråd (listed in ``run.added``)."""
    run.users.update({key: _user(email, name, superuser=su) for key, (email, name, su) in DEMO_USERS.items()})
    for fn in (seed_albertslund, seed_ishoej, seed_gentofte):
        with transaction.atomic():
            council = fn(run.users)
            if council is not None:
                run.created.append(council.slug)
    handicapraad = seed_albertslund_handicapraad(run.users)
    if handicapraad is not None:
        run.add(handicapraad.slug)


def seed_each_council(run: DemoRun, seed: Callable[[Council, dict], bool], *, added: str,
                      new_too: bool = False) -> None:
    """Run an app's ``seed(council, users) -> bool`` (whether it created anything) for each demo
    council, each in its own transaction. What it created in a council that existed before this
    run (or in any council with ``new_too``) is listed in ``run.added`` as ``added`` with the
    council's slug (``"… of {slug}"``)."""
    for slug in DEMO_COUNCILS:
        with transaction.atomic():
            council = Council.objects.filter(slug=slug).first()
            if council is not None and seed(council, run.users) and (new_too or slug not in run.created):
                run.add(added.format(slug=slug))


# --- Scaled data for benchmarks and query-count tests -------------------------------------------

def scale_council(*, index: int, years: int = 1, preset_key: str = "albertslund2018") -> Council:
    """A council with ``years`` four-year-ish terms of full rosters (for benchmarks)."""
    muni, _ = Municipality.objects.get_or_create(slug=f"bench-{index}", defaults={"name": f"Benchby {index}"})
    council = services.council_create_from_preset(
        municipality=muni, preset_key=preset_key, name=f"Udsatterådet i Benchby {index}", slug=f"bench-{index}",
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 12, 31))
    rng = random.Random(index)  # nosec B311  # seeded: the same demo data every time, not security
    names = fictional_names(index)
    term = Term.objects.get(council=council)
    _fill_term(council, term, names, start=dt.date(2026, 1, 1), decision="KB", rng=rng, publish_all=True)
    for y in range(1, years):
        old = services.term_create(council=council, name=f"Periode {y}", start=dt.date(2026 - 4 * y, 1, 1),
                                   end=dt.date(2029 - 4 * y, 12, 31), copy_seats_from=term)
        _fill_term(council, old, names, start=old.start, decision="KB", rng=rng)
        services.term_memberships_end(term=old)
    return council


def person_count(council: Council) -> int:
    return Person.objects.filter(council=council).count()


def open_call(council: Council) -> RecruitmentCall:
    term = Term.objects.filter(council=council).order_by("-start").first()
    return services.call_save(council=council, term=term, title="Stil op", text="Stil op til rådet.",
                              deadline=timezone.now() + dt.timedelta(days=30), published=True)
