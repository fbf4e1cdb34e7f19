"""Recruitment: a public call, candidacies and nominations, the secretariat's review and the
municipal board's appointment. Also the demo data, which is built through the same services."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services
from councils.models import (
    Appointment,
    Candidacy,
    CandidacyStatus,
    Council,
    Membership,
    Person,
    Position,
    SeatCategory,
    TaxonomyTerm,
    Term,
)

pytestmark = pytest.mark.django_db

D = dt.date
CPH = ZoneInfo("Europe/Copenhagen")
DEADLINE = dt.datetime(2026, 1, 31, 23, 59, tzinfo=CPH)
BEFORE = dt.datetime(2026, 1, 20, 12, 0, tzinfo=CPH)


@pytest.fixture
def council(make_council):
    return make_council("albertslund", preset="albertslund2018", term_start=D(2026, 3, 1), term_end=D(2029, 12, 31))


@pytest.fixture
def call(council):
    return services.call_save(council=council, term=Term.objects.get(council=council), title="Stil op til rådet",
                              text="Har du selv prøvet at stå uden for fællesskabet? Så stil op.",
                              deadline=DEADLINE, published=True)


def submit(call, name="Anne Andersen", *, now=BEFORE, **fields):
    fields.setdefault("email", f"{name.split()[0].lower()}@ex.org")
    fields.setdefault("motivation", "Jeg vil gerne give udsatte en stemme.")
    return services.candidacy_submit(call=call, now=now, name=name, **fields)


def seat(council, name):
    return SeatCategory.objects.get(council=council, name=name)


# --- Calls ---------------------------------------------------------------------------------------------

def test_call_save_refuses_a_term_of_another_council(council, make_council):
    other = make_council("other")
    with pytest.raises(ApplicationError) as excinfo:
        services.call_save(council=council, term=Term.objects.get(council=other), title="Opslag", text="Tekst",
                           deadline=DEADLINE)
    assert excinfo.value.field == "term"


# --- Submitting ------------------------------------------------------------------------------------------

def test_candidacy_before_the_deadline_is_received(call):
    cand = submit(call, lived_experience=True, publish_name=True, seat_category=seat(call.council, "Sagkyndige"))
    assert cand.status == CandidacyStatus.RECEIVED
    assert cand.council == call.council
    assert (cand.lived_experience, cand.publish_name) == (True, True)
    event = AuditEvent.objects.get(action="councils.candidacy.submitted", object_id=str(cand.pk))
    assert event.actor is None
    assert event.after["lived_experience"] == "***"


def test_candidacy_at_the_deadline_minute_is_still_accepted(call):
    assert submit(call, now=DEADLINE).pk is not None


def test_candidacy_after_the_deadline_is_refused_in_danish(call):
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, now=DEADLINE + dt.timedelta(seconds=1))
    assert excinfo.value.code == "deadline"
    assert str(excinfo.value.message) == ("Fristen for at stille op var 31. januar 2026 kl. 23.59. Kontakt "
                                          "sekretariatet, hvis du stadig vil være med.")
    assert not Candidacy.objects.exists()


def test_deadline_message_uses_danish_local_time(council):
    # Stored as UTC (22:59), shown as Copenhagen time (23:59 in winter).
    call = services.call_save(council=council, term=Term.objects.get(council=council), title="Opslag", text="Tekst",
                              deadline=dt.datetime(2026, 1, 31, 22, 59, tzinfo=dt.UTC), published=True)
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, now=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    assert "31. januar 2026 kl. 23.59" in str(excinfo.value.message)


def test_deadline_defaults_to_now(council):
    term = Term.objects.get(council=council)
    past = services.call_save(council=council, term=term, title="Gammelt", text="Tekst", published=True,
                              deadline=timezone.now() - dt.timedelta(minutes=1))
    future = services.call_save(council=council, term=term, title="Nyt", text="Tekst", published=True,
                                deadline=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ApplicationError):
        services.candidacy_submit(call=past, name="Bo Bach", email="bo@ex.org", motivation="Ja")
    assert services.candidacy_submit(call=future, name="Bo Bach", email="bo@ex.org", motivation="Ja").pk


def test_unpublished_call_is_refused(call):
    services.call_save(council=call.council, instance=call, published=False)
    with pytest.raises(ApplicationError) as excinfo:
        submit(call)
    assert "ikke offentliggjort" in str(excinfo.value.message)
    assert not Candidacy.objects.exists()


def test_nomination_requires_an_organisation(call):
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, kind="nomination")
    assert excinfo.value.field == "organisation_name"
    assert submit(call, "Bo Bach", kind="nomination", organisation_name="Lænken").organisation_name == "Lænken"
    org = services.organisation_save(council=call.council, name="SIND")
    assert submit(call, "Carl Clausen", kind="nomination", nominated_by=org).nominated_by == org
    assert Candidacy.objects.count() == 2


def test_a_citizen_needs_no_organisation(call):
    assert submit(call, kind="citizen").organisation_name == ""


def test_some_way_of_contact_is_required(call):
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, email="", phone="", address="   \n")
    assert excinfo.value.field == "email"
    assert "mindst én måde" in str(excinfo.value.message)
    assert not Candidacy.objects.exists()


@pytest.mark.parametrize(("contact", "channel"), [
    ({"phone": "20 30 40 50"}, "sms"),
    ({"address": "Bytorvet 1, 2620 Albertslund"}, "letter"),
    ({"email": "anne@ex.org"}, "email"),
])
def test_one_way_of_contact_is_enough(call, contact, channel):
    cand = submit(call, **{"email": "", **contact}, preferred_channel=channel)
    assert cand.pk is not None


def test_preferred_channel_must_have_its_contact_detail(call):
    """A candidate who is appointed becomes a Person, and a Person needs a detail for the preferred
    channel; refusing at submission keeps the appointment from failing later."""
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, email="", phone="20 30 40 50")  # preferred channel defaults to e-mail
    assert excinfo.value.field == "email"
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, email="anne@ex.org", preferred_channel="letter")
    assert excinfo.value.field == "address"
    assert not Candidacy.objects.exists()


@pytest.mark.parametrize("channel", ["email", "sms", "letter"])
@pytest.mark.parametrize("email", ["", "kim@ex.org"])
@pytest.mark.parametrize("phone", ["", "20 30 40 50"])
@pytest.mark.parametrize("address", ["", "Bytorvet 1, 2620 Albertslund"])
def test_every_accepted_candidacy_can_be_appointed(call, channel, email, phone, address):
    detail = {"email": email, "sms": phone, "letter": address}[channel]
    try:
        cand = submit(call, "Kim Kristensen", email=email, phone=phone, address=address, preferred_channel=channel)
    except ApplicationError:
        assert not detail
        assert not Candidacy.objects.exists()
        return
    assert detail
    services.candidacy_review(candidacy=cand, actor=None, status="selected", decision_role="guest")
    services.appointment_record(call=call, decision_date=D(2026, 3, 10), reference="KB")
    person = Person.objects.get(name="Kim Kristensen")
    assert (person.preferred_channel, person.email, person.phone, person.address) == (channel, email, phone, address)
    assert Membership.objects.get(person=person).role == "guest"


def test_seat_of_another_term_is_refused(call, make_council):
    other = make_council("other")
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, seat_category=SeatCategory.objects.filter(council=other).first())
    assert excinfo.value.field == "seat_category"


def test_cpr_number_in_the_motivation_is_refused(call):
    with pytest.raises(ApplicationError) as excinfo:
        submit(call, motivation="Mit CPR-nummer er 010188-1234, ring gerne.")
    assert excinfo.value.field == "motivation" and excinfo.value.code == "cpr"
    assert not Candidacy.objects.exists()


# --- Review ----------------------------------------------------------------------------------------------

def test_not_selected_requires_a_reason(call, make_user):
    cand = submit(call)
    for note in ("", "   "):
        with pytest.raises(ApplicationError) as excinfo:
            services.candidacy_review(candidacy=cand, actor=make_user(), status="not_selected",
                                      review_note=note)
        assert excinfo.value.field == "review_note"
    cand.refresh_from_db()
    assert cand.status == "received"
    services.candidacy_review(candidacy=cand, actor=None, status="not_selected",
                              review_note="Ikke flere ledige pladser.")
    cand.refresh_from_db()
    assert (cand.status, cand.review_note) == ("not_selected", "Ikke flere ledige pladser.")


def test_selected_requires_a_role(call):
    cand = submit(call)
    with pytest.raises(ApplicationError) as excinfo:
        services.candidacy_review(candidacy=cand, actor=None, status="selected")
    assert excinfo.value.field == "decision_role"
    cand.refresh_from_db()
    assert cand.status == "received"


def test_selected_as_member_stores_the_decision_and_is_audited(call, make_user):
    secretary = make_user()
    cand = submit(call, lived_experience=True)
    expert = seat(call.council, "Sagkyndige")
    services.candidacy_review(candidacy=cand, actor=secretary, status="selected", decision_role="member",
                              decision_seat_category=expert)
    cand.refresh_from_db()
    assert (cand.status, cand.decision_role, cand.decision_seat_category) == ("selected", "member", expert)
    event = AuditEvent.objects.get(action="councils.candidacy.reviewed")
    assert event.actor == secretary
    assert event.before["status"] == "received" and event.after["status"] == "selected"
    assert event.before["lived_experience"] == event.after["lived_experience"] == "***"


def test_decisions_are_cleared_when_not_selected_after_all(call):
    member, sub = submit(call), submit(call, "Bo Bach")
    services.candidacy_review(candidacy=member, actor=None, status="selected", decision_role="member",
                              decision_seat_category=seat(call.council, "Sagkyndige"))
    services.candidacy_review(candidacy=sub, actor=None, status="selected", decision_role="substitute",
                              decision_substitute_for=member)
    services.candidacy_review(candidacy=sub, actor=None, status="not_selected", review_note="Trak sig.")
    sub.refresh_from_db()
    assert (sub.decision_role, sub.decision_seat_category, sub.decision_substitute_for) == ("", None, None)


def test_substitute_for_is_kept_only_for_substitutes(call):
    member, other = submit(call), submit(call, "Bo Bach")
    services.candidacy_review(candidacy=other, actor=None, status="selected", decision_role="member",
                              decision_substitute_for=member)
    other.refresh_from_db()
    assert other.decision_substitute_for is None


def test_substitute_for_must_be_another_candidacy_of_the_same_call(call, council):
    cand = submit(call)
    with pytest.raises(ApplicationError) as excinfo:
        services.candidacy_review(candidacy=cand, actor=None, status="selected", decision_role="substitute",
                                  decision_substitute_for=cand)
    assert excinfo.value.field == "decision_substitute_for"
    other_call = services.call_save(council=council, term=call.term, title="Andet", text="Tekst",
                                    deadline=DEADLINE, published=True)
    elsewhere = submit(other_call, "Bo Bach")
    with pytest.raises(ApplicationError):
        services.candidacy_review(candidacy=cand, actor=None, status="selected", decision_role="substitute",
                                  decision_substitute_for=elsewhere)


# --- Appointment -------------------------------------------------------------------------------------------

@pytest.fixture
def reviewed(call):
    """Two members (one nominated by SIND), a personal substitute for the first, one not selected
    and one not yet reviewed."""
    org = services.organisation_save(council=call.council, name="SIND")
    anne = submit(call, "Anne Andersen", lived_experience=True, publish_name=True)
    bo = submit(call, "Bo Bach", kind="nomination", nominated_by=org, phone="20 30 40 50")
    carl = submit(call, "Carl Clausen", email="", phone="20 30 40 51", preferred_channel="sms")
    dora = submit(call, "Dora Dam")
    erik = submit(call, "Erik Eriksen")
    lived_seat = seat(call.council, "Borgere med erfaring som socialt udsat")
    # The substitute is reviewed first: the appointment must still create the member first.
    services.candidacy_review(candidacy=carl, actor=None, status="selected", decision_role="substitute",
                              decision_substitute_for=anne)
    services.candidacy_review(candidacy=anne, actor=None, status="selected", decision_role="member",
                              decision_seat_category=lived_seat)
    services.candidacy_review(candidacy=bo, actor=None, status="selected", decision_role="member",
                              decision_seat_category=seat(call.council, "Sagkyndige"))
    services.candidacy_review(candidacy=dora, actor=None, status="not_selected", review_note="For få pladser.")
    return dict(call=call, org=org, anne=anne, bo=bo, carl=carl, dora=dora, erik=erik, lived_seat=lived_seat)


def test_appointment_creates_a_person_and_membership_for_each_selected(reviewed, make_user):
    call, secretary = reviewed["call"], make_user()
    appointment = services.appointment_record(call=call, decision_date=D(2026, 3, 10),
                                              reference="KB 10.03.2026, pkt. 12", actor=secretary)
    assert (appointment.decision_date, appointment.reference, appointment.created_by) == (
        D(2026, 3, 10), "KB 10.03.2026, pkt. 12", secretary)

    memberships = {m.person.name: m for m in Membership.objects.filter(council=call.council)}
    assert set(memberships) == {"Anne Andersen", "Bo Bach", "Carl Clausen"}
    anne, bo, carl = memberships["Anne Andersen"], memberships["Bo Bach"], memberships["Carl Clausen"]
    assert (anne.role, anne.seat_category, anne.substitute_for) == ("member", reviewed["lived_seat"], None)
    assert (bo.role, bo.nominated_by) == ("member", reviewed["org"])
    assert (carl.role, carl.substitute_for, carl.seat_category) == ("substitute", anne, None)
    for m in memberships.values():
        assert (m.status, m.start, m.end, m.term) == ("appointed", D(2026, 3, 10), None, call.term)
        assert (m.appointment_date, m.appointment_reference) == (D(2026, 3, 10), "KB 10.03.2026, pkt. 12")

    # The person carries what the candidate gave, the sensitive flag included (for the secretariat).
    assert (anne.person.email, anne.person.lived_experience, anne.person.publish_name) == ("anne@ex.org", True, True)
    assert bo.person.organisation == reviewed["org"]
    assert (carl.person.phone, carl.person.preferred_channel) == ("20 30 40 51", "sms")

    statuses = dict(Candidacy.objects.values_list("name", "status"))
    assert statuses == {"Anne Andersen": "appointed", "Bo Bach": "appointed", "Carl Clausen": "appointed",
                        "Dora Dam": "not_selected", "Erik Eriksen": "received"}
    reviewed["anne"].refresh_from_db()
    assert reviewed["anne"].person == anne.person

    event = AuditEvent.objects.get(action="councils.appointment.recorded")
    assert event.actor == secretary
    assert event.after == {"reference": "KB 10.03.2026, pkt. 12", "decision_date": "2026-03-10", "appointed": 3}


def test_appointed_candidates_are_on_the_roster(reviewed):
    from councils import selectors

    services.appointment_record(call=reviewed["call"], decision_date=D(2026, 3, 10), reference="KB")
    roster = selectors.roster_on(council=reviewed["call"].council, on=D(2026, 4, 1))
    assert (roster.member_count, roster.substitute_count) == (2, 1)
    anne = next(e for e in roster.members if e.membership.person.name == "Anne Andersen")
    assert [s.person.name for s in anne.substitutes] == ["Carl Clausen"]


def test_appointment_before_the_term_starts_runs_from_the_term_start(reviewed):
    services.appointment_record(call=reviewed["call"], decision_date=D(2026, 2, 10), reference="KB 10.02.2026")
    starts = set(Membership.objects.values_list("start", flat=True))
    assert starts == {D(2026, 3, 1)}
    assert set(Membership.objects.values_list("appointment_date", flat=True)) == {D(2026, 2, 10)}


def test_appointment_after_the_term_is_refused_and_nothing_is_kept(reviewed):
    with pytest.raises(ApplicationError) as excinfo:
        services.appointment_record(call=reviewed["call"], decision_date=D(2030, 1, 1), reference="KB")
    assert excinfo.value.field == "decision_date"
    assert not Appointment.objects.exists()
    assert not Membership.objects.exists()
    assert not Person.objects.exists()


def test_appointment_refuses_when_nothing_is_selected(call):
    submit(call)
    with pytest.raises(ApplicationError) as excinfo:
        services.appointment_record(call=call, decision_date=D(2026, 3, 10), reference="KB")
    assert "Ingen kandidater" in str(excinfo.value.message)
    assert not Appointment.objects.exists()


def test_appointed_candidates_are_not_appointed_twice(reviewed):
    call = reviewed["call"]
    services.appointment_record(call=call, decision_date=D(2026, 3, 10), reference="KB 1")
    with pytest.raises(ApplicationError):
        services.appointment_record(call=call, decision_date=D(2026, 4, 10), reference="KB 2")
    services.candidacy_review(candidacy=reviewed["erik"], actor=None, status="selected", decision_role="member",
                              decision_seat_category=reviewed["lived_seat"])
    services.appointment_record(call=call, decision_date=D(2026, 4, 10), reference="KB 2")
    assert Membership.objects.count() == 4
    assert Appointment.objects.count() == 2
    assert Membership.objects.get(person__name="Erik Eriksen").appointment_reference == "KB 2"


def test_an_appointed_candidacy_cannot_be_reviewed_again(reviewed):
    services.appointment_record(call=reviewed["call"], decision_date=D(2026, 3, 10), reference="KB")
    anne = Candidacy.objects.get(pk=reviewed["anne"].pk)
    with pytest.raises(ApplicationError) as excinfo:
        services.candidacy_review(candidacy=anne, actor=None, status="not_selected", review_note="Fortrudt")
    assert "allerede udpeget" in str(excinfo.value.message)
    anne.refresh_from_db()
    assert anne.status == "appointed"


def test_two_substitutes_for_one_member_roll_the_whole_appointment_back(reviewed):
    services.candidacy_review(candidacy=reviewed["erik"], actor=None, status="selected",
                              decision_role="substitute", decision_substitute_for=reviewed["anne"])
    with pytest.raises(ApplicationError) as excinfo:
        services.appointment_record(call=reviewed["call"], decision_date=D(2026, 3, 10), reference="KB")
    assert excinfo.value.field == "substitute_for"
    assert not Membership.objects.exists()
    assert not Person.objects.exists()
    assert set(Candidacy.objects.values_list("status", flat=True)) == {"selected", "not_selected"}


# --- Demo data ----------------------------------------------------------------------------------------------

def _counts():
    from django.contrib.auth import get_user_model

    return {model.__name__: model.objects.count()
            for model in (Council, Term, SeatCategory, Person, Membership, Position, Candidacy, TaxonomyTerm,
                          AuditEvent, get_user_model())}


def test_seed_demo_creates_the_three_councils_and_is_idempotent():
    from core.demo import seed_all

    assert seed_all() == ["albertslund", "ishoej", "gentofte"]
    first = _counts()
    assert seed_all() == []
    assert _counts() == first
    assert set(Council.objects.values_list("slug", flat=True)) == {"albertslund", "ishoej", "gentofte",
                                                                   "albertslund-handicapraad"}
    assert first["Membership"] > 20


def test_demo_councils_follow_their_presets():
    from core.demo import seed_all
    from councils import selectors

    seed_all()
    albertslund = Council.objects.get(slug="albertslund")
    assert (albertslund.preset, Term.objects.filter(council=albertslund).count()) == ("albertslund2018", 2)
    # The first term was ended at its end; the current one has one vacant expert seat.
    assert selectors.roster_on(council=albertslund, on=D(2022, 6, 1)).member_count == 0
    comp = selectors.composition(council=albertslund, on=D(2026, 6, 1))
    assert comp.members == 9
    assert "vacant" in [w.code for w in comp.warnings]
    ishoej = Council.objects.get(slug="ishoej")
    assert TaxonomyTerm.objects.filter(council=ishoej, scheme="target_group").count() == 6
    gentofte = Council.objects.get(slug="gentofte")
    assert gentofte.kind == "velfaerdsraad"
    assert Candidacy.objects.filter(council=gentofte).count() == 6
