"""The public event pages (public/views/events.py): the list and the page of a public event, the
citizens' sign-up (honeypot, rate limit, CPR guard, waiting list), the thank-you and cancel
pages, tenancy (404 for another council's or a non-public event), the calendar feed, the
sitemap, the front page's block, and the query budgets."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import CitizenSignup, Event
from activities.services import citizens as services
from activities.tests.events_builders import at, public_event, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(council, secretary):
    return public_event(council, public_capacity=1, actor=secretary, meal="Vi spiser sammen kl. 18.",
                        accessibility="Niveaufri adgang. Handicaptoilet. Teleslynge i salen.",
                        description="Kom og fortæl rådet, hvad der skal til.")


def _url(event, suffix=""):
    return f"/{event.council.slug}/arrangementer/{event.pk}/{suffix}"


def test_the_list_shows_upcoming_public_events_and_this_years_past_ones(client, council, event):
    hidden = public_event(council, title="Intern temadag", is_public=False)
    not_own = public_event(council, title="RSU-konference", is_public=False, own=False)
    past = public_event(council, title="Dialogmøde i foråret", days=1)
    Event.objects.filter(pk=past.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3),
                                            ends_at=timezone.now() - dt.timedelta(hours=1))

    page = client.get("/nordby/arrangementer/").content.decode()

    assert "Borgermøde om ældrepolitik" in page and "1 ledig plads" in page
    assert "Dialogmøde i foråret" in page.split('data-testid="past-events"')[1]
    assert hidden.title not in page and not_own.title not in page


def test_the_event_page_shows_time_place_map_accessibility_meal_and_places(client, event):
    page = client.get(_url(event)).content.decode()

    assert "Musikteatret, Albertslund" in page and "openstreetmap.org/search?query=Musikteatret" in page
    assert "Teleslynge i salen" in page and "Vi spiser sammen kl. 18." in page
    assert "Der er 1 ledig plads." in page
    assert "kaldenavn" in page and 'name="website"' in page


@pytest.mark.parametrize("which", ["not_public", "other_council", "missing"])
def test_a_non_public_or_another_councils_event_is_404(client, council, other_council, which):
    if which == "not_public":
        target = f"/nordby/arrangementer/{public_event(council, is_public=False).pk}/"
    elif which == "other_council":
        target = f"/nordby/arrangementer/{public_event(other_council).pk}/"
    else:
        target = "/nordby/arrangementer/999999/"

    assert client.get(target).status_code == 404
    assert client.post(target, {"name": "Bent"}).status_code == 404
    assert not CitizenSignup.objects.exists()


def test_signing_up_gives_a_place_then_the_waiting_list(client, event):
    response = client.post(_url(event), {"name": "Kis", "phone": "20 30 40 50"})

    signup = CitizenSignup.objects.get(name="Kis")
    assert response.status_code == 302 and response["Location"] == _url(event, f"tak/{signup.cancel_token}/")
    thanks = client.get(response["Location"]).content.decode()
    assert "Du har fået en plads" in thanks and f"/nordby/arrangementer/afmeld/{signup.cancel_token}/" in thanks
    assert signup.phone == "+4520304050"

    response = client.post(_url(event), {"name": "Bent"}, follow=True)
    assert "du står på ventelisten" in response.content.decode()
    assert "Skriv mig på ventelisten" in client.get(_url(event)).content.decode()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_saved(client, event):
    response = client.post(_url(event), {"name": "Bent", "website": "http://spam.example"})

    assert response.status_code == 200 and "Vi har modtaget din tilmelding" in response.content.decode()
    assert not CitizenSignup.objects.exists()


def test_the_signup_is_rate_limited_and_keeps_what_was_typed(client, council, settings):
    settings.STEMME_RATE_LIMITS = {"public.event_signup": "2/h"}
    event = public_event(council)
    for n in range(2):
        assert client.post(_url(event), {"name": f"Borger {n}"}).status_code == 302

    response = client.post(_url(event), {"name": "Kis fra Hyldespjældet"})

    assert response.status_code == 429 and "Kis fra Hyldespjældet" in response.content.decode()
    assert CitizenSignup.objects.count() == 2


def test_a_cpr_number_in_the_name_is_refused_in_danish_and_nothing_is_lost(client, event):
    response = client.post(_url(event), {"name": "Bent 010203-1234", "phone": "20304050"})

    page = response.content.decode()
    assert response.status_code == 400 and "CPR" in page
    assert 'value="20304050"' in page
    assert not CitizenSignup.objects.exists()


def test_a_wrong_phone_number_is_refused_in_danish_and_kept(client, event):
    response = client.post(_url(event), {"name": "Bent", "phone": "1234"})

    page = response.content.decode()
    assert response.status_code == 400 and "dansk telefonnummer med 8 cifre" in page and 'value="1234"' in page


def test_after_the_deadline_the_page_says_so_and_a_post_is_refused(client, council):
    event = public_event(council, days=5, signup_deadline=today() - dt.timedelta(days=1))

    page = client.get(_url(event)).content.decode()
    response = client.post(_url(event), {"name": "Bent"})

    assert "Tilmeldingsfristen var" in page and 'data-testid="citizen-signup"' not in page
    assert response.status_code == 400 and "Tilmeldingsfristen var" in response.content.decode()
    assert not CitizenSignup.objects.exists()


def test_the_cancel_link_asks_first_and_moves_the_waiting_list_up(client, event):
    taken = services.citizen_signup(event=event, name="Kis")
    waiting = services.citizen_signup(event=event, name="Bent")
    link = f"/nordby/arrangementer/afmeld/{taken.cancel_token}/"

    page = client.get(link).content.decode()
    taken.refresh_from_db()
    assert "Du har en plads." in page and taken.is_signed_up  # opening the link cancels nothing

    response = client.post(link, follow=True)

    waiting.refresh_from_db()
    assert "Du er meldt fra." in response.content.decode() and waiting.is_signed_up
    assert client.get("/nordby/arrangementer/afmeld/not-a-token/").status_code == 404


def test_another_councils_cancel_link_is_404(client, council, other_council, event):
    signup = services.citizen_signup(event=event, name="Kis")

    assert client.get(f"/{other_council.slug}/arrangementer/afmeld/{signup.cancel_token}/").status_code == 404
    assert client.get(f"/{other_council.slug}/arrangementer/{event.pk}/tak/{signup.cancel_token}/").status_code == 404


def test_the_calendar_feed_has_the_public_events_only(client, council, event):
    hidden = public_event(council, title="Intern temadag", is_public=False)

    response = client.get("/nordby/arrangementer.ics")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:event-{event.pk}.council-{council.pk}@stemme" in body and "Borgermøde om ældrepolitik" in body
    assert hidden.title not in body and "TZID=Europe/Copenhagen" in body


def test_the_sitemap_lists_public_events(client, council, event):
    hidden = public_event(council, is_public=False)

    body = client.get("/sitemap.xml").content.decode()

    assert f"/nordby/arrangementer/{event.pk}/</loc>" in body and "/nordby/arrangementer/</loc>" in body
    assert f"/nordby/arrangementer/{hidden.pk}/</loc>" not in body


def test_the_front_page_shows_the_next_three_public_events(client, council):
    for n in range(4):
        public_event(council, title=f"Borgermøde nr. {n}", days=10 + n)

    page = client.get("/nordby/").content.decode()

    block = page.split('data-testid="home-events"')[1]
    assert "Borgermøde nr. 0" in block and "Borgermøde nr. 2" in block and "Borgermøde nr. 3" not in block


def test_query_budgets_stay_flat_as_events_and_signups_grow(client, council, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            event = public_event(council, title=f"Møde {i}", days=5 + i, public_capacity=3,
                                 starts_at=at(today() + dt.timedelta(days=5 + i), 18))
            for j in range(4):
                services.citizen_signup(event=event, name=f"Borger {i}-{j}")
        return event

    event = grow(2)
    with django_assert_max_num_queries(6) as small:
        client.get("/nordby/arrangementer/")
    with django_assert_max_num_queries(6):
        client.get(_url(event))
    event = grow(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/nordby/arrangementer/")
    with django_assert_max_num_queries(6):
        client.get(_url(event))


def test_the_poster_is_a_pdf_with_the_short_address_and_only_for_public_events(client, council, event):
    from public.shortlinks import short_path

    response = client.get(_url(event, "plakat.pdf"))
    hidden = public_event(council, is_public=False)

    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF")
    assert 'data-testid="poster-button"' in client.get(_url(event)).content.decode()
    assert client.get(short_path("event", event.pk))["Location"] == _url(event)
    assert client.get(_url(hidden, "plakat.pdf")).status_code == 404
    assert client.get(short_path("event", hidden.pk)).status_code == 404
