"""Login by one-time code (accounts.services): who gets a code, the code's rules (6 digits, once,
10 minutes, 5 wrong tries, django-otp's wait between tries), the user made on first use and the
people linked to it, and the login link in the e-mail (django-sesame: once, 10 minutes)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from sesame import tokens_v2

from accounts import services
from accounts.codelogin import EMAIL, SMS, LoginAddress, parse_login_address
from accounts.models import LoginCode, User
from accounts.selectors import login_link_user
from councils.models import Person
from notifications.models import OutboxMessage

MAJA_EMAIL = LoginAddress(EMAIL, "maja@example.org")
MAJA_PHONE = LoginAddress(SMS, "+4522345678")


@pytest.fixture(autouse=True)
def _no_wait(settings):
    """No growing wait between wrong tries unless a test asks for it."""
    settings.STEMME_LOGIN_CODE_THROTTLE_FACTOR = 0


def _code(address: LoginAddress) -> str:
    message = OutboxMessage.objects.filter(kind="accounts.login_code", to_address=address.value).latest("pk")
    return re.search(r"\b(\d{6})\b", message.body).group(1)


@pytest.mark.parametrize(("typed", "kind", "value"), [
    (" Maja@Example.ORG ", EMAIL, "maja@example.org"),
    ("22 34 56 78", SMS, "+4522345678"),
    ("+45 2234-5678", SMS, "+4522345678"),
    ("004522345678", SMS, "+4522345678"),
])
def test_an_address_is_read_in_its_one_spelling(typed, kind, value):
    assert parse_login_address(typed) == LoginAddress(kind, value)


@pytest.mark.parametrize("typed", ["", "maja@", "1234", "01234567", "maja at example.org"])
def test_anything_else_is_refused_in_danish(typed):
    with pytest.raises(Exception, match="Skriv din e-mail"):
        parse_login_address(typed)


def test_a_member_gets_a_code_by_email_with_a_login_link(maja):
    device = services.login_code_request(address=MAJA_EMAIL, base_url="https://stemme.example")

    message = OutboxMessage.objects.get(kind="accounts.login_code")
    assert (message.channel, message.to_address, message.person, message.council) == (
        "email", "maja@example.org", maja, maja.council)
    assert device.token in message.body and device.token in message.subject
    assert re.fullmatch(r"\d{6}", device.token)
    assert "https://stemme.example/konto/link/" in message.body
    assert "10 minutter" in message.body
    # The link names a user, so the user exists from now on – but no person is linked before the
    # code or the link is used.
    assert device.user.email == "maja@example.org"
    assert Person.objects.get(pk=maja.pk).user_id is None
    # The code never reaches the audit log.
    from core.models import AuditEvent
    assert all(device.token not in str(event.after) for event in AuditEvent.objects.all())


def test_a_member_gets_a_code_by_sms_and_no_user_before_using_it(maja, sms_gateway):
    device = services.login_code_request(address=MAJA_PHONE)

    message = OutboxMessage.objects.get(kind="accounts.login_code")
    assert (message.channel, message.to_address) == ("sms", "+4522345678")
    assert message.body.startswith(f"{device.token} er din kode til Stemme")
    assert "http" not in message.body
    assert device.user is None and not User.objects.exists()


def test_no_code_by_sms_without_a_gateway_that_sends(maja):
    assert services.login_code_request(address=MAJA_PHONE) is None
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("address", [LoginAddress(EMAIL, "ukendt@example.org"), LoginAddress(SMS, "+4587654321")])
def test_an_unknown_address_gets_nothing(maja, sms_gateway, address):
    assert services.login_code_request(address=address) is None
    assert not OutboxMessage.objects.exists() and not LoginCode.objects.exists() and not User.objects.exists()


def test_a_former_member_gets_nothing(council, add_member, sms_gateway):
    from councils import services as council_services

    membership = add_member(council, "Frede Fhv", email="frede@example.org")
    council_services.membership_end(membership=membership, end=dt.date(2026, 3, 1), reason="withdrew", actor=None)

    assert services.login_code_request(address=LoginAddress(EMAIL, "frede@example.org")) is None


def test_the_right_code_logs_in_makes_the_user_and_links_every_current_person(maja, sms_gateway, make_council,
                                                                               add_member):
    other = make_council("sydby")
    also = add_member(other, "Maja Medlem", email="maja@example.org", phone="+4522345678",
                      role="substitute").person
    services.login_code_request(address=MAJA_PHONE)

    user = services.login_code_verify(address=MAJA_PHONE, code=_code(MAJA_PHONE))

    assert (user.phone, user.email, user.name) == ("+4522345678", None, "Maja Medlem")
    assert set(Person.objects.filter(user=user).values_list("pk", flat=True)) == {maja.pk, also.pk}
    # The code is used up.
    with pytest.raises(services.LoginCodeRefused) as refused:
        services.login_code_verify(address=MAJA_PHONE, code=_code(MAJA_PHONE))
    assert refused.value.code == "wrong"


def test_the_next_login_by_the_other_channel_finds_the_same_user(maja, sms_gateway):
    services.login_code_request(address=MAJA_PHONE)
    first = services.login_code_verify(address=MAJA_PHONE, code=_code(MAJA_PHONE))
    services.login_code_request(address=MAJA_EMAIL)

    second = services.login_code_verify(address=MAJA_EMAIL, code=_code(MAJA_EMAIL))

    assert second == first
    first.refresh_from_db()
    assert (first.email, first.phone) == ("maja@example.org", "+4522345678")
    assert User.objects.count() == 1


def test_five_wrong_codes_spend_the_code(maja):
    services.login_code_request(address=MAJA_EMAIL)
    right = _code(MAJA_EMAIL)
    wrong = "000000" if right != "000000" else "111111"
    for attempt in range(4):
        with pytest.raises(services.LoginCodeRefused) as refused:
            services.login_code_verify(address=MAJA_EMAIL, code=wrong)
        assert refused.value.code == "wrong", attempt
    with pytest.raises(services.LoginCodeRefused) as fifth:
        services.login_code_verify(address=MAJA_EMAIL, code=wrong)
    assert fifth.value.code == "spent"

    with pytest.raises(services.LoginCodeRefused) as after:
        services.login_code_verify(address=MAJA_EMAIL, code=right)
    assert after.value.code == "spent"
    assert LoginCode.objects.get().token is None

    # A new code works again.
    services.login_code_request(address=MAJA_EMAIL)
    assert services.login_code_verify(address=MAJA_EMAIL, code=_code(MAJA_EMAIL)).email == "maja@example.org"


def test_a_wrong_code_makes_the_next_try_wait(maja, settings):
    """django-otp's ThrottlingMixin: after a wrong try the next one waits (factor × 2^(n-1) s)."""
    settings.STEMME_LOGIN_CODE_THROTTLE_FACTOR = 60
    services.login_code_request(address=MAJA_EMAIL)
    right = _code(MAJA_EMAIL)
    with pytest.raises(services.LoginCodeRefused):
        services.login_code_verify(address=MAJA_EMAIL, code="000000" if right != "000000" else "111111")

    with pytest.raises(services.LoginCodeRefused) as waiting:
        services.login_code_verify(address=MAJA_EMAIL, code=right)
    assert waiting.value.code == "wait"

    LoginCode.objects.update(throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=61))
    assert services.login_code_verify(address=MAJA_EMAIL, code=right)


