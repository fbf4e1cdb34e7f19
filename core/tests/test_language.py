"""Danish is the default for every visitor; English only after choosing it in the footer."""

import pytest


@pytest.mark.parametrize("accept", ["en", "en-GB,en;q=0.9", "de-DE,de;q=0.8,en;q=0.5", "sv", "*"])
def test_the_browsers_language_does_not_change_the_pages_language(client, db, accept):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    body = response.content.decode()
    assert '<html lang="da">' in body
    assert "Tilgængelighedserklæring" in body and "Accessibility statement" not in body
    assert response["Content-Language"] == "da"
    assert "Accept-Language" not in response.get("Vary", "")


def test_english_is_an_explicit_choice_that_sticks(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="da")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="da")

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Accessibility statement" in body and "Tilgængelighedserklæring" not in body
    assert response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]


def test_a_visitors_choice_lasts_for_their_request_only(client, db):
    """After an English request the thread is Danish again: a worker, the next request or the next
    test in the same thread never writes in a visitor's language (a test once failed that way)."""
    from django.utils import translation
    from django.utils.translation import gettext

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    assert translation.get_language() == "da"
    assert gettext("Tilgængelighedserklæring") == "Tilgængelighedserklæring"


def test_an_unknown_language_in_the_cookie_falls_back_to_danish(client, db):
    client.cookies["django_language"] = "xx"

    assert '<html lang="da">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_login_form_errors_are_danish_for_an_english_browser(client, db):
    response = client.post("/konto/log-ind/", {"username": "ikke-en-adresse", "password": "x"},
                           HTTP_ACCEPT_LANGUAGE="en")

    assert "Skriv en gyldig e-mailadresse" in response.content.decode() or \
        "gyldig e-mail" in response.content.decode()
