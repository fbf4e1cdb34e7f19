"""Reads for the roster: the roster on any date, changes, composition against the rules, the
public list, the member directory and tenancy (another council's rows are never returned)."""

import dataclasses
import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from councils import selectors, services
from councils.models import EndReason, Membership, SeatCategory, Term

pytestmark = pytest.mark.django_db

D = dt.date
TERM_START, TERM_END = D(2018, 3, 13), D(2021, 12, 31)
NAMES = ["Anne Andersen", "Bo Bach", "Camilla Christiansen", "Dennis Dam", "Eva Eriksen", "Frank Frost",
         "Gitte Gregersen", "Henrik Holm", "Ida Iversen", "Jens Juhl"]
SUB_NAMES = ["Karin Kjær", "Lars Lund", "Mette Mikkelsen", "Niels Nørgaard", "Pia Petersen", "Rasmus Riis",
             "Susanne Skov"]


def categories(council):
    term = Term.objects.filter(council=council).order_by("-start").first()
    return list(SeatCategory.objects.filter(council=council, term=term).order_by("position"))


def fill(council, add_member, *, start, names=NAMES, with_substitutes=True, skip=0, publish=True):
    """One member per minimum seat (less ``skip``), each with a personal substitute."""
    seats = [cat for cat in categories(council) for _ in range(cat.min_seats)]
    members = []
    for name, cat in zip(names, seats[:len(seats) - skip], strict=False):
        members.append(add_member(council, name, seat=cat.name, start=start, lived=cat.lived_experience,
                                  publish=publish))
    subs = []
    if with_substitutes:
        for i, m in enumerate(members):
            subs.append(add_member(council, f"Suppleant {i} {m.person.name}", role="substitute", substitute_for=m,
                                   start=start, publish=publish))
    return members, subs


@pytest.fixture
def history(make_council, add_member):
    """Albertslund 2018–2021: ten members and seven personal substitutes from 13 March 2018, a
    chair and vice-chair, two withdrawals and a move, one new member and one pending nomination."""
    council = make_council("albertslund", preset="albertslund2018", term_start=TERM_START, term_end=TERM_END)
    members, _ = fill(council, add_member, start=TERM_START, with_substitutes=False)
    subs = [add_member(council, name, role="substitute", substitute_for=m, start=TERM_START)
            for name, m in zip(SUB_NAMES, members, strict=False)]
    services.position_assign(council=council, person=members[0].person, kind="chair", start=D(2018, 4, 10))
    services.position_assign(council=council, person=members[5].person, kind="vice_chair", start=D(2018, 4, 10))
    services.membership_end(membership=subs[0], end=D(2018, 3, 30), reason=EndReason.WITHDREW)
    services.membership_end(membership=members[3], end=D(2018, 12, 31), reason=EndReason.WITHDREW)
    services.membership_end(membership=members[8], end=D(2019, 2, 28), reason=EndReason.MOVED)
    newcomer = add_member(council, "Ole Olesen", seat="Borgere med erfaring som socialt udsat", start=D(2019, 6, 1),
                          lived=True)
    term = Term.objects.get(council=council)
    nominee = services.person_save(council=council, name="Tove Thomsen", email="tove@ex.org")
    services.membership_create(council=council, person=nominee, term=term, role="member", start=D(2019, 9, 1),
                               status="nominated", nominated_on=D(2019, 8, 20), seat_category=categories(council)[2])
    return dict(council=council, members=members, subs=subs, newcomer=newcomer)


# --- roster_on -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("on", "members", "substitutes"), [
    (D(2018, 3, 12), 0, 0),    # the day before the council started
    (D(2018, 3, 13), 10, 7),   # constituted
    (D(2018, 3, 30), 10, 7),   # the first substitute's last day
    (D(2018, 4, 1), 10, 6),
    (D(2018, 12, 31), 10, 6),  # a member's last day: their personal substitute's too
    (D(2019, 1, 1), 9, 5),
    (D(2019, 4, 1), 8, 5),     # per 1 April 2019: 8 members and 5 substitutes
    (D(2019, 6, 1), 9, 5),     # a new member
])
def test_roster_on_any_date(history, on, members, substitutes):
    roster = selectors.roster_on(council=history["council"], on=on)
    assert (roster.member_count, roster.substitute_count) == (members, substitutes)
    assert roster.on == on
    assert roster.guests == []


