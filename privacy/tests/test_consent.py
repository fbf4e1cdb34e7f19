"""Consents (name public, contact shared with members, photo): recorded with when, by whom and how,
written only through councils.services.consent_set, and a withdrawal is gone from the public
pages at once (the cached ones too)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services
from councils.models import Consent, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_council, make_user, add_member, django_capture_on_commit_callbacks):
    """Built as committed (its commit callbacks run), so a test's own bump is not joined to one
    left waiting by the building (core.publiccache.bump)."""
    with django_capture_on_commit_callbacks(execute=True):
        secretary = make_user("sekr@kommune.dk", name="Sekretær Sanne")
        council = make_council("samtykke", secretary=secretary)
        member = add_member(council, "Kirsten Kendtnavn", publish=True).person
    return council, secretary, member


def test_giving_and_withdrawing_records_who_when_and_how(setup):
    council, secretary, person = setup
    first = Consent.objects.get(person=person)  # the "yes" given when the person was created
    assert (first.kind, first.given, first.method) == ("publish_name", True, "unspecified")

    before = timezone.now()
    given = services.consent_set(person=person, kind="share_contact", given=True, method="oral", actor=secretary)
    withdrawn = services.consent_set(person=person, kind="publish_name", given=False, method="paper",
                                     actor=secretary)
    assert services.consent_set(person=person, kind="publish_name", given=False, method="paper",
                                actor=secretary) is None  # already withdrawn: nothing new

    person.refresh_from_db()
    assert (person.publish_name, person.share_contact, person.photo_consent) == (False, True, False)
    assert (given.given, given.method, given.recorded_by) == (True, "oral", secretary)
    assert (withdrawn.given, withdrawn.method, withdrawn.recorded_by) == (False, "paper", secretary)
    assert before <= withdrawn.recorded_at <= timezone.now()
    history = list(Consent.objects.filter(person=person).values_list("kind", "given"))
    assert history == [("publish_name", False), ("share_contact", True), ("publish_name", True)]  # newest first

    events = AuditEvent.objects.filter(action__startswith="councils.consent.").order_by("id")
    assert [e.action for e in events] == ["councils.consent.given", "councils.consent.given",
                                          "councils.consent.withdrawn"]
    assert events.last().actor == secretary and events.last().after["method"] == "paper"


def test_person_save_cannot_bypass_the_history(setup):
    """person_save (the form, the demo, tests) routes consents through consent_set."""
    council, secretary, person = setup
    services.person_save(council=council, instance=person, actor=secretary, photo_consent=True,
                         consent_method="email")
    row = Consent.objects.filter(person=person).first()
    assert (row.kind, row.given, row.method, row.recorded_by) == ("photo_consent", True, "email", secretary)
    # A form that already set the attribute on the instance: the change is still recorded.
    person.share_contact = True
    services.person_save(council=council, instance=person, actor=secretary, share_contact=True, consent_method="oral")
    assert Consent.objects.filter(person=person, kind="share_contact", given=True, method="oral").exists()
    with pytest.raises(ApplicationError, match="Vælg hvordan"):
        services.consent_set(person=person, kind="publish_name", given=False, method="telepati", actor=secretary)
    assert Person.objects.get(pk=person.pk).publish_name is True


def test_the_person_page_asks_how_and_shows_the_history(client, setup):
    council, secretary, person = setup
    client.force_login(secretary)
    url = f"/{council.slug}/intern/personer/{person.pk}/"
    form = {"name": person.name, "email": person.email, "phone": "", "address": "", "preferred_channel": "email",
            "wants_reminders": "on", "public_title": "", "organisation": "", "notes": "", "lived_experience": "",
            "share_contact": "on"}  # publish_name unticked: withdrawn
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Vælg hvordan personen gav eller trak samtykket tilbage." in response.content.decode()
    assert Person.objects.get(pk=person.pk).publish_name is True  # nothing changed

    assert client.post(url, {**form, "consent_method": "paper"}).status_code == 302
    person.refresh_from_db()
    assert (person.publish_name, person.share_contact) == (False, True)
    html = client.get(url).content.decode()
    history = html[html.index('id="consent-heading"'):]
    assert "trukket tilbage" in history and "På papir" in history and "Sekretær Sanne" in history
    assert history.count("<tr>") == 1 + 3  # the header and three changes


def test_a_withdrawal_removes_the_name_from_the_cached_public_pages_at_once(
        client, setup, public_cache, django_capture_on_commit_callbacks):
    council, secretary, person = setup
    pages = [f"/{council.slug}/", f"/{council.slug}/medlemmer/"]
    assert person.name in client.get(pages[1]).content.decode()
    for page in pages:
        client.get(page)
    assert client.get(pages[1])["X-Stemme-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.consent_set(person=person, kind="publish_name", given=False, method="oral", actor=secretary)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert person.name not in response.content.decode(), page
    # Given again, the name is back: the pages follow the consent both ways.
    with django_capture_on_commit_callbacks(execute=True):
        services.consent_set(person=person, kind="publish_name", given=True, method="online", actor=secretary)
    assert person.name in client.get(pages[1]).content.decode()


def test_the_appointment_records_the_consent_given_in_the_application(setup):
    from councils.models import RecruitmentCall, SeatCategory, Term

    council, secretary, _ = setup
    term = Term.objects.get(council=council)
    deadline = timezone.make_aware(dt.datetime(2026, 1, 10, 12))
    call = services.call_save(council=council, term=term, title="Opslag", text="Søg", deadline=deadline,
                              published=True, actor=secretary)
    category = SeatCategory.objects.filter(council=council, term=term, open_to_applicants=True).first()
    cand = services.candidacy_submit(call=RecruitmentCall.objects.get(pk=call.pk), name="Ali Ansøger",
                                     email="ali@ex.org", motivation="Jeg vil gerne", publish_name=True,
                                     seat_category=category, now=deadline - dt.timedelta(days=2))
    services.candidacy_review(candidacy=cand, actor=secretary, status="selected", decision_role="member",
                              decision_seat_category=category)
    services.appointment_record(call=call, decision_date=dt.date(2026, 1, 20), reference="KB 20.01.2026",
                                actor=secretary)
    person = Person.objects.get(council=council, name="Ali Ansøger")
    assert person.publish_name is True
    row = Consent.objects.get(person=person)
    assert (row.kind, row.given, row.method, row.recorded_by) == ("publish_name", True, "application", secretary)


def test_a_member_withdraws_and_gives_online_by_themselves(client, setup, make_user, add_member):
    council, secretary, person = setup
    user = make_user("kirsten@ex.org", name="Kirsten Kendtnavn")
    Person.objects.filter(pk=person.pk).update(user=user)
    other = add_member(council, "Otto Anden", publish=True).person
    client.force_login(user)
    url = f"/{council.slug}/intern/mine-samtykker/"
    page = client.get(url).content.decode()
    assert "Mit navn må vises offentligt" in page
    assert 'href="/samtykke/intern/mine-samtykker/"' in client.get(f"/{council.slug}/intern/mine-paamindelser/") \
        .content.decode()

    assert client.post(url, {"photo_consent": "on"}).status_code == 302  # name unticked: withdrawn
    person.refresh_from_db()
    assert (person.publish_name, person.share_contact, person.photo_consent) == (False, False, True)
    rows = list(Consent.objects.filter(person=person).order_by("id").values_list("kind", "given", "method",
                                                                                  "recorded_by"))
    assert rows[1:] == [("publish_name", False, "online", user.pk), ("photo_consent", True, "online", user.pk)]
    assert Person.objects.get(pk=other.pk).publish_name is True  # only their own
    client.force_login(secretary)  # not one of the council's people: nothing to consent to
    assert "ingen samtykker fra dig" in client.get(url).content.decode()
