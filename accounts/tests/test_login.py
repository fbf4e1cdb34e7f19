"""The login lock (django-axes): the e-mail address is normalised once (spaces, case) before
both the lock and the login see it, so ``ADMIN@…`` or `` admin@…`` cannot walk around a
lock; one address (IP) trying many e-mail addresses is locked too, at a higher limit; the
lock page is Danish; the lock lifts after the cool-off."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from accounts.auth import normalise_email
from accounts.models import User

RIGHT = "korrekt-hest-batteri"


def _text(response) -> str:
    return response.content.decode()


def _fail(client, username, times, *, ip="10.0.0.1"):
    for attempt in range(times):
        client.post("/konto/log-ind/", {"username": username, "password": f"forkert-{attempt}"}, REMOTE_ADDR=ip)


@pytest.fixture
def admin(make_user):
    return make_user("admin@stemme.example", superuser=True)


@pytest.mark.parametrize("variant", ["ADMIN@stemme.example", " admin@stemme.example", "Admin@Stemme.Example ",
                                     "\tadmin@STEMME.example"])
def test_a_locked_address_stays_locked_whatever_its_case_or_spaces(client, admin, variant):
    _fail(client, "admin@stemme.example", 5)

    response = client.post("/konto/log-ind/", {"username": variant, "password": RIGHT}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    assert "For mange forsøg" in _text(response)
    assert "_auth_user_id" not in client.session
    # The lock was not cleared by the variant either: the plain address is still refused.
    again = client.post("/konto/log-ind/", {"username": "admin@stemme.example", "password": RIGHT},
                        REMOTE_ADDR="10.0.0.1")
    assert again.status_code == 429


def test_failures_in_different_spellings_add_up_to_one_lock(client, admin):
    for variant in ["ADMIN@stemme.example", " admin@stemme.example", "admin@STEMME.example", "Admin@stemme.example",
                    "admin@stemme.example "]:
        client.post("/konto/log-ind/", {"username": variant, "password": "forkert"}, REMOTE_ADDR="10.0.0.1")

    response = client.post("/konto/log-ind/", {"username": "admin@stemme.example", "password": RIGHT},
                           REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"admin@stemme.example"}


@pytest.mark.parametrize("variant", ["ADMIN@stemme.example", " admin@stemme.example "])
def test_any_spelling_of_the_address_logs_in_before_the_lock(client, admin, variant):
    response = client.post("/konto/log-ind/", {"username": variant, "password": RIGHT}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_one_address_trying_many_accounts_is_locked(client, make_user, settings):
    settings.STEMME_LOGIN_IP_FAILURE_LIMIT = 12
    victim = make_user("sidste@example.org")
    for n in range(12):  # 12 accounts, one wrong password each: no single account reaches 5
        client.post("/konto/log-ind/", {"username": f"gaet{n}@example.org", "password": "forkert"},
                    REMOTE_ADDR="10.0.0.9")

    response = client.post("/konto/log-ind/", {"username": victim.email, "password": RIGHT}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429
    assert "For mange forsøg" in _text(response)
    assert "_auth_user_id" not in client.session


def test_colleagues_behind_one_address_are_not_locked_by_a_few_typos(client, make_user, settings):
    """A town hall behind one NAT address: several people mistype once or twice; nobody is locked."""
    settings.STEMME_LOGIN_IP_FAILURE_LIMIT = 30
    people = [make_user(f"kollega{n}@kommune.example") for n in range(8)]
    for person in people:
        _fail(client, person.email, 2, ip="192.0.2.10")

    response = client.post("/konto/log-ind/", {"username": people[0].email, "password": RIGHT},
                           REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302


def test_logging_in_to_ones_own_account_does_not_reset_the_address_limit(client, make_user, settings):
    settings.STEMME_LOGIN_IP_FAILURE_LIMIT = 6
    own = make_user("egen@example.org")
    for n in range(4):
        client.post("/konto/log-ind/", {"username": f"gaet{n}@example.org", "password": "forkert"},
                    REMOTE_ADDR="10.0.0.9")
    assert client.post("/konto/log-ind/", {"username": own.email, "password": RIGHT},
                       REMOTE_ADDR="10.0.0.9").status_code == 302
    client.logout()
    for n in range(4, 6):
        client.post("/konto/log-ind/", {"username": f"gaet{n}@example.org", "password": "forkert"},
                    REMOTE_ADDR="10.0.0.9")

    response = client.post("/konto/log-ind/", {"username": own.email, "password": RIGHT}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429


def test_the_lock_does_not_follow_the_address_to_another_network(client, admin):
    _fail(client, "admin@stemme.example", 5, ip="10.0.0.1")

    response = client.post("/konto/log-ind/", {"username": "admin@stemme.example", "password": RIGHT},
                           REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302


def test_the_lock_page_is_danish_and_points_to_password_reset(client, admin):
    _fail(client, "admin@stemme.example", 5)

    response = client.post("/konto/log-ind/", {"username": "admin@stemme.example", "password": RIGHT},
                           REMOTE_ADDR="10.0.0.1", HTTP_ACCEPT_LANGUAGE="en")

    text = _text(response)
    assert response.status_code == 429
    assert '<html lang="da">' in text
    assert "For mange forsøg" in text and "Vent et kvarter" in text
    assert "/konto/glemt-adgangskode/" in text


def test_the_lock_lifts_after_the_cool_off(client, admin):
    _fail(client, "admin@stemme.example", 5)
    assert client.post("/konto/log-ind/", {"username": "admin@stemme.example", "password": RIGHT},
                       REMOTE_ADDR="10.0.0.1").status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))
    response = client.post("/konto/log-ind/", {"username": "ADMIN@stemme.example", "password": RIGHT},
                           REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)
    assert not AccessAttempt.objects.filter(username="admin@stemme.example").exists()


@pytest.mark.parametrize("raw,expected", [(" Admin@Stemme.Example ", "admin@stemme.example"),
                                          ("\tÆBLE@Kommune.DK\n", "æble@kommune.dk"),
                                          ("", ""), (None, "")])
def test_normalise_email(raw, expected):
    assert normalise_email(raw) == expected


def test_the_user_model_stores_and_finds_addresses_in_one_spelling(db):
    user = User.objects.create_user("  Birgit@Kommune.DK ", password=RIGHT)

    assert user.email == "birgit@kommune.dk"
    assert User.objects.get_by_natural_key(" BIRGIT@kommune.dk") == user
    other = User(email="BIRGIT@KOMMUNE.DK")
    other.set_password(RIGHT)
    with pytest.raises(Exception) as error:
        other.full_clean()
    assert "e-mail" in str(error.value).lower() or "email" in str(error.value).lower()