def test_roster_on_names_who_was_there(history):
    roster = selectors.roster_on(council=history["council"], on=D(2019, 4, 1))
    names = {e.membership.person.name for e in roster.members}
    assert names == set(NAMES) - {"Dennis Dam", "Ida Iversen"}
    assert "Karin Kjær" not in {e.membership.person.name for e in roster.substitutes}


def test_roster_entries_carry_positions_and_personal_substitutes(history):
    council = history["council"]
    before = selectors.roster_on(council=council, on=D(2018, 4, 9))
    after = selectors.roster_on(council=council, on=D(2018, 4, 10))
    by_name = {e.membership.person.name: e for e in after.members}
    assert by_name["Anne Andersen"].positions == ["Formand"]
    assert by_name["Frank Frost"].positions == ["Næstformand"]
    assert by_name["Bo Bach"].positions == []
    assert all(e.positions == [] for e in before.members)
    # Anne's substitute withdrew on 30 March; Bo's is still there.
    assert by_name["Anne Andersen"].substitutes == []
    assert [s.person.name for s in by_name["Bo Bach"].substitutes] == ["Lars Lund"]
    assert by_name["Henrik Holm"].substitutes == []  # only seven had a substitute


def test_roster_orders_members_by_seat_then_name(history):
    roster = selectors.roster_on(council=history["council"], on=D(2018, 5, 1))
    positions = [e.membership.seat_category.position for e in roster.members]
    assert positions == sorted(positions)
    lived = [e.membership.person.name for e in roster.members if e.membership.seat_category.position == 0]
    assert lived == sorted(lived)


def test_roster_lists_pending_nominations_apart(history):
    roster = selectors.roster_on(council=history["council"], on=D(2019, 10, 1))
    assert [m.person.name for m in roster.nominated] == ["Tove Thomsen"]
    assert "Tove Thomsen" not in {e.membership.person.name for e in roster.members}


def test_roster_on_uses_three_queries_whatever_the_size(history, django_assert_num_queries):
    with django_assert_num_queries(3):
        roster = selectors.roster_on(council=history["council"], on=D(2019, 4, 1))
        [(e.membership.person.name, e.membership.seat_category, e.substitutes) for e in roster.members]


def test_roster_on_defaults_to_today(make_council, add_member):
    council = make_council(term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))
    today = timezone.localdate()
    add_member(council, "Anne Andersen", start=D(2026, 1, 1))
    roster = selectors.roster_on(council=council, on=today)
    assert roster.on == today
    assert roster.member_count == 1


# --- roster_changes ---------------------------------------------------------------------------------------

def test_roster_changes_over_the_first_two_years(history):
    changes = selectors.roster_changes(council=history["council"], start=D(2018, 3, 1), end=D(2019, 12, 31))
    kinds = [c.kind for c in changes]
    assert kinds.count("joined") == 18       # ten members, seven substitutes and the newcomer
    assert kinds.count("left") == 4          # a substitute, two members and the first one's substitute
    assert kinds.count("position_started") == 2
    assert kinds.count("position_ended") == 0
    assert [c.date for c in changes] == sorted(c.date for c in changes)
    assert "Tove Thomsen" not in {c.person_name for c in changes}  # a nomination is not a change yet


def test_roster_changes_describe_each_change_in_danish(history):
    changes = selectors.roster_changes(council=history["council"], start=D(2019, 1, 1), end=D(2019, 6, 30))
    assert [(c.date, c.kind, c.person_name, c.description) for c in changes] == [
        (D(2019, 2, 28), "left", "Ida Iversen", "udtrådt som medlem: fraflyttet kommunen"),
        (D(2019, 6, 1), "joined", "Ole Olesen", "indtrådt som medlem"),
    ]


def test_roster_changes_include_both_end_dates(history):
    council = history["council"]
    day = selectors.roster_changes(council=council, start=D(2018, 12, 31), end=D(2018, 12, 31))
    # Dennis left, and his personal substitute's seat ended with his.
    assert [(c.kind, c.person_name) for c in day] == [("left", "Dennis Dam"), ("left", "Niels Nørgaard")]
    assert selectors.roster_changes(council=council, start=D(2019, 3, 1), end=D(2019, 5, 31)) == []


