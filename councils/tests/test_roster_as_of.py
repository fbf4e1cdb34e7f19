"""The roster as of a date: a personal substitute's seat ends with their member's (unless they move
up or are attached to another member, which is recorded), nominees are awaiting appointment only from
their nomination date, and another day's roster offers no actions."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from councils import selectors, services
from councils.models import EndReason, Membership, SubstituteOutcome, Term

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def council(make_council):
    return make_council("raadet", term_start=D(2018, 3, 13), term_end=D(2021, 12, 31))


START = D(2018, 3, 13)


def member_with_substitute(council, add_member, name, *, start=START):
    member = add_member(council, name, start=start)
    substitute = add_member(council, f"Suppleant for {name}", role="substitute", substitute_for=member, start=start)
    return member, substitute


def names(entries):
    return sorted(e.membership.person.name for e in entries)


# --- A substitute's seat follows the member's ----------------------------------------------------------

def test_a_personal_substitute_leaves_with_their_member(council, add_member):
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    services.membership_end(membership=member, end=D(2019, 2, 28), reason=EndReason.WITHDREW)
    substitute.refresh_from_db()
    assert (substitute.end, substitute.end_reason) == (D(2019, 2, 28), EndReason.MEMBER_LEFT)
    assert selectors.roster_on(council=council, on=D(2019, 2, 28)).substitute_count == 1
    after = selectors.roster_on(council=council, on=D(2019, 4, 1))
    assert (after.member_count, after.substitute_count) == (0, 0)


def test_at_the_end_of_the_term_the_substitute_leaves_because_the_term_ended(council, add_member):
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    services.membership_end(membership=member, end=D(2021, 12, 31), reason=EndReason.TERM_ENDED)
    substitute.refresh_from_db()
    assert substitute.end_reason == EndReason.TERM_ENDED
    # The cascade is recorded, so ending the substitute again is refused rather than silently overwritten.
    with pytest.raises(ApplicationError, match="allerede afsluttet"):
        services.membership_end(membership=substitute, end=D(2021, 12, 31), reason=EndReason.TERM_ENDED)


def test_a_substitute_can_move_up_and_take_the_seat(council, add_member):
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    services.membership_end(membership=member, end=D(2019, 2, 28), reason=EndReason.MOVED,
                            substitute_outcome=SubstituteOutcome.MOVE_UP)
    substitute.refresh_from_db()
    assert (substitute.end, substitute.end_reason) == (D(2019, 2, 28), EndReason.BECAME_MEMBER)
    new_seat = Membership.objects.get(person=substitute.person, role="member")
    assert (new_seat.start, new_seat.seat_category_id) == (D(2019, 3, 1), member.seat_category_id)
    before = selectors.roster_on(council=council, on=D(2019, 2, 28))
    after = selectors.roster_on(council=council, on=D(2019, 3, 1))
    assert names(before.members) == ["Anne Andersen"] and names(before.substitutes) == ["Suppleant for Anne Andersen"]
    assert names(after.members) == ["Suppleant for Anne Andersen"] and after.substitutes == []


def test_a_substitute_can_be_attached_to_another_member(council, add_member):
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    other = add_member(council, "Bo Bach", start=D(2018, 3, 13))
    services.membership_end(membership=member, end=D(2019, 2, 28), reason=EndReason.WITHDREW,
                            substitute_outcome=SubstituteOutcome.ATTACH, substitute_new_member=other)
    roster = selectors.roster_on(council=council, on=D(2019, 3, 1))
    assert [(e.membership.person.name, [s.person.name for s in e.substitutes]) for e in roster.members] == [
        ("Bo Bach", ["Suppleant for Anne Andersen"])]
    # Both periods stay on record: for Anne until her last day, for Bo from the next.
    periods = Membership.objects.filter(person=substitute.person).order_by("start")
    assert [(m.substitute_for.person.name, m.start, m.end) for m in periods] == [
        ("Anne Andersen", D(2018, 3, 13), D(2019, 2, 28)), ("Bo Bach", D(2019, 3, 1), None)]


def test_attaching_needs_a_member_without_a_substitute(council, add_member):
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    other, _ = member_with_substitute(council, add_member, "Bo Bach")
    for new_member, message in ((None, "Vælg det medlem"), (other, "har allerede en personlig suppleant"),
                                (member, "Vælg et medlem, der sidder i rådet")):
        with pytest.raises(ApplicationError, match=message) as excinfo:
            services.membership_end(membership=member, end=D(2019, 2, 28), reason=EndReason.WITHDREW,
                                    substitute_outcome=SubstituteOutcome.ATTACH, substitute_new_member=new_member)
        assert excinfo.value.field == "substitute_new_member"
    member.refresh_from_db()
    assert member.end is None  # nothing was written


def test_the_withdrawal_page_asks_what_becomes_of_the_substitute(council, add_member, client, make_user):
    secretary = make_user()
    services.council_secretary_add(council=council, user=secretary)
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    other = add_member(council, "Bo Bach", start=D(2018, 3, 13))
    client.force_login(secretary)
    url = reverse("councils:membership_end", args=[council.slug, member.pk])
    page = client.get(url).content.decode()
    assert "Hvad sker der med suppleanten Suppleant for Anne Andersen?" in page
    response = client.post(url, {"end": "2019-02-28", "reason": "withdrew", "substitute_outcome": "attach"})
    assert response.status_code in (200, 400)
    assert "Vælg det medlem, suppleanten skal være suppleant for." in response.content.decode()
    member.refresh_from_db()
    assert member.end is None
    response = client.post(url, {"end": "2019-02-28", "reason": "withdrew", "substitute_outcome": "attach",
                                 "substitute_new_member": other.pk})
    assert response.status_code == 302
    assert Membership.objects.get(person=substitute.person, end__isnull=True).substitute_for == other


# --- Nominees -------------------------------------------------------------------------------------------

def test_a_nominee_awaits_appointment_only_from_the_nomination(council):
    term = Term.objects.get(council=council)
    person = services.person_save(council=council, name="Lene Vinding", email="lene@ex.org")
    nomination = services.membership_create(council=council, person=person, term=term, role="member",
                                            start=D(2019, 4, 1), status="nominated", nominated_on=D(2019, 3, 25))

    def nominated(day):
        return [m.person.name for m in selectors.roster_on(council=council, on=day).nominated]

    assert nominated(D(2018, 6, 1)) == [] and nominated(D(2019, 3, 24)) == []
    assert nominated(D(2019, 3, 25)) == ["Lene Vinding"]
    services.membership_appoint(membership=nomination, decision_date=D(2019, 5, 28), reference="KB 28.05.2019")
    nomination.refresh_from_db()
    assert nomination.start == D(2019, 5, 28)  # the seat runs from the decision
    assert nominated(D(2019, 4, 1)) == ["Lene Vinding"]  # still true of that day
    assert selectors.roster_on(council=council, on=D(2019, 4, 1)).member_count == 0
    assert nominated(D(2019, 5, 28)) == []
    assert selectors.roster_on(council=council, on=D(2019, 5, 28)).member_count == 1


def test_an_appointment_before_the_nomination_is_refused(council):
    term = Term.objects.get(council=council)
    person = services.person_save(council=council, name="Lene Vinding", email="lene@ex.org")
    nomination = services.membership_create(council=council, person=person, term=term, role="member",
                                            start=D(2019, 4, 1), status="nominated", nominated_on=D(2019, 3, 25))
    with pytest.raises(ApplicationError, match="før indstillingen den 25. marts 2019"):
        services.membership_appoint(membership=nomination, decision_date=D(2019, 3, 1), reference="KB")
    services.membership_appoint(membership=nomination, decision_date=D(2019, 5, 28), reference="KB")
    with pytest.raises(ApplicationError, match="allerede udpeget"):
        services.membership_appoint(membership=nomination, decision_date=D(2019, 6, 28), reference="KB")


# --- The roster page on another day ---------------------------------------------------------------------

def test_another_days_roster_offers_no_actions(council, add_member, client, make_user):
    secretary = make_user()
    services.council_secretary_add(council=council, user=secretary)
    member = add_member(council, "Anne Andersen", start=D(2018, 3, 13))
    client.force_login(secretary)
    url = reverse("councils:roster", args=[council.slug])
    end_url = reverse("councils:membership_end", args=[council.slug, member.pk])
    past = client.get(url, {"dato": "2019-04-01"}).content.decode()
    assert "Registrér udtræden" not in past and end_url not in past
    assert reverse("councils:member_add", args=[council.slug]) not in past
    assert "Du ser rådet, som det var sammensat den 1. april 2019." in past
    # Today's roster of the same council (its term has ended, so move it to today) keeps the actions.
    Term.objects.filter(council=council).update(end=D(2099, 12, 31))
    today = client.get(url).content.decode()
    assert end_url in today and "Du ser rådet, som det var" not in today


# --- The demo follows the 2018 annual report ------------------------------------------------------------

def test_the_demo_roster_gives_the_figures_of_the_2018_annual_report():
    """Ten members and seven personal substitutes from 13 March 2018; four substitutes left in 2018 and
    two more participants early in 2019, so on 1 April 2019 the council had 8 members and 3
    substitutes, with one newcomer nominated. The 2026 nominee is nobody's nominee in 2018–2019."""
    from councils.demo import DEMO_USERS, _user, seed_albertslund
    from councils.models import EndReason

    users = {key: _user(email, name, superuser=su) for key, (email, name, su) in DEMO_USERS.items()}
    council = seed_albertslund(users)

    def figures(day):
        roster = selectors.roster_on(council=council, on=day)
        return roster.member_count, roster.substitute_count, [m.person.name for m in roster.nominated]

    assert figures(D(2018, 3, 13)) == (10, 7, [])
    assert figures(D(2018, 12, 31)) == (10, 3, [])
    assert figures(D(2019, 4, 1)) == (8, 3, ["Lene Vinding"])
    assert figures(D(2019, 6, 1)) == (9, 3, [])
    left_2018 = selectors.roster_changes(council=council, start=D(2018, 1, 1), end=D(2018, 12, 31))
    assert [c.description.split(":")[0] for c in left_2018 if c.kind == "left"] == ["udtrådt som suppleant"] * 4
    early_2019 = [c for c in selectors.roster_changes(council=council, start=D(2019, 1, 1), end=D(2019, 3, 31))
                  if c.kind == "left"]
    assert len(early_2019) == 2
    current_nominee = Membership.objects.get(council=council, status="nominated")
    assert current_nominee.nominated_on.year == 2026
    # The two who left early in 2019 had no personal substitute, so no substitute's seat ended with theirs.
    assert EndReason.MEMBER_LEFT not in set(Membership.objects.filter(
        council=council, term__start__year=2018).values_list("end_reason", flat=True))


