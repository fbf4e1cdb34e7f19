"""The "Abonnér" page and the alert links (docs/workflows/feeds-and-alerts.md): the page explains
mail, calendar and RSS with the addresses to copy; the sign-up form queues a confirmation and
always answers the same page (it never tells whether an address is signed up); a honeypot and a
rate limit; the confirmation link shows a button and the POST confirms, an old link is refused in
Danish; the unsubscribe link answers GET with a button and a one-click POST (RFC 8058, no CSRF
token) deletes the subscription; another council's links are refused; a query budget."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.templatetags.static import static
from django.test import Client
from django.utils import timezone

from notifications import services
from notifications.models import CitizenSubscription, OutboxMessage

pytestmark = pytest.mark.django_db
FORM = {"email": "borger@example.org", "topics": ["minutes", "responses"]}


def confirm_path(message: OutboxMessage) -> str:
    return re.search(r"http://testserver(/nordby/abonner/bekraeft/[^/\s]+/)", message.body).group(1)


def confirmed(client) -> CitizenSubscription:
    client.post("/nordby/abonner/", FORM)
    client.post(confirm_path(OutboxMessage.objects.get(kind=services.CONFIRM_KIND)))
    return CitizenSubscription.objects.get()


def test_the_page_explains_mail_calendar_and_rss_with_the_addresses(client, council):
    page = client.get("/nordby/abonner/").content.decode()

    assert "<h1>Få nyt fra rådet</h1>" in page
    assert 'value="http://testserver/nordby/moeder.ics"' in page
    assert 'value="http://testserver/nordby/feeds/referater.xml"' in page
    assert 'value="http://testserver/nordby/arrangementer.ics"' in page
    assert 'name="email"' in page and 'value="minutes" checked' in page
    assert '<div hidden><div class="form-group">' in page and 'name="website"' in page
    assert f'src="{static("public/copy-link.js")}"' in page and "onclick" not in page


def test_the_council_page_and_the_footer_link_to_it(client, council):
    page = client.get("/nordby/").content.decode()
    assert page.count('href="/nordby/abonner/"') == 2


def test_sign_up_queues_a_confirmation_and_says_look_in_your_mail(client, council):
    response = client.post("/nordby/abonner/", FORM)

    assert response.status_code == 302 and response["Location"] == "/nordby/abonner/tjek-din-mail/"
    assert "Vi har sendt dig en mail med et link" in client.get(response["Location"]).content.decode()
    subscription = CitizenSubscription.objects.get()
    assert subscription.confirmed_at is None and subscription.topics == ["minutes", "responses"]
    assert OutboxMessage.objects.get().to_address == "borger@example.org"


def test_a_second_sign_up_gets_the_same_answer_and_no_second_row(client, council):
    confirmed(client)
    OutboxMessage.objects.all().delete()
    CitizenSubscription.objects.update(confirm_sent_at=None)  # long ago

    response = client.post("/nordby/abonner/", {**FORM, "email": "BORGER@example.org"})

    assert response["Location"] == "/nordby/abonner/tjek-din-mail/"
    assert CitizenSubscription.objects.count() == 1
    assert "Du får allerede nyheder" in OutboxMessage.objects.get().body


def test_a_refused_form_says_why_in_danish_and_keeps_the_address(client, council):
    response = client.post("/nordby/abonner/", {"email": "borger@example.org"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Vælg mindst én slags nyheder." in page and 'value="borger@example.org"' in page
    bad = client.post("/nordby/abonner/", {**FORM, "email": "borger(at)example.org"})
    assert bad.status_code == 400 and "Skriv en e-mailadresse som fx navn@eksempel.dk." in bad.content.decode()
    assert not CitizenSubscription.objects.exists()


def test_a_robot_filling_the_honeypot_is_sent_on_and_nothing_is_saved(client, council):
    response = client.post("/nordby/abonner/", {**FORM, "website": "http://spam.example"})

    assert response.status_code == 302 and not CitizenSubscription.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_form_is_rate_limited(client, council, settings):
    settings.STEMME_RATE_LIMITS = {"public.subscribe": "2/h"}
    for n in range(2):
        assert client.post("/nordby/abonner/", {**FORM, "email": f"b{n}@example.org"}).status_code == 302

    response = client.post("/nordby/abonner/", FORM)

    assert response.status_code == 429 and 'value="borger@example.org"' in response.content.decode()
    assert CitizenSubscription.objects.count() == 2


def test_the_confirmation_link_shows_a_button_and_the_post_confirms(client, council):
    client.post("/nordby/abonner/", FORM)
    path = confirm_path(OutboxMessage.objects.get())

    page = client.get(path)
    assert page.status_code == 200 and "Ja, send mig nyheder" in page.content.decode()
    assert CitizenSubscription.objects.get().confirmed_at is None   # a mail scanner's GET confirms nothing

    done = client.post(path)
    assert "Du får en mail, når Udsatterådet Nordby lægger nyt ud om: referater, høringssvar." in done.content.decode()
    assert CitizenSubscription.objects.get().confirmed_at is not None


def test_an_old_or_damaged_link_is_refused_in_danish(client, council, monkeypatch):
    client.post("/nordby/abonner/", FORM)
    path = confirm_path(OutboxMessage.objects.get())
    later = timezone.now() + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: later))  # the services' clock only

    old = client.post(path)

    assert old.status_code == 400 and "Linket er for gammelt. Det virker kun i 7 dage." in old.content.decode()
    damaged = client.post(path.replace("bekraeft/", "bekraeft/x"))
    assert damaged.status_code == 400 and "Linket virker ikke." in damaged.content.decode()
    assert CitizenSubscription.objects.get().confirmed_at is None


def test_another_councils_links_are_refused(client, council, other_council):
    subscription = confirmed(client)
    client.post("/nordby/abonner/", FORM)
    path = confirm_path(OutboxMessage.objects.filter(kind=services.CONFIRM_KIND).first())

    assert client.get(path.replace("/nordby/", "/sydby/")).status_code == 404
    assert client.post(path.replace("/nordby/", "/sydby/")).status_code == 404
    elsewhere = f"/sydby/abonner/afmeld/{subscription.unsubscribe_token}/"
    assert client.get(elsewhere).status_code == 404
    assert client.post(elsewhere, {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert CitizenSubscription.objects.filter(pk=subscription.pk).exists()


def test_unsubscribe_get_shows_a_button_and_one_click_post_unsubscribes_without_csrf(client, council):
    subscription = confirmed(client)
    path = f"/nordby/abonner/afmeld/{subscription.unsubscribe_token}/"

    page = client.get(path).content.decode()
    assert "Ja, afmeld mig" in page and 'name="List-Unsubscribe" value="One-Click"' in page
    assert CitizenSubscription.objects.exists()

    mail_client = Client(enforce_csrf_checks=True)   # a mail client's one-click button: no cookie, no token
    response = mail_client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200 and "Du er afmeldt" in response.content.decode()
    assert not CitizenSubscription.objects.exists()
    assert mail_client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200   # a retry is fine
    assert "Du er ikke tilmeldt" in client.get(path).content.decode()


def test_a_post_without_the_one_click_body_unsubscribes_nothing(client, council):
    subscription = confirmed(client)

    response = client.post(f"/nordby/abonner/afmeld/{subscription.unsubscribe_token}/", {})

    assert response.status_code == 400 and CitizenSubscription.objects.exists()


def test_only_the_unsubscribe_view_is_exempt_from_csrf(council):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/nordby/abonner/", FORM).status_code == 403


def test_the_page_keeps_its_query_budget(client, council, django_assert_max_num_queries):
    client.get("/nordby/abonner/")
    with django_assert_max_num_queries(6):
        assert client.get("/nordby/abonner/").status_code == 200