def test_roster_changes_record_a_new_chair(history):
    council = history["council"]
    services.position_assign(council=council, person=history["members"][1].person, kind="chair",
                             start=D(2020, 4, 1))
    changes = selectors.roster_changes(council=council, start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert [(c.date, c.kind, c.person_name, c.description) for c in changes] == [
        (D(2020, 3, 31), "position_ended", "Anne Andersen", "fratrådt som formand"),
        (D(2020, 4, 1), "position_started", "Bo Bach", "valgt som formand"),
    ]


# --- composition --------------------------------------------------------------------------------------------

ON = D(2026, 6, 1)


def codes(comp):
    return [w.code for w in comp.warnings]


def test_correct_composition_gives_no_warnings(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1))
    comp = selectors.composition(council=council, on=ON)
    assert comp.warnings == []
    assert (comp.members, comp.substitutes, comp.lived_experience) == (10, 10, 5)
    assert comp.lived_experience_percent == 50
    assert all(s.ok for s in comp.seats)
    assert [(s.category.name, s.filled) for s in comp.seats] == [
        ("Borgere med erfaring som socialt udsat", 5), ("Medlemmer af kommunalbestyrelsen", 2),
        ("Sagkyndige", 2), ("Personligt udpeget med særlig indsigt", 1)]
    assert comp.without_substitute == [] and comp.uncategorised == []
    assert comp.term == Term.objects.get(council=council)


def test_vacant_seat_and_too_few_members(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1), skip=1)
    comp = selectors.composition(council=council, on=ON)
    assert codes(comp) == ["vacant", "too_few"]
    assert [w.message for w in comp.warnings] == [
        "“Personligt udpeget med særlig indsigt” mangler 1 medlem.",
        "Rådet har 9 medlemmer, men skal have mindst 10."]
    vacant = [s for s in comp.seats if not s.ok]
    assert [(s.category.name, s.vacant, s.over) for s in vacant] == [("Personligt udpeget med særlig indsigt", 1, 0)]


def test_several_vacancies_use_the_plural(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1), names=NAMES[:3])
    comp = selectors.composition(council=council, on=ON)
    assert "“Borgere med erfaring som socialt udsat” mangler 2 medlemmer." in [w.message for w in comp.warnings]
    assert "“Sagkyndige” mangler 2 medlemmer." in [w.message for w in comp.warnings]


def test_over_filled_seat_and_too_many_members(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1))
    extra = add_member(council, "Xenia Ekstra", seat="Sagkyndige")
    add_member(council, "Yrsa Ekstra", role="substitute", substitute_for=extra)
    comp = selectors.composition(council=council, on=ON)
    assert codes(comp) == ["over", "too_many"]
    assert [w.message for w in comp.warnings] == [
        "“Sagkyndige” har 1 medlem for meget.", "Rådet har 11 medlemmer, men må højst have 10."]


def test_lived_experience_share_against_one_third(make_council, add_member):
    # Odense 3/3/3: only the user seats count as lived experience; minimum 33 % by default.
    council = make_council(preset="odense333")
    services.rules_update(council=council, actor=None, valid_from=D(2026, 1, 1), substitute_mode="pool")
    fill(council, add_member, start=D(2026, 2, 1), with_substitutes=False)  # 3 + 3 + 3
    comp = selectors.composition(council=council, on=ON)
    assert (comp.members, comp.lived_experience) == (9, 3)
    assert comp.warnings == []  # exactly one third

    add_member(council, "Ulrik Udefra", seat="Fagpersoner")  # 3 of 10
    comp = selectors.composition(council=council, on=ON)
    assert codes(comp) == ["lived_experience"]
    assert comp.warnings[0].message == (
        "Kun 3 af 10 medlemmer (30 %) har erfaring som socialt udsat. Den nationale anbefaling er mindst en "
        "tredjedel.")

    # A member with lived experience in another seat counts too.
    add_member(council, "Vibeke Vestergaard", seat="Personligt udpegede", lived=True)
    comp = selectors.composition(council=council, on=ON)
    assert comp.lived_experience == 4
    assert "lived_experience" not in codes(comp)


