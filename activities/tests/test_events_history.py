"""Events of an earlier term: recording who attended a 2018 event offers the people who were on the
council that day (not today's roster), and the list of past events shows how many took part."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from activities.selectors import events as selectors
from activities.services import events as services
from councils import services as council_services
from councils.models import Term

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
OLD = ["Anne Andersen", "Bo Bach", "Camilla Dam"]
NEW = ["Niels Nørgaard", "Pia Petersen"]


@pytest.fixture
def world(make_council, make_user, add_member):
    secretary = make_user("sek@albertslund.dk")
    council = make_council("albertslund", preset="albertslund2018", secretary=secretary,
                           term_start=dt.date(2018, 3, 13), term_end=dt.date(2021, 12, 31))
    old = [add_member(council, name, seat="Sagkyndige" if i < 2 else None, start=dt.date(2018, 3, 13))
           for i, name in enumerate(OLD)]
    first = Term.objects.get(council=council)
    council_services.term_create(council=council, name="2026–2029", start=dt.date(2026, 1, 1),
                                 end=dt.date(2029, 12, 31), copy_seats_from=first)
    new = [add_member(council, name, start=dt.date(2026, 2, 1)) for name in NEW]
    event = services.event_create(
        council=council, kind="dialogue", title="Dialogmøde for lokale udsatteråd", organiser="RSU",
        starts_at=dt.datetime(2018, 6, 14, 10, tzinfo=CPH), ends_at=dt.datetime(2018, 6, 14, 16, tzinfo=CPH),
        actor=secretary)
    return council, secretary, event, old, new


def test_the_attendance_form_of_a_2018_event_offers_the_2018_council(world, client):
    council, secretary, event, _old, _new = world
    choices = selectors.attendance_choices(council, selectors.event_get(council, event.pk))
    assert [p.name for p in choices.people] == OLD and choices.initial == []
    client.force_login(secretary)
    page = client.get(f"/albertslund/intern/arrangementer/{event.pk}/fremmoede/").content.decode()
    for name in OLD:
        assert name in page
    for name in NEW:
        assert name not in page


def test_someone_signed_up_is_offered_and_ticked_even_if_not_on_the_council_that_day(world):
    council, _secretary, event, _old, new = world
    from activities.models import EventSignup

    EventSignup.objects.create(council=council, event=event, person=new[0].person, status="signed_up")
    choices = selectors.attendance_choices(council, selectors.event_get(council, event.pk))
    assert [p.name for p in choices.people] == [*OLD, NEW[0]]
    assert choices.initial == [new[0].person.pk]


def test_a_2018_attendance_recorded_through_the_page_and_counted_in_the_list(world, client):
    council, secretary, event, old, new = world
    client.force_login(secretary)
    url = f"/albertslund/intern/arrangementer/{event.pk}/fremmoede/"
    # Someone from today's roster cannot be ticked for 2018.
    response = client.post(url, {"attended": [new[0].person.pk]})
    assert response.status_code == 400 and "Vælg deltagerne fra listen." in response.content.decode()
    assert client.post(url, {"attended": [m.person.pk for m in old]}).status_code == 302
    listing = selectors.event_list(council, past_year=2018)
    assert [len(r.attended) for r in listing.past] == [3]
    page = client.get("/albertslund/intern/arrangementer/?aar=2018").content.decode()
    assert 'data-testid="attended-count">3 medlemmer' in page
    assert "Deltog fra rådet" in page
