"""Sending SMS through the HTTP provider adapter (notifications.sms.HttpSmsGateway) with the
outbox worker's own function, against the fake provider on loopback: sent and its id kept,
provider errors retried with backoff, the provider down (nothing lost), refusals given up
with the provider's reason, a provider too slow."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications import services, sms
from notifications.models import DeliveryStatus, OutboxMessage, OutboxStatus


def queue_sms(council, person, text="Husk mødet i morgen kl. 16."):
    return services.outbox_enqueue(council=council, channel="sms", person=person, to_address=person.phone,
                                   subject="Påmindelse", body=text, kind="test.sms")


def send(now):
    return services.outbox_send_pending(now=now)


def test_the_worker_sends_through_the_provider_and_keeps_its_id(sms_provider, council, people):
    message = queue_sms(council, people["sms"], "Dagsorden: {stemme-site}/l/abc/")
    assert message.status == OutboxStatus.PENDING  # the HTTP gateway sends by itself

    counts = send(timezone.now())

    assert counts["sent"] == 1
    [received] = sms_provider.messages
    assert received["to"] == "+4520304050"  # "+45 20 30 40 50" as E.164
    assert received["from"] == "+4512345678"
    assert received["text"] == "Dagsorden: http://testserver/l/abc/"  # links leave absolute
    assert received["reference"] == f"stemme-{message.pk}"
    assert received["status_callback"] == "http://testserver/sms/status/"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.provider_ref == received["id"]
    assert message.delivery_status == DeliveryStatus.ACCEPTED


def test_server_errors_are_retried_with_backoff_and_the_message_leaves_once(sms_provider, council, people):
    message = queue_sms(council, people["sms"])
    sms_provider.fail(500, times=2, reason="Database overloaded")
    t0 = timezone.now()

    assert send(t0)["failed"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert "500" in message.last_error and "Database overloaded" in message.last_error
    assert message.send_after == t0 + dt.timedelta(seconds=60)  # STEMME_OUTBOX_BACKOFF_SECONDS

    assert send(t0 + dt.timedelta(seconds=30))["claimed"] == 0  # not due yet: waits out the backoff
    assert send(t0 + dt.timedelta(seconds=61))["failed"] == 1
    message.refresh_from_db()
    assert message.send_after == t0 + dt.timedelta(seconds=61 + 120)  # doubled

    assert send(t0 + dt.timedelta(seconds=182))["sent"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 3 and message.last_error == ""
    assert sms_provider.requests == 3
    assert len(sms_provider.messages) == 1 and message.provider_ref == sms_provider.messages[0]["id"]


def test_provider_down_nothing_is_lost_and_all_leave_when_it_is_back(sms_provider, council, people):
    """The fault test: the provider is off the network while the outbox sends."""
    messages = [queue_sms(council, people["sms"], f"Besked {n}") for n in range(5)]
    sms_provider.stop()
    t0 = timezone.now()

    counts = send(t0)

    assert counts["failed"] == 5
    for message in OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]):
        assert message.status == OutboxStatus.FAILED
        assert "Kunne ikke nå SMS-udbyderen" in message.last_error
        assert message.send_after == t0 + dt.timedelta(seconds=60)
    assert send(t0 + dt.timedelta(seconds=61))["failed"] == 5  # still down: tried again, still kept

    sms_provider.start()  # back, on the same address
    counts = send(t0 + dt.timedelta(seconds=61 + 121))

    assert counts["sent"] == 5
    assert sorted(m["text"] for m in sms_provider.messages) == [f"Besked {n}" for n in range(5)]
    sent = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])
    assert {m.status for m in sent} == {OutboxStatus.SENT}
    assert len({m.provider_ref for m in sent}) == 5


def test_a_refusal_is_given_up_at_once_with_the_providers_reason(sms_provider, council, people):
    message = queue_sms(council, people["sms"])
    sms_provider.fail(400, reason="Destination number is not a mobile number")

    counts = send(timezone.now())

    assert counts["gave_up"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.GAVE_UP and message.attempts == 1 and message.send_after is None
    assert "Destination number is not a mobile number" in message.last_error
    assert "400" in message.last_error
    assert send(timezone.now() + dt.timedelta(days=1))["claimed"] == 0  # never retried by itself
    assert sms_provider.messages == []


@pytest.mark.parametrize("status", [429, 408, 503])
def test_throttling_and_timeouts_from_the_provider_are_temporary(sms_provider, council, people, status):
    message = queue_sms(council, people["sms"])
    sms_provider.fail(status, reason="slow down")

    assert send(timezone.now())["failed"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED


def test_a_wrong_token_is_a_refusal(sms_provider, council, people, settings):
    settings.STEMME_SMS_API_TOKEN = "wrong"
    message = queue_sms(council, people["sms"])

    send(timezone.now())

    message.refresh_from_db()
    assert message.status == OutboxStatus.GAVE_UP and "bad token" in message.last_error


def test_a_provider_slower_than_the_timeout_is_retried(sms_provider, council, people, settings):
    settings.STEMME_SMS_TIMEOUT = 0.3
    message = queue_sms(council, people["sms"])
    sms_provider.hang(3)
    t0 = timezone.now()

    assert send(t0)["failed"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and "timed out" in message.last_error

    assert send(t0 + dt.timedelta(seconds=61))["sent"] == 1
    assert len(sms_provider.messages) == 1


def test_an_invalid_number_is_refused_without_asking_the_provider(sms_provider, council, people):
    message = services.outbox_enqueue(council=council, channel="sms", person=None, to_address="1234",
                                      subject="x", body="x", kind="test.sms")

    send(timezone.now())

    message.refresh_from_db()
    assert message.status == OutboxStatus.GAVE_UP and "Ugyldigt mobilnummer" in message.last_error
    assert sms_provider.requests == 0


def test_the_token_never_leaves_over_plain_http_to_another_machine(settings):
    gateway = sms.HttpSmsGateway(api_url="http://sms.example.org/api", token="secret")
    with pytest.raises(sms.SmsNotSent, match="https"):
        gateway.send("+4520304050", "Hej")


def test_without_configuration_the_http_gateway_waits_and_retries(council, people, settings):
    settings.STEMME_SMS_GATEWAY = "notifications.sms.HttpSmsGateway"
    settings.STEMME_SMS_API_URL = ""
    settings.STEMME_SMS_QUIET_HOURS = ""
    message = queue_sms(council, people["sms"])

    send(timezone.now())

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and "ikke sat op" in message.last_error


def test_manual_stays_the_default_and_an_old_style_gateway_still_works(council, people, settings):
    settings.STEMME_SMS_QUIET_HOURS = ""
    assert queue_sms(council, people["sms"]).status == OutboxStatus.MANUAL
    assert sms.replies_enabled() is False

    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"  # send(to, text) -> None
    message = queue_sms(council, people["sms"])
    send(timezone.now())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.provider_ref == "" and message.delivery_status == ""


def test_replies_are_enabled_with_an_automatic_gateway_and_a_webhook_secret(sms_provider, settings):
    assert sms.replies_enabled() is True
    settings.STEMME_SMS_WEBHOOK_SECRET = ""
    assert sms.replies_enabled() is False


def test_retrying_a_message_forgets_the_old_provider_id(sms_provider, council, people):
    message = queue_sms(council, people["sms"])
    send(timezone.now())
    message.refresh_from_db()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.GAVE_UP)
    message.refresh_from_db()

    services.outbox_retry(message=message, actor=None)

    message.refresh_from_db()
    assert message.provider_ref == "" and message.delivery_status == "" and message.status == OutboxStatus.PENDING


@pytest.mark.parametrize(("typed", "expected"), [
    ("20 30 40 50", "+4520304050"), ("+45 20 30 40 50", "+4520304050"), ("0045-20304050", "+4520304050"),
    ("4520304050", "+4520304050"), ("+46 70 123 45 67", "+46701234567"), ("0046701234567", "+46701234567"),
])
def test_numbers_are_sent_in_e164(typed, expected):
    assert sms.e164(typed) == expected


@pytest.mark.parametrize("typed", ["", "1234", "12 34 56 78", "abc", "+0123456789", "+45 20 30 40"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        sms.e164(typed)
