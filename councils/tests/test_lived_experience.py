"""The share of members with lived experience: the composition always holds the council against the
national recommendation (at least a third); a council may set a lower minimum of its own only with a
recorded reason, and the page shows both. Ishøj's 2 of 10 warns."""

import datetime as dt

import pytest

from core.errors import ApplicationError
from councils import selectors, services
from councils.models import RulesOfProcedure, SeatCategory, Term

pytestmark = pytest.mark.django_db

D = dt.date
ON = D(2026, 6, 1)


def fill(council, add_member):
    """One member per minimum seat; lived experience only in the seats that count as such."""
    n = 0
    for cat in SeatCategory.objects.filter(council=council).order_by("position"):
        for _ in range(cat.min_seats):
            n += 1
            add_member(council, f"Medlem {n} Hansen", seat=cat.name, lived=cat.lived_experience,
                       email=f"m{n}@ex.org")


def codes(comp):
    return [w.code for w in comp.warnings]


def test_ishoej_two_of_ten_warns_against_the_national_recommendation(make_council, add_member):
    council = make_council("ishoej", preset="ishoej2015")
    fill(council, add_member)
    comp = selectors.composition(council=council, on=ON)
    assert (comp.members, comp.lived_experience, comp.lived_experience_percent) == (10, 2, 20)
    lived = [w for w in comp.warnings if w.code.startswith("lived_experience")]
    assert [(w.code, w.message) for w in lived] == [(
        "lived_experience",
        "Kun 2 af 10 medlemmer (20 %) har erfaring som socialt udsat. Den nationale anbefaling er mindst en "
        "tredjedel.")]
    # Its own lower minimum (20 %) is met, and recorded with a reason.
    assert comp.lived_experience_min_percent == 20 and comp.own_minimum_is_lower
    assert comp.lived_experience_min_reason.startswith("Rammerne fra 2015 giver brugerne 2 af de 10 pladser.")


def test_the_composition_page_shows_the_recommendation_the_own_minimum_and_its_reason(
        make_council, add_member, make_user, client):
    secretary = make_user("sek@ishoej.dk")
    council = make_council("ishoej", preset="ishoej2015", secretary=secretary)
    fill(council, add_member)
    client.force_login(secretary)
    page = client.get(f"/ishoej/intern/sammensaetning/?dato={ON:%Y-%m-%d}").content.decode()
    assert 'data-code="lived_experience"' in page
    assert "Mindst en tredjedel af medlemmerne har selv erfaring som socialt udsat." in page
    assert "20 % af medlemmerne – lavere end den nationale anbefaling" in page
    assert "Rammerne fra 2015 giver brugerne 2 af de 10 pladser." in page


def test_every_udsatteraad_page_shows_the_national_recommendation(make_council, make_user, client):
    secretary = make_user("sek@albertslund.dk")
    make_council("albertslund", preset="albertslund2018", secretary=secretary)
    client.force_login(secretary)
    page = client.get("/albertslund/intern/sammensaetning/").content.decode()
    assert "Mindst en tredjedel af medlemmerne har selv erfaring som socialt udsat." in page
    assert "33 % af medlemmerne</dd>" in page  # its own minimum is the recommendation: no reason needed
    assert 'data-testid="own-minimum-reason"' not in page


def test_a_lower_own_minimum_needs_a_reason(make_council):
    council = make_council(preset="albertslund2018")
    with pytest.raises(ApplicationError) as excinfo:
        services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1),
                              lived_experience_min_percent=25)
    assert excinfo.value.field == "lived_experience_min_reason"
    assert excinfo.value.message == (
        "Skriv en begrundelse: rådets minimum på 25 % er lavere end den nationale anbefaling på mindst en "
        "tredjedel.")
    for blank in ("", "   \n"):
        with pytest.raises(ApplicationError):
            services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1),
                                  lived_experience_min_percent=25, lived_experience_min_reason=blank)
    assert RulesOfProcedure.objects.filter(council=council).count() == 1
    rules = services.rules_update(council=council, actor=None, valid_from=D(2027, 1, 1),
                                  lived_experience_min_percent=25,
                                  lived_experience_min_reason="Brugerorganisationerne har tre pladser.")
    # The next version keeps the reason with the minimum.
    later = services.rules_update(council=council, actor=None, valid_from=D(2028, 1, 1), meetings_per_year=6)
    assert (later.lived_experience_min_percent, later.lived_experience_min_reason) == (
        25, rules.lived_experience_min_reason)


def test_the_rules_form_asks_for_the_reason_and_keeps_what_was_typed(make_council, make_user, client):
    secretary = make_user("sek@albertslund.dk")
    council = make_council("albertslund", preset="albertslund2018", secretary=secretary)
    client.force_login(secretary)
    url = "/albertslund/intern/regler/forretningsorden/"
    current = RulesOfProcedure.objects.get(council=council)
    data = {name: getattr(current, name) for name in RulesOfProcedure.CONFIG_FIELDS}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    data.update(valid_from="2027-01-01", lived_experience_min_percent="20", meetings_per_year="5",
                lived_experience_min_reason="")
    response = client.post(url, data)
    page = response.content.decode()
    assert "Skriv en begrundelse: rådets minimum på 20 % er lavere end den nationale anbefaling" in page
    assert 'name="meetings_per_year" value="5"' in page  # nothing typed is lost
    assert RulesOfProcedure.objects.filter(council=council).count() == 1
    data["lived_experience_min_reason"] = "Rådet har få pladser til brugere, men to brugerorganisationer."
    assert client.post(url, data).status_code == 302
    assert RulesOfProcedure.objects.filter(council=council).count() == 2


def test_an_own_minimum_above_the_recommendation_warns_on_its_own(make_council, add_member):
    council = make_council("randers", preset="randers")  # users only: own minimum 100 %
    services.rules_update(council=council, actor=None, valid_from=D(2026, 1, 1), members_min=1,
                          substitute_mode="pool")
    services.seat_category_save(council=council, term=Term.objects.get(council=council), name="Fagpersoner",
                                min_seats=0, max_seats=2)
    add_member(council, "Anne Bruger", lived=True)
    add_member(council, "Bo Fagperson", seat="Fagpersoner")
    comp = selectors.composition(council=council, on=ON)
    lived = [w for w in comp.warnings if w.code.startswith("lived_experience")]
    assert [w.code for w in lived] == ["lived_experience_own"]  # 1 of 2 meets the national third
    assert lived[0].message == (
        "Kun 1 af 2 medlemmer (50 %) har erfaring som socialt udsat. Rådets eget minimum er 100 %.")


def test_a_handicapraad_is_not_held_to_the_udsatteraad_recommendation(make_council, add_member):
    council = make_council("handicap", preset="handicapraad")
    add_member(council, "Hanne Handicap", seat="Indstillet af Danske Handicaporganisationer")
    comp = selectors.composition(council=council, on=ON)
    assert not comp.national_recommendation
    assert not [w for w in comp.warnings if w.code.startswith("lived_experience")]