def test_members_without_personal_substitute(make_council, add_member):
    council = make_council(preset="albertslund2018")
    members, subs = fill(council, add_member, start=D(2026, 2, 1))
    services.membership_end(membership=subs[0], end=D(2026, 4, 30), reason=EndReason.WITHDREW)
    services.membership_end(membership=subs[4], end=D(2026, 4, 30), reason=EndReason.WITHDREW)
    comp = selectors.composition(council=council, on=ON)
    assert codes(comp) == ["no_substitute"]
    assert comp.warnings[0].message == "2 medlemmer har ingen personlig suppleant."
    assert {m.pk for m in comp.without_substitute} == {members[0].pk, members[4].pk}
    # Before the withdrawals everybody had one.
    assert selectors.composition(council=council, on=D(2026, 4, 30)).warnings == []


def test_pooled_substitutes_give_no_substitute_warning(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1), with_substitutes=False)
    assert codes(selectors.composition(council=council, on=ON)) == ["no_substitute"]
    services.rules_update(council=council, actor=None, valid_from=D(2026, 5, 1), substitute_mode="pool")
    comp = selectors.composition(council=council, on=ON)
    assert comp.warnings == []
    assert comp.without_substitute == []


def test_member_without_seat_category_is_flagged(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1), skip=1)
    person = services.person_save(council=council, name="Zenia Zeng", email="z@ex.org")
    m = services.membership_create(council=council, person=person, term=Term.objects.get(council=council),
                                   role="member", start=D(2026, 2, 1))
    add_member(council, "Aase Aagaard", role="substitute", substitute_for=m)
    comp = selectors.composition(council=council, on=ON)
    assert codes(comp) == ["vacant", "uncategorised"]
    assert comp.uncategorised == [m]
    assert comp.members == 10


def test_composition_follows_the_rules_in_force_on_the_date(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1))
    services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1), members_min=12, members_max=14)
    assert selectors.composition(council=council, on=ON).warnings == []
    later = selectors.composition(council=council, on=D(2027, 1, 1))
    assert codes(later) == ["too_few"]
    assert (later.members_min, later.members_max) == (12, 14)


def test_empty_council_reports_every_vacancy(make_council):
    council = make_council(preset="albertslund2018")
    comp = selectors.composition(council=council, on=ON)
    assert comp.members == 0
    assert comp.lived_experience_percent == 0
    assert codes(comp) == ["vacant"] * 4 + ["too_few"]


# --- public_members and the directory -----------------------------------------------------------------------

def test_public_members_only_names_who_consented(make_council, add_member):
    council = make_council(preset="albertslund2018")
    a = add_member(council, "Anne Andersen", seat="Borgere med erfaring som socialt udsat", lived=True)
    add_member(council, "Bo Bach", seat="Borgere med erfaring som socialt udsat", lived=True, publish=False)
    c = add_member(council, "Camilla Christiansen", seat="Medlemmer af kommunalbestyrelsen",
                   public_title="Kommunalbestyrelsesmedlem")
    add_member(council, "Dorte Dam", role="substitute", substitute_for=a)
    add_member(council, "Erik Eriksen", role="substitute", substitute_for=c, publish=False)
    public = selectors.public_members(council=council, on=ON)
    assert [p.name for p in public] == ["Anne Andersen", "Camilla Christiansen", "Dorte Dam"]
    assert [p.role for p in public] == ["Medlem", "Medlem", "Suppleant"]
    assert public[1].title == "Kommunalbestyrelsesmedlem"


def test_public_members_never_reveal_seat_categories_or_lived_experience(make_council, add_member):
    council = make_council(preset="albertslund2018")
    fill(council, add_member, start=D(2026, 2, 1))
    seat_names = set(SeatCategory.objects.filter(council=council).values_list("name", flat=True))
    public = selectors.public_members(council=council, on=ON)
    assert len(public) == 20
    assert {f.name for f in dataclasses.fields(public[0])} == {"name", "role_key", "role", "positions", "title"}
    for p in public:
        shown = " ".join([p.name, p.role_key, p.role, p.title, *p.positions])
        assert not any(name in shown for name in seat_names), shown
        assert "udsat" not in shown.lower()


