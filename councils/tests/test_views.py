"""Request-level tests of the secretariat's pages: bad input gets a clear Danish message and
nothing typed is lost; good input is saved and shows up where it should."""

import datetime as dt
import re

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from core.permissions import Role
from core.validators import CPR_MESSAGE
from councils import services
from councils.models import (
    Council,
    CouncilSecretary,
    Membership,
    Municipality,
    Person,
    Position,
    RulesOfProcedure,
    SeatCategory,
)

CPR = "010190-1234"  # a valid date (1 January 1990): the guard must catch it


@pytest.fixture
def secretary(make_user):
    return make_user("sekretaer@example.org", name="Sanne Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def as_secretary(client, secretary, council):
    client.force_login(secretary)
    return client


def text(response) -> str:
    return response.content.decode()


def member_add_data(council, **overrides):
    seat = SeatCategory.objects.filter(council=council, name="Sagkyndige").get()
    data = {
        "person-name": "Eva Eksempel", "person-email": "eva@example.org", "person-phone": "",
        "person-address": "", "person-preferred_channel": "email", "person-public_title": "Sagkyndig",
        "person-organisation": "", "person-notes": "",
        "membership-role": "member", "membership-seat_category": str(seat.pk), "membership-substitute_for": "",
        "membership-nominated_by": "", "membership-status": "appointed", "membership-appointment_date": "",
        "membership-appointment_reference": "KB 13.03.2026, pkt. 7", "membership-start": "2026-03-01",
    }
    data.update(overrides)
    return data


def member_add_url(council):
    return f"/{council.slug}/intern/medlemmer/ny/"


# --- Adding members -----------------------------------------------------------------------

def test_member_add_with_valid_input_creates_person_and_membership(as_secretary, council):
    response = as_secretary.post(member_add_url(council), member_add_data(council))

    assert response.status_code == 302
    assert response["Location"] == f"/{council.slug}/intern/sammensaetning/"
    person = Person.objects.get(council=council, name="Eva Eksempel")
    membership = Membership.objects.get(person=person)
    assert membership.role == "member"
    assert membership.seat_category.name == "Sagkyndige"
    assert membership.appointment_reference == "KB 13.03.2026, pkt. 7"


@pytest.mark.parametrize("field", ["notes", "address"])
def test_member_add_refuses_cpr_and_keeps_what_was_typed(as_secretary, council, field):
    typed = f"Ringede den 3. marts. CPR {CPR} står i sagen."
    response = as_secretary.post(member_add_url(council), member_add_data(council, **{f"person-{field}": typed}))

    assert response.status_code == 400
    body = text(response)
    assert str(CPR_MESSAGE) in body
    assert "Der er fejl i formularen. Intet er gemt endnu" in body
    # Everything else is still in the form, so nothing has to be typed again.
    assert 'value="Eva Eksempel"' in body
    assert 'value="eva@example.org"' in body
    assert 'value="Sagkyndig"' in body
    assert 'value="KB 13.03.2026, pkt. 7"' in body
    assert typed in body  # the offending text too, so it can be corrected rather than retyped
    assert not Person.objects.filter(name="Eva Eksempel").exists()


def test_member_add_sms_without_phone_is_refused(as_secretary, council):
    response = as_secretary.post(member_add_url(council),
                                 member_add_data(council, **{"person-preferred_channel": "sms"}))

    assert response.status_code == 400
    body = text(response)
    assert "Skriv et mobilnummer, eller vælg en anden kanal." in body
    assert 'id="id_person-phone_error"' in body  # the message sits at the phone field
    assert 'value="Eva Eksempel"' in body
    assert not Person.objects.filter(name="Eva Eksempel").exists()


def test_member_add_second_personal_substitute_is_refused(as_secretary, council, add_member):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige")
    add_member(council, "Carl Suppleant", role="substitute", substitute_for=member)

    response = as_secretary.post(member_add_url(council), member_add_data(council, **{
        "person-name": "Dorte Dobbelt", "person-email": "dorte@example.org", "membership-role": "substitute",
        "membership-seat_category": "", "membership-substitute_for": str(member.pk)}))

    assert response.status_code == 400
    body = text(response)
    assert "Bent Medlem har allerede en personlig suppleant. Afslut den først." in body
    assert 'value="Dorte Dobbelt"' in body
    # The person was saved inside the transaction that failed: nothing half-done is left.
    assert not Person.objects.filter(name="Dorte Dobbelt").exists()
    assert Membership.objects.filter(substitute_for=member).count() == 1


def test_member_add_prefills_substitute_for_from_composition_link(as_secretary, council, add_member):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige")

    response = as_secretary.get(member_add_url(council) + f"?rolle=substitute&for={member.pk}")

    body = text(response)
    assert response.status_code == 200
    assert re.search(rf'<option value="{member.pk}" selected>Bent Medlem</option>', body)
    assert re.search(r'value="substitute"[^>]* checked', body)


# --- Creating a council ---------------------------------------------------------------------

@pytest.fixture
def municipality_staff(make_user):
    user = make_user("medarbejder@kommune.dk", name="Mette Medarbejder")
    municipality = Municipality.objects.create(name="Sydby", slug="sydby-kommune")
    municipality.staff.add(user)
    return user, municipality


def council_create_data(municipality, **overrides):
    data = {"municipality": str(municipality.pk), "preset": "albertslund2018", "name": "Udsatterådet i Sydby",
            "slug": "sydby", "term_start": "", "term_end": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("slug", ["konto", "healthz", "tilgaengelighed", "raad", "django-admin"])
def test_council_create_refuses_reserved_slug(client, municipality_staff, slug):
    user, municipality = municipality_staff
    client.force_login(user)

    response = client.post("/raad/nyt/", council_create_data(municipality, slug=slug))

    assert response.status_code == 400
    body = text(response)
    assert "Adressen er reserveret af systemet. Vælg en anden." in body
    assert 'value="Udsatterådet i Sydby"' in body
    assert not Council.objects.filter(slug=slug).exists()


def test_council_create_refuses_taken_slug(client, municipality_staff, council):
    user, municipality = municipality_staff
    client.force_login(user)

    response = client.post("/raad/nyt/", council_create_data(municipality, slug=council.slug.upper()))

    assert response.status_code == 400
    assert "Adressen er allerede i brug. Vælg en anden." in text(response)
    assert Council.objects.filter(slug=council.slug).count() == 1
    assert not Council.objects.filter(name="Udsatterådet i Sydby").exists()


def test_council_create_from_preset_makes_the_creator_secretary(client, municipality_staff):
    user, municipality = municipality_staff
    client.force_login(user)

    response = client.post("/raad/nyt/", council_create_data(municipality))

    assert response.status_code == 302
    assert response["Location"] == "/sydby/intern/sammensaetning/"
    council = Council.objects.get(slug="sydby")
    assert council.municipality == municipality
    assert CouncilSecretary.objects.filter(council=council, user=user).exists()
    assert list(SeatCategory.objects.filter(council=council).values_list("name", flat=True)) == [
        "Borgere med erfaring som socialt udsat", "Medlemmer af kommunalbestyrelsen", "Sagkyndige",
        "Personligt udpeget med særlig indsigt"]

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert Role.SECRETARIAT in page.wsgi_request.access.roles
    assert "Rådet er oprettet. Tilføj nu medlemmer og suppleanter." in text(page)
    assert "“Sagkyndige” mangler 2 medlemmer." in text(page)


def test_council_create_refused_for_users_without_a_municipality(client, make_user):
    client.force_login(make_user())
    response = client.get("/raad/nyt/")
    assert response.status_code == 403
    assert "Ingen adgang" in text(response)


def test_council_create_cannot_pick_another_municipality(client, municipality_staff):
    user, _municipality = municipality_staff
    other = Municipality.objects.create(name="Nordby", slug="nordby-kommune")
    client.force_login(user)

    response = client.post("/raad/nyt/", council_create_data(other))

    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in text(response)
    assert not Council.objects.filter(slug="sydby").exists()


# --- Ending a membership --------------------------------------------------------------------

def test_membership_end_is_saved_and_the_roster_shows_it(as_secretary, council, add_member):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige", start=dt.date(2026, 2, 1))
    end = timezone.localdate() - dt.timedelta(days=1)

    response = as_secretary.post(f"/{council.slug}/intern/medlemskaber/{member.pk}/afslut/",
                                 {"end": end.isoformat(), "reason": "moved", "note": "Flyttet til Aarhus"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.end, member.end_reason, member.end_note) == (end, "moved", "Flyttet til Aarhus")

    roster_url = f"/{council.slug}/intern/medlemmer/"
    today = text(as_secretary.get(roster_url))
    assert "Bent Medlem" not in today
    assert "havde rådet 0 medlemmer" in today
    before = text(as_secretary.get(roster_url, {"dato": end.isoformat()}))
    assert "Bent Medlem" in before
    assert "havde rådet 1 medlem " in before
    changes = text(as_secretary.get(f"{roster_url}aendringer/", {"fra": "2026-01-01", "til": end.isoformat()}))
    assert "udtrådt som medlem: fraflyttet kommunen" in changes


def test_membership_end_before_start_is_refused(as_secretary, council, add_member):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige", start=dt.date(2026, 2, 1))

    response = as_secretary.post(f"/{council.slug}/intern/medlemskaber/{member.pk}/afslut/",
                                 {"end": "2026-01-15", "reason": "withdrew", "note": "Skrevet med omhu"})

    assert response.status_code == 400
    assert "Slutdatoen kan ikke ligge før startdatoen." in text(response)
    assert "Skrevet med omhu" in text(response)
    member.refresh_from_db()
    assert member.end is None


# --- Rules and positions --------------------------------------------------------------------

def rules_data(council, **overrides):
    current = RulesOfProcedure.objects.filter(council=council).order_by("-version").first()
    data = {k: ("" if v is None else v) for k, v in
            model_to_dict(current, fields=RulesOfProcedure.CONFIG_FIELDS).items()}
    data.update(valid_from=timezone.localdate().isoformat(), **overrides)
    return data


def test_rules_edit_creates_version_2_and_keeps_version_1(as_secretary, council):
    response = as_secretary.post(f"/{council.slug}/intern/regler/forretningsorden/",
                                 rules_data(council, meetings_per_year=6, meeting_time_note="Kl. 15–17"))

    assert response.status_code == 302
    assert response["Location"] == f"/{council.slug}/intern/regler/"
    versions = list(RulesOfProcedure.objects.filter(council=council).order_by("version")
                    .values_list("version", "meetings_per_year", "meeting_time_note"))
    assert versions == [(1, 4, "Kl. 16–18"), (2, 6, "Kl. 15–17")]
    page = text(as_secretary.get(response["Location"]))
    assert "Forretningsorden version 2" in page
    assert "Forretningsorden version 1" in page
    assert "Kl. 15–17" in page


@pytest.mark.parametrize("overrides, message", [
    ({"members_min": 12, "members_max": 8}, "Højst antal medlemmer kan ikke være mindre end mindst antal."),
    ({"quorum_percent": 0}, "Skriv en procent mellem 1 og 100."),
    ({"quorum_percent": 150}, "Skriv en procent mellem 1 og 100."),
    ({"lived_experience_min_percent": 101}, "Skriv en procent mellem 0 og 100."),
    ({"text": f"Kontakt via {CPR}"}, str(CPR_MESSAGE)),
])
def test_rules_edit_with_bad_values_explains_in_danish_and_saves_nothing(as_secretary, council, overrides,
                                                                         message):
    response = as_secretary.post(f"/{council.slug}/intern/regler/forretningsorden/",
                                 rules_data(council, meeting_time_note="Torsdag eftermiddag", **overrides))

    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert "Begrænsning" not in body  # no raw database constraint names
    assert 'value="Torsdag eftermiddag"' in body
    assert RulesOfProcedure.objects.filter(council=council).count() == 1


def test_term_create_with_end_before_start_explains_in_danish(as_secretary, council):
    from councils.models import Term

    response = as_secretary.post(f"/{council.slug}/intern/valgperioder/ny/",
                                 {"name": "2030–2033", "start": "2033-12-31", "end": "2030-01-01"})

    assert response.status_code == 400
    body = text(response)
    assert "Slutdatoen skal ligge efter startdatoen." in body
    assert "Begrænsning" not in body
    assert 'value="2030–2033"' in body
    assert Term.objects.filter(council=council).count() == 1


def test_term_create_copies_seats(as_secretary, council):
    from councils.models import Term

    response = as_secretary.post(f"/{council.slug}/intern/valgperioder/ny/",
                                 {"name": "2030–2033", "start": "2030-01-01", "end": "2033-12-31",
                                  "copy_seats": "on"})

    assert response.status_code == 302
    new = Term.objects.get(council=council, name="2030–2033")
    assert SeatCategory.objects.filter(term=new).count() == 4
    assert "2030–2033" in text(as_secretary.get(response["Location"]))


def test_seat_category_with_max_below_min_explains_in_danish(as_secretary, council):
    from councils.models import Term

    term = Term.objects.get(council=council)
    response = as_secretary.post(f"/{council.slug}/intern/valgperioder/{term.pk}/pladser/ny/",
                                 {"name": "Pårørende", "min_seats": 3, "max_seats": 1, "position": 5})

    assert response.status_code == 400
    body = text(response)
    assert "Højst kan ikke være mindre end mindst." in body
    assert "Begrænsning" not in body
    assert 'value="Pårørende"' in body
    assert not SeatCategory.objects.filter(name="Pårørende").exists()


def test_duplicate_organisation_name_is_a_form_error_not_a_server_error(as_secretary, council):
    from councils.models import Organisation

    url = f"/{council.slug}/intern/organisationer/ny/"
    first = as_secretary.post(url, {"name": "SIND", "email": "", "phone": "", "nominates": "on"})
    assert first.status_code == 302

    second = as_secretary.post(url, {"name": "sind", "email": "kontakt@sind.dk", "phone": "", "nominates": "on"})

    assert second.status_code == 400
    body = text(second)
    assert "Rådet har allerede en organisation med det navn." in body
    assert 'value="kontakt@sind.dk"' in body
    assert Organisation.objects.filter(council=council).count() == 1


def test_same_organisation_name_in_another_council_is_fine(as_secretary, council, make_council):
    from councils import services
    from councils.models import Organisation

    other = make_council("sydby")
    services.organisation_save(council=other, name="SIND")

    response = as_secretary.post(f"/{council.slug}/intern/organisationer/ny/",
                                 {"name": "SIND", "email": "", "phone": "", "nominates": "on"})

    assert response.status_code == 302
    assert Organisation.objects.filter(name="SIND").count() == 2


def test_position_assign_makes_a_member_chair(as_secretary, council, add_member):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige")
    today = timezone.localdate()

    response = as_secretary.post(f"/{council.slug}/intern/poster/ny/",
                                 {"person": str(member.person_id), "kind": "chair", "start": today.isoformat()})

    assert response.status_code == 302
    position = Position.objects.get(council=council)
    assert (position.person_id, position.kind, position.start, position.end) == (member.person_id, "chair",
                                                                                 today, None)
    roster = text(as_secretary.get(response["Location"]))
    assert re.search(r"Bent Medlem</a> <span[^>]*>Formand</span>", roster)


def test_position_assign_only_offers_current_members(as_secretary, council, add_member):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige")
    substitute = add_member(council, "Carl Suppleant", role="substitute", substitute_for=member)

    response = as_secretary.post(f"/{council.slug}/intern/poster/ny/", {
        "person": str(substitute.person_id), "kind": "chair", "start": timezone.localdate().isoformat()})

    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in text(response)
    assert not Position.objects.exists()


# --- Sensitive data and read-only roles ------------------------------------------------------

@pytest.fixture
def chair(make_user, council, add_member):
    user = make_user("formand@example.org")
    membership = add_member(council, "Fie Formand", seat="Sagkyndige", user=user)
    services.position_assign(council=council, person=membership.person, kind="chair", start=dt.date(2026, 3, 1))
    return user


def test_lived_experience_on_the_roster_is_for_the_secretariat_only(client, council, add_member, make_user,
                                                                   secretary, chair):
    lived = add_member(council, "Lone Levet", seat="Borgere med erfaring som socialt udsat", lived=True)
    admin = make_user("admin@example.org", superuser=True)
    roster = f"/{council.slug}/intern/medlemmer/"
    person = f"/{council.slug}/intern/personer/{lived.person_id}/"

    client.force_login(secretary)
    assert "Erfaring som udsat" in text(client.get(roster))
    assert 'name="lived_experience"' in text(client.get(person))

    for user in (admin, chair):
        client.force_login(user)
        body = text(client.get(roster))
        assert "Lone Levet" in body
        assert "Erfaring som udsat" not in body
        assert 'name="lived_experience"' not in text(client.get(person))


def test_admin_saving_a_person_keeps_the_lived_experience_flag(client, council, add_member, make_user):
    lived = add_member(council, "Lone Levet", seat="Borgere med erfaring som socialt udsat", lived=True)
    client.force_login(make_user("admin@example.org", superuser=True))

    response = client.post(f"/{council.slug}/intern/personer/{lived.person_id}/", {
        "name": "Lone Levet-Hansen", "email": "lone@ex.org", "phone": "", "address": "",
        "preferred_channel": "email", "public_title": "", "organisation": "", "notes": "",
        "publish_name": "on"})  # kept: unticking a consent asks how it was withdrawn (test_consent.py)

    assert response.status_code == 302
    person = Person.objects.get(pk=lived.person_id)
    assert person.name == "Lone Levet-Hansen"
    assert person.lived_experience is True  # the field was not in the admin's form, so it is untouched


def test_chair_can_read_a_person_but_a_post_changes_nothing(client, council, add_member, chair):
    member = add_member(council, "Bent Medlem", seat="Sagkyndige")
    client.force_login(chair)
    path = f"/{council.slug}/intern/personer/{member.person_id}/"

    page = client.get(path)
    assert page.status_code == 200
    assert "Bent Medlem" in text(page)
    assert "<form method=\"post\"" not in text(page).split("<footer")[0].split("</header>")[1]

    response = client.post(path, {"name": "Ændret af formanden", "email": "x@example.org",
                                  "preferred_channel": "email"})

    assert response.status_code == 200
    assert Person.objects.get(pk=member.person_id).name == "Bent Medlem"
