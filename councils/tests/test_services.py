"""Writes for the roster: councils from presets, versioned rules, memberships, positions and the audit."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import selectors, services
from councils.models import (
    Council,
    CouncilSecretary,
    EndReason,
    Membership,
    Organisation,
    Person,
    Position,
    RulesOfProcedure,
    SeatCategory,
    TaxonomyTerm,
    Term,
    TermsOfReference,
)
from councils.presets import DEFAULT_TERMS_OF_REFERENCE, PRESETS, RSU_FOCUS_AREAS, TAXONOMIES
from councils.tests.factories import MunicipalityFactory

D = dt.date


def term_of(council):
    return Term.objects.get(council=council)


def seat(council, name):
    return SeatCategory.objects.get(council=council, name=name)


# --- election_term_bounds (pure) -------------------------------------------------------------------

@pytest.mark.parametrize(("on", "bounds"), [
    (D(2026, 11, 23), (D(2026, 1, 1), D(2029, 12, 31))),
    (D(2026, 1, 1), (D(2026, 1, 1), D(2029, 12, 31))),
    (D(2025, 12, 31), (D(2022, 1, 1), D(2025, 12, 31))),  # after the November election, before the new period
    (D(2029, 12, 31), (D(2026, 1, 1), D(2029, 12, 31))),
    (D(2030, 1, 1), (D(2030, 1, 1), D(2033, 12, 31))),
    (D(2019, 6, 15), (D(2018, 1, 1), D(2021, 12, 31))),
])
def test_election_term_bounds_follow_the_municipal_election_period(on, bounds):
    assert services.election_term_bounds(on) == bounds


@settings(database=None)
@given(on=st.dates(D(1990, 1, 1), D(2200, 12, 31)), years=st.sampled_from([2, 4]))
def test_election_term_bounds_always_contain_the_date_and_align_with_2022(on, years):
    start, end = services.election_term_bounds(on, years=years)
    assert start <= on <= end
    assert (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    assert end.year - start.year == years - 1
    assert (start.year - 2022) % years == 0


# --- council_create_from_preset ----------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_creates_seats_rules_terms_of_reference_and_taxonomies(key, make_council):
    preset = PRESETS[key]
    council = make_council(slug=f"raad-{key}", preset=key, term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))

    assert (council.kind, council.preset) == (preset.kind, key)
    term = term_of(council)
    assert (term.start, term.end, term.name) == (D(2026, 1, 1), D(2029, 12, 31), "2026–2029")

    seats = list(SeatCategory.objects.filter(council=council, term=term).order_by("position"))
    assert [(s.name, s.min_seats, s.max_seats, s.lived_experience, s.municipal_board) for s in seats] == [
        (p.name, p.min_seats, p.max_seats, p.lived_experience, p.municipal_board) for p in preset.seats]
    assert [s.position for s in seats] == list(range(len(preset.seats)))

    rules = RulesOfProcedure.objects.get(council=council)
    assert (rules.version, rules.valid_from) == (1, D(2026, 1, 1))
    for name, value in preset.rules.items():
        assert getattr(rules, name) == value, name
    assert rules.members_min <= sum(s.max_seats for s in preset.seats)

    tor = TermsOfReference.objects.get(council=council)
    assert (tor.version, tor.text) == (1, DEFAULT_TERMS_OF_REFERENCE)

    for scheme in preset.taxonomies:
        names = list(TaxonomyTerm.objects.filter(council=council, scheme=scheme).order_by("position")
                     .values_list("name", flat=True))
        assert names == list(TAXONOMIES[scheme])
    assert TaxonomyTerm.objects.filter(council=council).count() == sum(len(TAXONOMIES[s]) for s in preset.taxonomies)
    assert AuditEvent.objects.filter(council=council, action="councils.council.created").count() == 1


@pytest.mark.django_db
def test_every_council_gets_the_nine_rsu_focus_areas(make_council):
    for key in PRESETS:
        council = make_council(slug=f"rsu-{key}", preset=key)
        names = set(TaxonomyTerm.objects.filter(council=council, scheme="rsu_focus").values_list("name", flat=True))
        assert len(names) == 9
        assert names == set(RSU_FOCUS_AREAS)
        assert {"Hjemløshed", "Prostitution", "Socialt udsatte grønlændere"} <= names


@pytest.mark.django_db
def test_ishoej_also_gets_target_groups_and_focus_areas(make_council):
    ishoej = make_council("ishoej", preset="ishoej2015")
    albertslund = make_council("albertslund", preset="albertslund2018")
    ishoej_schemes = dict.fromkeys(["rsu_focus", "target_group", "focus_area"], 0)
    for scheme in TaxonomyTerm.objects.filter(council=ishoej).values_list("scheme", flat=True):
        ishoej_schemes[scheme] += 1
    assert ishoej_schemes == {"rsu_focus": 9, "target_group": 6, "focus_area": 7}
    assert TaxonomyTerm.objects.filter(council=ishoej, scheme="target_group", name="Hjemløse").exists()
    assert not TaxonomyTerm.objects.filter(council=albertslund).exclude(scheme="rsu_focus").exists()


@pytest.mark.django_db
def test_albertslund_preset_has_ten_seats_of_which_five_lived_experience(make_council):
    council = make_council(preset="albertslund2018")
    seats = SeatCategory.objects.filter(council=council)
    assert sum(s.min_seats for s in seats) == 10
    assert sum(s.min_seats for s in seats if s.lived_experience) == 5
    assert [s.name for s in seats if s.municipal_board] == ["Medlemmer af kommunalbestyrelsen"]
    rules = RulesOfProcedure.objects.get(council=council)
    assert (rules.members_min, rules.members_max, rules.substitute_mode, rules.substitute_attendance) == (
        10, 10, "personal", "always")


@pytest.mark.django_db
def test_without_dates_the_term_follows_the_current_election_period(make_user):
    muni = MunicipalityFactory()
    council = services.council_create_from_preset(municipality=muni, preset_key="randers", name="Udsatterådet",
                                                  slug="randers")
    today = timezone.localdate()
    start, end = services.election_term_bounds(today)
    term = term_of(council)
    assert (term.start, term.end) == (start, end)
    assert RulesOfProcedure.objects.get(council=council).valid_from == today


@pytest.mark.django_db
def test_creator_becomes_secretariat_but_a_platform_admin_does_not(make_user):
    muni = MunicipalityFactory()
    staff, admin = make_user(), make_user(superuser=True)
    mine = services.council_create_from_preset(municipality=muni, preset_key="odense333", name="A", slug="a",
                                               actor=staff)
    theirs = services.council_create_from_preset(municipality=muni, preset_key="odense333", name="B", slug="b",
                                                 actor=admin)
    assert list(CouncilSecretary.objects.filter(council=mine).values_list("user", flat=True)) == [staff.pk]
    assert not CouncilSecretary.objects.filter(council=theirs).exists()
    event = AuditEvent.objects.get(council=mine, action="councils.council.created")
    assert event.actor == staff


@pytest.mark.django_db
def test_duplicate_slug_is_refused_and_nothing_is_created(make_council):
    make_council("albertslund")
    muni = MunicipalityFactory()
    with pytest.raises(ApplicationError) as excinfo:
        services.council_create_from_preset(municipality=muni, preset_key="randers", name="Andet råd",
                                            slug="albertslund")
    assert excinfo.value.field == "slug"
    assert "allerede i brug" in str(excinfo.value.message)
    assert Council.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["konto", "raad", "django-admin", "static", "healthz", "admin", "Konto"])
def test_reserved_slug_is_refused(slug):
    muni = MunicipalityFactory()
    with pytest.raises(ApplicationError) as excinfo:
        services.council_create_from_preset(municipality=muni, preset_key="randers", name="Rådet", slug=slug)
    assert excinfo.value.field == "slug"
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_unknown_preset_is_refused():
    muni = MunicipalityFactory()
    with pytest.raises(ApplicationError) as excinfo:
        services.council_create_from_preset(municipality=muni, preset_key="nope", name="Rådet", slug="raadet")
    assert excinfo.value.field == "preset"
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_council_name_with_cpr_is_refused(make_council):
    muni = MunicipalityFactory()
    with pytest.raises(ApplicationError):
        services.council_create_from_preset(municipality=muni, preset_key="randers", name="Råd 010188-1234",
                                            slug="raadet")
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_council_secretary_add_is_idempotent(make_council, make_user):
    council = make_council()
    user = make_user()
    first = services.council_secretary_add(council=council, user=user)
    second = services.council_secretary_add(council=council, user=user)
    assert first.pk == second.pk
    assert CouncilSecretary.objects.filter(council=council, user=user).count() == 1


# --- Versioned rules and terms of reference --------------------------------------------------------------

@pytest.mark.django_db
def test_rules_update_records_a_new_version_and_keeps_the_old(make_council, make_user):
    council = make_council(term_start=D(2026, 1, 1))
    secretary = make_user()
    v1 = RulesOfProcedure.objects.get(council=council)
    v2 = services.rules_update(council=council, actor=secretary, valid_from=D(2027, 1, 1), meetings_per_year=6)

    assert v2.version == 2 and v2.pk != v1.pk
    v1.refresh_from_db()
    assert v1.meetings_per_year == 4  # untouched
    # Every other setting carries over from the version before.
    for name in RulesOfProcedure.CONFIG_FIELDS:
        if name != "meetings_per_year":
            assert getattr(v2, name) == getattr(v1, name), name
    assert [r.version for r in selectors.rules_versions(council=council)] == [2, 1]

    event = AuditEvent.objects.get(council=council, action="councils.rules.updated")
    assert event.actor == secretary
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert event.before["meetings_per_year"] == 4 and event.after["meetings_per_year"] == 6


@pytest.mark.django_db
def test_rules_in_force_picks_the_version_by_valid_from(make_council):
    council = make_council(term_start=D(2026, 1, 1))
    services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), meetings_per_year=6)
    services.rules_update(council=council, actor=None, valid_from=D(2028, 7, 1), meetings_per_year=8)

    def in_force(on):
        return selectors.rules_in_force(council=council, on=on).meetings_per_year

    assert in_force(D(2026, 12, 31)) == 4
    assert in_force(D(2027, 1, 1)) == 6
    assert in_force(D(2028, 6, 30)) == 6
    assert in_force(D(2028, 7, 1)) == 8
    assert in_force(D(2035, 1, 1)) == 8
    # Before the first version: the first version (there is nothing older to apply).
    assert in_force(D(2020, 1, 1)) == 4


@pytest.mark.django_db
def test_rules_with_the_same_valid_from_the_newest_version_wins(make_council):
    council = make_council(term_start=D(2026, 1, 1))
    services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), quorum_percent=60)
    services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), quorum_percent=70)
    assert selectors.rules_in_force(council=council, on=D(2027, 3, 1)).quorum_percent == 70


@pytest.mark.django_db
def test_rules_update_refuses_unknown_fields_and_invalid_values(make_council):
    council = make_council()
    with pytest.raises(ApplicationError):
        services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), colour="red")
    with pytest.raises(ApplicationError):
        services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), members_min=12,
                              members_max=8)
    with pytest.raises(ApplicationError):
        services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), quorum_percent=0)
    with pytest.raises(ApplicationError) as excinfo:
        services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1),
                              text="Formanden (010188-1234) leder møderne.")
    assert excinfo.value.field == "text"
    assert RulesOfProcedure.objects.filter(council=council).count() == 1


@pytest.mark.django_db
def test_rules_versions_are_per_council(make_council):
    a, b = make_council("a"), make_council("b")
    services.rules_update(council=a, actor=None, valid_from=D(2027, 1, 1), meetings_per_year=11)
    assert RulesOfProcedure.objects.get(council=b).version == 1
    assert selectors.rules_in_force(council=b, on=D(2028, 1, 1)).meetings_per_year == 4


@pytest.mark.django_db
def test_terms_of_reference_are_versioned(make_council, make_user):
    council = make_council(term_start=D(2026, 1, 1))
    secretary = make_user()
    v2 = services.terms_of_reference_update(council=council, actor=secretary, text="Ny tekst.",
                                            valid_from=D(2027, 1, 1))
    assert v2.version == 2
    assert [t.version for t in selectors.terms_of_reference_versions(council=council)] == [2, 1]
    assert selectors.terms_of_reference_in_force(council=council, on=D(2026, 6, 1)).text == DEFAULT_TERMS_OF_REFERENCE
    assert selectors.terms_of_reference_in_force(council=council, on=D(2027, 1, 1)).text == "Ny tekst."
    assert AuditEvent.objects.filter(council=council, action="councils.terms_of_reference.updated",
                                     actor=secretary).count() == 1
    with pytest.raises(ApplicationError):
        services.terms_of_reference_update(council=council, actor=secretary, text="Sag om 0101881234",
                                           valid_from=D(2028, 1, 1))
    assert TermsOfReference.objects.filter(council=council).count() == 2


# --- Terms ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_term_create_refuses_overlap_and_can_copy_seats(make_council):
    council = make_council(term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))
    first = term_of(council)
    with pytest.raises(ApplicationError) as excinfo:
        services.term_create(council=council, name="Overlap", start=D(2029, 6, 1), end=D(2033, 12, 31))
    assert excinfo.value.field == "start"
    nxt = services.term_create(council=council, name="2030–2033", start=D(2030, 1, 1), end=D(2033, 12, 31),
                               copy_seats_from=first)
    assert list(nxt.seat_categories.order_by("position").values_list("name", "min_seats", "max_seats")) == list(
        first.seat_categories.order_by("position").values_list("name", "min_seats", "max_seats"))
    assert SeatCategory.objects.filter(council=council).count() == 2 * first.seat_categories.count()


# --- People and memberships ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_member_and_personal_substitute(make_council, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen", seat="Sagkyndige")
    sub = add_member(council, "Bo Bach", role="substitute", substitute_for=member)
    assert sub.substitute_for == member
    assert sub.seat_category is None
    assert list(member.substitutes.all()) == [sub]


@pytest.mark.django_db
def test_only_one_personal_substitute_per_member(make_council, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen")
    add_member(council, "Bo Bach", role="substitute", substitute_for=member)
    with pytest.raises(ApplicationError) as excinfo:
        add_member(council, "Carl Clausen", role="substitute", substitute_for=member)
    assert excinfo.value.field == "substitute_for"
    assert "Anne Andersen har allerede en personlig suppleant" in str(excinfo.value.message)
    assert not Membership.objects.filter(person__name="Carl Clausen").exists()


@pytest.mark.django_db
def test_a_new_personal_substitute_once_the_old_one_has_ended(make_council, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen")
    old = add_member(council, "Bo Bach", role="substitute", substitute_for=member)
    services.membership_end(membership=old, end=D(2026, 5, 1), reason=EndReason.WITHDREW)
    new = add_member(council, "Carl Clausen", role="substitute", substitute_for=member, start=D(2026, 5, 2))
    assert new.substitute_for == member


@pytest.mark.django_db
def test_substitute_for_must_point_at_a_member(make_council, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen")
    sub = add_member(council, "Bo Bach", role="substitute", substitute_for=member)
    with pytest.raises(ApplicationError) as excinfo:
        add_member(council, "Carl Clausen", role="substitute", substitute_for=sub)
    assert excinfo.value.field == "substitute_for"


@pytest.mark.parametrize("role", ["member", "guest"])
@pytest.mark.django_db
def test_only_substitutes_stand_in_for_a_member(role, make_council, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen")
    person = services.person_save(council=council, name="Dora Dam", email="dora@ex.org")
    with pytest.raises(ApplicationError) as excinfo:
        services.membership_create(council=council, person=person, term=term_of(council), role=role,
                                   start=D(2026, 2, 1), substitute_for=member)
    assert excinfo.value.field == "substitute_for"
    assert "Kun suppleanter" in str(excinfo.value.message)


@pytest.mark.parametrize("start", [D(2025, 12, 31), D(2030, 1, 1)])
@pytest.mark.django_db
def test_membership_must_start_within_the_term(start, make_council, add_member):
    council = make_council(term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))
    with pytest.raises(ApplicationError) as excinfo:
        add_member(council, "Anne Andersen", start=start)
    assert excinfo.value.field == "start"
    assert "1. januar 2026 – 31. december 2029" in str(excinfo.value.message)


@pytest.mark.parametrize("start", [D(2026, 1, 1), D(2029, 12, 31)])
@pytest.mark.django_db
def test_membership_may_start_on_the_first_and_last_day_of_the_term(start, make_council, add_member):
    council = make_council(term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))
    assert add_member(council, "Anne Andersen", start=start).start == start


@pytest.mark.django_db
def test_the_same_person_cannot_hold_the_same_role_twice_in_a_term(make_council, add_member):
    council = make_council()
    m = add_member(council, "Anne Andersen")
    with pytest.raises(ApplicationError) as excinfo:
        services.membership_create(council=council, person=m.person, term=m.term, role="member",
                                   start=D(2026, 3, 1), seat_category=m.seat_category)
    assert excinfo.value.field == "person"


@pytest.mark.django_db
@pytest.mark.parametrize("foreign", ["person", "term", "seat_category", "substitute_for", "nominated_by"])
def test_objects_from_another_council_are_refused(foreign, make_council, add_member):
    here, there = make_council("here"), make_council("there")
    other_member = add_member(there, "Olga Other")
    fields = dict(
        council=here,
        person=services.person_save(council=here, name="Hans Her", email="hans@ex.org"),
        term=term_of(here), role="substitute" if foreign == "substitute_for" else "member", start=D(2026, 2, 1),
        seat_category=None if foreign == "substitute_for" else seat(here, "Sagkyndige"),
    )
    if foreign == "substitute_for":
        fields["substitute_for"] = other_member
    elif foreign == "nominated_by":
        fields["nominated_by"] = services.organisation_save(council=there, name="SIND")
    else:
        fields[foreign] = {"person": other_member.person, "term": term_of(there),
                           "seat_category": seat(there, "Sagkyndige")}[foreign]
    before = Membership.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        services.membership_create(**fields)
    assert excinfo.value.field == foreign
    assert "andet råd" in str(excinfo.value.message)
    assert Membership.objects.count() == before


@pytest.mark.django_db
def test_seat_category_of_another_term_is_refused(make_council):
    council = make_council(term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))
    old = services.term_create(council=council, name="2022–2025", start=D(2022, 1, 1), end=D(2025, 12, 31),
                               copy_seats_from=term_of(council))
    person = services.person_save(council=council, name="Anne", email="anne@ex.org")
    current = Term.objects.get(council=council, start=D(2026, 1, 1))
    with pytest.raises(ApplicationError) as excinfo:
        services.membership_create(council=council, person=person, term=current, role="member", start=D(2026, 2, 1),
                                   seat_category=old.seat_categories.first())
    assert excinfo.value.field == "seat_category"


@pytest.mark.django_db
def test_person_save_refuses_a_person_of_another_council(make_council):
    here, there = make_council("here"), make_council("there")
    theirs = services.person_save(council=there, name="Olga", email="olga@ex.org")
    with pytest.raises(ApplicationError):
        services.person_save(council=here, instance=theirs, name="Olga Overtaget")
    theirs.refresh_from_db()
    assert theirs.name == "Olga"


@pytest.mark.django_db
def test_a_model_validation_failure_is_an_application_error_on_its_field(make_council):
    """The councils services validate through core.errors.full_clean_or_raise like every app: a broken
    model rule reaches the view as an ApplicationError on its field, never as a ValidationError."""
    council = make_council()
    with pytest.raises(ApplicationError) as excinfo:
        services.person_save(council=council, name="Bo Berg", email="bo@ex.org", notes="Ring om cpr 0101881234.")
    assert excinfo.value.field == "notes" and excinfo.value.code == "cpr"
    assert "CPR-nummer" in excinfo.value.message
    assert not Person.objects.filter(council=council).exists()


@pytest.mark.django_db
def test_person_save_enforces_the_contact_channel(make_council):
    council = make_council()
    with pytest.raises(ApplicationError) as excinfo:
        services.person_save(council=council, name="Sms Uden Nummer", preferred_channel="sms")
    assert excinfo.value.field == "phone"
    assert not Person.objects.filter(council=council).exists()


@pytest.mark.django_db
def test_membership_update_runs_the_same_checks(make_council, add_member):
    council = make_council()
    m = add_member(council, "Anne Andersen")
    with pytest.raises(ApplicationError):
        services.membership_update(membership=m, start=D(2031, 1, 1))
    m.refresh_from_db()
    assert m.start == D(2026, 2, 1)


@pytest.mark.django_db
def test_membership_appoint_turns_a_nomination_into_an_appointment(make_council):
    council = make_council()
    person = services.person_save(council=council, name="Nina", email="nina@ex.org")
    m = services.membership_create(council=council, person=person, term=term_of(council), role="member",
                                   start=D(2026, 2, 1), status="nominated", seat_category=seat(council, "Sagkyndige"))
    assert not m.is_active_on(D(2026, 3, 1))
    services.membership_appoint(membership=m, decision_date=D(2026, 2, 10), reference="KB 10.02.2026, pkt. 3")
    m.refresh_from_db()
    assert (m.status, m.appointment_date, m.appointment_reference) == ("appointed", D(2026, 2, 10),
                                                                       "KB 10.02.2026, pkt. 3")
    assert m.is_active_on(D(2026, 3, 1))


# --- Ending a membership ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_membership_end_records_date_reason_and_note(make_council, add_member, make_user):
    council = make_council()
    secretary = make_user()
    m = add_member(council, "Anne Andersen")
    services.membership_end(membership=m, end=D(2027, 3, 31), reason=EndReason.MOVED, note="Flyttet til Aarhus.",
                            actor=secretary)
    m.refresh_from_db()
    assert (m.end, m.end_reason, m.end_note) == (D(2027, 3, 31), "moved", "Flyttet til Aarhus.")
    event = AuditEvent.objects.get(council=council, action="councils.membership.ended")
    assert event.actor == secretary
    assert event.before["end"] is None and event.after["end"] == "2027-03-31"


@pytest.mark.django_db
def test_membership_end_refuses_bad_dates_and_reasons(make_council, add_member):
    council = make_council()
    m = add_member(council, "Anne Andersen", start=D(2026, 2, 1))
    with pytest.raises(ApplicationError) as excinfo:
        services.membership_end(membership=m, end=D(2026, 1, 31), reason=EndReason.WITHDREW)
    assert excinfo.value.field == "end"
    with pytest.raises(ApplicationError) as excinfo:
        services.membership_end(membership=m, end=D(2026, 6, 1), reason="bored")
    assert excinfo.value.field == "reason"
    m.refresh_from_db()
    assert m.end is None


@pytest.mark.django_db
def test_membership_end_ends_the_persons_positions(make_council, add_member):
    council = make_council()
    chair = add_member(council, "Finn Formand")
    vice = add_member(council, "Vera Vice")
    services.position_assign(council=council, person=chair.person, kind="chair", start=D(2026, 3, 1))
    services.position_assign(council=council, person=vice.person, kind="vice_chair", start=D(2026, 3, 1))
    services.membership_end(membership=chair, end=D(2026, 8, 31), reason=EndReason.WITHDREW)
    assert Position.objects.get(person=chair.person).end == D(2026, 8, 31)
    assert Position.objects.get(person=vice.person).end is None


@pytest.mark.django_db
def test_leaving_as_member_but_staying_as_substitute_ends_the_chair_position(make_council, add_member):
    """Only a member can be chair (position_assign refuses others), so a chair who steps down to
    substitute is no longer chair."""
    council = make_council()
    chair = add_member(council, "Finn Formand")
    other = add_member(council, "Anne Andersen")
    services.position_assign(council=council, person=chair.person, kind="chair", start=D(2026, 3, 1))
    services.membership_create(council=council, person=chair.person, term=chair.term, role="substitute",
                               start=D(2026, 9, 1), substitute_for=other)
    services.membership_end(membership=chair, end=D(2026, 8, 31), reason=EndReason.OTHER)
    assert Position.objects.get(person=chair.person).end == D(2026, 8, 31)


# --- Positions ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_position_assign_ends_the_predecessor_the_day_before(make_council, add_member, make_user):
    council = make_council()
    secretary = make_user()
    a, b = add_member(council, "Anne Andersen"), add_member(council, "Bo Bach")
    first = services.position_assign(council=council, person=a.person, kind="chair", start=D(2026, 3, 1))
    second = services.position_assign(council=council, person=b.person, kind="chair", start=D(2027, 3, 1),
                                      actor=secretary)
    first.refresh_from_db()
    assert first.end == D(2027, 2, 28)
    assert second.end is None
    assert Position.objects.filter(council=council, kind="chair", end__isnull=True).get() == second
    assert AuditEvent.objects.filter(council=council, action="councils.position.assigned").count() == 2
    assert AuditEvent.objects.filter(council=council, action="councils.position.assigned", actor=secretary).count() == 1


@pytest.mark.django_db
def test_vice_chair_elected_chair_leaves_the_vice_chair_post(make_council, add_member):
    council = make_council()
    a, b = add_member(council, "Anne Andersen"), add_member(council, "Bo Bach")
    services.position_assign(council=council, person=a.person, kind="chair", start=D(2026, 3, 1))
    vice = services.position_assign(council=council, person=b.person, kind="vice_chair", start=D(2026, 3, 1))
    services.position_assign(council=council, person=b.person, kind="chair", start=D(2027, 1, 1))
    vice.refresh_from_db()
    assert vice.end == D(2026, 12, 31)
    assert list(Position.objects.filter(council=council, end__isnull=True).values_list("person__name", "kind")) == [
        ("Bo Bach", "chair")]


@pytest.mark.django_db
def test_chair_and_vice_chair_run_side_by_side(make_council, add_member):
    council = make_council()
    a, b = add_member(council, "Anne Andersen"), add_member(council, "Bo Bach")
    services.position_assign(council=council, person=a.person, kind="chair", start=D(2026, 3, 1))
    services.position_assign(council=council, person=b.person, kind="vice_chair", start=D(2026, 3, 1))
    assert Position.objects.filter(council=council, end__isnull=True).count() == 2


@pytest.mark.django_db
def test_position_assign_refuses_non_members(make_council, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen", start=D(2026, 2, 1))
    sub = add_member(council, "Bo Bach", role="substitute", substitute_for=member)
    nobody = services.person_save(council=council, name="Carl Clausen", email="carl@ex.org")
    late = add_member(council, "Dora Dam", start=D(2026, 6, 1))
    gone = add_member(council, "Erik Eriksen")
    services.membership_end(membership=gone, end=D(2026, 3, 31), reason=EndReason.WITHDREW)

    for person in (sub.person, nobody, late.person, gone.person):
        with pytest.raises(ApplicationError) as excinfo:
            services.position_assign(council=council, person=person, kind="chair", start=D(2026, 5, 1))
        assert excinfo.value.field == "person"
        assert "Kun et medlem" in str(excinfo.value.message)
    assert not Position.objects.filter(council=council).exists()


@pytest.mark.django_db
def test_position_assign_refuses_a_person_of_another_council(make_council, add_member):
    here, there = make_council("here"), make_council("there")
    add_member(here, "Hans Her")
    theirs = add_member(there, "Olga Other")
    with pytest.raises(ApplicationError):
        services.position_assign(council=here, person=theirs.person, kind="chair", start=D(2026, 3, 1))
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_position_assign_on_or_before_the_current_holders_start_is_refused_cleanly(make_council, add_member):
    """Ending the current holder the day before a date on or before their own start would give a
    position that ends before it starts: refuse with a message, not a database error."""
    council = make_council()
    a, b = add_member(council, "Anne Andersen"), add_member(council, "Bo Bach")
    first = services.position_assign(council=council, person=a.person, kind="chair", start=D(2026, 4, 7))
    for start in (D(2026, 4, 7), D(2026, 3, 1)):
        with pytest.raises(ApplicationError) as excinfo:
            services.position_assign(council=council, person=b.person, kind="chair", start=start)
        assert excinfo.value.field == "start"
        assert str(excinfo.value.message) == "Anne Andersen er formand fra 7. april 2026. Vælg en senere dato."
    # The same holds for the person's own running post (vice-chair elected chair on the same day).
    services.position_assign(council=council, person=b.person, kind="vice_chair", start=D(2026, 5, 1))
    with pytest.raises(ApplicationError):
        services.position_assign(council=council, person=b.person, kind="chair", start=D(2026, 5, 1))
    first.refresh_from_db()
    assert first.end is None
    assert Position.objects.filter(council=council).count() == 2
    # A later date works and ends the holder the day before.
    services.position_assign(council=council, person=b.person, kind="chair", start=D(2026, 5, 2))
    first.refresh_from_db()
    assert first.end == D(2026, 5, 1)


# --- The audit trail -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_writes_are_audited_with_namespaced_action_codes(make_council, add_member, make_user):
    secretary = make_user()
    council = make_council(secretary=secretary)
    member = add_member(council, "Anne Andersen")
    sub = add_member(council, "Bo Bach", role="substitute", substitute_for=member)
    services.organisation_save(council=council, name="SIND", actor=secretary)
    services.position_assign(council=council, person=member.person, kind="chair", start=D(2026, 3, 1))
    services.membership_update(membership=sub, appointment_reference="KB 1")
    services.membership_end(membership=sub, end=D(2026, 6, 1), reason=EndReason.WITHDREW)
    services.rules_update(council=council, actor=secretary, valid_from=D(2027, 1, 1), meetings_per_year=5)

    actions = set(AuditEvent.objects.filter(council=council).values_list("action", flat=True))
    assert actions == {
        "councils.council.created", "councils.secretary.added", "councils.person.saved",
        "councils.membership.created", "councils.organisation.saved", "councils.position.assigned",
        "councils.membership.updated", "councils.membership.ended", "councils.rules.updated",
        "councils.consent.given"}  # add_member's people say yes to "name public" (services.consent_set)
    assert all(re.fullmatch(r"councils\.[a-z_]+\.[a-z_]+", a) for a in actions)
    event = AuditEvent.objects.filter(action="councils.membership.created").order_by("id").first()
    assert event.object_type == "councils.membership"
    assert event.object_id == str(member.pk)


@pytest.mark.django_db
def test_lived_experience_is_masked_in_the_audit_trail(make_council, make_user):
    council = make_council()
    secretary = make_user()
    person = services.person_save(council=council, name="Anne Andersen", email="anne@ex.org",
                                  lived_experience=True, actor=secretary)
    services.person_save(council=council, instance=person, lived_experience=False, actor=secretary)
    created, updated = AuditEvent.objects.filter(council=council, action="councils.person.saved").order_by("id")
    assert created.after["lived_experience"] == "***"
    assert created.after["name"] == "Anne Andersen"
    assert updated.before["lived_experience"] == "***"
    assert updated.after["lived_experience"] == "***"
    assert updated.actor == secretary


@pytest.mark.django_db
def test_anonymous_actor_is_recorded_as_none(make_council):
    from django.contrib.auth.models import AnonymousUser

    council = make_council()
    services.organisation_save(council=council, name="Lænken", actor=AnonymousUser())
    event = AuditEvent.objects.get(council=council, action="councils.organisation.saved")
    assert event.actor is None
    assert event.after["name"] == "Lænken"


@pytest.mark.django_db
def test_organisation_names_are_unique_per_council_only(make_council):
    a, b = make_council("a"), make_council("b")
    services.organisation_save(council=a, name="SIND")
    services.organisation_save(council=b, name="SIND")
    with pytest.raises(ApplicationError):
        services.organisation_save(council=a, name="SIND")
    assert Organisation.objects.filter(name="SIND").count() == 2


@pytest.mark.django_db
def test_membership_end_refuses_an_already_ended_membership(make_council, add_member):
    import datetime as dt

    from councils import services as svc
    from councils.models import EndReason

    council = make_council("endtwice")
    m = add_member(council, "Anna Andersen")
    svc.membership_end(membership=m, end=dt.date(2026, 5, 1), reason=EndReason.WITHDREW)
    with pytest.raises(ApplicationError) as error:
        svc.membership_end(membership=m, end=dt.date(2026, 6, 1), reason=EndReason.MOVED)
    assert "allerede afsluttet" in str(error.value.message)
    m.refresh_from_db()
    assert (m.end, m.end_reason) == (dt.date(2026, 5, 1), EndReason.WITHDREW)
