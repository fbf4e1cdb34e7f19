"""Reads of public events (activities.selectors.events): only the council's own public events,
the date range, upcoming then this year's past, the front page's next three, places left, and
the secretariat's list in order."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import Event
from activities.selectors import events as selectors
from activities.services import citizens as services
from activities.tests.events_builders import public_event, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(make_council):
    return make_council("sydby", name="Udsatterådet Sydby")


def test_public_events_are_the_councils_own_public_ones_in_the_range(pw, other):
    soon = public_event(pw.council, title="Snart", days=5)
    later = public_event(pw.council, title="Senere", days=40)
    public_event(pw.council, title="Ikke offentligt", days=6, is_public=False)
    public_event(other, title="Sydby", days=5)

    assert [e.title for e in selectors.public_events(council=pw.council)] == ["Snart", "Senere"]
    window = selectors.public_events(council=pw.council, start=today() + dt.timedelta(days=5),
                                     end=today() + dt.timedelta(days=5))
    assert window == [soon]
    assert selectors.public_events(council=pw.council, start=today() + dt.timedelta(days=6)) == [later]


def test_the_public_list_has_upcoming_then_this_years_past(pw):
    coming = public_event(pw.council, title="Kommende", days=3)
    past = public_event(pw.council, title="Overstået", days=1)
    ago = timezone.now() - dt.timedelta(hours=5)
    Event.objects.filter(pk=past.pk).update(starts_at=ago, ends_at=ago + dt.timedelta(hours=2))
    last_year = public_event(pw.council, title="Sidste år", days=1)
    Event.objects.filter(pk=last_year.pk).update(starts_at=ago.replace(year=ago.year - 1),
                                                 ends_at=ago.replace(year=ago.year - 1) + dt.timedelta(hours=2))

    listing = selectors.public_event_list(council=pw.council)

    assert listing.upcoming == [coming]
    assert [e.title for e in listing.past] == (["Overstået"] if timezone.localtime(ago).year == today().year else [])


def test_places_left_count_only_signed_up_citizens(pw):
    event = public_event(pw.council, public_capacity=2)
    services.citizen_signup(event=event, name="Kis")
    gone = services.citizen_signup(event=event, name="Bent")
    services.citizen_signup_cancel(event=event, token=gone.cancel_token)

    fetched = selectors.public_event_get(council=pw.council, pk=event.pk)

    assert fetched.places_left == 1
    assert selectors.public_event_get(council=pw.council, pk=public_event(pw.council).pk).places_left is None


def test_the_front_page_gets_the_next_three(pw):
    for n in range(5):
        public_event(pw.council, title=f"Møde {n}", days=10 - n)

    assert [e.title for e in selectors.upcoming_public_events(council=pw.council)] == ["Møde 4", "Møde 3", "Møde 2"]


def test_the_secretariats_list_keeps_the_waiting_order(pw):
    event = public_event(pw.council, public_capacity=1)
    for name in ("Kis", "Bent", "Lone", "Mogens"):
        services.citizen_signup(event=event, name=name)

    citizens = selectors.citizen_list(event=event)

    assert [s.name for s in citizens.signed_up] == ["Kis"] and citizens.count == 1
    assert [s.name for s in citizens.waiting] == ["Bent", "Lone", "Mogens"]
