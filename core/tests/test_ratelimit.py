"""Rate limits for the forms anyone can send (core.ratelimit, core.forms.PublicFormMixin): a
fixed window per form and client address; a refusal is a 429 with a Danish message and the
form with everything typed; another address or the next window is not affected."""

import pytest
from django.test import RequestFactory

from activities.models import Idea
from core import ratelimit
from core.forms import form_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text,expected", [("5/h", (5, 3600)), ("10/15m", (10, 900)), (" 3 / d ", (3, 86400)),
                                           ("1/s", (1, 1))])
def test_parse_rate(text, expected):
    assert ratelimit.parse_rate(text) == expected


@pytest.mark.parametrize("text", ["5", "5/x", "h/5", ""])
def test_a_rate_that_is_not_a_rate_fails_loudly(text):
    with pytest.raises(ValueError):
        ratelimit.parse_rate(text)


def test_an_unknown_scope_fails_loudly():
    with pytest.raises(LookupError):
        ratelimit.hit(RequestFactory().post("/"), "public.no-such-form")


def test_client_ip_trusts_forwarded_for_only_behind_the_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.STEMME_TRUSTED_PROXIES = 0
    assert ratelimit.client_ip(request) == "127.0.0.1"
    settings.STEMME_TRUSTED_PROXIES = 1  # nginx appended the address it saw; the first entry is the client's claim
    assert ratelimit.client_ip(request) == "203.0.113.7"
    settings.STEMME_TRUSTED_PROXIES = 3  # fewer entries than proxies: not trustworthy
    assert ratelimit.client_ip(request) == "127.0.0.1"
    request.META.pop("REMOTE_ADDR")  # e.g. force_login's request: no address (axes stores NULL, not a bad inet)
    assert ratelimit.client_ip(request) == ""


def test_ipv6_clients_are_counted_per_64_network():
    assert ratelimit.client_key("2001:db8:1:2:aaaa::1") == ratelimit.client_key("2001:db8:1:2:bbbb::2")
    assert ratelimit.client_key("2001:db8:1:3::1") != ratelimit.client_key("2001:db8:1:2::1")
    assert ratelimit.client_key("192.0.2.1") == "192.0.2.1"


def test_the_window_ends(monkeypatch, settings):
    settings.STEMME_RATE_LIMITS = {"public.idea": "2/h"}
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    now = [7200.0 * 1000]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    ratelimit.hit(request, "public.idea")
    ratelimit.hit(request, "public.idea")
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit(request, "public.idea")
    assert refused.value.retry_after == 3600
    assert "Vent 60 minutter" in refused.value.message

    now[0] += 3600
    ratelimit.hit(request, "public.idea")  # a new window


# --- Through the forms -----------------------------------------------------------------------

@pytest.fixture
def council(make_council):
    return make_council("borgerraad")


def send_idea(client, council, n, ip="192.0.2.1", **extra):
    return client.post(f"/{council.slug}/ideer/", {"title": f"Idé nummer {n}", "description": "Varme stuer.",
                                                   **extra}, REMOTE_ADDR=ip)


def test_the_idea_form_refuses_the_eleventh_idea_in_an_hour_and_keeps_the_text(client, council):
    for n in range(10):
        assert send_idea(client, council, n).status_code == 302

    response = send_idea(client, council, 11, description="Min lange tekst om varme stuer, som ikke må gå tabt.")

    page = response.content.decode()
    assert response.status_code == 429
    assert "Der er sendt mange henvendelser herfra på kort tid, så formularen er ikke sendt." in page
    assert "Min lange tekst om varme stuer, som ikke må gå tabt." in page and 'value="Idé nummer 11"' in page
    assert '<html lang="da">' in page and "<footer" in page  # the site's layout
    assert Idea.objects.filter(council=council).count() == 10


def test_another_address_may_still_send(client, council):
    for n in range(10):
        send_idea(client, council, n)

    assert send_idea(client, council, 11, ip="192.0.2.2").status_code == 302


def test_mistakes_do_not_use_up_the_limit(client, council, settings):
    settings.STEMME_RATE_LIMITS = {"public.idea": "2/h"}
    for _ in range(5):
        assert client.post(f"/{council.slug}/ideer/", {"title": ""}, REMOTE_ADDR="192.0.2.1").status_code == 400

    assert send_idea(client, council, 1).status_code == 302


def test_a_rate_limit_outside_a_form_is_a_429_page_with_retry_after(client, db, settings):
    from django.urls import path

    from config import urls

    def limited(request):
        ratelimit.hit(request, "public.idea")
        raise AssertionError("unreachable")

    settings.STEMME_RATE_LIMITS = {"public.idea": "0/h"}
    settings.ROOT_URLCONF = type("Urls", (), {"urlpatterns": [path("begraenset/", limited)] + urls.urlpatterns})

    response = client.post("/begraenset/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "For mange henvendelser" in page and "Vent " in page and "<footer" in page


def test_form_status():
    from django import forms

    class F(forms.Form):
        name = forms.CharField()

    assert form_status(F()) == 200
    assert form_status(F({"name": "x"})) == 200
    assert form_status(F({"name": ""})) == 400
    assert form_status(None, F({"name": "x"}), F({})) == 400
    refused = F({"name": "x"})
    refused.is_valid()
    refused.add_error(None, forms.ValidationError("vent", code=ratelimit.RATE_LIMITED_CODE))
    assert form_status(F({}), refused) == 429
