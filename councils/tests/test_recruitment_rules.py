"""Recruitment follows the council's rules: a public call offers only the seats citizens and
organisations can apply for (never the municipal board's or the employees'), candidates are selected
and appointed only after the call's deadline, and never into a seat category that is full."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.errors import ApplicationError
from councils import services
from councils.forms import CandidacyForm
from councils.models import Appointment, Candidacy, Membership, SeatCategory, Term

pytestmark = pytest.mark.django_db

D = dt.date
CPH = ZoneInfo("Europe/Copenhagen")
DEADLINE = dt.datetime(2026, 1, 31, 23, 59, tzinfo=CPH)
BEFORE = DEADLINE - dt.timedelta(days=3)
AFTER = DEADLINE + dt.timedelta(days=2)


@pytest.fixture
def ishoej(make_council):
    return make_council("ishoej", preset="ishoej2015", term_start=D(2026, 3, 1), term_end=D(2029, 12, 31))


def call_for(council, deadline=DEADLINE):
    return services.call_save(council=council, term=Term.objects.get(council=council), title="Stil op",
                              text="Stil op til udsatterådet.", deadline=deadline, published=True)


def seat(council, name):
    return SeatCategory.objects.get(council=council, name=name)


def submit(call, name, **fields):
    return services.candidacy_submit(call=call, now=BEFORE, name=name, email=f"{name.split()[0].lower()}@ex.org",
                                     motivation="Jeg vil gerne være med.", **fields)


# --- Public calls offer only the seats one can apply for ------------------------------------------

def test_the_candidacy_form_offers_only_open_seats(ishoej):
    form = CandidacyForm(call=call_for(ishoej))
    offered = [label for _value, label in form.fields["seat_category"].choices][1:]
    assert offered == ["Brugere", "Brugerorganisationer (SIND og Lænken)"]


def test_a_candidacy_for_a_closed_seat_is_refused_in_danish(ishoej):
    call = call_for(ishoej)
    for name in ("Politisk niveau", "Medarbejdere", "Centerchef"):
        with pytest.raises(ApplicationError) as excinfo:
            submit(call, "Anne Andersen", seat_category=seat(ishoej, name))
        assert excinfo.value.field == "seat_category" and excinfo.value.code == "seat_closed"
        assert str(excinfo.value.message) == (
            f"Pladsen “{name}” besættes af kommunen og kan ikke søges. Vælg en anden plads, eller lad feltet stå "
            "tomt.")
    assert not Candidacy.objects.exists()
    assert submit(call, "Anne Andersen", seat_category=seat(ishoej, "Brugere")).pk


def test_a_forged_post_for_a_board_seat_is_refused_and_keeps_the_text(ishoej, client):
    call = call_for(ishoej, deadline=dt.datetime.now(CPH) + dt.timedelta(days=10))
    data = {"kind": "citizen", "name": "Anne Andersen", "email": "anne@ex.org", "preferred_channel": "email",
            "wish": "either", "motivation": "Jeg kender livet på gaden.",
            "seat_category": str(seat(ishoej, "Politisk niveau").pk)}
    response = client.post(f"/ishoej/opslag/{call.pk}/", data)
    page = response.content.decode()
    assert "Vælg en af de pladser på listen. De andre pladser besættes af kommunen." in page
    assert "Jeg kender livet på gaden." in page
    assert ">Politisk niveau<" not in page and ">Brugere<" in page
    assert not Candidacy.objects.exists()


def test_the_seat_category_form_edits_both_flags(ishoej, make_user, client):
    secretary = make_user("sek@ishoej.dk")
    services.council_secretary_add(council=ishoej, user=secretary)
    client.force_login(secretary)
    staff = seat(ishoej, "Medarbejdere")
    url = f"/ishoej/intern/valgperioder/{staff.term_id}/pladser/{staff.pk}/"
    page = client.get(url).content.decode()
    assert "Giver ret til diæter" in page and "Kan søges i offentlige opslag" in page
    response = client.post(url, {"name": "Medarbejdere", "min_seats": 3, "max_seats": 3, "per_diem": "on",
                                 "position": 3})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.per_diem, staff.open_to_applicants) == (True, False)
    # Ticking "municipal board" turns both off, as its help text says.
    client.post(url, {"name": "Medarbejdere", "min_seats": 3, "max_seats": 3, "per_diem": "on",
                      "open_to_applicants": "on", "municipal_board": "on", "position": 3})
    staff.refresh_from_db()
    assert (staff.municipal_board, staff.per_diem, staff.open_to_applicants) == (True, False, False)
    terms = client.get("/ishoej/intern/valgperioder/").content.decode()
    assert "Kan søges" in terms


# --- Selection and appointment wait for the deadline --------------------------------------------

def test_selection_before_the_deadline_is_refused(ishoej):
    call = call_for(ishoej)
    anne = submit(call, "Anne Andersen")
    for status, extra in (("selected", {"decision_role": "member", "decision_seat_category": seat(ishoej, "Brugere")}),
                          ("not_selected", {"review_note": "For få pladser."})):
        with pytest.raises(ApplicationError) as excinfo:
            services.candidacy_review(candidacy=anne, actor=None, status=status, now=BEFORE, **extra)
        assert excinfo.value.code == "early" and excinfo.value.field == "status"
        assert str(excinfo.value.message) == (
            "Ansøgningsfristen er 31. januar 2026 kl. 23.59. Kandidaterne udvælges, når fristen er udløbet, så "
            "alle, der stiller op, vurderes sammen.")
    anne.refresh_from_db()
    assert anne.status == "received"
    services.candidacy_review(candidacy=anne, actor=None, status="selected", decision_role="member",
                              decision_seat_category=seat(ishoej, "Brugere"), now=AFTER)
    anne.refresh_from_db()
    assert anne.status == "selected"


def test_appointment_dated_before_the_deadline_is_refused(ishoej):
    call = call_for(ishoej)
    anne = submit(call, "Anne Andersen")
    services.candidacy_review(candidacy=anne, actor=None, status="selected", decision_role="member",
                              decision_seat_category=seat(ishoej, "Brugere"), now=AFTER)
    with pytest.raises(ApplicationError) as excinfo:
        services.appointment_record(call=call, decision_date=D(2026, 1, 20), reference="SSU 20.01.2026")
    assert excinfo.value.field == "decision_date" and excinfo.value.code == "early"
    assert "før ansøgningsfristen 31. januar 2026 kl. 23.59" in str(excinfo.value.message)
    assert not Appointment.objects.exists() and not Membership.objects.exists()
    services.appointment_record(call=call, decision_date=D(2026, 2, 10), reference="SSU 10.02.2026")
    assert Membership.objects.get().person.name == "Anne Andersen"


# --- Full seats -----------------------------------------------------------------------------------

def test_selecting_into_a_full_seat_category_is_refused_with_its_numbers(ishoej, add_member):
    users = seat(ishoej, "Brugere")  # 2 seats
    add_member(ishoej, "Bent Bruger", seat="Brugere", start=D(2026, 3, 1))
    call = call_for(ishoej)
    anne, bo = submit(call, "Anne Andersen"), submit(call, "Bo Bach")
    services.candidacy_review(candidacy=anne, actor=None, status="selected", decision_role="member",
                              decision_seat_category=users, now=AFTER)
    with pytest.raises(ApplicationError) as excinfo:
        services.candidacy_review(candidacy=bo, actor=None, status="selected", decision_role="member",
                                  decision_seat_category=users, now=AFTER)
    assert excinfo.value.field == "decision_seat_category" and excinfo.value.code == "seats_full"
    assert str(excinfo.value.message) == (
        "“Brugere” har 2 pladser, og der er ikke flere ledige: 1 udpeget og 1 indstillet til udpegning. Vælg en "
        "anden plads, eller afslut et medlemskab først.")
    # As a substitute there is room; re-saving Anne's own selection does not count her twice.
    services.candidacy_review(candidacy=bo, actor=None, status="selected", decision_role="substitute",
                              decision_substitute_for=anne, now=AFTER)
    services.candidacy_review(candidacy=anne, actor=None, status="selected", decision_role="member",
                              decision_seat_category=users, review_note="Genvalgt", now=AFTER)


def test_appointing_into_a_seat_that_filled_up_meanwhile_is_refused(ishoej, add_member):
    call = call_for(ishoej)
    chief = seat(ishoej, "Centerchef")  # 1 seat, not open to applicants: selected by the secretariat
    anne = Candidacy.objects.create(council=ishoej, call=call, name="Anne Andersen", email="anne@ex.org",
                                    motivation="Centerchef i Borger- og Socialservice.")
    services.candidacy_review(candidacy=anne, actor=None, status="selected", decision_role="member",
                              decision_seat_category=chief, now=AFTER)
    # Meanwhile the secretariat adds the chief by hand from 1 March.
    add_member(ishoej, "Carsten Centerchef", seat="Centerchef", start=D(2026, 3, 1))
    with pytest.raises(ApplicationError) as excinfo:
        services.appointment_record(call=call, decision_date=D(2026, 3, 10), reference="SSU 10.03.2026")
    assert excinfo.value.code == "seats_full"
    assert str(excinfo.value.message).startswith("“Centerchef” har 1 plads, og den er ikke ledig: 1 udpeget og 1 "
                                                 "indstillet til udpegning.")
    assert not Appointment.objects.exists()
    assert list(Membership.objects.values_list("person__name", flat=True)) == ["Carsten Centerchef"]
    # A member who has left frees the seat on the appointment date.
    services.membership_end(membership=Membership.objects.get(), end=D(2026, 3, 9), reason="withdrew")
    services.appointment_record(call=call, decision_date=D(2026, 3, 10), reference="SSU 10.03.2026")
    assert Membership.objects.filter(seat_category=chief, end__isnull=True).get().person.name == "Anne Andersen"


def test_the_review_page_says_the_deadline_has_not_passed_and_refuses_early(ishoej, make_user, client):
    secretary = make_user("sek@ishoej.dk")
    services.council_secretary_add(council=ishoej, user=secretary)
    client.force_login(secretary)
    call = call_for(ishoej, deadline=dt.datetime.now(CPH) + dt.timedelta(days=10))
    anne = services.candidacy_submit(call=call, name="Anne Andersen", email="anne@ex.org", motivation="Ja tak.")
    url = f"/ishoej/intern/rekruttering/{call.pk}/kandidater/{anne.pk}/"
    assert 'data-testid="before-deadline"' in client.get(url).content.decode()
    page = client.post(url, {"status": "not_selected", "review_note": "For få pladser."}).content.decode()
    assert "Kandidaterne udvælges, når fristen er udløbet" in page
    assert "For få pladser." in page  # what was typed is kept
    anne.refresh_from_db()
    assert anne.status == "received"
