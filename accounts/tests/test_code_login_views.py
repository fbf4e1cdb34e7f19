"""The login-by-code pages (/konto/kode/, /konto/kode/indtast/, /konto/link/<token>/): the same
answer for a known and an unknown address, rate limits per client and per address, the code's
session, the login link's button, django-axes beside them, and staff still meeting their TOTP."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import CommandError, call_command

from accounts.models import User
from councils.models import Person
from notifications.models import OutboxMessage

REQUEST, ENTER = "/konto/kode/", "/konto/kode/indtast/"


def _text(response) -> str:
    return response.content.decode()


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def _ask(client, address, **extra):
    return client.post(REQUEST, {"address": address}, **extra)


def test_the_code_page_asks_for_an_email_or_a_mobile_number(client, db, sms_gateway):
    response = client.get(REQUEST)

    assert response.status_code == 200
    assert "Skriv din e-mail eller dit mobilnummer" in _text(response)
    assert 'autocomplete="username"' in _text(response)


def test_without_an_sms_gateway_the_page_asks_for_an_email_only(client, db):
    response = client.get(REQUEST)
    assert "Skriv din e-mail. Så sender vi dig en kode" in _text(response)

    refused = _ask(client, "22 34 56 78")
    assert refused.status_code == 400
    assert "Koden kan kun sendes på e-mail" in _text(refused)


def test_a_member_logs_in_with_the_code_and_lands_on_their_start_page(client, maja, code_from_outbox):
    asked = _ask(client, "maja@example.org")
    assert asked.status_code == 302 and asked["Location"] == ENTER
    page = client.get(ENTER)
    assert "Hvis adressen findes hos os, har vi sendt en kode til maja@example.org." in _text(page)

    response = client.post(ENTER, {"code": code_from_outbox("maja@example.org")})

    assert response.status_code == 302 and response["Location"] == "/konto/"
    user = User.objects.get(email="maja@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Person.objects.get(pk=maja.pk).user == user
    # A code is not a second factor: the session is not marked verified by django-otp.
    assert "otp_device_id" not in client.session
    # /konto/ takes a member of one council to that council's start page.
    assert client.get("/konto/")["Location"] == "/nordby/intern/"


def test_a_code_typed_with_spaces_works_and_next_is_kept(client, maja, code_from_outbox):
    client.get(REQUEST + "?next=/nordby/intern/kontaktliste/")
    client.post(REQUEST, {"address": "MAJA@example.org ", "next": "/nordby/intern/kontaktliste/"})
    code = code_from_outbox("maja@example.org")

    response = client.post(ENTER, {"code": f" {code[:3]} {code[3:]} "})

    assert response["Location"] == "/nordby/intern/kontaktliste/"


def test_next_may_not_leave_the_site(client, maja, code_from_outbox):
    client.post(REQUEST, {"address": "maja@example.org", "next": "https://evil.example/"})
    response = client.post(ENTER, {"code": code_from_outbox("maja@example.org")})
    assert response["Location"] == "/konto/"


def test_a_member_logs_in_by_sms(client, maja, sms_gateway, code_from_outbox):
    _ask(client, "+45 22 34 56 78")
    assert "har vi sendt en kode til +45 22 34 56 78" in _text(client.get(ENTER))

    response = client.post(ENTER, {"code": code_from_outbox("+4522345678")})

    assert response.status_code == 302
    assert User.objects.get().phone == "+4522345678"


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(client, maja, make_user):
    known = _ask(client, "maja@example.org")
    known_page = _without_tokens(_text(client.get(ENTER))).replace("maja@example.org", "X")
    other = client.__class__()
    unknown = _ask(other, "ukendt@example.org")
    unknown_page = _without_tokens(_text(other.get(ENTER))).replace("ukendt@example.org", "X")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_page == unknown_page
    assert OutboxMessage.objects.filter(to_address="ukendt@example.org").count() == 0
    # A wrong code looks the same too.
    wrong_known = client.post(ENTER, {"code": "000000"})
    wrong_unknown = other.post(ENTER, {"code": "000000"})
    assert wrong_known.status_code == wrong_unknown.status_code == 400
    assert "Koden passer ikke" in _text(wrong_known) and "Koden passer ikke" in _text(wrong_unknown)


def test_five_wrong_codes_look_the_same_for_a_known_and_an_unknown_address(client, maja, settings):
    settings.STEMME_LOGIN_CODE_THROTTLE_FACTOR = 0
    other = client.__class__()
    _ask(client, "maja@example.org")
    _ask(other, "ukendt@example.org")
    for browser in (client, other):
        for _ in range(5):
            last = browser.post(ENTER, {"code": "000000"})
        assert "Koden er skrevet forkert for mange gange" in _text(last), browser
        assert "Koden er skrevet forkert for mange gange" in _text(browser.post(ENTER, {"code": "000000"}))


def test_a_badly_typed_address_is_refused_and_kept(client, db):
    response = _ask(client, "maja@")
    assert response.status_code == 400
    assert "Skriv din e-mail (fx navn@eksempel.dk)" in _text(response)
    assert 'value="maja@"' in _text(response)


def test_a_badly_typed_code_is_refused_without_counting(client, maja):
    _ask(client, "maja@example.org")
    response = client.post(ENTER, {"code": "12345"})
    assert response.status_code == 400
    assert "Koden har 6 cifre" in _text(response)


def test_the_code_page_without_an_address_goes_back_to_the_start(client, db):
    assert client.get(ENTER)["Location"] == REQUEST


@pytest.mark.parametrize("address", ["maja@example.org", "ukendt@example.org"])
def test_codes_to_one_address_are_limited_whoever_asks(client, maja, settings, address):
    settings.STEMME_RATE_LIMITS = {"accounts.login_code_address": "3/h"}
    for n in range(3):
        assert _ask(client, address, REMOTE_ADDR=f"10.0.0.{n}").status_code == 302

    refused = _ask(client, address, REMOTE_ADDR="10.0.0.99")

    assert refused.status_code == 429
    assert "Der er sendt mange henvendelser herfra" in _text(refused)
    assert f'value="{address}"' in _text(refused)
    assert OutboxMessage.objects.count() == (3 if address.startswith("maja") else 0)


def test_codes_asked_for_from_one_client_are_limited(client, maja, settings):
    settings.STEMME_RATE_LIMITS = {"accounts.login_code": "4/h"}
    for n in range(4):
        assert _ask(client, f"nogen{n}@example.org").status_code == 302

    assert _ask(client, "maja@example.org").status_code == 429
    assert not OutboxMessage.objects.exists()


def test_codes_typed_from_one_client_are_limited(client, maja, settings):
    settings.STEMME_RATE_LIMITS = {"accounts.login_code_verify": "3/h"}
    settings.STEMME_LOGIN_CODE_THROTTLE_FACTOR = 0
    _ask(client, "maja@example.org")
    for _ in range(3):
        client.post(ENTER, {"code": "000000"})

    assert client.post(ENTER, {"code": "000000"}).status_code == 429


def _link(address="maja@example.org") -> str:
    body = OutboxMessage.objects.filter(to_address=address).latest("pk").body
    return re.search(r"https?://[^/\s]+(/konto/link/[^/\s]+/)", body).group(1)


def test_the_login_link_asks_for_a_tap_and_then_works_once(client, maja):
    _ask(client, "maja@example.org")
    link = _link()
    browser = client.__class__()  # opened on another device: no session from the request

    shown = browser.get(link)
    assert shown.status_code == 200 and "Tryk på knappen for at logge ind" in _text(shown)
    assert browser.get(link).status_code == 200  # looking at it does not spend it

    response = browser.post(link)
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(User.objects.get(email="maja@example.org").pk)

    again = client.__class__().post(link)
    assert again.status_code == 410 and "Linket virker ikke længere" in _text(again)
    assert client.__class__().get(link).status_code == 410


def test_axes_neither_blocks_nor_counts_the_code_and_the_link(client, maja, code_from_outbox):
    """django-axes hooks authenticate(); the code and the link do not authenticate with a password,
    so a locked password login does not stop them, and a spent link is no failed login. A login by
    code still reaches axes' access log (the user_logged_in signal)."""
    for n in range(5):
        client.post("/konto/log-ind/", {"username": "maja@example.org", "password": f"forkert-{n}"})
    assert client.post("/konto/log-ind/", {"username": "maja@example.org", "password": "x"}).status_code == 429

    _ask(client, "maja@example.org")
    response = client.post(ENTER, {"code": code_from_outbox("maja@example.org")})

    assert response.status_code == 302
    assert AccessLog.objects.filter(username="maja@example.org").exists()
    # Like any successful login of the address (AXES_RESET_ON_SUCCESS), the code lifts its lock.
    assert not AccessAttempt.objects.filter(username="maja@example.org").exists()
    client.logout()
    spent = client.__class__().post(_link())
    assert spent.status_code == 410
    assert not AccessAttempt.objects.exists()


