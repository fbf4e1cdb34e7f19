"""The outbox's services: stored before sending, never sent inline, sent by the worker to a
real SMTP server on loopback, retried with backoff, given up after N attempts, and SMS and
letters on the secretariat's manual list."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from notifications import services
from notifications.models import OutboxMessage, OutboxStatus


def enqueue(council, person, *, channel="email", to=None, attachments=(), **fields):
    to = to or {"email": person.email, "sms": person.phone, "letter": person.address}[channel]
    return services.outbox_enqueue(council=council, channel=channel, person=person, to_address=to,
                                   subject=fields.pop("subject", "Indkaldelse: Udsatterådet Nordby 12. marts 2027"),
                                   body=fields.pop("body", "Kære Erik\n\nDu er indkaldt til møde.\n"),
                                   kind=fields.pop("kind", "test.message"), attachments=attachments, **fields)


TEXT_ATTACHMENT = {"builder": "test.text", "text": "Hej fra bilaget", "name": "bilag.txt",
                   "content_type": "text/plain"}


# --- Enqueue -------------------------------------------------------------------------------------

def test_enqueue_stores_the_message_and_sends_nothing_inline(council, people, secretary, test_builder):
    message = enqueue(council, people["email"], attachments=[TEXT_ATTACHMENT], actor=secretary)

    stored = OutboxMessage.objects.get()
    assert stored == message
    assert (stored.status, stored.attempts, stored.channel) == (OutboxStatus.PENDING, 0, "email")
    assert stored.attachments == [TEXT_ATTACHMENT]
    assert mail.outbox == []  # nothing sent
    assert test_builder == []  # attachments are built at send time, not now
    event = AuditEvent.objects.get(action="notifications.message.queued")
    assert event.actor == secretary and event.council == council
    assert event.after["to"] == "erik@example.org"
    assert "body" not in event.after  # the text may hold personal details: not in the log


def test_letters_and_sms_without_a_gateway_wait_on_the_manual_list(council, people):
    letter = enqueue(council, people["letter"], channel="letter")
    sms = enqueue(council, people["sms"], channel="sms")

    assert letter.status == sms.status == OutboxStatus.MANUAL
    assert services.outbox_send_pending() == {"claimed": 0, "sent": 0, "failed": 0, "gave_up": 0, "manual": 0}
    assert OutboxMessage.objects.filter(status=OutboxStatus.MANUAL).count() == 2


def test_sms_through_an_automatic_gateway_is_sent_by_the_worker(council, people, settings, caplog):
    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"
    sms = enqueue(council, people["sms"], channel="sms", body="Møde 12/3 kl. 16.00. Afbud: http://x/afbud/1/")
    assert sms.status == OutboxStatus.PENDING

    with caplog.at_level(logging.WARNING, logger="stemme.sms"):
        counts = services.outbox_send_pending()

    assert counts["sent"] == 1
    sms.refresh_from_db()
    assert sms.status == OutboxStatus.SENT and sms.sent_at is not None
    assert "SMS til +45 20 30 40 50: Møde 12/3 kl. 16.00." in caplog.text


def test_sms_queued_for_a_gateway_that_is_switched_off_moves_to_the_manual_list(council, people, settings):
    settings.STEMME_SMS_GATEWAY = "notifications.sms.LoggingGateway"
    sms = enqueue(council, people["sms"], channel="sms")
    settings.STEMME_SMS_GATEWAY = "notifications.sms.ManualGateway"

    assert services.outbox_send_pending()["manual"] == 1
    sms.refresh_from_db()
    assert sms.status == OutboxStatus.MANUAL and sms.attempts == 0


def test_a_gateway_setting_that_is_not_a_gateway_fails_loudly(council, people, settings):
    settings.STEMME_SMS_GATEWAY = "notifications.models.OutboxMessage"
    with pytest.raises(TypeError, match="STEMME_SMS_GATEWAY"):
        enqueue(council, people["sms"], channel="sms")


def test_enqueue_refuses_a_person_of_another_council(council, other_council, people):
    with pytest.raises(ApplicationError, match="hører ikke til dette råd"):
        enqueue(other_council, people["email"])
    assert not OutboxMessage.objects.exists()


# --- Sending through a real SMTP server ----------------------------------------------------------

def test_email_arrives_at_the_smtp_server_with_its_attachment_built_at_send_time(council, people, smtp_server,
                                                                                test_builder):
    council.email = "raadet@nordby.dk"
    council.save()
    message = enqueue(council, people["email"], attachments=[TEXT_ATTACHMENT])

    counts = services.outbox_send_pending()

    assert counts == {"claimed": 1, "sent": 1, "failed": 0, "gave_up": 0, "manual": 0}
    [received] = smtp_server.wait_for(1)
    assert received["To"] == "erik@example.org"
    assert received["Subject"] == "Indkaldelse: Udsatterådet Nordby 12. marts 2027"
    assert received["Reply-To"] == "raadet@nordby.dk"
    assert received["Auto-Submitted"] == "auto-generated"
    assert "Du er indkaldt til møde." in received.get_body(("plain",)).get_content()
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "bilag.txt"
    assert attachment.get_content().strip() == "Hej fra bilaget"
    assert len(test_builder) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 1, "")
    assert message.sent_at is not None and message.send_after is None
    assert AuditEvent.objects.filter(action="notifications.message.sent", object_id=str(message.pk)).exists()


def test_a_stopped_smtp_server_fails_the_message_and_it_is_retried_after_backoff(council, people, smtp_server,
                                                                              test_builder):
    message = enqueue(council, people["email"], attachments=[TEXT_ATTACHMENT])
    smtp_server.stop()
    now = timezone.now()

    counts = services.outbox_send_pending(now=now)

    assert counts["failed"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 1
    assert "Connection refused" in message.last_error or "ConnectionRefusedError" in message.last_error
    assert message.send_after == now + dt.timedelta(seconds=60)

    smtp_server.start()
    assert services.outbox_send_pending(now=now + dt.timedelta(seconds=30))["claimed"] == 0  # not due yet
    assert smtp_server.messages() == []

    counts = services.outbox_send_pending(now=now + dt.timedelta(seconds=61))

    assert counts["sent"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["erik@example.org"]


def test_backoff_doubles_and_is_capped(settings):
    settings.STEMME_OUTBOX_BACKOFF_SECONDS = 60
    settings.STEMME_OUTBOX_BACKOFF_MAX_SECONDS = 600
    assert [services.retry_delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_gives_up_after_the_maximum_attempts(council, people, smtp_server, settings):
    settings.STEMME_OUTBOX_MAX_ATTEMPTS = 3
    message = enqueue(council, people["email"])
    smtp_server.stop()
    now = timezone.now()

    statuses = []
    for hour in range(3):
        services.outbox_send_pending(now=now + dt.timedelta(hours=hour))
        message.refresh_from_db()
        statuses.append((message.status, message.attempts))

    assert statuses == [(OutboxStatus.FAILED, 1), (OutboxStatus.FAILED, 2), (OutboxStatus.GAVE_UP, 3)]
    assert message.send_after is None
    assert services.outbox_send_pending(now=now + dt.timedelta(days=30))["claimed"] == 0  # never again by itself
    assert AuditEvent.objects.filter(action="notifications.message.gave_up").count() == 1


def test_an_attachment_that_cannot_be_built_fails_the_message_loudly(council, people, test_builder):
    message = enqueue(council, people["email"], attachments=[
        {"builder": "meetings.agenda_pdf", "meeting_id": 999999, "name": "dagsorden.pdf"}])
    unknown = enqueue(council, people["email"], attachments=[{"builder": "ingen.saadan", "name": "x.pdf"}])

    assert services.outbox_send_pending()["failed"] == 2

    message.refresh_from_db()
    unknown.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert "Bilaget 'dagsorden.pdf' kunne ikke dannes" in message.last_error
    assert "Ukendt type bilag: 'ingen.saadan'" in unknown.last_error
    assert mail.outbox == []


def test_a_claimed_message_is_hidden_from_a_second_worker_until_its_lease_runs_out(council, people, settings):
    settings.STEMME_OUTBOX_LEASE_SECONDS = 300
    message = enqueue(council, people["email"])
    now = timezone.now()

    first = services._claim(now=now, limit=10)
    second = services._claim(now=now, limit=10)
    after_lease = services._claim(now=now + dt.timedelta(seconds=301), limit=10)

    assert [m.pk for m in first] == [message.pk]
    assert second == []
    assert [m.pk for m in after_lease] == [message.pk]  # a worker that died mid-send is covered


def test_limit_sends_the_oldest_first(council, people):
    first = enqueue(council, people["email"], subject="Først")
    enqueue(council, people["email"], subject="Bagefter")

    assert services.outbox_send_pending(limit=1)["sent"] == 1
    assert [m.subject for m in mail.outbox] == ["Først"]
    first.refresh_from_db()
    assert first.status == OutboxStatus.SENT


# --- The secretariat's actions -------------------------------------------------------------------

def test_mark_done_for_manual_messages_only_once(council, people, secretary):
    letter = enqueue(council, people["letter"], channel="letter")

    services.outbox_mark_done(message=letter, actor=secretary)

    letter.refresh_from_db()
    assert letter.status == OutboxStatus.DONE_MANUALLY and letter.sent_at is not None
    with pytest.raises(ApplicationError, match="allerede sendt"):
        services.outbox_mark_done(message=letter, actor=secretary)
    assert AuditEvent.objects.filter(action="notifications.message.done_manually", actor=secretary).count() == 1


def test_mark_many_done_skips_other_councils_and_sent_messages(council, other_council, people, secretary):
    letters = [enqueue(council, people["letter"], channel="letter") for _ in range(2)]
    stranger = council_services.person_save(council=other_council, name="Fremmed", address="Vej 1",
                                            preferred_channel="letter")
    foreign = enqueue(other_council, stranger, channel="letter")
    sent = enqueue(council, people["email"])
    services.outbox_send_pending()

    done = services.outbox_mark_many_done(council=council, ids=[m.pk for m in letters] + [foreign.pk, sent.pk],
                                          actor=secretary)

    assert done == 2
    foreign.refresh_from_db()
    assert foreign.status == OutboxStatus.MANUAL


def test_retry_only_failed_or_given_up_messages_with_fresh_attempts(council, people, secretary, smtp_server):
    message = enqueue(council, people["email"])
    with pytest.raises(ApplicationError, match="ikke kunne sendes"):
        services.outbox_retry(message=message, actor=secretary)

    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.GAVE_UP, attempts=8,
                                                        last_error="SMTPServerDisconnected")
    services.outbox_retry(message=message, actor=secretary)

    message.refresh_from_db()
    assert (message.status, message.attempts, message.send_after) == (OutboxStatus.PENDING, 0, None)
    assert services.outbox_send_pending()["sent"] == 1
    assert len(smtp_server.wait_for(1)) == 1