def test_public_members_put_chair_and_vice_chair_first_then_members(make_council, add_member):
    council = make_council()
    org = services.organisation_save(council=council, name="SIND")
    a = add_member(council, "Anne Andersen")
    z = add_member(council, "Zenia Zeng", organisation=org)
    m = add_member(council, "Mads Madsen")
    add_member(council, "Bo Bach", role="substitute", substitute_for=a)
    services.position_assign(council=council, person=z.person, kind="chair", start=D(2026, 3, 1))
    services.position_assign(council=council, person=m.person, kind="vice_chair", start=D(2026, 3, 1))
    public = selectors.public_members(council=council, on=ON)
    assert [(p.name, p.positions) for p in public] == [
        ("Zenia Zeng", ["Formand"]), ("Mads Madsen", ["Næstformand"]), ("Anne Andersen", []), ("Bo Bach", [])]
    assert public[0].title == "SIND"  # the organisation when there is no public title


def test_public_members_leave_out_ended_and_nominated(make_council, add_member):
    council = make_council()
    gone = add_member(council, "Anne Andersen")
    services.membership_end(membership=gone, end=D(2026, 4, 1), reason=EndReason.WITHDREW)
    person = services.person_save(council=council, name="Nina Nomineret", email="n@ex.org", publish_name=True)
    services.membership_create(council=council, person=person, term=gone.term, role="member", start=D(2026, 2, 1),
                               status="nominated")
    assert selectors.public_members(council=council, on=ON) == []
    assert [p.name for p in selectors.public_members(council=council, on=D(2026, 3, 1))] == ["Anne Andersen"]


def test_member_directory_lists_everyone_running_by_role_and_name(make_council, add_member):
    council = make_council()
    b = add_member(council, "Bo Bach", publish=False)
    add_member(council, "Anne Andersen")
    add_member(council, "Carl Clausen", role="substitute", substitute_for=b)
    add_member(council, "Gerda Gæst", role="guest")
    gone = add_member(council, "Dora Dam")
    services.membership_end(membership=gone, end=D(2026, 3, 1), reason=EndReason.MOVED)
    directory = selectors.member_directory(council=council, on=ON)
    assert [(m.role, m.person.name) for m in directory] == [
        ("guest", "Gerda Gæst"), ("member", "Anne Andersen"), ("member", "Bo Bach"),
        ("substitute", "Carl Clausen")]


# --- Terms -----------------------------------------------------------------------------------------------------

def test_term_on_picks_the_running_then_the_next_then_the_latest(make_council):
    council = make_council(term_start=D(2026, 1, 1), term_end=D(2029, 12, 31))
    current = Term.objects.get(council=council)
    old = services.term_create(council=council, name="2018–2021", start=D(2018, 1, 1), end=D(2021, 12, 31))
    assert selectors.term_on(council=council, on=D(2019, 1, 1)) == old
    assert selectors.term_on(council=council, on=D(2027, 1, 1)) == current
    assert selectors.term_on(council=council, on=D(2023, 1, 1)) == current  # the gap: the next one
    assert selectors.term_on(council=council, on=D(2040, 1, 1)) == current  # after all: the latest
    assert selectors.term_on(council=council, on=D(2000, 1, 1)) == old


# --- Tenancy ---------------------------------------------------------------------------------------------------

@pytest.fixture
def two_councils(make_council, add_member):
    data = {}
    for slug, prefix in (("a", "Alfa"), ("b", "Beta")):
        council = make_council(slug, preset="albertslund2018")
        members, subs = fill(council, add_member, start=D(2026, 2, 1),
                             names=[f"{prefix} {n}" for n in NAMES])
        services.position_assign(council=council, person=members[0].person, kind="chair", start=D(2026, 3, 1))
        org = services.organisation_save(council=council, name=f"{prefix} forening")
        call = services.call_save(council=council, term=Term.objects.get(council=council), title=f"{prefix} opslag",
                                  text="Stil op.", deadline=timezone.now() + dt.timedelta(days=10), published=False)
        cand = services.candidacy_submit(call=services.call_save(council=council, instance=call, published=True),
                                         name=f"{prefix} Kandidat", email="k@ex.org", motivation="Jeg vil gerne.")
        data[slug] = dict(council=council, members=members, subs=subs, org=org, call=call, candidacy=cand)
    return data