def test_staff_who_log_in_by_code_still_give_their_totp(client, council, add_member, make_user, settings,
                                                        code_from_outbox):
    """The secretariat's TOTP (accounts.mfa) is not skipped by a code: the code is the first factor."""
    from councils import services as council_services

    settings.STEMME_REQUIRE_STAFF_TOTP = True
    secretary = make_user("sara@example.org", name="Sara Sekretær")
    council_services.council_secretary_add(council=council, user=secretary)
    add_member(council, "Sara Sekretær", email="sara@example.org", role="guest", user=secretary)
    _ask(client, "sara@example.org")
    client.post(ENTER, {"code": code_from_outbox("sara@example.org")})
    assert client.session["_auth_user_id"] == str(secretary.pk)

    response = client.get("/nordby/intern/")

    assert response.status_code == 302 and "/konto/totp/" in response["Location"]


def test_konto_lists_the_councils_of_a_member_of_two(client, maja, make_council, add_member, make_user):
    user = make_user("maja@example.org")
    Person.objects.filter(pk=maja.pk).update(user=user)
    add_member(make_council("sydby"), "Maja Medlem", user=user)
    client.force_login(user)

    response = client.get("/konto/")

    assert response.status_code == 200
    assert "Udsatterådet Nordby" in _text(response) and "Udsatterådet sydby" in _text(response)


def test_a_platform_admin_still_needs_an_email(db):
    with pytest.raises(CommandError):
        call_command("createsuperuser", interactive=False, verbosity=0)
    with pytest.raises(ValueError):
        User.objects.create_superuser(email="", password="x")
    call_command("createsuperuser", interactive=False, email="Admin@Example.org", verbosity=0)
    assert User.objects.get(is_superuser=True).email == "admin@example.org"


def test_a_user_needs_an_email_or_a_phone(db):
    from django.db import IntegrityError

    with pytest.raises(ValueError):
        User.objects.create_user()
    phone_only = User.objects.create_user(phone="+4522345678", name="Maja")
    assert (phone_only.email, str(phone_only), phone_only.login_address) == (None, "Maja", "+45 22 34 56 78")
    assert User.objects.create_user(phone="+4522345679").get_full_name() == "+45 22 34 56 79"
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=phone_only.pk).update(phone=None)