def test_another_days_composition_offers_no_actions(council, add_member, client, make_user):
    secretary = make_user()
    services.council_secretary_add(council=council, user=secretary)
    add_member(council, "Anne Andersen", start=D(2018, 3, 13))
    client.force_login(secretary)
    url = reverse("councils:composition", args=[council.slug])
    past = client.get(url, {"dato": "2019-04-01"}).content.decode()
    assert "Anne Andersen" in past  # without a personal substitute, listed
    assert reverse("councils:member_add", args=[council.slug]) not in past


def test_a_term_ends_every_open_membership_once(council, add_member):
    member, substitute = member_with_substitute(council, add_member, "Anne Andersen")
    guest = add_member(council, "Gitte Gregersen", role="guest", start=START)
    term = Term.objects.get(council=council)
    assert services.term_memberships_end(term=term) == 2  # the member (and with her, her substitute) and the guest
    for m in (member, substitute, guest):
        m.refresh_from_db()
        assert (m.end, m.end_reason) == (term.end, EndReason.TERM_ENDED)
    assert services.term_memberships_end(term=term) == 0


def test_a_substitute_for_a_member_who_has_left_must_end_with_them(council, add_member):
    """Found by the property test: a substitute recorded for a member who had already left would
    have stayed on the council without them."""
    member = add_member(council, "Anne Andersen", start=START)
    services.membership_end(membership=member, end=D(2018, 6, 30), reason=EndReason.WITHDREW)
    with pytest.raises(ApplicationError, match="udtrådte den 30. juni 2018") as excinfo:
        add_member(council, "Bo Bach", role="substitute", substitute_for=member, start=START)
    assert excinfo.value.field == "end"
    term = Term.objects.get(council=council)
    person = services.person_save(council=council, name="Bo Bach", email="bo@ex.org")
    recorded = services.membership_create(council=council, person=person, term=term, role="substitute", start=START,
                                          substitute_for=member, end=D(2018, 6, 30), end_reason=EndReason.MEMBER_LEFT)
    assert not recorded.is_active_on(D(2018, 7, 1))
