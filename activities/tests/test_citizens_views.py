"""The secretariat's side of a public event on the internal event page: the citizens' list with
phone numbers and the waiting list in order (events.citizens only: personal data), the door
list PDF, publishing from the page, the event form's public fields, and the number who came."""

import datetime as dt
import re

import pytest

from activities.models import Event
from activities.services import citizens as services
from activities.tests.events_builders import at, make_event, public_event, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(ew):
    event = public_event(ew.council, public_capacity=1, actor=ew.secretary)
    services.citizen_signup(event=event, name="Kis", phone="20304050")
    services.citizen_signup(event=event, name="Bent")
    return event


def test_the_secretariat_sees_the_citizens_phones_and_the_waiting_list(client, ew, event):
    client.force_login(ew.secretary)

    page = client.get(ew.url(event)).content.decode()

    table = page.split('data-testid="citizens"')[1]
    assert "Kis" in table and "+45 20 30 40 50" in table and "Venteliste nr. 1" in table
    assert "1 borger har en plads (af 1), 1 står på venteliste." in page
    assert "Fjern fra den offentlige side" in page


def test_members_see_neither_the_citizens_nor_the_door_list(client, ew, event):
    client.force_login(ew.user("Mads Lund"))

    page = client.get(ew.url(event)).content.decode()

    assert "20 30 40 50" not in page and 'data-testid="citizens"' not in page
    assert client.get(ew.url(event, "deltagerliste.pdf")).status_code == 403
    assert client.post(ew.url(event, "offentlig/"), {"public": "0"}).status_code == 403


def test_the_door_list_is_a_pdf_for_the_secretariat(client, ew, event):
    client.force_login(ew.secretary)

    response = client.get(ew.url(event, "deltagerliste.pdf"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "private, no-store"


def test_another_councils_secretary_gets_404(client, ew, event):
    client.force_login(ew.other_secretary)

    assert client.get(f"/{ew.other.slug}/intern/arrangementer/{event.pk}/deltagerliste.pdf").status_code == 404


def test_publishing_from_the_page_refuses_an_event_that_is_not_the_councils_own(client, ew):
    client.force_login(ew.secretary)
    own = make_event(ew, own=True)
    foreign = make_event(ew, own=False, title="Konference")

    client.post(ew.url(own, "offentlig/"), {"public": "1"})
    page = client.post(ew.url(foreign, "offentlig/"), {"public": "1"}, follow=True).content.decode()

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.is_public and not foreign.is_public
    assert "Kun rådets egne arrangementer" in page


def test_the_event_form_takes_the_public_fields(client, ew):
    client.force_login(ew.secretary)
    start = at(today() + dt.timedelta(days=30), 17)
    data = {"kind": "citizens", "own": "on", "title": "Borgermøde med spisning",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"), "place": "Kulturhuset",
            "is_public": "on", "public_capacity": "40", "accessibility": "Niveaufri adgang og teleslynge.",
            "meal": "Gratis aftensmad kl. 17."}

    form_page = client.get(ew.url(suffix="nyt/")).content.decode()
    response = client.post(ew.url(suffix="nyt/"), data)

    assert re.search(r'<textarea name="accessibility"[^>]*data-readability', form_page)
    assert response.status_code == 302
    event = Event.objects.get(title="Borgermøde med spisning")
    assert event.is_public and event.public_capacity == 40 and event.meal == "Gratis aftensmad kl. 17."


def test_the_event_form_refuses_public_without_own_in_danish(client, ew):
    client.force_login(ew.secretary)
    start = at(today() + dt.timedelta(days=30), 17)

    response = client.post(ew.url(suffix="nyt/"), {"kind": "conference", "title": "RSU-konference",
                                                   "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "is_public": "on"})

    assert response.status_code == 400 and "Kun rådets egne arrangementer" in response.content.decode()
    assert not Event.objects.filter(title="RSU-konference").exists()


def test_the_number_who_came_is_kept(client, ew, event):
    client.force_login(ew.secretary)
    Event.objects.filter(pk=event.pk).update(starts_at=at(today() - dt.timedelta(days=1), 18), ends_at=None,
                                             signup_deadline=None)

    client.post(ew.url(event, "borgere-moedt/"), {"count": "23"})

    event.refresh_from_db()
    assert event.citizens_attended == 23
