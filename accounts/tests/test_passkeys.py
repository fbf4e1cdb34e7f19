"""Passkeys (django-otp-webauthn): the endpoints answer a logged-in user with options to make a
passkey, and anyone with options to log in with one; the page lists a user's passkeys and removes
one; a member with only a phone number gets a passkey named after the number; the library's
script is served from its own static files under the site's Content-Security-Policy."""

import json

import pytest
from django.templatetags.static import static
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import User

BEGIN_REGISTRATION = "/konto/adgangsnoegle/registration/begin/"
BEGIN_AUTHENTICATION = "/konto/adgangsnoegle/authentication/begin/"


def test_a_logged_in_member_gets_options_to_make_a_passkey(client, make_user):
    user = make_user("maja@example.org", name="Maja Medlem")
    client.force_login(user)

    response = client.post(BEGIN_REGISTRATION, content_type="application/json")

    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"id": "localhost", "name": "Stemme"}
    assert options["user"]["name"] == "maja@example.org"
    assert options["user"]["displayName"] == "Maja Medlem"
    assert len(options["challenge"]) >= 16
    assert "otp_webauthn_register_state" in client.session


def test_a_member_with_only_a_phone_gets_a_passkey_named_after_the_number(client, db):
    client.force_login(User.objects.create_user(phone="+4522345678"))

    options = client.post(BEGIN_REGISTRATION, content_type="application/json").json()

    assert options["user"]["name"] == "+45 22 34 56 78"


def test_nobody_makes_a_passkey_without_logging_in(client, db):
    response = client.post(BEGIN_REGISTRATION, content_type="application/json")
    assert response.status_code in (401, 403)


def test_anyone_gets_options_to_log_in_with_a_passkey(client, db):
    response = client.post(BEGIN_AUTHENTICATION, content_type="application/json")

    assert response.status_code == 200
    options = response.json()
    assert options["rpId"] == "localhost" and options["challenge"]
    assert options["userVerification"] == "required"  # no username or password: the device's own lock


def test_a_made_up_passkey_answer_is_refused(client, db):
    client.post(BEGIN_AUTHENTICATION, content_type="application/json")
    response = client.post("/konto/adgangsnoegle/authentication/complete/", json.dumps({"id": "x"}),
                           content_type="application/json")
    assert response.status_code >= 400
    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_a_passkey_with_the_librarys_own_script(client, db):
    html = client.get("/konto/log-ind/").content.decode()

    assert 'id="passkey-verification-available-template"' in html
    assert "Log ind med adgangsnøgle" in html
    assert f'src="{static("django_otp_webauthn/otp_webauthn_auth.js")}"' in html
    assert 'id="otp_webauthn_config" type="application/json"' in html


def test_the_security_page_lists_and_removes_passkeys(client, make_user):
    user = make_user("maja@example.org")
    other = make_user("anden@example.org")
    mine = WebAuthnCredential.objects.create(user=user, name="maja@example.org", credential_id=b"abc",
                                             public_key=b"key", sign_count=0)
    theirs = WebAuthnCredential.objects.create(user=other, name="anden@example.org", credential_id=b"def",
                                               public_key=b"key", sign_count=0)
    client.force_login(user)

    page = client.get("/konto/sikkerhed/")
    assert page.status_code == 200
    assert 'data-testid="passkeys"' in page.content.decode()
    assert f'src="{static("django_otp_webauthn/otp_webauthn_register.js")}"' in page.content.decode()

    assert client.post(f"/konto/sikkerhed/adgangsnoegler/{theirs.pk}/fjern/").status_code == 404
    response = client.post(f"/konto/sikkerhed/adgangsnoegler/{mine.pk}/fjern/")
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_the_security_page_needs_a_login(client, db):
    assert client.get("/konto/sikkerhed/")["Location"].startswith("/konto/log-ind/")


@pytest.mark.parametrize("path", ["/static/django_otp_webauthn/otp_webauthn_auth.js",
                                  "/static/django_otp_webauthn/otp_webauthn_register.js"])
def test_the_script_comes_from_the_librarys_static_files(client, db, path):
    from django.contrib.staticfiles import finders

    found = finders.find(path.removeprefix("/static/"))
    assert found and "site-packages/django_otp_webauthn/static" in found


def test_the_scripts_messages_are_in_danish(client, db):
    """The library ships no Danish; locale/da/LC_MESSAGES/djangojs.po gives its catalog Danish."""
    catalog = client.get("/konto/adgangsnoegle/jsi18n/").content.decode()
    assert "Adgangsn\\u00f8glen er lavet" in catalog or "Adgangsnøglen er lavet" in catalog