def test_selectors_for_one_council_never_return_another_councils_rows(two_councils):
    a, b = two_councils["a"], two_councils["b"]
    council = a["council"]

    def names(rows):
        return {getattr(r, "name", None) or r.person.name for r in rows}

    everything = set()
    everything |= {e.membership.person.name for e in selectors.roster_on(council=council, on=ON).members}
    everything |= {e.membership.person.name for e in selectors.roster_on(council=council, on=ON).substitutes}
    everything |= names(selectors.member_directory(council=council, on=ON))
    everything |= names(selectors.public_members(council=council, on=ON))
    everything |= names(selectors.people(council=council))
    everything |= {c.person_name for c in selectors.roster_changes(council=council, start=D(2026, 1, 1),
                                                                     end=D(2026, 12, 31))}
    everything |= set(selectors.organisations(council=council).values_list("name", flat=True))
    everything |= set(selectors.calls(council=council).values_list("title", flat=True))
    everything |= set(selectors.candidacies(council=council, call=a["call"]).values_list("name", flat=True))
    assert len(everything) > 20
    assert all("Alfa" in n for n in everything), sorted(n for n in everything if "Alfa" not in n)
    assert not selectors.candidacies(council=council, call=b["call"]).exists()

    comp = selectors.composition(council=council, on=ON)
    assert (comp.members, comp.substitutes) == (10, 10)
    assert all(s.category.council_id == council.pk for s in comp.seats)
    assert selectors.rules_in_force(council=council, on=ON).council_id == council.pk
    assert {t.council_id for t in selectors.terms(council=council)} == {council.pk}


def _pk(getter, data):
    return {
        "membership": lambda: data["members"][0].pk,
        "person": lambda: data["members"][0].person_id,
        "call": lambda: data["call"].pk,
        "term": lambda: Term.objects.get(council=data["council"]).pk,
        "candidacy": lambda: data["candidacy"].pk,
    }[getter]()


@pytest.mark.parametrize("getter", ["membership", "person", "call", "term", "candidacy"])
def test_getting_another_councils_object_by_pk_is_not_found(two_councils, getter):
    a, b = two_councils["a"], two_councils["b"]
    council = a["council"]
    get = {
        "membership": lambda pk: selectors.membership_get(council=council, pk=pk),
        "person": lambda pk: selectors.person_get(council=council, pk=pk),
        "call": lambda pk: selectors.call_get(council=council, pk=pk),
        "term": lambda pk: selectors.term_get(council=council, pk=pk),
        "candidacy": lambda pk: selectors.candidacy_get(council=council, call=a["call"], pk=pk),
    }[getter]
    own, foreign = _pk(getter, a), _pk(getter, b)
    assert own != foreign
    assert get(own).pk == own
    with pytest.raises(Http404):
        get(foreign)


def test_candidacy_of_another_call_in_the_same_council_is_not_found(two_councils):
    a = two_councils["a"]
    other_call = services.call_save(council=a["council"], term=a["call"].term, title="Andet opslag", text="Tekst",
                                    deadline=timezone.now() + dt.timedelta(days=5), published=True)
    with pytest.raises(Http404):
        selectors.candidacy_get(council=a["council"], call=other_call, pk=a["candidacy"].pk)


def test_unpublished_call_is_not_found_when_only_published_are_asked_for(two_councils):
    a = two_councils["a"]
    call = services.call_save(council=a["council"], term=a["call"].term, title="Kladde", text="Tekst",
                              deadline=timezone.now() + dt.timedelta(days=5), published=False)
    assert selectors.call_get(council=a["council"], pk=call.pk) == call
    with pytest.raises(Http404):
        selectors.call_get(council=a["council"], pk=call.pk, published_only=True)
    assert call not in selectors.published_calls(council=a["council"])


def test_councils_for_user(two_councils, make_user):
    a, b = two_councils["a"], two_councils["b"]
    member, secretary, admin, nobody = make_user(), make_user(), make_user(superuser=True), make_user()
    person = a["members"][1].person
    services.person_save(council=a["council"], instance=person, user=member)
    services.council_secretary_add(council=b["council"], user=secretary)
    assert selectors.councils_for_user(user=member) == [a["council"]]
    assert selectors.councils_for_user(user=secretary) == [b["council"]]
    assert set(selectors.councils_for_user(user=admin)) == {a["council"], b["council"]}
    assert selectors.councils_for_user(user=nobody) == []


def test_memberships_for_person_stay_in_the_council(two_councils):
    a = two_councils["a"]
    person = a["members"][0].person
    rows = list(selectors.memberships_for_person(council=a["council"], person=person))
    assert rows == [a["members"][0]]
    assert not selectors.memberships_for_person(council=two_councils["b"]["council"], person=person).exists()
    assert Membership.objects.filter(person=person).count() == 1
