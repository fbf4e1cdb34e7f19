"""Erasure and anonymisation (GDPR art. 17): a former member who asks is anonymised; afterwards no
column of any table holds their name, e-mail or phone, the published minutes still read, and the
audit log says that it happened without what was removed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from councils import services as council_services
from councils.models import Candidacy, Person, RecruitmentCall
from finance import services as finance_services
from finance.models import PerDiemOptOut
from meetings.models import AgendaItem, Attendance
from meetings.services import minutes as minutes_services
from meetings.tests.easyread_builders import DAY, held_meeting, make_board, publish_minutes
from notifications import services as outbox
from notifications.models import OutboxMessage
from privacy import erasure
from privacy.models import Erasure
from privacy.tests.scan import tables_holding, text_column_count

NAME = "Bjørn Østergaard"
EMAIL = "bjoern.oestergaard@example.org"
LOGIN = "bjoern.login@example.org"
PHONE = "+4520304050"
DECISION = f"{NAME} foreslog flere bænke ved stationen. Rådet støtter forslaget."
DISSENT = f"{NAME}s mindretalsudtalelse: bænkene skal have ryglæn."


@pytest.fixture
def world(make_council, add_member, make_user):
    return build_world(make_council, add_member, make_user)


def build_world(make_council, add_member, make_user) -> dict:
    """A council whose member Bjørn Østergaard (named in a published decision and dissent, with a
    login, a per diem opt-out, a sent message and a candidacy) has left."""
    council, people, secretary = make_board(make_council, add_member, make_user, slug="glemmer")
    membership = add_member(council, NAME, email=EMAIL, phone=PHONE, address="Vestergade 1, 2620 Albertslund",
                            notes="Ringer helst om formiddagen.", publish=True)
    person = membership.person
    Person.objects.filter(pk=person.pk).update(publish_name=True)
    user = make_user(LOGIN, name=NAME)
    council_services.person_save(council=council, instance=person, user=user, actor=secretary)
    people[NAME] = person
    meeting = held_meeting(council, people, secretary)
    item = AgendaItem.objects.get(meeting=meeting, title="Bænke i byen")
    minutes_services.item_minutes_save(item=item, decision=DECISION, dissent=DISSENT,
                                       expected_version=item.minutes_version, actor=secretary)
    publish_minutes(meeting)
    finance_services.opt_out_create(council=council, person=person, since=dt.date(2026, 3, 1), note="Kontanthjælp",
                                    actor=secretary)
    message = outbox.outbox_enqueue(council=council, channel="email", person=person, to_address=EMAIL,
                                    subject="Indkaldelse", body=f"Kære {NAME}\nDu er indkaldt.",
                                    kind="meetings.invitation")
    OutboxMessage.objects.filter(pk=message.pk).update(status="sent", sent_at=timezone.now())
    call = RecruitmentCall.objects.create(council=council, term=membership.term, title="Bliv medlem", text="Søg nu",
                                          deadline=timezone.now() - dt.timedelta(days=400), published=True)
    Candidacy.objects.create(council=council, call=call, name=NAME, email=EMAIL, phone=PHONE,
                             motivation="Jeg har selv været hjemløs i to år.", person=person, status="appointed")
    council_services.membership_end(membership=membership, end=DAY + dt.timedelta(days=20), reason="withdrew",
                                    note="Flytter til Aarhus", actor=secretary)
    person.refresh_from_db()
    return {"council": council, "person": person, "user": user, "secretary": secretary, "meeting": meeting,
            "item": item, "other_member": people["Anne Åben"]}


def needles() -> list[str]:
    return [NAME, EMAIL, LOGIN, PHONE, "20 30 40 50", "Vestergade 1", "Ringer helst", "selv været hjemløs",
            "Kontanthjælp", "Flytter til Aarhus"]


def erase_url(council, person) -> str:
    return reverse("privacy:erasure_confirm", args=[council.slug, person.pk])


def test_after_erasure_no_column_of_any_table_holds_the_name_email_or_phone(
        world, client, django_capture_on_commit_callbacks):
    council, person = world["council"], world["person"]
    before = tables_holding(needles())
    assert {"councils_person.name", "councils_person.email", "meetings_agendaitem.decision",
            "meetings_agendaitem.dissent", "core_auditevent.after", "accounts_user.email",
            "notifications_outboxmessage.body", "councils_candidacy.motivation"} <= set(before)
    attendances = Attendance.objects.filter(person=person).count()

    client.force_login(world["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(erase_url(council, person), {"confirmed": "on"})

    assert response.status_code == 302
    left = tables_holding(needles())
    tables, columns = text_column_count()
    assert left == {}, f"still found in {left} ({tables} tables, {columns} columns searched)"
    person.refresh_from_db()
    assert person.name == "Et tidligere medlem" and person.user_id is None
    assert Attendance.objects.filter(person=person).count() == attendances  # the record stays
    world["user"].refresh_from_db()
    assert not world["user"].is_active
    assert not PerDiemOptOut.objects.filter(person=person).exists()
    item = AgendaItem.objects.get(pk=world["item"].pk)
    assert item.decision == "Et medlem foreslog flere bænke ved stationen. Rådet støtter forslaget."
    assert item.dissent == "Et medlems mindretalsudtalelse: bænkene skal have ryglæn."


def test_the_published_minutes_keep_their_meaning(world, client):
    council, meeting = world["council"], world["meeting"]
    public_url = reverse("public:meeting", args=[council.slug, meeting.pk])
    page = client.get(public_url).content.decode()
    assert NAME in page and "foreslog flere bænke ved stationen" in page

    erasure.person_erase(council=council, person=world["person"], actor=world["secretary"])

    page = client.get(public_url).content.decode()
    assert NAME not in page
    assert "Et medlem foreslog flere bænke ved stationen. Rådet støtter forslaget." in page
    assert "Anne Åben" in page  # the others are as they were


def test_the_audit_log_keeps_that_it_happened_not_what(world):
    council, person = world["council"], world["person"]
    erasure.person_erase(council=council, person=person, actor=world["secretary"])

    event = AuditEvent.objects.get(action="privacy.erasure", council=council)
    assert event.object_id == str(person.pk) and event.actor == world["secretary"]
    assert event.before == {} and set(event.after) == {"tables", "rows"}
    assert event.after["rows"] >= 10
    text = str(event.after)
    assert all(value not in text for value in needles())
    record = Erasure.objects.get(council=council, person=person)
    assert record.role_label == "Et tidligere medlem" and record.counts["councils_person"] == 1
    # The earlier event that created the person still exists, its values scrubbed.
    created = AuditEvent.objects.filter(object_type="councils.person", object_id=str(person.pk)).exclude(
        action="privacy.erasure")
    assert created.exists()
    assert all(NAME not in str(e.after) and EMAIL not in str(e.after) for e in created)


def test_the_confirmation_page_shows_what_will_happen_and_changes_nothing(world, client):
    council, person = world["council"], world["person"]
    client.force_login(world["secretary"])

    response = client.get(erase_url(council, person))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Personen står fremover som “Et tidligere medlem”." in page
    assert "Fremmøde ved 1 møde bevares med rollen i stedet for navnet." in page
    assert "Brugerkontoen lukkes" in page and "1 fravalg af diæter" in page
    person.refresh_from_db()
    assert person.name == NAME and not Erasure.objects.exists()


def test_without_the_tick_nothing_happens(world, client):
    client.force_login(world["secretary"])
    response = client.post(erase_url(world["council"], world["person"]), {})
    assert response.status_code == 400
    assert "Sæt flueben for at bekræfte" in response.content.decode()
    assert Person.objects.get(pk=world["person"].pk).name == NAME


def test_a_person_with_a_running_membership_is_refused_in_danish(world, client):
    council, member = world["council"], world["other_member"]
    client.force_login(world["secretary"])

    shown = client.get(erase_url(council, member)).content.decode()
    response = client.post(erase_url(council, member), {"confirmed": "on"})

    message = "Anne Åben har et løbende medlemskab. Afslut medlemskabet på personens side, før personen anonymiseres."
    assert message in shown
    assert response.status_code == 400 and message in response.content.decode()
    assert Person.objects.get(pk=member.pk).name == "Anne Åben"
    assert not Erasure.objects.exists()


def test_twice_is_refused(world):
    council, person = world["council"], world["person"]
    erasure.person_erase(council=council, person=person, actor=world["secretary"])
    with pytest.raises(Exception, match="allerede anonymiseret"):
        erasure.person_erase(council=council, person=Person.objects.get(pk=person.pk), actor=world["secretary"])


def test_another_councils_person_is_404_and_left_alone(world, client, make_council, make_user, add_member):
    other_secretary = make_user("sek@andet.dk")
    other = make_council("andetraad", secretary=other_secretary)
    twin = add_member(other, NAME, email=EMAIL, phone=PHONE).person
    Person.objects.filter(pk=twin.pk).update(council=other)

    client.force_login(world["secretary"])
    assert client.get(erase_url(world["council"], twin)).status_code == 404
    assert client.post(erase_url(world["council"], twin), {"confirmed": "on"}).status_code == 404

    erasure.person_erase(council=world["council"], person=world["person"], actor=world["secretary"])
    twin.refresh_from_db()
    assert (twin.name, twin.email, twin.phone) == (NAME, EMAIL, PHONE)


def test_a_member_gets_403_and_a_stranger_is_sent_to_log_in(world, client, make_user):
    council, person = world["council"], world["person"]
    member_user = make_user("anne.login@example.org")
    council_services.person_save(council=council, instance=world["other_member"], user=member_user)
    client.force_login(member_user)
    assert client.get(erase_url(council, person)).status_code == 403
    assert client.post(erase_url(council, person), {"confirmed": "on"}).status_code == 403
    assert client.get(reverse("privacy:erasure_list", args=[council.slug])).status_code == 403
    client.logout()
    assert client.get(erase_url(council, person)).status_code == 302
    assert Person.objects.get(pk=person.pk).name == NAME


def test_the_list_offers_former_members_only(world, client, django_assert_max_num_queries):
    client.force_login(world["secretary"])
    url = reverse("privacy:erasure_list", args=[world["council"].slug])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert f"Anonymisér {NAME}" in page
    assert "Anonymisér Anne Åben" not in page


def test_the_person_page_leads_the_secretariat_to_the_erasure_and_nobody_else(world, client, make_user):
    council, person = world["council"], world["person"]
    page_url = reverse("councils:person", args=[council.slug, person.pk])
    client.force_login(world["secretary"])

    page = client.get(page_url).content.decode()

    assert erase_url(council, person) in page
    admin = make_user("platform@example.org", superuser=True)
    client.force_login(admin)  # the platform admin may see the person page, not erase (privacy.manage)
    response = client.get(page_url)
    assert response.status_code == 200 and erase_url(council, person) not in response.content.decode()