def test_an_expired_code_is_refused(maja):
    services.login_code_request(address=MAJA_EMAIL)
    LoginCode.objects.update(valid_until=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(services.LoginCodeRefused) as refused:
        services.login_code_verify(address=MAJA_EMAIL, code=_code(MAJA_EMAIL))
    assert refused.value.code == "wrong"


def test_a_code_is_valid_for_the_configured_time(maja, settings):
    settings.STEMME_LOGIN_CODE_VALID_SECONDS = 600
    before = timezone.now()
    device = services.login_code_request(address=MAJA_EMAIL)
    assert dt.timedelta(seconds=599) < device.valid_until - before <= dt.timedelta(seconds=601)


def test_a_new_code_replaces_the_old_one(maja):
    services.login_code_request(address=MAJA_EMAIL)
    old = _code(MAJA_EMAIL)
    device = services.login_code_request(address=MAJA_EMAIL)
    if device.token == old:  # one in a million: the same six digits twice
        device = services.login_code_request(address=MAJA_EMAIL)

    with pytest.raises(services.LoginCodeRefused):
        services.login_code_verify(address=MAJA_EMAIL, code=old)
    assert LoginCode.objects.count() == 1


def test_a_person_of_another_user_is_never_taken_over(maja, council, add_member, make_user, make_council):
    """The address's user logs in; a person at the same address that has another user keeps it."""
    other_user = make_user("anden@example.org")
    elsewhere = add_member(make_council("sydby"), "Maja Medlem", email="maja@example.org", user=other_user).person
    services.login_code_request(address=MAJA_EMAIL)  # maja has no user; the other person has one

    user = services.login_code_verify(address=MAJA_EMAIL, code=_code(MAJA_EMAIL))

    assert user == other_user  # the one user the people at the address have
    assert Person.objects.get(pk=elsewhere.pk).user == other_user
    assert Person.objects.get(pk=maja.pk).user == other_user


def test_people_at_one_address_with_two_users_get_no_code(maja, council, add_member, make_user, make_council):
    first, second = make_user("a@example.org"), make_user("b@example.org")
    Person.objects.filter(pk=maja.pk).update(user=first)
    theirs = add_member(make_council("sydby"), "Maja Medlem", email="maja@example.org", user=second).person

    assert services.login_code_request(address=MAJA_EMAIL) is None

    assert not OutboxMessage.objects.exists()
    assert Person.objects.get(pk=maja.pk).user == first and Person.objects.get(pk=theirs.pk).user == second


def test_linking_never_moves_a_person(maja, make_user):
    from councils.services import people_link_user

    owner, intruder = make_user("ejer@example.org"), make_user("ny@example.org")
    Person.objects.filter(pk=maja.pk).update(user=owner)

    assert people_link_user(people=[Person.objects.get(pk=maja.pk)], user=intruder) == 0
    assert Person.objects.get(pk=maja.pk).user == owner


def test_an_inactive_user_gets_no_code(maja, make_user):
    user = make_user("maja@example.org")
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert services.login_code_request(address=MAJA_EMAIL) is None


def test_the_login_link_works_once(maja):
    services.login_code_request(address=MAJA_EMAIL)
    token = re.search(r"/konto/link/([^/\s]+)/", OutboxMessage.objects.get().body).group(1)
    assert login_link_user(token) is not None  # reading does not spend it

    user = services.login_link_use(token=token)

    assert user.email == "maja@example.org"
    assert Person.objects.get(pk=maja.pk).user == user
    assert services.login_link_use(token=token) is None
    # The code in the same e-mail is spent too.
    with pytest.raises(services.LoginCodeRefused):
        services.login_code_verify(address=MAJA_EMAIL, code=_code(MAJA_EMAIL))


def test_the_login_link_is_spent_by_logging_in_with_the_code(maja, client):
    services.login_code_request(address=MAJA_EMAIL)
    token = re.search(r"/konto/link/([^/\s]+)/", OutboxMessage.objects.get().body).group(1)
    user = services.login_code_verify(address=MAJA_EMAIL, code=_code(MAJA_EMAIL))
    client.force_login(user)  # the login updates last_login, as django.contrib.auth.login does

    assert login_link_user(token) is None


def test_an_old_login_link_is_refused(maja, settings, monkeypatch):
    import time

    real = time.time()
    monkeypatch.setattr(tokens_v2, "time", SimpleNamespace(time=lambda: real - settings.SESAME_MAX_AGE - 5))
    services.login_code_request(address=MAJA_EMAIL)
    token = re.search(r"/konto/link/([^/\s]+)/", OutboxMessage.objects.get().body).group(1)
    monkeypatch.setattr(tokens_v2, "time", time)

    assert services.login_link_use(token=token) is None
    assert Person.objects.get(pk=maja.pk).user_id is None


def test_an_altered_login_link_is_refused(maja):
    services.login_code_request(address=MAJA_EMAIL)
    token = re.search(r"/konto/link/([^/\s]+)/", OutboxMessage.objects.get().body).group(1)
    altered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")

    assert services.login_link_use(token=altered) is None


def test_staff_log_in_by_code_only_at_their_own_address(maja, council, make_user):
    """A secretary's person in a council has an address the secretariat can change; a code to it
    must not open a staff account (another council's secretariat, the platform) – only a code to
    the staff user's own address does."""
    from councils import services as council_services

    secretary = make_user("sekretaer@kommune.dk")
    council_services.council_secretary_add(council=council, user=secretary)
    Person.objects.filter(pk=maja.pk).update(user=secretary)  # maja@example.org is not theirs

    assert services.login_code_request(address=MAJA_EMAIL) is None
    assert not OutboxMessage.objects.exists()

    Person.objects.filter(pk=maja.pk).update(email="sekretaer@kommune.dk")
    own = LoginAddress(EMAIL, "sekretaer@kommune.dk")
    services.login_code_request(address=own)
    assert services.login_code_verify(address=own, code=_code(own)) == secretary


def test_a_code_by_sms_is_not_held_back_by_the_quiet_hours(maja, sms_gateway, settings):
    """No SMS at night (notifications.quiet) – except the code the member asked for just now."""
    settings.STEMME_SMS_QUIET_HOURS = "0-23:59"  # quiet (nearly) all day

    services.login_code_request(address=MAJA_PHONE)

    assert OutboxMessage.objects.get(kind="accounts.login_code").send_after is None
