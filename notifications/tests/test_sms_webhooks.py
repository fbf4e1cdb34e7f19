"""The SMS provider's webhooks: the signature and its timestamp (403 otherwise), the body's
shape (400), and delivery reports (POST /sms/status/): delivered, failed back on the outbox
page with the reason and "Prøv igen", unknown ids ignored. Two tests run the whole way over
real HTTP: the worker sends to the fake provider, which posts its report and a member's answer
to the live server."""

import json
import logging
import time

import pytest
from django.utils import timezone

from meetings.models import Attendance, AttendanceStatus
from notifications import services
from notifications.inbound import UNDELIVERED_PREFIX
from notifications.models import DeliveryStatus, InboundSms, OutboxMessage, OutboxStatus
from notifications.tests.fake_sms_provider import sign, signed_headers


def post(client, path, payload, headers=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    return client.post(path, data=body, content_type="application/json",
                       headers=signed_headers(body) if headers is None else headers)


def sent_sms(council, person, sms_provider):
    message = services.outbox_enqueue(council=council, channel="sms", person=person, to_address=person.phone,
                                      subject="Indkaldelse", body="Du er indkaldt.", kind="test.sms")
    services.outbox_send_pending(now=timezone.now())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.provider_ref
    return message


# --- The signature ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/sms/status/", "/sms/indgaaende/"])
def test_unsigned_wrongly_signed_and_replayed_requests_are_refused(db, client, sms_provider, path):
    payload = {"id": "x1", "status": "delivered", "from": "+4520112233", "text": "AFBUD"}
    body = json.dumps(payload).encode()
    old = int(time.time()) - 301

    assert post(client, path, payload, headers={}).status_code == 403
    assert post(client, path, payload, headers=sign(body, secret="another secret")).status_code == 403
    assert post(client, path, payload, headers=sign(body, timestamp=old)).status_code == 403  # a replay
    assert post(client, path, payload, headers=sign(body, timestamp=int(time.time()) + 301)).status_code == 403
    tampered = sign(body)
    assert post(client, path, None, headers=tampered, raw=body.replace(b"x1", b"x2")).status_code == 403
    assert post(client, path, payload, headers={**sign(body), "X-Stemme-Timestamp": "soon"}).status_code == 403
    assert InboundSms.objects.count() == 0


def test_without_a_secret_nothing_is_accepted(db, client, sms_provider, settings):
    settings.STEMME_SMS_WEBHOOK_SECRET = ""
    assert post(client, "/sms/indgaaende/", {"id": "x", "from": "+4520112233", "text": "AFBUD"}).status_code == 403


def test_the_signature_may_carry_its_algorithm(db, client, sms_provider):
    body = json.dumps({"id": "nope", "status": "delivered"}).encode()
    headers = sign(body)
    headers["X-Stemme-Signature"] = "sha256=" + headers["X-Stemme-Signature"]
    assert post(client, "/sms/status/", None, headers=headers, raw=body).status_code == 200


@pytest.mark.parametrize(("path", "payload"), [
    ("/sms/status/", {"status": "delivered"}),
    ("/sms/status/", {"id": "x", "status": 3}),
    ("/sms/status/", {"id": True, "status": "delivered"}),
    ("/sms/indgaaende/", {"id": "x", "text": "AFBUD"}),
    ("/sms/indgaaende/", {"id": "x", "from": "+4520112233", "text": ["AFBUD"]}),
    ("/sms/indgaaende/", {"id": "", "from": "+4520112233", "text": "AFBUD"}),
    ("/sms/indgaaende/", ["not", "an", "object"]),
])
def test_a_body_of_the_wrong_shape_is_a_400(db, client, sms_provider, path, payload):
    assert post(client, path, payload).status_code == 400


def test_broken_json_is_a_400_and_a_large_body_a_413(db, client, sms_provider):
    assert post(client, "/sms/indgaaende/", None, raw=b"{not json").status_code == 400
    big = json.dumps({"id": "x", "from": "+4520112233", "text": "a" * 70_000}).encode()
    assert post(client, "/sms/indgaaende/", None, raw=big).status_code == 413


def test_webhooks_take_only_post(client, sms_provider):
    assert client.get("/sms/status/").status_code == 405
    assert client.get("/sms/indgaaende/").status_code == 405


# --- Delivery reports --------------------------------------------------------------------------------

def test_delivered_sets_when(client, sms_provider, council, people):
    message = sent_sms(council, people["sms"], sms_provider)

    response = post(client, "/sms/status/", {"id": message.provider_ref, "status": "delivered"})

    assert response.status_code == 200 and response.json() == {"recorded": True}
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED and message.delivered_at is not None
    assert message.status == OutboxStatus.SENT


def test_failed_puts_it_among_the_failed_with_the_reason_and_a_retry(client, sms_provider, council, people,
                                                                    secretary):
    message = sent_sms(council, people["sms"], sms_provider)

    post(client, "/sms/status/", {"id": message.provider_ref, "status": "failed", "error": "Absent subscriber"})

    message.refresh_from_db()
    assert message.status == OutboxStatus.GAVE_UP and message.delivery_status == DeliveryStatus.FAILED
    assert message.last_error == UNDELIVERED_PREFIX + "Absent subscriber"
    client.force_login(secretary)
    page = client.get(f"/{council.slug}/intern/udsendelser/").content.decode()
    failed = page.split('data-testid="outbox-failed"')[1].split("</section>")[0]
    assert "Sonja Sms" in failed and "Absent subscriber" in failed and "Prøv igen" in failed

    services.outbox_retry(message=message, actor=secretary)
    services.outbox_send_pending(now=timezone.now())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and len(sms_provider.messages) == 2
    assert message.provider_ref == sms_provider.messages[1]["id"] and message.delivery_status == "accepted"


def test_a_late_failed_after_delivered_changes_nothing(client, sms_provider, council, people):
    message = sent_sms(council, people["sms"], sms_provider)
    post(client, "/sms/status/", {"id": message.provider_ref, "status": "delivered"})

    post(client, "/sms/status/", {"id": message.provider_ref, "status": "expired"})

    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED and message.status == OutboxStatus.SENT


def test_interim_statuses_and_unknown_ids_are_ignored(client, sms_provider, council, people, caplog):
    caplog.set_level(logging.INFO, logger="stemme.sms")
    message = sent_sms(council, people["sms"], sms_provider)

    assert post(client, "/sms/status/", {"id": message.provider_ref, "status": "buffered"}).json() == {
        "recorded": False}
    response = post(client, "/sms/status/", {"id": "no-such-id", "status": "delivered"})

    assert response.status_code == 200 and response.json() == {"recorded": False}
    assert "unknown SMS id 'no-such-id'" in caplog.text
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.ACCEPTED


# --- The whole way over HTTP ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_provider_reports_delivery_to_the_live_server(live_server, sms_provider, council, people, settings):
    settings.STEMME_BASE_URL = live_server.url  # the status_callback the provider gets
    message = sent_sms(council, people["sms"], sms_provider)
    assert sms_provider.by_id(message.provider_ref)["status_callback"] == f"{live_server.url}/sms/status/"

    status, answer = sms_provider.report(message.provider_ref, "delivered")

    assert (status, answer) == (200, {"recorded": True})
    message.refresh_from_db()
    assert message.delivered_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_member_answers_the_invitation_by_sms_over_http(live_server, sms_world, settings):
    """The invitation SMS leaves through the worker; Carl answers AFBUD from his phone; the
    provider forwards it; the afbud is recorded and the confirmation leaves the same way."""
    settings.STEMME_BASE_URL = live_server.url
    services.outbox_send_pending(now=timezone.now())
    [invitation] = [m for m in sms_world.provider.messages if m["to"] == sms_world.number]
    assert "svar AFBUD på denne SMS" in invitation["text"]  # replies are enabled: the invitation says so

    status, answer = sms_world.provider.send_inbound(live_server.url, from_=sms_world.number, text="AFBUD")

    assert (status, answer) == (200, {"recorded": True, "outcome": "afbud"})
    assert Attendance.objects.get(meeting=sms_world.meeting, person=sms_world.carl).status == AttendanceStatus.AFBUD
    services.outbox_send_pending(now=timezone.now())
    confirmation = sms_world.provider.messages[-1]
    assert confirmation["to"] == sms_world.number and confirmation["text"].startswith("Tak. Dit afbud til mødet")
    assert f"{live_server.url}/l/" in confirmation["text"]
    assert OutboxMessage.objects.filter(person=sms_world.dorte, kind="meetings.substitute_invitation").exists()
