"""Signing in and resetting a password through the account pages (/konto/): five failed
logins lock the account's door (a right password then too), a reset mails a working link, and an
unknown address looks the same and sends nothing."""

import re

from django.core import mail


def text(response) -> str:
    return response.content.decode()


def test_login_is_locked_after_five_failures(client, make_user):
    user = make_user("bruger@example.org")
    for attempt in range(4):
        response = client.post("/konto/log-ind/", {"username": user.email, "password": f"forkert-{attempt}"})
        assert response.status_code == 400
        assert "E-mail eller adgangskode er forkert" in text(response)

    fifth = client.post("/konto/log-ind/", {"username": user.email, "password": "forkert-5"})
    assert fifth.status_code == 429
    assert "For mange forsøg" in text(fifth)

    # Now even the right password is refused, and no session is made.
    right = client.post("/konto/log-ind/", {"username": user.email, "password": "korrekt-hest-batteri"})
    assert right.status_code == 429
    assert "For mange forsøg" in text(right)
    assert "_auth_user_id" not in client.session


def test_login_works_before_the_limit(client, make_user):
    user = make_user("bruger@example.org")
    for attempt in range(4):
        client.post("/konto/log-ind/", {"username": user.email, "password": f"forkert-{attempt}"})

    response = client.post("/konto/log-ind/", {"username": user.email, "password": "korrekt-hest-batteri"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_mails_a_working_link(client, make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("glemsom@example.org")

    response = client.post("/konto/glemt-adgangskode/", {"email": "glemsom@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/konto/glemt-adgangskode/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["glemsom@example.org"]
    link = re.search(r"https?://testserver(/konto/nulstil/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body

    confirm = client.get(link.group(1), follow=True)
    assert confirm.status_code == 200
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "nyt-langt-kodeord-42", "new_password2": "nyt-langt-kodeord-42"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nyt-langt-kodeord-42")


def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, db):
    response = client.post("/konto/glemt-adgangskode/", {"email": "ukendt@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/konto/glemt-adgangskode/sendt/"
    assert mail.outbox == []


def test_password_reset_is_rate_limited_and_sends_nothing_more(client, make_user, settings):
    settings.STEMME_RATE_LIMITS = {"accounts.password_reset": "3/h"}
    make_user("glemsom@example.org")
    for _ in range(3):
        assert client.post("/konto/glemt-adgangskode/", {"email": "glemsom@example.org"}).status_code == 302

    response = client.post("/konto/glemt-adgangskode/", {"email": "glemsom@example.org"})

    assert response.status_code == 429
    assert "Der er sendt mange henvendelser herfra" in response.content.decode()
    assert 'value="glemsom@example.org"' in response.content.decode()
    assert len(mail.outbox) == 3
